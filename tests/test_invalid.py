"""The invalid-fixture corpus: one broken rule per case, each with its exact location and message."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from hengyang_kg.cli import main
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.errors import DataErrors

INVALID = Path(__file__).resolve().parent / "fixtures" / "invalid"
CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
HINTS = {
    "unknown_entity": "did you mean 'tenth_army'?",
    "unknown_property": "did you mean 'duration'",
    "quote_not_in_source": "the nearest passage is '歷時47天。日軍傷亡約6萬人'",
    "unknown_source": "did you mean '900_0123456789abcdef'?",
    "ambiguous_quote": "add occurrence: N",
    "unknown_qualifier_value": "'china', 'japan', 'usa' or 'civilians'",
}


def _broken(mini_root: Path, case: str) -> Path:
    shutil.copytree(INVALID / case / "data", mini_root / "data", dirs_exist_ok=True)
    return mini_root


def test_the_corpus_has_the_required_cases():
    required = {"unknown_entity", "unknown_property", "quote_not_in_source", "duplicate_id", "malformed_value",
                "wrong_value_type", "unknown_source", "hash_mismatch", "yaml_syntax", "missing_field"}
    assert required <= set(CASES)


def test_the_valid_fixture_is_valid(mini_root):
    corpus = load_corpus(mini_root)
    assert len(corpus.claims) == 6


@pytest.mark.parametrize("case", CASES)
def test_each_broken_rule_is_reported_with_location_and_message(mini_root, case):
    root = _broken(mini_root, case)
    expected = (INVALID / case / "expect.txt").read_text(encoding="utf-8").strip()
    with pytest.raises(DataErrors) as info:
        load_corpus(root)
    errors = info.value.errors
    assert len(errors) == 1, [str(e) for e in errors]
    err = errors[0]
    assert f"{err.file}:{err.line}: {err.message}" == expected
    assert err.hint, "every error says how to fix it"
    if case in HINTS:
        assert HINTS[case] in err.hint


def test_all_errors_are_reported_together(mini_root):
    claims = mini_root / "data" / "claims" / "900_0123456789abcdef.yaml"
    text = claims.read_text(encoding="utf-8")
    text = text.replace("subject: tenth_army", "subject: tenth_armee").replace("property: duration", "property: durration")
    claims.write_text(text, encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    assert len(info.value.errors) == 2


def test_validate_exits_1_and_build_writes_nothing(mini_root, tmp_path, capsys):
    root = _broken(mini_root, "unknown_entity")
    out = tmp_path / "out"
    assert main(["--root", str(root), "validate"]) == 1
    assert main(["--root", str(root), "build", "--out", str(out)]) == 1
    assert not out.exists()
    err = capsys.readouterr().err
    assert "tenth_armee" in err and "nothing written" in err
