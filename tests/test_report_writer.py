"""The report written fact by fact (``report``: :mod:`hengyang_kg.report.writer`) equals the report
held whole (``write_report`` of :mod:`tests.report_whole`), every file byte for byte, pages included,
on the bundled corpus and on a synthetic one; and the facts read back from the written
``conflicts.json`` are the report's."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.reconcile import reconcile
from hengyang_kg.report.fact_spool import FactSpool
from hengyang_kg.report.writer import ReportWriter, report_files

from .conftest import BASE
from .report_whole import report_data, write_report


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _streamed(recon, corpus, out: Path) -> dict[str, bytes]:
    out.mkdir()
    for name, make in report_files(recon, corpus, BASE, "b").items():
        make(out / name)
    return _tree(out)


def _whole(recon, corpus, out: Path) -> dict[str, bytes]:
    write_report(recon, corpus, out, BASE)
    bid = json.loads((out / "conflicts.json").read_text(encoding="utf-8"))["build"]["id"].encode("ascii")
    return {name: data.replace(bid, b"b") for name, data in _tree(out).items()}


@pytest.fixture(scope="module", params=["bundled", "synthetic"])
def both(request, corpus, recon, tmp_path_factory):
    if request.param == "bundled":
        c, r = corpus, recon
    else:
        root = tmp_path_factory.mktemp("writer") / "p"
        subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "synth", "--claims", "600", "--sources",
                        "8", "--seed", "7", "--out", str(root)], check=True, capture_output=True)
        c = load_corpus(root)
        r = reconcile(c)
    tmp = tmp_path_factory.mktemp("both")
    return c, r, _streamed(r, c, tmp / "streamed"), _whole(r, c, tmp / "whole")


def test_the_streamed_report_equals_the_report_held_whole(both):
    _c, _r, streamed, whole = both
    assert sorted(streamed) == sorted(whole)
    assert any(n.startswith("entities/") for n in streamed) and any(n.startswith("sources/") for n in streamed)
    for name in streamed:
        assert streamed[name] == whole[name], name


def test_the_facts_read_back_are_the_reports(both, tmp_path):
    c, r, _streamed_files, _whole_files = both
    writer = ReportWriter(r, c, BASE, "b", None)
    (tmp_path / "out").mkdir()
    writer.write(tmp_path / "out")
    spool: FactSpool = writer.spool
    facts = report_data(r, c, BASE, "b")["facts"]
    assert list(spool) == facts and len(spool) == len(facts)
    about = spool.about()
    for subject in {f["subject"]["id"] for f in facts}:
        assert about[subject] == [f for f in facts if f["subject"]["id"] == subject]
    assert about.get("no such subject", []) == []
    assert spool.fact_of == {c["id"]: f["id"] for f in facts for p in f["positions"] for c in p["claims"]}
    spool.close()
