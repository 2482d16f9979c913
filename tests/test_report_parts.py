"""conflicts.json assembled from per-fact parts equals json.dumps of the whole report, byte for byte."""

from __future__ import annotations

import json

import pytest

from hengyang_kg.report.assemble import fact_part
from hengyang_kg.report.data import fact_json, ordered_facts

from .conftest import BASE
from .report_whole import report_data, report_text, to_json


def test_assembled_json_equals_the_whole_report_dumped(recon, corpus):
    data, text, _parts = report_text(recon, corpus, BASE, "b")
    whole = report_data(recon, corpus, BASE, "b")
    assert text == to_json(whole)
    assert data == whole


def test_a_fact_part_is_the_indented_json_of_its_entry(recon, corpus):
    entries = report_data(recon, corpus, BASE, "b")["facts"]
    assert [e["id"] for e in entries] == [f.id for f in ordered_facts(recon)]
    for f, entry in zip(ordered_facts(recon)[:50], entries, strict=False):
        part = fact_part(fact_json(f, corpus, BASE))
        assert part == json.dumps(entry, ensure_ascii=False, indent=1).replace("\n", "\n  ")
        assert json.loads(part) == entry


@pytest.mark.parametrize("x", [1e-05, 2.5e-7, 1.5e16, 123456789.25, 0.1, "1e5 in a text", "「引号」\u2028\x7f\x01"])
def test_numbers_and_texts_are_written_as_json_dumps_writes_them(recon, corpus, x):
    """pydantic writes 1e-05 as 1e-5: such a part falls back to Python's encoder."""
    entry = report_data(recon, corpus, BASE, "b")["facts"][0]
    claim = entry["positions"][0]["claims"][0]
    if isinstance(x, float):
        claim["value"] = x
    else:
        claim["quote_text"] = x
    assert fact_part(entry) == json.dumps(entry, ensure_ascii=False, indent=1).replace("\n", "\n  ")


def test_an_entry_the_contract_refuses_is_refused(recon, corpus):
    import pydantic

    entry = report_data(recon, corpus, BASE, "b")["facts"][0]
    entry["status"] = "disputed"
    with pytest.raises(pydantic.ValidationError):
        fact_part(entry)
