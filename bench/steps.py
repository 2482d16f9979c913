"""In-process steps of the benchmark, each run in a process of its own by bench.py.

    python bench/steps.py STEP PROJECT_DIR QUERY_FILE [RDFLIB_TRIG_MAX]

Prints one JSON object of timings (seconds). Steps:

- ``exports``: our serialisers, one by one, on the dataset's quads (loading, reconciling
  and generating the quads are timed too, separately);
- ``near_limit``: pyoxigraph's own bulk load of the N-Quads export into a store and its
  dump of that store to N-Quads, TriG, Turtle (the union) and JSON-LD: as fast as the
  engine itself goes on the same quads;
- ``rdflib``: the same quads in an rdflib Dataset (build), serialised by rdflib
  (N-Quads; TriG up to 2,000 claims: it grows super-linearly with the named graphs), and the same SPARQL query.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hengyang_kg.curation.loader import load_corpus  # noqa: E402
from hengyang_kg.namespaces import base_iri, prefixes  # noqa: E402
from hengyang_kg.rdf.build import dataset_quads  # noqa: E402
from hengyang_kg.rdf.serialise import to_jsonld, to_nquads, to_trig, to_turtle, union_triples  # noqa: E402
from hengyang_kg.reconcile import reconcile  # noqa: E402
from hengyang_kg.sparql.query import prefix_block  # noqa: E402


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
    return clock.times


def _rdflib_dataset(quads):
    import rdflib

    ds = rdflib.Dataset(default_union=True)
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


def rdflib_baseline(project: Path, query: str, trig_max: int = 2_000) -> dict:
    clock, base = Clock(), base_iri()
    quads = list(ox.parse(path=str(project / "out" / "hengyang.nq"), format=ox.RdfFormat.N_QUADS))
    claims = sum(1 for q in quads if q.predicate.value.endswith("#type") and q.object.value.endswith("#Claim"))
    ds = clock("build", _rdflib_dataset, quads)
    clock("nquads", ds.serialize, format="nquads")
    if claims <= trig_max:
        clock("trig", ds.serialize, format="trig")
    clock("query", lambda: list(ds.query(prefix_block(base) + query)))
    return clock.times


def main() -> None:
    step, project = sys.argv[1], Path(sys.argv[2])
    query = Path(sys.argv[3]).read_text(encoding="utf-8") if len(sys.argv) > 3 else ""
    if step == "rdflib":
        print(json.dumps(rdflib_baseline(project, query, *(int(x) for x in sys.argv[4:5]))))
        return
    print(json.dumps({"exports": exports, "near_limit": near_limit}[step](project, query)))


if __name__ == "__main__":
    main()
