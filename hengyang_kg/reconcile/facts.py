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

import calendar
import datetime as dt
from collections import Counter
from decimal import Decimal
from itertools import groupby

from hengyang_kg.curation.claims import FactKey, Located
from hengyang_kg.curation.properties import PropertyDef, ValueKind
from hengyang_kg.reconcile.origins import origins_of
from hengyang_kg.reconcile.succession import characterisations, in_succession, succession_groups
from hengyang_kg.reconcile.text_reuse import Reuse
from hengyang_kg.reconcile.types import Bound, Position, Status
from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.quantities import Quantity
from hengyang_kg.text.values import Normalized

INTERVAL_KINDS: frozenset[ValueKind] = frozenset({"quantity", "date", "duration"})
Ordinal = int | Decimal  # a point on a comparable line: a number, or a day as its ordinal


def fact_id(key: FactKey) -> str:
    """Readable, stable id: ``defence_of_hengyang.casualties.japan.killed_and_wounded``."""
    return ".".join(k for k in key if k)


INF = Decimal("Infinity")
# Intervals of half a step either side are half-open above, as rounding is: 6万 covers
# [55000, 65000) and 7万 [65000, 75000), so neighbouring round figures never meet; so is
# 余/多 (6000余 is 6000 and some, below 7000: [6000, 7000)), so 6000余 and 7000余 never meet.
HALF_OPEN = ("about", "more_than")


def interval(c: Located) -> tuple[Ordinal, Ordinal]:
    """A claim's interval in comparable numbers (dates as ordinals); a side the text leaves
    open is infinite, so an open-ended interval overlaps anything beyond its bound.  A round
    figure stated exactly compares by the interval its rounding allows (11萬 → [105000, 115000))."""
    v = c.value
    if isinstance(v, DateValue):
        return (-INF if v.lower is None else v.lower.toordinal(), INF if v.upper is None else v.upper.toordinal())
    if isinstance(v, Quantity) and v.rounding is not None:
        return (Decimal(v.rounding[0]), Decimal(v.rounding[1]))
    if isinstance(v, (Quantity, Duration)):
        return (-INF if v.lower is None else Decimal(v.lower), INF if v.upper is None else Decimal(v.upper))
    raise TypeError(f"claim {c.claim.id}: a {c.kind} has no interval")


def upper_open(c: Located) -> bool:
    """Whether the upper end of :func:`interval` is excluded (a rounding or 约 interval)."""
    v = c.value
    return isinstance(v, (Quantity, Duration)) and (v.approx in HALF_OPEN or isinstance(v, Quantity) and v.rounding is not None)


def _bound(kind: ValueKind, x: Ordinal) -> Bound | None:
    if x in (INF, -INF):
        return None
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
    groups: list[tuple[list[Located], Ordinal, Ordinal, bool]] = []
    for c in ordered:
        lo, hi = interval(c)
        if groups and (lo < groups[-1][2] or (lo == groups[-1][2] and not groups[-1][3])):
            members, glo, ghi, gopen = groups[-1]
            members.append(c)
            top = (hi, upper_open(c)) if (hi, not upper_open(c)) < (ghi, not gopen) else (ghi, gopen)
            groups[-1] = (members, max(glo, lo), top[0], top[1])
        else:
            groups.append(([c], lo, hi, upper_open(c)))
    kind = claims[0].kind
    out = []
    for i, (members, lo, hi, _open) in enumerate(groups):
        counts: Counter[Normalized] = Counter(c.value.normalized for c in members)
        # a figure inside the common interval (a date wholly inside it), the most common of them
        value = min(counts, key=lambda p: (not _inside(p, lo, hi, _open), _distance(p, lo, hi), -counts[p], str(p)))
        others = [(g[1], g[2]) for j, g in enumerate(groups) if j != i]
        counted = [c for c in members if not holds_another(c, others)] or members
        out.append(Position(value, _bound(kind, lo), _bound(kind, hi), tuple(members),
                            tuple(origins_of(counted, reuse))))
    return tuple(out)


def holds_another(c: Located, others: list[tuple[Ordinal, Ordinal]]) -> bool:
    """Whether a claim's interval holds the whole range of another position (1944年 beside 22 and 23
    June): it is listed with the first position it meets but counts as the support of none."""
    lo, hi = interval(c)
    return any(lo <= a and b <= hi for a, b in others)


def _span(value: Normalized) -> tuple[Ordinal, Ordinal] | None:
    """A label as a stretch of the line: a figure is a point, an ISO date all of its days."""
    if not isinstance(value, str):
        return (value, value)
    try:
        first = dt.date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return None
    last = (dt.date(first.year, 12, 31) if len(value) == 4 else
            dt.date(first.year, first.month, calendar.monthrange(first.year, first.month)[1]) if len(value) == 7
            else first)
    return (first.toordinal(), last.toordinal())


def _inside(value: Normalized, lo: Ordinal, hi: Ordinal, upper_excluded: bool = False) -> bool:
    """Whether a position's label lies within its range: a figure in it (not at an excluded upper
    end), a date at its precision wholly in it (1944 is not inside January 1944)."""
    span = _span(value)
    if span is None:
        return False
    return lo <= span[0] and (span[1] < hi if upper_excluded else span[1] <= hi)


def _distance(value: Normalized, lo: Ordinal, hi: Ordinal) -> Ordinal:
    """How far a label lies outside a position's range (0 when it touches it)."""
    span = _span(value)
    if span is None:
        return INF
    return max(lo - span[1], span[0] - hi, 0)


def value_positions(claims: list[Located], reuse: tuple[Reuse, ...] = ()) -> tuple[Position, ...]:
    """Claims grouped by equal normalised value (entities, fates, texts)."""
    ordered = sorted(claims, key=lambda c: (str(c.value.normalized), c.claim.id))
    return tuple(_position(v, None, None, list(g), reuse)
                 for v, g in groupby(ordered, key=lambda c: str(c.value.normalized)))


def status_of(prop: PropertyDef, positions: tuple[Position, ...]) -> Status:
    """agreement, compatible or conflict.  Positions linked by a stated succession
    (:mod:`~hengyang_kg.reconcile.succession`) are values in succession, not in conflict.
    Different values of a single-valued property are in conflict; of a term-valued one
    (fate), terms the ontology says exclude each other are, and two fates that frame one
    event exclusively (surrendered, captured); of any other, they are compatible."""
    ps, kind = positions, prop.kind
    groups = succession_groups(ps)
    if kind in INTERVAL_KINDS:
        if len(groups) > 1:
            return "conflict"
        if len(ps) > 1:
            return "compatible"
        same = len({(c.value.normalized, interval(c)) for c in ps[0].claims}) == 1
        return "agreement" if same else "compatible"
    if len(ps) == 1:
        return "agreement"
    if prop.term_valued:
        clash = any(prop.excluding(str(ps[i].value), str(ps[j].value))
                    for i in range(len(ps)) for j in range(i + 1, len(ps)) if not in_succession(ps, i, j))
        return "conflict" if clash or characterisations(ps, prop) else "compatible"
    return "conflict" if prop.single_valued and len(groups) > 1 else "compatible"
