"""The JSON-LD writer writes each node's JSON text directly: it gives what ``json.dumps``
of the node's dictionary gives (the form the export has always had), and its compaction
of IRIs is the plain rule: the longest namespace the IRI starts with, a non-empty local
part not starting with ``//``."""

from __future__ import annotations

import json
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hengyang_kg.namespaces import RDF, XSD, prefixes
from hengyang_kg.rdf import jsonld as jsonld_mod
from hengyang_kg.rdf.jsonld import Compactor, jsonld_nodes

from .conftest import BASE

NAMESPACES = sorted(prefixes(BASE).items(), key=lambda kv: -len(kv[1]))


def compact_by_rule(iri: str) -> str:
    for name, ns in NAMESPACES:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            return f"{name}:{iri[len(ns):]}"
    return iri


def nodes_by_dict(quads: list[ox.Quad]) -> list[tuple[Any, list[str]]]:
    """Each graph's nodes as dictionaries dumped by ``json.dumps``."""
    out: list[tuple[Any, list[str]]] = []
    node: dict[str, Any] | None = None
    cur_g, cur_s = None, None
    for q in quads:
        if q.graph_name != cur_g:
            if node is not None:
                out[-1][1].append(json.dumps(node, ensure_ascii=False, separators=(",", ":")))
            cur_g, cur_s, node = q.graph_name, None, None
            out.append((cur_g, []))
        if q.subject != cur_s:
            if node is not None:
                out[-1][1].append(json.dumps(node, ensure_ascii=False, separators=(",", ":")))
            cur_s, node = q.subject, {"@id": compact_by_rule(q.subject.value)}
        p, o = q.predicate.value, q.object
        assert node is not None
        if isinstance(o, ox.NamedNode):
            if p == RDF + "type":
                node.setdefault("@type", []).append(compact_by_rule(o.value))
                continue
            value: Any = {"@id": compact_by_rule(o.value)}
        elif o.language:
            value = {"@value": o.value, "@language": o.language}
        elif o.datatype.value == XSD + "string":
            value = o.value
        else:
            value = {"@value": o.value, "@type": compact_by_rule(o.datatype.value)}
        node.setdefault(compact_by_rule(p), []).append(value)
    if node is not None:
        out[-1][1].append(json.dumps(node, ensure_ascii=False, separators=(",", ":")))
    return out


namespace = st.sampled_from([ns for _, ns in NAMESPACES] + ["http://example.org/", "https://w3id.org/"])
local = st.text(st.sampled_from("ab/#:-_.é"), max_size=8)


@settings(max_examples=300, deadline=None)
@given(namespace, local)
def test_compaction_follows_the_rule(ns, rest):
    iri = ns + rest
    compact = Compactor(BASE)
    assert compact(iri) == compact_by_rule(iri)
    assert compact(iri) == compact_by_rule(iri)  # and from its cache


def test_a_namespace_without_a_closing_slash_is_tried_in_turn(monkeypatch):
    """Where a namespace does not end in "/" or "#", each is tried, longest first."""
    extra = {**prefixes(BASE), "ex": "http://example.org/ab", "exl": "http://example.org/abc"}
    monkeypatch.setattr(jsonld_mod, "prefixes", lambda base: extra)
    compact = Compactor(BASE)
    assert compact("http://example.org/abcd") == "exl:d"
    assert compact("http://example.org/abxd") == "ex:xd"
    assert compact("http://example.org/abc") == "ex:c"
    assert compact(BASE + "entity/x") == "entity:x"


EX = BASE + "entity/"
S, T, P, Q = (ox.NamedNode(EX + n) for n in ("s", "t", "p", "q"))
G = ox.NamedNode(BASE + "graph/g")
TYPE = ox.NamedNode(RDF + "type")
EDGES = [  # keys in the order of their first quad, a key coming back after another, odd literals
    ox.Quad(S, P, ox.Literal("a \"quoted\" \\ line\nbreak\ttab\x01\u2028"), G),
    ox.Quad(S, TYPE, ox.NamedNode(BASE + "ontology#Thing"), G),  # not a project namespace: kept whole
    ox.Quad(S, Q, ox.Literal("一九四四", language="zh-hant"), G),
    ox.Quad(S, P, ox.Literal("47", datatype=ox.NamedNode(XSD + "integer")), G),
    ox.Quad(S, TYPE, ox.NamedNode("https://w3id.org/hengyang-kg/ontology#Battle"), G),
    ox.Quad(S, TYPE, ox.Literal("a literal as a type"), G),
    ox.Quad(S, Q, ox.NamedNode(EX + "//odd"), G),
    ox.Quad(T, P, S, G),
    ox.Quad(T, P, ox.Literal("x", datatype=ox.NamedNode("http://example.org/dt")), ox.DefaultGraph()),
]


def test_the_edge_cases_are_written_as_json_dumps_writes_them():
    got = [(g, nodes) for g, nodes in jsonld_nodes(EDGES, Compactor(BASE))]
    assert got == nodes_by_dict(EDGES)
    for _, nodes in got:
        for n in nodes:
            json.loads(n)


@pytest.mark.parametrize("cached", [50_000, 3])
def test_the_dataset_is_written_as_json_dumps_writes_it(quads, monkeypatch, cached):
    monkeypatch.setattr(jsonld_mod, "CACHED", cached)  # caches cleared again and again
    assert list(jsonld_nodes(quads, Compactor(BASE))) == nodes_by_dict(quads)


def test_a_quoted_triple_or_a_blank_object_is_refused():
    with pytest.raises(TypeError, match="no blank nodes"):
        list(jsonld_nodes([ox.Quad(S, P, ox.BlankNode("b"), G)], Compactor(BASE)))
    with pytest.raises(TypeError, match="no blank nodes or quoted triples"):
        list(jsonld_nodes([ox.Quad(S, P, ox.Triple(S, P, T), G)], Compactor(BASE)))
