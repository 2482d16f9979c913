"""Serialisations of the dataset: TriG, N-Quads, Turtle (union), JSON-LD and RDF 1.2 TriG.

Serialisers return bytes (:func:`serialise_all`, the five of a list of quads); ``build``
writes the same bytes part by part into the output set (:mod:`~hengyang_kg.rdf.stream`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph as ox

from hengyang_kg.namespaces import prefixes
from hengyang_kg.rdf.jsonld import Compactor, graph_opening, jsonld_nodes
from hengyang_kg.rdf.rdf12 import to_rdf12_trig

EXPORTS = ("hengyang.trig", "hengyang.nq", "hengyang.ttl", "hengyang.jsonld", "hengyang.rdf12.trig")


def to_trig(quads: list[ox.Quad], base: str) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes(base)) or b""


def to_nquads(quads: list[ox.Quad]) -> bytes:
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""


def union_triples(quads: Iterable[ox.Quad]) -> list[ox.Triple]:
    """All graphs merged, each triple once: the entity and provenance graphs in dataset
    order, then the claims' asserted triples sorted (so each subject is one block)."""
    described: list[ox.Triple] = []
    asserted: dict[tuple[str, str, str], ox.Triple] = {}
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.rsplit("/", 2)[-2] == "graph":
            described.append(q.triple)
        else:
            asserted[(str(q.subject), str(q.predicate), str(q.object))] = q.triple
    seen = set(described)
    return described + [asserted[k] for k in sorted(asserted) if asserted[k] not in seen]


def to_turtle(quads: list[ox.Quad], base: str) -> bytes:
    """The union graph; lossless because every claim is reified in the provenance graph."""
    return ox.serialize(union_triples(quads), format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)) or b""


def jsonld_context(base: str) -> dict[str, dict[str, str]]:
    """The JSON-LD context: the project's prefixes (``ontology/context.jsonld`` for the default base)."""
    return {"@context": dict(prefixes(base))}


def to_jsonld(quads: list[ox.Quad], base: str) -> bytes:
    """Named graphs in compact form with the project context; one node per line.

    ``quads`` must keep each graph's quads, and each subject's within it, together.
    """
    compact = Compactor(base)
    ctx = json.dumps(jsonld_context(base)["@context"], ensure_ascii=False, sort_keys=False)
    out = [('{"@context":' + ctx + ',\n"@graph":[\n').encode("utf-8")]
    for i, (g, nodes) in enumerate(jsonld_nodes(quads, compact)):  # each graph as bytes: no text of the whole
        out.append(((",\n" if i else "") + graph_opening(g, compact) + ",\n  ".join(nodes) + "\n]}").encode("utf-8"))
    out.append(b"\n]}\n")
    return b"".join(out)


def serialise_all(quads: list[ox.Quad], base: str) -> dict[str, bytes]:
    """The five exports as bytes, by file name; ``quads`` in dataset order (rdf.build.dataset_quads)."""
    return {
        "hengyang.trig": to_trig(quads, base),
        "hengyang.nq": to_nquads(quads),
        "hengyang.ttl": to_turtle(quads, base),
        "hengyang.jsonld": to_jsonld(quads, base),
        "hengyang.rdf12.trig": to_rdf12_trig(quads, base),
    }
