"""Curation sub-commands of ``hengyang-kg``: suggest, claims export/import, diff.

A thin layer like :mod:`hengyang_kg.cli`: each command parses its arguments, calls
one library function and writes. Exit codes: 0 ok, 1 data errors, 2 usage errors.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EPILOG = {
    "suggest": "example: hengyang-kg suggest data/sources/ito_1960.txt --source ito_1960",
    "claims": "example: hengyang-kg claims export --csv claims.csv; hengyang-kg claims import claims.csv",
    "diff": "example: hengyang-kg diff old-report/ report/ --json",
}


def add_commands(sub: Any) -> None:  # argparse's sub-parsers action (its class is private)
    """Register suggest, claims and diff on the CLI's sub-parsers."""
    s = sub.add_parser("suggest", epilog=EPILOG["suggest"],
                       help="propose draft claims (figures, dates, durations) for a new source text",
                       description="Write a draft claims file for a text: a candidate for every figure with a unit, "
                                   "date, duration and keyword-anchored measure, each with its exact quote, a guessed "
                                   "subject, property, qualifiers and raw value, marked draft: true.")
    s.add_argument("text", help="the source text (e.g. data/sources/<id>.txt)")
    s.add_argument("--source", required=True, help="the source id the claims are for")
    s.add_argument("--out", default=None, help="the claims file to write (default: data/claims/<source>.yaml)")
    s.add_argument("--force", action="store_true", help="replace an existing file")
    s.set_defaults(func=cmd_suggest)
    c = sub.add_parser("claims", epilog=EPILOG["claims"], help="export or import every claim as a CSV spreadsheet",
                       description="Round-trip the whole corpus of claims through one CSV file (UTF-8 with BOM, "
                                   "so spreadsheet programs keep the Chinese).")
    csub = c.add_subparsers(dest="action", metavar="ACTION")
    csub.required = True
    ex = csub.add_parser("export", help="write every claim to a CSV file")
    ex.add_argument("--csv", required=True, help="the CSV file to write")
    ex.set_defaults(func=cmd_claims_export)
    im = csub.add_parser("import", help="replace the claims files by the claims of a CSV file")
    im.add_argument("file", help="a CSV file written by 'claims export' (and edited)")
    im.set_defaults(func=cmd_claims_import)
    d = sub.add_parser("diff", epilog=EPILOG["diff"], help="what changed between two builds or two reports",
                       description="Compare two report directories (conflicts.json) or two builds (hengyang.nq): "
                                   "claims added, removed and changed; facts whose status, positions or support changed.")
    d.add_argument("old", help="the earlier report or build directory (or its conflicts.json / hengyang.nq)")
    d.add_argument("new", help="the later one")
    d.add_argument("--json", action="store_true", help="machine-readable output")
    d.set_defaults(func=cmd_diff)


def _usage(msg: str) -> int:
    print(f"hengyang-kg: {msg}", file=sys.stderr)
    return 2


def cmd_suggest(args: argparse.Namespace) -> int:
    from hengyang_kg.curation.ids import ALLOWED, is_slug
    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.curation.main_event import main_event
    from hengyang_kg.curation.suggest import suggest, to_yaml
    from hengyang_kg.files import write_atomically

    if not is_slug(args.source):
        return _usage(f"source id {args.source!r} is not allowed: {ALLOWED}")
    text_path = Path(args.text)
    try:
        text = text_path.read_bytes().decode("utf-8")
    except OSError as exc:
        return _usage(f"cannot read {args.text}: {exc.strerror}")
    except UnicodeDecodeError:
        return _usage(f"{args.text} is not UTF-8 text: convert it to UTF-8 first")
    out = Path(args.out) if args.out else Path(args.root) / "data" / "claims" / f"{args.source}.yaml"
    if out.exists() and not args.force:
        return _usage(f"{out} exists: review it, or pass --force to replace it, or --out another file")
    corpus = load_corpus(Path(args.root), strict=False)
    main = main_event((c.claim.subject for c in corpus.claims), corpus.entities)
    claims = suggest(text, args.source, corpus.entities, main)
    write_atomically({out.name: to_yaml(args.source, claims).encode("utf-8")}, out.parent)
    print(f"{out}: {len(claims)} draft claims; review each, delete 'draft: true', then run 'hengyang-kg validate'")
    return 0


def cmd_claims_export(args: argparse.Namespace) -> int:
    from hengyang_kg.curation.claims_csv import export_csv
    from hengyang_kg.files import write_atomically

    data = export_csv(Path(args.root))
    out = Path(args.csv)
    write_atomically({out.name: data}, out.parent)
    print(args.csv)
    return 0


def cmd_claims_import(args: argparse.Namespace) -> int:
    from hengyang_kg.curation.claims_csv import import_csv

    try:
        raw = Path(args.file).read_bytes()
    except OSError as exc:
        return _usage(f"cannot read {args.file}: {exc.strerror}")
    for path in import_csv(raw, args.file, Path(args.root)):
        print(path)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from hengyang_kg.report.diff import DiffInputError, diff, load_side, to_text

    try:
        old, new = load_side(Path(args.old)), load_side(Path(args.new))
    except DiffInputError as exc:
        return _usage(str(exc))
    result = diff(old, new)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
    else:
        sys.stdout.write(to_text(result))
    return 0
