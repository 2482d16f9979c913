"""Oxigraph server (the `oxigraph` Python package ships its binary) on loopback, for tests
and benchmarks: bulk-load an export into a persistent store, serve it read-only or
read-write (for the Graph Store Protocol), stop it on exit.

    python scripts/oxigraph_server.py DIR [DATASET.nq]   # loads the dataset if given, serves read-only
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path


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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def oxigraph(location: Path, read_only: bool = True, timeout: float = 120.0):
    """A running Oxigraph server on the store at ``location``; yields its base URL
    (SPARQL at ``/query``, the Graph Store Protocol at ``/store`` when read-write).
    The default graph is the union of all graphs, as in the embedded store."""
    location.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    mode = "serve-read-only" if read_only else "serve"
    log = open(location.parent / f"{location.name}-oxigraph.log", "wb")
    proc = subprocess.Popen([binary(), mode, "--location", str(location), "--bind", f"127.0.0.1:{port}",
                             "--union-default-graph", "--cors"], stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"oxigraph exited with {proc.returncode}: see {log.name}")
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2) as r:
                    if r.status == 200:
                        break
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph did not answer within {timeout} s: see {log.name}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


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
