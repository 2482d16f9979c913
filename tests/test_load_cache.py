"""The cache of loaded claims files never gives a stale result: after any sequence of edits
(claims changed, added, deleted; sources added, changed, deleted; entities added and
removed), loading with the cache gives exactly what loading without it gives, errors
included, and builds and reports are byte-identical (the on-disk store, updated from the
previous build's, holds the quads of a fresh one)."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hengyang_kg.curation import load_cache
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.errors import DataErrors

from .conftest import BASE

EDITS = ["rename_claim", "delete_claim", "copy_claim", "duplicate_id", "shift_text", "add_source",
         "delete_source", "add_entity", "remove_entity", "break_quote", "add_note", "shorten_quote",
         "move_claim", "retitle_source", "relabel_subject", "alias_subject", "break_entity", "break_metadata"]
CLAIM_EDITS = ("rename_claim", "delete_claim", "copy_claim", "duplicate_id", "break_quote", "add_note",
               "shorten_quote", "move_claim", "relabel_subject", "alias_subject", "break_entity")


@pytest.fixture(scope="module")
def synth_root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cache") / "base"
    subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "synth", "--claims", "240", "--sources", "6",
                    "--seed", "3", "--out", str(root)], check=True, capture_output=True)
    return root


def _blocks(text: str) -> list[tuple[int, int]]:
    """Line spans of the claims in a claims file (each starts with '- id:')."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.startswith("- id: ")]
    end_of_claims = next((i for i, line in enumerate(lines) if line.startswith("out_of_scope:")), len(lines))
    return [(a, b) for a, b in zip(starts, [*starts[1:], end_of_claims])]


def edit_project(root: Path, op: str, pick: int) -> None:
    data = root / "data"
    files = sorted((data / "claims").glob("*.yaml"))
    if not files:
        return
    path = files[pick % len(files)]
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    blocks = _blocks(text)
    if op in CLAIM_EDITS and not blocks:
        return
    a, b = blocks[pick % len(blocks)] if blocks else (0, 0)
    if op in ("add_note", "shorten_quote", "move_claim", "relabel_subject", "alias_subject", "break_entity"):
        _edit_claim(data, lines, a, b, op, [lines[x:y] for x, y in blocks])
    elif op == "rename_claim":
        lines[a] = lines[a].rstrip("\n") + "r\n"
    elif op == "delete_claim":
        del lines[a:b]
    elif op == "copy_claim":
        lines[b:b] = [lines[a].rstrip("\n") + "c\n", *lines[a + 1:b]]
    elif op == "duplicate_id":  # an id of another file: an error the cache must not hide, whichever file is cached
        other = files[(pick + 1) % len(files)]
        taken = next((x for x in other.read_text(encoding="utf-8").splitlines(keepends=True) if x.startswith("- id: ")),
                     None)
        if taken is not None:
            lines[a] = taken
    elif op == "break_quote":
        lines[a + 1:b] = [re.sub(r'^(  quote: ")', r"\1不在原文", x) for x in lines[a + 1:b]]
    elif op in ("shift_text", "add_source", "delete_source", "retitle_source", "break_metadata"):
        sid = path.stem
        txt, meta = data / "sources" / f"{sid}.txt", data / "sources" / f"{sid}.yaml"
        if not txt.exists():
            return
        if op == "break_metadata":  # an error in the metadata (its line): a wrong hash, or an id not the file's
            wrong = (r'sha256: "[0-9a-f]+"', 'sha256: "' + "0" * 64 + '"') if pick % 2 else (r"^id: .*$", "id: other")
            meta.write_text(re.sub(*wrong, meta.read_text(encoding="utf-8"), flags=re.MULTILINE), encoding="utf-8")
            return
        if op == "retitle_source":  # metadata only: the pages, the Markdown and the picture show it
            meta.write_text(re.sub(r'^(title(?:_en)?: ".*)"$', r'\1 (rev.)"', meta.read_text(encoding="utf-8"),
                                   flags=re.MULTILINE), encoding="utf-8")
            return
        if op == "delete_source":
            for p in (txt, meta, path):
                p.unlink()
            return
        if op == "add_source":
            new = f"{int(sid[:3]) + 500:03d}{sid[3:]}"
            shutil.copy(txt, data / "sources" / f"{new}.txt")
            (data / "sources" / f"{new}.yaml").write_text(meta.read_text(encoding="utf-8").replace(sid, new),
                                                         encoding="utf-8")
            (data / "claims" / f"{new}.yaml").write_text(
                re.sub(r"(- id: c)\d+", r"\g<1>9", text).replace(sid, new), encoding="utf-8")
            return
        body = "新增的一行文字。\n" + txt.read_text(encoding="utf-8")  # every offset moves
        txt.write_text(body, encoding="utf-8")
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()
        meta.write_text(re.sub(r'sha256: "[0-9a-f]+"', f'sha256: "{digest}"', meta.read_text(encoding="utf-8")),
                        encoding="utf-8")
        return
    else:
        ents = data / "entities.yaml"
        elines = ents.read_text(encoding="utf-8").splitlines(keepends=True)
        items = [i for i, line in enumerate(elines) if line.startswith("- {id: ")]
        if op == "add_entity":
            elines.append(f'- {{id: place_new_{pick}, type: Place, labels: {{zh-Hans: "新地{pick}", en: "New {pick}"}}}}\n')
        elif items:
            del elines[items[pick % len(items)]]
        ents.write_text("".join(elines), encoding="utf-8")
        return
    path.write_text("".join(lines), encoding="utf-8")


def _edit_claim(data: Path, lines: list[str], a: int, b: int, op: str, blocks: list[list[str]]) -> None:
    """Edits of one claim (lines ``a`` to ``b``) that keep the file valid: a curator's note; its quote one
    character shorter at either end (still in the text: the quote, its context and its place change); its subject
    that of another claim of the property (a fact loses a claim, another gains one and may change its
    status); its subject's label in ``entities.yaml``."""
    field = {line.split(":", 1)[0].strip(): i for i, line in enumerate(lines[a:b], a) if line.startswith("  ")}
    if op == "add_note" and "note" not in field:
        lines.insert(a + 1, '  note: "checked again"\n')
    elif op == "shorten_quote" and "quote" in field and "value" in field:
        quote = re.match(r'  quote: "(.*)"$', lines[field["quote"]].rstrip("\n"))
        value = re.match(r'  value: "(.*)"$', lines[field["value"]].rstrip("\n"))
        if quote and value and len(quote[1]) > 2:
            shorter = next((q for q in (quote[1][1:], quote[1][:-1]) if value[1] in q), None)
            if shorter is not None:
                lines[field["quote"]] = f'  quote: "{shorter}"\n'
    elif op == "move_claim" and "subject" in field and "property" in field:
        prop = lines[field["property"]]
        others = [x for x in blocks if prop in x and lines[field["subject"]] not in x]
        subject = next((x for x in others[0] if x.startswith("  subject: ")), None) if others else None
        if subject is not None:
            lines[field["subject"]] = subject
    elif op in ("relabel_subject", "alias_subject", "break_entity") and "subject" in field:
        eid = lines[field["subject"]].split(":", 1)[1].strip()
        ents = data / "entities.yaml"
        text = ents.read_text(encoding="utf-8")
        if op == "relabel_subject":
            text = re.sub(rf'^(- {{id: {re.escape(eid)},.*zh-Hans: ".*?)"', r'\1甲"', text, flags=re.MULTILINE)
        elif op == "alias_subject":  # its label's first characters as an alias: the sources it occurs in are found
            text = re.sub(rf'^(- {{id: {re.escape(eid)},.*zh-Hans: "(..).*?)}}$', r'\1, aliases: [{text: "\2"}]}', text,
                          count=1, flags=re.MULTILINE)
        else:  # part of an entity that is not in the registry: an error (its line) a cached parse must not hide
            text = re.sub(rf'^(- {{id: {re.escape(eid)},.*?)}}$', r'\1, part_of: [nowhere_0]}', text, count=1,
                          flags=re.MULTILINE)
        ents.write_text(text, encoding="utf-8")


def _load(root: Path, cache: str) -> object:
    old = os.environ.get("HENGYANG_KG_CACHE")
    os.environ["HENGYANG_KG_CACHE"] = cache
    try:
        c = load_corpus(root, include_drafts=False)
        return ("ok", c.claims, c.out_of_scope, c.no_claims, sorted(c.sources), c.entities)
    except DataErrors as exc:
        return ("errors", [str(e) for e in exc.errors])
    finally:
        if old is None:
            del os.environ["HENGYANG_KG_CACHE"]
        else:
            os.environ["HENGYANG_KG_CACHE"] = old


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 1000)), min_size=1, max_size=5))
@example([("duplicate_id", 0)])  # an unchanged, cached file holding an id an edited earlier file took
@example([("shift_text", 1), ("delete_source", 2), ("add_entity", 3), ("remove_entity", 0)])
@example([("alias_subject", 2), ("retitle_source", 1), ("break_metadata", 1)])  # parses kept by the files' bytes
@example([("alias_subject", 4), ("break_entity", 3), ("break_metadata", 2)])
def test_the_cache_never_gives_a_stale_result(synth_root, tmp_path_factory, edits):
    def exports_too(root: Path, cache: str, warm: object, step: tuple[str, int]) -> None:
        if warm[0] == "ok":  # the exports joined from cached fragments equal the whole serialisation
            assert _exports(root, cache, tmp_path_factory.mktemp("x")) == _exports(root, "off", None), step

    assert_warm_equals_cold(synth_root, tmp_path_factory, edits, _load, exports_too)


def assert_warm_equals_cold(synth_root: Path, tmp_path_factory, edits: list[tuple[str, int]],
                            observe: Callable[[Path, str], Any],
                            after_edit: Callable[[Path, str, Any, tuple[str, int]], None] | None = None) -> None:
    """Edit a copy of the synthetic project by ``edits``: before and after each edit,
    ``observe(root, cache)`` with the cache equals it without (``"off"``), and after each edit
    again from the entries just written; ``after_edit`` checks more. One cache serves every
    example, so entries of other states abound."""
    root = tmp_path_factory.mktemp("edited") / "p"
    shutil.copytree(synth_root / "data", root / "data")
    cache = str(synth_root.parent / "shared-cache")
    assert observe(root, cache) == observe(root, "off")
    for op, pick in edits:
        edit_project(root, op, pick)
        warm = observe(root, cache)
        assert warm == observe(root, "off"), (op, pick)
        assert observe(root, cache) == warm  # and again, from the entries just written
        if after_edit is not None:
            after_edit(root, cache, warm, (op, pick))

def _exports(root: Path, cache: str, out: Path | None) -> dict[str, bytes]:
    """The five exports: streamed with the fragment cache into ``out``, or serialised whole."""
    from hengyang_kg.rdf.build import dataset_quads
    from hengyang_kg.rdf.chunk_cache import FragmentCache
    from hengyang_kg.rdf.serialise import serialise_all
    from hengyang_kg.rdf.stream import Exports
    from hengyang_kg.reconcile import reconcile

    old = os.environ.get("HENGYANG_KG_CACHE")
    os.environ["HENGYANG_KG_CACHE"] = cache
    try:
        corpus = load_corpus(root)
    finally:
        if old is None:
            del os.environ["HENGYANG_KG_CACHE"]
        else:
            os.environ["HENGYANG_KG_CACHE"] = old
    recon = reconcile(corpus)
    if out is None:
        return serialise_all(dataset_quads(corpus, BASE, recon), BASE)
    Exports(corpus, BASE, recon, FragmentCache(Path(cache), BASE)).write(out)
    return {p.name: p.read_bytes() for p in out.iterdir()}


def test_the_cache_is_used_and_keyed_on_the_program(synth_root, tmp_path, monkeypatch):
    root = tmp_path / "p"
    shutil.copytree(synth_root / "data", root / "data")
    monkeypatch.delenv("HENGYANG_KG_CACHE", raising=False)
    load_corpus(root)
    entries = list((root / load_cache.CACHE_DIR / "claims").rglob("*.pickle"))
    assert len(entries) == len(list((root / "data" / "claims").glob("*.yaml")))
    before = {p.name for p in entries}
    load_cache.program_key.cache_clear()
    monkeypatch.setattr(load_cache, "FORMAT", b"another program")
    load_corpus(root)
    after = {p.name for p in (root / load_cache.CACHE_DIR / "claims").rglob("*.pickle")}
    assert len(after) == 2 * len(before) and before < after
    load_cache.program_key.cache_clear()
    monkeypatch.setenv("HENGYANG_KG_CACHE", "off")
    shutil.rmtree(root / load_cache.CACHE_DIR)
    load_corpus(root)
    assert not (root / load_cache.CACHE_DIR).exists()


def _outputs(out: Path) -> dict[str, str]:
    """Every output's hash, the manifest's too; the store's by its quads (its files carry ids
    and times)."""
    got = {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
           for p in sorted(out.rglob("*")) if p.is_file() and not p.relative_to(out).as_posix().startswith("store")}
    quads = sorted(str(q) for q in ox.Store.read_only(str(out / "store")))
    got["store (quads)"] = hashlib.sha256("\n".join(quads).encode("utf-8")).hexdigest()
    return got


def test_builds_and_reports_with_a_warm_cache_equal_full_ones(synth_root, tmp_path):
    root = tmp_path / "p"
    shutil.copytree(synth_root / "data", root / "data")

    def run(out: str, cache: str) -> dict[str, str]:
        env = {**os.environ, "HENGYANG_KG_CACHE": cache}
        for cmd in ("build", "report"):
            subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "--root", str(root), cmd, "--out",
                            str(tmp_path / out), "--allow-shrink"], check=True, capture_output=True, env=env)
        return _outputs(tmp_path / out)

    cache = str(tmp_path / "cache")
    run("warm", cache)
    fragments = set((tmp_path / "cache" / "exports").rglob("*.pickle"))
    assert len(fragments) > len(list((root / "data" / "claims").glob("*.yaml")))  # a run per file, and batches
    for op, pick in [("rename_claim", 3), ("copy_claim", 8), ("delete_claim", 5), ("shift_text", 2),
                     ("add_source", 1), ("add_entity", 4)]:
        edit_project(root, op, pick)
        assert run("warm", cache) == run(f"full-{op}", "off"), op  # the store of "warm" updated, a fresh one


def test_entries_written_by_one_process_are_found_by_the_next(synth_root, tmp_path):
    """The key is the same in every process (no set's hash order in it): a second run
    under another hash seed writes no entry of its own."""
    root = tmp_path / "p"
    shutil.copytree(synth_root / "data", root / "data")
    cache = tmp_path / "cache"

    def validate(seed: str) -> set[str]:
        subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "--root", str(root), "validate"],
                       check=True, capture_output=True,
                       env={**os.environ, "HENGYANG_KG_CACHE": str(cache), "PYTHONHASHSEED": seed})
        return {p.name for p in cache.rglob("*.pickle")}

    first = validate("1")
    # one entry per claims file, the entity registry's and the sources' metadata's
    assert len(first) == len(list((root / "data" / "claims").glob("*.yaml"))) + 2
    assert validate("2") == first
