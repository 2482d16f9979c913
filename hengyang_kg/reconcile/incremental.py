"""Text reuse and each fact's positions taken from the cache when their inputs are unchanged
(see :mod:`hengyang_kg.reconcile.cache` for the keys); computed and stored otherwise."""

from __future__ import annotations

from collections.abc import Iterable

from hengyang_kg.curation.claims import FactKey, Located
from hengyang_kg.curation.load_cache import PickleStore
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.cache import key_of
from hengyang_kg.reconcile.text_reuse import MIN_CHARS, Reuse, find_reuse
from hengyang_kg.reconcile.types import Origin, Position, Status

# a position as stored: value, bounds, claim ids, origins (the claims themselves are the corpus's)
Stored = tuple[object, object, object, tuple[str, ...], tuple[Origin, ...]]


def reuse_key(corpus: Corpus) -> str:
    """What text reuse depends on: every source's id and text."""
    return key_of("reuse", str(MIN_CHARS), *(x for sid in sorted(corpus.sources)
                                            for x in (sid, corpus.sources[sid].text)))


def cached_reuse(corpus: Corpus, store: PickleStore | None, key: str) -> tuple[Reuse, ...]:
    got = store.get(key) if store is not None else None
    if isinstance(got, tuple) and all(isinstance(r, Reuse) for r in got):
        return got
    reuse = tuple(find_reuse(corpus.sources.values()))
    if store is not None:
        store.put(key, reuse)
    return reuse


class Positions:
    """Each fact's positions and status by the key of its inputs, in bundles by the claims file its
    first claim's source has (a bundle is written again only when one of its facts was missing)."""

    def __init__(self, store: PickleStore, claims_keys: dict[str, str], reuse: str) -> None:
        self.store, self.claims_keys, self.reuse = store, claims_keys, reuse
        self.bundles: dict[str, dict[str, tuple[Status, list[Stored]]]] = {}
        self.used: dict[str, dict[str, tuple[Status, list[Stored]]]] = {}
        self.changed: set[str] = set()
        self.bundle_keys: dict[str, str] = {}
        self.keys: dict[FactKey, str] = {}  # each fact's key, as got or put

    def _keys(self, key: FactKey, claims: Iterable[Located]) -> tuple[str, str] | None:
        sources = sorted({c.source for c in claims})
        if not sources or any(s not in self.claims_keys for s in sources):
            return None
        bkey = self.bundle_keys.get(sources[0])
        if bkey is None:
            bkey = self.bundle_keys[sources[0]] = key_of("bundle", self.reuse, self.claims_keys[sources[0]])
        files = "\0".join(self.claims_keys[s] for s in sources)
        return bkey, key_of("positions", self.reuse, "\0".join(key), files)

    def _bundle(self, bkey: str) -> dict[str, tuple[Status, list[Stored]]]:
        if bkey not in self.bundles:
            got = self.store.get(bkey)
            self.bundles[bkey] = got if isinstance(got, dict) else {}
            self.used[bkey] = {}
        return self.bundles[bkey]

    def get(self, key: FactKey, claims: list[Located]) -> tuple[tuple[Position, ...], Status] | None:
        keys = self._keys(key, claims)
        if keys is None:
            return None
        bkey, gkey = keys
        got = self._bundle(bkey).get(gkey)
        if got is None:
            return None
        self.keys[key] = gkey
        self.used[bkey][gkey] = got
        status, stored = got
        by_id = {c.claim.id: c for c in claims}
        return tuple(Position(v, lo, hi, tuple(by_id[i] for i in ids), origins)  # type: ignore[arg-type]
                     for v, lo, hi, ids, origins in stored), status

    def put(self, key: FactKey, claims: list[Located], positions: tuple[Position, ...], status: Status) -> None:
        keys = self._keys(key, claims)
        if keys is None:
            return
        bkey, gkey = keys
        self.keys[key] = gkey
        self._bundle(bkey)
        self.used[bkey][gkey] = (status, [(p.value, p.lower, p.upper, tuple(c.claim.id for c in p.claims), p.origins)
                                          for p in positions])
        self.changed.add(bkey)

    def save(self) -> None:
        """Write the bundles that gained an entry, with the entries this run used."""
        for bkey in sorted(self.changed):
            self.store.put(bkey, self.used[bkey])
