"""What the work-overlap check adds to ``validate``, measured in one run.

For each synthetic corpus size: the corpus is written by ``hengyang-kg synth`` (claims,
sources = claims / 100, seed 1), loaded once (``load_corpus``: everything ``validate``
checks, the work-overlap check included), and the check is timed again alone, with the
index it uses and with the pairwise comparison it replaced (every two attributed claims of
one value and subject), on the same claims. Then the worst case of the pairwise form: a
crowd of ``--crowd`` claims giving one value about one subject, each citing its own work in
its own source, in quotes that share nothing. CPU seconds (``time.process_time``), best of
``--repeat``.

    python bench/works_check.py --claims 10000,100000 --crowd 250,1000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hengyang_kg.curation.claims import Located  # noqa: E402
from hengyang_kg.curation.loader import load_corpus  # noqa: E402
from hengyang_kg.curation.schema import Entity  # noqa: E402
from hengyang_kg.curation.works import MIN_SHARED, bare_passage, overlapping_works  # noqa: E402
from hengyang_kg.synth import Plan, write_project  # noqa: E402


def pairwise(claims: list[Located], entities: dict[str, Entity]) -> int:
    """The baseline: every two attributed claims of one value and subject, their quotes compared
    with difflib (as the check did before it had an index); the number of pairs of works found."""
    from difflib import SequenceMatcher

    groups: dict[tuple[str, str], list[Located]] = defaultdict(list)
    for c in claims:
        w = c.claim.attributed_to
        if w and w in entities and entities[w].type == "Work":
            groups[(c.claim.subject, bare_passage(c.claim.value))].append(c)
    found = set()
    for group in groups.values():
        for x in group:
            for y in group:
                a, b = x.claim.attributed_to or "", y.claim.attributed_to or ""
                if a < b and x.source != y.source and (a, b) not in found:
                    ta, tb = bare_passage(x.exact), bare_passage(y.exact)
                    m = SequenceMatcher(None, ta, tb, autojunk=False).find_longest_match(0, len(ta), 0, len(tb))
                    if m.size >= MIN_SHARED:
                        found.add((a, b))
    return len(found)


def crowd(n: int) -> tuple[list[Any], dict[str, Any]]:
    """``n`` claims of one value and subject, each of its own work and source, quotes of 40
    random characters around the value (so no two share a passage)."""
    rng = random.Random(n)
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    claims = [SimpleNamespace(
        claim=SimpleNamespace(id=f"c{k:05d}", attributed_to=f"work_{k:05d}", value="四十余天", subject="siege"),
        source=f"{k:05d}_s", exact="".join(rng.choices(chars, k=20)) + "四十余天" + "".join(rng.choices(chars, k=20)),
        file="x.yaml", line=1) for k in range(n)]
    return claims, {f"work_{k:05d}": SimpleNamespace(type="Work") for k in range(n)}


def best(fn: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t = time.process_time()
        out = fn()
        times.append(time.process_time() - t)
    return min(times), out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--claims", default="10000,100000", help="corpus sizes, comma-separated")
    ap.add_argument("--crowd", default="250,1000", help="sizes of the worst case for pairs, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs of each check (the best is kept)")
    args = ap.parse_args(argv)
    print("| claims | attributed claims | load + validate (check included) | check (index) | "
          "check ÷ validate | pairwise baseline | pairwise ÷ index | errors |")
    print("|---|---|---|---|---|---|---|---|")
    for n in (int(x) for x in args.claims.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            write_project(Plan(claims=n, sources=max(10, n // 100), seed=1), Path(tmp))
            t = time.process_time()
            corpus = load_corpus(Path(tmp))
            load = time.process_time() - t
            index, errors = best(lambda: overlapping_works(corpus.claims, corpus.entities), args.repeat)
            pairs, _found = best(lambda: pairwise(corpus.claims, corpus.entities), args.repeat)
            attributed = sum(1 for c in corpus.claims if c.claim.attributed_to)
            print(f"| {n:,} | {attributed:,} | {load:.2f} s | {index:.3f} s | {index / load:.1%} | "
                  f"{pairs:.3f} s | {pairs / index:.1f} × | {len(errors)} |", flush=True)  # type: ignore[arg-type]
    print("\n| claims of one value and subject, each its own work | check (index) | pairwise | pairwise ÷ index |")
    print("|---|---|---|---|")
    for n in (int(x) for x in args.crowd.split(",")):
        claims, works = crowd(n)
        index, errors = best(lambda: overlapping_works(claims, works), args.repeat)
        pairs, _found = best(lambda: pairwise(claims, works), 1)
        assert errors == [] and _found == 0
        print(f"| {n:,} | {index:.3f} s | {pairs:.2f} s | {pairs / index:.0f} × |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
