"""Explanations of what is, and what is not, a dispute.

- ``succession``: a source states that one value followed another (後為, 接任, 改由);
- ``characterisation``: two values frame one event in ways that exclude each other
  (surrendered or captured), named with the event they both describe;
- ``corroboration``: the same precise figure (stated exactly, not a round one) for the
  same subject and side under another measure, from another source (3174 civilians
  killed; 3174 civilian casualties): the facts are linked, the measures are not merged;
- ``unexplained``: a conflict nothing in the corpus accounts for says so.

Each is a pure function of the claim groups, yielding ``(fact id, explanation)`` pairs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.entities import entity_label
from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.succession import characterisations, succession_pairs
from hengyang_kg.reconcile.types import ClaimGroup, Explanation, Position
from hengyang_kg.text.quantities import Quantity

Notes = Iterator[tuple[str, Explanation]]
# Kinds that account for a difference within a fact; scope and measure only set it in context.
# (A succession explains only the values it links, and a corroboration explains nothing within the fact.)
EXPLAINING = frozenset({"reckoning", "attribution", "copying", "precision", "characterisation"})


def holders(p: Position) -> str:
    """The sources holding a position, by their short names."""
    return ", ".join(short_id(s) for s in p.sources)


def wordings(p: Position) -> str:
    """A position's values as its claims write them, each once."""
    return " / ".join(sorted({c.claim.value for c in p.claims}))


def explain_succession(facts: Sequence[ClaimGroup]) -> Notes:
    """A source's stated succession between two values of a fact."""
    for f in facts:
        if not succession_pairs(f.positions):
            continue
        by_id = {c.claim.id: c for c in f.claims}
        where = {c.claim.id: i for i, p in enumerate(f.positions) for c in p.claims}
        steps = []
        for c in sorted(f.claims, key=lambda c: c.claim.id):
            before = by_id.get(c.claim.follows or "")
            if before is not None and where[before.claim.id] != where[c.claim.id]:
                steps.append(f"{before.claim.value}, then {c.claim.value} ({short_id(c.source)})")
        yield f.id, Explanation("succession", "The source states a succession: " + "; ".join(steps)
                                + ". Values that follow one another are not in conflict with each other.")


def _dated(facts: Sequence[ClaimGroup], subject: str, prop: str) -> str:
    for f in facts:
        if f.subject == subject and f.property == prop:
            return " on " + " / ".join(f"{p.value} ({holders(p)})" for p in f.positions)
    return ""


def explain_characterisation(facts: Sequence[ClaimGroup], corpus: Corpus) -> Notes:
    """Two framings of one event that exclude each other: a dispute, named with its event."""
    for f in facts:
        if not f.claims:
            continue
        for i, j, (event, date_property) in characterisations(f.positions, f.claims[0].prop):
            a, b = f.positions[i], f.positions[j]
            when = _dated(facts, f.subject, date_property)
            yield f.id, Explanation(
                "characterisation",
                f"{a.value} ({wordings(a)}; {holders(a)}) and {b.value} ({wordings(b)}; {holders(b)}) describe one event, "
                f"{entity_label(corpus.entities, f.subject)}'s {event}{when}, in framings that exclude each other: "
                f"which is right is disputed.")


def _corroborations(facts: Sequence[ClaimGroup]) -> Iterator[tuple[str, str, Explanation]]:
    by_side: dict[tuple[str, str], list[ClaimGroup]] = defaultdict(list)
    for f in facts:
        if "measure" in f.claims[0].prop.required_qualifiers and f.kind == "quantity":  # counted by a measure
            by_side[(f.subject, f.key.side)].append(f)
    for group in by_side.values():
        for f in group:
            for g in group:
                if g is f:
                    continue
                for p in f.positions:
                    for q in g.positions:
                        if p.value == q.value and _precise_in_both(p, q):
                            yield f.id, g.id, Explanation(
                                "corroboration",
                                f"{wordings(p)} ({holders(p)}) is also given as {g.key.measure} ({wordings(q)}; {holders(q)}, "
                                f"fact {g.id}): the same figure for the same side under another measure corroborates "
                                f"it; the measures are kept apart.")


def _precise(c: Located) -> bool:
    """A figure stated exactly, and not a round one: two sources giving it do not agree by chance."""
    v = c.value
    return isinstance(v, Quantity) and v.approx == "exact" and v.rounding is None


def _precise_in_both(p: Position, q: Position) -> bool:
    """Some claim of each gives the figure precisely, and the two are of different sources."""
    return any(a.source != b.source for a in p.claims if _precise(a) for b in q.claims if _precise(b))


def explain_corroboration(facts: Sequence[ClaimGroup]) -> Notes:
    """The same figure for one subject and side under different measures, from different sources."""
    for fid, _other, e in _corroborations(facts):
        yield fid, e


def corroborating_facts(facts: Sequence[ClaimGroup]) -> dict[str, tuple[str, ...]]:
    """The facts each fact is corroborated by (see :func:`explain_corroboration`)."""
    out: dict[str, set[str]] = defaultdict(set)
    for fid, other, _e in _corroborations(facts):
        out[fid].add(other)
    return {fid: tuple(sorted(v)) for fid, v in out.items()}


def unexplained(fact: ClaimGroup, kinds: set[str]) -> Explanation | None:
    """The words "unexplained" for a conflict no explaining kind accounts for."""
    if fact.status != "conflict" or kinds & EXPLAINING:
        return None
    return Explanation("unexplained", "Unexplained: nothing in the corpus accounts for the difference between "
                       + " and ".join(f"{wordings(p)} ({holders(p)})" for p in fact.positions) + ".")
