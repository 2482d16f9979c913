"""The web page as static files, for a deployment in front of another SPARQL engine.

``hengyang-kg serve`` serves the page itself (``/``, ``/static/``, ``/cookbook.json``,
``/config.json``). Where the dataset is served by another engine (Oxigraph server,
Virtuoso, …, loaded by ``push`` or its own loader) and the report by any web server, the
same page is written as files with a ``config.json`` naming the engine's query URL and the
report's base URL, and the project's prefixes to send with every query (other engines do
not predeclare them). The engine must allow cross-origin requests when the page is served
from another origin, and take the union of all graphs as its default graph.
"""

from __future__ import annotations

import json
from pathlib import Path

from hengyang_kg.sparql.cookbook import recipes
from hengyang_kg.sparql.query import prefix_block

WEB = Path(__file__).resolve().parent / "web"
FILES = {"index.html": "index.html", "static/app.js": "app.js", "static/style.css": "style.css"}


def cookbook_json() -> bytes:
    """The cookbook as the page reads it: name, title, question and query of each recipe."""
    return json.dumps([{"name": r.name, "title": r.title, "question": r.question, "query": r.text}
                       for r in recipes()], ensure_ascii=False).encode("utf-8")


def static_page(endpoint: str, report: str | None, base: str) -> dict[str, bytes]:
    """The page's files by relative path, pointed at ``endpoint`` and the report at ``report``.

    >>> sorted(static_page("http://127.0.0.1:7878/query", "/report/", "https://w3id.org/hengyang-kg/"))
    ['config.json', 'cookbook.json', 'index.html', 'static/app.js', 'static/style.css']
    """
    if report is not None and not report.endswith("/"):
        report += "/"
    config = {"endpoint": endpoint, "report": report, "void": None, "prefixes": prefix_block(base)}
    files = {name: (WEB / src).read_bytes() for name, src in FILES.items()}
    files["cookbook.json"] = cookbook_json()
    files["config.json"] = (json.dumps(config, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return files


def write_static_page(out: Path, endpoint: str, report: str | None, base: str) -> list[Path]:
    """Write the page's files into ``out`` (created if needed); the paths written."""
    written = []
    for name, data in static_page(endpoint, report, base).items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        written.append(path)
    return written
