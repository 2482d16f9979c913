"""The benchmark's figures as targets met or missed, a Markdown table and a log-log chart."""

from __future__ import annotations

import re
from pathlib import Path

GROWTH_MAX = 12  # 10× the claims: linear is 10×
BUILD_OVER_FLOOR_MAX = 1.5
RDFLIB_OVER_BUILD_MIN = 4
EXPORT_OVER_DUMP_MAX = 2
QUERY_CLI_MAX_S = 1.5
EXPORTS = ("trig", "nquads", "turtle", "jsonld")


def _row(rows: list[dict], n: int) -> dict | None:
    return next((r for r in rows if r["claims"] == n), None)


def t(r: dict, step: str, part: str | None = None, cpu: bool = False) -> float:
    """A time of a row: a command's (``step``) or an in-process part of a step."""
    if part is None:
        return r[step]["cpu_s" if cpu else "s"]
    return r[step][part + ("_cpu" if cpu else "")]


def build_floor(r: dict, cpu: bool = False) -> float:
    """What any build must spend: load and check the data, generate the quads (in process),
    and pyoxigraph's raw bulk load of them."""
    return sum(t(r, "exports", p, cpu) for p in ("load_and_validate", "reconcile", "quads")) + \
        t(r, "near_limit", "bulk_load", cpu)


def rdflib_build(r: dict, cpu: bool = False) -> float | None:
    """The same build with rdflib: the same quad generation, an rdflib Dataset, its N-Quads."""
    if "rdflib" not in r:
        return None
    return sum(t(r, "exports", p, cpu) for p in ("load_and_validate", "reconcile", "quads")) + \
        t(r, "rdflib", "build", cpu) + t(r, "rdflib", "nquads", cpu)


def raw_dump(r: dict, fmt: str, cpu: bool = False) -> float:
    return t(r, "near_limit", fmt, cpu) + (t(r, "near_limit", "union_for_turtle", cpu) if fmt == "turtle" else 0)


def evaluate(rows: list[dict]) -> list[dict]:
    """The targets of the scale issue, each with its figure in wall time and in CPU time;
    met or not is judged on CPU time, which contention on a shared machine does not inflate."""
    out = []

    def target(name: str, fig, limit: float, at_most: bool = True, unit: str = "×") -> None:
        try:
            wall, cpu = fig(False), fig(True)
        except (KeyError, TypeError):
            return
        out.append({"target": name, "wall": round(wall, 3), "cpu": round(cpu, 3), "limit": limit, "unit": unit,
                    "at_most": at_most, "met": cpu <= limit if at_most else cpu >= limit})
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
        target(f"build ÷ (load + quads + pyoxigraph bulk load), {n:,} claims",
               lambda c, r=r: t(r, "build", cpu=c) / build_floor(r, c), BUILD_OVER_FLOOR_MAX)
        target(f"rdflib build ÷ our build, {n:,} claims", lambda c, r=r: rdflib_build(r, c) / t(r, "build", cpu=c),
               RDFLIB_OVER_BUILD_MIN, at_most=False)
        for fmt in EXPORTS:
            target(f"export {fmt} ÷ pyoxigraph's dump, {n:,} claims",
                   lambda c, r=r, fmt=fmt: t(r, "exports", fmt, c) / raw_dump(r, fmt, c), EXPORT_OVER_DUMP_MAX)
    if big:
        target("cookbook query from the command line, 100,000 claims", lambda c: t(big, "query_cli", cpu=c),
               QUERY_CLI_MAX_S, unit="s")
    top = _row(rows, 1_000_000)
    if top:
        for step in ("build", "report"):
            target(f"{step} peak memory, 1,000,000 claims", lambda c, step=step: top[step]["peak_mib"] / 1024, 24,
                   unit="GiB")
    return out


def _s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.2f} s" if x < 100 else f"{x:,.0f} s"


def markdown(result: dict) -> str:
    m, rows = result["machine"], result["rows"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB; {m['os']}; Python {m['python']}, "
        f"pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}; load average at the start {m['load_average'][0]:.1f}. "
        f"Query: `{result['query']}`.",
        "",
        "Commands: wall time (CPU time).",
        "",
        "| claims | sources | quads | validate | build | report | query (CLI) | endpoint p50 / p99 | "
        "peak memory build / report |",
        "|---|---|---|---|---|---|---|---|---|",
    ]

    def both(x: dict) -> str:
        return f"{_s(x['s'])} ({_s(x.get('cpu_s'))})"
    for r in rows:
        e = r["endpoint"]
        lines.append(f"| {r['claims']:,} | {r['sources']:,} | {r['exports']['quads_count']:,} | {both(r['validate'])} | "
                     f"{both(r['build'])} | {both(r['report'])} | {both(r['query_cli'])} | "
                     f"{e['p50_s'] * 1000:.0f} / {e['p99_s'] * 1000:.0f} ms | "
                     f"{r['build']['peak_mib']:,.0f} / {r['report']['peak_mib']:,.0f} MiB |")
    lines += ["", "In the same run, the same quads (in-process CPU times; exports ours / pyoxigraph's raw dump):", "",
              "| claims | load + validate | reconcile | quads | TriG | N-Quads | Turtle | JSON-LD | "
              "pyoxigraph bulk load | rdflib Dataset | rdflib N-Quads | rdflib TriG | rdflib query |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e, b = r["exports"], r.get("rdflib", {})
        ex = " | ".join(f"{_s(e[f + '_cpu'])} / {_s(raw_dump(r, f, True))}" for f in EXPORTS)
        lines.append(f"| {r['claims']:,} | {_s(e['load_and_validate_cpu'])} | {_s(e['reconcile_cpu'])} | "
                     f"{_s(e['quads_cpu'])} | {ex} | {_s(r['near_limit']['bulk_load_cpu'])} | {_s(b.get('build_cpu'))} | "
                     f"{_s(b.get('nquads_cpu'))} | {_s(b.get('trig_cpu'))} | {_s(b.get('query_cpu'))} |")
    if result.get("targets"):
        lines += ["", "| target | wall | CPU | limit | met (on CPU) |", "|---|---|---|---|---|"]
        for x in result["targets"]:
            lines.append(f"| {x['target']} | {x['wall']:.2f} {x['unit']} | {x['cpu']:.2f} {x['unit']} | "
                         f"{'≤' if x['at_most'] else '≥'} {x['limit']} {x['unit']} | {'yes' if x['met'] else '**no**'} |")
    return "\n".join(lines) + "\n"


def chart(result: dict, path: Path) -> None:
    """Time against N, log-log: our steps, the near-limit and the rdflib baseline."""
    try:
        import matplotlib
    except ImportError:  # the bench extra is not installed: JSON and Markdown only
        return
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = result["rows"]
    ns = [r["claims"] for r in rows]
    series = {
        "validate": [t(r, "validate", cpu=True) for r in rows],
        "build": [t(r, "build", cpu=True) for r in rows],
        "report": [t(r, "report", cpu=True) for r in rows],
        "query (CLI)": [t(r, "query_cli", cpu=True) for r in rows],
        "pyoxigraph bulk load (near-limit)": [t(r, "near_limit", "bulk_load", True) for r in rows],
        "rdflib build (baseline)": [rdflib_build(r, True) for r in rows],
    }
    fig, ax = plt.subplots(figsize=(7, 4.5), dpi=110)
    for label, ys in series.items():
        pts = [(n, y) for n, y in zip(ns, ys) if y]
        if pts:
            ax.plot(*zip(*pts), marker="o", label=label, linestyle="--" if "(" in label and "CLI" not in label else "-")
    if len(ns) > 1:
        y0 = series["build"][0]
        ax.plot([ns[0], ns[-1]], [y0, y0 * ns[-1] / ns[0]], color="grey", linewidth=0.8, label="linear (from build)")
    ax.set_xscale("log")
    ax.set_yscale("log")
    ax.set_xlabel("claims (sources = claims / 100)")
    ax.set_ylabel("CPU seconds")
    ax.grid(True, which="both", linewidth=0.3)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)


def splice_readme(readme: Path, table: str) -> None:
    """Replace the text between the benchmark markers of the README."""
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- bench:start -->\n).*?(<!-- bench:end -->)", lambda m: m.group(1) + table + m.group(2),
                 text, flags=re.S)
    readme.write_text(new, encoding="utf-8")
