"""Write the query web page as static files pointed at another SPARQL engine and a report.

    python scripts/web_page.py --endpoint https://example.org/sparql --report https://example.org/report/ --out site

The page (index.html, static/, cookbook.json, config.json) can then be served by any web
server; config.json names the engine's query URL, the report's base URL (the directory
written by `hengyang-kg report --out DIR`, served as files) and the prefixes sent with
every query. See the README, "The web page in front of another SPARQL engine".
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import urlsplit

from hengyang_kg.namespaces import base_iri
from hengyang_kg.sparql.webpage import write_static_page


def _url(text: str, what: str) -> str | None:
    parts = urlsplit(text)
    if parts.scheme in ("http", "https") and parts.netloc or (not parts.scheme and text.startswith("/")):
        return None
    return f"{what} {text!r} is not an http(s) URL or an absolute path: give e.g. https://example.org/{what.lstrip('-')}/"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write the query web page as static files for another SPARQL engine.")
    p.add_argument("--endpoint", required=True, help="the engine's SPARQL query URL (it must allow CORS)")
    p.add_argument("--report", default=None, help="base URL of the served report directory (optional)")
    p.add_argument("--base", default=None, help="base IRI of the data (default: $HENGYANG_KG_BASE or the project's)")
    p.add_argument("--out", required=True, help="directory to write the page into")
    args = p.parse_args(argv)
    problems = [m for m in (_url(args.endpoint, "--endpoint"), args.report and _url(args.report, "--report")) if m]
    if problems:
        for m in problems:
            print(f"web_page: {m}", file=sys.stderr)
        return 2
    try:
        written = write_static_page(Path(args.out), args.endpoint, args.report, args.base or base_iri())
    except OSError as exc:
        print(f"web_page: cannot write {args.out}: {exc.strerror or exc}; choose a writable --out", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
