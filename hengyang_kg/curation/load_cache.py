"""A content-addressed cache of loaded claims files, so that after one claims file changes
only that file is parsed, validated and resolved against its source again.

An entry holds what loading one claims file gave — its claims resolved against the text,
its out-of-scope spans, its ``no_claims`` reason — and is stored under a key made of
everything that result depends on: the file's name and bytes, the text of its source, the
entity ids and claim properties it is checked against, whether drafts are accepted, and
the program itself (its version and the hash of every module of the package, so a changed
program never reads an entry an earlier one wrote). A changed input is a different key, so
an entry is never stale; only files that loaded without an error are stored, so every
error is found and worded by the full check each time.

The cache lives in ``.hengyang-kg-cache/`` under the project root, or where the
environment variable ``HENGYANG_KG_CACHE`` says; ``HENGYANG_KG_CACHE=off`` turns it off.
Deleting the directory clears it (nothing else is kept there).
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pickle
import uuid
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from hengyang_kg.curation import claims as claims_mod
from hengyang_kg.curation.properties import PropertyDef
from hengyang_kg.curation.schema import Entity
from hengyang_kg.curation.sources import Source

CACHE_DIR = ".hengyang-kg-cache"
FORMAT = b"claims-cache-1"
PACKAGE = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Entry:
    """What loading one claims file gave."""

    source: str
    claims: list[claims_mod.Located]
    out_of_scope: list[claims_mod.Span]
    no_claims: str | None


@lru_cache(maxsize=1)
def program_key() -> bytes:
    """The program's version and the hash of every module of the package."""
    h = hashlib.sha256(FORMAT)
    try:
        h.update(version("hengyang-kg").encode("utf-8"))
    except PackageNotFoundError:
        h.update(b"unknown")
    for path in sorted(PACKAGE.rglob("*.py")):
        h.update(path.relative_to(PACKAGE).as_posix().encode("utf-8") + b"\0")
        h.update(hashlib.sha256(path.read_bytes()).digest())
    return h.digest()


def stable(obj: object) -> object:
    """``obj`` as JSON data that is the same in every process (sets sorted: a set's order
    follows string hashes, which differ from process to process)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [type(obj).__name__, {f.name: stable(getattr(obj, f.name)) for f in dataclasses.fields(obj)}]
    if isinstance(obj, dict):
        return {str(k): stable(v) for k, v in obj.items()}
    if isinstance(obj, (set, frozenset)):
        return sorted((stable(x) for x in obj), key=lambda x: json.dumps(x, sort_keys=True))
    if isinstance(obj, (list, tuple)):
        return [stable(x) for x in obj]
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    return repr(obj)


def cache_dir(root: Path) -> Path | None:
    """Where the cache of the project at ``root`` lives (None when turned off)."""
    where = os.environ.get("HENGYANG_KG_CACHE")
    if where == "off":
        return None
    return Path(where) if where else root / CACHE_DIR


def write_entry(target: Path, data: bytes) -> None:
    """Store a cache entry's bytes at ``target``: written beside it and renamed, so a reader
    never sees half of one. A cache that cannot be written only costs time: errors pass."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:
        pass


class PickleStore:
    """Pickled values by key under ``directory`` (``ab/abcdef….pickle``), counting hits and misses."""

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.hits = self.misses = 0

    def path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Any:
        """The value stored under ``key``, or None (a missing or unreadable entry is a miss;
        it is written again)."""
        try:
            with self.path(key).open("rb") as fh:
                value = pickle.load(fh)
        except Exception:  # noqa: BLE001 - an unreadable entry is a miss
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: object) -> None:
        write_entry(self.path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class ClaimsCache:
    """Entries of one load: the key parts shared by every file are computed once."""

    def __init__(self, directory: Path, entities: dict[str, Entity], properties: dict[str, PropertyDef],
                 include_drafts: bool) -> None:
        self.store = PickleStore(directory / "claims")
        self.dir = self.store.dir
        h = hashlib.sha256(program_key())
        h.update("\n".join(sorted(entities)).encode("utf-8") + b"\0")
        h.update(json.dumps(stable(properties), sort_keys=True).encode("utf-8") + b"\0")
        h.update(b"drafts" if include_drafts else b"no drafts")
        self.common = h.digest()
        self.texts: dict[str, bytes] = {}

    def key(self, f: str, data: bytes, source: Source) -> str:
        text = self.texts.get(source.id)
        if text is None:
            text = self.texts[source.id] = hashlib.sha256(source.text.encode("utf-8")).digest()
        h = hashlib.sha256(self.common)
        h.update(f.encode("utf-8") + b"\0" + source.id.encode("utf-8") + b"\0" + text)
        h.update(hashlib.sha256(data).digest())
        return h.hexdigest()

    @property
    def hits(self) -> int:
        return self.store.hits

    @property
    def misses(self) -> int:
        return self.store.misses

    def get(self, key: str) -> Entry | None:
        entry = self.store.get(key)
        if entry is not None and not isinstance(entry, Entry):
            self.store.hits -= 1
            self.store.misses += 1
            return None
        return entry

    def put(self, key: str, entry: Entry) -> None:
        self.store.put(key, entry)
