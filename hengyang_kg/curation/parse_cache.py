"""Parses of the entity registry and of the sources' metadata kept between runs (in the cache of
:mod:`hengyang_kg.curation.load_cache`), so that after one claims file changes they are not parsed
by PyYAML and checked by pydantic again.

- **The entity registry**: the entities as loading gives them (checked, labels completed in both
  scripts, each alias with the sources it occurs in) under a key of the program, every entity
  file's name and bytes (or its absence), and every source's id and text (the aliases are looked
  for in the texts, the sources they name are checked against the ids).
- **A source's metadata**: the checked :class:`~hengyang_kg.curation.schema.SourceMeta` and the
  lines of its ``id`` and ``sha256`` keys (what the checks that follow word their errors with),
  under the hash of the file's bytes; the metadata of every source are kept together in one
  entry, named by the program, written again only when one was parsed.

Only what loaded without an error is kept, so every error is found and worded by the full
check, as without the cache.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from pathlib import Path

from hengyang_kg.curation.file_bytes import MAX_BYTES
from hengyang_kg.curation.load_cache import PickleStore, cache_dir, program_key
from hengyang_kg.curation.schema import Entity, SourceMeta
from hengyang_kg.curation.sources import Source
from hengyang_kg.errors import DataError

FORMAT = b"parse-cache-1"
# a source's metadata as kept: the model, the line of its id and the line of its sha256
Meta = tuple[SourceMeta, int, int]


def _key(*parts: bytes) -> str:
    h = hashlib.sha256(FORMAT)
    h.update(program_key())
    for p in parts:
        h.update(len(p).to_bytes(8, "little"))
        h.update(p)
    return h.hexdigest()


def _bytes(path: Path) -> bytes | None:
    """A file's bytes, or None when it is missing, unreadable or over the size limit (loading
    words those errors itself)."""
    try:
        if path.stat().st_size > MAX_BYTES["yaml"]:
            return None
        return path.read_bytes()
    except OSError:
        return None


def _store(root: Path) -> PickleStore | None:
    where = cache_dir(root)
    return None if where is None else PickleStore(where / "parsed")


def text_digest(source: Source) -> bytes:
    """The SHA-256 of a source's text."""
    return hashlib.sha256(source.text.encode("utf-8")).digest()


def cached_entities(root: Path, files: list[Path], sources: Mapping[str, Source], errors: list[DataError],
                    load: Callable[[list[DataError]], dict[str, Entity]]) -> dict[str, Entity]:
    """The entities ``load`` gives (appending its errors to ``errors``), taken from the cache when
    the entity ``files`` and the sources are those of a run that loaded them without an error."""
    store = _store(root)
    if store is None:
        return load(errors)
    parts = [b"entities"]
    for path in files:
        data = _bytes(path)
        parts += [path.relative_to(root).as_posix().encode("utf-8"), b"-" if data is None else hashlib.sha256(data).digest()]
    for sid in sorted(sources):
        parts += [sid.encode("utf-8"), text_digest(sources[sid])]
    key = _key(*parts)
    got = store.get(key)
    if isinstance(got, dict):
        return got
    found: list[DataError] = []
    entities = load(found)
    if not found:
        store.put(key, entities)
    errors.extend(found)
    return entities


class SourceMetas:
    """The sources' metadata of one load, by the hash of each file's bytes."""

    def __init__(self, root: Path) -> None:
        self.store = _store(root)
        self.name = _key(b"source metadata")
        self.kept: dict[bytes, Meta] | None = None
        self.used: dict[bytes, Meta] = {}
        self.changed = False

    def _kept(self) -> dict[bytes, Meta]:
        if self.kept is None:
            got = self.store.get(self.name) if self.store is not None else None
            self.kept = got if isinstance(got, dict) else {}
        return self.kept

    def get(self, path: Path) -> tuple[bytes | None, Meta | None]:
        """The hash of ``path``'s bytes and what its parse gave when kept."""
        if self.store is None or (data := _bytes(path)) is None:
            return None, None
        digest = hashlib.sha256(data).digest()
        got = self._kept().get(digest)
        if got is not None:
            self.used[digest] = got
        return digest, got

    def put(self, digest: bytes | None, meta: Meta) -> None:
        if digest is not None and self.store is not None:
            self.used[digest] = meta
            self.changed = True

    def save(self) -> None:
        """Keep the metadata this load used, when one was parsed."""
        if self.changed and self.store is not None:
            self.store.put(self.name, self.used)

