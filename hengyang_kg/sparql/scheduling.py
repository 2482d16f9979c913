"""Who gets a query worker next, and who may keep one.

The dataset is read-only, so what a query costs is a property of its text: the pool
remembers the CPU time each query (its text and result format) took last time, and

- queries waiting for a worker are served cheapest first — known cheap (under ``CHEAP``
  seconds of CPU), then unknown or middling, then known long (``SHORT`` seconds or more,
  or stopped) — and first come, first served within each class, so a cheap query never
  waits behind a line of expensive ones;
- a query is *long* once its worker has used ``SHORT`` seconds of CPU, or from the start
  when it is known long. Long queries run at a lower CPU priority, hold at most
  ``workers − 1`` workers at once (so one worker always stays for short queries), and one
  client (IP address) runs at most one of them at a time. A query that would break either
  rule is answered 503 with ``Retry-After``: at once when it is known long, or, when it
  turns long, by stopping its worker (which is replaced).
"""

from __future__ import annotations

import hashlib
import itertools
import os
import threading
import time
from collections import OrderedDict
from typing import Generic, TypeVar

CHEAP = 0.05  # CPU seconds under which a query counts as cheap
SHORT = 0.5  # CPU seconds after which a query counts as long
CHEAP_OVERRUN = 0.2  # CPU seconds after which a query on the worker kept for cheap ones is stopped
CHEAP_RANK, MIDDLE_RANK, LONG_RANK = 0, 1, 2
REMEMBERED = 4096  # query texts whose cost is remembered (least recently used forgotten first)
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100

W = TypeVar("W")


def cpu_seconds(pid: int | None) -> float | None:
    """The CPU time (user + system) a process has used, or None where /proc cannot tell."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / TICKS
    except (OSError, IndexError, ValueError):
        return None


class Costs:
    """The CPU seconds each query took last time (``inf`` when it was stopped)."""

    def __init__(self, size: int = REMEMBERED):
        self.size = size
        self.seen: OrderedDict[str, float] = OrderedDict()
        self.lock = threading.Lock()

    @staticmethod
    def key(text: str, fmt: str | None) -> str:
        return hashlib.sha256(f"{fmt}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def rank(self, key: str) -> int:
        with self.lock:
            cost = self.seen.get(key)
        if cost is None:
            return MIDDLE_RANK
        return CHEAP_RANK if cost < CHEAP else LONG_RANK if cost >= SHORT else MIDDLE_RANK

    def record(self, key: str, seconds: float) -> None:
        with self.lock:
            self.seen[key] = seconds
            self.seen.move_to_end(key)
            while len(self.seen) > self.size:
                self.seen.popitem(last=False)


class LongSlots:
    """At most ``limit`` long queries at once, and one per client."""

    def __init__(self, limit: int):
        self.limit = limit
        self.clients: dict[str, int] = {}
        self.lock = threading.Lock()

    def take(self, client: str) -> str | None:
        """Take a slot for ``client``; None when taken, else why not."""
        with self.lock:
            if self.clients.get(client):
                return "this client already runs a long query: one long query a client at a time, retry when it ends"
            if sum(self.clients.values()) >= self.limit:
                return (f"{self.limit} long queries run already, the most at once (a worker stays free for "
                        f"short queries): retry shortly")
            self.clients[client] = 1
            return None

    def give_back(self, client: str) -> None:
        with self.lock:
            self.clients.pop(client, None)


class Line(Generic[W]):
    """Free workers and the queries waiting for one, served by (rank, arrival). A worker
    kept for cheap queries is given only to queries known cheap."""

    def __init__(self, max_waiting: int):
        self.max_waiting = max_waiting
        self.free: list[tuple[W, bool]] = []  # (worker, kept for cheap queries)
        self.waiting: set[tuple[int, int]] = set()
        self.arrivals = itertools.count()
        self.cond = threading.Condition()

    def put(self, worker: W, cheap_only: bool) -> None:
        with self.cond:
            self.free.append((worker, cheap_only))
            self.cond.notify_all()

    def _pick(self, rank: int) -> int | None:
        """The free worker a query of ``rank`` may have (the cheap one first), by index."""
        found = None
        for i, (_, cheap_only) in enumerate(self.free):
            if cheap_only and rank == CHEAP_RANK:
                return i
            if not cheap_only:
                found = i
        return found

    def take(self, rank: int, timeout: float) -> tuple[W, bool] | str:
        """A free worker this query may have, once no cheaper or earlier query waits; or why there is none."""
        with self.cond:
            if len(self.waiting) >= self.max_waiting:
                return f"{len(self.waiting)} queries wait for a query worker already: retry shortly"
            ticket = (rank, next(self.arrivals))
            self.waiting.add(ticket)
            deadline = time.monotonic() + timeout
            try:
                while (i := self._pick(rank)) is None or min(self.waiting) != ticket:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return f"no query worker became free within {timeout:g} s: retry shortly"
                    self.cond.wait(left)
                return self.free.pop(i)
            finally:
                self.waiting.discard(ticket)
                self.cond.notify_all()
