"""The on-disk store: ``build`` writes it into the output set, ``query`` and ``serve`` open it
read-only; it answers as the exports do, and a stale or changed store is refused."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pyoxigraph as ox
import pytest

from hengyang_kg.cli import main
from hengyang_kg.datasets import open_opened
from hengyang_kg.sparql.cookbook import QUERIES_DIR, recipes
from hengyang_kg.sparql.query import run

from .conftest import BASE, PROJECT

CLAIMS = "data/claims/900_0123456789abcdef.yaml"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The bundled corpus built by the command line, into a set of its own."""
    root = tmp_path_factory.mktemp("store") / "project"
    root.mkdir()
    shutil.copytree(PROJECT / "data", root / "data")
    assert main(["--quiet", "--root", str(root), "build", "--out", str(root / "out"), "--base", BASE]) == 0
    return root


def _rows(store: ox.Store, text: str) -> list:
    """A query's rows as a sorted list; a GROUP_CONCAT's parts sorted (their order follows
    the store's iteration order, which the query leaves open)."""
    got = json.loads(run(store, text, BASE, "json").body)
    if "boolean" in got:
        return [got["boolean"]]
    rows = [{k: {**v, "value": " ".join(sorted(v["value"].split(" ")))} for k, v in r.items()}
            for r in got["results"]["bindings"]]
    return sorted(json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows)


def test_build_lists_the_store_in_the_manifest(built):
    out = built / "out"
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    files = manifest["parts"]["dataset"]["files"]
    assert {"store", "store.json", "hengyang.nq"} <= set(files)
    index = json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert index["build"] == manifest["build"]
    assert index["files"] == {p.name: p.stat().st_size for p in (out / "store").iterdir() if p.is_file()}


def test_the_store_answers_as_the_exports(built):
    opened, _base = open_opened(built, built / "out" / "hengyang.nq", BASE)
    assert opened.path.endswith("/store") and opened.quads > 0
    exported = ox.Store()
    exported.bulk_load(path=str(built / "out" / "hengyang.nq"), format=ox.RdfFormat.N_QUADS)
    assert len(opened.store) == len(exported) == opened.quads
    assert set(opened.store) == set(exported)
    for recipe in recipes():
        assert _rows(opened.store, recipe.text) == _rows(exported, recipe.text), recipe.name


def test_the_store_is_read_only(built):
    before = {p.name: p.stat().st_mtime_ns for p in (built / "out" / "store").iterdir()}
    opened, _base = open_opened(built, built / "out" / "hengyang.nq", BASE)
    with pytest.raises((OSError, RuntimeError), match="read-write|read-only"):
        opened.store.add(ox.Quad(ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p"),
                                 ox.Literal("x")))
    assert {p.name: p.stat().st_mtime_ns for p in (built / "out" / "store").iterdir()} == before


def test_a_stale_or_changed_store_is_refused(mini_root, capsys):
    out = mini_root / "out"
    args = ["--root", str(mini_root), "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv",
            "--dataset", str(out / "hengyang.nq")]
    assert main(["--root", str(mini_root), "build", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(args) == 0
    first = capsys.readouterr().out
    claims = mini_root / CLAIMS
    claims.write_text(claims.read_text(encoding="utf-8").replace("47天\n", "47天 \n"), encoding="utf-8")
    assert main(args) == 1
    assert f"{out}/hengyang.nq is stale: {CLAIMS} changed" in capsys.readouterr().err
    assert main([*args, "--rebuild"]) == 0
    assert capsys.readouterr().out == first
    index = json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert index["build"] == json.loads((out / "manifest.json").read_text(encoding="utf-8"))["build"]
    # a changed table file, a file removed, an index edited by hand: each refused
    table = max((out / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
    data = table.read_bytes()
    table.write_bytes(data + b"\0")
    assert main(args) == 1
    assert "store was changed after it was written" in capsys.readouterr().err
    table.write_bytes(data)
    assert main(args) == 0
    capsys.readouterr()
    (out / "store.json").write_text(json.dumps({**index, "quads": 1}), encoding="utf-8")
    assert main(args) == 1
    assert "store.json was changed after it was written" in capsys.readouterr().err


def test_a_set_without_a_store_is_loaded_from_its_export(mini_root, capsys):
    """A set written before the store existed still answers, and says how to get a store."""
    from hengyang_kg.datasets import input_hashes, inputs_of, write
    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.rdf.build import dataset_quads
    from hengyang_kg.rdf.serialise import serialise_all
    from hengyang_kg.reconcile import reconcile

    out = mini_root / "old"
    corpus = load_corpus(mini_root)
    files = serialise_all(dataset_quads(corpus, BASE, reconcile(corpus)), BASE)
    write(out, "dataset", dict(files), inputs_of(input_hashes(mini_root), corpus, BASE), False)
    args = ["--root", str(mini_root), "query", "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "--format", "csv",
            "--dataset", str(out / "hengyang.nq")]
    assert main(args) == 0
    got = capsys.readouterr()
    assert "has no on-disk store" in got.err and f"'hengyang-kg build --out {out}'" in got.err
    assert int(got.out.split()[1]) > 0
    assert main(["--root", str(mini_root), "build", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(args) == 0
    again = capsys.readouterr()
    assert again.out == got.out and "no on-disk store" not in again.err


def _descendants(pid: int) -> list[int]:
    """Children, grandchildren …: query workers are started by the forkserver, a child."""
    out = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (int(x) for x in (task / "children").read_text().split()):
            out += [child, *_descendants(child)]
    return out


def _open_files(pid: int) -> set[str]:
    got = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            got.add(os.readlink(fd))
        except OSError:
            continue
    return got


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="needs Linux /proc")
def test_serve_opens_the_store_and_keeps_it_while_the_set_is_replaced(built):
    out = built / "out"
    proc = subprocess.Popen([sys.executable, "-m", "hengyang_kg.cli", "--root", str(built), "serve", "--port", "0",
                             "--dataset", str(out / "hengyang.nq"), "--workers", "1"],
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "HENGYANG_KG_BASE": BASE})
    said: list[str] = []
    try:
        line = proc.stderr.readline()
        assert line.startswith("serving http://127.0.0.1:"), line
        # keep reading what the server says, so a full pipe can never block it
        drain = threading.Thread(target=lambda: said.extend(proc.stderr), daemon=True)
        drain.start()
        url = line.split()[1].rstrip("/")
        snapshots = list(built.glob(".out.reader-*"))
        assert len(snapshots) == 1
        snap = snapshots[0]
        for f in snap.iterdir():  # hard links of the set's files, not copies
            assert f.stat().st_ino == (out / "store" / f.name).stat().st_ino
        workers = [c for c in _descendants(proc.pid) if any(p.startswith(str(snap)) for p in _open_files(c))]
        assert workers, "no query worker has the store open"
        query = (QUERIES_DIR / "07_shared_text.rq").read_text(encoding="utf-8")
        req = urllib.request.Request(f"{url}/sparql?" + urllib.parse.urlencode({"query": query}),
                                     headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=60) as resp:
            first = json.loads(resp.read())
        assert first["results"]["bindings"][0]["characters"]["value"] == "778"
        # a new build replaces the set (and removes the old one): the server keeps answering
        assert main(["--quiet", "--root", str(built), "build", "--out", str(out), "--base", BASE]) == 0
        with urllib.request.urlopen(req, timeout=60) as resp:
            assert json.loads(resp.read()) == first
    finally:
        proc.send_signal(signal.SIGTERM)  # how a service manager stops it; Ctrl-C is the same path
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError("serve did not stop within 60 s of SIGTERM; it said:\n" + "".join(said[-40:]))
    deadline = time.monotonic() + 10
    while list(built.glob(".out.reader-*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(built.glob(".out.reader-*"))


def _store_quads(out: Path) -> set:
    return set(ox.Store.read_only(str(out / "store")))


def _nq_quads(out: Path) -> set:
    return set(ox.parse(path=str(out / "hengyang.nq"), format=ox.RdfFormat.N_QUADS))


def test_a_build_updates_the_previous_sets_store(mini_root, tmp_path):
    """The store of a rebuild is the previous one (table files hard-linked) updated by the
    quads that changed; it holds exactly the new export's quads, as a fresh store does."""
    out = mini_root / "out"
    assert main(["--quiet", "--root", str(mini_root), "build", "--out", str(out)]) == 0
    first = json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert "updated_from" not in first
    claims = mini_root / CLAIMS
    text = claims.read_text(encoding="utf-8")
    at = text.index("- id: ")
    at = text.index("\n", at) + 1
    claims.write_text(text[:at] + '  note: "checked again"\n' + text[at:], encoding="utf-8")
    assert main(["--quiet", "--root", str(mini_root), "build", "--out", str(out)]) == 0
    second = json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert second["updated_from"] == first["build"] != second["build"]
    assert _store_quads(out) == _nq_quads(out)
    assert any(q.object == ox.Literal("checked again", language="en") for q in _store_quads(out))
    assert main(["--quiet", "--root", str(mini_root), "build", "--out", str(tmp_path / "fresh")]) == 0
    assert "updated_from" not in json.loads((tmp_path / "fresh" / "store.json").read_text(encoding="utf-8"))
    assert (tmp_path / "fresh" / "hengyang.nq").read_bytes() == (out / "hengyang.nq").read_bytes()
    assert _store_quads(tmp_path / "fresh") == _store_quads(out)
    # a previous store changed by hand is not updated: the new one is loaded afresh
    table = max((out / "store").glob("*.sst"), key=lambda p: p.stat().st_size)
    table.write_bytes(table.read_bytes() + b"\0")
    claims.write_text(text, encoding="utf-8")
    assert main(["--quiet", "--root", str(mini_root), "build", "--out", str(out), "--allow-shrink"]) == 0
    assert "updated_from" not in json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert _store_quads(out) == _nq_quads(out)


def test_two_builds_of_the_same_inputs_write_the_same_manifest(mini_root, tmp_path):
    """The manifest is byte-identical whether the store was loaded afresh or updated from a
    previous one (RocksDB's file names and sizes are only in store.json, under its seal),
    and it still records the store: the N-Quads export it holds."""
    out, fresh = mini_root / "out", tmp_path / "fresh"
    args = ["--quiet", "--root", str(mini_root), "build"]
    assert main([*args, "--out", str(out)]) == 0
    assert main([*args, "--out", str(fresh)]) == 0
    first = (out / "manifest.json").read_bytes()
    assert first == (fresh / "manifest.json").read_bytes()
    claims = mini_root / CLAIMS
    text = claims.read_text(encoding="utf-8")
    at = text.index("\n", text.index("- id: ")) + 1
    claims.write_text(text[:at] + '  note: "checked again"\n' + text[at:], encoding="utf-8")
    assert main([*args, "--out", str(out)]) == 0
    assert (out / "manifest.json").read_bytes() != first
    claims.write_text(text, encoding="utf-8")
    assert main([*args, "--out", str(out)]) == 0
    index = json.loads((out / "store.json").read_text(encoding="utf-8"))
    assert "updated_from" in index and index["files"] != json.loads((fresh / "store.json").read_bytes())["files"]
    assert (out / "manifest.json").read_bytes() == first
    files = json.loads(first)["parts"]["dataset"]["files"]
    assert files["store"] == files["hengyang.nq"] == index["nquads"]
