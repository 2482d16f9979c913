"""axe-core on every kind of page: the report (its full timeline open), every source page, and
entity pages chosen to cover every element shape the entity template emits (a section's empty
state included), in Chromium, offline. The web page is checked in tests/test_report_site.py."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from .test_html import AXE, MAIN, Visit, browser, report_dir  # noqa: F401 (fixtures)

AXE_RUN = """async () => {
    const r = await axe.run(document, {resultTypes: ['violations']});
    return r.violations.map(x => ({id: x.id, impact: x.impact, n: x.nodes.length,
                                   first: x.nodes[0] && x.nodes[0].target.join(' ')}));
}"""


def serious(page) -> list[dict]:
    """The serious and critical violations axe-core finds on an open page."""
    assert AXE.is_file(), "axe-core is missing: run scripts/setup-system.sh"
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return [x for x in page.evaluate(AXE_RUN) if x["impact"] in ("serious", "critical")]


class _Shapes(HTMLParser):
    """Every element of a page as a shape: its tag, classes and role, under its parent's shape."""

    def __init__(self):
        super().__init__()
        self.stack: list[str] = []
        self.shapes: set[str] = set()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        shape = tag + "".join(f".{c}" for c in sorted((a.get("class") or "").split())) + \
            (f"[{a['role']}]" if a.get("role") else "") + (f"[{a['aria-labelledby']}]" if a.get("aria-labelledby") else "") + (f"#{a['id']}" if re.fullmatch(r"[a-z]+-h", a.get("id") or "") else "")
        self.shapes.add((self.stack[-1] if self.stack else "") + ">" + shape)
        if tag not in ("meta", "link", "br", "img", "input", "line", "rect", "circle", "path", "hr"):
            self.stack.append(shape)

    def handle_endtag(self, tag):
        while self.stack:
            top = self.stack.pop()
            if re.match(rf"{tag}\b", top):
                break


def covering(pages: list[Path]) -> list[Path]:
    """A few pages that together show every element shape any of them has (greedy cover)."""
    shapes = {}
    for p in pages:
        parser = _Shapes()
        parser.feed(p.read_text(encoding="utf-8"))
        shapes[p] = parser.shapes
    todo, chosen = set().union(*shapes.values()), []
    while todo:
        best = max(pages, key=lambda p: (len(shapes[p] & todo), -pages.index(p)))
        chosen.append(best)
        todo -= shapes[best]
    return chosen


def test_the_report_has_no_serious_violation(browser, report_dir):
    v = Visit(browser, report_dir / "conflicts.html")
    v.page.locator("details.tl-full").evaluate("d => d.open = true")  # the full timeline too
    assert serious(v.page) == []
    v.close()


def test_every_source_page_has_no_serious_violation(browser, report_dir):
    pages = sorted((report_dir / "sources").glob("*.html"))
    assert len(pages) >= 5
    found = {}
    for p in pages:
        v = Visit(browser, p)
        found[p.name] = serious(v.page)
        v.close()
    assert found == {p.name: [] for p in pages}


def test_entity_pages_covering_every_template_branch_have_no_serious_violation(browser, report_dir):
    every = sorted((report_dir / "entities").glob("*.html"))
    chosen = covering(every)
    chosen += [p for p in every if p.stem == "fang_xianjue" and p not in chosen]  # the most claims name him
    names = [p.stem for p in chosen]
    assert MAIN in names  # the only page with the timeline
    assert 3 <= len(chosen) < len(every)
    found = {}
    for p in chosen:
        v = Visit(browser, p)
        found[p.stem] = serious(v.page)
        v.close()
    assert found == {n: [] for n in names}


def test_the_cover_finds_a_page_with_a_rare_element(tmp_path):
    pages = []
    for i, body in enumerate(["<p>a</p>", "<p>b</p><ul class=x><li>c</li></ul>", "<p>d</p>", "<section><p>e</p></section>"]):
        pages.append(tmp_path / f"{i}.html")
        pages[-1].write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    assert [p.name for p in covering(pages)] in (["1.html", "3.html"], ["3.html", "1.html"])
