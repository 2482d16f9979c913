"""Dates and date intervals as EDTF (ISO 8601-2, Extended Date/Time Format).

A date at its precision is itself (``1944-06-23``, ``1944-07``, ``1944``); an
approximate one carries ``~`` (``1944-07~`` for 7月左右 / about July 1944); every other
interval — part of a month (``1944-07-21/1944-07-31`` for late July), a season, part of
a year, a range — is written as its two ends; an end the text leaves open is ``..``.
"""

from __future__ import annotations

import datetime as dt

EDTF_DATATYPE = "http://id.loc.gov/datatypes/edtf/EDTF"


def _day(d: dt.date | None) -> str:
    return ".." if d is None else d.isoformat()


def edtf(point: str, lower: dt.date | None, upper: dt.date | None, precision: str, approx: str) -> str:
    """The EDTF form of a date value (its ISO point at its precision, interval and rule).

    >>> D = dt.date
    >>> edtf("1944-06-23", D(1944, 6, 23), D(1944, 6, 23), "day", "exact")
    '1944-06-23'
    >>> edtf("1944-07", D(1944, 7, 21), D(1944, 7, 31), "month", "part_of_month")
    '1944-07-21/1944-07-31'
    >>> edtf("1944-07", D(1944, 6, 16), D(1944, 8, 15), "month", "about")
    '1944-07~'
    >>> edtf("1944-08-08", D(1944, 8, 8), None, "day", "after")
    '1944-08-08/..'
    """
    if approx == "exact" and lower is not None and upper is not None:
        whole = {"day": (point, point), "month": (f"{point}-01", None), "year": (f"{point}-01-01", f"{point}-12-31")}
        lo, hi = whole.get(precision, (None, None))
        if lower.isoformat() == lo and (hi is None or upper.isoformat() == hi):
            return point
    if approx == "about":
        return f"{point}~"
    if lower is not None and upper is not None and lower == upper:
        return lower.isoformat()
    return f"{_day(lower)}/{_day(upper)}"
