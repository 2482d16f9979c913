"""The largest corpus under a memory guard: ``synth``, ``validate``, ``build`` and ``report``
of N claims (default 1,000,000 from 10,000 sources), each in a process of its own,
with wall time, CPU time and peak memory. The machine is shared, so a step whose
resident memory passes ``--limit-gib`` (or that leaves the machine less than
``--reserve-gib`` available) is stopped; the result records where it stood
and the memory it had reached over time (sampled every second), which is the profile
that explains it.

    python bench/million.py [--claims 1000000] [--limit-gib 16] [--out bench/results/million]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from bench import cli, log, machine  # noqa: E402


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


def guarded(cmd: list[str], limit_mib: float, reserve_mib: float = 2048) -> dict:
    """Run ``cmd``; its wall and CPU time and peak memory, or where it was stopped."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    samples: list[tuple[float, float]] = []
    stopped = None
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        rss = tree_rss_mib(proc.pid)
        samples.append((round(time.perf_counter() - t, 1), round(rss)))
        if (rss > limit_mib or available_mib() < reserve_mib) and stopped is None:
            stopped = rss
            proc.send_signal(signal.SIGKILL)
        time.sleep(1.0)
    err = proc.stderr.read().decode(errors="replace")
    out = {"s": time.perf_counter() - t, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024,
           "rss_samples": samples[:: max(1, len(samples) // 200)]}
    if stopped is not None:
        out["stopped_at_mib"] = stopped
    elif os.waitstatus_to_exitcode(status) != 0:
        out["failed"] = err[-2000:]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit-gib", type=float, default=16.0, help="stop a step whose resident memory passes this")
    ap.add_argument("--work", default=str(ROOT / "bench" / "results" / "work"))
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "million"))
    ap.add_argument("--steps", default="synth,validate,build,report")
    ap.add_argument("--reserve-gib", type=float, default=2.0, help="stop a step when the machine has less available")
    args = ap.parse_args()
    n, project, out = args.claims, Path(args.work) / f"n{args.claims}", Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    result: dict = {"machine": machine(), "claims": n, "sources": n // 100, "limit_gib": args.limit_gib}
    steps = {"synth": ["synth", "--claims", str(n), "--sources", str(n // 100), "--seed", str(args.seed),
                       "--out", str(project)],
             "validate": ["validate"], "build": ["build", "--out", str(project / "out")],
             "report": ["report", "--out", str(project / "report")]}
    for step in args.steps.split(","):
        log(f"N={n}: {step}")
        result[step] = guarded(cli(project, *steps[step]), args.limit_gib * 1024, args.reserve_gib * 1024)
        (out / "million.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
        r = result[step]
        log(f"N={n}: {step} {r['s']:.0f} s, CPU {r['cpu_s']:.0f} s, peak {r['peak_mib']:,.0f} MiB"
            + (f"; stopped at {r['stopped_at_mib']:,.0f} MiB" if "stopped_at_mib" in r else "")
            + (f"; failed: {r['failed'][-300:]}" if "failed" in r else ""))
    if out.exists():
        log(f"results in {out / 'million.json'}")


if __name__ == "__main__":
    main()
