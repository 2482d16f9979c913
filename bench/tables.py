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


def build_floor(r: dict) -> float:
    """What any build must spend: load and check the data, generate the quads (in process),
    and pyoxigraph's raw bulk load of them."""
    e = r["exports"]
    return e["load_and_validate"] + e["reconcile"] + e["quads"] + r["near_limit"]["bulk_load"]


def rdflib_build(r: dict) -> float | None:
    """The same build with rdflib: the same quad generation, an rdflib Dataset, its N-Quads."""
    if "rdflib" not in r:
        return None
    e, b = r["exports"], r["rdflib"]
    return e["load_and_validate"] + e["reconcile"] + e["quads"] + b["build"] + b["nquads"]


def raw_dump(r: dict, fmt: str) -> float:
    nl = r["near_limit"]
    return nl[fmt] + (nl["union_for_turtle"] if fmt == "turtle" else 0)


def evaluate(rows: list[dict]) -> list[dict]:
    """The targets of the scale issue, each with its figure and whether it is met."""
    out = []

    def target(name: str, value: float | None, limit: float, at_most: bool = True, unit: str = "×") -> None:
        if value is not None:
            out.append({"target": name, "value": round(value, 3), "limit": limit, "unit": unit,
                        "met": value <= limit if at_most else value >= limit})
    small, big = _row(rows, 10_000), _row(rows, 100_000)
    if small and big:
        for step in ("validate", "build", "report"):
            target(f"{step}: growth from 10k to 100k claims", big[step]["s"] / small[step]["s"], GROWTH_MAX)
        for fmt in EXPORTS:
            target(f"export {fmt}: growth from 10k to 100k claims", big["exports"][fmt] / small["exports"][fmt], GROWTH_MAX)
    for r in rows:
        n = r["claims"]
        if n not in (10_000, 100_000):
            continue
        target(f"build ÷ (load + quads + pyoxigraph bulk load), {n:,} claims", r["build"]["s"] / build_floor(r),
               BUILD_OVER_FLOOR_MAX)
        rb = rdflib_build(r)
        target(f"rdflib build ÷ our build, {n:,} claims", rb / r["build"]["s"] if rb else None, RDFLIB_OVER_BUILD_MIN,
               at_most=False)
        for fmt in EXPORTS:
            target(f"export {fmt} ÷ pyoxigraph's dump, {n:,} claims", r["exports"][fmt] / raw_dump(r, fmt),
                   EXPORT_OVER_DUMP_MAX)
    if big:
        target("cookbook query from the command line, 100,000 claims", big["query_cli"]["s"], QUERY_CLI_MAX_S, unit="s")
    top = _row(rows, 1_000_000)
    if top:
        for step in ("build", "report"):
            target(f"{step} peak memory, 1,000,000 claims", top[step]["peak_mib"] / 1024, 24, unit="GiB")
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
        "| claims | sources | quads | validate | build | report | query (CLI) | endpoint p50 / p99 | "
        "peak memory build / report |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        e = r["endpoint"]
        lines.append(f"| {r['claims']:,} | {r['sources']:,} | {r['exports']['quads_count']:,} | {_s(r['validate']['s'])} | "
                     f"{_s(r['build']['s'])} | {_s(r['report']['s'])} | {_s(r['query_cli']['s'])} | "
                     f"{e['p50_s'] * 1000:.0f} / {e['p99_s'] * 1000:.0f} ms | "
                     f"{r['build']['peak_mib']:,.0f} / {r['report']['peak_mib']:,.0f} MiB |")
    lines += ["", "In the same run, the same quads (in-process times; exports ours / pyoxigraph's raw dump):", "",
              "| claims | load + validate | reconcile | quads | TriG | N-Quads | Turtle | JSON-LD | "
              "pyoxigraph bulk load | rdflib Dataset | rdflib N-Quads | rdflib TriG | rdflib query |",
              "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        e, b = r["exports"], r.get("rdflib", {})
        ex = " | ".join(f"{_s(e[f])} / {_s(raw_dump(r, f))}" for f in EXPORTS)
        lines.append(f"| {r['claims']:,} | {_s(e['load_and_validate'])} | {_s(e['reconcile'])} | {_s(e['quads'])} | {ex} | "
                     f"{_s(r['near_limit']['bulk_load'])} | {_s(b.get('build'))} | {_s(b.get('nquads'))} | "
                     f"{_s(b.get('trig'))} | {_s(b.get('query'))} |")
    if result.get("targets"):
        lines += ["", "| target | figure | limit | met |", "|---|---|---|---|"]
        for t in result["targets"]:
            lines.append(f"| {t['target']} | {t['value']:.2f} {t['unit']} | {'≤' if t['target'].find('rdflib') < 0 else '≥'} "
                         f"{t['limit']} {t['unit']} | {'yes' if t['met'] else '**no**'} |")
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
        "validate": [r["validate"]["s"] for r in rows],
        "build": [r["build"]["s"] for r in rows],
        "report": [r["report"]["s"] for r in rows],
        "query (CLI)": [r["query_cli"]["s"] for r in rows],
        "pyoxigraph bulk load (near-limit)": [r["near_limit"]["bulk_load"] for r in rows],
        "rdflib build (baseline)": [rdflib_build(r) for r in rows],
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
    ax.set_ylabel("seconds")
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
