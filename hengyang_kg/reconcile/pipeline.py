"""``reconcile()``: facts with positions and statuses, then explanations and checks."""

from __future__ import annotations

from itertools import groupby

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.consistency import cross_fact_checks
from hengyang_kg.reconcile.explanations import explain
from hengyang_kg.reconcile.facts import (
    fact_id,
    interval_positions,
    status_of,
    value_positions,
)
from hengyang_kg.reconcile.origins import origins_of
from hengyang_kg.reconcile.text_reuse import find_reuse
from hengyang_kg.reconcile.types import Fact, Reconciliation


def reconcile(corpus: Corpus) -> Reconciliation:
    """Facts with positions and statuses, explanations, checks and text reuse."""
    reuse = find_reuse(corpus.sources.values())
    facts = []
    ordered = sorted(corpus.claims, key=lambda c: (c.fact_key, c.claim.id))
    for key, group in groupby(ordered, key=lambda c: c.fact_key):
        claims = list(group)
        kind = claims[0].kind
        fact = Fact(fact_id(key), key, kind, claims)
        fact.positions = interval_positions(claims) if kind in ("quantity", "date", "duration") else value_positions(claims)
        for p in fact.positions:
            p.origins = origins_of(p, reuse)
        fact.status = status_of(fact)
        facts.append(fact)
    explain(facts, corpus, reuse)
    checks = cross_fact_checks(facts, corpus)
    return Reconciliation(facts, checks, reuse)
