"""The endpoint serves a built report read-only under /report/, and the web page's claim popup
links each claim to its sentence on its source page — from `serve`, and from the page written
as static files in front of another SPARQL engine (Oxigraph server), in Chromium."""

from __future__ import annotations

import functools
import http.client
import importlib.util
import json
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from hengyang_kg.datasets import open_report, report_set
from hengyang_kg.outputs import OutputError
from hengyang_kg.sparql.server import Limits
from hengyang_kg.sparql.webpage import write_static_page

from .conftest import BASE, PROJECT, ROOT, serving
from .test_accessibility import serious
from .test_html import ARGS, CHROMIUM

CLAIM = "c002-201"  # 19,380 Japanese casualties, in 002 (Wikipedia)
SOURCE = "002_981075a887861ca6"


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site") / "out"
    report_set(ROOT, out, BASE)
    return out


@pytest.fixture(scope="module")
def endpoint(store, report_dir):
    site = open_report(ROOT, str(report_dir), report_dir, BASE)
    with serving(store, Limits(timeout=5.0, max_rows=2000, max_request=16384), site) as url:
        yield url.removeprefix("http://")


def get(hostport: str, path: str, method: str = "GET") -> tuple[int, dict, bytes]:
    """A request with the path sent as written (no client-side normalisation of '..')."""
    conn = http.client.HTTPConnection(hostport, timeout=30)
    try:
        conn.request(method, path)
        resp = conn.getresponse()
        return resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read()
    finally:
        conn.close()


@pytest.mark.parametrize("path, ctype, expected", [
    ("/report/", "text/html; charset=utf-8", "fact-defence_of_hengyang.casualties.japan.killed_and_wounded"),
    ("/report/conflicts.html", "text/html; charset=utf-8", f'id="claim-{CLAIM}"'),
    ("/report/conflicts.json", "application/json; charset=utf-8", '"facts"'),
    ("/report/conflicts.md", "text/markdown; charset=utf-8", "defence_of_hengyang"),
    ("/report/entities/fang_xianjue.html", "text/html; charset=utf-8", "方先觉"),
    (f"/report/sources/{SOURCE}.html", "text/html; charset=utf-8", f'id="claim-{CLAIM}"'),
    ("/report/manifest.json", "application/json; charset=utf-8", '"report"'),
])
def test_the_report_is_served_with_its_content_types(endpoint, report_dir, path, ctype, expected):
    status, headers, body = get(endpoint, path)
    assert status == 200 and headers["content-type"] == ctype
    assert headers["x-content-type-options"] == "nosniff"
    assert expected in body.decode("utf-8")
    name = path.removeprefix("/report/") or "conflicts.html"
    assert body == (report_dir / name).read_bytes()
    head = get(endpoint, path, "HEAD")
    assert head[0] == 200 and head[2] == b"" and head[1]["content-length"] == str(len(body))


@pytest.mark.parametrize("path", [
    "/report/../pyproject.toml", "/report/%2e%2e/pyproject.toml", "/report/..%2fpyproject.toml",
    "/report/entities/../../data/entities.yaml", "/report/entities/", "/report/entities", "/report//etc/passwd",
    "/report/%2fetc%2fpasswd", "/report/..\\pyproject.toml", "/report/hengyang.nq", "/report/nothing.html",
    "/report/sources/%ff.html", "/report/./conflicts.html",
])
def test_no_path_leaves_the_report(endpoint, path):
    status, _, body = get(endpoint, path)
    assert status == 404, (path, body[:80])


def test_report_redirects_to_its_directory_and_refuses_writes(endpoint):
    status, headers, _ = get(endpoint, "/report")
    assert status == 301 and headers["location"] == "/report/"
    assert get(endpoint, "/report/conflicts.html", "POST")[0] == 404
    assert get(endpoint, "/report/conflicts.html", "PUT")[0] in (405, 501)


def test_a_stale_or_changed_report_is_refused(report_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(report_dir, copy)
    with (copy / "entities" / "fang_xianjue.html").open("ab") as fh:
        fh.write(b"<!-- changed -->")
    with pytest.raises(OutputError, match="changed after it was written"):
        open_report(ROOT, str(copy), copy, BASE)
    manifest = json.loads((report_dir / "manifest.json").read_text(encoding="utf-8"))
    manifest["inputs"]["data/entities.yaml"] = "0" * 64
    stale = tmp_path / "stale"
    shutil.copytree(report_dir, stale)
    (stale / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(OutputError, match=r"stale: data/entities.yaml changed.*--rebuild"):
        open_report(ROOT, str(stale), stale, BASE)
    with pytest.raises(OutputError, match="does not exist"):
        open_report(ROOT, str(tmp_path / "none"), tmp_path, BASE)
    assert open_report(ROOT, None, tmp_path, BASE) is None  # no report beside the dataset: none served


def test_the_web_page_without_a_report_hides_the_link(store):
    with serving(store, Limits(workers=1)) as url:
        hostport = url.removeprefix("http://")
        assert json.loads(get(hostport, "/config.json")[2])["report"] is None
        assert get(hostport, "/report/")[0] == 404


def _popup_to_source_page(page_url: str, allowed: tuple[str, ...]) -> None:
    """From the page: a cookbook query with ?claim, the popup, its link, the highlighted claim."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page()
        problems, outside = [], []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        pg.on("response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        pg.on("request", lambda r: outside.append(r.url) if not r.url.startswith(allowed + ("data:",)) else None)
        pg.goto(page_url)
        pg.wait_for_function("document.querySelectorAll('#examples option').length > 12")
        pg.select_option("#examples", label="Every position on Japanese casualties of the siege")
        link = pg.locator(f'#results a.claim[data-claim="{CLAIM}"]').first
        link.wait_for()
        link.click()
        pg.wait_for_selector("#context:not([hidden]) mark")
        to_page = pg.locator("#context-page")
        assert to_page.is_visible()
        assert to_page.get_attribute("href").endswith(f"sources/{SOURCE}.html#claim-{CLAIM}")
        to_page.click()
        pg.wait_for_url(f"**/sources/{SOURCE}.html#claim-{CLAIM}")
        pg.wait_for_load_state("load")
        assert pg.evaluate(f"document.querySelector('#claim-{CLAIM}').matches(':target')")
        words = pg.locator(".reading a.hl.current")  # the claim's words, highlighted
        assert words.count() >= 1 and "19,380" in "".join(words.all_inner_texts())
        assert all(CLAIM in w.split() for w in words.evaluate_all("els => els.map(e => e.dataset.claims)"))
        assert words.first.evaluate("e => getComputedStyle(e).outlineStyle") == "solid"
        box, view = words.first.bounding_box(), pg.viewport_size
        assert 0 <= box["y"] < view["height"]  # scrolled to it
        assert problems == [] and outside == []
        browser.close()


@pytest.mark.browser
@pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")
def test_the_popup_links_the_claim_on_its_source_page(endpoint):
    _popup_to_source_page(f"http://{endpoint}/", (f"http://{endpoint}/",))


@pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")
def test_the_web_page_has_no_serious_accessibility_violation(endpoint):
    """axe-core on the web page as it is used: a cookbook answer shown and a claim's popup open."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        pg = browser.new_page()
        pg.goto(f"http://{endpoint}/")
        pg.wait_for_function("document.querySelectorAll('#examples option').length > 12")
        assert serious(pg) == []
        pg.select_option("#examples", label="Every position on Japanese casualties of the siege")
        pg.locator(f'#results a.claim[data-claim="{CLAIM}"]').first.click()
        pg.wait_for_selector("#context:not([hidden]) mark")
        assert serious(pg) == []
        browser.close()


spec = importlib.util.spec_from_file_location("oxigraph_harness", PROJECT / "scripts" / "oxigraph_server.py")
harness = importlib.util.module_from_spec(spec)
spec.loader.exec_module(harness)


@pytest.mark.browser
@pytest.mark.system
@pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")
def test_the_static_page_in_front_of_oxigraph_server_links_the_report(exports, report_dir, tmp_path):
    """The deployment the README describes: the dataset in Oxigraph server, the page and the
    report as files on a plain web server, config.json pointing the page at both."""
    try:
        harness.binary()
    except RuntimeError as exc:
        pytest.skip(f"{exc}: run pip install -e '.[test]'")
    site = tmp_path / "www"
    shutil.copytree(report_dir, site / "report")
    location = tmp_path / "oxigraph"
    harness.load(location, exports["hengyang.nq"])
    handler = functools.partial(_QuietFiles, directory=str(site))
    files = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=files.serve_forever, daemon=True).start()
    try:
        with harness.oxigraph(location, read_only=True) as engine:
            write_static_page(site, f"{engine}/query", "/report/", BASE)
            web = f"http://127.0.0.1:{files.server_address[1]}/"
            _popup_to_source_page(web, (web, engine))
    finally:
        files.shutdown()
        files.server_close()


class _QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass
