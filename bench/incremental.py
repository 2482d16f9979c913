"""Incremental rebuild through the real program: after one claims file changes, ``build``
and ``report`` against a full run of the same commands.

On a copy of a synthetic project: a full ``build`` and ``report``, each with an empty cache
of loaded claims files (what a first run or ``rm -rf .hengyang-kg-cache`` gives), then one
claims file is edited (a curator's note added to one claim), then ``build`` and
``report`` again with the cache the full run left. With ``check`` the outputs are compared
byte for byte with a full run without the cache (``HENGYANG_KG_CACHE=off``). Called by
``bench/bench.py`` for each N; alone:

    python bench/incremental.py PROJECT [--work DIR] [--no-check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

BENCH = Path(__file__).resolve().parent
STEPS = ("build", "report")


def edit_one_claims_file(project: Path) -> str:
    """Add a curator's note to the first claim of the middle claims file; its name."""
    files = sorted((project / "data" / "claims").glob("*.yaml"))
    path = files[len(files) // 2]
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("- id: "))
    lines.insert(at + 1, '  note: "checked again against the source"\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path.relative_to(project).as_posix()


def outputs(out: Path) -> dict[str, str]:
    """Every output file's hash, but the store and the manifest (their bytes carry ids and
    times of the database; the store's quads are those of hengyang.nq)."""
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in ("manifest.json", "store.json") and "store" not in p.relative_to(out).parts}


def measure(project: Path, work: Path, run: Callable[..., dict], cli: Callable[..., list[str]],
            log: Callable[..., None] = print, check: bool = True) -> dict:
    """Full and incremental ``build`` and ``report`` on a copy of ``project``'s data."""
    copy = work / f"{project.name}-incremental"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(project / "data", copy / "data")
    out = copy / "out"
    try:
        row: dict = {"full": {}, "incremental": {}}
        for step in STEPS:  # each step with a cache of its own, so each full run starts empty
            os.environ["HENGYANG_KG_CACHE"] = str(copy / "cache" / step)
            log(f"incremental: full {step}")
            row["full"][step] = run(cli(copy, step, "--out", str(out)))
        row["edited"] = edit_one_claims_file(copy)
        for step in STEPS:
            os.environ["HENGYANG_KG_CACHE"] = str(copy / "cache" / step)
            log(f"incremental: {step} after editing {row['edited']}")
            row["incremental"][step] = run(cli(copy, step, "--out", str(out)))
        row["store_updated"] = "updated_from" in json.loads((out / "store.json").read_text(encoding="utf-8"))
        if check:
            os.environ["HENGYANG_KG_CACHE"] = "off"
            for step in STEPS:
                log(f"incremental: {step} without the cache, to compare")
                run(cli(copy, step, "--out", str(copy / "full")))
            row["identical"] = outputs(out) == outputs(copy / "full")
    finally:
        os.environ.pop("HENGYANG_KG_CACHE", None)
    row["ratio"] = {step: {k: row["incremental"][step][k] / row["full"][step][k] for k in ("s", "cpu_s")}
                    for step in STEPS}
    shutil.rmtree(copy, ignore_errors=True)
    return row


def markdown(rows: list[dict]) -> str:
    lines = ["| claims | step | full: wall (CPU) | after one claims file changed: wall (CPU) | ratio (CPU) |",
             "|---|---|---|---|---|"]
    for r in rows:
        inc = r.get("incremental_rebuild")
        if not inc:
            continue
        for step in STEPS:
            f, i = inc["full"][step], inc["incremental"][step]
            lines.append(f"| {r['claims']:,} | {step} | {f['s']:.2f} s ({f['cpu_s']:.2f} s) | "
                         f"{i['s']:.2f} s ({i['cpu_s']:.2f} s) | {inc['ratio'][step]['cpu_s']:.0%} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("project", type=Path, help="a project directory written by hengyang-kg synth")
    ap.add_argument("--work", type=Path, default=None, help="where the copy is made (default: beside the project)")
    ap.add_argument("--no-check", action="store_true", help="skip the byte-for-byte comparison with a full run")
    args = ap.parse_args()
    sys.path.insert(0, str(BENCH))
    from bench import cli, log, run  # noqa: PLC0415 - bench.py imports this module too

    project = args.project.resolve()
    row = measure(project, args.work or project.parent, run, cli, log, check=not args.no_check)
    print(json.dumps(row, indent=1))


if __name__ == "__main__":
    main()
