"""``self_contradiction``: one source holding two positions of one fact that cannot both hold.

Two claims of one source in different positions contradict each other unless
- the source gives them as coming from different origins (``attributed_to``: it quotes
  two witnesses, or its own account against a cited work);
- they are the same figure (the same normalised value, written twice in other words);
- the source states one after the other (``follows``: values in succession);
- their intervals overlap (they share a value; only the position sweep set them apart);
- they are durations that each fit the claimed start and end dates under some reckoning
  (46 day-nights and 47 days both count 23 June to 8 August): the reckoning explanation
  accounts for them;
- they are fates that can both be true (captured, escaped).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.properties import span_property
from hengyang_kg.reconcile.facts import interval
from hengyang_kg.reconcile.succession import in_succession
from hengyang_kg.reconcile.types import Check, ClaimGroup
from hengyang_kg.text.dates import DateValue, Duration


def _days(facts: Sequence[ClaimGroup], props: set[str]) -> dict[tuple[str, str], set[dt.date]]:
    """The exact day-precise dates claimed of each subject for ``props``: (subject, property) → days."""
    out: dict[tuple[str, str], set[dt.date]] = defaultdict(set)
    for f in facts:
        if f.property in props:
            out[(f.subject, f.property)].update(
                v.lower for c in f.claims if isinstance(v := c.value, DateValue) and v.precision == "day"
                and v.approx == "exact" and v.lower is not None)
    return out


def _reckoned(days: dict[tuple[str, str], set[dt.date]], subject: str, start: str | None, end: str | None) -> set[int]:
    """Day counts the claimed start and end dates give (of the properties ``start`` and ``end``, the
    ontology's span roles), inclusively and exclusively."""
    if start is None or end is None:
        return set()
    spans = {(e - s).days for s in days.get((subject, start), ()) for e in days.get((subject, end), ())}
    return spans | {n + 1 for n in spans}


def _overlap(a: Located, b: Located) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return alo <= bhi and blo <= ahi


def contradicts(f: ClaimGroup, a: Located, b: Located, i: int, j: int, reckoned: set[int]) -> bool:
    """Whether claims ``a`` (position ``i``) and ``b`` (position ``j``) of one source contradict each other."""
    if a.claim.attributed_to != b.claim.attributed_to or a.value.normalized == b.value.normalized:
        return False
    if in_succession(f.positions, i, j):
        return False
    if f.kind in ("quantity", "date", "duration") and _overlap(a, b):
        return False
    if isinstance(a.value, Duration) and isinstance(b.value, Duration) and {a.value.days, b.value.days} <= reckoned:
        return False
    if a.prop.term_valued:
        x, y = str(a.value.normalized), str(b.value.normalized)
        return a.prop.excluding(x, y) or a.prop.characterisation(x, y) is not None
    return True


def self_contradictions(facts: Sequence[ClaimGroup]) -> list[Check]:
    """One check per source and fact in conflict, naming only the claims that contradict each other."""
    checks = []
    props = {f.claims[0].prop.id: f.claims[0].prop for f in facts}.values()
    start, end = span_property(props, "start"), span_property(props, "end")
    # built once: looking the dates up fact by fact grew with the facts squared
    days = _days(facts, {p for p in (start, end) if p is not None})
    for f in facts:
        if f.status != "conflict":
            continue
        where = {c.claim.id: i for i, p in enumerate(f.positions) for c in p.claims}
        by_source: dict[str, list[Located]] = defaultdict(list)
        for c in sorted(f.claims, key=lambda c: c.claim.id):
            by_source[c.source].append(c)
        reckoned = _reckoned(days, f.subject, start, end) if f.kind == "duration" else set()
        for src, claims in sorted(by_source.items()):
            involved = {x.claim.id: x for a in claims for b in claims
                        if where[a.claim.id] < where[b.claim.id]
                        and contradicts(f, a, b, where[a.claim.id], where[b.claim.id], reckoned) for x in (a, b)}
            if involved:
                values = " vs ".join(sorted({c.claim.value for c in involved.values()}))
                checks.append(Check("self_contradiction", f"{f.id}: source {short_id(src)} gives {values}.",
                                    tuple(sorted(involved))))
    return checks
