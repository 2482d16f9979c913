"""Fragments of the exports: a run of the dataset's quads serialised on its own, in each
format, so that the exports can be written (and cached) piece by piece.

A fragment is what pyoxigraph (or the JSON-LD writer) gives for a run of quads, without
the prefix header, together with the graph it opens with and the graph it ends in. Two
fragments join into exactly what one serialisation of both runs gives: when the second
continues the graph the first ends in, the first's closing (``}`` in TriG, ``]}`` in
JSON-LD) and the second's opening are left out and the subject blocks joined; otherwise
they follow each other. That holds because a run never splits a subject's block (runs
are cut only where the subject changes), and is tested byte for byte against the
whole-dataset serialisers (``tests/test_stream.py``).

Turtle is the union graph: a fragment holds the described triples (entities, provenance,
reconciliation) in dataset order, and the claims' asserted triples are kept apart as
N-Triples lines, to be sorted, deduplicated and written after all of them
(:func:`turtle_tail`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from hengyang_kg.namespaces import prefixes
from hengyang_kg.rdf.jsonld import Compactor, graph_opening, jsonld_nodes
from hengyang_kg.rdf.rdf12 import run_rdf12_quads


@dataclass(frozen=True)
class Fragment:
    """A serialised run of quads: ``data`` opens graph ``first`` with its first ``head``
    bytes and closes graph ``last`` with its last ``tail`` bytes."""

    data: bytes
    first: str
    last: str
    head: int
    tail: int

    def as_tuple(self) -> tuple[bytes, str, str, int, int]:
        return self.data, self.first, self.last, self.head, self.tail


EMPTY = Fragment(b"", "", "", 0, 0)


@dataclass(frozen=True)
class Joins:
    """How one format joins fragments: between graphs, within a graph; and its frame."""

    between: bytes
    within: bytes
    header: bytes
    footer: bytes


@lru_cache(maxsize=8)
def prefix_header(fmt: ox.RdfFormat, base: str) -> bytes:
    """The prefix lines pyoxigraph writes before the first triple (the same for every call)."""
    n = ox.NamedNode(base + "x")
    one = [ox.Quad(n, n, n, n)] if fmt == ox.RdfFormat.TRIG else [ox.Triple(n, n, n)]
    data = ox.serialize(one, format=fmt, prefixes=prefixes(base)) or b""
    lines = data.splitlines(keepends=True)
    return b"".join(line for line in lines if line.startswith(b"@prefix "))


def _strip(data: bytes, header: bytes) -> bytes:
    if not data.startswith(header):
        raise ValueError("pyoxigraph wrote another prefix header than expected")
    return data[len(header):]


def joins(name: str, base: str) -> Joins:
    if name in ("hengyang.trig", "hengyang.rdf12.trig"):
        return Joins(b"", b"", prefix_header(ox.RdfFormat.TRIG, base), b"")
    if name == "hengyang.ttl":
        return Joins(b"", b"", prefix_header(ox.RdfFormat.TURTLE, base), b"")
    if name == "hengyang.jsonld":
        ctx = json.dumps(prefixes(base), ensure_ascii=False, sort_keys=False)
        return Joins(b",\n", b",\n  ", ('{"@context":' + ctx + ',\n"@graph":[\n').encode("utf-8"), b"\n]}\n")
    return Joins(b"", b"", b"", b"")


def _graph(q: ox.Quad) -> str:
    g = q.graph_name
    return g.value if isinstance(g, ox.NamedNode) else ""


def trig(quads: list[ox.Quad], base: str) -> Fragment:
    if not quads:
        return EMPTY
    data = _strip(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes(base)) or b"",
                  prefix_header(ox.RdfFormat.TRIG, base))
    return Fragment(data, _graph(quads[0]), _graph(quads[-1]), data.index(b"\n") + 1, 2)


def nquads(quads: list[ox.Quad]) -> Fragment:
    return Fragment(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"", "", "", 0, 0) if quads else EMPTY


def turtle(triples: list[ox.Triple], base: str) -> Fragment:
    """Described triples (not the claims' asserted ones) as Turtle."""
    if not triples:
        return EMPTY
    data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)) or b""
    return Fragment(_strip(data, prefix_header(ox.RdfFormat.TURTLE, base)), "", "", 0, 0)


def ntriples(triples: Iterable[ox.Triple]) -> list[bytes]:
    """Triples as N-Triples lines (their order as in Turtle's sorted union, see :func:`turtle_tail`)."""
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    return data.splitlines(keepends=True)


def jsonld(quads: list[ox.Quad], compact: Compactor) -> Fragment:
    """Named graphs in compact form, one node per line (as :func:`hengyang_kg.rdf.serialise.to_jsonld`)."""
    if not quads:
        return EMPTY
    pieces: list[str] = []
    first_head = 0
    for i, (g, nodes) in enumerate(jsonld_nodes(quads, compact)):
        head = graph_opening(g, compact)
        if i == 0:
            first_head = len(head.encode("utf-8"))
        pieces += [",\n" if i else "", head, ",\n  ".join(nodes), "\n]}"]
    return Fragment("".join(pieces).encode("utf-8"), _graph(quads[0]), _graph(quads[-1]), first_head, 3)


def run_rdf12(described: list[ox.Quad], asserted: list[ox.Quad], base: str) -> Fragment:
    """A run of claims in the RDF 1.2 form (:func:`hengyang_kg.rdf.rdf12.run_rdf12_quads`)."""
    return trig(list(run_rdf12_quads(described, asserted)), base)


def is_described(q: ox.Quad) -> bool:
    """In a graph of the dataset's own (entities, provenance, reconciliation), not a claim's."""
    g = q.graph_name
    return isinstance(g, ox.NamedNode) and g.value.rsplit("/", 2)[-2] == "graph"


def all_fragments(quads: list[ox.Quad], base: str, compact: Compactor) -> dict[str, Fragment]:
    """A run of the dataset's own graphs (entities, provenance, reconciliation; no claim's
    graph) in each of the five exports. Without a claim's graph the RDF 1.2 form changes
    nothing (:func:`hengyang_kg.rdf.rdf12.rdf12_quads`): its fragment is the TriG one."""
    if not all(map(is_described, quads[:1])):
        raise ValueError("a whole-corpus part holds no claim's named graph")
    t = trig(quads, base)
    return {
        "hengyang.trig": t,
        "hengyang.nq": nquads(quads),
        "hengyang.ttl": turtle([q.triple for q in quads], base),
        "hengyang.jsonld": jsonld(quads, compact),
        "hengyang.rdf12.trig": t,
    }


TAIL_BATCH = 50_000  # asserted triples serialised at a time


def turtle_tail(lines: Iterable[bytes], seen: set[bytes], base: str) -> Iterator[bytes]:
    """The claims' asserted triples of the Turtle union, from their N-Triples lines:
    each once, those not already described left out, sorted (N-Triples lines sort as the
    triples' (subject, predicate, object) strings do: every term ends in ``>`` or its
    literal's closing, after which a space sorts first), in Turtle, a batch at a time
    (cut where the subject changes, so no subject's block is split)."""
    ordered = sorted(set(lines) - seen)
    batch, start = TAIL_BATCH, 0
    while start < len(ordered):
        end = min(start + batch, len(ordered))
        subject = ordered[end - 1].split(b" ", 1)[0]
        while end < len(ordered) and ordered[end].split(b" ", 1)[0] == subject:
            end += 1
        triples = ox.parse(b"".join(ordered[start:end]), format=ox.RdfFormat.N_TRIPLES)
        data = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)) or b""
        yield _strip(data, prefix_header(ox.RdfFormat.TURTLE, base))
        start = end


def fragment_of(t: tuple[Any, ...]) -> Fragment:
    data, first, last, head, tail = t
    return Fragment(bytes(data), str(first), str(last), int(head), int(tail))

