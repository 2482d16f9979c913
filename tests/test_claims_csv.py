"""Spreadsheet curation: the whole corpus through CSV and back, losslessly; errors name row and column."""

from __future__ import annotations

import csv
import io
import shutil

import pytest

from hengyang_kg.cli import main
from hengyang_kg.curation.claims_csv import COLUMNS, export_csv, parse_csv
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.curation.schema import ClaimsFile
from hengyang_kg.curation.yaml_lines import load_yaml
from hengyang_kg.errors import DataErrors

from .conftest import PROJECT


def test_the_whole_corpus_round_trips(tmp_path, capsys):
    shutil.copytree(PROJECT / "data", tmp_path / "data")
    csv_path = tmp_path / "claims.csv"
    assert main(["--root", str(tmp_path), "claims", "export", "--csv", str(csv_path)]) == 0
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    for path in (tmp_path / "data" / "claims").glob("*.yaml"):
        path.unlink()
    assert main(["--root", str(tmp_path), "claims", "import", str(csv_path)]) == 0
    for original in sorted((PROJECT / "data" / "claims").glob("*.yaml")):
        back = tmp_path / "data" / "claims" / original.name
        assert ClaimsFile.model_validate(load_yaml(back)) == ClaimsFile.model_validate(load_yaml(original)), original.name
    before, after = load_corpus(PROJECT), load_corpus(tmp_path)
    assert [(c.claim, c.start, c.value) for c in after.claims] == [(c.claim, c.start, c.value) for c in before.claims]
    assert export_csv(tmp_path) == raw, "export → import → export is stable"


def _edit(raw: bytes, row: int, column: str, value: str) -> bytes:
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    rows[row - 1][COLUMNS.index(column)] = value
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    return buf.getvalue().encode("utf-8-sig")


def test_import_errors_name_row_and_column(mini_root, capsys):
    raw = export_csv(mini_root)
    bad = _edit(_edit(_edit(raw, 3, "side", "japon"), 5, "occurrence", "two"), 6, "row_kind", "claimz")
    with pytest.raises(DataErrors) as info:
        parse_csv(bad, "claims.csv")
    got = sorted((e.line, e.message.split(":")[0]) for e in info.value.errors)
    assert got == [(3, "column 10 (side)"), (5, "column 15 (occurrence)"), (6, "column 2 (row_kind)")]
    path = mini_root / "bad.csv"
    path.write_bytes(bad)
    before = (mini_root / "data" / "claims" / "900_0123456789abcdef.yaml").read_bytes()
    assert main(["--root", str(mini_root), "claims", "import", str(path)]) == 1
    err = capsys.readouterr().err
    assert "bad.csv:3: column 10 (side)" in err and "nothing written" in err
    assert (mini_root / "data" / "claims" / "900_0123456789abcdef.yaml").read_bytes() == before


def test_a_wrong_header_is_reported(mini_root):
    raw = export_csv(mini_root).decode("utf-8-sig").replace("row_kind", "kind", 1).encode("utf-8-sig")
    with pytest.raises(DataErrors) as info:
        parse_csv(raw, "claims.csv")
    [e] = info.value.errors
    assert e.line == 1 and "missing: row_kind" in e.message
