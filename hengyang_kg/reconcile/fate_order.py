"""Fates (and any term-valued property whose terms have a course) in the order they happened,
not in alphabetical order.

A person's fates that follow one another (captured, then escaped) are listed by their
dates: each term is dated by the subject's date fact the ontology names for it
(``hkg:datedBy``: ``dateCaptured`` for captured and surrendered, ``dateEscaped`` for escaped
and released, ``dateOfDeath`` for killed, executed, suicide and died), at the earliest day
any position of that fact allows.  A term without a date takes the date of the next dated
term in the usual course of events (``hkg:courseOrder``: wounded, attempted suicide,
surrendered, captured, escaped, released, survived, dismissed, executed, suicide, killed,
died) and is placed before it; terms on the same day keep that course.  Nothing here changes
a status: only the order in which positions are listed (``conflicts.json``, Markdown, HTML).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence

from hengyang_kg.curation.properties import PropertyDef, TermDef
from hengyang_kg.reconcile.types import ClaimGroup, Position

NEVER = dt.date.max


def _earliest(group: ClaimGroup) -> dt.date | None:
    days = [p.lower for p in group.positions if isinstance(p.lower, dt.date)]
    return min(days) if days else None


def _coursed(prop: PropertyDef) -> dict[str, TermDef]:
    """The terms of ``prop`` that have a place in the course of events, by id."""
    return {t.id: t for t in prop.terms if t.course is not None}


def fate_dates(groups: Sequence[ClaimGroup], dating: set[str]) -> dict[tuple[str, str], dt.date]:
    """The earliest day of each subject's dating properties (``dating``): (subject, property) → day."""
    out = {}
    for g in groups:
        if g.property in dating and not g.key.occasion:
            day = _earliest(g)
            if day is not None:
                out[(g.subject, g.property)] = day
    return out


def in_course(subject: str, positions: Sequence[Position], dates: Mapping[tuple[str, str], dt.date],
              terms: Mapping[str, TermDef]) -> tuple[Position, ...]:
    """The positions of ``subject`` ordered by the dates of their terms (see the module's doc).

    >>> from hengyang_kg.reconcile.types import Position as P
    >>> terms = {"captured": TermDef("captured", course=2, dated_by="dateCaptured"),
    ...          "escaped": TermDef("escaped", course=3, dated_by="dateEscaped"),
    ...          "attempted_suicide": TermDef("attempted_suicide", course=1)}
    >>> ps = [P(v, None, None, ()) for v in ("escaped", "captured", "attempted_suicide")]
    >>> [str(p.value) for p in in_course("x", ps, {}, terms)]
    ['attempted_suicide', 'captured', 'escaped']
    >>> day = {("x", "dateEscaped"): dt.date(1944, 7, 1), ("x", "dateCaptured"): dt.date(1944, 8, 8)}
    >>> [str(p.value) for p in in_course("x", ps, day, terms)]
    ['escaped', 'attempted_suicide', 'captured']
    """
    last = 1 + max((t.course or 0 for t in terms.values()), default=0)

    def rank(p: Position) -> int:
        t = terms.get(str(p.value))
        return t.course if t is not None and t.course is not None else last

    by_course = sorted(positions, key=lambda p: (rank(p), str(p.value)))
    own = []
    for p in by_course:
        t = terms.get(str(p.value))
        own.append(dates.get((subject, t.dated_by)) if t is not None and t.dated_by else None)
    effective: list[dt.date] = []
    following = NEVER
    for day in reversed(own):  # an undated term takes the date of the next dated one in the course
        following = day if day is not None else following
        effective.append(following)
    effective.reverse()
    order = sorted(range(len(by_course)), key=lambda i: (effective[i], i))
    return tuple(by_course[i] for i in order)


def order_fates(groups: Sequence[ClaimGroup], properties: Mapping[str, PropertyDef]) -> tuple[ClaimGroup, ...]:
    """Every group of a property whose terms have a course (fate) with its positions in the
    order they happened; other groups untouched."""
    coursed = {pid: terms for pid, prop in properties.items() if (terms := _coursed(prop))}
    dating = {t.dated_by for terms in coursed.values() for t in terms.values() if t.dated_by}
    dates = fate_dates(groups, dating)
    return tuple(dataclasses.replace(g, positions=in_course(g.subject, g.positions, dates, coursed[g.property]))
                 if g.property in coursed else g for g in groups)
