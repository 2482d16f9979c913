"""Load the dataset into an existing SPARQL store over the SPARQL 1.1 Graph Store HTTP
Protocol: one ``PUT`` per named graph (which replaces that graph), named graphs kept.

Works with any store that implements the protocol (Fuseki, Oxigraph server, Virtuoso's
``/sparql-graph-crud-auth`` with HTTP digest authentication, ...).
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import pyoxigraph as ox


class PushError(Exception):
    """The store refused a graph; the message names the graph and the store's answer."""


@dataclass
class PushReport:
    graphs: int
    triples: int


class _Auth:
    """Pre-emptive HTTP authentication: one challenge, then every request signed up front.

    Some stores (Virtuoso) close the connection when a large body meets a 401, so the
    credentials must travel with the first attempt of every PUT.
    """

    def __init__(self, endpoint: str, user: str | None, password: str | None, timeout: float):
        self.scheme: str | None = None
        self.chal: dict[str, str] = {}
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
        self.scheme = scheme.lower()
        if self.scheme == "digest":
            self.chal = urllib.request.parse_keqv_list(urllib.request.parse_http_list(rest))

    def sign(self, req: urllib.request.Request) -> None:
        if self.scheme == "digest":
            req.add_header("Authorization", "Digest " + (self.digest.get_authorization(req, self.chal) or ""))
        elif self.scheme == "basic":
            import base64

            token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode()
            req.add_header("Authorization", "Basic " + token)


class EndpointError(PushError):
    """The endpoint URL itself is unusable (a usage error)."""


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


def graphs_of(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Triple]]:
    """Triples by named graph, in dataset order."""
    out: dict[str, list[ox.Triple]] = defaultdict(list)
    for q in quads:
        if isinstance(q.graph_name, ox.NamedNode):
            out[q.graph_name.value].append(q.triple)
    return out


def push(quads: Iterable[ox.Quad], endpoint: str, user: str | None = None, password: str | None = None,
         graph_param: str = "graph", progress: Callable[[int, int], None] | None = None,
         timeout: float = 120.0) -> PushReport:
    """PUT every named graph to ``endpoint?graph=<iri>`` as N-Triples."""
    check_endpoint(endpoint)
    auth = _Auth(endpoint, user, password, timeout)
    graphs = graphs_of(quads)
    sep = "&" if "?" in endpoint else "?"
    total = 0
    for n, (name, triples) in enumerate(graphs.items(), 1):
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        url = f"{endpoint}{sep}{graph_param}={urllib.parse.quote(name, safe='')}"
        try:
            _put(url, body, auth, timeout)
        except urllib.error.HTTPError as err:
            detail = " ".join(err.read().decode("utf-8", errors="replace").split())[:200]
            fix = ("check --user and --password (or HENGYANG_KG_PASSWORD)" if err.code in (401, 403)
                   else "check that --endpoint is the store's Graph Store Protocol URL and that it accepts PUT")
            raise PushError(f"the store refused graph {name}: {err.code} {err.reason}: {detail}; fix: {fix}") from None
        except (urllib.error.URLError, OSError) as err:
            raise PushError(unreachable(endpoint, err)) from None
        total += len(triples)
        if progress:
            progress(n, len(graphs))
    return PushReport(len(graphs), total)


def _put(url: str, body: bytes, auth: _Auth, timeout: float) -> None:
    for attempt in (1, 2):
        req = urllib.request.Request(url, data=body, method="PUT",
                                     headers={"Content-Type": "application/n-triples; charset=utf-8"})
        auth.sign(req)
        try:
            with urllib.request.urlopen(req, timeout=timeout) as resp:
                resp.read()
            return
        except urllib.error.HTTPError as err:
            if err.code == 401 and attempt == 1 and auth.scheme:
                err.read()
                auth.challenge()  # a stale nonce: ask again once
                continue
            raise
