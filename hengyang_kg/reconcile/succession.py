"""When different values of one fact are not a conflict, and when they are one.

- **Succession.** A claim that ``follows`` another claim of its source holds its value
  after the other's (後為, 接任, 改由: a division's commander, then his successor).
  Positions linked by a stated succession — directly, or through other stated
  successions — are values in succession, not in conflict.  A position linked to no
  other is still in conflict with them: the sources give different holders for the
  same time.
- **Characterisation.** Two fate terms can describe one event in framings that exclude
  each other (surrendered or captured at the fall of the city: an ``hkg:Characterisation``
  of the ontology); such a fact is in conflict even though the terms are not exclusive
  fates, unless the source states one after the other.

Both are pure functions of a fact's positions.
"""

from __future__ import annotations

from collections.abc import Sequence

from hengyang_kg.curation.properties import PropertyDef
from hengyang_kg.reconcile.disjoint_sets import DisjointSets
from hengyang_kg.reconcile.types import Position


def succession_pairs(positions: Sequence[Position]) -> set[frozenset[int]]:
    """Pairs of position indices linked by a claim that ``follows`` a claim of the other.

    >>> succession_pairs([])
    set()
    """
    where = {c.claim.id: i for i, p in enumerate(positions) for c in p.claims}
    pairs: set[frozenset[int]] = set()
    for i, p in enumerate(positions):
        for c in p.claims:
            j = where.get(c.claim.follows or "")
            if j is not None and j != i:
                pairs.add(frozenset({i, j}))
    return pairs


def succession_groups(positions: Sequence[Position]) -> list[list[int]]:
    """Position indices grouped by stated succession (connected components), in index order."""
    sets = DisjointSets(len(positions))
    for pair in succession_pairs(positions):
        a, b = sorted(pair)
        sets.union(a, b)
    return sorted(sets.groups().values())


def in_succession(positions: Sequence[Position], i: int, j: int) -> bool:
    """Whether positions ``i`` and ``j`` are linked by stated successions."""
    return any(i in g and j in g for g in succession_groups(positions))


def characterisations(positions: Sequence[Position], prop: PropertyDef) -> list[tuple[int, int, tuple[str, str]]]:
    """(i, j, (event, date property)) for each pair of positions whose values frame one event exclusively
    (a characterisation of ``prop``'s terms in the ontology) and that no stated succession links."""
    out = []
    for i, p in enumerate(positions):
        for j in range(i + 1, len(positions)):
            found = prop.characterisation(str(p.value), str(positions[j].value))
            if found and not in_succession(positions, i, j):
                out.append((i, j, (found.event, found.dated_by)))
    return out
