"""Bounded load test of `hengyang-kg serve` on loopback.

Starts the endpoint in a subprocess on 127.0.0.1, then runs the cookbook's queries in a
loop from 1, 4 and 16 concurrent clients in turn (the first run is the baseline), S seconds
each, and reports throughput, p50/p99 latency and errors (any answer but 200). It sends traffic only to
the loopback server it started, stops by itself, and stops the server.

    python bench/loadtest.py [--clients 1,4,16] [--seconds 20] [--workers 3]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from hengyang_kg.sparql.cookbook import recipes  # noqa: E402

MAX_REQUESTS = 200_000


def start_server(workers: int) -> tuple[subprocess.Popen, str]:
    dataset = Path(tempfile.mkdtemp()) / "none.nq"  # built from data/ by the server, whatever out/ holds
    proc = subprocess.Popen([sys.executable, "-m", "hengyang_kg.cli", "--root", str(ROOT), "serve", "--port", "0",
                             "--dataset", str(dataset), "--workers", str(workers)],
                            cwd=ROOT, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        m = re.search(r"serving (http://127\.0\.0\.1:\d+)/", line)
        if m:
            return proc, m.group(1)
        if proc.poll() is not None:
            break
    proc.kill()
    raise RuntimeError("the server did not start")


def load(url: str, clients: int, seconds: float) -> dict:
    queries = [r.text for r in recipes()]
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + seconds
    count = [0]

    def client(k: int) -> None:
        i = k
        while time.monotonic() < stop:
            with lock:
                if count[0] >= MAX_REQUESTS:
                    return
                count[0] += 1
            body = urllib.parse.urlencode({"query": queries[i % len(queries)]}).encode()
            i += 1
            req = urllib.request.Request(f"{url}/sparql", data=body, headers={
                "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json"})
            t = time.perf_counter()
            try:
                with urllib.request.urlopen(req, timeout=30) as resp:
                    resp.read()
                    ok = resp.status == 200
            except (urllib.error.URLError, OSError) as exc:
                ok = False
                with lock:
                    errors.append(str(exc))
            dt = time.perf_counter() - t
            with lock:
                if ok:
                    latencies.append(dt)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    started = time.monotonic()
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    elapsed = time.monotonic() - started
    lat = sorted(latencies)
    return {
        "clients": clients, "seconds": round(elapsed, 1), "requests": len(lat) + len(errors),
        "errors": len(errors), "throughput_rps": round(len(lat) / elapsed, 1),
        "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
        "p99_ms": round(1000 * lat[min(len(lat) - 1, int(0.99 * len(lat)))], 1) if lat else None,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--clients", default="1,4,16", help="comma-separated client counts, run in turn (default: 1,4,16)")
    ap.add_argument("--seconds", type=float, default=20.0, help="seconds of each run (default: 20)")
    ap.add_argument("--workers", type=int, default=3, help="the server's query workers (default: 3, as serve's)")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "loadtest.json"))
    args = ap.parse_args()
    counts = [int(c) for c in args.clients.split(",")]
    proc, url = start_server(args.workers)
    try:
        runs = [load(url, c, args.seconds) for c in counts]
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    base = runs[0]
    for r in runs:
        r["throughput_ratio"] = round(r["throughput_rps"] / base["throughput_rps"], 2)
    result = {"workers": args.workers, "load_average_1min": os.getloadavg()[0], "runs": runs}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"{args.workers} query workers; load average {os.getloadavg()[0]:.2f} at the end")
    print("| clients | requests | throughput | p50 | p99 | errors | ratio to the first run |")
    print("|---|---|---|---|---|---|---|")
    for r in runs:
        print(f"| {r['clients']} | {r['requests']:,} in {r['seconds']} s | {r['throughput_rps']} req/s | "
              f"{r['p50_ms']} ms | {r['p99_ms']} ms | {r['errors']} | {r['throughput_ratio']}× |")


if __name__ == "__main__":
    main()
