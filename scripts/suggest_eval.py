"""Measure `hengyang-kg suggest` on the curated sources.

For each source, suggest is run on its text and its proposals are compared with the
curated numeric, date and duration claims: a curated claim is *proposed* when a
proposal's value overlaps its value in the text, *right value* when the proposal's
value (parsed by the same rules, with the proposal's guessed normalized date) has the
curated interval, and *right value and property* when the property is the curated one
too. A proposal *not kept* overlaps no curated claim's value.

Usage: python scripts/suggest_eval.py [--root .] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from hengyang_kg.curation.claims import parse_value
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.curation.main_event import main_event
from hengyang_kg.curation.schema import Claim
from hengyang_kg.curation.sources import fold
from hengyang_kg.curation.suggest import suggest
from hengyang_kg.text.numerals import ValueError_

KINDS = ("quantity", "date", "duration")


def _interval(claim: Claim, corpus) -> tuple | None:
    prop = corpus.properties.get(claim.property)
    if prop is None:
        return None
    try:
        v = parse_value(claim, prop)
    except (ValueError_, ValueError):
        return None
    return (getattr(v, "lower", None), getattr(v, "upper", None))


def evaluate(root: Path) -> dict:
    corpus = load_corpus(root)
    main = main_event((c.claim.subject for c in corpus.claims), corpus.entities)
    rows = {}
    for sid, src in sorted(corpus.sources.items()):
        curated = [c for c in corpus.claims if c.source == sid and c.kind in KINDS]
        proposals = []
        for p in suggest(src.text, sid, corpus.entities, main):
            qs = src.find_all(p["quote"])
            if not qs:
                continue
            q = qs[(p.get("occurrence") or 1) - 1]
            at = fold(p["quote"]).find(fold(p["value"]))
            p = {k: v for k, v in p.items() if k != "draft"}
            proposals.append((q + at, q + at + len(p["value"]), Claim.model_validate(p)))
        found = right = right_prop = 0
        kept = set()
        for c in curated:
            hits = [(n, cl) for n, (s, e, cl) in enumerate(proposals) if s < c.value_end and c.value_start < e]
            if not hits:
                continue
            found += 1
            kept |= {n for n, _ in hits}
            want = (getattr(c.value, "lower", None), getattr(c.value, "upper", None))
            ok = [cl for _, cl in hits if _interval(cl, corpus) == want]
            right += bool(ok)
            right_prop += any(cl.property == c.claim.property for cl in ok)
        rows[sid] = {"curated": len(curated), "proposals": len(proposals), "proposed": found, "right_value": right,
                     "right_value_and_property": right_prop, "not_kept": len(proposals) - len(kept)}
    total = {k: sum(r[k] for r in rows.values()) for k in next(iter(rows.values()))}
    return {"sources": rows, "total": total}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=".")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    res = evaluate(Path(args.root))
    if args.json:
        print(json.dumps(res, indent=1))
        return 0
    print("| source | curated numeric/date/duration claims | proposals | proposed | right value | right value and property | proposals not kept |")
    print("|---|---|---|---|---|---|---|")
    for sid, r in list(res["sources"].items()) + [("all", res["total"])]:
        name = sid.split("_")[0]
        print(f"| {name} | {r['curated']} | {r['proposals']} | {r['proposed']} | {r['right_value']} | "
              f"{r['right_value_and_property']} | {r['not_kept']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
