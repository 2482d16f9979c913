"""The HTML report, entity and source pages in a real browser: Debian's Chromium, driven by Playwright, offline."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from hengyang_kg.report.citation import plain_citation
from hengyang_kg.report.writer import report_files
from hengyang_kg.text.reading import has_markup

from .conftest import BASE, PROJECT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
AXE = PROJECT / "tests" / ".node" / "node_modules" / "axe-core" / "axe.min.js"
MAIN = "defence_of_hengyang"



@pytest.fixture(scope="module")
def report_dir(recon, corpus, tmp_path_factory):
    """The report's files as ``report`` writes them (fact by fact: :mod:`hengyang_kg.report.writer`)."""
    out = tmp_path_factory.mktemp("report")
    for name, make in report_files(recon, corpus, BASE).items():
        make(out / name)
    return out


@pytest.fixture(scope="module")
def data(report_dir):
    return json.loads((report_dir / "conflicts.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def browser():
    assert shutil.which("chromium"), "chromium is missing: run scripts/setup-system.sh"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened offline, with its console errors and every request it made."""

    def __init__(self, browser, path: Path, width: int = 1280, height: int = 1000):
        self.context = browser.new_context(viewport={"width": width, "height": height}, offline=True)
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def close(self):
        self.context.close()


@pytest.fixture(scope="module")
def report(browser, report_dir):
    v = Visit(browser, report_dir / "conflicts.html")
    yield v
    v.close()


def _not_blank(png: bytes) -> bool:
    img = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 200))
    colours = img.getcolors(maxcolors=200 * 200)
    return len(colours) > 20


def _pages(report_dir: Path) -> list[Path]:
    return [report_dir / "conflicts.html", *sorted((report_dir / "entities").glob("*.html")),
            *sorted((report_dir / "sources").glob("*.html"))]


def test_pages_load_offline_without_console_errors_or_outside_requests(browser, report_dir, report):
    visits = [report] + [Visit(browser, report_dir / p) for p in
                         (f"entities/{MAIN}.html", "entities/fang_xianjue.html", "sources/002_981075a887861ca6.html")]
    for v in visits:
        assert v.problems == []
        assert all(u.startswith(("file:", "data:", "about:")) for u in v.requests), v.requests
        assert len(v.requests) == 1  # the page itself: styles, scripts and pictures are inline
    for v in visits[1:]:
        v.close()


def test_every_fact_and_claim_has_its_anchor(report, data):
    pg = report.page
    ids = set(pg.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
    assert {f"fact-{f['id']}" for f in data["facts"]} <= ids
    assert {f"claim-{c['id']}" for f in data["facts"] for p in f["positions"] for c in p["claims"]} <= ids
    n_charts = pg.locator("article.fact svg.chart").count()
    assert n_charts == sum(1 for f in data["facts"] if f["kind"] in ("quantity", "date", "duration"))


def test_the_first_five_fact_links_are_the_main_events_disputes(report, data):
    hrefs = report.page.eval_on_selector_all('a[href^="#fact-"]', "els => els.slice(0, 5).map(e => e.getAttribute('href'))")
    facts = {f["id"]: f for f in data["facts"]}
    assert len(hrefs) == 5
    for h in hrefs:
        f = facts[h.removeprefix("#fact-")]
        assert (f["subject"]["id"], f["status"]) == (MAIN, "conflict")
    assert hrefs[0] == "#fact-defence_of_hengyang.casualties.japan.killed_and_wounded"
    assert report.page.locator("#lead").bounding_box()["y"] < 200  # the page opens with it


def test_every_fact_subject_has_an_entity_page_and_every_source_a_source_page(report_dir, data):
    for f in data["facts"]:
        assert (report_dir / "entities" / f"{f['subject']['id']}.html").is_file(), f["subject"]["id"]
    for s in data["sources"]:
        assert (report_dir / "sources" / f"{s['id']}.html").is_file()


def test_every_link_and_anchor_resolves(browser, report_dir):
    """Every page is opened in Chromium; every relative link must name an existing page and id."""
    ids: dict[Path, set[str]] = {}
    links: list[tuple[Path, str]] = []
    ctx = browser.new_context(offline=True)
    pg = ctx.new_page()
    for path in _pages(report_dir):
        pg.goto(path.as_uri())
        found = pg.evaluate("""() => ({ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
                   hrefs: Array.from(document.querySelectorAll('a[href]'), e => e.getAttribute('href'))})""")
        ids[path.resolve()] = set(found["ids"])
        links += [(path, h) for h in found["hrefs"]]
    ctx.close()
    bad = []
    for page, href in links:
        assert not href.startswith(("http:", "https:", "//")), href  # nothing leaves the report
        target, _, frag = href.partition("#")
        dest = (page.parent / target).resolve() if target else page.resolve()
        if dest not in ids or (frag and frag not in ids[dest]):
            bad.append((page.name, href))
    assert bad == []
    assert len(links) > 5000


def test_a_claim_link_lands_on_its_sentence_in_the_source_page(browser, report_dir):
    v = Visit(browser, report_dir / "conflicts.html")
    link = v.page.locator('#claim-c002-201 a.ctx')
    link.click()
    v.page.wait_for_load_state("load")
    assert v.page.url.endswith("sources/002_981075a887861ca6.html#claim-c002-201")
    text = v.page.locator(".reading").inner_text()
    assert "總死傷19,380人" in text and not has_markup(text)
    v.close()


def test_filters_hide_and_show_whole_sections(report):
    pg = report.page
    total = int(pg.inner_text("#shown"))
    assert pg.locator("#status-agreement").is_visible()
    pg.uncheck('input[data-status="agreement"]')
    assert not pg.locator("#status-agreement").is_visible()
    assert int(pg.inner_text("#shown")) < total
    assert "Showing" in pg.inner_text("#filter-status")
    for sid in ("000", "001", "002", "003"):
        pg.uncheck(f'input[data-source="{sid}"]')
    visible = pg.locator("article.fact:visible")
    assert visible.count() > 0
    assert all("004" in s.split() for s in visible.evaluate_all("els => els.map(e => e.dataset.sources)"))
    hidden_groups = pg.locator("section.subject-group.hidden").count()
    assert hidden_groups > 0 and pg.locator(".toc-status li.dim").count() > 0
    for sid in ("000", "001", "002", "003"):
        pg.check(f'input[data-source="{sid}"]')
    pg.check('input[data-status="agreement"]')
    assert int(pg.inner_text("#shown")) == total
    assert pg.locator("section.hidden").count() == 0


def test_no_displayed_quote_carries_markup(report):
    quotes = report.page.locator(".quote").all_inner_texts()
    assert len(quotes) > 900
    assert [q for q in quotes if has_markup(q)] == []


def test_quotes_switch_to_the_other_script(report):
    pg = report.page
    sel = '#claim-c002-201 .quote'
    own = pg.locator(sel).inner_text()
    assert "總死傷19,380人" in own  # 002 in its own traditional characters
    pg.check("#script")
    assert "总死伤19,380人" in pg.locator(sel).inner_text()
    pg.uncheck("#script")
    assert pg.locator(sel).inner_text() == own


def claim_citation(claim: dict, source: dict, base: str) -> dict:
    """What the cite dialog of a claim should hold (``assets/report.js`` makes it in the page): the
    source's citation, the passage (line and offsets) and the claim's IRI, as text and CSL-JSON."""
    iri = f"{base}claim/{claim['id']}"
    passage = f"line {claim['line']}, characters {claim['start']}–{claim['end']}"
    text = f"{plain_citation(source)} {passage}: 「{claim['quote_text']}」 Claim {iri}"
    csl = dict(source["csl"], id=claim["id"], locator=str(claim["line"]), label="line",
               note=f"「{claim['quote_text']}」 ({passage}); claim {iri}")
    return {"text": text, "csl": csl}


def test_cite_gives_plain_text_and_csl_json(report, data):
    pg = report.page
    pg.locator('#claim-c002-201 button.cite').click()
    assert pg.locator("#cite-dialog").is_visible()
    text = pg.input_value("#cite-text")
    csl = json.loads(pg.input_value("#cite-csl"))
    claim = next(c for f in data["facts"] for p in f["positions"] for c in p["claims"] if c["id"] == "c002-201")
    source = next(s for s in data["sources"] if s["id"] == claim["source"])
    expected = claim_citation(claim, source, BASE)
    assert text == expected["text"]
    assert csl == [expected["csl"]]
    assert f"{BASE}claim/c002-201" in text and csl[0]["URL"].startswith("https://zh.wikipedia.org/")
    pg.click("#cite-close")
    assert not pg.locator("#cite-dialog").is_visible()


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("page", ["conflicts.html", f"entities/{MAIN}.html", "sources/004_665026b1644f825d.html"])
def test_screenshots_are_not_blank_and_nothing_overflows(browser, report_dir, width, page):
    v = Visit(browser, report_dir / page, width=width, height=900)
    assert _not_blank(v.page.screenshot(full_page=False))
    overflow = v.page.evaluate("""w => Array.from(document.querySelectorAll('body *')).filter(e =>
        e.getBoundingClientRect().right > w + 1 && !e.closest('.scroll')).length""", width)
    assert overflow == 0
    v.close()


def test_charts_have_round_ticks_units_and_unclipped_labels(report):
    pg = report.page
    chart = pg.locator('[id="fact-defence_of_hengyang.casualties.japan.killed_and_wounded"] svg.chart')
    ticks = [t for t in chart.locator("text[text-anchor]").all_text_contents() if t[:1].isdigit()]
    assert ticks and all(int(t.replace(",", "")) % 10000 == 0 for t in ticks), ticks
    assert "persons" in chart.locator("text.unit").text_content()
    box = chart.bounding_box()
    for t in chart.locator("text").all():
        b = t.bounding_box()
        assert b["x"] >= box["x"] - 1 and b["x"] + b["width"] <= box["x"] + box["width"] + 1


def test_timeline_shows_conflicting_dates_side_by_side(report):
    tl = report.page.locator("#timeline svg.timeline").first
    assert tl.is_visible()
    labels = tl.locator("text.tl-label").all_text_contents()
    assert any("1944-06-22" in t for t in labels) and any("1944-06-23" in t for t in labels)


NO_OVERLAP = """svg => {
    const texts = Array.from(svg.querySelectorAll('text')).map(t => [t.textContent, t.getBoundingClientRect()]);
    const bad = [];
    for (let i = 0; i < texts.length; i++) {
        for (let j = i + 1; j < texts.length; j++) {
            const a = texts[i][1], b = texts[j][1];
            const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
            const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
            if (w > 1 && h > 1) { bad.push([texts[i][0], texts[j][0]]); }
        }
    }
    const box = svg.getBoundingClientRect();
    const out = texts.filter(([, b]) => b.left < box.left - 1 || b.right > box.right + 1).map(([t]) => t);
    return {bad: bad, out: out, n: texts.length};
}"""


@pytest.mark.parametrize("page", ["conflicts.html", f"entities/{MAIN}.html"])
def test_timeline_is_readable_grouped_compact_and_without_overlapping_labels(browser, report_dir, data, page):
    v = Visit(browser, report_dir / page)
    compact, full = v.page.locator("svg.timeline").all()
    v.page.locator("details.tl-full").evaluate("d => d.open = true")
    for svg in (compact, full):
        got = svg.evaluate(NO_OVERLAP)
        assert got["bad"] == [] and got["out"] == [] and got["n"] > 20, got
    groups = full.locator("text.tl-group").all_text_contents()
    assert groups[0] == "The siege and its phases" and groups[-1].startswith("Around it")
    assert any(g.startswith("第一次总攻 (28 Jun") for g in groups) and any(g.startswith("Between ") for g in groups)
    rows = {name: svg.locator("text.tl-row").count() for name, svg in (("compact", compact), ("full", full))}
    assert 10 <= rows["compact"] <= 25 < rows["full"]  # the compact view: the siege, its phases, the disputes

    def conflict_marks(svg) -> dict[str, int]:
        hrefs = svg.locator("a:has(rect.mark.conflict)").evaluate_all("els => els.map(e => e.getAttribute('href'))")
        return {h.split("#fact-")[1]: hrefs.count(h) for h in hrefs}

    shown = conflict_marks(full)
    assert conflict_marks(compact) == shown  # every disputed date is in the compact view
    facts = {f["id"]: f for f in data["facts"]}
    assert shown and all(len(facts[fid]["positions"]) == n for fid, n in shown.items())  # a line per position
    siege = "defence_of_hengyang.startDate"
    assert shown[siege] == 3 and compact.locator("text.tl-row", has_text="衡阳保卫战").count() == 1  # one row, three lines
    notes = compact.locator("text.tl-label").all_text_contents()
    assert "start 1944-06-23 (000, 001, 003, 004)" in notes
    assert v.problems == []
    v.close()


def test_a_blank_picture_is_recognised():
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(buf, format="PNG")
    assert not _not_blank(buf.getvalue())
