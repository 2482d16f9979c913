"""The HTML report: ``conflicts.html``, ``entities/<id>.html`` and ``sources/<id>.html``.

Rendered from Jinja2 templates (``templates/``) with autoescape; the stylesheet and
script (``assets/``) are inlined at render time, so every page is one self-contained
file that needs no network. Functions return text; :mod:`~hengyang_kg.report.writer` and
:mod:`~hengyang_kg.report.page_files` write it.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from importlib import resources
from typing import NamedTuple, Protocol

from jinja2 import Environment, PackageLoader, StrictUndefined, Template, select_autoescape
from markupsafe import Markup

from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.properties import Units
from hengyang_kg.curation.units import units_of
from hengyang_kg.report.charts import colour, fact_chart
from hengyang_kg.report.citation import plain_citation
from hengyang_kg.report.data import STATUSES
from hengyang_kg.report.headline import fact_title, headline, position_order, position_text, support_text
from hengyang_kg.report.pages import PageIndex, display_name, entity_ids, entity_page, page_ids, source_page
from hengyang_kg.report.part_cache import PartCache, compact
from hengyang_kg.report.pictures import dependence
from hengyang_kg.report.timeline import timeline
from hengyang_kg.text.script_folding import other_script

HEADLINE_LINKS = 8


def _asset(name: str) -> Markup:
    text = resources.files("hengyang_kg.report").joinpath("assets", name).read_text(encoding="utf-8")
    return Markup(text)


def _json(x: object) -> Markup:
    """JSON for a <script type="application/json"> block: '</' cannot end the block."""
    return Markup(json.dumps(x, ensure_ascii=False, sort_keys=True).replace("</", "<\\/"))


def environment() -> Environment:
    env = Environment(loader=PackageLoader("hengyang_kg.report", "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters["short"] = short_id
    env.filters["other_script"] = other_script
    env.globals.update(css=_asset("report.css"), js=_asset("report.js"), STATUSES=STATUSES)
    return env


def context(data: dict, corpus: Corpus, base: str) -> dict:
    """What every page needs: sources by id with colours, titles of cited entities."""
    sources = [s["id"] for s in data["sources"]]
    titles = {eid: display_name(corpus, eid) for eid in corpus.entities}
    return {"sources": data["sources"], "source_ids": sources, "colours": {s: colour(sources, s) for s in sources},
            "titles": titles, "base": base, "cite_text": {s["id"]: plain_citation(s) for s in data["sources"]},
            "units": units_of(corpus.root)}


def _cite_data(data: dict, base: str) -> Markup:
    """What the cite buttons of ``conflicts.html`` read (the pages have none, so carry none)."""
    return _json({"base": base,
                  "sources": {s["id"]: {"text": plain_citation(s), "csl": s["csl"]} for s in data["sources"]}})


class ArticleTexts(Protocol):
    """The facts' ``<article>``s by fact id."""

    def __getitem__(self, fid: str) -> Markup: ...


class GroupArticles:
    """The ``<article>``s of a subject group's facts, one a line, joined only as the page is written."""

    def __init__(self, texts: ArticleTexts, facts: list[Brief]) -> None:
        self.texts, self.facts = texts, facts

    def __html__(self) -> str:
        return "\n".join(self.texts[f.id] for f in self.facts)


class Brief(NamedTuple):
    """What the table of contents and the sections of ``conflicts.html`` read of a fact."""

    id: str
    status: str
    subject: str
    label: str


def toc(briefs: Iterable[Brief]) -> list[dict]:
    """Facts by status, then by subject: what the table of contents and the sections show."""
    by_status: dict[str, dict[str, list[Brief]]] = {st: {} for st in STATUSES}
    for f in briefs:
        by_status[f.status].setdefault(f.subject, []).append(f)
    out = []
    for st in STATUSES:
        groups = by_status[st]
        order = sorted(groups, key=lambda s: (-len(groups[s]), s))
        out.append({"status": st, "count": sum(len(g) for g in groups.values()),
                    "groups": [{"subject": s, "label": groups[s][0].label, "facts": groups[s]} for s in order]})
    return out


def _fact_view(f: dict, source_ids: list[str], titles: dict[str, str], units: Units) -> dict:
    return {"title": fact_title(f), "chart": fact_chart(f, source_ids, units),
            "sources": sorted({short_id(c["source"]) for p in f["positions"] for c in p["claims"]}),
            "positions": [{"text": position_text(f, p, units), "support": support_text(p, titles), "p": p}
                          for p in sorted(f["positions"], key=position_order)]}


def context_key(ctx: dict) -> str:
    """What a fact's article or a page reads of what every page shares: the sources in order (their
    colours), the names of entities and the words of units."""
    shared = [ctx["source_ids"], ctx["titles"], ctx["base"], ctx["units"].as_data()]
    return hashlib.sha256(compact(shared).encode("utf-8")).hexdigest()


def article(f: dict, ctx: dict, tpl: Template, shared: str = "", part: str | None = None,
            cache: PartCache | None = None) -> str:
    """A fact's ``<article>``; with ``cache`` (and the fact's part of ``conflicts.json``), taken from
    it when unchanged. ``shared``: :func:`context_key` of ``ctx``."""
    key = cache.article_key(f["id"], shared, part) if cache is not None and part is not None else None
    text = cache.get(key) if cache is not None and key is not None else None
    if text is None:
        text = tpl.render(f=f, v=_fact_view(f, ctx["source_ids"], ctx["titles"], ctx["units"]), colours=ctx["colours"],
                          titles=ctx["titles"])
        text = text.removesuffix("\n")
        if cache is not None and key is not None:
            cache.put(key, text)
    return text


def report_chunks(data: dict, corpus: Corpus, base: str, env: Environment, ctx: dict, contents: list[dict],
                  texts: ArticleTexts, facts: list[dict], subjects: Iterable[str]) -> Iterator[str]:
    """``conflicts.html`` piece by piece: ``data`` is read for its head (summary, build, sources,
    shared text, checks), ``contents`` is :func:`toc` of every fact, ``texts`` their articles by
    id; ``facts`` holds at least the facts about the main event and those its timeline draws
    (:func:`~hengyang_kg.report.timeline.drawn`), in the report's order; ``subjects``: every fact's subject."""
    head = headline({"facts": facts}, corpus, ctx["titles"])
    contents = [{**st, "groups": [{**g, "articles": GroupArticles(texts, g["facts"])} for g in st["groups"]]}
                for st in contents]
    yield from env.get_template("report.html.j2").generate(
        data=data, head=head, headline_links=HEADLINE_LINKS, toc=contents,
        timeline=timeline({"facts": facts}, corpus, head["event"]), dependence=dependence(data, corpus, ctx["titles"]),
        pages=set(page_ids(subjects, corpus)), cite_data=_cite_data(data, base), **ctx)


def render_pages(data: dict, corpus: Corpus, base: str, env: Environment | None = None,
                 folders: tuple[str, ...] = ("entities", "sources")) -> Iterator[tuple[str, str]]:
    """``entities/<id>.html`` and ``sources/<id>.html`` (of the ``folders`` asked for) by relative
    path, one page at a time (so a caller that writes each as it comes never holds them all)."""
    env = env or environment()
    ctx = context(data, corpus, base)
    pages = entity_ids(data, corpus)
    head = headline(data, corpus, ctx["titles"])
    index = PageIndex(data, corpus)
    page_set = set(pages)
    tpl = env.get_template("entity.html.j2")
    for eid in pages if "entities" in folders else ():
        view = entity_page(eid, data, corpus, ctx["titles"], page_set, index)
        tl = timeline(data, corpus, eid) if eid == head["event"] else None
        yield f"entities/{eid}.html", tpl.render(e=view, timeline=tl, pages=page_set, **ctx)
    tpl = env.get_template("source.html.j2")
    for s in data["sources"] if "sources" in folders else ():
        yield f"sources/{s['id']}.html", tpl.render(s=s, page=source_page(s["id"], data, corpus, index),
                                                    citation=plain_citation(s), **ctx)

