"""``conflicts.json`` assembled from one checked part per fact.

Each fact's entry is validated against its contract model (:class:`FactEntry`) alone and
serialised by pydantic's JSON encoder (in Rust) into the text Python's
``json.dumps(..., ensure_ascii=False, indent=1)`` gives for it two levels deep; the rest of
the report (build, summary, sources, checks, shared text) is validated as a
:class:`Report` with no facts and written by ``json.dumps``, and the facts' parts are put in
its empty list. The text is byte for byte the one ``json.dumps`` of the whole report gives
(a test keeps them equal), but the pure-Python indenting encoder only runs over the small
part, and each fact's part can be kept and reused while the fact does not change.
"""

from __future__ import annotations

import json
import re

from hengyang_kg.report.contract import FactEntry, Report

FACTS_SLOT = '\n "facts": []'  # the report's empty list of facts, as json.dumps(indent=1) writes it
# a number as a value or an item (a match inside a string is harmless: strings are written alike)
_NUMBER = re.compile(r'(?:": |\n +)(-?[0-9][0-9.eE+-]*)')


def _floats_as_python_writes_them(text: str) -> bool:
    """Whether every fractional number in ``text`` is written as Python's ``repr`` writes it
    (pydantic writes 1e-05 as 0.00001 and may differ for large ones too)."""
    for m in _NUMBER.finditer(text):
        tok = m.group(1)
        if tok.isdigit() or tok[1:].isdigit() and tok[0] == "-":
            continue
        try:
            if repr(float(tok)) != tok:
                return False
        except ValueError:
            return False
    return True


def fact_part(entry: dict) -> str:
    """One fact's entry, checked against :class:`FactEntry`, as JSON text indented to its place."""
    text = FactEntry.model_validate(entry).model_dump_json(indent=1)
    if not _floats_as_python_writes_them(text):
        text = json.dumps(json.loads(text), ensure_ascii=False, indent=1)
    return text.replace("\n", "\n  ")


def head_data(head: dict) -> dict:
    """The report but its facts (``head["facts"]`` empty), checked against :class:`Report`, as plain data."""
    return Report.model_validate(head).model_dump(mode="json")

