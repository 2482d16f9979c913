"""The SPARQL endpoint over real HTTP on loopback, and its web page in Chromium."""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
import rdflib

from hengyang_kg.sparql.describe import GraphCounts, graph_counts
from hengyang_kg.sparql.server import Limits

from .conftest import BASE, PROJECT, ROOT, run_fresh, serving

SHARED = (PROJECT / "hengyang_kg" / "queries" / "07_shared_text.rq").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def endpoint(store):
    with serving(store, Limits(timeout=2.0, max_rows=50, max_request=8192)) as url:
        yield url


@pytest.fixture(scope="module")
def page_endpoint(store):
    """The same limits but time: a page's queries on a loaded machine are not what the limit tests."""
    with serving(store, Limits(timeout=30.0, max_rows=50, max_request=8192)) as url:
        yield url


def fetch(url, data=None, headers=None, method=None):
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def q(url, query, **params):
    return f"{url}/sparql?" + urllib.parse.urlencode({"query": query, **params})


def test_get_form_post_and_direct_post_agree(endpoint):
    a = fetch(q(endpoint, SHARED), headers={"Accept": "application/sparql-results+json"})
    b = fetch(f"{endpoint}/sparql", urllib.parse.urlencode({"query": SHARED}).encode(),
              {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
    c = fetch(f"{endpoint}/sparql", SHARED.encode(), {"Content-Type": "application/sparql-query",
                                                       "Accept": "application/sparql-results+json"})
    assert a[0] == b[0] == c[0] == 200
    assert json.loads(a[2]) == json.loads(b[2]) == json.loads(c[2])
    assert json.loads(a[2])["results"]["bindings"][0]["characters"]["value"] == "778"


@pytest.mark.parametrize("accept, ctype", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("text/csv;q=0.5, application/sparql-results+xml;q=0.9", "application/sparql-results+xml"),
])
def test_content_negotiation_for_results(endpoint, accept, ctype):
    status, headers, _ = fetch(q(endpoint, SHARED), headers={"Accept": accept})
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("fmt, ctype, parse", [("turtle", "text/turtle", "turtle"),
                                                ("jsonld", "application/ld+json", "json-ld"),
                                                ("ntriples", "application/n-triples", "nt")])
def test_graphs_and_the_format_parameter(endpoint, fmt, ctype, parse):
    construct = "CONSTRUCT { ?e skos:prefLabel ?l } WHERE { GRAPH graph:entities { ?e skos:prefLabel ?l } } LIMIT 10"
    status, headers, body = fetch(q(endpoint, construct, format=fmt))
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert len(rdflib.Graph().parse(data=body.decode(), format=parse)) == 10


def test_service_description_and_void(endpoint):
    status, headers, body = fetch(f"{endpoint}/sparql")
    g = rdflib.Graph().parse(data=body.decode(), format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    assert (None, sd.endpoint, rdflib.URIRef(f"{endpoint}/sparql")) in g
    status, headers, body = fetch(f"{endpoint}/void")
    v = rdflib.Graph().parse(data=body.decode(), format="turtle")
    void = rdflib.Namespace("http://rdfs.org/ns/void#")
    assert int(v.value(rdflib.URIRef(BASE + "dataset"), void.triples)) > 10_000


def test_the_graph_counts_made_while_serving_are_the_stores(store):
    counts = GraphCounts(store)  # counted in a thread: serve answers before the count is done
    assert counts.get() == graph_counts(store) and sum(n for _, n in counts.get()) == len(store)


def test_cors_preflight(endpoint):
    status, headers, _ = fetch(f"{endpoint}/sparql", method="OPTIONS")
    assert status == 204 and "POST" in headers["Access-Control-Allow-Methods"]


def test_read_only(endpoint, store):
    before = len(store)
    update = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    assert fetch(f"{endpoint}/sparql", update.encode(), {"Content-Type": "application/sparql-update"})[0] == 403
    assert fetch(f"{endpoint}/sparql", urllib.parse.urlencode({"update": update}).encode(),
                 {"Content-Type": "application/x-www-form-urlencoded"})[0] == 403
    assert fetch(f"{endpoint}/sparql?" + urllib.parse.urlencode({"update": update}))[0] == 403
    assert fetch(q(endpoint, update))[0] == 403
    assert len(store) == before


def test_row_limit_is_said(endpoint):
    status, headers, body = fetch(q(endpoint, "SELECT ?s WHERE { ?s ?p ?o }", format="csv"))
    assert status == 200 and headers["X-SPARQL-Truncated"] == "true" and "50 rows" in headers["Warning"]
    assert body.decode().count("\n") == 51


def test_time_limit(endpoint):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    status, _, body = fetch(q(endpoint, heavy))
    assert status == 503 and b"limit" in body
    assert time.monotonic() - started < 10


def test_request_size_limit_and_bad_queries(endpoint):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 10_000
    assert fetch(f"{endpoint}/sparql", big.encode(), {"Content-Type": "application/sparql-query"})[0] == 413
    assert fetch(q(endpoint, "SELEKT nonsense"))[0] == 400
    assert fetch(q(endpoint, SHARED, format="yaml"))[0] == 400


def test_claim_in_context(endpoint, corpus):
    status, _, body = fetch(f"{endpoint}/api/claim/c002-201")
    c = json.loads(body)
    text = corpus.sources["002_981075a887861ca6"].text
    assert text[int(c["start"]):int(c["end"])] == c["exact"]
    assert fetch(f"{endpoint}/api/claim/c999-999")[0] == 404


@pytest.mark.browser
@pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")
def test_web_page_runs_a_cookbook_query_offline(page_endpoint):
    endpoint = page_endpoint
    from playwright.sync_api import sync_playwright

    from .test_html import ARGS, CHROMIUM

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        problems, outside = [], []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(endpoint) else None)
        page.goto(endpoint + "/")
        page.wait_for_function("document.querySelectorAll('#examples option').length > 12")
        page.select_option("#examples", label="Which sources share text")
        page.wait_for_selector("#results table tbody tr")
        rows = page.locator("#results tbody tr").all_inner_texts()
        assert rows[0].split("\t")[2:] == ["778", "6"]
        page.select_option("#examples", label="A claim's quote, where it stands in its source")
        page.wait_for_function("document.querySelector('#results').innerText.includes('19,380')")
        link = page.get_attribute("#permalink", "href")
        assert link.startswith("?query=")
        page.goto(endpoint + "/" + link)  # the permalink carries the query and runs it
        page.wait_for_selector("#results table tbody tr")
        assert "19,380" in page.inner_text("#results")
        page.fill("#query", "SELECT ?c WHERE { GRAPH graph:reconciliation { ?p hkg:positionValue \"48\" ; hkg:supportedBy ?c } }")
        run_fresh(page)  # the last query's claim links gone: the link clicked below is one of this query's answers
        page.wait_for_selector("#results a.claim")
        page.click("#results a.claim >> nth=0")
        page.wait_for_function("document.querySelector('#context:not([hidden]) mark')?.innerText.includes('48')")
        assert "48" in page.inner_text("#context mark")
        assert page.locator("#downloads a").count() == 7  # six formats and CSV with a byte-order mark
        browser.close()
    assert problems == [] and outside == []
