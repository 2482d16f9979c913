"""Parts of the report files kept between runs, so that after one claims file changes only
the facts and pages it touches are checked and rendered again, and the rest is joined.

Every part is stored under a key made of what it is rendered from, the program (its version
and every module, as for the other caches) and the templates and assets of the pages:

- a fact's part of ``conflicts.json``: the fact's entry as data (its compact JSON);
- a fact's ``<article>`` in ``conflicts.html``: its part of ``conflicts.json`` and what every
  page shares (the sources in order, for their colours; the names of entities; the base IRI);
- an entity page: what the page shows (its view), the pages it may link to, and the same;
- a source page: the keys of its claims file (its claims, text and out-of-scope passages), its
  metadata, the text it shares with others and the facts its claims belong to.

The facts' parts are kept in 4,096 bundles by key (a bundle is written again, with the parts
this run used, only when it gained one); pages are files of their own, copied into the output when unchanged.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from hengyang_kg.curation.load_cache import PickleStore, write_entry
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.cache import key_of, store_for


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


class PartCache:
    """Rendered parts by key: the facts' in bundles, the pages as files."""

    def __init__(self, store: PickleStore, base: str, claims_keys: dict[str, str]) -> None:
        self.store = store
        self.claims_keys = claims_keys
        self.common = key_of("report parts", _templates_key(), base)
        self.bundles: dict[str, dict[str, str]] = {}
        self.used: dict[str, dict[str, str]] = {}
        self.changed: set[str] = set()
        self.hits = self.misses = 0

    def key(self, *parts: str) -> str:
        return key_of(self.common, *parts)

    def _bundle(self, key: str) -> dict[str, str]:
        name = key[:3]
        if name not in self.bundles:
            got = self.store.get(self.key("bundle", name))
            self.bundles[name] = got if isinstance(got, dict) else {}
            self.used[name] = {}
        return self.bundles[name]

    def get(self, key: str) -> str | None:
        got = self._bundle(key).get(key)
        if got is None:
            self.misses += 1
        else:
            self.hits += 1
            self.used[key[:3]][key] = got
        return got

    def put(self, key: str, text: str) -> None:
        self._bundle(key)
        self.used[key[:3]][key] = text
        self.changed.add(key[:3])

    def save(self) -> None:
        """Write the bundles that gained a part, with the parts this run used."""
        for name in sorted(self.changed):
            self.store.put(self.key("bundle", name), self.used[name])
        self.changed.clear()

    def _page_path(self, key: str) -> Path:
        return self.store.dir / "pages" / key[:2] / f"{key}.html"

    def copy_page(self, key: str, to: Path) -> bool:
        """Copy the page stored under ``key`` to ``to``; whether it was there."""
        try:
            to.write_bytes(self._page_path(key).read_bytes())
        except OSError:
            self.misses += 1
            return False
        self.hits += 1
        return True

    def put_page(self, key: str, data: bytes) -> None:
        write_entry(self._page_path(key), data)


def part_cache(corpus: Corpus, base: str) -> PartCache | None:
    """The report's part cache for ``corpus``: None when it was loaded without the cache."""
    store = store_for(corpus.root, "report") if corpus.claims_keys else None
    return None if store is None else PartCache(store, base, corpus.claims_keys)
