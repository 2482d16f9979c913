"""Strict HTTP for the endpoint: request bodies (Content-Length or chunked, bounded, UTF-8)
and content negotiation (q-values, ``q=0`` as "not this", wildcards, 406 when nothing fits)."""

from __future__ import annotations

import re

from hengyang_kg.sparql.query import GRAPH_FORMATS, SELECT_FORMATS

# media types a client may name, by format; the first of each is the one we answer with
MEDIA = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",), "tsv": ("text/tab-separated-values",),
    "turtle": ("text/turtle", "application/x-turtle"), "jsonld": ("application/ld+json",),
    "ntriples": ("application/n-triples", "text/plain"), "trig": ("application/trig",),
}
PREFERENCE = {"select": ("json", "xml", "csv", "tsv"), "ask": ("json", "xml", "csv", "tsv"),
              "construct": ("turtle", "jsonld", "ntriples", "trig"),
              "describe": ("turtle", "jsonld", "ntriples", "trig")}


class HttpError(Exception):
    def __init__(self, status: int, message: str):
        self.status, self.message = status, message
        super().__init__(message)


def query_form(text: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (lower case), read past comments and the prologue.

    >>> query_form("PREFIX a: <http://a/> # c\\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'construct'
    """
    body = re.sub(r"(?m)(^|\s)#[^\n]*", " ", text)
    body = re.sub(r"(?is)^\s*((BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)\s*)*", "", body)
    m = re.match(r"(?i)\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body)
    return m.group(1).lower() if m else None


def _ranges(accept: str) -> list[tuple[str, float]]:
    out = []
    for part in accept.split(","):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = min(max(float(b[2:]), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        out.append((bits[0].lower(), q))
    return out


def _quality(media: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``media`` (RFC 9110 §12.5.1)."""
    kind = media.split("/")[0]
    best, spec = 0.0, -1
    for rng, q in ranges:
        s = 2 if rng == media else 1 if rng == f"{kind}/*" else 0 if rng == "*/*" else -1
        if s > spec:
            best, spec = q, s
    return best if spec >= 0 else 0.0


def negotiate(accept: str | None, explicit: str | None, form: str | None) -> str | None:
    """The format to answer with, or None when the client accepts none we can give (406).

    >>> negotiate("text/csv;q=0, */*;q=0.5", None, "select")
    'json'
    >>> negotiate("text/*", None, "select")
    'csv'
    >>> negotiate("text/csv", None, "construct") is None
    True
    """
    allowed = PREFERENCE.get(form or "select", PREFERENCE["select"])
    if explicit:
        return explicit if explicit in SELECT_FORMATS or explicit in GRAPH_FORMATS else None
    if not accept or not accept.strip():
        return allowed[0]
    ranges = _ranges(accept)
    scored = []
    for rank, fmt in enumerate(allowed):
        main, *aliases = MEDIA[fmt]  # an alias (text/xml, text/plain) counts only when named exactly
        q = max([_quality(main, ranges)] + [q for m in aliases for r, q in ranges if r == m])
        if q > 0:
            scored.append((-q, rank, fmt))
    return min(scored)[2] if scored else None


def content_length(values: list[str], limit: int) -> int:
    """The body's length from its Content-Length header(s); 400 or 413 when it is not acceptable."""
    if len(set(v.strip() for v in values)) > 1:
        raise HttpError(400, "conflicting Content-Length headers")
    text = values[0].strip()
    if not re.fullmatch(r"[0-9]{1,18}", text):
        raise HttpError(400, f"malformed Content-Length {text[:40]!r}: it must be a non-negative whole number")
    n = int(text)
    if n > limit:
        raise HttpError(413, f"request body of {n} bytes is over the {limit} bytes limit")
    return n


def read_chunked(rfile, limit: int) -> bytes:
    """A chunked request body (RFC 9112 §7.1), at most ``limit`` bytes; 400/413 otherwise."""
    out = bytearray()
    while True:
        line = rfile.readline(1026)
        size_text = line.split(b";")[0].strip()
        if not re.fullmatch(rb"[0-9A-Fa-f]{1,8}", size_text):
            raise HttpError(400, "malformed chunked body")
        size = int(size_text, 16)
        if size == 0:
            while rfile.readline(1026).strip():  # trailers
                pass
            return bytes(out)
        if len(out) + size > limit:
            raise HttpError(413, f"request body over the {limit} bytes limit")
        data = rfile.read(size)
        if len(data) != size or rfile.read(2) != b"\r\n":
            raise HttpError(400, "malformed chunked body")
        out += data


def utf8(data: bytes, what: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, f"the {what} is not UTF-8: send the query in UTF-8") from None
