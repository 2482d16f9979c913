"""In-process steps of the benchmark, each run in a process of its own by bench.py.

    python bench/steps.py STEP PROJECT_DIR QUERY_FILE [RDFLIB_CAP_S]

Prints one JSON object of timings (seconds). Steps:

- ``exports``: our serialisers, one by one, on the dataset's quads (loading, reconciling
  and generating the quads are timed too, separately), with Python's cyclic collector
  paused as ``validate``, ``build`` and ``report`` run (:mod:`hengyang_kg.collector`), so
  these parts are measured as the commands run them;
- ``near_limit``: pyoxigraph's own bulk load of the N-Quads export into a store in memory
  and its dump of that store to N-Quads, TriG, Turtle (the union) and JSON-LD, and its bulk
  load of the same file into an on-disk (RocksDB) store, as ``build`` writes one (lenient,
  as ``build`` loads it): as fast as the engine itself goes on the same quads;
- ``rdflib``: the whole build with rdflib on the same quads: an rdflib Dataset, its N-Quads,
  TriG, Turtle (the union, as ours) and JSON-LD, and the same SPARQL query. Each part
  after the Dataset is stopped when its CPU time passes the cap (default 300 s; rdflib's TriG and Turtle grow
  super-linearly with the named graphs): its figure is then the time it had taken, a lower
  bound, and its name is listed under ``capped``.
"""

from __future__ import annotations

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

from hengyang_kg.collector import paused
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.namespaces import base_iri, prefixes
from hengyang_kg.rdf.build import dataset_quads
from hengyang_kg.rdf.serialise import (
    to_jsonld,
    to_nquads,
    to_trig,
    to_turtle,
    union_triples,
)
from hengyang_kg.reconcile import reconcile
from hengyang_kg.sparql.query import prefix_block


class Clock:
    def __init__(self):
        self.times: dict[str, float] = {}

    def __call__(self, name: str, fn, *args, **kwargs):
        """Run ``fn``; record its wall time as ``name`` and its CPU time as ``name_cpu``."""
        t, c = time.perf_counter(), time.process_time()
        out = fn(*args, **kwargs)
        self.times[name] = time.perf_counter() - t
        self.times[name + "_cpu"] = time.process_time() - c
        return out


def exports(project: Path, _query: str) -> dict:
    clock, base = Clock(), base_iri()
    corpus = clock("load_and_validate", load_corpus, project)
    recon = clock("reconcile", reconcile, corpus)
    quads = clock("quads", dataset_quads, corpus, base, recon)
    clock("trig", to_trig, quads, base)
    clock("nquads", to_nquads, quads)
    clock("turtle", to_turtle, quads, base)
    clock("jsonld", to_jsonld, quads, base)
    return {**clock.times, "quads_count": len(quads)}


def near_limit(project: Path, _query: str) -> dict:
    clock, base = Clock(), base_iri()
    store = ox.Store()
    clock("bulk_load", store.bulk_load, path=str(project / "out" / "hengyang.nq"), format=ox.RdfFormat.N_QUADS)
    clock("nquads", store.dump, format=ox.RdfFormat.N_QUADS)
    clock("trig", store.dump, format=ox.RdfFormat.TRIG, prefixes=prefixes(base))
    quads = list(store)
    triples = clock("union_for_turtle", union_triples, quads)
    clock("turtle", ox.serialize, triples, format=ox.RdfFormat.TURTLE, prefixes=prefixes(base))
    clock("jsonld", store.dump, format=ox.RdfFormat.JSON_LD, prefixes=prefixes(base))
    del store, quads, triples
    with tempfile.TemporaryDirectory(dir=project) as tmp:
        clock("bulk_load_disk", _disk_load, project / "out" / "hengyang.nq", Path(tmp) / "store")
    return clock.times


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
    step, project = sys.argv[1], Path(sys.argv[2])
    query = Path(sys.argv[3]).read_text(encoding="utf-8") if len(sys.argv) > 3 else ""
    if step == "rdflib":
        print(json.dumps(rdflib_baseline(project, query, *(float(x) for x in sys.argv[4:5]))))
        return
    with paused(step == "exports"):  # as the commands whose parts it times
        print(json.dumps({"exports": exports, "near_limit": near_limit}[step](project, query)))


if __name__ == "__main__":
    main()
