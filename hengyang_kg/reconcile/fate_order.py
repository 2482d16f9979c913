"""Fates in the order they happened, not in alphabetical order.

A person's fates that follow one another (captured, then escaped) are listed by their
dates: each fate term is dated by the subject's date fact for it (``dateCaptured`` for
captured and surrendered, ``dateEscaped`` for escaped and released, ``dateOfDeath`` for
killed, executed, suicide and died), at the earliest day any position of that fact
allows.  A fate without a date takes the date of the next dated fate in the usual course
of events (:data:`COURSE`: wounded, attempted suicide, surrendered, captured, escaped,
released, survived, dismissed, executed, suicide, killed, died) and is placed before it;
fates on the same day keep that course.  Nothing here changes a status: only the order in
which positions are listed (``conflicts.json``, Markdown, HTML).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence

from hengyang_kg.reconcile.types import ClaimGroup, Position

# The date property that dates each fate term.
FATE_DATES = {"captured": "dateCaptured", "surrendered": "dateCaptured", "escaped": "dateEscaped",
              "released": "dateEscaped", "killed": "dateOfDeath", "executed": "dateOfDeath",
              "suicide": "dateOfDeath", "died": "dateOfDeath"}
# The usual course of events: the order of fates the sources date alike or do not date.
COURSE = ("wounded", "attempted_suicide", "surrendered", "captured", "escaped", "released", "survived",
          "dismissed", "executed", "suicide", "killed", "died")
NEVER = dt.date.max


def _rank(value: str) -> int:
    return COURSE.index(value) if value in COURSE else len(COURSE)


def _earliest(group: ClaimGroup) -> dt.date | None:
    days = [p.lower for p in group.positions if isinstance(p.lower, dt.date)]
    return min(days) if days else None


def fate_dates(groups: Sequence[ClaimGroup]) -> dict[tuple[str, str], dt.date]:
    """The earliest day of each subject's dated fate properties: (subject, property) → day."""
    out = {}
    for g in groups:
        if g.property in set(FATE_DATES.values()) and not g.key.occasion:
            day = _earliest(g)
            if day is not None:
                out[(g.subject, g.property)] = day
    return out


def in_course(subject: str, positions: Sequence[Position],
              dates: dict[tuple[str, str], dt.date]) -> tuple[Position, ...]:
    """The fate positions of ``subject`` ordered by their dates (see the module's doc).

    >>> from hengyang_kg.reconcile.types import Position as P
    >>> ps = [P(v, None, None, ()) for v in ("escaped", "captured", "attempted_suicide")]
    >>> [str(p.value) for p in in_course("x", ps, {})]
    ['attempted_suicide', 'captured', 'escaped']
    >>> day = {("x", "dateEscaped"): dt.date(1944, 7, 1), ("x", "dateCaptured"): dt.date(1944, 8, 8)}
    >>> [str(p.value) for p in in_course("x", ps, day)]
    ['escaped', 'attempted_suicide', 'captured']
    """
    by_course = sorted(positions, key=lambda p: (_rank(str(p.value)), str(p.value)))
    own = [dates.get((subject, FATE_DATES.get(str(p.value), ""))) for p in by_course]
    effective: list[dt.date] = []
    following = NEVER
    for day in reversed(own):  # an undated fate takes the date of the next dated one in the course
        following = day if day is not None else following
        effective.append(following)
    effective.reverse()
    order = sorted(range(len(by_course)), key=lambda i: (effective[i], i))
    return tuple(by_course[i] for i in order)


def order_fates(groups: Sequence[ClaimGroup]) -> tuple[ClaimGroup, ...]:
    """Every ``fate`` group with its positions in the order the fates happened."""
    dates = fate_dates(groups)
    return tuple(dataclasses.replace(g, positions=in_course(g.subject, g.positions, dates))
                 if g.property == "fate" else g for g in groups)
