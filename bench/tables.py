"""The benchmark's figures as targets met or missed, a Markdown table and a log-log chart."""

from __future__ import annotations

import re
from pathlib import Path

from incremental import markdown as incremental_table

GROWTH_MAX = 12  # 10× the claims: linear is 10×
BUILD_OVER_FLOOR_MAX = 1.5
RDFLIB_OVER_BUILD_MIN = 4
EXPORT_OVER_DUMP_MAX = 2
QUERY_CLI_MAX_S = 1.5
INCREMENTAL_MAX = 0.2  # after one claims file changed, at most a fifth of a full run
EXPORTS = ("trig", "nquads", "turtle", "jsonld")


def _row(rows: list[dict], n: int) -> dict | None:
    return next((r for r in rows if r["claims"] == n), None)


def t(r: dict, step: str, part: str | None = None, cpu: bool = False) -> float:
    """A time of a row: a command's (``step``) or an in-process part of a step. KeyError when
    the step did not run or did not finish (stopped by the memory guard, or failed)."""
    if "stopped_at_mib" in r[step] or "failed" in r[step]:
        raise KeyError(step)
    if part is None:
        return r[step]["cpu_s" if cpu else "s"]
    return r[step][part + ("_cpu" if cpu else "")]


def maybe(fn, *args, **kwargs) -> float | None:
    """``fn(*args, **kwargs)``, or None when a figure it needs is missing."""
    try:
        return fn(*args, **kwargs)
    except (KeyError, TypeError, ZeroDivisionError):
        return None


def build_floor(r: dict, cpu: bool = False, store: str = "bulk_load_disk") -> float:
    """What any build must spend: load and check the data, generate the quads (in process),
    and pyoxigraph's raw bulk load of them: into an on-disk store, as ``build`` writes one
    (``store="bulk_load"``: into memory, the lower floor, shown beside it)."""
    if store not in r["near_limit"]:  # a run from before the on-disk load was measured
        store = "bulk_load"
    return sum(t(r, "exports", p, cpu) for p in ("load_and_validate", "reconcile", "quads")) + \
        t(r, "near_limit", store, cpu)


RDFLIB_PARTS = ("build", "nquads", "trig", "turtle", "jsonld")


def rdflib_build(r: dict, cpu: bool = False) -> float | None:
    """The same build with rdflib: the same quad generation, an rdflib Dataset and its N-Quads,
    TriG, Turtle and JSON-LD. A lower bound when a part was stopped at the cap (or not run:
    after a stopped Dataset), see :func:`rdflib_capped`."""
    if "rdflib" not in r:
        return None
    return sum(t(r, "exports", p, cpu) for p in ("load_and_validate", "reconcile", "quads")) + \
        sum(r["rdflib"].get(p + ("_cpu" if cpu else ""), 0.0) for p in RDFLIB_PARTS)


def rdflib_capped(r: dict) -> bool:
    """Whether :func:`rdflib_build` is a lower bound: a part stopped at the cap, or missing."""
    b = r.get("rdflib", {})
    return bool(b.get("capped")) or any(p not in b for p in RDFLIB_PARTS)


def raw_dump(r: dict, fmt: str, cpu: bool = False) -> float:
    return t(r, "near_limit", fmt, cpu) + (t(r, "near_limit", "union_for_turtle", cpu) if fmt == "turtle" else 0)


def evaluate(rows: list[dict]) -> list[dict]:
    """The targets of the scale issue, each with its figure in wall time and in CPU time;
    met or not is judged on CPU time, which contention on a shared machine does not inflate."""
    out = []

    def target(name: str, fig, limit: float, at_most: bool = True, unit: str = "×", lower_bound: bool = False) -> None:
        try:
            wall, cpu = fig(False), fig(True)
        except (KeyError, TypeError):
            return
        out.append({"target": name, "wall": round(wall, 3), "cpu": round(cpu, 3), "limit": limit, "unit": unit,
                    "at_most": at_most, "met": cpu <= limit if at_most else cpu >= limit,
                    "lower_bound": lower_bound})
    small, big = _row(rows, 10_000), _row(rows, 100_000)
    if small and big:
        for step in ("validate", "build", "report"):
            target(f"{step}: growth from 10k to 100k claims",
                   lambda c, step=step: t(big, step, cpu=c) / t(small, step, cpu=c), GROWTH_MAX)
        for fmt in EXPORTS:
            target(f"export {fmt}: growth from 10k to 100k claims",
                   lambda c, fmt=fmt: t(big, "exports", fmt, c) / t(small, "exports", fmt, c), GROWTH_MAX)
    for r in rows:
        n = r["claims"]
        if n not in (10_000, 100_000):
            continue
        target(f"build ÷ (load + quads + pyoxigraph bulk load to disk), {n:,} claims",
               lambda c, r=r: t(r, "build", cpu=c) / build_floor(r, c), BUILD_OVER_FLOOR_MAX)
        target(f"rdflib build ÷ our build, {n:,} claims", lambda c, r=r: rdflib_build(r, c) / t(r, "build", cpu=c),
               RDFLIB_OVER_BUILD_MIN, at_most=False, lower_bound=rdflib_capped(r))
        for fmt in EXPORTS:
            target(f"export {fmt} ÷ pyoxigraph's dump, {n:,} claims",
                   lambda c, r=r, fmt=fmt: t(r, "exports", fmt, c) / raw_dump(r, fmt, c), EXPORT_OVER_DUMP_MAX)
    if big:
        target("cookbook query from the command line, 100,000 claims", lambda c: t(big, "query_cli", cpu=c),
               QUERY_CLI_MAX_S, unit="s")
    if big and big.get("incremental_rebuild"):
        inc = big["incremental_rebuild"]["ratio"]
        for step in ("build", "report"):
            target(f"{step} after one claims file changed ÷ a full {step}, 100,000 claims",
                   lambda c, step=step: inc[step]["cpu_s" if c else "s"], INCREMENTAL_MAX)
    top = _row(rows, 1_000_000)
    if top:
        for step in ("build", "report"):
            got = top.get(step, {})
            if "stopped_at_mib" in got:  # stopped by the memory guard: it would have needed more
                target(f"{step} peak memory, 1,000,000 claims (stopped)", lambda c, got=got: got["stopped_at_mib"] / 1024,
                       24, unit="GiB", lower_bound=True)
                out[-1]["met"] = False
            elif "failed" not in got:
                target(f"{step} peak memory, 1,000,000 claims", lambda c, step=step: top[step]["peak_mib"] / 1024, 24,
                       unit="GiB")
    return out


def _s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f} s" if x < 100 else f"{x:,.0f} s"


def _gib(mib: float) -> str:
    return f"{mib / 1024:,.1f} GiB" if mib >= 1024 else f"{mib:,.0f} MiB"


def command(r: dict, step: str) -> str:
    """A command's cell: wall time (CPU time), or what became of it."""
    x = r.get(step)
    if x is None:
        return "–"
    if "stopped_at_mib" in x:
        return f"stopped at {_gib(x['stopped_at_mib'])} ({_s(x.get('cpu_s'))} CPU)"
    if "failed" in x:
        return "failed"
    return f"{_s(x['s'])} ({_s(x.get('cpu_s'))}){RERUN_MARK if 'rerun' in x else ''}"


def peak(r: dict, step: str) -> str:
    x = r.get(step)
    if x is None or "failed" in x:
        return "–"
    got = f"> {x['stopped_at_mib']:,.0f}" if "stopped_at_mib" in x else f"{x['peak_mib']:,.0f}"
    return got + (RERUN_MARK if "rerun" in x else "")


RERUN_MARK = "‡"


def _reruns(rows: list[dict]) -> list[str]:
    """A note for each command run again apart from the run (``"rerun"`` in its figures: when,
    and what became of the run's own attempt), so a table never passes one off as the other."""
    said = [f"{RERUN_MARK} {r['claims']:,} claims, `{step}`: run's own attempt {x['rerun']['first']}; run again on the "
            f"same corpus with the same command and memory guard at {x['rerun']['at']}, and these are that run's figures."
            for r in rows for step in STEPS if isinstance(x := r.get(step), dict) and "rerun" in x]
    return ["", *said] if said else []


def endpoint_cells(r: dict) -> tuple[str, str]:
    """p50 / p99 of the endpoint, and its start-up time and the server's memory."""
    e = r.get("endpoint")
    if e is None:
        return "–", "–"
    if "failed" in e:
        return "failed", "–"
    start = f"{_s(e['startup_s'])}, " + (f"{e['peak_mib']:,.0f} MiB" if "peak_mib" in e else "–")
    if "stopped_at_mib" in e:
        return f"stopped at {_gib(e['stopped_at_mib'])}", start
    return f"{e['p50_s'] * 1000:.0f} / {e['p99_s'] * 1000:.0f} ms", start


STREAMED_NOTE = ("† streamed (`bench/steps.py --streamed`, above `--in-memory-max` claims): our exports timed "
                 "format by format on the part-by-part path `build` takes (each format's time summed over the parts, "
                 "not one list of every quad); pyoxigraph's bulk load into memory and its dumps made a part of the "
                 "N-Quads export at a time (a store in memory per part, the figures summed), the Turtle union "
                 "still the whole one.")


def markdown(result: dict) -> str:
    m, rows = result["machine"], sorted(result["rows"], key=lambda r: r["claims"])
    lines = []
    if "started" in result:
        sizes = ", ".join(f"{r['claims']:,}" for r in rows)
        lines += [f"One run of {sizes} claims, started {result['started']}, {result.get('minutes', 0)} minutes.", ""]
    lines += [
        (f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; Python {m['python']}, "
        f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}; load average at the start {m['load_average'][0]:.1f}. "
        f"Query: `{result['query']}`."),
        "",
        "Commands: wall time (CPU time).",
        "",
        ("| claims | sources | quads | validate | build | report | query (CLI) | endpoint p50 / p99 | "
        "endpoint start-up, memory | peak memory build / report |"),
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        quads = r.get("exports", {}).get("quads_count")
        p50, start = endpoint_cells(r)
        lines.append(f"| {r['claims']:,} | {r['sources']:,} | {f'{quads:,}' if quads else '–'} | "
                     f"{command(r, 'validate')} | {command(r, 'build')} | {command(r, 'report')} | "
                     f"{command(r, 'query_cli')} | {p50} | {start} | "
                     f"{peak(r, 'build')} / {peak(r, 'report')} MiB |")
    lines += _reruns(rows)
    lines += ["", "In the same run, the same quads (in-process CPU times; exports ours / pyoxigraph's raw dump):", "",
              ("| claims | load + validate | reconcile | quads | TriG | N-Quads | Turtle | JSON-LD | "
              "pyoxigraph bulk load, memory / disk |"),
              "|---|---|---|---|---|---|---|---|---|"]
    streamed = False
    for r in rows:
        e, near = r.get("exports", {}), r.get("near_limit", {})
        if not e and not near:
            continue
        mark = "†" if e.get("streamed") or near.get("streamed") else ""
        streamed = streamed or bool(mark)

        def ours(part: str, r=r) -> str:
            return _s(maybe(t, r, "exports", part, True)) if "exports" in r else "–"
        ex = " | ".join(f"{ours(f)} / {_s(maybe(raw_dump, r, f, True))}" for f in EXPORTS)
        lines.append(f"| {r['claims']:,}{mark} | {ours('load_and_validate')} | {ours('reconcile')} | "
                     f"{ours('quads')} | {ex} | {_s(maybe(t, r, 'near_limit', 'bulk_load', True))} / "
                     f"{_s(maybe(t, r, 'near_limit', 'bulk_load_disk', True))} |")
    if streamed:
        lines += ["", STREAMED_NOTE]
    lines += _rdflib_table(rows) + _external_table(rows)
    done = [r for r in rows if "ratio" in (r.get("incremental_rebuild") or {})]
    if done:
        lines += ["", ("The incremental rebuild (`bench/incremental.py`: a curator's note added to one claim of "
                       "one claims file, then `build` and `report` with the cache of the full run before):"), "",
                  *incremental_table(done).splitlines()]
    lines += _not_run(rows)
    if result.get("targets"):
        lines += ["", "| target | wall | CPU | limit | met (on CPU) |", "|---|---|---|---|---|"]
        for x in result["targets"]:
            bound = "≥ " if x.get("lower_bound") else ""
            lines.append(f"| {x['target']} | {bound}{x['wall']:.2f} {x['unit']} | {bound}{x['cpu']:.2f} {x['unit']} | "
                         f"{'≤' if x['at_most'] else '≥'} {x['limit']} {x['unit']} | {'yes' if x['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


STEPS = ("synth", "validate", "build", "report", "query_cli", "endpoint", "exports", "near_limit", "rdflib",
         "external", "incremental_rebuild")


def _not_run(rows: list[dict]) -> list[str]:
    """For each size: the parts stopped by the memory guard (with where they stood), failed,
    or not run (and why)."""
    lines = []
    for r in rows:
        said = []
        for step in STEPS:
            x = r.get(step) or {}
            if "stopped_at_mib" in x:
                said.append(f"{step} stopped by the memory guard at {x['stopped_at_mib']:,.0f} MiB"
                            + (f" after {_s(x['cpu_s'])} of CPU" if "cpu_s" in x else ""))
            elif "failed" in x:
                said.append(f"{step} failed ({str(x['failed']).strip().splitlines()[-1][:200] if x['failed'] else '?'})")
        said += [f"{what} not run: {why}" for what, why in r.get("skipped", {}).items() if "streamed" not in why]
        if said:
            lines.append(f"- {r['claims']:,} claims: " + "; ".join(said) + ".")
    return ["", "Not measured in this run:", "", *lines] if lines else []


def _rdflib_table(rows: list[dict]) -> list[str]:
    """The rdflib baseline part by part (CPU; "> x s": stopped at the cap after x s)."""
    rows = [r for r in rows if "rdflib" in r]
    if not rows:
        return []
    cap = rows[0]["rdflib"].get("cap_s")
    lines = ["", (f"The rdflib baseline on the same quads (CPU; each part stopped after {cap:,.0f} s of CPU: "
             "\"> x s\" is a lower bound). Its build is our load + reconcile + quads above plus these parts:"), "",
             ("| claims | rdflib Dataset | N-Quads | TriG | Turtle | JSON-LD | query | rdflib build | our build | "
             "rdflib ÷ ours |"),
             "|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        b = r["rdflib"]
        cells = [("> " if p in b.get("capped", ()) else "") + _s(b.get(p + "_cpu")) for p in (*RDFLIB_PARTS, "query")]
        bound = "≥ " if rdflib_capped(r) else ""
        ours = t(r, "build", cpu=True)
        whole = rdflib_build(r, True) or 0.0
        lines.append(f"| {r['claims']:,} | {' | '.join(cells)} | {bound}{_s(whole)} | {_s(ours)} | "
                     f"{bound}{whole / ours:.1f} × |")
    return lines


EXTERNAL = (("oxigraph_bulk", "Oxigraph `load`"), ("oxigraph_dataset", "Oxigraph push, whole dataset"),
            ("oxigraph_graphs", "Oxigraph push, per graph"), ("virtuoso_bulk", "Virtuoso bulk loader"),
            ("virtuoso_graphs", "Virtuoso push, per graph"))


def _external_table(rows: list[dict]) -> list[str]:
    """Loading into the external engines (wall time, the cookbook answers equal to ours)."""
    rows = [r for r in rows if r.get("external")]
    if not rows:
        return []
    lines = ["", ("The same dataset into external engines (wall time of the loading; cookbook queries answered as "
             "the embedded store; \"> x s\": stopped after x s):"), "",
             "| claims | named graphs | embedded bulk load | " + " | ".join(name for _, name in EXTERNAL) + " |",
             "|---|---|---|" + "---|" * len(EXTERNAL)]
    for r in rows:
        x = r["external"]
        cells = []
        for key, _ in EXTERNAL:
            got = x.get(key)
            if got is None:
                cells.append("–")
            elif "timed_out_s" in got:
                where = (f"loading: {got['pushed']:,} of {got['of']:,} " + ("graphs" if "graphs" in key else "quads")
                         if got.get("step") == "load" and "pushed" in got else "loading" if got.get("step") == "load"
                         else f"checking, loaded in {_s(got.get('s'))}")
                cells.append(f"> {_s(got['timed_out_s'])} ({where})")
            else:
                cells.append(f"{_s(got['s'])}, {got['same_answers']}/{got['queries']} equal")
        lines.append(f"| {r['claims']:,} | {x.get('graphs', 0):,} | {_s(x.get('embedded_bulk_load_s'))} | "
                     f"{' | '.join(cells)} |")
        if x.get("error"):
            lines.append(f"| | | | {' '.join(x['error'])} |")
    return lines


def chart(result: dict, path: Path) -> None:
    """Time against N, log-log: our steps, the near-limit and the rdflib baseline."""
    try:
        import matplotlib
    except ImportError:  # the bench extra is not installed: JSON and Markdown only
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = sorted(result["rows"], key=lambda r: r["claims"])
    ns = [r["claims"] for r in rows]
    series = {
        "validate": [maybe(t, r, "validate", cpu=True) for r in rows],
        "build": [maybe(t, r, "build", cpu=True) for r in rows],
        "report": [maybe(t, r, "report", cpu=True) for r in rows],
        "query (CLI)": [maybe(t, r, "query_cli", cpu=True) for r in rows],
        "pyoxigraph bulk load (near-limit)": [maybe(t, r, "near_limit", "bulk_load", True) for r in rows],
        "rdflib build (baseline)": [maybe(rdflib_build, r, True) for r in rows],
    }
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for label, ys in series.items():
        pts = [(n, y) for n, y in zip(ns, ys) if y]
        if pts:
            ax.plot(*zip(*pts), marker="o", label=label, linestyle="--" if "(" in label and "CLI" not in label else "-")
    if len(ns) > 1 and series["build"][0]:
        y0 = series["build"][0]
        ax.plot([ns[0], ns[-1]], [y0, y0 * ns[-1] / ns[0]], color="grey", linewidth=0.8, label="linear (from build)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("claims (sources = claims / 100)")
    ax.set_ylabel("CPU seconds")
    ax.grid(True, which="both", linewidth=0.3)
    if ax.get_legend_handles_labels()[0]:  # a run published before its first step ended has no line yet
        ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def splice_readme(readme: Path, table: str) -> None:
    """Replace the text between the benchmark markers of the README."""
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", lambda m: m.group(1) + table + m.group(2),
                 text, flags=re.DOTALL)
    readme.write_text(new, encoding="utf-8")
