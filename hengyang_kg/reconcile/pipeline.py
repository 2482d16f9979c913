"""``reconcile()``: claim groups with positions and statuses, then explanations and checks,
then the final facts, each built once."""

from __future__ import annotations

from itertools import groupby

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.cache import store_for
from hengyang_kg.reconcile.consistency import cross_fact_checks
from hengyang_kg.reconcile.disputes import corroborating_facts
from hengyang_kg.reconcile.explanations import explain, related_facts
from hengyang_kg.reconcile.facts import fact_id, positions_of, status_of
from hengyang_kg.reconcile.fate_order import order_fates
from hengyang_kg.reconcile.incremental import Positions, cached_reuse, reuse_key
from hengyang_kg.reconcile.text_reuse import Reuse, find_reuse
from hengyang_kg.reconcile.types import ClaimGroup, Fact, Reconciliation


def claim_groups(corpus: Corpus, reuse: tuple[Reuse, ...], cached: Positions | None = None) -> tuple[ClaimGroup, ...]:
    """The claims grouped by fact key, with their positions and status, in key order; a person's fates
    in the order they happened (:mod:`~hengyang_kg.reconcile.fate_order`). ``cached``: positions
    kept from earlier runs, taken where the fact's inputs are unchanged."""
    out = []
    keyed = sorted(((c.fact_key, c.claim.id, c) for c in corpus.claims), key=lambda x: x[:2])  # each key made once
    for key, group in groupby(keyed, key=lambda x: x[0]):
        claims = [x[2] for x in group]
        kind = claims[0].kind
        got = cached.get(key, claims) if cached is not None else None
        if got is None:
            positions = positions_of(claims, reuse)
            status = status_of(claims[0].prop, positions)
            if cached is not None:
                cached.put(key, claims, positions, status)
        else:
            positions, status = got
        out.append(ClaimGroup(fact_id(key), key, kind, tuple(claims), positions, status))
    if cached is not None:
        cached.save()
    return order_fates(out, corpus.properties)


def reconcile(corpus: Corpus) -> Reconciliation:
    """Facts with positions and statuses, explanations, checks and text reuse. Text reuse and
    the positions of facts whose inputs are unchanged come from the cache
    (:mod:`~hengyang_kg.reconcile.cache`) when the corpus was loaded with it."""
    store = store_for(corpus.root, "reconcile") if corpus.claims_keys else None
    keys: dict[str, str] = {}
    if store is None:
        reuse = tuple(find_reuse(corpus.sources.values()))
        groups = claim_groups(corpus, reuse)
    else:
        rkey = reuse_key(corpus)
        reuse = cached_reuse(corpus, store, rkey)
        cached = Positions(store, corpus.claims_keys, rkey)
        groups = claim_groups(corpus, reuse, cached)
        keys = {g.id: k for g in groups if (k := cached.keys.get(g.key)) is not None}
    explanations = explain(groups, corpus, reuse)
    related = related_facts(groups, corpus)
    corroborating = corroborating_facts(groups)
    related = {fid: tuple(sorted({*r, *corroborating.get(fid, ())})) for fid, r in related.items()}
    facts = tuple(Fact(g.id, g.key, g.kind, g.claims, g.positions, g.status, explanations[g.id], related[g.id])
                  for g in groups)
    return Reconciliation(facts, cross_fact_checks(groups, corpus), reuse, keys)
