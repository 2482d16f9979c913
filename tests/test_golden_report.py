"""Golden report files of the fixture corpus: ``conflicts.json`` and ``conflicts.md`` byte for
byte, except the build id (a hash of every input, the ontology included: tested with the
manifest), which is kept as ``BUILD-ID``.  A change shows as a unified diff; when it is
intended, rewrite them with ``pytest --update-golden`` (or ``HENGYANG_KG_UPDATE_GOLDEN=1
pytest``) and review the diff in git."""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

import pytest

from hengyang_kg.builds import build_id
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.reconcile import reconcile
from hengyang_kg.report.writer import report_files

from .conftest import BASE, FIXTURES

GOLDEN = Path(__file__).resolve().parent / "golden"
REPORT = ("conflicts.json", "conflicts.md")
UPDATE = "pytest --update-golden (or HENGYANG_KG_UPDATE_GOLDEN=1 pytest)"


def readable_diff(expected: bytes, got: bytes, name: str, limit: int = 60) -> str:
    """A unified diff of two versions of a text file, cut after ``limit`` lines (and saying so).

    >>> print(readable_diff(b"a\\nb\\n", b"a\\nc\\n", "x.md"))
    --- golden/x.md
    +++ now/x.md
    @@ -1,2 +1,2 @@
     a
    -b
    +c
    """
    lines = list(difflib.unified_diff(expected.decode("utf-8").splitlines(), got.decode("utf-8").splitlines(),
                                      f"golden/{name}", f"now/{name}", lineterm=""))
    cut = lines[:limit] + ([f"... {len(lines) - limit} more lines"] if len(lines) > limit else [])
    return "\n".join(cut)


@pytest.fixture(scope="module")
def mini_report() -> dict:
    """The report files of the fixture corpus, the build id masked."""
    corpus = load_corpus(FIXTURES / "mini")
    bid = build_id(FIXTURES / "mini", BASE).encode("ascii")
    files = report_files(reconcile(corpus), corpus, BASE)
    with tempfile.TemporaryDirectory() as tmp:
        for name in REPORT:
            files[name](Path(tmp) / name)
        return {name: (Path(tmp) / name).read_bytes().replace(bid, b"BUILD-ID") for name in REPORT}


@pytest.mark.parametrize("name", REPORT)
def test_golden_report_of_the_fixture_corpus(mini_report, name, update_golden):
    got = mini_report[name]
    assert isinstance(got, bytes)
    golden = GOLDEN / f"mini.{name}"
    if update_golden:
        golden.write_bytes(got)
    assert golden.is_file(), f"{golden} is missing: run {UPDATE}"
    expected = golden.read_bytes()
    assert got == expected, (f"{name} of the fixture corpus changed; if intended, run {UPDATE} and review "
                             f"the diff:\n{readable_diff(expected, got, name)}")


def test_a_changed_report_fails_with_a_readable_diff(mini_report):
    """The comparison above fails on a change, naming the line that changed."""
    expected = (GOLDEN / "mini.conflicts.md").read_bytes()
    changed = expected.replace(b"19380", b"19381", 1)
    diff = readable_diff(expected, changed, "conflicts.md")
    assert changed != expected and "-| 19380 " in diff and "+| 19381 " in diff
