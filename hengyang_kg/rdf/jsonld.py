"""The JSON-LD export's nodes: each subject of a graph as one compact JSON object, its IRIs
compacted against the project's prefixes. Used for the whole export
(:func:`hengyang_kg.rdf.serialise.to_jsonld`) and for its fragments
(:mod:`hengyang_kg.rdf.fragments`)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from hengyang_kg.namespaces import RDF, prefixes

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph


CACHED = 50_000  # compacted IRIs kept, so that a streamed export's memory stays bounded


class Compactor:
    """Compact IRIs against the project's prefixes (longest namespace first)."""

    def __init__(self, base: str) -> None:
        self.ns = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
        self.cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        got = self.cache.get(iri)
        if got is None:
            if len(self.cache) >= CACHED:  # the predicates and classes recur; most IRIs of a run do not
                self.cache.clear()
            got = iri
            for name, ns in self.ns:
                if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                    got = f"{name}:{iri[len(ns):]}"
                    break
            self.cache[iri] = got
        return got


def _term(t: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, compact: Compactor) -> str | dict[str, str]:
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


_RDF_TYPE = ox.NamedNode(RDF + "type")
_encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def jsonld_nodes(quads: Iterable[ox.Quad], compact: Compactor) -> Iterator[tuple[Graph, list[str]]]:
    """Each graph of ``quads`` in turn with its nodes as JSON text, one per subject.

    ``quads`` must keep each graph's quads, and each subject's within it, together."""
    iris: dict[ox.NamedNode, dict[str, str]] = {}  # IRIs as objects recur: each converted once
    keys: dict[ox.NamedNode, str] = {}
    nodes: list[str] = []
    cur_g: Graph | None = None
    node: dict[str, Any] | None = None
    cur_s: ox.NamedNode | ox.BlankNode | ox.Triple | None = None
    for q in quads:
        g = q.graph_name
        if g != cur_g:
            if node is not None:
                nodes.append(_encode(node))
            if cur_g is not None:
                yield cur_g, nodes
            cur_g, nodes, node, cur_s = g, [], None, None
        s = q.subject
        if node is None or s != cur_s:
            if isinstance(s, ox.Triple):
                raise TypeError(f"the dataset has no quoted triples as subjects, found {s}")
            if node is not None:
                nodes.append(_encode(node))
            node, cur_s = {"@id": compact(s.value)}, s
        p, o = q.predicate, q.object
        if isinstance(o, ox.NamedNode):
            if p == _RDF_TYPE:
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
    if node is not None:
        nodes.append(_encode(node))
    if cur_g is not None:
        yield cur_g, nodes
