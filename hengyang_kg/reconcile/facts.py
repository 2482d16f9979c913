"""Reconciliation: facts, positions, statuses.

A *fact* is what claims can disagree about: subject + property + the qualifiers that
change meaning (side, measure, item) — :attr:`Located.fact_key`.  Grouping is a sort
and a group-by on that key.  A *position* is a set of claims whose intervals share
a common point (positions are never merged by chains: 15,000 and 18,000 stay apart
even if 16,000 and 17,000 lie between).  Nothing here decides which position is
right; explanations (:mod:`~hengyang_kg.reconcile.explanations`) and checks
(:mod:`~hengyang_kg.reconcile.consistency`) are computed after.

Values are compared by their normalised value (``Located.value.normalized``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from itertools import groupby

from hengyang_kg.curation.claims import FactKey, Located
from hengyang_kg.curation.properties import ValueKind
from hengyang_kg.reconcile.origins import origins_of
from hengyang_kg.reconcile.text_reuse import Reuse
from hengyang_kg.reconcile.types import Bound, Position, Status
from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.quantities import Quantity
from hengyang_kg.text.values import Normalized

# Properties a subject has one value of; the others (participant, role, said ...)
# hold many values at once, so different values are compatible, not in conflict.
FUNCTIONAL = {"startDate", "endDate", "date", "duration", "plannedDuration", "strength", "casualties", "amount",
              "commander", "location", "dateOfDeath", "dateCaptured", "dateEscaped"}
# Fates that cannot both be true of one person.
EXCLUSIVE_FATES = {frozenset({"killed", x}) for x in ("wounded", "survived", "escaped", "captured", "surrendered",
                                                      "dismissed", "executed", "suicide")}
INTERVAL_KINDS: frozenset[ValueKind] = frozenset({"quantity", "date", "duration"})
Ordinal = int | Decimal  # a point on a comparable line: a number, or a day as its ordinal


def fact_id(key: FactKey) -> str:
    """Readable, stable id: ``defence_of_hengyang.casualties.japan.killed_and_wounded``."""
    return ".".join(k for k in key if k)


def interval(c: Located) -> tuple[Ordinal, Ordinal]:
    """A claim's interval in comparable numbers (dates as ordinals)."""
    v = c.value
    if isinstance(v, DateValue):
        return (v.lower.toordinal(), v.upper.toordinal())
    if isinstance(v, (Quantity, Duration)):
        return (Decimal(v.lower), Decimal(v.upper))
    raise TypeError(f"claim {c.claim.id}: a {c.kind} has no interval")


def _bound(kind: ValueKind, x: Ordinal) -> Bound:
    if kind == "date":
        return dt.date.fromordinal(int(x))
    return Decimal(x)


def positions_of(claims: list[Located], reuse: tuple[Reuse, ...]) -> tuple[Position, ...]:
    """Intervals for figures and dates, equal normalised values for the rest."""
    return interval_positions(claims, reuse) if claims[0].kind in INTERVAL_KINDS else value_positions(claims, reuse)


def _position(value: Normalized, lower: Bound | None, upper: Bound | None, claims: list[Located],
              reuse: tuple[Reuse, ...]) -> Position:
    return Position(value, lower, upper, tuple(claims), tuple(origins_of(claims, reuse)))


def interval_positions(claims: list[Located], reuse: tuple[Reuse, ...] = ()) -> tuple[Position, ...]:
    """Greedy sweep: a claim joins the open position while the common intersection stays non-empty."""
    ordered = sorted(claims, key=lambda c: (*interval(c), c.claim.id))
    groups: list[tuple[list[Located], Ordinal, Ordinal]] = []
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
        counts: Counter[Normalized] = Counter(c.value.normalized for c in members)
        value = min(counts, key=lambda p: (-counts[p], str(p)))  # the most common figure
        out.append(_position(value, _bound(kind, lo), _bound(kind, hi), members, reuse))
    return tuple(out)


def value_positions(claims: list[Located], reuse: tuple[Reuse, ...] = ()) -> tuple[Position, ...]:
    """Claims grouped by equal normalised value (entities, fates, texts)."""
    ordered = sorted(claims, key=lambda c: (str(c.value.normalized), c.claim.id))
    return tuple(_position(v, None, None, list(g), reuse)
                 for v, g in groupby(ordered, key=lambda c: str(c.value.normalized)))


def status_of(kind: ValueKind, prop: str, positions: tuple[Position, ...]) -> Status:
    ps = positions
    if kind in INTERVAL_KINDS:
        if len(ps) > 1:
            return "conflict"
        same = len({(c.value.normalized, interval(c)) for c in ps[0].claims}) == 1
        return "agreement" if same else "compatible"
    if len(ps) == 1:
        return "agreement"
    if prop == "fate":
        values = {str(p.value) for p in ps}
        clash = any(frozenset({a, b}) in EXCLUSIVE_FATES for a in values for b in values if a < b)
        return "conflict" if clash else "compatible"
    return "conflict" if prop in FUNCTIONAL else "compatible"
