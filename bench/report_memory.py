"""Memory of ``report`` by stage, in one process, on a project directory (e.g. one written by
``hengyang-kg synth``): the resident memory after each stage and the highest it reached
during it (sampled every 20 ms by a thread), with each stage's CPU time. The stages are
those of the command: loading the corpus, reconciling, preparing the report files
(:func:`hengyang_kg.report.data.report_files`), then writing each file and folder in the
order the command writes them. ``--trace`` also names the lines of the program that hold
the most memory at the end of each stage (``tracemalloc``: slow, and it inflates memory;
for small corpora).

    HENGYANG_KG_CACHE=off python bench/report_memory.py DIR [--out /tmp/report] [--json FILE] [--trace]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import sys
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # after PYTHONPATH: another checkout of the program can be measured

PAGE = os.sysconf("SC_PAGE_SIZE")


def rss_mib() -> float:
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * PAGE / 2**20


class Sampler:
    """The highest resident memory since the last :meth:`stage`, sampled by a thread."""

    def __init__(self, trace: bool) -> None:
        self.high = rss_mib()
        self.trace = trace
        self.rows: list[dict] = []
        self.cpu = time.process_time()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stop.wait(0.02):
            self.high = max(self.high, rss_mib())

    def stage(self, name: str) -> None:
        now, cpu = rss_mib(), time.process_time()
        row = {"stage": name, "rss_mib": round(now), "high_mib": round(max(self.high, now)),
               "cpu_s": round(cpu - self.cpu, 2)}
        if self.trace:
            snap = tracemalloc.take_snapshot().filter_traces([tracemalloc.Filter(False, tracemalloc.__file__)])
            row["top"] = [f"{s.size / 2**20:8.1f} MiB {s.count:9,d} blocks  {s.traceback[0]}"
                          for s in snap.statistics("lineno")[:12]]
        self.rows.append(row)
        print(f"{name:<28} rss {row['rss_mib']:>7,} MiB  high {row['high_mib']:>7,} MiB  cpu {row['cpu_s']:>7.2f} s",
              file=sys.stderr, flush=True)
        for line in row.get("top", []):
            print("    " + line, file=sys.stderr)
        self.high, self.cpu = rss_mib(), time.process_time()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project")
    ap.add_argument("--out", default=None, help="where to write the report (default: a temporary directory)")
    ap.add_argument("--json", default=None, help="write the stages as JSON here")
    ap.add_argument("--trace", action="store_true", help="name the lines holding the most memory (tracemalloc)")
    args = ap.parse_args()
    if args.trace:
        tracemalloc.start()

    from hengyang_kg.collector import paused
    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.namespaces import DEFAULT_BASE
    from hengyang_kg.reconcile import reconcile
    try:
        from hengyang_kg.report.writer import report_files
    except ImportError:  # a program before the report was written fact by fact (to compare)
        from hengyang_kg.report.data import report_files  # type: ignore[attr-defined,no-redef]

    out = Path(args.out or f"/tmp/report-memory-{os.getpid()}")
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    s = Sampler(args.trace)
    s.stage("start (imports)")
    with paused():  # as the command runs
        corpus = load_corpus(Path(args.project))
        s.stage("loaded")
        recon = reconcile(corpus)
        s.stage("reconciled")
        files = report_files(recon, corpus, DEFAULT_BASE, "profile")
        s.stage("report files prepared")
        for name in list(files):
            artefact = files.pop(name)
            if callable(artefact):
                artefact(out / name)
            else:
                (out / name).write_bytes(artefact)
            del artefact
            s.stage(f"wrote {name}")
    s.stop.set()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak (maximum resident set) {peak:,.0f} MiB", file=sys.stderr)
    if args.json:
        Path(args.json).write_text(json.dumps({"project": args.project, "claims": len(corpus.claims),
                                               "peak_mib": round(peak), "stages": s.rows}, indent=1) + "\n")
    if args.out is None:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
