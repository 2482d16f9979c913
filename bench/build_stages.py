"""CPU time of each stage of ``build``, the command itself run in this process.

    HENGYANG_KG_CACHE=off python bench/build_stages.py PROJECT_DIR [--out DIR]

Runs ``hengyang-kg --root PROJECT_DIR build --out DIR`` (``DIR`` removed first, so the
build is a full one: an existing set would have its store updated instead of bulk-loaded;
by default ``PROJECT_DIR/out-stages``, removed afterwards) and prints one JSON object: the CPU time (user +
system, every thread of the process) of the program's imports, hashing the inputs,
loading and checking the data, reconciling, writing the five exports (generating the
quads and serialising them), the on-disk store's bulk load, ``store.json``, and the whole.
The stages are timed by wrapping the functions ``build`` calls, so what runs is the
command as a user runs it.
"""

from __future__ import annotations

import contextlib
import json
import resource
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


TIMES: dict[str, float] = {}


def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def run(*args: Any, **kwargs: Any) -> Any:
        start = cpu()
        try:
            return fn(*args, **kwargs)
        finally:
            TIMES[name] = TIMES.get(name, 0.0) + cpu() - start
    return run


def main() -> None:
    project = Path(sys.argv[1])
    out = Path(sys.argv[sys.argv.index("--out") + 1]) if "--out" in sys.argv else project / "out-stages"
    start = cpu()
    import hengyang_kg.reconcile  # noqa: F401  (the package: hengyang_kg.reconcile is also a function's name)
    from hengyang_kg import datasets
    from hengyang_kg.cli import main as cli
    from hengyang_kg.rdf.stream import Exports
    TIMES["imports"] = cpu() - start

    pipeline = sys.modules["hengyang_kg.reconcile"]  # the package, whose reconcile build_set imports
    datasets.input_hashes = timed("input_hashes", datasets.input_hashes)  # type: ignore[attr-defined]
    datasets.load_corpus = timed("load_and_validate", datasets.load_corpus)  # type: ignore[misc]
    pipeline.reconcile = timed("reconcile", pipeline.reconcile)  # type: ignore[attr-defined]
    Exports.write = timed("exports", Exports.write)  # type: ignore[method-assign]
    artefacts = datasets.store_artefacts

    def store_artefacts(*args: Any, **kwargs: Any) -> dict:
        return {name: timed(name, make) for name, make in artefacts(*args, **kwargs).items()}
    datasets.store_artefacts = store_artefacts  # type: ignore[assignment]

    shutil.rmtree(out, ignore_errors=True)
    begun = cpu()
    with contextlib.redirect_stdout(sys.stderr):  # the paths it wrote
        code = cli(["--root", str(project), "--quiet", "build", "--out", str(out)])
    if code != 0:
        raise SystemExit("build failed")
    TIMES["build"] = cpu() - begun
    TIMES["process"] = cpu()
    if "--out" not in sys.argv:
        shutil.rmtree(out, ignore_errors=True)
    print(json.dumps({k: round(v, 3) for k, v in TIMES.items()}))


if __name__ == "__main__":
    main()
