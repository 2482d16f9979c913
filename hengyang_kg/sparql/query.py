"""SPARQL over the dataset (pyoxigraph): the project's prefixes predeclared, the default
graph the union of all graphs, results in the standard formats or as a terminal table."""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass

import pyoxigraph as ox

from hengyang_kg.namespaces import prefixes
from hengyang_kg.sparql.results import serialise_solutions

SELECT_FORMATS = {
    "json": (ox.QueryResultsFormat.JSON, "application/sparql-results+json"),
    "xml": (ox.QueryResultsFormat.XML, "application/sparql-results+xml"),
    "csv": (ox.QueryResultsFormat.CSV, "text/csv"),
    "tsv": (ox.QueryResultsFormat.TSV, "text/tab-separated-values"),
}
GRAPH_FORMATS = {
    "turtle": (ox.RdfFormat.TURTLE, "text/turtle"),
    "trig": (ox.RdfFormat.TRIG, "application/trig"),
    "jsonld": (ox.RdfFormat.JSON_LD, "application/ld+json"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, "application/n-triples"),
}


class QueryError(Exception):
    """A query that cannot be run (syntax, an update on a read-only store, a limit)."""


def prefix_block(base: str) -> str:
    return "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes(base).items())


@dataclass
class Result:
    kind: str  # select | ask | graph
    body: bytes
    media_type: str
    rows: int
    truncated: bool
    byte_cut: bool = False


def is_update(text: str) -> bool:
    """True for SPARQL Update requests (INSERT, DELETE, LOAD, CLEAR ...), which are refused."""
    import re

    body = re.sub(r"(?m)(^|\s)#[^\n]*", " ", text)
    body = re.sub(r"(?is)^\s*((BASE|PREFIX)\s+[^\s]*\s*<[^>]*>\s*)*", "", body)
    return bool(re.match(r"(?i)\s*(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b", body))


def execute(store: ox.Store, text: str, base: str):
    """Evaluate a query: prefixes predeclared, the union as default graph, updates refused."""
    if is_update(text):
        raise QueryError("updates are not allowed: this dataset is read-only")
    try:
        return store.query(text, prefixes=prefixes(base), use_default_graph_as_union=True)
    except SyntaxError as exc:
        raise QueryError(f"SPARQL syntax error: {exc}") from None


def run(store: ox.Store, text: str, base: str, fmt: str | None = None, limit: int | None = None,
        max_bytes: int | None = None) -> Result:
    """Run a query and serialise its result; ``limit`` caps the rows and ``max_bytes`` the
    size of the body (a result cut by either says so)."""
    res = execute(store, text, base)
    if isinstance(res, ox.QueryBoolean):
        fmt = fmt if fmt in SELECT_FORMATS else "json"
        rf, mt = SELECT_FORMATS[fmt]
        return Result("ask", res.serialize(format=rf) or b"", mt, 1, False)
    if isinstance(res, ox.QueryTriples):
        fmt = fmt if fmt in GRAPH_FORMATS else "turtle"
        gf, mt = GRAPH_FORMATS[fmt]
        triples, truncated = _take(res, limit)
        pre = prefixes(base) if gf != ox.RdfFormat.N_TRIPLES else None
        body, n, cut = _fit(triples, lambda xs: ox.serialize(xs, format=gf, prefixes=pre) or b"", max_bytes)
        return Result("graph", body, mt, n, truncated or cut, cut)
    fmt = fmt if fmt in SELECT_FORMATS else "json"
    names = [v.value for v in res.variables]
    rows, truncated = _take(res, limit)
    rf, mt = SELECT_FORMATS[fmt]
    body, n, cut = _fit(rows, lambda xs: serialise_solutions(names, xs, rf), max_bytes)
    return Result("select", body, mt, n, truncated or cut, cut)


def _fit(items: list, serialise, max_bytes: int | None) -> tuple[bytes, int, bool]:
    """The serialisation of as many leading items as fit in ``max_bytes``."""
    body = serialise(items)
    if max_bytes is None or len(body) <= max_bytes:
        return body, len(items), False
    n = len(items)
    while n > 0 and len(body) > max_bytes:
        n = min(n - 1, int(n * max_bytes / len(body) * 0.95))
        body = serialise(items[:max(n, 0)])
    return body, max(n, 0), True


def _take(it, limit: int | None) -> tuple[list, bool]:
    out: list = []
    for x in it:
        if limit is not None and len(out) >= limit:
            return out, True
        out.append(x)
    return out, False


def table(store: ox.Store, text: str, base: str, limit: int | None = None) -> str:
    """A SELECT result as an aligned terminal table (IRIs compacted with the project prefixes)."""
    res = execute(store, text, base)
    if isinstance(res, ox.QueryBoolean):
        return "true\n" if bool(res) else "false\n"
    if isinstance(res, ox.QueryTriples):
        return (ox.serialize(list(res), format=ox.RdfFormat.TURTLE, prefixes=prefixes(base)) or b"").decode("utf-8")
    names = [v.value for v in res.variables]
    rows, truncated = _take(res, limit)
    cells = [[_show(r[n], base) for n in names] for r in rows]
    widths = [max([_width(n)] + [_width(c[i]) for c in cells]) for i, n in enumerate(names)]
    out = io.StringIO()
    out.write("  ".join(_pad(n, w) for n, w in zip(names, widths)).rstrip() + "\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for c in cells:
        out.write("  ".join(_pad(x, w) for x, w in zip(c, widths)).rstrip() + "\n")
    out.write(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', cut at the limit' if truncated else ''})\n")
    return out.getvalue()


def _show(t, base: str) -> str:
    if t is None:
        return ""
    if isinstance(t, ox.NamedNode):
        for k, v in sorted(prefixes(base).items(), key=lambda kv: -len(kv[1])):
            if t.value.startswith(v):
                return f"{k}:{t.value[len(v):]}"
        return f"<{t.value}>"
    return t.value.replace("\n", " ")


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _pad(s: str, w: int) -> str:
    return s + " " * (w - _width(s))
