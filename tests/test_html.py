"""The HTML report in a real browser: Debian's Chromium, driven by Playwright, offline."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from PIL import Image
from playwright.sync_api import sync_playwright

from hengyang_kg.report.data import write_report

from .conftest import BASE

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report_dir(recon, corpus, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    write_report(recon, corpus, out, BASE)
    return out


@pytest.fixture(scope="module")
def page(report_dir):
    assert shutil.which("chromium"), "chromium is missing: run scripts/setup-system.sh"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(viewport={"width": 1200, "height": 1600}, offline=True)
        pg = context.new_page()
        problems, requests = [], []
        pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        pg.on("pageerror", lambda e: problems.append(str(e)))
        pg.on("request", lambda r: requests.append(r.url))
        pg.goto((report_dir / "conflicts.html").as_uri())
        pg.wait_for_load_state("load")
        yield pg, problems, requests
        browser.close()


def _not_blank(png: bytes) -> bool:
    img = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 200))
    colours = img.getcolors(maxcolors=200 * 200)
    return len(colours) > 20


def test_loads_offline_without_console_errors(page, report_dir):
    pg, problems, requests = page
    assert problems == []
    assert all(u.startswith(("file:", "data:", "about:")) for u in requests), requests


def test_every_fact_is_present(page, report_dir):
    pg, _, _ = page
    data = json.loads((report_dir / "conflicts.json").read_text(encoding="utf-8"))
    ids = pg.eval_on_selector_all("section.fact", "els => els.map(e => e.id)")
    assert sorted(ids) == sorted(f["id"] for f in data["facts"])
    n_charts = pg.locator("section.fact svg.chart").count()
    assert n_charts == sum(1 for f in data["facts"] if f["kind"] in ("quantity", "date", "duration"))


def test_filters_by_status_and_source(page):
    pg, _, _ = page
    total = int(pg.inner_text("#shown"))
    pg.uncheck('input[data-status="agreement"]')
    conflicts_and_compatible = int(pg.inner_text("#shown"))
    assert 0 < conflicts_and_compatible < total
    assert pg.locator('section.fact[data-status="agreement"]:not(.hidden)').count() == 0
    for sid in ("000", "001", "002", "003"):
        pg.uncheck(f'input[data-source="{sid}"]')
    only_004 = pg.locator("section.fact:not(.hidden)")
    assert all("004" in s.split() for s in only_004.evaluate_all("els => els.map(e => e.dataset.sources)"))
    for sid in ("000", "001", "002", "003"):
        pg.check(f'input[data-source="{sid}"]')
    pg.check('input[data-status="agreement"]')
    assert int(pg.inner_text("#shown")) == total


def test_quotes_switch_to_the_other_script(page):
    pg, _, _ = page
    sel = '[id="defence_of_hengyang.casualties.japan.killed_and_wounded"] .quote'
    own = pg.locator(sel).all_inner_texts()
    assert any("總死傷19,380人" in t for t in own)  # 002 in its own traditional characters
    pg.check("#script")
    other = pg.locator(sel).all_inner_texts()
    assert any("总死伤19,380人" in t for t in other)
    pg.uncheck("#script")
    assert pg.locator(sel).all_inner_texts() == own


def test_screenshots_are_not_blank(page, tmp_path):
    pg, _, _ = page
    shot = pg.screenshot(full_page=False)
    assert _not_blank(shot)
    fact = pg.locator('[id="defence_of_hengyang.duration"]').screenshot()
    assert _not_blank(fact)
    (tmp_path / "fact.png").write_bytes(fact)


def test_a_blank_picture_is_recognised():
    buf = io.BytesIO()
    Image.new("RGB", (300, 300), "white").save(buf, format="PNG")
    assert not _not_blank(buf.getvalue())
