"""A bounded pool of query worker processes for the endpoint.

Each worker is started by ``forkserver`` (never ``fork`` from the threaded server), loads
the dataset into its own store, caps its own address space (``RLIMIT_AS``) and then
answers one query at a time. The pool gives each query the time limit: a worker that
overruns is killed; a worker that dies (out of memory, or killed) is replaced in the
background, and the query gets an answer saying why.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import queue
import resource
import signal
import threading
from dataclasses import dataclass

import pyoxigraph as ox

from hengyang_kg.sparql.query import QueryError, run

CTX = mp.get_context("forkserver")
CTX.set_forkserver_preload(["hengyang_kg.sparql.workers"])
MIB = 1 << 20
SHORT = 0.3  # seconds after which a query counts as long and its worker runs at a lower priority
LONG_NICE = 10


def _nice(pid: int, value: int) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, pid, value)
        return True
    except OSError:
        return False


@dataclass(frozen=True)
class Answer:
    """What became of a query: ``ok`` (with the result), ``error`` (the query's fault, 400),
    ``busy`` (no worker in time, 503 + Retry-After), ``stopped`` (timeout or memory, 503),
    ``crash`` (500)."""

    status: str
    result: object = None
    message: str = ""


def worker_main(conn, nquads: bytes, base: str, memory: int) -> None:
    """A worker: load the dataset, cap memory, answer queries until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    store = ox.Store()
    store.bulk_load(nquads, format=ox.RdfFormat.N_QUADS)
    del nquads
    if memory:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    if not os.environ.get("HENGYANG_KG_LOG"):  # an allocation failure's backtrace is for debugging only
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
    conn.send(("ready", os.getpid()))
    while True:
        try:
            text, fmt, max_rows, max_bytes = conn.recv()
        except (EOFError, OSError):
            return
        reply: tuple[str, object]
        try:
            reply = ("ok", run(store, text, base, fmt, max_rows, max_bytes))
        except QueryError as exc:
            reply = ("error", str(exc))
        except MemoryError:
            reply = ("memory", "")
        except Exception as exc:  # noqa: BLE001 - reported to the client as a 500
            reply = ("crash", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(reply)
        except MemoryError:
            os._exit(3)
        if reply[0] == "memory":
            os._exit(3)  # a worker that ran out of memory is not trusted with the next query


class _Worker:
    def __init__(self, nquads: bytes, base: str, memory: int):
        self.conn, child = CTX.Pipe()
        self.proc = CTX.Process(target=worker_main, args=(child, nquads, base, memory), daemon=True)
        self.proc.start()
        child.close()

    def ready(self, timeout: float) -> bool:
        try:
            return self.conn.poll(timeout) and self.conn.recv()[0] == "ready"
        except (EOFError, OSError):
            return False

    def kill(self) -> None:
        if self.proc.is_alive() and self.proc.pid is not None:
            os.kill(self.proc.pid, signal.SIGKILL)
        self.proc.join(5)
        self.conn.close()


class Pool:
    """``size`` workers; ``max_waiting`` queries may wait for one, the rest are told to retry."""

    def __init__(self, nquads: bytes, base: str, size: int = 2, memory: int = 1024 * MIB,
                 timeout: float = 10.0, max_waiting: int = 8):
        self.nquads, self.base, self.memory = nquads, base, memory
        self.timeout, self.max_waiting, self.size = timeout, max_waiting, size
        self.free: queue.Queue[_Worker] = queue.Queue()
        self.lock = threading.Lock()
        self.waiting = 0
        self.closed = False
        self.replaced = 0
        workers = [_Worker(nquads, base, memory) for _ in range(size)]
        self.all: set[_Worker] = set(workers)
        for w in workers:
            if not w.ready(120):
                raise RuntimeError("a query worker did not start")
            self.free.put(w)

    def pids(self) -> list[int]:
        return sorted(w.proc.pid for w in list(self.all) if w.proc.pid)

    def run(self, text: str, fmt: str | None, max_rows: int, max_bytes: int) -> Answer:
        with self.lock:
            if self.waiting >= self.max_waiting:
                return Answer("busy", message=f"all {self.size} query workers are busy and "
                                              f"{self.waiting} queries wait: retry shortly")
            self.waiting += 1
        try:
            worker = self.free.get(timeout=self.timeout)
        except queue.Empty:
            return Answer("busy", message=f"no query worker became free within {self.timeout:g} s: retry shortly")
        finally:
            with self.lock:
                self.waiting -= 1
        try:
            worker.conn.send((text, fmt, max_rows, max_bytes))
            niced = False
            if not worker.conn.poll(min(SHORT, self.timeout)):
                niced = _nice(worker.proc.pid, LONG_NICE)  # a long query yields the CPU to short ones
                if not worker.conn.poll(max(self.timeout - SHORT, 0)):
                    self._replace(worker)
                    return Answer("stopped",
                                  message=f"the query ran longer than the {self.timeout:g} s limit and was stopped")
            kind, payload = worker.conn.recv()
            if niced and not _nice(worker.proc.pid, 0):
                self._replace(worker)  # cannot undo the lower priority: start a fresh worker
                worker = None
        except (EOFError, OSError):
            worker.proc.join(2)
            code = worker.proc.exitcode
            self._replace(worker)
            return Answer("stopped", message=self._died(code))
        if kind == "memory":
            if worker is not None:
                self._replace(worker)
            return Answer("stopped", message=self._died(3))
        if worker is not None:
            self.free.put(worker)
        if kind == "ok":
            return Answer("ok", payload)
        return Answer(kind, message=payload)

    def _died(self, code: int | None) -> str:
        cap = f"{self.memory // MIB} MiB" if self.memory else "the machine's"
        how = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
        return (f"the query was stopped: it needed more memory than the {cap} limit of a query worker "
                f"(the worker ended with {how} and was replaced)")

    def _replace(self, worker: _Worker) -> None:
        """Kill a worker and start another in the background."""
        worker.kill()
        self.all.discard(worker)
        self.replaced += 1

        def start() -> None:
            if self.closed:
                return
            fresh = _Worker(self.nquads, self.base, self.memory)
            self.all.add(fresh)
            if fresh.ready(120) and not self.closed:
                self.free.put(fresh)
            else:
                fresh.kill()

        threading.Thread(target=start, daemon=True).start()

    def close(self) -> None:
        self.closed = True
        for w in list(self.all):
            w.kill()
        self.all.clear()
