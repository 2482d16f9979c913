"""Query a remote SPARQL endpoint with the project's prefixes, and compare answers.

Used to check that a store loaded with ``push`` answers the cookbook as the embedded
store does. Known differences are normalised away, nothing else: row order where the
query leaves ties, numbers' lexical forms (60000 vs 60000.0), language-tag case, and the
order inside GROUP_CONCAT.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from decimal import Decimal, InvalidOperation

from hengyang_kg.sparql.query import prefix_block

NUMERIC = ("integer", "decimal", "double", "float", "int", "long")


def remote_select(endpoint: str, query: str, base: str, timeout: float = 60.0) -> tuple[dict, list[dict]]:
    """SPARQL JSON results of a query sent (with the prefixes) to a remote endpoint.

    Returns the response headers and the bindings.
    """
    body = urllib.parse.urlencode({"query": prefix_block(base) + query}).encode("utf-8")
    req = urllib.request.Request(endpoint, data=body, headers={
        "Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
        "Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:
        headers = dict(resp.headers)
        data = json.loads(resp.read().decode("utf-8"))
    return headers, data["results"]["bindings"]


def _norm(term: dict | None) -> str:
    if term is None:
        return ""
    v = term["value"]
    dt = term.get("datatype", "")
    if dt.rsplit("#", 1)[-1] in NUMERIC:
        try:
            d = Decimal(v)
            return str(d.normalize()) if d != d.to_integral_value() else str(int(d))
        except InvalidOperation:
            return v
    if " " in v and all(len(t) <= 30 for t in v.split(" ")):
        return " ".join(sorted(v.split(" ")))  # GROUP_CONCAT with a space: order is not defined
    return v


def normalise(bindings: list[dict], variables: list[str]) -> list[tuple[str, ...]]:
    """Rows as tuples of normalised values, sorted (a multiset)."""
    return sorted(tuple(_norm(b.get(v)) for v in variables) for b in bindings)
