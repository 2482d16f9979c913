"""The keys of the entity and source pages in the report's part cache, made of what each page
is rendered from without making its view first (so an unchanged page is neither built nor
rendered). Besides what every page shares (the sources in order, the names of entities, the
units, the base IRI, the templates and the program):

- an entity page: the entity's record (type, labels, side, part of, aliases, note, author); the
  keys of the facts about it (:meth:`~hengyang_kg.report.part_cache.PartCache.fact_inputs`),
  in their order; each claim that names it or states who held an office of it (the key of its
  claims file, which stands for its words, quote and source text; its id; the fact it belongs
  to); which of the entities it may link to have a page; the titles of the sources it lists;
- a source page: the key of its claims file (its claims, out-of-scope passages and text), its
  metadata, the text it shares with others and the facts its claims belong to.

A page with a fact or claim from a file loaded without the cache has no key: it is rendered
every time.
"""

from __future__ import annotations

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.report.pages import PageIndex
from hengyang_kg.report.part_cache import PartCache, compact


def entity_key(eid: str, cache: PartCache, corpus: Corpus, index: PageIndex, pages: set[str],
               shared: str) -> str | None:
    """The key of ``entities/<eid>.html`` (see the module's doc), or None. The facts about ``eid`` are
    read from what :meth:`~hengyang_kg.report.part_cache.PartCache.fact_inputs` kept, not read back."""
    facts = cache.about.get(eid, [])
    named = index.naming.get(eid, [])
    held = index.entity_claims_of.get(eid, [])
    keys = cache.claims_keys
    if any(f is None for f in facts) or any(c.source not in keys for c in (*named, *held)):
        return None
    e = corpus.entities[eid]
    linked = {*e.part_of, *(c.claim.subject for c in named), *(v for f in facts if f is not None for v in f[2])}
    sources = {s for f in facts if f is not None for s in f[1]} | {c.source for c in named}
    files = sorted({c.source for c in named} | {c.source for c in held})
    return cache.key("entity", shared, e.model_dump_json(), compact([
        [f[0] for f in facts if f is not None],
        [[sid, keys[sid]] for sid in files],  # each claims file's key once, its claims by their source below
        [[c.source, c.claim.id, index.fact_of.get(c.claim.id, "")] for c in named],
        [[c.source, c.claim.id] for c in held],
        sorted([m, m in pages] for m in linked),
        [[sid, index.source_title.get(sid)] for sid in sorted(sources)]]))


def source_key(s: dict, cache: PartCache, corpus: Corpus, index: PageIndex, shared: str) -> str | None:
    """The key of ``sources/<id>.html`` for the source's entry ``s`` of the report (see the module's doc), or None."""
    sid = s["id"]
    if sid not in cache.claims_keys:
        return None
    claims = index.claims_of_source.get(sid, [])
    return cache.key("source", shared, cache.claims_keys[sid], compact(s), corpus.sources[sid].meta.model_dump_json(),
                     compact(index.reuse_of.get(sid, [])),
                     compact([(c.claim.id, index.fact_of.get(c.claim.id)) for c in claims]))
