"""Citation fields in the RDF: each source's author, editor, URL, dates and revision, and each
cited work's title and author, with standard terms — present when the metadata records them,
absent otherwise (never invented), and checked by the SHACL shapes."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.errors import DataErrors
from hengyang_kg.namespaces import BIBO, DCTERMS, HKG, SCHEMA, XSD, prefixes
from hengyang_kg.rdf.build import build_dataset
from hengyang_kg.rdf.shacl import check_dataset
from hengyang_kg.reconcile import reconcile

from .conftest import BASE, PROJECT, ROOT

MINI = "900_0123456789abcdef"
FIELDS = {"creator": DCTERMS + "creator", "editor": BIBO + "editor", "issued": DCTERMS + "issued",
          "retrieved": HKG + "retrieved", "version": SCHEMA + "version", "url": DCTERMS + "source"}


def _described(store: ox.Store, node: str, graph: str) -> dict[str, list]:
    rows = store.query(f"SELECT ?p ?o WHERE {{ GRAPH <{BASE}graph/{graph}> {{ <{node}> ?p ?o }} }}")
    got: dict[str, list] = {}
    for r in rows:
        got.setdefault(r["p"].value, []).append(r["o"])
    return got


def _build(root: Path):
    corpus = load_corpus(root)
    quads = build_dataset(corpus, BASE, reconcile(corpus))
    return corpus, quads


def test_a_sources_recorded_citation_fields_are_typed_triples(mini_root):
    meta = mini_root / "data" / "sources" / f"{MINI}.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "author: 王某\neditor: 李某\ndate: 1995-07\n"
                    "retrieved: 2024-05-01\nrevision: '82731190'\nurl: https://example.org/text\n", encoding="utf-8")
    corpus, store = _build(mini_root)
    got = _described(store, f"{BASE}source/{MINI}", "provenance")
    assert [o.value for o in got[FIELDS["creator"]]] == ["王某"]
    assert [o.value for o in got[FIELDS["editor"]]] == ["李某"]
    (issued,), (retrieved,) = got[FIELDS["issued"]], got[FIELDS["retrieved"]]
    assert (issued.value, issued.datatype.value) == ("1995-07", XSD + "gYearMonth")
    assert (retrieved.value, retrieved.datatype.value) == ("2024-05-01", XSD + "date")
    assert [o.value for o in got[FIELDS["version"]]] == ["82731190"]
    assert got[FIELDS["url"]] == [ox.NamedNode("https://example.org/text")]
    assert check_dataset(list(store), BASE) == []


def test_unknown_citation_fields_are_absent(mini_root):
    _, store = _build(mini_root)
    got = _described(store, f"{BASE}source/{MINI}", "provenance")
    assert not set(FIELDS.values()) & set(got)  # the fixture records none of them


@pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")
def test_cited_works_have_their_title_and_known_author(store, corpus):
    works = [e for e in corpus.entities.values() if e.type == "Work"]
    assert works
    for w in works:
        got = _described(store, f"{BASE}entity/{w.id}", "entities")
        assert [o.value for o in got[DCTERMS + "title"]] == [w.labels.zh_Hans]
        if w.author:
            assert got[DCTERMS + "creator"] == [ox.NamedNode(f"{BASE}entity/{w.author}")]
        else:
            assert DCTERMS + "creator" not in got
    diary = _described(store, f"{BASE}entity/chiang_kai_shek_diary", "entities")
    assert diary[DCTERMS + "creator"] == [ox.NamedNode(f"{BASE}entity/chiang_kai_shek")]
    # the work only 'probably' by Itō Masanori has no author
    assert DCTERMS + "creator" not in _described(store, f"{BASE}entity/nihon_teikoku_rikugun_saigo", "entities")
    wiki = _described(store, f"{BASE}source/002_981075a887861ca6", "provenance")
    assert wiki[DCTERMS + "source"] == [ox.NamedNode("https://zh.wikipedia.org/wiki/衡阳保卫战")]
    rows = list(store.query("SELECT ?w ?t WHERE { ?w a hkg:Work ; dcterms:title ?t }", prefixes=prefixes(BASE),
                        use_default_graph_as_union=True))
    assert len(rows) == len(works)


def test_a_work_author_must_be_an_entity(mini_root):
    reg = mini_root / "data" / "entities.yaml"
    text = reg.read_text(encoding="utf-8")
    reg.write_text(text.replace("- id: japanese_war_history\n  type: Work\n",
                                "- id: japanese_war_history\n  type: Work\n  author: fang_xianjeu\n"), encoding="utf-8")
    with pytest.raises(DataErrors) as exc:
        load_corpus(mini_root)
    msg = str(exc.value)
    assert "entities.yaml" in msg and "author 'fang_xianjeu' is not an entity" in msg and "fang_xianjue" in msg
