"""The endpoint's web page as a historian uses it, in Chromium: titles, clean quotes, citations, Excel CSV."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import sync_playwright

from hengyang_kg.sparql.server import Limits
from hengyang_kg.text.reading import has_markup

from .conftest import BASE, PROJECT, ROOT, run_fresh, serving
from .test_html import ARGS, CHROMIUM

pytestmark = [pytest.mark.browser, pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")]


@pytest.fixture(scope="module")
def endpoint(store):
    with serving(store, Limits(timeout=5.0, max_rows=2000, max_request=16384)) as url:
        yield url


@pytest.fixture(scope="module")
def page(endpoint):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(accept_downloads=True)
        pg = ctx.new_page()
        problems = []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        pg.goto(endpoint + "/")
        pg.wait_for_function("document.querySelectorAll('#examples option').length > 12")
        yield pg, problems
        browser.close()


def test_sources_and_works_are_shown_by_title(page):
    pg, problems = page
    pg.select_option("#examples", label="Which sources share text")
    pg.wait_for_selector("#results table tbody tr")
    text = pg.inner_text("#results")
    assert "保卫衡阳的战争为什么冠绝抗战史?" in text and "004_665026b1644f825d" not in text
    pg.select_option("#examples", label="Every position on Japanese casualties of the siege")
    pg.wait_for_selector("#results a.claim")
    assert problems == []


def test_the_claim_popup_shows_the_clean_quote_its_citation_and_source(page, corpus):
    pg, problems = page
    c = next(c for c in corpus.claims if c.source.startswith("002") and "<a href" in c.exact)
    pg.fill("#query", "SELECT ?claim WHERE { GRAPH graph:provenance { ?claim hkg:claimId \"%s\" } }" % c.claim.id)
    run_fresh(pg)
    pg.wait_for_selector("#results a.claim")
    pg.click("#results a.claim >> nth=0")
    pg.wait_for_function("document.querySelector('#context:not([hidden]) mark')?.innerText.includes(%s)"
                         % json.dumps(c.claim.value))
    quote = pg.inner_text("#context-quote")
    assert c.claim.value in quote and not has_markup(quote)  # the raw quote holds an <a href=…> tag
    cite = pg.inner_text("#context-cite")
    assert "《衡阳保卫战》" in cite and f"{BASE}claim/{c.claim.id}" in cite
    assert pg.get_attribute("#context-source", "href").startswith("https://zh.wikipedia.org/")
    assert problems == []


def test_csv_for_excel_has_a_byte_order_mark(page):
    pg, _ = page
    pg.fill("#query", "SELECT ?label WHERE { GRAPH graph:entities { entity:fang_xianjue skos:prefLabel ?label } } ORDER BY ?label")
    run_fresh(pg)
    pg.wait_for_selector("#results table tbody tr")
    with pg.expect_download() as dl:
        pg.click("#csv-excel")
    data = open(dl.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf") and "方先觉".encode("utf-8") in data
