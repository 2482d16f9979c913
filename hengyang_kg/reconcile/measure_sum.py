"""Killed and wounded against a killed-and-wounded total (a ``measure_order`` check).

A source that gives both the killed and the wounded of one side of one event gives their sum:
the parts' intervals add (约2万 killed, [15000, 25000), and 近6万 wounded, [55000, 60000], sum to
[70000, 85000)), so approximate parts are compared by all they allow, never by their points
alone.  The sum cannot be less than a total only when the total is the same source's; it
cannot exceed anyone's total.  A wounded figure given without the killed is compared alone.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.ids import short_id
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


def measure_sums(facts: Sequence[ClaimGroup]) -> list[Check]:
    """A source's killed + wounded (or its wounded alone) that a killed-and-wounded total cannot hold."""
    by: dict[tuple[str, str], dict[str, tuple[Located, ...]]] = defaultdict(dict)
    for f in facts:
        if f.property == "casualties" and f.key.measure in ("killed", "wounded", "killed_and_wounded") \
                and not f.key.share and not f.key.occasion:
            by[(f.subject, f.key.side)][f.key.measure] = f.claims
    checks = []
    for (subject, side), m in sorted(by.items()):
        totals = list({(c.source, c.claim.value): c for c in sorted(m.get("killed_and_wounded", ()),
                                                                   key=lambda c: c.claim.id, reverse=True)}.values())
        totals.sort(key=lambda c: (c.source, c.claim.id))
        if not totals:
            continue
        for src in sorted({c.source for c in m.get("wounded", ())}):
            for w in _own(m["wounded"], src):
                killed: list[Located | None] = [*_own(m.get("killed", ()), src)] or [None]
                for k in killed:
                    lo = interval(w)[0] + (interval(k)[0] if k else 0)
                    hi = interval(w)[1] + (interval(k)[1] if k else 0)
                    over = [t for t in totals if lo > interval(t)[1]]
                    under = [t for t in totals if t.source == src and hi < interval(t)[0]]
                    if not over and not under:
                        continue
                    parts = (f"killed {k.claim.value} + wounded {w.claim.value} ({short_id(src)}) = "
                             f"{_fmt(lo)} to {_fmt(hi)}" if k else f"wounded {w.claim.value} ({short_id(src)})")
                    said = []
                    if over:
                        said.append("exceeds killed_and_wounded " + ", ".join(
                            f"{t.claim.value} ({short_id(t.source)})" for t in over))
                    if under:
                        said.append("falls short of the source's own killed_and_wounded " + ", ".join(
                            t.claim.value for t in under))
                    ids = (*([k.claim.id] if k else []), w.claim.id, *(t.claim.id for t in over + under))
                    checks.append(Check("measure_order", f"{subject} ({side}): {parts} " + " and ".join(said)
                                        + ": they cannot all hold.", tuple(dict.fromkeys(ids))))
    return checks
