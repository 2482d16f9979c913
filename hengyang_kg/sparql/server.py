"""A read-only, bounded SPARQL 1.1 Protocol endpoint with a small offline web page.

- ``GET /sparql?query=…``, ``POST /sparql`` (form or ``application/sparql-query``);
  content negotiation (SPARQL JSON, XML, CSV, TSV; Turtle, JSON-LD, N-Triples, TriG for
  graphs) and ``format=`` for links; CORS on every response.
- ``GET /sparql`` without a query: the SPARQL 1.1 Service Description; ``GET /void``: VoID.
- Read-only: updates get 403 and change nothing.  Bounded: each query runs in a forked
  process killed after ``timeout`` seconds (503); at most ``max_rows`` rows, and a cut
  result says so (``X-SPARQL-Truncated`` and ``Warning`` headers); requests above
  ``max_request`` bytes get 413.
- ``/`` is the web page (editor, the cookbook, results, downloads, quotes in context,
  permalinks), all assets bundled.
"""

from __future__ import annotations

import json
import os
import pickle
import select
import signal
import time
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from hengyang_kg.namespaces import prefixes
from hengyang_kg.sparql.cookbook import recipes
from hengyang_kg.sparql.query import (
    GRAPH_FORMATS,
    SELECT_FORMATS,
    QueryError,
    is_update,
    run,
)

WEB = Path(__file__).resolve().parent / "web"
ACCEPT = {
    "application/sparql-results+json": "json", "application/json": "json",
    "application/sparql-results+xml": "xml", "application/xml": "xml", "text/xml": "xml",
    "text/csv": "csv", "text/tab-separated-values": "tsv",
    "text/turtle": "turtle", "application/x-turtle": "turtle", "application/ld+json": "jsonld",
    "application/n-triples": "ntriples", "text/plain": "ntriples", "application/trig": "trig",
}
STATIC = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
          "style.css": "text/css; charset=utf-8"}


@dataclass
class Limits:
    timeout: float = 10.0
    max_rows: int = 10_000
    max_request: int = 64 * 1024


def negotiate(accept: str, explicit: str | None) -> str | None:
    """The format a client asks for: ``format=`` first, then the Accept header by q-value."""
    if explicit:
        return explicit if explicit in SELECT_FORMATS or explicit in GRAPH_FORMATS else None
    best, best_q = None, -1.0
    for part in (accept or "").split(","):
        bits = [b.strip() for b in part.split(";")]
        q = next((float(b[2:]) for b in bits[1:] if b.startswith("q=") and _is_float(b[2:])), 1.0)
        fmt = ACCEPT.get(bits[0].lower())
        if fmt and q > best_q:
            best, best_q = fmt, q
    return best


def _is_float(x: str) -> bool:
    try:
        float(x)
        return True
    except ValueError:
        return False


def run_bounded(store: ox.Store, text: str, base: str, fmt: str | None, limits: Limits):
    """Run one query in a forked child that is killed at the time limit."""
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: evaluate, send the serialised result, exit
        os.close(r)
        try:
            payload = ("ok", run(store, text, base, fmt, limits.max_rows))
        except QueryError as exc:
            payload = ("error", str(exc))
        except Exception as exc:  # noqa: BLE001 - reported to the client as a 500
            payload = ("crash", f"{type(exc).__name__}: {exc}")
        data = pickle.dumps(payload)
        view = memoryview(data)
        while view:
            view = view[os.write(w, view):]
        os._exit(0)
    os.close(w)
    chunks, deadline = [], time.monotonic() + limits.timeout
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([r], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                return ("timeout", f"the query ran longer than the {limits.timeout:g} s limit")
            chunk = os.read(r, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(r)
        os.waitpid(pid, 0)
    return pickle.loads(b"".join(chunks))  # noqa: S301 - our own child's output


def service_description(endpoint: str, base: str) -> bytes:
    sd = "http://www.w3.org/ns/sparql-service-description#"
    fmts = " , ".join(f"<http://www.w3.org/ns/formats/{f}>" for f in
                      ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                       "Turtle", "JSON-LD", "N-Triples", "TriG"))
    return f"""@prefix sd: <{sd}> .
@prefix void: <http://rdfs.org/ns/void#> .
<{endpoint}#service> a sd:Service ;
    sd:endpoint <{endpoint}> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:resultFormat {fmts} ;
    sd:feature sd:UnionDefaultGraph ;
    sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] ;
    void:dataset <{base}dataset> .
""".encode("utf-8")


def void_description(store: ox.Store, base: str, endpoint: str) -> bytes:
    graphs = [r for r in store.query(
        "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")]
    claims = sum(1 for r in graphs if r["g"].value.startswith(base + "claim/"))
    triples = sum(int(r["n"].value) for r in graphs)
    subsets = "".join(
        f'\n    void:subset [ a void:Dataset ; void:triples {int(r["n"].value)} ; sd:name <{r["g"].value}> ] ;'
        for r in sorted(graphs, key=lambda r: r["g"].value) if not r["g"].value.startswith(base + "claim/"))
    return f"""@prefix void: <http://rdfs.org/ns/void#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
<{base}dataset> a void:Dataset ;
    dcterms:title "hengyang-kg: claims of five sources on the 1944 defence of Hengyang"@en ;
    void:sparqlEndpoint <{endpoint}> ;
    void:triples {triples} ;
    void:vocabulary <https://w3id.org/hengyang-kg/ontology#> , <http://www.w3.org/ns/prov#> , <http://www.w3.org/ns/oa#> ;
    void:uriSpace "{base}" ;{subsets}
    void:subset [ a void:Dataset ; dcterms:description "one named graph per claim"@en ; void:entities {claims} ] .
""".encode("utf-8")


def claim_context(store: ox.Store, base: str, cid: str) -> dict | None:
    """A claim with its quote in context, for the web page."""
    q = f"""SELECT ?source ?raw ?exact ?prefix ?suffix ?start ?end ?s ?p ?o WHERE {{ GRAPH graph:provenance {{
      claim:{cid} prov:wasDerivedFrom ?source ; hkg:rawValue ?raw ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                  hkg:quote ?q . ?q oa:hasSelector ?t , ?pos .
      ?t a oa:TextQuoteSelector ; oa:exact ?exact ; oa:prefix ?prefix ; oa:suffix ?suffix .
      ?pos a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end . }} }}"""
    if not cid.replace("-", "").isalnum():
        return None
    rows = list(store.query(q, prefixes=prefixes(base)))
    if not rows:
        return None
    r = rows[0]
    return {k: r[k].value for k in ("source", "raw", "exact", "prefix", "suffix", "start", "end", "s", "p", "o")} | {
        "id": cid}


def make_handler(store: ox.Store, base: str, limits: Limits):
    cookbook = json.dumps([{"name": r.name, "title": r.title, "question": r.question, "query": r.text}
                           for r in recipes()], ensure_ascii=False).encode("utf-8")

    class Handler(BaseHTTPRequestHandler):
        server_version = "hengyang-kg"
        protocol_version = "HTTP/1.1"

        def log_message(self, fmt, *args):  # quiet unless asked
            if os.environ.get("HENGYANG_KG_LOG"):
                super().log_message(fmt, *args)

        def send(self, status: int, body: bytes, ctype: str, extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "X-SPARQL-Truncated, X-SPARQL-Row-Limit, Warning")
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def error(self, status: int, message: str):
            self.send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

        def endpoint(self) -> str:
            return f"http://{self.headers.get('Host', 'localhost')}/sparql"

        def do_OPTIONS(self):
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            url = urlsplit(self.path)
            if len(self.path) > limits.max_request:
                return self.error(414, f"request over {limits.max_request} bytes")
            params = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
            if url.path == "/sparql":
                if "update" in params:
                    return self.error(403, "updates are not allowed: this endpoint is read-only")
                if "query" not in params:
                    return self.send(200, service_description(self.endpoint(), base), "text/turtle; charset=utf-8")
                return self.answer(params["query"], params.get("format"))
            if url.path == "/void":
                return self.send(200, void_description(store, base, self.endpoint()), "text/turtle; charset=utf-8")
            if url.path == "/cookbook.json":
                return self.send(200, cookbook, "application/json; charset=utf-8")
            if url.path.startswith("/api/claim/"):
                found = claim_context(store, base, url.path.rsplit("/", 1)[-1])
                if found is None:
                    return self.error(404, "no such claim")
                return self.send(200, json.dumps(found, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")
            name = "index.html" if url.path in ("/", "/index.html") else url.path.removeprefix("/static/")
            if name in STATIC:
                return self.send(200, (WEB / name).read_bytes(), STATIC[name])
            return self.error(404, "not found")

        do_HEAD = do_GET

        def do_POST(self):
            url = urlsplit(self.path)
            if url.path != "/sparql":
                return self.error(404, "not found")
            length = int(self.headers.get("Content-Length") or 0)
            if length > limits.max_request:
                return self.error(413, f"request over {limits.max_request} bytes")
            body = self.rfile.read(length).decode("utf-8", errors="replace")
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            if ctype == "application/sparql-update":
                return self.error(403, "updates are not allowed: this endpoint is read-only")
            if ctype == "application/x-www-form-urlencoded":
                params |= {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
                if "update" in params:
                    return self.error(403, "updates are not allowed: this endpoint is read-only")
                query = params.get("query")
            elif ctype == "application/sparql-query":
                query = body
            else:
                return self.error(415, "send application/sparql-query or a form with query=")
            if not query:
                return self.error(400, "no query")
            return self.answer(query, params.get("format"))

        def answer(self, query: str, explicit: str | None):
            if is_update(query):
                return self.error(403, "updates are not allowed: this endpoint is read-only")
            fmt = negotiate(self.headers.get("Accept", ""), explicit)
            if explicit and fmt is None:
                return self.error(400, f"unknown format {explicit!r}")
            status, result = run_bounded(store, query, base, fmt, limits)
            if status == "timeout":
                return self.error(503, result)
            if status == "error":
                return self.error(400, result)
            if status == "crash":
                return self.error(500, result)
            extra = {"X-SPARQL-Row-Limit": str(limits.max_rows)}
            if result.truncated:
                extra |= {"X-SPARQL-Truncated": "true",
                          "Warning": f'199 hengyang-kg "result cut at {limits.max_rows} rows"'}
            ctype = result.media_type + ("; charset=utf-8" if result.media_type.startswith("text/") else "")
            return self.send(200, result.body, ctype, extra)

    return Handler


def make_server(store: ox.Store, base: str, host: str = "127.0.0.1", port: int = 8000,
                limits: Limits | None = None) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer((host, port), make_handler(store, base, limits or Limits()))
    server.daemon_threads = True
    return server
