"""A dated claim's calendar record: its EDTF form and the era years it converts.

Both are derived from the claim (its parsed date and its raw text), never typed:
``conflicts.json`` gives them as ``edtf`` and ``era_years``, the RDF as ``hkg:edtf``
(typed with the Library of Congress EDTF datatype) and ``hkg:eraYear`` nodes.
"""

from __future__ import annotations

import datetime as dt

from hengyang_kg.curation.claims import Located
from hengyang_kg.text.dates import DateValue
from hengyang_kg.text.edtf import edtf
from hengyang_kg.text.eras import EraYear, era_years


def claim_edtf(c: Located) -> str | None:
    """The EDTF form of a dated claim (``None`` for other kinds)."""
    v = c.value
    if not isinstance(v, DateValue):
        return None
    return edtf(v.point, v.lower, v.upper, v.precision, v.approx)


def claim_era_years(c: Located) -> list[EraYear]:
    """The era years a dated claim's raw value converts (民国三十三年 → 1944)."""
    return era_years(c.claim.value) if isinstance(c.value, DateValue) else []


def interval_edtf(lower: object, upper: object) -> str | None:
    """EDTF of a position's interval of dates at its precision: one day, a whole month or a whole
    year as such (1944, not 1944-01-01/1944-12-31), else ``lower/upper`` (``..`` when open).

    >>> interval_edtf(dt.date(1944, 8, 7), dt.date(1944, 8, 8)), interval_edtf("1944-08-08", "1944-08-08")
    ('1944-08-07/1944-08-08', '1944-08-08')
    >>> interval_edtf(dt.date(1944, 1, 1), dt.date(1944, 12, 31)), interval_edtf("1944-02-01", "1944-02-29")
    ('1944', '1944-02')
    """
    lo = None if lower is None else str(lower)
    hi = None if upper is None else str(upper)
    if lo is not None and lo == hi:
        return lo
    if lo is not None and hi is not None:
        a, b = dt.date.fromisoformat(lo), dt.date.fromisoformat(hi)
        if (a.month, a.day, b.month, b.day) == (1, 1, 12, 31) and a.year == b.year:
            return f"{a.year:04d}"
        if a.day == 1 and (a.year, a.month) == (b.year, b.month) and (b + dt.timedelta(days=1)).day == 1:
            return f"{a.year:04d}-{a.month:02d}"
    return f"{lo or '..'}/{hi or '..'}"


def calendar_json(c: Located) -> dict:
    """The claim's ``edtf`` and ``era_years`` fields of ``conflicts.json``."""
    return {
        "edtf": claim_edtf(c),
        "era_years": [{"written": e.text, "era": e.era, "year_in_era": e.year_in_era, "gregorian": e.gregorian,
                       "rule": e.rule} for e in claim_era_years(c)],
    }
