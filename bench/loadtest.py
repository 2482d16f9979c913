"""Bounded load test of `hengyang-kg serve` on loopback.

Starts the endpoint in a subprocess on 127.0.0.1, then runs the cookbook's queries in a
loop from C concurrent clients for S seconds (and, as the baseline in the same run, from
one client), and reports throughput, p50/p99 latency and errors. It sends traffic only to
the loopback server it started, stops by itself, and stops the server.

    python bench/loadtest.py [--clients 4] [--seconds 30] [--baseline-seconds 10]
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
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


def start_server() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen([sys.executable, "-m", "hengyang_kg.cli", "--root", str(ROOT), "serve", "--port", "0"],
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
    ap.add_argument("--clients", type=int, default=4)
    ap.add_argument("--seconds", type=float, default=30.0)
    ap.add_argument("--baseline-seconds", type=float, default=10.0)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "loadtest.json"))
    args = ap.parse_args()
    proc, url = start_server()
    try:
        base = load(url, 1, args.baseline_seconds)
        main_run = load(url, args.clients, args.seconds)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    result = {"baseline": base, "load": main_run,
              "throughput_ratio": round(main_run["throughput_rps"] / base["throughput_rps"], 2)}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=1), encoding="utf-8")
    for label, r in (("1 client", base), (f"{args.clients} clients", main_run)):
        print(f"{label}: {r['requests']} requests in {r['seconds']} s, {r['throughput_rps']} req/s, "
              f"p50 {r['p50_ms']} ms, p99 {r['p99_ms']} ms, {r['errors']} errors")
    print(f"throughput, {args.clients} clients ÷ 1 client: {result['throughput_ratio']}x")


if __name__ == "__main__":
    main()
