"""Oxigraph server (the `oxigraph` Python package ships its binary) on loopback, for tests
and benchmarks: bulk-load an export into a persistent store, serve it read-only or
read-write (for the Graph Store Protocol), stop it on exit.

    python scripts/oxigraph_server.py DIR [DATASET.nq]   # loads the dataset if given, serves read-only
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from loopback_server import free_port, running  # noqa: E402


def binary() -> str:
    """The `oxigraph` command: beside this Python (a virtual environment) or on the PATH."""
    here = Path(sys.executable).parent / "oxigraph"
    found = str(here) if here.exists() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph command is missing: pip install oxigraph (the test extra installs it)")
    return found


def load(location: Path, dataset: Path) -> None:
    """Bulk-load an N-Quads or TriG file into the store at ``location`` (Oxigraph's own loader)."""
    location.mkdir(parents=True, exist_ok=True)
    subprocess.run([binary(), "load", "--location", str(location), "--file", str(dataset)], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


@contextmanager
def oxigraph(location: Path, read_only: bool = True, timeout: float = 120.0):
    """A running Oxigraph server on the store at ``location``; yields its base URL
    (SPARQL at ``/query``, the Graph Store Protocol at ``/store`` when read-write).
    The default graph is the union of all graphs, as in the embedded store."""
    location.mkdir(parents=True, exist_ok=True)
    port = free_port()
    mode = "serve-read-only" if read_only else "serve"
    base = f"http://127.0.0.1:{port}"
    with running("oxigraph", [binary(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}",
                              "--union-default-graph", "--cors"],
                 f"{base}/query?query=ASK%7B%7D", location.parent / f"{location.name}-oxigraph.log", timeout):
        yield base


if __name__ == "__main__":
    store = Path(sys.argv[1]).resolve()
    if len(sys.argv) > 2:
        load(store, Path(sys.argv[2]))
    with oxigraph(store) as url:
        print(f"{url}/query", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
