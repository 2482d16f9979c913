"""Killed and wounded against a killed-and-wounded total (a ``measure_order`` check): the
ontology's ``hkg:sumOf`` (killed_and_wounded the sum of killed and wounded), no measure
named here.

A source that gives both the killed and the wounded of one side of one event gives their sum:
the parts' intervals add (约2万 killed, [15000, 25000), and 近6万 wounded, [55000, 60000], sum to
[70000, 85000)), so approximate parts are compared by all they allow, never by their points
alone.  The sum cannot be less than a total only when the total is the same source's; it
cannot exceed anyone's total.  A part not bounded by the total on its own (wounded; killed
≤ killed-and-wounded is checked by ``hkg:boundedBy``) is compared alone when the source
gives no other part.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal
from itertools import product

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.properties import PropertyDef, Sum
from hengyang_kg.reconcile.facts import INF, interval
from hengyang_kg.reconcile.types import Check, ClaimGroup
from hengyang_kg.text.numerals import number_text


def _fmt(x: int | Decimal) -> str:
    d = Decimal(x)
    return "…" if d in (INF, -INF) else f"{int(d):,}" if d == d.to_integral_value() else number_text(d)


def _own(claims: Sequence[Located], source: str) -> list[Located]:
    """A source's own figures (not the ones it gives as another work's), one per value as written."""
    seen: dict[str, Located] = {}
    for c in sorted(claims, key=lambda c: c.claim.id):
        if c.source == source and c.claim.attributed_to is None:
            seen.setdefault(c.claim.value, c)
    return list(seen.values())


def _or_none(claims: list[Located]) -> list[Located | None]:
    """The claims, or None alone when there are none (a part the source does not give)."""
    return [*claims] if claims else [None]


def measure_sums(facts: Sequence[ClaimGroup], properties: dict[str, PropertyDef]) -> list[Check]:
    """A source's parts (killed + wounded) that a total (killed-and-wounded) cannot hold, or a part
    not bounded by the total on its own (wounded) given alone: the ontology's hkg:sumOf."""
    checks = []
    for prop in (p for p in properties.values() if p.sums):
        for rule in prop.sums:
            checks += _sums(facts, prop.id, rule)
    return checks


def _sums(facts: Sequence[ClaimGroup], prop: str, rule: Sum) -> list[Check]:
    by: dict[tuple[str, str], dict[str, tuple[Located, ...]]] = defaultdict(dict)
    for f in facts:
        if f.property == prop and f.key.measure in (rule.total, *rule.parts) and not f.key.share and not f.key.occasion:
            by[(f.subject, f.key.side)][f.key.measure] = f.claims
    checks = []
    for (subject, side), m in sorted(by.items()):
        totals = list({(c.source, c.claim.value): c for c in sorted(m.get(rule.total, ()),
                                                                   key=lambda c: c.claim.id, reverse=True)}.values())
        totals.sort(key=lambda c: (c.source, c.claim.id))
        if not totals:
            continue
        for lead in rule.alone:
            others = [p for p in rule.parts if p != lead]
            for src in sorted({c.source for c in m.get(lead, ())}):
                for w in _own(m[lead], src):
                    for combo in product(*(_or_none(_own(m.get(o, ()), src)) for o in others)):
                        given = dict(zip(others, combo)) | {lead: w}
                        present = [(p, c) for p in rule.parts if (c := given.get(p)) is not None]
                        checks += _sum_check(subject, side, src, rule.total, present, totals)
    return checks


def _sum_check(subject: str, side: str, src: str, total: str, present: list[tuple[str, Located]],
               totals: list[Located]) -> list[Check]:
    lo = sum((interval(c)[0] for _, c in present), Decimal(0))
    hi = sum((interval(c)[1] for _, c in present), Decimal(0))
    over = [t for t in totals if lo > interval(t)[1]]
    under = [t for t in totals if t.source == src and hi < interval(t)[0]]
    if not over and not under:
        return []
    named = " + ".join(f"{p} {c.claim.value}" for p, c in present)
    parts = f"{named} ({short_id(src)}) = {_fmt(lo)} to {_fmt(hi)}" if len(present) > 1 else f"{named} ({short_id(src)})"
    said = []
    if over:
        said.append(f"exceeds {total} " + ", ".join(f"{t.claim.value} ({short_id(t.source)})" for t in over))
    if under:
        said.append(f"falls short of the source's own {total} " + ", ".join(t.claim.value for t in under))
    ids = (*(c.claim.id for _, c in present), *(t.claim.id for t in over + under))
    return [Check("measure_order", f"{subject} ({side}): {parts} " + " and ".join(said) + ": they cannot all hold.",
                  tuple(dict.fromkeys(ids)))]
