"""The dataset in RDF 1.2: every claim a reifier of its triple term.

In the named-graph form (``hengyang.trig``) a claim is a named graph ``claim:<id>`` that
*asserts* its triple, and the provenance graph reifies the triple the RDF 1.1 way
(``rdf:Statement``, ``rdf:subject``, ``rdf:predicate``, ``rdf:object``). In the RDF 1.2
form (``hengyang.rdf12.trig``) the claim is the reifier of a triple term::

    claim:c001-001 rdf:reifies <<( entity:defence_of_hengyang hkg:casualties 70000 )>> .

which is what the TriG 1.2 annotation ``<< s p o ~ claim:c001-001 >>`` abbreviates. A triple
term is not asserted: no source's figure becomes a statement of the dataset. The claim
keeps every other triple of its description in ``graph:provenance`` (source, quote and
its selectors, attribution, raw and normalised value, bounds, qualifiers, note); the
entity, provenance and reconciliation graphs are otherwise the same as in the named-graph
form. The claims' named graphs and the RDF 1.1 reification are left out: the reifier
says the same. The quads come from the named-graph form, in its order, so the file is
byte-identical for the same data.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox

from hengyang_kg.namespaces import RDF, prefixes
from hengyang_kg.rdf.terms import Iris

REIFIES = ox.NamedNode(RDF + "reifies")
# the RDF 1.1 reification of a claim in graph:provenance, which rdf:reifies replaces
_RDF_TYPE = ox.NamedNode(RDF + "type")
_STATEMENT = ox.NamedNode(RDF + "Statement")
_REIFICATION = frozenset(ox.NamedNode(RDF + p) for p in ("subject", "predicate", "object"))


def asserted_triples(quads: Iterable[ox.Quad], base: str) -> dict[ox.NamedNode, ox.Triple]:
    """The triple each claim graph asserts, by claim IRI."""
    prefix = Iris(base).claim("").value
    return {q.graph_name: q.triple for q in quads
            if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(prefix)}


def is_rdf11_reification(q: ox.Quad) -> bool:
    """``rdf:type rdf:Statement``, ``rdf:subject``, ``rdf:predicate`` or ``rdf:object``."""
    return q.predicate in _REIFICATION or (q.predicate == _RDF_TYPE and q.object == _STATEMENT)


def rdf12_quads(quads: list[ox.Quad], base: str) -> Iterator[ox.Quad]:
    """The dataset with each claim as the reifier of its triple term (see the module).

    ``quads`` in dataset order (:func:`hengyang_kg.rdf.build.dataset_quads`): each
    subject's quads together, so the ``rdf:reifies`` quad opens its claim's block.
    """
    triples = asserted_triples(quads, base)
    prov = Iris(base).graph("provenance")
    reified: set[ox.NamedNode] = set()
    for q in quads:
        if q.graph_name in triples:
            continue  # the claim's named graph: the triple term carries it, unasserted
        s = q.subject
        if q.graph_name == prov and s in triples and isinstance(s, ox.NamedNode):
            if s not in reified:
                reified.add(s)
                yield ox.Quad(s, REIFIES, triples[s], prov)
            if is_rdf11_reification(q):
                continue
        yield q
    missing = sorted(c.value for c in triples.keys() - reified)
    if missing:  # every claim graph has its description: a broken dataset otherwise
        raise ValueError(f"claims without a description in graph:provenance: {', '.join(missing[:5])}")


def run_rdf12_quads(described: list[ox.Quad], asserted: list[ox.Quad]) -> Iterator[ox.Quad]:
    """:func:`rdf12_quads` of a run of claims (:func:`hengyang_kg.rdf.build.run_quads`):
    ``described``, their descriptions in ``graph:provenance``, each claim's together;
    ``asserted``, the triple each claim's graph asserts. The same quads, without looking
    for the claims' graphs and the provenance graph among them."""
    triples: dict[object, ox.Triple] = {q.graph_name: q.triple for q in asserted}
    reified: set[object] = set()
    for q in described:
        s = q.subject
        if s in triples:
            if s not in reified:
                reified.add(s)
                yield ox.Quad(s, REIFIES, triples[s], q.graph_name)
            if is_rdf11_reification(q):
                continue
        yield q
    missing = sorted(str(c) for c in triples.keys() - reified)
    if missing:  # every claim graph has its description: a broken dataset otherwise
        raise ValueError(f"claims without a description in graph:provenance: {', '.join(missing[:5])}")


def to_rdf12_trig(quads: list[ox.Quad], base: str) -> bytes:
    """``hengyang.rdf12.trig``: TriG 1.2 written by pyoxigraph."""
    return ox.serialize(rdf12_quads(quads, base), format=ox.RdfFormat.TRIG, prefixes=prefixes(base)) or b""
