"""The endpoint's strict HTTP, negotiation, descriptions, result writing and one-line
errors, over real sockets on loopback."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import threading
import urllib.parse
import xml.etree.ElementTree as ET

import pytest
import rdflib

from hengyang_kg.sparql.server import Limits, make_server

from .conftest import BASE

BNODES = "SELECT ?b ?l WHERE { BIND(BNODE() AS ?b) BIND(\"衡阳\"@zh-hans AS ?l) }"


@pytest.fixture(scope="module")
def server(store):
    srv = make_server(store, BASE, "127.0.0.1", 0, Limits(timeout=20.0, max_rows=1000, max_request=4096, workers=2,
                                                         memory_mb=512, max_bytes=50_000, socket_timeout=1.0))
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


@pytest.fixture(scope="module")
def port(server):
    return server.server_address[1]


def raw(port: int, data: bytes, timeout: float = 10.0) -> tuple[int, dict, bytes]:
    """Send raw bytes; the status, headers and body of the answer."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as s:
        s.sendall(data)
        buf = b""
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(65536)
            if not chunk:
                break
            buf += chunk
        head, _, body = buf.partition(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = dict(line.split(": ", 1) for line in lines[1:] if ": " in line)
        n = int(headers.get("Content-Length", "0"))
        while len(body) < n:
            chunk = s.recv(65536)
            if not chunk:
                break
            body += chunk
        return int(lines[0].split()[1]), headers, body


def post(port: int, headers: str, body: bytes = b"") -> tuple[int, dict, bytes]:
    return raw(port, f"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\n{headers}\r\n".encode() + body)


def get(port: int, query: str, accept: str | None = None, host: str = "127.0.0.1") -> tuple[int, dict, bytes]:
    extra = f"Accept: {accept}\r\n" if accept is not None else ""
    path = "/sparql?" + urllib.parse.urlencode({"query": query}) if query else "/sparql"
    return raw(port, f"GET {path} HTTP/1.1\r\nHost: {host}\r\n{extra}Connection: close\r\n\r\n".encode())


ASK = "ASK { ?s ?p ?o }"


@pytest.mark.parametrize("length, status, words", [
    ("abc", 400, "malformed Content-Length 'abc'"),
    ("-5", 400, "malformed Content-Length '-5'"),
    ("99999999999", 413, "over the 4096 bytes limit"),
])
def test_bad_content_length(port, length, status, words):
    got = post(port, f"Content-Type: application/sparql-query\r\nContent-Length: {length}\r\n", ASK.encode())
    assert got[0] == status and words in got[2].decode()


def test_conflicting_content_lengths_and_missing_length(port):
    got = post(port, "Content-Type: application/sparql-query\r\nContent-Length: 16\r\nContent-Length: 17\r\n",
               ASK.encode())
    assert got[0] == 400 and "conflicting" in got[2].decode()
    assert post(port, "Content-Type: application/sparql-query\r\n")[0] == 411


def test_chunked_bodies_are_read_and_bounded(port):
    body = ASK.encode()
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body)
    got = post(port, "Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n"
                     "Accept: application/sparql-results+json\r\n", chunked)
    assert got[0] == 200 and json.loads(got[2])["boolean"] is True
    big = b"1000\r\n" + b"#" * 4096 + b"\r\n" + b"10\r\n" + b"#" * 16 + b"\r\n0\r\n\r\n"
    assert post(port, "Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n", big)[0] == 413
    assert post(port, "Content-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\n", b"zz\r\n")[0] == 400
    assert post(port, "Content-Type: application/sparql-query\r\nTransfer-Encoding: gzip\r\n", b"")[0] == 411


def test_non_utf8_queries_get_400(port):
    body = "SELECT ?x WHERE { ?x ?p \"衡阳\" }".encode("gb18030")
    got = post(port, f"Content-Type: application/sparql-query\r\nContent-Length: {len(body)}\r\n", body)
    assert got[0] == 400 and "not UTF-8" in got[2].decode()
    got = raw(port, b"GET /sparql?query=ASK%20%7B%7D%FF HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert got[0] == 400 and "not UTF-8" in got[2].decode()


@pytest.mark.parametrize("accept, expect", [
    ("text/csv;q=0, */*;q=0.1", "application/sparql-results+json"),
    ("text/csv;q=0", 406),
    ("text/*", "text/csv"),
    ("*/*", "application/sparql-results+json"),
    ("application/sparql-results+xml;q=0.2, text/tab-separated-values;q=0.9", "text/tab-separated-values"),
    ("image/png", 406),
])
def test_negotiation_honours_q0_and_wildcards(port, accept, expect):
    status, headers, body = get(port, "SELECT ?s WHERE { ?s ?p ?o } LIMIT 1", accept)
    if isinstance(expect, int):
        assert status == expect and "offered: application/sparql-results+json" in body.decode()
    else:
        assert status == 200 and headers["Content-Type"].startswith(expect)


def test_graph_results_refuse_a_results_only_accept(port):
    status, _, body = get(port, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1", "text/csv")
    assert status == 406 and "text/turtle" in body.decode()


def test_a_crafted_host_header_cannot_break_the_descriptions(port):
    for path in ("/sparql", "/void"):
        status, _, body = raw(port, f"GET {path} HTTP/1.1\r\nHost: x> . <http://evil/> a <y\r\n"
                                    "Connection: close\r\n\r\n".encode())
        assert status == 200
        g = rdflib.Graph().parse(data=body.decode(), format="turtle")
        iris = {str(t) for triple in g for t in triple}
        assert f"http://127.0.0.1:{port}/sparql" in iris and not any("evil" in i for i in iris)


@pytest.mark.parametrize("accept", ["application/sparql-results+json", "application/sparql-results+xml",
                                    "text/csv", "text/tab-separated-values"])
def test_blank_nodes_and_every_term_in_results(port, accept):
    status, _, body = get(port, BNODES, accept)
    assert status == 200
    text = body.decode()
    if "json" in accept:
        row = json.loads(text)["results"]["bindings"][0]
        assert row["b"]["type"] == "bnode" and row["l"] == {"type": "literal", "value": "衡阳", "xml:lang": "zh-hans"}
    elif "xml" in accept:
        assert ET.fromstring(text).find(".//{http://www.w3.org/2005/sparql-results#}bnode") is not None
    elif "csv" in accept:
        assert list(csv.reader(io.StringIO(text)))[1][0].startswith("_:")
    else:
        assert text.splitlines()[1].startswith("_:") and '"衡阳"@zh-hans' in text


def test_a_result_over_the_byte_limit_is_cut_and_says_so(port):
    status, headers, body = get(port, "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 900", "text/csv")
    assert status == 200 and len(body) <= 50_000
    assert headers["X-SPARQL-Truncated"] == "true" and headers["X-SPARQL-Byte-Limit"] == "50000"
    assert "result cut at 50000 bytes" in headers["Warning"]
    assert 1 < len(list(csv.reader(io.StringIO(body.decode())))) < 900


def test_a_worker_over_its_memory_cap_answers_503_and_is_replaced(server, port):
    bomb = "SELECT (STRLEN(?s24) AS ?n) WHERE { BIND(\"" + "x" * 64 + "\" AS ?s0) " + " ".join(
        f"BIND(CONCAT(?s{i}, ?s{i}) AS ?s{i + 1})" for i in range(24)) + " }"
    before = server.pool.replaced
    status, _, body = get(port, bomb)
    assert status == 503 and "more memory than the 512 MiB limit" in body.decode()
    assert server.pool.replaced == before + 1
    for _ in range(3):  # the pool is whole again: two queries at once still answer
        assert get(port, ASK)[0] == 200


# ---- one-line errors with a fix, from the command line ----

def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "hengyang_kg.cli", *args], capture_output=True, text=True,
                          timeout=120)


def test_a_busy_port_is_one_line_with_a_fix(mini_root):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        proc = _cli("--root", str(mini_root), "serve", "--port", str(taken), "--dataset", str(mini_root / "none.nq"))
    assert proc.returncode == 2
    err = proc.stderr.splitlines()
    assert err[-1] == (f"hengyang-kg: cannot listen on 127.0.0.1:{taken}: Address already in use; fix: stop the "
                       "program using it, or pick another port with --port (0 picks a free one)")
    assert "Traceback" not in proc.stderr


def test_bad_and_refused_push_endpoints_are_one_line_with_a_fix(mini_root):
    proc = _cli("--root", str(mini_root), "push", "--endpoint", "localhost:8890/sparql")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "is not an http(s) URL; fix:" in proc.stderr
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # bound, not listening: connections are refused
        proc = _cli("--root", str(mini_root), "push", "--endpoint", f"http://127.0.0.1:{closed}/store",
                    "--dataset", str(mini_root / "none.nq"))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert proc.stderr.splitlines()[-1] == (f"hengyang-kg: cannot reach http://127.0.0.1:{closed}/store: Connection "
                                            "refused; fix: check that the store is running and listening at that "
                                            "host and port")
