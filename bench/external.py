"""External stores at scale: load a built dataset into Oxigraph server by its own bulk
loader (`oxigraph load`) and by `push` (Graph Store Protocol), time both, and check that
every cookbook query answers as the embedded store does.

    python bench/external.py PROJECT_DIR   # PROJECT_DIR/out/hengyang.nq must be built
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from oxigraph_server import load, oxigraph  # noqa: E402

from hengyang_kg.namespaces import base_iri  # noqa: E402
from hengyang_kg.sparql.cookbook import recipes  # noqa: E402
from hengyang_kg.sparql.push import push  # noqa: E402
from hengyang_kg.sparql.query import run  # noqa: E402
from hengyang_kg.sparql.remote import normalise, remote_select  # noqa: E402


def same_answers(store: ox.Store, url: str, base: str) -> dict[str, bool]:
    out = {}
    for recipe in recipes():
        local = json.loads(run(store, recipe.text, base, "json").body)
        variables = local["head"]["vars"]
        _, remote = remote_select(f"{url}/query", recipe.text, base, timeout=600)
        out[recipe.name] = normalise(remote, variables) == normalise(local["results"]["bindings"], variables)
    return out


def main() -> None:
    project = Path(sys.argv[1])
    nq = project / "out" / "hengyang.nq"
    base = base_iri()
    store = ox.Store()
    t = time.perf_counter()
    store.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
    result = {"quads": len(store), "embedded_bulk_load_s": time.perf_counter() - t}
    with tempfile.TemporaryDirectory(dir=project) as tmp:
        t = time.perf_counter()
        load(Path(tmp) / "bulk", nq)
        result["oxigraph_load_s"] = time.perf_counter() - t
        with oxigraph(Path(tmp) / "bulk") as url:
            result["oxigraph_bulk_same_answers"] = same_answers(store, url, base)
        with oxigraph(Path(tmp) / "pushed", read_only=False) as url:
            t = time.perf_counter()
            report = push(store, f"{url}/store")
            result["oxigraph_push_s"] = time.perf_counter() - t
            result["oxigraph_push_graphs"], result["oxigraph_push_triples"] = report.graphs, report.triples
            result["oxigraph_push_same_answers"] = same_answers(store, url, base)
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
