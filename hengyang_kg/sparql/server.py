"""A read-only, bounded SPARQL 1.1 Protocol endpoint with a small offline web page.

- ``GET /sparql?query=…``, ``POST /sparql`` (form or ``application/sparql-query``, with a
  Content-Length or chunked); content negotiation (SPARQL JSON, XML, CSV, TSV; Turtle,
  JSON-LD, N-Triples, TriG for graphs; ``q=0`` and wildcards honoured, 406 when nothing
  fits) and ``format=`` for links; CORS on every response.
- ``GET /sparql`` without a query: the SPARQL 1.1 Service Description; ``GET /void``: VoID.
- Read-only: updates get 403 and change nothing.
- Bounded: queries run in a pool of worker processes (:mod:`hengyang_kg.sparql.workers`),
  each with a memory cap and the time limit (503 with the reason when stopped), served
  cheapest first, one kept for cheap queries, one long query a client
  (:mod:`hengyang_kg.sparql.scheduling`); at most
  ``max_waiting`` queries wait for a worker and ``max_connections`` connections are served
  at once (503 with ``Retry-After`` beyond); a result is cut at ``max_rows`` rows or
  ``max_bytes`` bytes and says so (``X-SPARQL-Truncated`` and ``Warning``); request bodies
  over ``max_request`` bytes get 413; a client silent for ``socket_timeout`` seconds
  mid-request, or whose request is not all read ``request_deadline`` seconds after its
  first byte, gets 408 and is dropped (:mod:`hengyang_kg.sparql.deadline`).
- ``/`` is the web page (editor, the cookbook, results, downloads, quotes in context,
  permalinks), all assets bundled; ``/config.json`` tells it where the endpoint and the report are.
- ``/report/`` serves a built report read-only (:mod:`hengyang_kg.sparql.report_site`), when given.
"""

from __future__ import annotations

import json
import os
import signal
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import cast
from urllib.parse import parse_qs, urlsplit

import pyoxigraph as ox

from hengyang_kg.sparql.deadline import DeadlineHandler
from hengyang_kg.sparql.describe import (
    GraphCounts,
    claim_context,
    endpoint_iri,
    service_description,
    void_description,
)
from hengyang_kg.sparql.protocol import (
    MEDIA,
    PREFERENCE,
    HttpError,
    content_length,
    negotiate,
    query_form,
    read_chunked,
    utf8,
)
from hengyang_kg.sparql.query import Result, is_update
from hengyang_kg.sparql.report_site import ReportSite
from hengyang_kg.sparql.webpage import cookbook_json
from hengyang_kg.sparql.workers import MIB, Pool

WEB = Path(__file__).resolve().parent / "web"
STATIC = {"index.html": "text/html; charset=utf-8", "app.js": "text/javascript; charset=utf-8",
          "style.css": "text/css; charset=utf-8"}
EXPOSED = "X-SPARQL-Truncated, X-SPARQL-Row-Limit, X-SPARQL-Byte-Limit, Warning, Retry-After"


@dataclass
class Limits:
    timeout: float = 10.0  # seconds a query may run
    max_rows: int = 10_000  # rows of a result
    max_request: int = 64 * 1024  # bytes of a request body or URL
    workers: int = 3  # query worker processes (one kept for cheap queries)
    memory_mb: int = 1024  # address space of a worker (RLIMIT_AS), MiB
    max_bytes: int = 16 * MIB  # bytes of a response body
    max_waiting: int = 32  # queries waiting for a worker; beyond, 503 + Retry-After
    max_connections: int = 64  # connections served at once; beyond, 503 + Retry-After
    socket_timeout: float = 10.0  # seconds a client may stay silent mid-request
    request_deadline: float = 30.0  # seconds from a request's first byte until all of it is read


def serve_until_stopped(server: ThreadingHTTPServer) -> None:
    """Serve until Ctrl-C or SIGTERM, then close cleanly (workers stopped; the caller removes the
    store's reader copy). SIGINT works also when it was inherited ignored (a program started in
    the background by a shell without job control). Only the main thread can set handlers;
    elsewhere they are left as they are."""
    if threading.current_thread() is threading.main_thread():
        def stop(signum: int, frame: object) -> None:
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


class Server(ThreadingHTTPServer):
    """A threading server that serves at most ``max_connections`` connections at once."""

    daemon_threads = True
    block_on_close = False  # stopping does not wait for connections still open (their threads are daemons)
    request_queue_size = 1024  # the listen backlog: connections beyond it would wait unanswered in the kernel
    pool: Pool | None = None

    def __init__(self, address, handler, limits: Limits):
        self.limits = limits
        self.active = 0
        self.active_lock = threading.Lock()
        super().__init__(address, handler)

    def process_request(self, request, client_address):
        with self.active_lock:
            full = self.active >= self.limits.max_connections
            if not full:
                self.active += 1
        if full:
            msg = f"over {self.limits.max_connections} connections at once: retry shortly\n".encode()
            try:
                request.settimeout(1)
                request.sendall(b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nConnection: close\r\n"
                                b"Content-Type: text/plain; charset=utf-8\r\n"
                                b"Content-Length: %d\r\n\r\n%s" % (len(msg), msg))
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            with self.active_lock:
                self.active -= 1

    def handle_error(self, request, client_address):
        if os.environ.get("HENGYANG_KG_LOG"):
            super().handle_error(request, client_address)

    def server_close(self):
        super().server_close()
        if self.pool is not None:
            self.pool.close()


def make_handler(store: ox.Store, base: str, limits: Limits, report: ReportSite | None = None):
    cookbook = cookbook_json()
    config = json.dumps({"endpoint": "sparql", "report": "report/" if report else None, "void": "void"}).encode()
    counts = GraphCounts(store)  # for /void, counted meanwhile: the endpoint answers at once

    class Handler(DeadlineHandler):
        server_version = "hengyang-kg"
        protocol_version = "HTTP/1.1"
        default_request_version = "HTTP/1.1"  # a garbled request line still gets a status line
        error_message_format = "%(message)s: %(explain)s\n"
        error_content_type = "text/plain; charset=utf-8"
        timeout = limits.socket_timeout
        request_deadline = limits.request_deadline

        def parse_request(self):
            if not super().parse_request():
                return False
            if self.headers.defects:
                self.close_connection = True
                self.send_error(400, "malformed header", "every header line must be 'Name: value'")
                return False
            return True

        def log_message(self, fmt, *args):  # quiet unless asked
            if os.environ.get("HENGYANG_KG_LOG"):
                super().log_message(fmt, *args)

        def send(self, status: int, body: bytes, ctype: str, extra: dict | None = None):
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", EXPOSED)
            for k, v in (extra or {}).items():
                self.send_header(k, v)
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def error(self, status: int, message: str, extra: dict | None = None):
            if status in (400, 408, 411, 413):  # the rest of the request cannot be trusted
                self.close_connection = True
            self.send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8", extra)

        def endpoint(self) -> str:
            host, port = cast(tuple[str, int], self.server.server_address)[:2]
            return endpoint_iri(self.headers.get("Host"), f"{host}:{port}")

        def do_OPTIONS(self):
            self.send_response(HTTPStatus.NO_CONTENT)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            try:
                return self.get()
            except HttpError as exc:
                return self.error(exc.status, exc.message)
            except Exception as exc:  # noqa: BLE001 - an answer, never a dropped connection
                return self.error(500, f"internal error: {type(exc).__name__}: {exc}")

        def get(self):
            url = urlsplit(self.path)
            if len(self.path) > limits.max_request:
                return self.error(414, f"request over {limits.max_request} bytes")
            params = _params(url.query)
            if url.path == "/sparql":
                if "update" in params:
                    return self.error(403, "updates are not allowed: this endpoint is read-only")
                if "query" not in params:
                    return self.send(200, service_description(self.endpoint(), base), "text/turtle; charset=utf-8")
                return self.answer(params["query"], params.get("format"))
            if url.path == "/void":
                return self.send(200, void_description(counts.get(), base, self.endpoint()), "text/turtle; charset=utf-8")
            if url.path == "/cookbook.json":
                return self.send(200, cookbook, "application/json; charset=utf-8")
            if url.path == "/config.json":
                return self.send(200, config, "application/json; charset=utf-8")
            if url.path == "/report" or url.path.startswith("/report/"):
                if report is None:
                    return self.error(404, "no report is served here: start serve with --report DIR")
                return self.send(*report.answer(url.path))
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
            try:
                return self.post()
            except HttpError as exc:
                return self.error(exc.status, exc.message)
            except TimeoutError:
                return self.error(408, f"the request was not read within {limits.request_deadline:g} s: send it at once"
                                  if self.reader.expired else
                                  f"the request body did not arrive within {limits.socket_timeout:g} s")
            except Exception as exc:  # noqa: BLE001 - an answer, never a dropped connection
                return self.error(500, f"internal error: {type(exc).__name__}: {exc}")

        def body(self) -> bytes:
            te = (self.headers.get("Transfer-Encoding") or "").strip().lower()
            lengths = self.headers.get_all("Content-Length") or []
            if te:
                if te != "chunked" or lengths:
                    raise HttpError(411 if te != "chunked" else 400,
                                    f"unsupported Transfer-Encoding {te!r}: send a Content-Length or chunked")
                return read_chunked(self.rfile, limits.max_request)
            if not lengths:
                raise HttpError(411, "a POST needs a Content-Length (or Transfer-Encoding: chunked)")
            return self.rfile.read(content_length(lengths, limits.max_request))

        def post(self):
            url = urlsplit(self.path)
            if url.path != "/sparql":
                return self.error(404, "not found")
            raw = self.body()
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = _params(url.query)
            if ctype == "application/sparql-update":
                return self.error(403, "updates are not allowed: this endpoint is read-only")
            if ctype == "application/x-www-form-urlencoded":
                params |= _params(utf8(raw, "form").strip())
                if "update" in params:
                    return self.error(403, "updates are not allowed: this endpoint is read-only")
                query = params.get("query")
            elif ctype == "application/sparql-query":
                query = utf8(raw, "query")
            else:
                return self.error(415, "send application/sparql-query or a form with query=")
            if not query:
                return self.error(400, "no query: send it as the body (application/sparql-query) or as query=")
            return self.answer(query, params.get("format"))

        def answer(self, query: str, explicit: str | None):
            if is_update(query):
                return self.error(403, "updates are not allowed: this endpoint is read-only")
            form = query_form(query)
            fmt = negotiate(self.headers.get("Accept"), explicit, form)
            if explicit and fmt is None:
                return self.error(400, f"unknown format {explicit!r}")
            if fmt is None:
                offered = ", ".join(MEDIA[f][0] for f in PREFERENCE.get(form or "select", PREFERENCE["select"]))
                return self.error(406, f"none of the media types in Accept can be given for this query; "
                                       f"offered: {offered}")
            pool = cast(Server, self.server).pool
            if pool is None:
                return self.error(503, "the query workers are not running")
            got = pool.run(query, fmt, limits.max_rows, limits.max_bytes, self.client_address[0])
            if got.status == "busy":
                return self.error(503, got.message, {"Retry-After": "1"})
            if got.status == "stopped":
                return self.error(503, got.message)
            if got.status == "error":
                return self.error(400, got.message)
            if got.status != "ok":
                return self.error(500, got.message)
            result = cast(Result, got.result)
            extra = {"X-SPARQL-Row-Limit": str(limits.max_rows), "X-SPARQL-Byte-Limit": str(limits.max_bytes)}
            if result.truncated:
                why = f"{limits.max_bytes} bytes" if result.byte_cut else f"{limits.max_rows} rows"
                extra |= {"X-SPARQL-Truncated": "true", "Warning": f'199 hengyang-kg "result cut at {why}"'}
            ctype = result.media_type + ("; charset=utf-8" if result.media_type.startswith("text/") else "")
            return self.send(200, result.body, ctype, extra)

    return Handler


def _params(query: str) -> dict[str, str]:
    try:
        parsed = parse_qs(query, keep_blank_values=True, encoding="utf-8", errors="strict")
    except UnicodeDecodeError:
        raise HttpError(400, "the query string is not UTF-8: percent-encode the query's UTF-8 bytes") from None
    except ValueError as exc:
        raise HttpError(400, f"malformed query string: {exc}") from None
    return {k: v[-1] for k, v in parsed.items()}


def make_server(store: ox.Store, base: str, host: str = "127.0.0.1", port: int = 8000,
                limits: Limits | None = None, report: ReportSite | None = None,
                store_path: str | None = None) -> Server:
    """Bind the endpoint (an ``OSError`` when the address is busy), then start its workers:
    each opens the on-disk store at ``store_path`` read-only, or loads the dataset's N-Quads."""
    limits = limits or Limits()
    server = Server((host, port), make_handler(store, base, limits, report), limits)
    try:
        server.pool = Pool(store_path or store.dump(format=ox.RdfFormat.N_QUADS) or b"", base, limits.workers, limits.memory_mb * MIB,
                           limits.timeout, limits.max_waiting)
    except BaseException:
        server.server_close()
        raise
    return server
