"""The JSON-LD export's nodes: each subject of a graph as one compact JSON object, its IRIs
compacted against the project's prefixes. Used for the whole export
(:func:`hengyang_kg.rdf.serialise.to_jsonld`) and for its fragments
(:mod:`hengyang_kg.rdf.fragments`).

The JSON text is written directly, node by node, as ``json.dumps`` with
``ensure_ascii=False`` and ``separators=(",", ":")`` would write the node's dictionary
(``{"@id": ..., key: [values], ...}``, the keys in the order of their first quad): each
IRI's text (``{"@id":"entity:x"}``, ``"hkg:Battle"``, a key ``"skos:prefLabel"``) is made
once and kept, a literal's string is escaped by :func:`json.encoder.encode_basestring`,
and no dictionary per node is built."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring

import pyoxigraph as ox

from hengyang_kg.namespaces import RDF, XSD, prefixes

Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
Subject = ox.NamedNode | ox.BlankNode

CACHED = 50_000  # IRIs kept in each cache, so that a streamed export's memory stays bounded

_RDF_TYPE = ox.NamedNode(RDF + "type")
_XSD_STRING = ox.NamedNode(XSD + "string")
_TYPE_KEY = '"@type"'


class Compactor:
    """Compact IRIs against the project's prefixes (longest namespace first), and keep the
    JSON text of the IRIs a JSON-LD node writes (as an ``@id``, a type, a key)."""

    def __init__(self, base: str) -> None:
        self.ns = sorted(prefixes(base).items(), key=lambda kv: -len(kv[1]))
        # When every namespace ends in "/" or "#", the namespaces an IRI starts with end at its
        # "/" and "#": looked up there, without trying each namespace in turn.
        self.by_ns: dict[str, str] = {}
        if all(ns[-1:] in ("/", "#") for _, ns in self.ns):
            for name, ns in self.ns:
                self.by_ns.setdefault(ns, name)
        self.longest, self.shortest = max(map(len, self.by_ns), default=0), min(map(len, self.by_ns), default=0)
        self.cache: dict[str, str] = {}
        self.ids: dict[str, str] = {}  # {"@id":"entity:x"}, by IRI
        self.types: dict[str, str] = {}  # "hkg:Battle", by IRI
        self.keys: dict[ox.NamedNode, str] = {_RDF_TYPE: _TYPE_KEY}  # "skos:prefLabel"
        self.datatypes: dict[ox.NamedNode, str] = {_XSD_STRING: ""}  # ,"@type":"xsd:date"}

    def __call__(self, iri: str) -> str:
        got = self.cache.get(iri)
        if got is None:
            if len(self.cache) >= CACHED:  # the predicates and classes recur; most IRIs of a run do not
                self.cache.clear()
            got = self.cache[iri] = self._compact(iri)
        return got

    def _compact(self, iri: str) -> str:
        if self.by_ns:  # each "/" or "#" that may end a namespace, from the right: longest first
            cut, low = self.longest, self.shortest - 1
            while (cut := max(iri.rfind("/", low, cut), iri.rfind("#", low, cut))) >= 0:
                name = self.by_ns.get(iri[:cut + 1])
                if name is not None and cut + 1 < len(iri) and not iri.startswith("//", cut + 1):
                    return f"{name}:{iri[cut + 1:]}"
            return iri
        for name, ns in self.ns:
            if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
                return f"{name}:{iri[len(ns):]}"
        return iri

    def node_id(self, iri: str) -> str:
        """``{"@id":"..."}``: a node reference (and, without its ``}``, a node's opening)."""
        if len(self.ids) >= CACHED:
            self.ids.clear()
        got = self.ids[iri] = '{"@id":' + encode_basestring(self._compact(iri)) + "}"
        return got

    def type_text(self, iri: str) -> str:
        if len(self.types) >= CACHED:
            self.types.clear()
        got = self.types[iri] = encode_basestring(self._compact(iri))
        return got

    def key_text(self, p: ox.NamedNode) -> str:
        if len(self.keys) >= CACHED:
            self.keys.clear()
            self.keys[_RDF_TYPE] = _TYPE_KEY
        got = self.keys[p] = encode_basestring(self._compact(p.value))
        return got

    def datatype_text(self, dt: ox.NamedNode) -> str:
        if len(self.datatypes) >= CACHED:
            self.datatypes.clear()
            self.datatypes[_XSD_STRING] = ""
        got = self.datatypes[dt] = ',"@type":' + encode_basestring(self._compact(dt.value)) + "}"
        return got


def graph_opening(g: Graph, compact: Compactor) -> str:
    """``{"@id":"claim:x","@graph":[`` and the indent of its first node."""
    name = compact(g.value) if isinstance(g, ox.NamedNode) else "@default"
    return '{"@id":' + encode_basestring(name) + ',"@graph":[\n  '


def _closed(opening: str, values: dict[str, str]) -> str:
    return opening + "".join([f",{k}:[{v}]" for k, v in values.items()]) + "}"


def jsonld_nodes(quads: Iterable[ox.Quad], compact: Compactor) -> Iterator[tuple[Graph, list[str]]]:
    """Each graph of ``quads`` in turn with its nodes as JSON text, one per subject.

    ``quads`` must keep each graph's quads, and each subject's within it, together."""
    ids, types, keys, datatypes = compact.ids, compact.types, compact.keys, compact.datatypes
    nodes: list[str] = []
    cur_g: Graph | None = None
    cur_s: Subject | None = None
    opening = ""
    values: dict[str, str] = {}  # the current node's values by key, as JSON text without the brackets
    for q in quads:
        g = q.graph_name
        if g != cur_g:
            if cur_s is not None:
                nodes.append(_closed(opening, values))
            if cur_g is not None:
                yield cur_g, nodes
            cur_g, nodes, cur_s = g, [], None
        s = q.subject
        if s != cur_s:
            if isinstance(s, ox.Triple):
                raise TypeError(f"the dataset has no quoted triples as subjects, found {s}")
            if cur_s is not None:
                nodes.append(_closed(opening, values))
            iri = s.value
            opening = (ids.get(iri) or compact.node_id(iri))[:-1]
            cur_s = s
            values.clear()
        p, o = q.predicate, q.object
        key = keys.get(p) or compact.key_text(p)
        if isinstance(o, ox.NamedNode):
            iri = o.value
            if key is _TYPE_KEY:
                text = types.get(iri) or compact.type_text(iri)
            else:
                text = ids.get(iri) or compact.node_id(iri)
        elif isinstance(o, ox.Literal):
            if key is _TYPE_KEY:
                key = encode_basestring(compact(_RDF_TYPE.value))  # a literal as a type: no "@type"
            lang = o.language
            if lang:
                text = '{"@value":' + encode_basestring(o.value) + ',"@language":' + encode_basestring(lang) + "}"
            else:
                dt = o.datatype
                tail = datatypes.get(dt)
                if tail is None:
                    tail = compact.datatype_text(dt)
                text = '{"@value":' + encode_basestring(o.value) + tail if tail else encode_basestring(o.value)
        else:
            raise TypeError(f"the dataset has no blank nodes or quoted triples, found {o}")
        before = values.get(key)
        values[key] = text if before is None else before + "," + text
    if cur_s is not None:
        nodes.append(_closed(opening, values))
    if cur_g is not None:
        yield cur_g, nodes
