"""External stores at scale: load a built dataset into Oxigraph server and into Virtuoso,
each by its own bulk loader (`oxigraph load`; Virtuoso's `ld_dir` and `rdf_loader_run`)
and by `push` — graph by graph (Graph Store Protocol, both engines) and, for Oxigraph, the
whole dataset in one streamed request — time each loading, and check that every cookbook
query answers as the embedded store does.

    python bench/external.py PROJECT_DIR [--engines oxigraph,virtuoso] [--loadings bulk,dataset,graphs]
                             [--timeout SECONDS] [--out FILE]   # PROJECT_DIR/out/hengyang.nq built

Prints one JSON object (and writes it to ``--out`` after every loading, so a run stopped
from outside keeps what finished): the quads, the embedded store's own bulk load, and for
each engine and loading its seconds, the graphs and triples it holds afterwards, and for
each cookbook query whether the answers are the same (``false`` also when the engine cut
the result). A loading, with its check, that takes longer than ``--timeout`` is stopped
and reported as ``{"timed_out_s": ...}`` with the step it was in.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import oxigraph_server
import virtuoso
from steps import alarm

from hengyang_kg.namespaces import base_iri
from hengyang_kg.sparql.cookbook import recipes
from hengyang_kg.sparql.push import push
from hengyang_kg.sparql.query import run
from hengyang_kg.sparql.remote import normalise, remote_select

# Virtuoso's 8 KiB page buffers: about 85,000 per GiB it may use; sized to the data
# (about 1 GiB per 2.5 million quads, at least the test-size default), at most 8 GiB.
QUADS_PER_GIB = 2_500_000
LOADINGS = ("bulk", "dataset", "graphs")


def virtuoso_buffers(quads: int) -> int:
    return max(20_000, min(8 * 85_000, 85_000 * -(-quads // QUADS_PER_GIB)))


def log(*args) -> None:
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


class TimedOut(BaseException):  # not an Exception: nothing on the way may catch it
    pass


def deadline(seconds: float | None):
    """Raise :class:`TimedOut` in the block after ``seconds`` (subprocesses it waits for are
    killed by subprocess.run; servers are stopped by their own ``with`` blocks)."""
    return alarm(seconds, TimedOut)


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


class Loading:
    """One loading's figures, filled step by step (so a timeout says where it stopped)."""

    def __init__(self):
        self.result: dict = {"step": "load"}

    def progress(self, done: int, total: int) -> None:
        """How far a push got (graphs, or quads for the whole dataset), kept if it is stopped."""
        self.result["pushed"], self.result["of"] = done, total

    def load(self, fn: Callable[[], object]) -> None:
        self.result["s"] = timed(fn)
        self.result["step"] = "check"

    def check(self, store: ox.Store, query_url: str, base: str) -> None:
        t = time.perf_counter()
        self.result.update(counts(query_url, base))
        answers = same_answers(store, query_url, base)
        self.result["same_answers"] = sum(answers.values())
        self.result["queries"] = len(answers)
        self.result["different"] = [name for name, same in answers.items() if not same]
        self.result["check_s"] = time.perf_counter() - t
        del self.result["step"]


def oxigraph_runs(store: ox.Store, nq: Path, tmp: Path, base: str, wanted) -> Iterator[tuple[str, Callable]]:
    def bulk(got: Loading) -> None:
        got.load(lambda: oxigraph_server.load(tmp / "bulk", nq))
        with oxigraph_server.oxigraph(tmp / "bulk") as url:
            got.check(store, f"{url}/query", base)

    def pushed(whole: bool) -> Callable[[Loading], None]:
        def go(got: Loading) -> None:
            location = tmp / ("dataset" if whole else "graphs")
            with oxigraph_server.oxigraph(location, read_only=False) as url:
                endpoint = f"{url}/store?no_transaction" if whole else f"{url}/store"
                got.load(lambda: push(store, endpoint, timeout=3600, whole_dataset=whole, progress=got.progress))
                got.check(store, f"{url}/query", base)
        return go
    yield from ((k, f) for k, f in (("bulk", bulk), ("dataset", pushed(True)), ("graphs", pushed(False)))
                if k in wanted)


def virtuoso_runs(store: ox.Store, nq: Path, tmp: Path, base: str, wanted) -> Iterator[tuple[str, Callable]]:
    buffers = virtuoso_buffers(len(store))

    def bulk(got: Loading) -> None:
        with virtuoso.virtuoso(tmp / "virtuoso-bulk", buffers=buffers) as url:
            got.load(lambda: virtuoso.bulk_load(tmp / "virtuoso-bulk", nq, f"{base}graph/default"))
            got.check(store, f"{url}/sparql", base)

    def graphs(got: Loading) -> None:
        with virtuoso.virtuoso(tmp / "virtuoso-push", buffers=buffers) as url:
            got.load(lambda: push(store, f"{url}/sparql-graph-crud-auth", "dba", "dba", timeout=3600,
                                  progress=got.progress))
            got.check(store, f"{url}/sparql", base)
    yield from ((k, f) for k, f in (("bulk", bulk), ("graphs", graphs)) if k in wanted)


ENGINES: dict[str, Callable[..., Iterator[tuple[str, Callable]]]] = {
    "oxigraph": oxigraph_runs, "virtuoso": virtuoso_runs}


def measure(project: Path, engines: list[str], loadings: list[str], timeout: float | None,
            out: Path | None = None) -> dict:
    nq = project / "out" / "hengyang.nq"
    base = base_iri()
    store = ox.Store()
    result: dict = {"embedded_bulk_load_s": timed(lambda: store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS))}
    result["quads"] = len(store)
    result["graphs"] = sum(1 for _ in store.named_graphs())
    result["timeout_s"] = timeout
    with tempfile.TemporaryDirectory(dir=project) as tmp:
        for engine in engines:
            for loading, go in ENGINES[engine](store, nq, Path(tmp), base, loadings):
                got = Loading()
                try:
                    with deadline(timeout):
                        go(got)
                    r = got.result
                    log(f"{engine} {loading}: {r['s']:.1f} s, {r['same_answers']}/{r['queries']} answers equal")
                except TimedOut:
                    got.result["timed_out_s"] = timeout
                    log(f"{engine} {loading}: stopped after {timeout} s in its {got.result['step']}")
                result[f"{engine}_{loading}"] = got.result
                if out:
                    out.write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path)
    ap.add_argument("--engines", default="oxigraph,virtuoso")
    ap.add_argument("--loadings", default=",".join(LOADINGS),
                    help="bulk (the engine's own loader), dataset (push of the whole dataset: Oxigraph), "
                         "graphs (push graph by graph)")
    ap.add_argument("--timeout", type=float, default=None, help="seconds for each loading with its check")
    ap.add_argument("--out", type=Path, default=None, help="write the JSON here after every loading")
    args = ap.parse_args()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stopped from outside: servers stop too
    result = measure(args.project, args.engines.split(","), args.loadings.split(","), args.timeout, args.out)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
