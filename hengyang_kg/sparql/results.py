"""Serialising query results we have already read (a result cut at a row or byte limit).

The rows are written as SPARQL 1.1 Query Results JSON — the one writer of our own, built
with ``json`` from each term's kind, so IRIs, blank nodes, literals with a language or a
datatype, and RDF 1.2 triple terms all survive — then read back by pyoxigraph and
serialised by it into the format asked for (JSON, XML, CSV, TSV).
"""

from __future__ import annotations

import json

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def term_json(t) -> dict:
    """A term as SPARQL Results JSON.

    >>> term_json(ox.BlankNode("b0"))
    {'type': 'bnode', 'value': 'b0'}
    >>> term_json(ox.Literal("衡阳", language="zh-hans"))
    {'type': 'literal', 'value': '衡阳', 'xml:lang': 'zh-hans'}
    """
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Triple):
        return {"type": "triple", "value": {"subject": term_json(t.subject), "predicate": term_json(t.predicate),
                                            "object": term_json(t.object)}}
    out = {"type": "literal", "value": t.value}
    if t.language:
        out["xml:lang"] = t.language
    elif t.datatype.value != XSD_STRING:
        out["datatype"] = t.datatype.value
    return out


def solutions_json(names: list[str], rows: list) -> bytes:
    """Rows (``QuerySolution``s) as SPARQL 1.1 Query Results JSON."""
    bindings = [{n: term_json(r[n]) for n in names if r[n] is not None} for r in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}},
                      ensure_ascii=False).encode("utf-8")


def serialise_solutions(names: list[str], rows: list, fmt: ox.QueryResultsFormat) -> bytes:
    """Rows in ``fmt``, serialised by pyoxigraph."""
    parsed = ox.parse_query_results(solutions_json(names, rows), format=ox.QueryResultsFormat.JSON)
    return parsed.serialize(format=fmt) or b""
