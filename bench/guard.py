"""A memory guard for the benchmark's largest corpora: a command run in a process of its
own, its resident memory (with its children's) sampled while it runs, and the process
stopped when that passes a limit or leaves the machine short (others share it). The
result says where it stood: its times and peak, and, when stopped, the memory it had
reached (``stopped_at_mib``) and the samples over time (the profile that explains it).
Used by ``bench/million.py`` and, from ``--guard-min`` claims, by ``bench/bench.py``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and its children (MiB), from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            total += int(Path(f"/proc/{p}/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE")
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total / 2**20


def available_mib() -> float:
    """The machine's available memory (MiB): the guard also stops a step before the
    machine itself runs short, as others share it."""
    line = next(ln for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemAvailable"))
    return int(line.split()[1]) / 1024


def guarded(cmd: list[str], limit_mib: float, reserve_mib: float = 2048, stdout=subprocess.DEVNULL,
            interval: float = 1.0) -> dict:
    """Run ``cmd``; its wall and CPU time and peak memory, or where it was stopped
    (``stopped_at_mib``) or why it failed (``failed``: the end of its stderr). Memory is
    sampled every ``interval`` seconds in a thread; the wall time is the process's own."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: a chatty process never blocks on it
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=err, cwd=ROOT)
        samples: list[tuple[float, float]] = []
        stopped: list[float] = []
        done = threading.Event()

        def sample() -> None:
            while not done.wait(min(interval, 0.05 * 2 ** min(len(samples), 16))):  # often at first: short steps too
                rss = tree_rss_mib(proc.pid)
                samples.append((round(time.perf_counter() - t, 1), round(rss)))
                if (rss > limit_mib or available_mib() < reserve_mib) and not stopped:
                    stopped.append(rss)
                    proc.send_signal(signal.SIGKILL)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        message = err.read().decode(errors="replace")
    out = {"s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
           "rss_samples": samples[:: max(1, len(samples) // 200)]}
    if stopped:
        out["stopped_at_mib"] = stopped[0]
    elif proc.returncode != 0:
        out["failed"] = message[-2000:]
    return out
