"""A bounded pool of query worker processes for the endpoint.

Each worker is started by ``forkserver`` (never ``fork`` from the threaded server), loads
the dataset into its own store, caps its own address space (``RLIMIT_AS``) and then
answers one query at a time. The pool gives each query the time limit: a worker that
overruns is killed; a worker that dies (out of memory, or killed) is replaced in the
background, and the query gets an answer saying why.
"""

from __future__ import annotations

import math
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass

import pyoxigraph as ox

from hengyang_kg.sparql.query import QueryError, run
from hengyang_kg.sparql.scheduling import CHEAP_OVERRUN, LONG_RANK, SHORT, Costs, Line, LongSlots, cpu_seconds

CTX = mp.get_context("forkserver")
CTX.set_forkserver_preload(["hengyang_kg.sparql.workers"])
MIB = 1 << 20
GENERAL_NICE = 5  # the CPU priority of the workers not kept for cheap queries
LONG_NICE = 10  # the CPU priority of a worker running a long query
TICK = 0.05  # seconds between looks at a running query's CPU time


def _nice(pid: int, value: int) -> bool:
    try:
        os.setpriority(os.PRIO_PROCESS, pid, value)
        return True
    except OSError:
        return False


def _used(pid: int | None, cpu0: float | None, begun: float) -> float:
    """CPU seconds a worker has used since ``cpu0`` (wall seconds where the CPU time is unknown)."""
    now = cpu_seconds(pid)
    return now - cpu0 if now is not None and cpu0 is not None else time.monotonic() - begun


@dataclass(frozen=True)
class Answer:
    """What became of a query: ``ok`` (with the result), ``error`` (the query's fault, 400),
    ``busy`` (no worker in time, 503 + Retry-After), ``stopped`` (timeout or memory, 503),
    ``crash`` (500)."""

    status: str
    result: object = None
    message: str = ""


def worker_main(conn, nquads: bytes | str, base: str, memory: int, nice: int = 0) -> None:
    """A worker: load the dataset (N-Quads, or the path of an on-disk store to open
    read-only), cap memory, answer queries until the pipe closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if nice:
        os.nice(nice)
    if isinstance(nquads, str):
        store = ox.Store.read_only(nquads)
    else:
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
    def __init__(self, nquads: bytes | str, base: str, memory: int, cheap_only: bool):
        self.cheap_only = cheap_only
        self.nice = 0 if cheap_only else GENERAL_NICE
        self.conn, child = CTX.Pipe()
        self.proc = CTX.Process(target=worker_main, args=(child, nquads, base, memory, self.nice), daemon=True)
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
    """``size`` workers; ``max_waiting`` queries may wait for one, the rest are told to retry.
    Who waits and who may run long: :mod:`hengyang_kg.sparql.scheduling`."""

    def __init__(self, nquads: bytes | str, base: str, size: int = 2, memory: int = 1024 * MIB,
                 timeout: float = 10.0, max_waiting: int = 8):
        self.nquads, self.base, self.memory = nquads, base, memory
        self.timeout, self.size = timeout, size
        self.line: Line[_Worker] = Line(max_waiting)
        self.costs = Costs()
        self.long = LongSlots(max(size - 1, 1))
        self.closed = False
        self.replaced = 0
        workers = [_Worker(nquads, base, memory, cheap_only=i == 0 and size > 1) for i in range(size)]
        self.all: set[_Worker] = set(workers)
        for w in workers:
            if not w.ready(120):
                raise RuntimeError("a query worker did not start")
            self.line.put(w, w.cheap_only)

    def run(self, text: str, fmt: str | None, max_rows: int, max_bytes: int, client: str = "") -> Answer:
        key = self.costs.key(text, fmt)
        rank = self.costs.rank(key)
        held = [rank == LONG_RANK]  # whether this query holds a long slot
        if held[0] and (why := self.long.take(client)):
            return Answer("busy", message=f"the query ran long before, and {why}")
        try:
            return self._run(key, rank, held, text, (fmt, max_rows, max_bytes), client)
        finally:
            if held[0]:
                self.long.give_back(client)

    def _run(self, key: str, rank: int, held: list[bool], text: str, options: tuple, client: str) -> Answer:
        taken = self.line.take(rank, self.timeout)
        if isinstance(taken, str):
            return Answer("busy", message=taken)
        got: _Worker = taken[0]
        worker: _Worker | None = got
        pid = got.proc.pid
        assert pid is not None  # a started worker has a pid
        begun, cpu0 = time.monotonic(), cpu_seconds(pid)
        niced = held[0] and _nice(pid, LONG_NICE)  # a long query yields the CPU to short ones
        try:
            got.conn.send((text, *options))
            while not got.conn.poll(TICK):
                if time.monotonic() - begun >= self.timeout:
                    self.costs.record(key, math.inf)
                    self._replace(got)
                    return Answer("stopped",
                                  message=f"the query ran longer than the {self.timeout:g} s limit and was stopped")
                used = _used(pid, cpu0, begun)
                why: str | None = None
                if got.cheap_only and used >= CHEAP_OVERRUN:  # it was cheap before; the lane is kept for cheap ones
                    why = "it ran on the worker kept for cheap queries: retry shortly"
                elif not held[0] and used >= SHORT:
                    why = self.long.take(client)
                    slot = not why
                    held[0] = slot
                    if slot:
                        niced = _nice(pid, LONG_NICE)
                if why:
                    self.costs.record(key, math.inf)
                    self._replace(got)
                    return Answer("busy", message=f"the query turned long, and {why}")
            kind, payload = got.conn.recv()
            used = _used(pid, cpu0, begun)
            if niced and not _nice(pid, got.nice):
                self._replace(got)  # cannot undo the lower priority: start a fresh worker
                worker = None
        except (EOFError, OSError):
            got.proc.join(2)
            code = got.proc.exitcode
            self.costs.record(key, math.inf)
            self._replace(got)
            return Answer("stopped", message=self._died(code))
        if kind == "memory":
            self.costs.record(key, math.inf)
            if worker is not None:
                self._replace(worker)
            return Answer("stopped", message=self._died(3))
        self.costs.record(key, used)
        if worker is not None:
            self.line.put(worker, worker.cheap_only)
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
            fresh = _Worker(self.nquads, self.base, self.memory, worker.cheap_only)
            self.all.add(fresh)
            if fresh.ready(120) and not self.closed:
                self.line.put(fresh, fresh.cheap_only)
            else:
                fresh.kill()

        threading.Thread(target=start, daemon=True).start()

    def close(self) -> None:
        self.closed = True
        for w in list(self.all):
            w.kill()
        self.all.clear()
