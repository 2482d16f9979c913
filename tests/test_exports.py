"""Exports: parsed back by rdflib and pyoxigraph they equal the built dataset, graph by graph."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from pyld import jsonld
from rdflib.compare import isomorphic

from hengyang_kg.rdf.serialise import EXPORTS, jsonld_context
from hengyang_kg.rdf.shacl import as_rdflib, graphs_of
from hengyang_kg.rdf.union_graph import dataset_from_union

from .conftest import BASE, PROJECT, ROOT

FORMATS = {"hengyang.trig": ("trig", ox.RdfFormat.TRIG), "hengyang.nq": ("nquads", ox.RdfFormat.N_QUADS)}


def _by_graph(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    return graphs_of(ds)


def _assert_same_graphs(expected: dict[str, rdflib.Graph], got: dict[str, rdflib.Graph]):
    assert sorted(expected) == sorted(got)
    for name in expected:
        assert isomorphic(expected[name], got[name]), name


@pytest.fixture(scope="module")
def built(quads):
    return _by_graph(as_rdflib(quads))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_rdflib_reads_back_the_same_dataset(exports, built, name):
    ds = rdflib.Dataset()
    ds.parse(exports[name], format=FORMATS[name][0])
    _assert_same_graphs(built, _by_graph(ds))


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_pyoxigraph_reads_back_the_same_dataset(exports, quads, name):
    parsed = list(ox.parse(path=str(exports[name]), format=FORMATS[name][1]))
    assert set(parsed) == set(quads)


def test_every_claim_is_a_named_graph(exports, corpus, built):
    claim_graphs = {n for n in built if n.startswith(BASE + "claim/")}
    assert claim_graphs == {BASE + "claim/" + c.claim.id for c in corpus.claims}
    assert all(len(built[n]) == 1 for n in claim_graphs)


def test_turtle_is_the_union_and_lossless(exports, built):
    g = rdflib.Graph().parse(exports["hengyang.ttl"], format="turtle")
    union = rdflib.Graph()
    for graph in built.values():
        for t in graph:
            union.add(t)
    assert isomorphic(g, union)
    # and the named graphs come back from the reification alone
    rebuilt = dataset_from_union(list(ox.parse(path=str(exports["hengyang.ttl"]), format=ox.RdfFormat.TURTLE)), BASE)
    _assert_same_graphs(built, _by_graph(as_rdflib(rebuilt)))


def test_jsonld_named_graphs_read_by_rdflib_and_pyld_agree(exports, built):
    ds = rdflib.Dataset()
    ds.parse(exports["hengyang.jsonld"], format="json-ld")
    by_rdflib = _by_graph(ds)
    _assert_same_graphs(built, by_rdflib)
    doc = json.loads(exports["hengyang.jsonld"].read_text(encoding="utf-8"))
    nq = jsonld.to_rdf(jsonld.expand(doc), {"format": "application/n-quads"})
    via_pyld = rdflib.Dataset()
    via_pyld.parse(data=nq, format="nquads")
    _assert_same_graphs(by_rdflib, _by_graph(via_pyld))


def test_jsonld_uses_the_project_context(exports):
    doc = json.loads(exports["hengyang.jsonld"].read_text(encoding="utf-8"))
    committed = json.loads((PROJECT / "hengyang_kg" / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"] == committed["@context"] == jsonld_context(BASE)["@context"]
    first = doc["@graph"][0]
    assert first["@id"].startswith(("claim:", "graph:"))  # compact IRIs
    assert _compacted_id(first, doc["@context"], committed) == first["@id"]


def _compacted_id(node: dict, context: dict, committed: dict) -> str | None:
    """The ``@id`` of ``node`` after expansion and compaction with the committed context (None when it has none)."""
    compacted = jsonld.compact(jsonld.expand({"@context": context, "@graph": [node]}), committed)
    return compacted.get("@id")


def test_the_context_check_fails_without_an_id(exports):
    """The round trip above is an assertion that can fail: a node without ``@id`` has no id after it."""
    doc = json.loads(exports["hengyang.jsonld"].read_text(encoding="utf-8"))
    committed = {"@context": doc["@context"]}
    node = {k: v for k, v in doc["@graph"][0].items() if k != "@id"}
    assert _compacted_id(node, doc["@context"], committed) is None


@pytest.mark.system
@pytest.mark.parametrize("name, syntax", [("hengyang.ttl", "turtle"), ("hengyang.trig", "trig"),
                                          ("hengyang.nq", "nquads")])
def test_rapper_accepts_the_exports(exports, name, syntax):
    rapper = shutil.which("rapper")
    assert rapper, "rapper (Debian raptor2-utils) is missing: run scripts/setup-system.sh"
    proc = subprocess.run([rapper, "-q", "-i", syntax, "-c", str(exports[name])], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


def _build_in_subprocess(out: Path) -> dict[str, str]:
    subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--root", str(ROOT), "build", "--out", str(out)],
                   check=True, capture_output=True)
    return {n: hashlib.sha256((out / n).read_bytes()).hexdigest() for n in EXPORTS}


def test_builds_are_byte_identical(tmp_path):
    assert _build_in_subprocess(tmp_path / "a") == _build_in_subprocess(tmp_path / "b")


def test_build_writes_the_five_exports_and_the_store(tmp_path):
    from hengyang_kg.cli import main

    assert main(["--root", str(ROOT), "build", "--out", str(tmp_path)]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*EXPORTS, "manifest.json", "store", "store.json"])


GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("name", EXPORTS)
def test_golden_exports_of_the_fixture_corpus(name, update_golden):
    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.rdf.build import dataset_quads
    from hengyang_kg.rdf.serialise import serialise_all
    from hengyang_kg.reconcile import reconcile

    from .conftest import FIXTURES

    mini = load_corpus(FIXTURES / "mini")
    got = serialise_all(dataset_quads(mini, BASE, reconcile(mini)), BASE)[name]
    golden = GOLDEN / f"mini.{name}"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(got)
    assert got == golden.read_bytes(), f"{name} changed; if intended, run pytest --update-golden and review the diff"


@settings(max_examples=15, deadline=None)
@given(st.randoms(use_true_random=False))
def test_exports_do_not_depend_on_file_order(tmp_path_factory, random):
    import yaml

    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.rdf.build import dataset_quads
    from hengyang_kg.rdf.serialise import serialise_all

    from .conftest import FIXTURES

    root = tmp_path_factory.mktemp("shuffled")
    shutil.copytree(FIXTURES / "mini", root, dirs_exist_ok=True)
    claims_path = next((root / "data" / "claims").glob("*.yaml"))
    doc = yaml.safe_load(claims_path.read_text(encoding="utf-8"))
    random.shuffle(doc["claims"])
    claims_path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    ents_path = root / "data" / "entities.yaml"
    ents = yaml.safe_load(ents_path.read_text(encoding="utf-8"))
    random.shuffle(ents)
    ents_path.write_text(yaml.safe_dump(ents, allow_unicode=True, sort_keys=False), encoding="utf-8")
    from hengyang_kg.reconcile import reconcile

    a, b = load_corpus(root), load_corpus(FIXTURES / "mini")
    shuffled = serialise_all(dataset_quads(a, BASE, reconcile(a)), BASE)
    original = serialise_all(dataset_quads(b, BASE, reconcile(b)), BASE)
    assert shuffled == original
