"""The five exports written part by part, never holding every quad or a whole export.

The dataset's parts (:mod:`hengyang_kg.rdf.build`) are generated one at a time,
serialised in each format (:mod:`hengyang_kg.rdf.fragments`) and appended to the five
files as they come, each file hashed as it is written. The claims' named graphs come
after the reconciliation in the dataset's order, so each run's are appended to a spool
file per export and copied in at the end; Turtle's sorted union keeps only the claims'
asserted triples as N-Triples lines (one per claim, about 150 bytes) to sort at the end.
A run's fragments are taken from the cache when it holds them
(:mod:`hengyang_kg.rdf.chunk_cache`), so after one claims file changes only its claims
and the whole-corpus parts (entities, sources, reconciliation) are serialised again.

The files are byte-identical to :func:`hengyang_kg.rdf.serialise.serialise_all` of
:func:`hengyang_kg.rdf.build.dataset_quads` (``tests/test_stream.py``).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.rdf.build import (
    Run,
    batches,
    claim_runs,
    entity_part,
    reconciliation_part,
    run_quads,
    source_part,
)
from hengyang_kg.rdf.chunk_cache import FragmentCache, RunParts
from hengyang_kg.rdf.fragments import (
    Fragment,
    Joins,
    all_fragments,
    joins,
    jsonld,
    nquads,
    ntriples,
    run_rdf12,
    trig,
    turtle,
    turtle_tail,
)
from hengyang_kg.rdf.jsonld import Compactor
from hengyang_kg.rdf.serialise import EXPORTS
from hengyang_kg.rdf.terms import Iris
from hengyang_kg.reconcile.types import Reconciliation

SPOOLED = ("hengyang.trig", "hengyang.nq", "hengyang.jsonld")  # the exports holding the claims' named graphs


class Writer:
    """One export being written: fragments joined as one serialisation would write them."""

    def __init__(self, fh: IO[bytes], j: Joins, frame: bool = True, parts: bool = False) -> None:
        self.fh, self.j, self.frame = fh, j, frame
        self.hash = hashlib.sha256()
        self.size = 0
        # each fragment's hash, offset and length, for a format whose fragments are written whole (N-Quads)
        self.parts: list[tuple[str, int, int]] | None = [] if parts else None
        self.first: str | None = None  # the graph the first fragment opened, and its opening's length
        self.head = 0
        self.last: str | None = None
        self.pending = b""  # the closing of the last graph, held until the next fragment is seen
        if frame:
            self.write(j.header)

    def write(self, data: bytes) -> None:
        self.hash.update(data)
        self.fh.write(data)
        self.size += len(data)

    def add(self, f: Fragment) -> None:
        if not f.data:
            return
        if self.parts is not None:
            self.parts.append((hashlib.sha256(f.data).hexdigest(), self.size, len(f.data)))
        end = len(f.data) - f.tail
        if self.last is None:
            self.first, self.head = f.first, f.head
            self.write(f.data[:end])
        elif f.first == self.last:
            self.write(self.j.within)
            self.write(f.data[f.head:end])
        else:
            self.write(self.pending + self.j.between)
            self.write(f.data[:end])
        self.pending, self.last = f.data[end:], f.last

    def absorb(self, spool: Writer) -> None:
        """Append what ``spool`` (a writer without frame) holds."""
        if spool.last is None:
            return
        spool.fh.flush()
        spool.fh.seek(0)
        if self.last is not None and spool.first == self.last:
            self.write(self.j.within)
            spool.fh.seek(spool.head)
        elif self.last is not None:
            self.write(self.pending + self.j.between)
        if self.parts is not None and spool.parts is not None:
            self.parts += [(d, self.size + at, n) for d, at, n in spool.parts]
        while block := spool.fh.read(1 << 20):
            self.write(block)
        self.pending, self.last = spool.pending, spool.last

    def finish(self) -> str:
        self.write(self.pending + self.j.footer)
        self.pending = b""
        self.fh.flush()
        os.fsync(self.fh.fileno())
        return self.hash.hexdigest()


def make_run(run: Run, corpus: Corpus, iris: Iris, base: str, compact: Compactor) -> RunParts:
    """A run's fragments, serialised."""
    described, asserted = run_quads(run, corpus, iris)
    return RunParts(
        described={"hengyang.trig": trig(described, base), "hengyang.nq": nquads(described),
                   "hengyang.ttl": turtle([q.triple for q in described], base),
                   "hengyang.jsonld": jsonld(described, compact),
                   "hengyang.rdf12.trig": run_rdf12(described, asserted, base)},
        asserted={"hengyang.trig": trig(asserted, base), "hengyang.nq": nquads(asserted),
                  "hengyang.jsonld": jsonld(asserted, compact)},
        lines=ntriples(q.triple for q in asserted),
        quads=len(described) + len(asserted))


class Exports:
    """The five exports of a corpus, written into one directory in one pass."""

    def __init__(self, corpus: Corpus, base: str, recon: Reconciliation | None,
                 cache: FragmentCache | None = None) -> None:
        self.corpus, self.base, self.recon, self.cache = corpus, base, recon, cache
        self.hashes: dict[str, str] = {}
        self.quads = 0
        self.nquads_parts: list[tuple[str, int, int]] = []  # hash, offset and length of each part of the N-Quads

    def write(self, directory: Path) -> dict[str, str]:
        """Write the five files in ``directory``; their SHA-256 by name."""
        base, compact, iris = self.base, Compactor(self.base), Iris(self.base)
        entity_ns = iris.entity("").value
        seen: set[bytes] = set()  # described triples the claims' asserted ones may repeat (Turtle's union)
        lines: list[bytes] = []
        with ExitStack() as stack:
            out = {n: Writer(stack.enter_context((directory / n).open("wb")), joins(n, base),
                             parts=n == "hengyang.nq") for n in EXPORTS}
            spool = {n: Writer(stack.enter_context(tempfile.TemporaryFile(dir=directory)), joins(n, base), False,
                               parts=n == "hengyang.nq") for n in SPOOLED}

            def whole(quads: Iterable[ox.Quad]) -> None:
                for batch in batches(quads):
                    for name, f in self.whole_fragments(batch, compact).items():
                        out[name].add(f)
                    seen.update(ntriples(q.triple for q in batch
                                         if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(entity_ns)))
                    self.quads += len(batch)

            whole(entity_part(self.corpus, base))
            whole(source_part(self.corpus, base, self.recon))
            keys = self.corpus.file_keys
            for run in claim_runs(self.corpus):
                key = self.cache.key(keys.get(run.source, ""), run) if self.cache is not None else None
                parts = self.cache.get(key) if self.cache is not None and key else None
                if parts is None:
                    parts = make_run(run, self.corpus, iris, base, compact)
                    if self.cache is not None and key:
                        self.cache.put(key, parts)
                for name, f in parts.described.items():
                    out[name].add(f)
                for name, f in parts.asserted.items():
                    spool[name].add(f)
                lines += parts.lines
                self.quads += parts.quads
            whole(reconciliation_part(self.recon, base))
            for data in turtle_tail(lines, seen, base):
                out["hengyang.ttl"].add(Fragment(data, "", "", 0, 0))
            del lines
            for name, s in spool.items():
                out[name].absorb(s)
            self.hashes = {name: w.finish() for name, w in out.items()}
            self.nquads_parts = out["hengyang.nq"].parts or []
        return self.hashes

    def whole_fragments(self, batch: list[ox.Quad], compact: Compactor) -> dict[str, Fragment]:
        """A batch of a whole-corpus part in the five formats; but for its N-Quads, from the
        cache when it holds the batch's."""
        if self.cache is None:
            return all_fragments(batch, self.base, compact)
        nq = nquads(batch)
        key = self.cache.whole_key(nq.data)
        got = self.cache.get_whole(key)
        if got is None:
            got = all_fragments(batch, self.base, compact)
            del got["hengyang.nq"]
            self.cache.put_whole(key, got)
        return {**got, "hengyang.nq": nq}

    def makers(self) -> dict[str, Callable[[Path], str]]:
        """A maker for each file, for :func:`hengyang_kg.outputs.write_part`: the first
        called writes all five beside its path, each gives its file's hash."""

        def maker(name: str) -> Callable[[Path], str]:
            def make(path: Path) -> str:
                if not self.hashes:
                    self.write(path.parent)
                return self.hashes[name]
            return make

        return {name: maker(name) for name in EXPORTS}
