"""Parts of the report files kept between runs, so that after one claims file changes only
the facts and pages it touches are built, checked and rendered again, and the rest is joined.

Every part is stored under a key made of its inputs — never of the part built first —, the
program (its version and every module, as for the other caches) and the templates and assets
of the pages:

- a fact's part of ``conflicts.json``: the fact as reconciled (its id, key, kind and status,
  its positions in their order with their values, bounds, claim ids and origins, its
  explanations and related facts), its subject's labels, its property's IRI and labels, and
  the keys of the claims files its claims come from (each stands for the claims' words,
  quotes and places and for their source's text, which the part quotes);
- a fact's ``<article>`` in ``conflicts.html``: the same, and what every page shares (the
  sources in order, for their colours; the names of entities; the units; the base IRI);
- an entity page and a source page: see :mod:`~hengyang_kg.report.page_keys`.

The facts' parts are kept in one bundle per claims file (that of the fact's first source, by
the file's key: every fact in a bundle has a claim of that file, so an edit of the file
changes every key in it); a bundle is written again, with the parts this run used, only when
it gained one. A fact with a claim of a file loaded without the cache is built every time.
Pages are files of their own, kept read-only and hard-linked into the output when unchanged
(copied where the cache is on another file system): the program never writes an output in
place, and the read-only mode keeps anyone else from writing a cached page through its link.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

from hengyang_kg.curation.load_cache import PickleStore, write_entry
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.cache import key_of, store_for
from hengyang_kg.reconcile.types import Fact


@lru_cache(maxsize=1)
def _templates_key() -> str:
    """The hash of every template and asset the pages are rendered with."""
    h = hashlib.sha256()
    root = resources.files("hengyang_kg.report")
    for folder in ("templates", "assets"):
        for item in sorted(root.joinpath(folder).iterdir(), key=lambda x: x.name):
            if item.is_file():
                h.update(item.name.encode("utf-8") + b"\0" + item.read_bytes())
    return h.hexdigest()


def compact(x: object) -> str:
    """Data as compact JSON (Python's C encoder), for a key."""
    return json.dumps(x, ensure_ascii=False, separators=(",", ":"))


class FactTexts(NamedTuple):
    """What ``conflicts.md`` and ``conflicts.html`` show of one fact."""

    markdown: tuple[str, ...]  # its lines in conflicts.md (without the section headings)
    label: str  # its subject's label (the contents of conflicts.html)
    article: str  # its <article>


class PartCache:
    """Rendered parts by key: the facts' in bundles by claims file, the pages as files."""

    def __init__(self, store: PickleStore, base: str, claims_keys: dict[str, str],
                 position_keys: dict[str, str] | None = None) -> None:
        self.store = store
        self.position_keys = position_keys or {}
        self.pages = os.path.join(store.dir, "pages")
        self.claims_keys = claims_keys
        self.common = key_of("report parts", _templates_key(), base)
        self.bundles: dict[str, dict[str, Any]] = {}
        self.used: dict[str, dict[str, Any]] = {}
        self.changed: set[str] = set()
        self.facts: dict[str, tuple[str, str]] = {}  # fact id → (its bundle, the key of its inputs)
        self.names: dict[str, str] = {}  # a bundle's source → the bundle's key
        # subject → its facts in the report's order: the key of each, its sources and (an entity-valued
        # fact) its values, or None for a fact without a key (what an entity page's key reads of them)
        self.about: dict[str, list[tuple[str, list[str], list[str]] | None]] = {}
        self.seen = 0  # facts given to fact_inputs (the pages are keyed only when it saw every fact)
        self.digests: dict[str, str] | None = None  # page key → the page's SHA-256, as kept
        self.digests_used: dict[str, str] = {}
        self.digests_changed = False
        self.hits = self.misses = 0

    def key(self, *parts: str) -> str:
        return key_of(self.common, *parts)

    def fact_inputs(self, f: Fact, corpus: Corpus) -> tuple[str, str] | None:
        """The bundle and the key of what the fact's part of ``conflicts.json`` is made from (see
        the module's doc); None when a claim comes from a file loaded without the cache."""
        self.seen += 1
        sources = sorted({c.source for c in f.claims})
        if not sources or any(s not in self.claims_keys for s in sources):
            self.about.setdefault(f.subject, []).append(None)
            return None
        e = corpus.entities.get(f.subject)
        pdef = corpus.properties[f.property]
        # the positions: the key they were cached under (their claims files, the text reuse, the fact key)
        # and their order (fates are put in the order they happened across facts), else in full
        pkey = self.position_keys.get(f.id)
        positions = (pkey, tuple(p.claims[0].claim.id if p.claims else "" for p in f.positions)) if pkey else \
            tuple((p.value, p.lower, p.upper, tuple(c.claim.id for c in p.claims), p.origins) for p in f.positions)
        # repr of strings, numbers, dates, tuples and frozen dataclasses: the same in every process
        inputs = repr((
            f.id, tuple(f.key), f.kind, f.status, None if e is None else (e.labels.zh_Hans, e.labels.en),
            (pdef.iri, pdef.label_en, pdef.label_zh), positions,
            f.explanations, f.related, tuple(self.claims_keys[s] for s in sources)))
        at = self.facts[f.id] = (sources[0], self.key("fact", inputs))
        self.about.setdefault(f.subject, []).append(
            (at[1], sources, [str(p.value) for p in f.positions] if f.kind == "entity" else []))
        return at

    def article_key(self, fid: str, shared: str, part: str) -> tuple[str, str]:
        """The bundle and key of a fact's ``<article>``: its inputs' key (else its part) and ``shared``."""
        at = self.facts.get(fid)
        return ("", self.key("article", shared, part)) if at is None else (at[0], self.key("article", shared, at[1]))

    def _bundle(self, sid: str) -> tuple[str, dict[str, Any]]:
        name = self.names.get(sid)
        if name is None:
            name = self.names[sid] = self.key("bundle", self.claims_keys.get(sid, ""))
        if name not in self.bundles:
            got = self.store.get(name)
            self.bundles[name] = got if isinstance(got, dict) else {}
            self.used[name] = {}
        return name, self.bundles[name]

    def texts(self, fid: str, shared: str) -> FactTexts | None:
        """What ``conflicts.md`` and ``conflicts.html`` show of a fact with a key (its Markdown lines,
        its subject's label, its ``<article>``), kept under its key and ``shared``
        (:func:`~hengyang_kg.report.html.context_key`); None when not kept (or the fact has no key)."""
        at = self.facts.get(fid)
        if at is None:
            return None
        got = self._get((at[0], self.key("texts", shared, at[1])))
        return FactTexts(*got) if isinstance(got, tuple) and len(got) == 3 else None

    def keep_texts(self, fid: str, shared: str, texts: FactTexts) -> None:
        at = self.facts.get(fid)
        if at is not None:
            self._put((at[0], self.key("texts", shared, at[1])), tuple(texts))

    def get(self, at: tuple[str, str]) -> str | None:
        got = self._get(at)
        return got if isinstance(got, str) else None

    def _get(self, at: tuple[str, str]) -> Any:
        """The part stored under ``at`` (a bundle's source and a key), or None."""
        name, bundle = self._bundle(at[0])
        got = bundle.get(at[1])
        if got is None:
            self.misses += 1
        else:
            self.hits += 1
            self.used[name][at[1]] = got
        return got

    def put(self, at: tuple[str, str], text: str) -> None:
        self._put(at, text)

    def _put(self, at: tuple[str, str], text: object) -> None:
        name, _ = self._bundle(at[0])
        self.used[name][at[1]] = text
        self.changed.add(name)

    def save(self) -> None:
        """Write the bundles that gained a part, with the parts this run used."""
        for name in sorted(self.changed):
            self.store.put(name, self.used[name])
        self.changed.clear()

    def _page_path(self, key: str) -> str:
        return os.path.join(self.pages, key[:2], key + ".html")  # (no Path: tens of thousands a run)

    def copy_page(self, key: str, to: str | Path) -> bool:
        """Put the page stored under ``key`` at ``to`` (a hard link: the page is not read nor
        written again; a copy where the cache is on another file system); whether it was there."""
        src = self._page_path(key)
        try:
            os.link(src, to)
        except FileNotFoundError:
            self.misses += 1
            return False
        except OSError:
            try:
                Path(to).write_bytes(Path(src).read_bytes())
            except OSError:
                self.misses += 1
                return False
        self.hits += 1
        return True

    def put_page(self, key: str, data: bytes, digest: str) -> None:
        """Keep a page, read-only (the outputs linked to it must not be written in place), and its hash."""
        path = Path(self._page_path(key))
        write_entry(path, data)
        with contextlib.suppress(OSError):
            path.chmod(0o444)
        self.keep_digest(key, digest)

    def keep_digest(self, key: str, digest: str) -> None:
        self._digests()
        self.digests_used[key] = digest
        self.digests_changed = True

    def _digests(self) -> dict[str, str]:
        if self.digests is None:
            got = self.store.get(self.key("page digests"))
            self.digests = got if isinstance(got, dict) else {}
        return self.digests

    def page_digest(self, key: str) -> str | None:
        """The SHA-256 of the page kept under ``key`` (None when not known: it is read then)."""
        got = self._digests().get(key)
        if got is not None:
            self.digests_used[key] = got
        return got

    def save_digests(self) -> None:
        """Keep the hashes of the pages this run used (of both folders: called after the last), when
        one was not known."""
        if self.digests_changed:
            self.store.put(self.key("page digests"), self.digests_used)
            self.digests_changed = False


def part_cache(corpus: Corpus, base: str, position_keys: dict[str, str] | None = None) -> PartCache | None:
    """The report's part cache for ``corpus``: None when it was loaded without the cache.
    ``position_keys``: the keys the reconciliation cached each fact's positions under."""
    store = store_for(corpus.root, "report") if corpus.claims_keys else None
    return None if store is None else PartCache(store, base, corpus.claims_keys, position_keys or {})
