"""Benchmark through the real program: synthetic corpora of N claims from N/100 sources.

For each N: ``hengyang-kg synth``, then the command line as a user runs it — validate,
build, report, a cookbook query, the endpoint (p50/p99 of the same query) — each in a
process of its own, with wall time and peak memory (the process's maximum resident
set). Beside them, in the same run: each of our exports alone, pyoxigraph's own bulk
load and dump of the same quads (the near-limit), and rdflib on the same quads (the
baseline, its parts capped), and the dataset loaded into two external engines (Oxigraph
server, Virtuoso) by their bulk loaders and by ``push`` (``bench/external.py``). Results:
JSON, Markdown tables and a log-log chart (``--out``).

    python bench/bench.py [--sizes 1000,10000,100000,1000000] [--out docs/bench] [--readme]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT / "bench"))

import incremental
from guard import guarded, tree_rss_mib
from tables import chart, evaluate, markdown, splice_readme

DEFAULT_QUERY = ROOT / "hengyang_kg" / "queries" / "07_shared_text.rq"


def log(*args) -> None:
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def run(cmd: list[str], stdout=subprocess.DEVNULL) -> dict:
    """Run a command; its wall time, CPU time (user + system: what contention on a shared
    machine does not inflate) and peak memory (its own maximum resident set)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=stdout, stderr=subprocess.PIPE, cwd=ROOT)
    err = proc.stderr.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode(errors='replace')[-2000:]}")
    return {"s": wall, "cpu_s": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}


def cli(project: Path, *args: str) -> list[str]:
    return [str(BIN / "hengyang-kg"), "--root", str(project), "--quiet", *args]


def step_json(step: str, project: Path, query: Path, *extra: str, guard=None) -> dict:
    """An in-process step of ``bench/steps.py``: its figures, with its process's times and peak
    (only these, with where it stood, when the guard stopped it or it failed)."""
    out = project / f".{step}.json"
    cmd = [sys.executable, str(ROOT / "bench" / "steps.py"), step, str(project), str(query), *extra]
    with out.open("wb") as fh:
        r = run(cmd, stdout=fh) if guard is None else guard(cmd, stdout=fh)
    if not finished(r):
        return r
    return {**r, **json.loads(out.read_text())}


def finished(r: dict | None) -> bool:
    """Whether a step ran to its end (not stopped by the memory guard, not failed, not skipped)."""
    return r is not None and "stopped_at_mib" not in r and "failed" not in r


def percentile(xs: list[float], p: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, round(p / 100 * (len(xs) - 1)))]


def endpoint(project: Path, query: Path, requests: int, limit_mib: float | None = None) -> dict:
    """Start ``serve``, wait until it answers, then send the query ``requests`` times; the
    server's resident memory (with its workers') is sampled after it started and after each
    request (``peak_mib``), and with ``limit_mib`` the server is stopped when it passes that."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cli(project, "serve", "--port", "0", "--dataset", str(project / "out" / "hengyang.nq"),
                                "--timeout", "120", "--max-rows", "1000000", "--memory", "16384"),
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=ROOT)
    try:
        line = b""
        while b"serving http" not in line:
            line = proc.stderr.readline()
            if not line:
                raise RuntimeError("serve stopped before it served")
        url = re.search(rb"(http://\S+?)/? ", line).group(1).decode() + "/sparql"
        ready = time.perf_counter() - t0
        peak = startup_mib = tree_rss_mib(proc.pid)
        body = urllib.parse.urlencode({"query": query.read_text(encoding="utf-8")}).encode()
        times = []
        for _ in range(requests):
            t = time.perf_counter()
            req = urllib.request.Request(url, data=body, headers={"Accept": "application/sparql-results+json"})
            with urllib.request.urlopen(req, timeout=300) as resp:
                resp.read()
            times.append(time.perf_counter() - t)
            peak = max(peak, tree_rss_mib(proc.pid))
            if limit_mib is not None and peak > limit_mib:
                return {"startup_s": ready, "stopped_at_mib": peak, "requests": len(times)}
        return {"startup_s": ready, "p50_s": percentile(times, 50), "p99_s": percentile(times, 99), "requests": requests,
                "startup_mib": startup_mib, "peak_mib": peak}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def measure(n: int, args, row: dict, publish) -> None:
    """Fill ``row`` with the figures of N claims; ``publish`` the results after each step
    (the tables show what a row has), so a run stopped later keeps them.

    From ``--guard-min`` claims every step runs under the memory guard (``bench/guard.py``):
    a step stopped by it (or failing) is recorded with where it stood, the parts that need
    its output are listed under ``skipped`` with the reason, and the run goes on. Above
    ``--in-memory-max`` claims the in-process steps never hold every quad at once
    (``bench/steps.py --streamed``). A part not run at this size is listed under ``skipped``."""
    project = Path(args.work) / f"n{n}"
    sources = max(1, n // 100)
    row.update({"claims": n, "sources": sources})
    skipped: dict[str, str] = row.setdefault("skipped", {})
    limit = args.limit_gib * 1024 if n >= args.guard_min else None

    def guard(cmd: list[str], stdout=subprocess.DEVNULL) -> dict:
        return guarded(cmd, limit, args.reserve_gib * 1024, stdout=stdout)
    in_guard = guard if limit is not None else None  # for step_json

    def step(name: str, cmd: list[str]) -> bool:
        log(f"N={n}: {name}")
        row[name] = run(cmd) if limit is None else guard(cmd)
        if not finished(row[name]):
            log(f"N={n}: {name} " + (f"stopped at {row[name]['stopped_at_mib']:,.0f} MiB" if "stopped_at_mib" in row[name]
                                      else f"failed: {row[name]['failed'][-300:]}"))
        publish()  # after every step: a run stopped in a later one (a size of hours) keeps this one
        return finished(row[name])

    if not step("synth", cli(project, "synth", "--claims", str(n), "--sources", str(sources), "--seed", str(args.seed),
                             "--out", str(project))):
        skipped["all"] = "synth did not finish"
        return
    for name, extra in (("validate", []), ("build", ["--out", str(project / "out")]),
                        ("report", ["--out", str(project / "report")])):
        if extra:  # a full run: a set left by an earlier run would be updated instead (the store from the
            shutil.rmtree(extra[-1], ignore_errors=True)  # previous one, unchanged pages linked)
        step(name, cli(project, name, *extra))
    built = finished(row["build"])
    streamed = ["--streamed", "--chunk", str(args.chunk_quads)] if n > args.in_memory_max else []
    if streamed:
        skipped["in-memory exports and near-limit"] = (f"above --in-memory-max ({args.in_memory_max:,} claims): "
                                                        "streamed instead")
    if built:
        step("query_cli", cli(project, "query", str(args.query), "--format", "csv",
                              "--dataset", str(project / "out" / "hengyang.nq")))
        log(f"N={n}: endpoint")
        row["endpoint"] = attempt(lambda: endpoint(project, args.query, args.requests, limit), limit is not None)
        publish()
    else:
        skipped["query, endpoint, near-limit, baselines"] = "build did not finish"
    log(f"N={n}: exports one by one" + (" (streamed)" if streamed else ""))
    row["exports"] = step_json("exports", project, args.query, *streamed[:1], guard=in_guard)
    publish()
    if built:
        log(f"N={n}: near-limit (pyoxigraph bulk load and dump)" + (" (a part at a time)" if streamed else ""))
        row["near_limit"] = step_json("near_limit", project, args.query, *streamed, guard=in_guard)
        row["bytes"] = {p.name: p.stat().st_size for p in sorted((project / "out").glob("hengyang.*"))}
    publish()
    if not built:
        return
    if n > args.rdflib_max:
        skipped["rdflib baseline"] = f"above --rdflib-max ({args.rdflib_max:,} claims)"
    else:
        log(f"N={n}: rdflib baseline")
        row["rdflib"] = step_json("rdflib", project, args.query, str(args.rdflib_cap), guard=in_guard)
        publish()
    if n > args.external_max:
        skipped["external engines"] = f"above --external-max ({args.external_max:,} claims)"
    else:
        log(f"N={n}: external engines")
        row["external"] = external(project, args.external_timeout)
        publish()
    if n > args.incremental_max:
        skipped["incremental rebuild"] = f"above --incremental-max ({args.incremental_max:,} claims)"
        return
    log(f"N={n}: incremental rebuild")
    cache = os.environ.get("HENGYANG_KG_CACHE")  # the measure sets its own: the next sizes keep the run's
    try:
        row["incremental_rebuild"] = attempt(lambda: incremental.measure(
            project, Path(args.work), run, cli, log, check=n <= args.incremental_check_max), limit is not None)
    finally:
        os.environ.pop("HENGYANG_KG_CACHE", None)
        if cache is not None:
            os.environ["HENGYANG_KG_CACHE"] = cache


def attempt(fn, keep_going: bool) -> dict:
    """``fn()``; with ``keep_going`` (a guarded size), its failure recorded instead of raised."""
    if not keep_going:
        return fn()
    try:
        return fn()
    except Exception as exc:  # noqa: BLE001 - recorded in the results, the run goes on
        log(f"failed: {exc}")
        return {"failed": f"{type(exc).__name__}: {exc}"[-2000:]}


def external(project: Path, timeout: float) -> dict:
    """``bench/external.py`` on the built corpus, each loading stopped after ``timeout`` seconds;
    what finished, also when the whole run is stopped (after every loading's time) or fails."""
    out = project / ".external.json"
    out.unlink(missing_ok=True)
    cmd = [sys.executable, str(ROOT / "bench" / "external.py"), str(project), "--timeout", str(timeout),
           "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    try:
        _, err = proc.communicate(timeout=6 * timeout + 600)
    except subprocess.TimeoutExpired:
        proc.terminate()  # external.py stops its servers on SIGTERM
        _, err = proc.communicate(timeout=120)
    got = json.loads(out.read_text()) if out.exists() else {}
    if proc.returncode != 0:
        got["error"] = err.decode(errors="replace").strip().splitlines()[-1:] or [f"exit {proc.returncode}"]
    return got


def machine() -> dict:
    cpu = next((ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines()
                if ln.startswith("model name")), platform.processor())
    mem = next(int(ln.split()[1]) for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal"))
    import pyoxigraph
    import rdflib
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**20, 1), "os": platform.platform(),
            "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__, "rdflib": rdflib.__version__,
            "load_average": os.getloadavg()}


def write_results(result: dict, out: Path, readme: bool) -> None:
    """The targets judged on ``result``; bench.json, bench.md and bench.png in ``out``; with
    ``readme``, the same in docs/bench/ and the tables in README.md."""
    result["targets"] = evaluate(result["rows"])
    (out / "bench.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(markdown(result), encoding="utf-8")
    chart(result, out / "bench.png")
    if readme:  # after every size, so a run stopped later keeps what it measured
        docs = ROOT / "docs" / "bench"
        docs.mkdir(parents=True, exist_ok=True)
        for name in ("bench.json", "bench.md", "bench.png"):
            if (out / name).exists():
                (docs / name).write_bytes((out / name).read_bytes())
        splice_readme(ROOT / "README.md", markdown(result))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,10000,100000,1000000", help="claims per corpus, comma-separated")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--work", default=str(ROOT / "bench" / "results" / "work"), help="where the corpora are written")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results"), help="where bench.json, .md and .png go")
    ap.add_argument("--query", type=Path, default=DEFAULT_QUERY, help="the cookbook query to time")
    ap.add_argument("--requests", type=int, default=30, help="requests to the endpoint per size")
    ap.add_argument("--rdflib-max", type=int, default=100_000, help="largest N for the rdflib baseline (slow)")
    ap.add_argument("--rdflib-cap", type=float, default=300.0,
                    help="CPU seconds after which each part of the rdflib baseline is stopped (a lower bound)")
    ap.add_argument("--external-max", type=int, default=100_000,
                    help="largest N loaded into the external engines (Oxigraph server, Virtuoso)")
    ap.add_argument("--external-timeout", type=float, default=1800.0,
                    help="seconds for each loading of an external engine, with its check")
    ap.add_argument("--readme", action="store_true",
                    help="put the table into README.md and the figures and chart into docs/bench/")
    ap.add_argument("--incremental-max", type=int, default=100_000, help="largest N for the incremental rebuild")
    ap.add_argument("--in-memory-max", type=int, default=200_000,
                    help="largest N whose exports and near-limit hold every quad in memory (above: streamed)")
    ap.add_argument("--chunk-quads", type=int, default=1_000_000,
                    help="above --in-memory-max: quads of the near-limit's store in memory at a time")
    ap.add_argument("--guard-min", type=int, default=1_000_000,
                    help="smallest N whose steps run under the memory guard (stopped, recorded, the run goes on)")
    ap.add_argument("--limit-gib", type=float, default=20.0,
                    help="the memory guard: stop a step whose resident memory passes this")
    ap.add_argument("--reserve-gib", type=float, default=2.0,
                    help="the memory guard: stop a step when the machine has less memory available than this")
    ap.add_argument("--incremental-check-max", type=int, default=10_000,
                    help="largest N whose incremental outputs are compared with a run without the cache (slow)")
    ap.add_argument("--render", type=Path, default=None,
                    help="measure nothing: judge the targets and write the tables again from this bench.json")
    args = ap.parse_args()
    out = Path(args.out)
    if args.render:
        result = json.loads(args.render.read_text(encoding="utf-8"))
        out.mkdir(parents=True, exist_ok=True)
        write_results(result, out, args.readme)
        print(markdown(result))
        return
    os.environ.setdefault("HENGYANG_KG_CACHE", "off")  # full runs; bench/incremental.py measures the cache
    out.mkdir(parents=True, exist_ok=True)
    result = {"machine": machine(), "query": str(args.query.relative_to(ROOT)), "rows": [],
              "started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())}
    t0 = time.perf_counter()

    def publish() -> None:
        result["minutes"] = round((time.perf_counter() - t0) / 60)
        write_results(result, out, args.readme)
    for n in [int(x) for x in args.sizes.split(",")]:
        row: dict = {}
        result["rows"].append(row)
        measure(n, args, row, publish)
        publish()
        log(f"N={n}: done; results in {out}")
    print(markdown(result))


if __name__ == "__main__":
    main()
