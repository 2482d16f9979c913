"""Load the dataset into an existing SPARQL store over HTTP.

Two ways, both replacing what they write so that pushing again does not duplicate:

- per graph (any store that implements the SPARQL 1.1 Graph Store HTTP Protocol: Fuseki,
  Oxigraph server, Virtuoso's ``/sparql-graph-crud-auth`` with HTTP digest
  authentication, ...): one ``PUT`` of N-Triples per named graph (which replaces that
  graph), one after another over one persistent connection;
- the whole dataset at once (stores that take a dataset format on the Graph Store URL
  itself, as Oxigraph server's ``/store`` does): one ``PUT`` of N-Quads, streamed in
  chunks, which replaces the store's whole content.
"""

from __future__ import annotations

import base64
import http.client
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sized
from dataclasses import dataclass

import pyoxigraph as ox

CHUNK_QUADS = 20_000  # quads serialised at a time into the streamed dataset
CHUNK_TRIPLES = 50_000  # triples of a graph in one request

Body = bytes | Callable[[], Iterable[bytes]]


class PushError(Exception):
    """The store refused a graph; the message names the graph and the store's answer."""


class EndpointError(PushError):
    """The endpoint URL itself is unusable (a usage error)."""


@dataclass
class PushReport:
    graphs: int
    triples: int


def check_endpoint(endpoint: str) -> None:
    """An http(s) URL with a host, or :class:`EndpointError` saying what to give instead."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise EndpointError(f"{endpoint!r} is not an http(s) URL; fix: give the store's Graph Store Protocol "
                            "URL, e.g. http://127.0.0.1:8890/sparql-graph-crud-auth")


def unreachable(endpoint: str, err: Exception) -> str:
    reason = getattr(err, "reason", None) or err
    reason = getattr(reason, "strerror", None) or reason
    return (f"cannot reach {endpoint}: {reason}; fix: check that the store is running and listening at that "
            "host and port")


class _Auth:
    """Pre-emptive HTTP authentication: one challenge, then every request signed up front.

    Some stores (Virtuoso) close the connection when a large body meets a 401, so the
    credentials must travel with the first attempt of every PUT.
    """

    def __init__(self, endpoint: str, user: str | None, password: str | None, timeout: float):
        self.scheme: str | None = None
        self.chal: dict[str, str] = {}
        self.lock = threading.Lock()
        if user is None:
            return
        mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        mgr.add_password(None, endpoint, user, password or "")
        self.digest = urllib.request.HTTPDigestAuthHandler(mgr)
        self.user, self.password = user, password or ""
        self.endpoint, self.timeout = endpoint, timeout
        self.challenge()

    def challenge(self) -> None:
        probe = urllib.request.Request(self.endpoint, data=b"", method="PUT")
        try:
            with urllib.request.urlopen(probe, timeout=self.timeout):
                return
        except urllib.error.HTTPError as err:
            header = err.headers.get("WWW-Authenticate", "")
            err.read()
        except (urllib.error.URLError, OSError) as err:
            raise PushError(unreachable(self.endpoint, err)) from None
        scheme, _, rest = header.partition(" ")
        with self.lock:
            self.scheme = scheme.lower()
            if self.scheme == "digest":
                self.chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))

    def headers(self, method: str, url: str) -> dict[str, str]:
        """The Authorization header for one request (a digest's nonce count is shared, so one at a time)."""
        with self.lock:
            if self.scheme == "digest":
                req = urllib.request.Request(url, method=method)
                return {"Authorization": "Digest " + (self.digest.get_authorization(req, self.chal) or "")}
            if self.scheme == "basic":
                token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
                return {"Authorization": "Basic " + token}
            return {}


class _Refused(Exception):
    def __init__(self, status: int, reason: str, detail: str):
        super().__init__(status, reason, detail)
        self.status, self.reason, self.detail = status, reason, detail


class _Connection:
    """One persistent connection to the endpoint's host, opened again when the store closed it."""

    def __init__(self, endpoint: str, timeout: float):
        self.parts = urllib.parse.urlsplit(endpoint)
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def _open(self) -> http.client.HTTPConnection:
        if self.conn is None:
            cls = http.client.HTTPSConnection if self.parts.scheme == "https" else http.client.HTTPConnection
            self.conn = cls(self.parts.hostname or "", self.parts.port, timeout=self.timeout)
        return self.conn

    def send(self, method: str, url: str, body: Body, content_type: str, auth: _Auth) -> None:
        """Send one request; :class:`_Refused` with the store's answer unless it is a success.
        A request on a connection the store had closed is sent again once on a new one; a
        401 (a stale digest nonce) is answered by asking for a new challenge, once."""
        path = urllib.parse.urlsplit(url)._replace(scheme="", netloc="").geturl() or "/"
        for attempt in (1, 2):
            headers = {"Content-Type": content_type, **auth.headers(method, url)}
            conn = self._open()
            try:
                conn.request(method, path, body=body if isinstance(body, bytes) else body(), headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.close()
                if attempt == 2:
                    raise
                continue
            if resp.will_close:
                self.close()
            if resp.status == 401 and attempt == 1 and auth.scheme:
                auth.challenge()
                continue
            if resp.status >= 300:
                raise _Refused(resp.status, resp.reason, " ".join(data.decode("utf-8", errors="replace").split())[:200])
            return


def graphs_of(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Triple]]:
    """Triples by named graph, in dataset order."""
    out: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            out[q.graph_name.value].append(q.triple)
    return out


def _refusal(what: str, err: _Refused, fix: str) -> PushError:
    if err.status in (401, 403):
        fix = "check --user and --password (or HENGYANG_KG_PASSWORD)"
    return PushError(f"the store refused {what}: {err.status} {err.reason}: {err.detail}; fix: {fix}")


def push(quads: Iterable[ox.Quad], endpoint: str, user: str | None = None, password: str | None = None,
         graph_param: str = "graph", progress: Callable[[int, int], None] | None = None,
         timeout: float = 120.0, whole_dataset: bool = False, chunk_triples: int = CHUNK_TRIPLES) -> PushReport:
    """PUT every named graph to ``endpoint?graph=<iri>`` as N-Triples, one after another over
    one persistent connection; or, with ``whole_dataset``, the whole dataset to ``endpoint``
    in one PUT (:func:`push_dataset`).

    A graph of more than ``chunk_triples`` triples goes as a PUT of the first ones (which
    replaces the graph) and POSTs of the rest (which add to it): Oxigraph server writes each
    request in one transaction, and one of millions of triples did not end in 20 minutes.

    One at a time: several PUTs at once were no faster on Oxigraph server (it writes one
    transaction at a time) and make Virtuoso fail some with a deadlock (SR172)."""
    if whole_dataset:
        return push_dataset(quads, endpoint, user, password, progress, timeout)
    check_endpoint(endpoint)
    auth = _Auth(endpoint, user, password, timeout)
    graphs = graphs_of(quads)
    sep = "&" if "?" in endpoint else "?"
    conn = _Connection(endpoint, timeout)
    total = 0
    try:
        for n, (name, triples) in enumerate(graphs.items(), 1):
            url = f"{endpoint}{sep}{graph_param}={urllib.parse.quote(name, safe='')}"
            try:
                for start in range(0, max(1, len(triples)), chunk_triples):
                    body = ox.serialize(triples[start:start + chunk_triples], format=ox.RdfFormat.N_TRIPLES) or b""
                    conn.send("POST" if start else "PUT", url, body, "application/n-triples; charset=utf-8", auth)
            except _Refused as err:
                raise _refusal(f"graph {name}", err, "check that --endpoint is the store's Graph Store Protocol "
                                                     "URL and that it accepts PUT") from None
            except OSError as err:
                raise PushError(unreachable(endpoint, err)) from None
            total += len(triples)
            if progress:
                progress(n, len(graphs))
    finally:
        conn.close()
    return PushReport(len(graphs), total)


def push_dataset(quads: Iterable[ox.Quad], endpoint: str, user: str | None = None, password: str | None = None,
                 progress: Callable[[int, int], None] | None = None, timeout: float = 120.0) -> PushReport:
    """PUT the whole dataset (its named graphs) to ``endpoint`` itself as N-Quads, streamed in
    chunks: one request, which replaces the store's whole content. For stores that take a
    dataset format on their Graph Store URL (Oxigraph server's ``/store``; its
    ``/store?no_transaction`` loads the request with its bulk loader); the protocol itself
    addresses graphs one by one (:func:`push`)."""
    check_endpoint(endpoint)
    auth = _Auth(endpoint, user, password, timeout)
    size = len(quads) if isinstance(quads, Sized) else 0
    names: set[str] = set()
    counted = [0]

    def chunks() -> Iterator[bytes]:
        names.clear()
        counted[0] = 0
        chunk: list[ox.Quad] = []
        for q in quads:
            if isinstance(q.graph_name, ox.NamedNode):
                chunk.append(q)
                names.add(q.graph_name.value)
            if len(chunk) >= CHUNK_QUADS:
                yield _flush(chunk)
        if chunk:
            yield _flush(chunk)

    def _flush(chunk: list[ox.Quad]) -> bytes:
        counted[0] += len(chunk)
        body = ox.serialize(chunk, format=ox.RdfFormat.N_QUADS) or b""
        chunk.clear()
        if progress:
            progress(counted[0], size)
        return body

    conn = _Connection(endpoint, timeout)
    try:
        conn.send("PUT", endpoint, chunks, "application/n-quads; charset=utf-8", auth)
    except _Refused as err:
        raise _refusal("the dataset", err, "this store may not take a whole dataset on its Graph Store URL: "
                                           "push graph by graph (without --whole-dataset)") from None
    except OSError as err:
        raise PushError(unreachable(endpoint, err)) from None
    finally:
        conn.close()
    return PushReport(len(names), counted[0])
