"""Independent support: the claims of a position grouped into origins that count once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.ids import short_id
from hengyang_kg.reconcile.disjoint_sets import DisjointSets
from hengyang_kg.reconcile.text_reuse import Reuse
from hengyang_kg.reconcile.types import Origin


def origins_of(position_claims: Iterable[Located], reuse: Iterable[Reuse]) -> list[Origin]:
    """Union claims that share a cited work, a source, or a passage two sources share.

    Each claim is keyed by what makes it dependent (its cited work, its source, and
    every shared passage its quote overlaps); claims with a common key are one origin.
    """
    claims = sorted(position_claims, key=lambda c: c.claim.id)
    shared = tuple(reuse)
    sets = DisjointSets(len(claims))
    first: dict[tuple[str, ...], int] = {}
    why: dict[int, set[str]] = {}
    for i, c in enumerate(claims):
        keys: list[tuple[tuple[str, ...], str]] = [(("source", c.source), f"same source {short_id(c.source)}")]
        if c.claim.attributed_to:
            keys.append((("cited", c.claim.attributed_to), f"cite {c.claim.attributed_to}"))
        keys += [(("passage", r.a, r.b, str(n)), f"text shared by {short_id(r.a)} and {short_id(r.b)}")
                 for r, n in passages_of(c, shared)]
        for key, reason in keys:
            if key in first:
                j = first[key]
                merged = sets.union(j, i)
                if merged is not None:
                    kept, absorbed = merged
                    why.setdefault(kept, set()).update(why.pop(absorbed, set()))
                why.setdefault(sets.find(j), set()).add(reason)
            else:
                first[key] = i
    groups = sets.groups()
    out = []
    for root, idx in sorted(groups.items(), key=lambda kv: claims[kv[1][0]].claim.id):
        members = [claims[i] for i in idx]
        cited = {c.claim.attributed_to for c in members}
        sources = sorted({c.source for c in members})
        reasons = sorted(r for r in why.get(root, set()) if not r.startswith("text shared") or len(sources) > 1)
        out.append(Origin(tuple(c.claim.id for c in members), tuple(sources),
                          cited.pop() if len(cited) == 1 else None, "; ".join(reasons)))
    return out


def passages_of(c: Located, reuse: Iterable[Reuse]) -> Iterator[tuple[Reuse, int]]:
    """The shared passages (reuse, index) a claim's quote overlaps, on either side."""
    for r in _by_source(reuse if isinstance(reuse, tuple) else tuple(reuse)).get(c.source, ()):
        if c.source == r.a:
            yield from ((r, n) for n, p in enumerate(r.passages) if c.start < p.a_end and p.a_start < c.end)
        else:
            yield from ((r, n) for n, p in enumerate(r.passages) if c.start < p.b_end and p.b_start < c.end)


_LAST: list = [None, {}]  # the reuse tuple last indexed, and its index


def _by_source(reuse: tuple[Reuse, ...]) -> dict[str, list[Reuse]]:
    """The reuse entries each source is part of, in their order: built once per reuse tuple
    (a reconciliation asks for every position's claims), so the cost is per claim, not per
    claim and pair of sources."""
    if _LAST[0] is not reuse:
        index: dict[str, list[Reuse]] = {}
        for r in reuse:
            index.setdefault(r.a, []).append(r)
            index.setdefault(r.b, []).append(r)
        _LAST[:] = [reuse, index]
    index_of: dict[str, list[Reuse]] = _LAST[1]
    return index_of
