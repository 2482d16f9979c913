"""Start an external SPARQL server on loopback for tests and benchmarks, wait until it
answers, and stop it on exit: the part Oxigraph server (scripts/oxigraph_server.py) and
Virtuoso (scripts/virtuoso.py) share.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(name: str, cmd: list[str], probe: str, log: Path, timeout: float = 120.0,
            cwd: Path | None = None, poll: float = 0.2) -> Iterator[None]:
    """Run ``cmd`` (its output to ``log``) until the ``with`` block ends; return once the
    URL ``probe`` answers 200. Raises RuntimeError naming the log if the server exits or
    does not answer within ``timeout`` seconds. The server is terminated (killed after
    30 s) on exit."""
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"{name} exited with {proc.returncode}: see {log}")
                try:
                    with urllib.request.urlopen(probe, timeout=2) as r:
                        if r.status == 200:
                            break
                except (urllib.error.URLError, ConnectionError, OSError):
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{name} did not answer within {timeout} s: see {log}")
                time.sleep(poll)
            yield
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
