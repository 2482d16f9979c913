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
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from guard import guarded

from bench import cli, log, machine


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
