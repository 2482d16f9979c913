"""Reconciliation parts kept between runs, so that after one claims file changes only the
facts it touches are grouped into positions again.

The same discipline as the cache of loaded claims files
(:mod:`hengyang_kg.curation.load_cache`, in the same directory): every entry is stored under
a key made of everything its result depends on, and of the program (its version and every
module of the package), so an entry is never stale.

- **Text reuse** (:func:`~hengyang_kg.reconcile.text_reuse.find_reuse`) reads only the source
  texts: one entry keyed by every source's id and text.
- **A fact's positions** (its claims swept into positions, each with its origins, and its
  status) read only the fact's claims and the text reuse: keyed by the fact key, the text
  reuse's key and the keys of the claims files its claims come from (each of which stands for
  everything those claims depend on: the file's bytes, its source's text, the entities and
  properties it is checked against). A fact whose claims come from a file loaded without the
  cache (or with an error) is always reconciled again.

Entries of the facts whose claims come first from one source are kept together in one file
(a few hundred files for a thousand sources, not one per fact). Fates ordered by their dates,
explanations, related facts and the checks across facts read many facts at once; they are
computed from the positions every time (a small part of the work).
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any

from hengyang_kg.curation.load_cache import PickleStore, cache_dir, program_key

FORMAT = b"reconcile-cache-1"


@lru_cache(maxsize=2)
def _program_hash(program: bytes) -> Any:
    h = hashlib.sha256(FORMAT)
    h.update(program)
    return h


def key_of(*parts: str | bytes) -> str:
    """A key made of the program and ``parts`` (each with its length, so parts never run together)."""
    h = _program_hash(program_key()).copy()
    for p in parts:
        b = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(b).to_bytes(8, "little"))
        h.update(b)
    return str(h.hexdigest())


def store_for(root: Path, part: str) -> PickleStore | None:
    """The store of ``part`` (a subdirectory of the project's cache), None when the cache is off."""
    where = cache_dir(root)
    return None if where is None else PickleStore(where / part)
