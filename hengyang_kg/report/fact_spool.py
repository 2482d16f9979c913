"""The report's facts kept on disk, not in memory: each fact's part of ``conflicts.json`` is
found again by its place in the written file and read back (``json.loads``) when a page
needs it, so the entity and source pages are made from per-subject slices of the facts
instead of a list of every fact's data (which at a million claims would not fit in memory).
"""

from __future__ import annotations

import json
from array import array
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO

from hengyang_kg.reconcile.types import Fact


class FactSpool:
    """The facts of the report in order, as places (offset and length, in bytes) of their JSON
    parts in a file, with what the pages look up across facts: the fact of each claim and the
    facts about each subject (by their number in the order)."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.fh: IO[bytes] | None = None
        self.offsets = array("q")
        self.lengths = array("q")
        self.of_subject: dict[str, array] = {}
        self.fact_of: dict[str, str] = {}
        self.drawn: list[dict] = []  # the facts the headline and the timeline read, as data (see drawn_facts)

    def add(self, fact: Fact, offset: int, length: int) -> None:
        """The next fact, whose part was written at ``offset`` (``length`` bytes) of :attr:`path`."""
        self.of_subject.setdefault(fact.subject, array("l")).append(len(self.offsets))
        self.offsets.append(offset)
        self.lengths.append(length)
        for p in fact.positions:
            for c in p.claims:
                self.fact_of[c.claim.id] = fact.id

    def __len__(self) -> int:
        return len(self.offsets)

    def _opened(self) -> IO[bytes]:
        if self.path is None:
            raise RuntimeError("the facts' parts are not written yet")
        return self.path.open("rb")

    def _read(self, fh: IO[bytes], numbers: Iterable[int]) -> Iterator[dict]:
        for i in numbers:
            fh.seek(self.offsets[i])
            yield json.loads(fh.read(self.lengths[i]))

    def __iter__(self) -> Iterator[dict]:
        """Every fact in order, as data (what ``conflicts.json`` holds for it)."""
        with self._opened() as fh:
            yield from self._read(fh, range(len(self)))

    def about_subject(self, subject: str) -> list[dict]:
        """The facts about ``subject`` in order, as data (read through one handle kept open: the
        pages ask for every subject in turn)."""
        if self.fh is None:
            self.fh = self._opened()
        return list(self._read(self.fh, self.of_subject[subject]))

    def close(self) -> None:
        if self.fh is not None:
            self.fh.close()
            self.fh = None

    def subjects(self) -> list[str]:
        """The subject of every fact, each once."""
        return list(self.of_subject)

    def about(self) -> Mapping[str, list[dict]]:
        """The facts about each subject, in the report's order, read when asked for."""
        return _About(self)


class _About(Mapping[str, list[dict]]):
    def __init__(self, spool: FactSpool) -> None:
        self.spool = spool
        self.last: tuple[str, list[dict]] | None = None  # a page asks for the same subject more than once

    def __getitem__(self, subject: str) -> list[dict]:
        if self.last is not None and self.last[0] == subject:
            return self.last[1]
        facts = self.spool.about_subject(subject)
        self.last = (subject, facts)
        return facts

    def __iter__(self) -> Iterator[str]:
        return iter(self.spool.of_subject)

    def __len__(self) -> int:
        return len(self.spool.of_subject)


def drawn_facts(data: dict) -> Iterable[dict]:
    """The facts of ``data`` that the headline and the timeline read: all of them, or of facts
    kept on disk only those kept in memory for these (the facts about the main event and those
    its timeline draws), in the report's order, so that neither reads every fact back."""
    facts = data["facts"]
    return facts.drawn if isinstance(facts, FactSpool) else facts
