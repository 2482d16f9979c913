"""The benchmark at CI size (1,000 and 10,000 claims): only ratios that hold with a wide
margin — growth within twice linear, our build faster than rdflib's — never absolute times."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

import bench  # noqa: E402
import tables  # noqa: E402


@pytest.fixture(scope="module")
def rows(tmp_path_factory):
    work = tmp_path_factory.mktemp("bench")
    out = []
    for n in (1_000, 10_000):
        project = work / f"n{n}"
        row = {"claims": n}
        row["synth"] = bench.run(bench.cli(project, "synth", "--claims", str(n), "--sources", str(n // 100),
                                           "--seed", "1", "--out", str(project)))
        for name, extra in (("validate", []), ("build", ["--out", str(project / "out")]),
                            ("report", ["--out", str(project / "report")])):
            row[name] = bench.run(bench.cli(project, name, *extra))
        row["exports"] = bench.step_json("exports", project, bench.DEFAULT_QUERY)
        row["rdflib"] = bench.step_json("rdflib", project, bench.DEFAULT_QUERY, "10")  # parts capped at 10 s CPU
        out.append(row)
    return out


def test_growth_is_within_twice_linear(rows):
    small, big = rows
    for step in ("validate", "build", "report"):  # CPU time: other processes on the machine do not inflate it
        assert tables.t(big, step, cpu=True) / tables.t(small, step, cpu=True) < 2 * 10, step


def test_build_is_faster_than_rdflib(rows):
    for r in rows:
        assert tables.rdflib_build(r, cpu=True) > tables.t(r, "build", cpu=True)
        assert tables.t(r, "rdflib", "build", True) > tables.t(r, "exports", "trig", True) + tables.t(r, "exports", "nquads", True)
