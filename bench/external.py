"""External stores at scale: load a built dataset into Oxigraph server and into Virtuoso,
each by its own bulk loader (`oxigraph load`; Virtuoso's `ld_dir` and `rdf_loader_run`)
and by `push` (Graph Store Protocol), time each loading, and check that every cookbook
query answers as the embedded store does.

    python bench/external.py PROJECT_DIR [--engines oxigraph,virtuoso]   # PROJECT_DIR/out/hengyang.nq built

Prints one JSON object: the quads, the embedded store's own bulk load, and for each engine
and loading its seconds, the graphs and triples it holds afterwards, and for each cookbook
query whether the answers are the same (``false`` also when the engine cut the result).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import oxigraph_server  # noqa: E402
import virtuoso  # noqa: E402

from hengyang_kg.namespaces import base_iri  # noqa: E402
from hengyang_kg.sparql.cookbook import recipes  # noqa: E402
from hengyang_kg.sparql.push import push  # noqa: E402
from hengyang_kg.sparql.query import run  # noqa: E402
from hengyang_kg.sparql.remote import normalise, remote_select  # noqa: E402

# Virtuoso's page buffers for a dataset of some million quads (8 KiB each: about 1.3 GiB).
VIRTUOSO_BUFFERS = 170_000


def log(*args) -> None:
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def same_answers(store: ox.Store, query_url: str, base: str) -> dict[str, bool]:
    out = {}
    for recipe in recipes():
        local = json.loads(run(store, recipe.text, base, "json").body)
        variables = local["head"]["vars"]
        headers, remote = remote_select(query_url, recipe.text, base, timeout=900)
        cut = any(h.lower() == "x-sparql-maxrows" for h in headers)
        out[recipe.name] = not cut and normalise(remote, variables) == normalise(local["results"]["bindings"], variables)
    return out


def counts(query_url: str, base: str) -> dict[str, int]:
    _, rows = remote_select(query_url, f"""SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples)
        WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{base}")) }}""", base, timeout=900)
    return {"graphs": int(rows[0]["graphs"]["value"]), "triples": int(rows[0]["triples"]["value"])}


def timed(fn: Callable[[], object]) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


def check(result: dict, store: ox.Store, query_url: str, base: str) -> dict:
    result.update(counts(query_url, base))
    answers = same_answers(store, query_url, base)
    result["same_answers"] = sum(answers.values())
    result["queries"] = len(answers)
    result["different"] = [name for name, same in answers.items() if not same]
    return result


def oxigraph_runs(store: ox.Store, nq: Path, tmp: Path, base: str) -> Iterator[tuple[str, dict]]:
    result: dict = {"s": timed(lambda: oxigraph_server.load(tmp / "bulk", nq))}
    with oxigraph_server.oxigraph(tmp / "bulk") as url:
        yield "bulk", check(result, store, f"{url}/query", base)
    with oxigraph_server.oxigraph(tmp / "pushed", read_only=False) as url:
        result = {"s": timed(lambda: push(store, f"{url}/store", timeout=600))}
        yield "push", check(result, store, f"{url}/query", base)


def virtuoso_runs(store: ox.Store, nq: Path, tmp: Path, base: str) -> Iterator[tuple[str, dict]]:
    with virtuoso.virtuoso(tmp / "virtuoso-bulk", buffers=VIRTUOSO_BUFFERS) as url:
        result = {"s": timed(lambda: virtuoso.bulk_load(tmp / "virtuoso-bulk", nq, f"{base}graph/default"))}
        yield "bulk", check(result, store, f"{url}/sparql", base)
    with virtuoso.virtuoso(tmp / "virtuoso-push", buffers=VIRTUOSO_BUFFERS) as url:
        result = {"s": timed(lambda: push(store, f"{url}/sparql-graph-crud-auth", "dba", "dba", timeout=600))}
        yield "push", check(result, store, f"{url}/sparql", base)


ENGINES: dict[str, Callable[..., Iterator[tuple[str, dict]]]] = {
    "oxigraph": oxigraph_runs, "virtuoso": virtuoso_runs}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--engines", default="oxigraph,virtuoso")
    args = ap.parse_args()
    nq = args.project / "out" / "hengyang.nq"
    base = base_iri()
    store = ox.Store()
    result: dict = {"embedded_bulk_load_s": timed(lambda: store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS))}
    result["quads"] = len(store)
    result["graphs"] = len({q.graph_name for q in store.quads_for_pattern(None, None, None, None)})
    with tempfile.TemporaryDirectory(dir=args.project) as tmp:
        for engine in args.engines.split(","):
            for loading, got in ENGINES[engine](store, nq, Path(tmp), base):
                log(f"{engine} {loading}: {got['s']:.1f} s, {got['same_answers']}/{got['queries']} answers equal")
                result[f"{engine}_{loading}"] = got
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
