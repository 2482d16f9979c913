"""The entity and source pages written into their folder one at a time, each taken from the
report's part cache when what it is rendered from is unchanged (see
:mod:`~hengyang_kg.report.page_keys` for the keys), rendered and kept there otherwise."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from jinja2 import Environment, Template

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.outputs import sha256_file, tree_digest
from hengyang_kg.report.citation import plain_citation
from hengyang_kg.report.fact_spool import FactSpool
from hengyang_kg.report.html import context, context_key, render_pages
from hengyang_kg.report.page_keys import entity_key, source_key
from hengyang_kg.report.pages import PageIndex, entity_ids, entity_page, source_page
from hengyang_kg.report.part_cache import PartCache
from hengyang_kg.report.timeline import drawn, timeline


def page_folder(folder: str, data: dict, corpus: Corpus, base: str, env: Environment,
                cache: PartCache | None) -> Callable[[Path], str]:
    """A maker of the folder ``entities`` or ``sources`` (an artefact of the output set); it gives the
    folder's hash (:func:`~hengyang_kg.outputs.sha256_tree`) from the hashes of the pages it wrote or
    linked, so the pages are not read again for the manifest."""
    def make(path: Path) -> str:
        path.mkdir()
        digests: dict[str, str] = {}
        if cache is None:
            for name, text in render_pages(data, corpus, base, env, (folder,)):
                page = text.encode("utf-8")
                (path / name.split("/", 1)[1]).write_bytes(page)
                digests[name.split("/", 1)[1]] = hashlib.sha256(page).hexdigest()
        else:
            (_entity_pages if folder == "entities" else _source_pages)(path, data, corpus, base, env, cache, digests)
            if folder == "sources":  # the last folder written
                cache.save_digests()
                _indexes.clear()
        return tree_digest(digests)
    return make


_indexes: list[tuple[object, object, Corpus, PageIndex]] = []


def page_index(data: dict, corpus: Corpus) -> PageIndex:
    """The :class:`PageIndex` of ``data`` and ``corpus``, built once for both folders (which share the
    report's facts and head)."""
    for facts, sources, c, index in _indexes:
        if facts is data["facts"] and sources is data["sources"] and c is corpus:
            return index
    index = PageIndex(data, corpus)
    _indexes[:] = [(data["facts"], data["sources"], corpus, index)]
    return index


def _written(cache: PartCache, key: str | None, folder: Path, name: str, render: Callable[[], str],
             digests: dict[str, str]) -> None:
    to = os.path.join(folder, name)  # (no Path: tens of thousands a run)
    if key is not None and cache.copy_page(key, to):
        known = cache.page_digest(key)
        digests[name] = known or sha256_file(Path(to))
        if known is None:
            cache.keep_digest(key, digests[name])
        return
    data = render().encode("utf-8")
    with open(to, "wb") as fh:
        fh.write(data)
    digests[name] = hashlib.sha256(data).hexdigest()
    if key is not None:
        cache.put_page(key, data, digests[name])


def _entity_pages(path: Path, data: dict, corpus: Corpus, base: str, env: Environment, cache: PartCache,
                  digests: dict[str, str]) -> None:
    ctx = context(data, corpus, base)
    shared = context_key(ctx)
    pages = entity_ids(data, corpus)
    page_set = set(pages)
    event = corpus.main_event()  # the headline's
    index = page_index(data, corpus)
    tpl = env.get_template("entity.html.j2")

    def render(eid: str) -> str:
        tl = timeline(_drawn_facts(data, corpus, eid), corpus, eid) if eid == event else None
        return tpl.render(e=entity_page(eid, data, corpus, ctx["titles"], page_set, index), timeline=tl,
                          pages=page_set, **ctx)

    complete = cache.seen == data["summary"]["facts"]  # every fact's key is known
    for eid in pages:
        # the main event's page (with the timeline) is rendered every time
        key = None if eid == event or not complete else entity_key(eid, cache, corpus, index, page_set, shared)
        _written(cache, key, path, f"{eid}.html", partial(render, eid), digests)


def _drawn_facts(data: dict, corpus: Corpus, event: str) -> dict:
    """``data`` with (at least) the facts the timeline of ``event`` draws, in the report's order: from
    a spool, only those are read back."""
    facts = data["facts"]
    if not isinstance(facts, FactSpool):
        return data
    family, _roles = drawn(corpus, event)
    numbered = [x for s in family if s in facts.of_subject for x in zip(facts.of_subject[s], facts.about_subject(s))]
    return {**data, "facts": [f for _n, f in sorted(numbered, key=lambda x: x[0])]}


def _source_pages(path: Path, data: dict, corpus: Corpus, base: str, env: Environment, cache: PartCache,
                  digests: dict[str, str]) -> None:
    ctx = context(data, corpus, base)
    shared = context_key(ctx)
    index = page_index(data, corpus)
    tpl = env.get_template("source.html.j2")
    for s in data["sources"]:
        _written(cache, source_key(s, cache, corpus, index, shared), path, f"{s['id']}.html",
                 partial(_source, tpl, s, data, corpus, index, ctx), digests)


def _source(tpl: Template, s: dict, data: dict, corpus: Corpus, index: PageIndex, ctx: dict) -> str:
    return tpl.render(s=s, page=source_page(s["id"], data, corpus, index), citation=plain_citation(s), **ctx)
