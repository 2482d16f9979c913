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
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from .claims import Located
from .corpus import Corpus
from .dates import DateValue, Duration
from .numbers import Quantity
from .reuse import Reuse, find_reuse
from .sources import fold

# Properties a subject has one value of; the others (participant, role, said ...)
# hold many values at once, so different values are compatible, not in conflict.
FUNCTIONAL = {"startDate", "endDate", "date", "duration", "plannedDuration", "strength", "casualties", "amount",
              "commander", "location", "dateOfDeath", "dateCaptured", "dateEscaped"}
# Fates that cannot both be true of one person.
EXCLUSIVE_FATES = {frozenset({"killed", x}) for x in ("wounded", "survived", "escaped", "captured", "surrendered",
                                                      "dismissed", "executed", "suicide")}


@dataclass
class Origin:
    """Claims that count once: one cited work, or one passage shared by sources."""

    claims: list[str]
    sources: list[str]
    cited: str | None
    reason: str


@dataclass
class Position:
    value: object
    lower: object
    upper: object
    claims: list[Located]
    origins: list[Origin] = field(default_factory=list)

    @property
    def independent_support(self) -> int:
        return len(self.origins)

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.claims})


@dataclass
class Explanation:
    kind: str
    text: str


@dataclass
class Fact:
    id: str
    key: tuple[str, str, str, str, str, str]
    kind: str
    claims: list[Located]
    positions: list[Position] = field(default_factory=list)
    status: str = "agreement"
    explanations: list[Explanation] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return self.key[0]

    @property
    def property(self) -> str:
        return self.key[1]


@dataclass
class Check:
    kind: str
    text: str
    claims: list[str]


@dataclass
class Reconciliation:
    facts: list[Fact]
    checks: list[Check]
    reuse: list[Reuse]

    def fact(self, fid: str) -> Fact:
        return next(f for f in self.facts if f.id == fid)


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


def _origins(position: Position, reuse: list[Reuse]) -> list[Origin]:
    """Union claims that share a cited work, a source, or a passage two sources share.

    Each claim is keyed by what makes it dependent (its cited work, its source, and
    every shared passage its quote overlaps); claims with a common key are one origin.
    """
    claims = sorted(position.claims, key=lambda c: c.claim.id)
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple, int] = {}
    why: dict[int, set[str]] = {}
    for i, c in enumerate(claims):
        keys = [(("source", c.source), f"same source {c.source[:3]}")]
        if c.claim.attributed_to:
            keys.append((("cited", c.claim.attributed_to), f"cite {c.claim.attributed_to}"))
        keys += [(("passage", r.a, r.b, n), f"text shared by {r.a[:3]} and {r.b[:3]}")
                 for r, n in _passages_of(c, reuse)]
        for key, reason in keys:
            if key in first:
                j = first[key]
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[ri] = rj
                    why.setdefault(rj, set()).update(why.pop(ri, set()))
                why.setdefault(find(j), set()).add(reason)
            else:
                first[key] = i
    groups: dict[int, list[int]] = {}
    for i in range(len(claims)):
        groups.setdefault(find(i), []).append(i)
    out = []
    for root, idx in sorted(groups.items(), key=lambda kv: claims[kv[1][0]].claim.id):
        members = [claims[i] for i in idx]
        cited = {c.claim.attributed_to for c in members}
        sources = sorted({c.source for c in members})
        reasons = sorted(r for r in why.get(root, set()) if not r.startswith("text shared") or len(sources) > 1)
        out.append(Origin([c.claim.id for c in members], sources,
                          cited.pop() if len(cited) == 1 else None, "; ".join(reasons)))
    return out


def _passages_of(c: Located, reuse: list[Reuse]):
    """The shared passages (reuse, index) a claim's quote overlaps, on either side."""
    for r in reuse:
        if c.source == r.a:
            yield from ((r, n) for n, p in enumerate(r.passages) if c.start < p.a_end and p.a_start < c.end)
        elif c.source == r.b:
            yield from ((r, n) for n, p in enumerate(r.passages) if c.start < p.b_end and p.b_start < c.end)


def reconcile(corpus: Corpus) -> Reconciliation:
    """Facts with positions and statuses, explanations, checks and text reuse."""
    from .checks import cross_fact_checks
    from .explain import explain

    reuse = find_reuse(corpus.sources.values())
    facts = []
    ordered = sorted(corpus.claims, key=lambda c: (c.fact_key, c.claim.id))
    for key, group in groupby(ordered, key=lambda c: c.fact_key):
        claims = list(group)
        kind = claims[0].kind
        fact = Fact(fact_id(key), key, kind, claims)
        fact.positions = interval_positions(claims) if kind in ("quantity", "date", "duration") else value_positions(claims)
        for p in fact.positions:
            p.origins = _origins(p, reuse)
        fact.status = status_of(fact)
        facts.append(fact)
    explain(facts, corpus, reuse)
    checks = cross_fact_checks(facts, corpus)
    return Reconciliation(facts, checks, reuse)
