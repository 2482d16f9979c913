"""In-process steps of the benchmark, each run in a process of its own by bench.py.

    python bench/steps.py STEP PROJECT_DIR QUERY_FILE [RDFLIB_CAP_S] [--streamed] [--keep DIR] [--chunk N]

Prints one JSON object of timings (seconds). Steps:

- ``exports``: our serialisers, one by one, on the dataset's quads (loading, reconciling
  and generating the quads are timed too, separately), with Python's cyclic collector
  paused as ``validate``, ``build`` and ``report`` run (:mod:`hengyang_kg.collector`), so
  these parts are measured as the commands run them. The quads are generated as one list
  and each format serialised from it; with ``--streamed`` (for corpora whose quads do not
  fit in memory at once) they are generated part by part and each part serialised in
  every format as ``build`` does it (:mod:`hengyang_kg.rdf.stream`), each format's time
  summed over the parts (``bench/stream_timing.py``), the files written into a temporary
  directory (or ``--keep``). Either way each export's SHA-256 is compared with the one
  the built set's manifest records (``differs_from_build`` lists those that differ);
- ``near_limit``: pyoxigraph's own bulk load of the N-Quads export into a store in memory
  and its dump of that store to N-Quads, TriG, Turtle (the union) and JSON-LD, and its bulk
  load of the same file into an on-disk (RocksDB) store, as ``build`` writes one (lenient,
  as ``build`` loads it): as fast as the engine itself goes on the same quads. With
  ``--streamed`` (for corpora whose quads do not fit in one store in memory) the same is
  done a part of the N-Quads export at a time (``--chunk`` lines, 1,000,000 by default),
  each part bulk-loaded into a store in memory of its own and dumped, the figures summed
  over the parts; the Turtle union is still the whole one (each part's described triples
  as they come; the claims' asserted triples kept, sorted and written at the end without
  those the entities' descriptions hold, as our exporter does);
- ``rdflib``: the whole build with rdflib on the same quads: an rdflib Dataset, its N-Quads,
  TriG, Turtle (the union, as ours) and JSON-LD, and the same SPARQL query. Each part
  after the Dataset is stopped when its CPU time passes the cap (default 300 s; rdflib's TriG and Turtle grow
  super-linearly with the named graphs): its figure is then the time it had taken, a lower
  bound, and its name is listed under ``capped``.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import signal
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from stream_timing import timed_exports

from hengyang_kg.collector import paused
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.namespaces import base_iri, prefixes
from hengyang_kg.rdf.build import dataset_quads
from hengyang_kg.rdf.fragments import is_described
from hengyang_kg.rdf.serialise import (
    to_jsonld,
    to_nquads,
    to_trig,
    to_turtle,
    union_triples,
)
from hengyang_kg.rdf.stream import Exports
from hengyang_kg.rdf.terms import Iris
from hengyang_kg.reconcile import reconcile
from hengyang_kg.sparql.query import prefix_block

CHUNK_QUADS = 1_000_000  # lines of the N-Quads export in a store in memory at a time (near_limit --streamed)


class Clock:
    def __init__(self):
        self.times: dict[str, float] = {}

    def __call__(self, name: str, fn, *args, **kwargs):
        """Run ``fn``; add its wall time to ``name`` and its CPU time to ``name_cpu``."""
        t, c = time.perf_counter(), time.process_time()
        out = fn(*args, **kwargs)
        self.times[name] = self.times.get(name, 0.0) + time.perf_counter() - t
        self.times[name + "_cpu"] = self.times.get(name + "_cpu", 0.0) + time.process_time() - c
        return out


def built_hashes(project: Path) -> dict[str, str] | None:
    """The SHA-256 of each export, as the built set's manifest records them (None: no built set)."""
    try:
        manifest = json.loads((project / "out" / "manifest.json").read_text(encoding="utf-8"))
    except OSError:
        return None
    return manifest["parts"]["dataset"]["files"]


def compared(got: dict[str, str], project: Path) -> list[str] | None:
    """The exports whose hash is not the built set's (None: no built set to compare with)."""
    built = built_hashes(project)
    if built is None:
        return None
    return sorted(name for name, digest in got.items() if built.get(name) != digest)


def exports(project: Path, _query: str, streamed: bool = False, keep: Path | None = None) -> dict:
    clock, base = Clock(), base_iri()
    corpus = clock("load_and_validate", load_corpus, project)
    recon = clock("reconcile", reconcile, corpus)
    if streamed:
        with tempfile.TemporaryDirectory(dir=project) as tmp:
            got = timed_exports(Exports(corpus, base, recon), keep or Path(tmp))
        hashes = got.pop("hashes")
        return {**clock.times, **got, "streamed": True, "differs_from_build": compared(hashes, project)}
    quads = clock("quads", dataset_quads, corpus, base, recon)
    hashes = {}
    for name, fmt, fn, args in (("hengyang.trig", "trig", to_trig, (quads, base)), ("hengyang.nq", "nquads", to_nquads, (quads,)),
                                ("hengyang.ttl", "turtle", to_turtle, (quads, base)),
                                ("hengyang.jsonld", "jsonld", to_jsonld, (quads, base))):
        data = clock(fmt, fn, *args)
        hashes[name] = hashlib.sha256(data).hexdigest()
        if keep is not None:
            (keep / name).write_bytes(data)
        del data
    return {**clock.times, "quads_count": len(quads), "differs_from_build": compared(hashes, project)}


def near_limit(project: Path, _query: str, streamed: bool = False, keep: Path | None = None,
               chunk: int = CHUNK_QUADS) -> dict:
    clock, base = Clock(), base_iri()
    nquads = project / "out" / "hengyang.nq"
    if streamed:
        return near_limit_streamed(nquads, base, project, keep, chunk)
    store = ox.Store()
    clock("bulk_load", store.bulk_load, path=str(nquads), format=ox.RdfFormat.N_QUADS)
    clock("nquads", store.dump, format=ox.RdfFormat.N_QUADS)
    clock("trig", store.dump, format=ox.RdfFormat.TRIG, prefixes=prefixes(base))
    quads = list(store)
    triples = clock("union_for_turtle", union_triples, quads)
    turtle = clock("turtle", ox.serialize, triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
    if keep is not None:
        (keep / "near_limit.ttl").write_bytes(turtle or b"")
    clock("jsonld", store.dump, format=ox.RdfFormat.JSON_LD, prefixes=prefixes(base))
    del store, quads, triples, turtle
    with tempfile.TemporaryDirectory(dir=project) as tmp:
        clock("bulk_load_disk", _disk_load, nquads, Path(tmp) / "store")
    return clock.times


def near_limit_streamed(nquads: Path, base: str, project: Path, keep: Path | None,
                        chunk: int = CHUNK_QUADS) -> dict:
    """The near-limit a part of the N-Quads export at a time (see the module's doc)."""
    clock, union = Clock(), ChunkedUnion(base)
    out = (keep / "near_limit.ttl").open("wb") if keep is not None else None
    try:
        with nquads.open("rb") as fh:
            while lines := list(itertools.islice(fh, chunk)):
                store = ox.Store()
                clock("bulk_load", store.bulk_load, b"".join(lines), ox.RdfFormat.N_QUADS)
                del lines
                clock("nquads", store.dump, format=ox.RdfFormat.N_QUADS)
                clock("trig", store.dump, format=ox.RdfFormat.TRIG, prefixes=prefixes(base))
                triples = clock("union_for_turtle", union.add, list(store))
                turtle = clock("turtle", ox.serialize, triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
                clock("jsonld", store.dump, format=ox.RdfFormat.JSON_LD, prefixes=prefixes(base))
                if out is not None:
                    out.write(turtle or b"")
                del store, triples, turtle
                clock.times["chunks"] = clock.times.get("chunks", 0) + 1
        triples = clock("union_for_turtle", union.rest)
        turtle = clock("turtle", ox.serialize, triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
        if out is not None:
            out.write(turtle or b"")
    finally:
        if out is not None:
            out.close()
    with tempfile.TemporaryDirectory(dir=project) as tmp:
        clock("bulk_load_disk", _disk_load, nquads, Path(tmp) / "store")
    return {**clock.times, "streamed": True, "chunk_quads": chunk}


class ChunkedUnion:
    """The union of the graphs as :func:`hengyang_kg.rdf.serialise.union_triples` makes it,
    from the dataset's quads a part at a time: each part's described triples as they come
    (:meth:`add`), then the claims' asserted triples sorted, each once, without those the
    entities' descriptions already hold (:meth:`rest`; the only described triples a claim
    can repeat, as in :mod:`hengyang_kg.rdf.stream`)."""

    def __init__(self, base: str) -> None:
        self.entity_ns = Iris(base).entity("").value
        self.seen: set[ox.Triple] = set()
        self.asserted: dict[tuple[str, str, str], ox.Triple] = {}

    def add(self, quads: list[ox.Quad]) -> list[ox.Triple]:
        out = []
        for q in quads:
            if is_described(q):
                out.append(q.triple)
                if isinstance(q.subject, ox.NamedNode) and q.subject.value.startswith(self.entity_ns):
                    self.seen.add(q.triple)
            else:
                self.asserted[(str(q.subject), str(q.predicate), str(q.object))] = q.triple
        return out

    def rest(self) -> list[ox.Triple]:
        asserted, seen = self.asserted, self.seen
        return [asserted[k] for k in sorted(asserted) if asserted[k] not in seen]


def _disk_load(nquads: Path, path: Path) -> None:
    """pyoxigraph's bulk load of ``nquads`` into a new on-disk store at ``path``, flushed and closed."""
    disk = ox.Store(str(path))
    disk.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
    disk.flush()
    del disk


def _rdflib_dataset(quads):
    import rdflib

    ds = rdflib.Dataset(default_union=True)
    for prefix, ns in prefixes(base_iri()).items():
        ds.bind(prefix, ns)
    for q in quads:
        g = ds.graph(rdflib.URIRef(q.graph_name.value))
        o = q.object
        if isinstance(o, ox.NamedNode):
            obj = rdflib.URIRef(o.value)
        elif o.language:
            obj = rdflib.Literal(o.value, lang=o.language)
        else:
            obj = rdflib.Literal(o.value, datatype=rdflib.URIRef(o.datatype.value))
        g.add((rdflib.URIRef(q.subject.value), rdflib.URIRef(q.predicate.value), obj))
    return ds


class Capped(BaseException):  # not an Exception: rdflib catches those inside its serialisers
    pass


@contextmanager
def alarm(seconds: float | None, exc: type[BaseException], cpu: bool = False):
    """Raise ``exc`` in the block once it has spent ``seconds`` more of the process's CPU time
    (``cpu``) or of wall time; no limit when ``seconds`` is 0 or None."""
    if not seconds:
        yield
        return
    sig, timer = (signal.SIGPROF, signal.ITIMER_PROF) if cpu else (signal.SIGALRM, signal.ITIMER_REAL)

    def expire(_signum, _frame):
        raise exc()
    old = signal.signal(sig, expire)
    signal.setitimer(timer, seconds)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(sig, old)


def cpu_cap(seconds: float):
    """Raise :class:`Capped` in the block once the process has spent ``seconds`` more CPU time."""
    return alarm(seconds, Capped, cpu=True)


def rdflib_baseline(project: Path, query: str, cap: float = 300.0) -> dict:
    clock, base = Clock(), base_iri()
    quads = [list(ox.parse(path=str(project / "out" / "hengyang.nq"), format=ox.RdfFormat.N_QUADS))]
    capped: list[str] = []

    def part(name: str, fn) -> object:
        t, c = time.perf_counter(), time.process_time()
        try:
            with cpu_cap(cap):
                return clock(name, fn)
        except Capped:
            clock.times[name], clock.times[name + "_cpu"] = time.perf_counter() - t, time.process_time() - c
            capped.append(name)
            return None
    ds = clock("build", _rdflib_dataset, quads[0])  # linear: not capped
    quads.clear()  # only the Dataset from here on
    part("nquads", lambda: ds.serialize(format="nquads"))
    part("trig", lambda: ds.serialize(format="trig"))
    # Turtle of the union of the graphs, as our Turtle export
    part("turtle", lambda: _union(ds).serialize(format="turtle"))
    part("jsonld", lambda: ds.serialize(format="json-ld"))
    part("query", lambda: list(ds.query(prefix_block(base) + query)))
    return {**clock.times, "cap_s": cap, "capped": capped}


def _union(ds):
    import rdflib

    g = rdflib.Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns)
    for s, p, o, _g in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("step", choices=("exports", "near_limit", "rdflib"))
    ap.add_argument("project", type=Path)
    ap.add_argument("query", type=Path, nargs="?")
    ap.add_argument("cap", type=float, nargs="?", default=300.0, help="rdflib: CPU seconds for each part")
    ap.add_argument("--streamed", action="store_true", help="exports, near_limit: never every quad in memory")
    ap.add_argument("--keep", type=Path, default=None, help="exports, near_limit: write what is serialised here")
    ap.add_argument("--chunk", type=int, default=CHUNK_QUADS, help="near_limit --streamed: quads in memory at a time")
    args = ap.parse_args()
    query = args.query.read_text(encoding="utf-8") if args.query else ""
    if args.step == "rdflib":
        print(json.dumps(rdflib_baseline(args.project, query, args.cap)))
        return
    with paused(args.step == "exports"):  # as the commands whose parts it times
        if args.step == "exports":
            print(json.dumps(exports(args.project, query, args.streamed, args.keep)))
        else:
            print(json.dumps(near_limit(args.project, query, args.streamed, args.keep, args.chunk)))


if __name__ == "__main__":
    main()
