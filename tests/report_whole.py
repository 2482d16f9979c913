"""The report held whole in memory: the reference the report written fact by fact
(:mod:`hengyang_kg.report.writer`, what ``report`` runs) is compared with, byte for byte.

Each file is made here in the plainest way from the report's data: ``conflicts.json`` as
``json.dumps`` of the whole report (and as the checked parts joined into its head),
``conflicts.md`` line by line over every fact, ``conflicts.html`` and the pages rendered from
the whole data. The program writes the same files without ever holding every fact.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from markupsafe import Markup

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.files import write_atomically
from hengyang_kg.reconcile.types import Reconciliation
from hengyang_kg.report.assemble import FACTS_SLOT
from hengyang_kg.report.data import build_report, checked_part, ordered_facts, report_head
from hengyang_kg.report.html import Brief, article, context, environment, render_pages, report_chunks, toc
from hengyang_kg.report.markdown import SECTIONS, MarkdownFacts, fact_lines, head_lines

BASE = "https://w3id.org/hengyang-kg/"


def report_data(recon: Reconciliation, corpus: Corpus, base: str, build: str | None = None) -> dict:
    """The report as plain data (what ``conflicts.json`` holds)."""
    return build_report(recon, corpus, base, build).model_dump(mode="json")


def to_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def report_json(head: dict, parts: list[str]) -> str:
    """``conflicts.json``: the checked head (``report_head``) with the facts' parts in order."""
    text = json.dumps(head, ensure_ascii=False, indent=1)
    if parts:
        assert text.count(FACTS_SLOT) == 1
        text = text.replace(FACTS_SLOT, '\n "facts": [\n  ' + ",\n  ".join(parts) + "\n ]", 1)
    return text + "\n"


def report_text(recon: Reconciliation, corpus: Corpus, base: str,
                build: str | None = None) -> tuple[dict, str, list[str]]:
    """The report as plain data, the text of ``conflicts.json`` (equal to ``to_json(report_data(...))``)
    and each fact's part of it (``checked_part``), all held in memory."""
    head = report_head(recon, corpus, base, build)
    parts = [checked_part(f, corpus, base) for f in ordered_facts(recon)]
    text = report_json(head, parts)
    return {**head, "facts": [json.loads(p) for p in parts]}, text, parts


def markdown_lines(data: dict, facts: Iterable[dict]) -> Iterator[str]:
    """Every line of ``conflicts.md``: the head of ``data``, then ``facts`` in the report's order."""
    yield from head_lines(data)
    md = MarkdownFacts()
    for f in facts:
        yield from md.opening(f["status"]) + fact_lines(f)
    yield from md.end()


def to_markdown(data: dict) -> str:
    """``conflicts.md`` of the whole report's data."""
    order = {st: i for i, (st, _) in enumerate(SECTIONS)}
    return "\n".join(markdown_lines(data, sorted(data["facts"], key=lambda f: order[f["status"]]))) + "\n"


def render_report(data: dict, corpus: Corpus, base: str = BASE) -> str:
    """``conflicts.html`` of the whole report's data."""
    env = environment()
    ctx = context(data, corpus, base)
    tpl = env.get_template("fact.html.j2")
    texts = {f["id"]: Markup(article(f, ctx, tpl)) for f in data["facts"]}
    briefs = (Brief(f["id"], f["status"], f["subject"]["id"], f["subject"]["label"]) for f in data["facts"])
    return "".join(report_chunks(data, corpus, base, env, ctx, toc(briefs), texts, data["facts"],
                                 (f["subject"]["id"] for f in data["facts"])))


def report_bytes(recon: Reconciliation, corpus: Corpus, base: str, build: str | None = None) -> dict[str, bytes]:
    """Every report file as bytes, by relative path: the three reports, ``entities/*.html``, ``sources/*.html``."""
    data, text, _parts = report_text(recon, corpus, base, build)
    files = {"conflicts.json": text.encode("utf-8"), "conflicts.md": to_markdown(data).encode("utf-8"),
             "conflicts.html": render_report(data, corpus, base).encode("utf-8")}
    files.update((name, page.encode("utf-8")) for name, page in render_pages(data, corpus, base))
    return files


def write_report(recon: Reconciliation, corpus: Corpus, out: Path, base: str) -> list[Path]:
    """Write every report file under ``out`` (atomically, file by file)."""
    return write_atomically(report_bytes(recon, corpus, base), out)
