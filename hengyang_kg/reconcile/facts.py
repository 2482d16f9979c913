"""Reconciliation: facts, positions, statuses, independent support.

A *fact* is what claims can disagree about: subject + property + the qualifiers that
change meaning (side, measure, item) — :attr:`Located.fact_key`.  Grouping is a sort
and a group-by on that key.  A *position* is a set of claims whose intervals share
a common point (positions are never merged by chains: 15,000 and 18,000 stay apart
even if 16,000 and 17,000 lie between).  Nothing here decides which position is
right; explanations (:mod:`explain`) and checks (:mod:`checks`) are added after.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from itertools import groupby

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.sources import fold
from hengyang_kg.reconcile.types import Fact, Position
from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.quantities import Quantity

# Properties a subject has one value of; the others (participant, role, said ...)
# hold many values at once, so different values are compatible, not in conflict.
FUNCTIONAL = {"startDate", "endDate", "date", "duration", "plannedDuration", "strength", "casualties", "amount",
              "commander", "location", "dateOfDeath", "dateCaptured", "dateEscaped"}
# Fates that cannot both be true of one person.
EXCLUSIVE_FATES = {frozenset({"killed", x}) for x in ("wounded", "survived", "escaped", "captured", "surrendered",
                                                      "dismissed", "executed", "suicide")}


def fact_id(key: tuple[str, ...]) -> str:
    """Readable, stable id: ``defence_of_hengyang.casualties.japan.killed_and_wounded``."""
    return ".".join(k for k in key if k)


def interval(c: Located) -> tuple:
    """A claim's interval in comparable numbers (dates as ordinals)."""
    v = c.value
    if isinstance(v, DateValue):
        return (v.lower.toordinal(), v.upper.toordinal())
    if isinstance(v, (Quantity, Duration)):
        return (Decimal(v.lower), Decimal(v.upper))
    return (None, None)


def point(c: Located):
    """The normalised value of a claim (number, ISO date, days, entity id or text)."""
    v = c.value
    if isinstance(v, Quantity):
        return v.point
    if isinstance(v, Duration):
        return v.days
    if isinstance(v, DateValue):
        return v.point
    if c.kind == "text" and c.claim.property != "fate":
        return fold(c.claim.value)
    return v


def _bound(kind: str, x):
    if x is None:
        return None
    if kind == "date":
        return dt.date.fromordinal(int(x)).isoformat()
    return x


def interval_positions(claims: list[Located]) -> list[Position]:
    """Greedy sweep: a claim joins the open position while the common intersection stays non-empty."""
    ordered = sorted(claims, key=lambda c: (*interval(c), c.claim.id))
    groups: list[tuple[list[Located], object, object]] = []
    for c in ordered:
        lo, hi = interval(c)
        if groups and lo <= groups[-1][2]:
            members, glo, ghi = groups[-1]
            members.append(c)
            groups[-1] = (members, max(glo, lo), min(ghi, hi))
        else:
            groups.append(([c], lo, hi))
    kind = claims[0].kind
    out = []
    for members, lo, hi in groups:
        counts = Counter(point(c) for c in members)
        value = min(counts, key=lambda p: (-counts[p], str(p)))  # the most common figure
        out.append(Position(value, _bound(kind, lo), _bound(kind, hi), members))
    return out


def value_positions(claims: list[Located]) -> list[Position]:
    """Claims grouped by equal normalised value (entities, fates, texts)."""
    ordered = sorted(claims, key=lambda c: (str(point(c)), c.claim.id))
    return [Position(v, None, None, list(g)) for v, g in groupby(ordered, key=lambda c: str(point(c)))]


def status_of(fact: Fact) -> str:
    ps = fact.positions
    if fact.kind in ("quantity", "date", "duration"):
        if len(ps) > 1:
            return "conflict"
        same = len({(point(c), interval(c)) for c in ps[0].claims}) == 1
        return "agreement" if same else "compatible"
    if len(ps) == 1:
        return "agreement"
    if fact.property == "fate":
        values = {str(p.value) for p in ps}
        clash = any(frozenset({a, b}) in EXCLUSIVE_FATES for a in values for b in values if a < b)
        return "conflict" if clash else "compatible"
    return "conflict" if fact.property in FUNCTIONAL else "compatible"
