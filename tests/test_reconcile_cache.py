"""Reconciliation and the report with the cache after random edits equal the same without it:
text reuse, each fact's positions, each fact's parts of the report and each page are taken
from the cache only when their inputs are unchanged, so a warm reconciliation is exactly a
cold one and a report joined from cached parts is byte for byte a full one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.errors import DataErrors
from hengyang_kg.reconcile import reconcile
from hengyang_kg.reconcile.types import Reconciliation
from hengyang_kg.report.writer import report_files

from .conftest import BASE
from .test_load_cache import EDITS, assert_warm_equals_cold, edit_project


@pytest.fixture(scope="module")
def synth_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("recon-cache") / "base"
    subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "synth", "--claims", "240", "--sources", "6",
                    "--seed", "5", "--out", str(root)], check=True, capture_output=True)
    return root


@contextmanager
def _cache(where: str) -> Iterator[None]:
    old = os.environ.get("HENGYANG_KG_CACHE")
    os.environ["HENGYANG_KG_CACHE"] = where
    try:
        yield
    finally:
        if old is None:
            del os.environ["HENGYANG_KG_CACHE"]
        else:
            os.environ["HENGYANG_KG_CACHE"] = old


def _reconciled(root: Path, cache: str) -> tuple[Reconciliation, dict[str, bytes]] | None:
    """The reconciliation and every report file (the pages too), made with the cache or without."""
    with _cache(cache):
        try:
            corpus = load_corpus(root)
        except DataErrors:
            return None
        recon = reconcile(corpus)
        files = report_files(recon, corpus, BASE, "b")
        out: dict[str, bytes] = {}
        with tempfile.TemporaryDirectory() as tmp:
            for name, made in files.items():
                if isinstance(made, bytes):
                    out[name] = made
                    continue
                made(Path(tmp) / name)
                if (Path(tmp) / name).is_file():
                    out[name] = (Path(tmp) / name).read_bytes()
                    continue
                out.update((f"{name}/{p.name}", p.read_bytes()) for p in sorted((Path(tmp) / name).iterdir()))
    return recon, out


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 1000)), min_size=1, max_size=5))
@example([("rename_claim", 0), ("copy_claim", 1), ("delete_claim", 2)])
@example([("shift_text", 1), ("add_source", 2), ("remove_entity", 0)])
# inputs a part's or page's key must hold: a claim's note and quote, a claim moved to another fact (which may
# change its status), a source's title, a subject's label
@example([("add_note", 0), ("shorten_quote", 1), ("move_claim", 2), ("move_claim", 5)])
@example([("retitle_source", 1), ("relabel_subject", 2), ("relabel_subject", 7)])
@example([("alias_subject", 2), ("alias_subject", 9), ("move_claim", 4)])  # an alias changes the entity's pages
def test_a_warm_reconciliation_equals_a_cold_one(synth_root, tmp_path_factory, edits):
    assert_warm_equals_cold(synth_root, tmp_path_factory, edits, _reconciled)

def test_after_one_claims_file_changes_only_its_facts_are_reconciled_again(synth_root, tmp_path, monkeypatch):
    from hengyang_kg.reconcile import incremental

    root = tmp_path / "p"
    shutil.copytree(synth_root / "data", root / "data")
    monkeypatch.setenv("HENGYANG_KG_CACHE", str(tmp_path / "cache"))
    made: list[int] = []
    put = incremental.Positions.put
    monkeypatch.setattr(incremental.Positions, "put", lambda self, *a: (made.append(1), put(self, *a))[1])
    corpus = load_corpus(root)
    first = reconcile(corpus)
    assert len(made) == len(first.facts)
    made.clear()
    assert reconcile(load_corpus(root)) == first and not made
    edit_project(root, "rename_claim", 3)
    edited = load_corpus(root)
    changed = {s for s, k in edited.claims_keys.items() if corpus.claims_keys.get(s) != k}
    again = reconcile(edited)
    touched = [f for f in again.facts if any(c.source in changed for c in f.claims)]
    assert len(changed) == 1 and 0 < len(made) == len(touched) < len(again.facts)
    with _cache("off"):
        assert again == reconcile(load_corpus(root))


def test_entries_are_found_by_a_process_under_another_hash_seed(synth_root, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(synth_root / "data", root / "data")
    cache = tmp_path / "cache"

    def report(seed: str) -> set[str]:
        subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "--root", str(root), "report", "--out",
                        str(tmp_path / f"out-{seed}")], check=True, capture_output=True,
                       env={**os.environ, "HENGYANG_KG_CACHE": str(cache), "PYTHONHASHSEED": seed})
        return {p.relative_to(cache).as_posix() for p in cache.rglob("*") if p.is_file()}

    first = report("1")
    assert first and report("2") == first


def test_the_manifest_hashes_the_pages_as_written(synth_root, tmp_path):
    """The page folders' hashes come from the pages' kept hashes, not from reading them again: they
    equal the folders' hashes, cold, warm, and after an edit."""
    import json

    from hengyang_kg.outputs import sha256_tree

    root = tmp_path / "p"
    shutil.copytree(synth_root / "data", root / "data")
    out = tmp_path / "out"
    for step in ("cold", "warm", "edited"):
        if step == "edited":
            edit_project(root, "add_note", 1)
        subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "--root", str(root), "report", "--out",
                        str(out)], check=True, capture_output=True,
                       env={**os.environ, "HENGYANG_KG_CACHE": str(tmp_path / "cache")})
        files = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["parts"]["report"]["files"]
        assert {n: sha256_tree(out / n) for n in files} == files, step


def test_an_unreadable_compiled_template_is_compiled_again(synth_root, tmp_path):
    """The templates' compiled entries in the cache (Jinja2's bytecode cache): a damaged one costs time,
    never the report."""
    from jinja2.bccache import bc_magic

    root = tmp_path / "p"
    shutil.copytree(synth_root / "data", root / "data")
    cache = tmp_path / "cache"

    def report(out: str) -> bytes:
        subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "--root", str(root), "report", "--out",
                        str(tmp_path / out)], check=True, capture_output=True,
                       env={**os.environ, "HENGYANG_KG_CACHE": str(cache)})
        return (tmp_path / out / "conflicts.html").read_bytes()

    first = report("cold")
    compiled = list((cache / "report" / "templates").iterdir())
    assert compiled
    for path in compiled:
        path.write_bytes(bc_magic + b"not a compiled template")
    assert report("damaged") == first
