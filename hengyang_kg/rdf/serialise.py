"""Serialisations of the dataset: TriG, N-Quads, Turtle (union), JSON-LD and RDF 1.2 TriG.

Serialisers return bytes; only :func:`write_exports` touches the file system,
and it writes atomically: every file is written beside its target and renamed
into place only when all five are complete.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from hengyang_kg.files import write_atomically
from hengyang_kg.namespaces import RDF, prefixes
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


class _Compactor:
    """Compact IRIs against the project's prefixes (longest namespace first)."""

    def __init__(self, base: str) -> None:
        self.ns = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        got = self.cache.get(iri)
        if got is None:
            got = iri
            for name, ns in self.ns:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    got = f"{name}:{iri[len(ns):]}"
                    break
            self.cache[iri] = got
        return got


def _term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, compact: _Compactor) -> str | dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"@id": compact(t.value)}
    if not isinstance(t, ox.Literal):
        raise TypeError(f"the dataset has no blank nodes or quoted triples, found {t}")
    if t.language:
        return {"@value": t.value, "@language": t.language}
    dt = t.datatype.value
    if dt == "http://www.w3.org/2001/XMLSchema#string":
        return t.value
    return {"@value": t.value, "@type": compact(dt)}


def to_jsonld(quads: list[ox.Quad], base: str) -> bytes:
    """Named graphs in compact form with the project context; one node per line.

    ``quads`` must keep each graph's quads, and each subject's within it, together.
    """
    compact = _Compactor(base)
    rdf_type = ox.NamedNode(RDF + "type")
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    ctx = json.dumps(jsonld_context(base)["@context"], ensure_ascii=False, sort_keys=False)
    iris: dict[ox.NamedNode, dict[str, str]] = {}  # IRIs as objects recur: each converted once
    keys: dict[ox.NamedNode, str] = {}
    graphs: list[str] = []
    nodes: list[str] = []
    cur_g: ox.NamedNode | ox.BlankNode | ox.DefaultGraph | None = None
    node: dict[str, Any] | None = None
    cur_s: ox.NamedNode | ox.BlankNode | ox.Triple | None = None

    def flush_node() -> None:
        if node is not None:
            nodes.append(encode(node))

    def flush_graph() -> None:
        if cur_g is not None:
            name = compact(cur_g.value) if isinstance(cur_g, ox.NamedNode) else "@default"
            graphs.append('{"@id":%s,"@graph":[\n  %s\n]}' % (json.dumps(name, ensure_ascii=False), ",\n  ".join(nodes)))

    for q in quads:
        g = q.graph_name
        if g != cur_g:
            flush_node()
            flush_graph()
            cur_g, nodes, node, cur_s = g, [], None, None
        s = q.subject
        if node is None or s != cur_s:
            if isinstance(s, ox.Triple):
                raise TypeError(f"the dataset has no quoted triples as subjects, found {s}")
            flush_node()
            node, cur_s = {"@id": compact(s.value)}, s
        p, o = q.predicate, q.object
        if isinstance(o, ox.NamedNode):
            if p == rdf_type:
                node.setdefault("@type", []).append(compact(o.value))
                continue
            value: str | dict[str, str] | None = iris.get(o)
            if value is None:
                value = iris[o] = {"@id": compact(o.value)}
        else:
            value = _term(o, compact)
        key = keys.get(p)
        if key is None:
            key = keys[p] = compact(p.value)
        node.setdefault(key, []).append(value)
    flush_node()
    flush_graph()
    body = ",\n".join(graphs)
    return ('{"@context":%s,\n"@graph":[\n%s\n]}\n' % (ctx, body)).encode("utf-8")


def serialise_all(quads: list[ox.Quad], base: str) -> dict[str, bytes]:
    """The five exports as bytes, by file name; ``quads`` in dataset order (rdf.build.dataset_quads)."""
    return {
        "hengyang.trig": to_trig(quads, base),
        "hengyang.nq": to_nquads(quads),
        "hengyang.ttl": to_turtle(quads, base),
        "hengyang.jsonld": to_jsonld(quads, base),
        "hengyang.rdf12.trig": to_rdf12_trig(quads, base),
    }


def write_exports(quads: list[ox.Quad], out: Path, base: str) -> list[Path]:
    return write_atomically(serialise_all(quads, base), out)
