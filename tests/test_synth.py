"""The synthetic corpus: read by the real loader, deterministic, with the shape it promises."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from hengyang_kg.cli import main
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.reconcile import reconcile
from hengyang_kg.synth import Plan, write_project


def digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(root)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def synth_1k(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    assert main(["--quiet", "synth", "--claims", "1000", "--sources", "10", "--seed", "3", "--out", str(out)]) == 0
    return out


def test_the_loader_reads_it_and_counts_are_as_asked(synth_1k):
    corpus = load_corpus(synth_1k)
    assert len(corpus.claims) == 1000
    assert len(corpus.sources) == 10
    assert {s.meta.script for s in corpus.sources.values()} == {"zh-Hans", "zh-Hant"}


def test_same_seed_same_bytes_other_seed_other_bytes(synth_1k, tmp_path):
    write_project(Plan(1000, 10, 3), tmp_path / "a")
    write_project(Plan(1000, 10, 4), tmp_path / "b")
    assert digest(tmp_path / "a" / "data") == digest(synth_1k / "data")
    assert digest(tmp_path / "b" / "data") != digest(synth_1k / "data")


def test_shape_of_the_real_corpus(synth_1k):
    corpus = load_corpus(synth_1k)
    kinds = Counter(c.kind for c in corpus.claims)
    assert {"quantity", "date", "duration", "entity"} <= set(kinds)
    approx = Counter(c.value.approx for c in corpus.claims if c.kind == "quantity")
    assert {"exact", "about", "more_than", "range"} <= set(approx)
    assert {c.value.reckoning for c in corpus.claims if c.kind == "duration"} == {"days", "day_night"}
    assert {c.value.precision for c in corpus.claims if c.kind == "date"} == {"day", "month"}
    attributed = sum(c.claim.attributed_to is not None for c in corpus.claims)
    assert 0.05 < attributed / len(corpus.claims) < 0.15
    assert {c.lang for c in corpus.claims} == {"zh-Hans", "zh-Hant"}


def test_about_forty_percent_of_facts_in_conflict(synth_1k):
    facts = reconcile(load_corpus(synth_1k)).facts
    status = Counter(f.status for f in facts)
    assert 0.3 < status["conflict"] / len(facts) < 0.5
    assert status["agreement"] and status["compatible"]


def test_every_planned_copy_is_found_as_text_reuse(synth_1k):
    copies = json.loads((synth_1k / "synth.json").read_text())["copies"]
    assert copies
    found = {(r.a, r.b) for r in reconcile(load_corpus(synth_1k)).reuse}
    for donor, copier in copies:
        assert tuple(sorted((donor, copier))) in found


def test_it_validates_with_one_entity_per_cited_work(synth_1k):
    """Claims of one fact cite one work, and a copied passage keeps its work: the work-overlap
    check of validate finds nothing."""
    from hengyang_kg.curation.works import overlapping_works
    from hengyang_kg.text.script_folding import fold

    corpus = load_corpus(synth_1k)  # raises on any data error, the work-overlap check included
    assert overlapping_works(corpus.claims, corpus.entities) == []
    works: dict[tuple, set[str]] = {}
    for c in corpus.claims:
        if c.claim.attributed_to:
            works.setdefault((c.claim.subject, c.claim.property, c.claim.qualifiers), set()).add(c.claim.attributed_to)
    assert len(works) > 20 and all(len(w) == 1 for w in works.values())
    copies = json.loads((synth_1k / "synth.json").read_text())["copies"]
    by_quote = {(c.source, fold(c.exact)): c.claim.attributed_to for c in corpus.claims}
    kept = [(w, by_quote.get((copier, q))) for (sid, q), w in by_quote.items() for donor, copier in copies
            if sid == donor and (copier, q) in by_quote]
    assert kept and all(a == b for a, b in kept)


def test_a_plan_out_of_bounds_is_a_usage_error(tmp_path, capsys):
    assert main(["synth", "--claims", "10", "--sources", "11", "--out", str(tmp_path)]) == 2
    assert "--sources must not exceed --claims" in capsys.readouterr().err


def test_more_than_a_thousand_sources(tmp_path):
    write_project(Plan(2002, 1001, 5), tmp_path)
    corpus = load_corpus(tmp_path)
    assert len(corpus.sources) == 1001 and len(corpus.claims) == 2002
    assert min(corpus.sources).startswith("0000_")


def test_a_large_registry_is_split_and_read_whole(synth_1k, tmp_path, monkeypatch):
    import hengyang_kg.synth as synth

    monkeypatch.setattr(synth, "ENTITY_FILE_BYTES", 5_000)
    write_project(Plan(1000, 10, 3), tmp_path)
    more = sorted((tmp_path / "data" / "entities").glob("*.yaml"))
    assert len(more) >= 2 and all(p.stat().st_size <= 5_000 + 200 for p in more)
    split, whole = load_corpus(tmp_path), load_corpus(synth_1k)
    assert split.entities.keys() == whole.entities.keys()
    assert [c.claim.id for c in split.claims] == [c.claim.id for c in whole.claims]
    assert not (synth_1k / "data" / "entities").exists()  # a small registry stays one file


def test_an_entity_twice_across_registry_files_is_an_error(synth_1k, tmp_path, capsys):
    import shutil

    shutil.copytree(synth_1k / "data", tmp_path / "data")
    (tmp_path / "data" / "entities").mkdir()
    first = (tmp_path / "data" / "entities.yaml").read_text(encoding="utf-8").splitlines()[1]
    (tmp_path / "data" / "entities" / "0001.yaml").write_text(first + "\n", encoding="utf-8")
    assert main(["--root", str(tmp_path), "--quiet", "validate"]) == 1
    assert "data/entities/0001.yaml:1" in capsys.readouterr().err
