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
    "claims_in_gbk": "iconv -f GB18030 -t UTF-8 data/claims/900_0123456789abcdef.yaml",
    "entities_in_gb18030": "iconv -f GB18030 -t UTF-8 data/entities.yaml",
    "empty_claims_file": "no_claims: <reason>",
    "missing_claims_file": "git checkout -- data/claims/900_0123456789abcdef.yaml",
    "no_claims": "no_claims: <reason>",
    "overlapping_works": "merge them into one entity in data/entities.yaml (keep 'japanese_war_history'",
}


def _broken(mini_root: Path, case: str) -> Path:
    """The mini project with the case's files laid over it (and those in delete.txt removed)."""
    if (INVALID / case / "data").is_dir():
        shutil.copytree(INVALID / case / "data", mini_root / "data", dirs_exist_ok=True)
    deletions = INVALID / case / "delete.txt"
    for name in deletions.read_text(encoding="utf-8").split() if deletions.exists() else []:
        (mini_root / name).unlink()
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


def test_an_absurdly_large_file_is_refused_quickly(mini_root):
    import time

    claims = mini_root / "data" / "claims" / "900_0123456789abcdef.yaml"
    with claims.open("r+b") as fh:  # 50 MB of junk (sparse: only its size matters)
        fh.truncate(50 * 1024 * 1024)
    t = time.perf_counter()
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    assert time.perf_counter() - t < 2
    assert [str(e).splitlines()[0] for e in info.value.errors] == [
        "data/claims/900_0123456789abcdef.yaml:1: the file is 50.0 MiB, over the 8 MiB limit for a curated file"]


def test_a_source_text_in_another_encoding_is_named(mini_root):
    text = mini_root / "data" / "sources" / "900_0123456789abcdef.txt"
    text.write_bytes(text.read_text(encoding="utf-8").encode("gb18030"))
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    (err,) = info.value.errors
    assert err.file == "data/sources/900_0123456789abcdef.txt"
    assert err.message.startswith("the file is not UTF-8") and err.message.endswith("it looks like GB18030")
    assert "iconv -f GB18030 -t UTF-8" in err.hint


def test_a_source_with_deliberately_no_claims_says_why(mini_root, capsys):
    claims = mini_root / "data" / "claims" / "900_0123456789abcdef.yaml"
    claims.write_text("source: 900_0123456789abcdef\nclaims: []\nno_claims: a test of a source without claims\n",
                      encoding="utf-8")
    assert main(["--root", str(mini_root), "validate"]) == 0
    out = capsys.readouterr().out
    assert "900_0123456789abcdef: 0 claims (no claims: a test of a source without claims)" in out


def test_validate_prints_claims_per_source(mini_root, capsys):
    assert main(["--root", str(mini_root), "validate"]) == 0
    assert capsys.readouterr().out.splitlines()[1:] == ["  900_0123456789abcdef: 6 claims"]
