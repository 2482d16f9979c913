"""The exports' fragments of each run of claims, kept beside the cache of loaded claims
files (:mod:`hengyang_kg.curation.load_cache`: the same directory, the same discipline),
so that after one claims file changes only its claims are serialised again and the
exports are joined from the fragments of the others. Batches of the whole-corpus parts
(entities, sources, reconciliation) are kept too, keyed by their quads (their N-Quads),
so a batch the change did not touch is not serialised again in the other formats.

An entry is keyed by everything its fragments are made of: the key of the claims file
in the loaded-files cache (its name and bytes, its source's text, the entities and claim
properties it was checked against, the program: its version and every module), the run's
first and last claim id and length (which claims of the file it holds), and the base IRI.
A run's quads read nothing of other sources: each claim's description names other
sources, entities and claims only by IRI, and its reading context comes from its own
source's text. Entries are pickles of bytes and strings, written beside their place and
renamed; an unreadable entry is a miss.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from hengyang_kg.curation.load_cache import PickleStore, program_key
from hengyang_kg.rdf.build import Run
from hengyang_kg.rdf.fragments import Fragment, fragment_of

FORMAT = b"export-fragments-1"


@dataclass(frozen=True)
class RunParts:
    """A run of claims in the exports: its descriptions in ``graph:provenance`` in each
    format (Turtle: the described triples), its claims' named graphs in TriG, N-Quads and
    JSON-LD, the asserted triples as N-Triples lines (for the Turtle union), its quads."""

    described: dict[str, Fragment]
    asserted: dict[str, Fragment]
    lines: list[bytes]
    quads: int


class FragmentCache:
    def __init__(self, directory: Path, base: str) -> None:
        self.dir = directory / "exports"
        self.runs = PickleStore(self.dir)  # runs of claims: their hits and misses are counted
        self.wholes = PickleStore(self.dir)  # batches of the whole-corpus parts, in the same place
        h = hashlib.sha256(program_key())
        h.update(FORMAT + b"\0" + base.encode("utf-8"))
        self.common = h.digest()

    @property
    def hits(self) -> int:
        return self.runs.hits

    @property
    def misses(self) -> int:
        return self.runs.misses

    def key(self, file_key: str, run: Run) -> str | None:
        """The run's key (None when its claims file has no key: the cache was off when loading)."""
        if not file_key:
            return None
        h = hashlib.sha256(self.common)
        h.update(f"{file_key}\0{run.source}\0{run.claims[0].claim.id}\0{run.claims[-1].claim.id}\0"
                 f"{len(run.claims)}".encode())
        return h.hexdigest()

    def whole_key(self, nquads: bytes) -> str:
        """The key of a batch of a whole-corpus part (entities, sources, reconciliation): its
        quads, as their N-Quads."""
        h = hashlib.sha256(self.common)
        h.update(b"whole\0" + hashlib.sha256(nquads).digest())
        return h.hexdigest()

    def get_whole(self, key: str) -> dict[str, Fragment] | None:
        raw = self.wholes.get(key)
        try:
            return None if raw is None else {k: fragment_of(v) for k, v in raw.items()}
        except Exception:  # noqa: BLE001 - an entry of another shape is a miss
            return None

    def put_whole(self, key: str, fragments: dict[str, Fragment]) -> None:
        self.wholes.put(key, {k: f.as_tuple() for k, f in fragments.items()})

    def get(self, key: str) -> RunParts | None:
        raw = self.runs.get(key)
        if raw is None:
            return None
        try:
            return RunParts({k: fragment_of(v) for k, v in raw["described"].items()},
                            {k: fragment_of(v) for k, v in raw["asserted"].items()},
                            [bytes(x) for x in raw["lines"]], int(raw["quads"]))
        except Exception:  # noqa: BLE001 - an entry of another shape is a miss; it is written again
            self.runs.hits -= 1
            self.runs.misses += 1
            return None

    def put(self, key: str, parts: RunParts) -> None:
        self.runs.put(key, {"described": {k: f.as_tuple() for k, f in parts.described.items()},
                            "asserted": {k: f.as_tuple() for k, f in parts.asserted.items()},
                            "lines": parts.lines, "quads": parts.quads})
