"""The conflict report's data: ``conflicts.json`` (the contract of DESIGN §5), its head and
each fact's checked part, which :mod:`~hengyang_kg.report.writer` writes fact by fact.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hengyang_kg.builds import build_id, program_version
from hengyang_kg.curation.calendars import calendar_json, interval_edtf
from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.entities import entity_label
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.reconcile.types import Fact, Reconciliation
from hengyang_kg.report.assemble import fact_part, head_data
from hengyang_kg.report.citation import source_meta
from hengyang_kg.report.contract import Report
from hengyang_kg.report.part_cache import PartCache
from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.quantities import Quantity
from hengyang_kg.text.script_folding import fold

CONTEXT_CHARS = 40  # characters of reading text shown on each side of a quote
STATUSES = ("conflict", "compatible", "agreement")  # the report's order of facts, and of its sections
STATUS_ORDER = {s: i for i, s in enumerate(STATUSES)}


def _num(x):
    if isinstance(x, Decimal):
        return int(x) if x == x.to_integral_value() else float(x)
    if isinstance(x, dt.date):
        return x.isoformat()
    return x


def claim_json(c: Located, corpus: Corpus) -> dict:
    src = corpus.sources[c.source]
    v = c.value
    lo = hi = None
    if isinstance(v, DateValue):
        lo, hi = (None if d is None else d.isoformat() for d in v.interval)
    elif isinstance(v, (Quantity, Duration)):
        lo, hi = _num(v.lower), _num(v.upper)
    rounding = v.rounding if isinstance(v, Quantity) else None
    rd = src.reading
    qa, qb = rd.span(c.start, c.end)
    va, vb = (x - qa for x in rd.span(c.value_start, c.value_end))
    quote_text = rd.text[qa:qb]
    if fold(quote_text[va:vb]) != fold(c.claim.value) and (i := fold(quote_text).find(fold(c.claim.value))) != -1:
        va, vb = i, i + len(c.claim.value)  # the value's first occurrence was inside markup (a link target)
    return {
        "id": c.claim.id, "source": c.source, "raw": c.claim.value, "quote": c.exact,
        "quote_text": quote_text, "value_in_quote_text": [max(0, va), max(0, vb)],
        "attributed_to": c.claim.attributed_to,
        "value": _num(c.value.normalized), "lower": lo, "upper": hi,
        "rounding_lower": _num(rounding[0]) if rounding else None,
        "rounding_upper": _num(rounding[1]) if rounding else None,
        "approximation": v.approx if isinstance(v, (Quantity, Duration, DateValue)) else None,
        "unit": v.unit if isinstance(v, Quantity) else None,
        "reckoning": v.reckoning if isinstance(v, Duration) else None,
        "context": {"prefix": c.prefix, "suffix": c.suffix, "script": c.lang,
                    "prefix_text": rd.text[max(0, qa - CONTEXT_CHARS):qa], "suffix_text": rd.text[qb:qb + CONTEXT_CHARS]},
        "start": c.start, "end": c.end, "line": src.line_at(c.start),
        "note": c.claim.note,
        **calendar_json(c),
    }


def fact_json(f: Fact, corpus: Corpus, base: str) -> dict:
    subject, prop = f.subject, f.property
    pdef = corpus.properties[prop]
    quals = {k: v for k, v in zip(("side", "measure", "item", "unit", "occasion"), f.key.qualifiers) if v}
    return {
        "id": f.id,
        "subject": {"id": subject, "iri": f"{base}entity/{subject}", "label": entity_label(corpus.entities, subject)},
        "property": {"id": prop, "iri": pdef.iri, "label": pdef.label_en, "label_zh": pdef.label_zh},
        "qualifiers": quals,
        "kind": f.kind,
        "status": f.status,
        "positions": [
            {
                "value": _num(p.value), "lower": _num(p.lower), "upper": _num(p.upper),
                "edtf": interval_edtf(p.lower, p.upper) if f.kind == "date" else None,
                "independent_support": p.independent_support,
                "sources": p.sources,
                "origins": [{"claims": o.claims, "sources": o.sources, "cited": o.cited, "reason": o.reason}
                            for o in p.origins],
                "claims": [claim_json(c, corpus) for c in sorted(p.claims, key=lambda c: c.claim.id)],
            }
            for p in f.positions
        ],
        "explanations": [{"kind": e.kind, "text": e.text} for e in f.explanations],
        "related_facts": f.related,
    }


def _head(recon: Reconciliation, corpus: Corpus, base: str, build: str | None) -> dict:
    """The report but its facts: build, summary, sources, checks and shared text."""
    counts = {s: sum(f.status == s for f in recon.facts) for s in STATUS_ORDER}
    return {
        "build": {"id": build or build_id(corpus.root, base), "version": program_version()},
        "summary": {"claims": len(corpus.claims), "facts": len(recon.facts), **counts, "checks": len(recon.checks)},
        "sources": [source_meta(s.meta) for s in corpus.sources.values()],
        "facts": [],
        "checks": [{"kind": c.kind, "text": c.text, "claims": c.claims} for c in recon.checks],
        "reuse": [
            {"sources": [r.a, r.b], "shared_chars": r.shared_chars,
             "passages": [{"a": {"start": p.a_start, "end": p.a_end, "text": p.text_a},
                           "b": {"start": p.b_start, "end": p.b_end, "text": p.text_b}} for p in r.passages]}
            for r in recon.reuse
        ],
    }


def ordered_facts(recon: Reconciliation) -> list[Fact]:
    """The facts in the report's order: conflicts first, then compatible, then agreement; by id within."""
    return sorted(recon.facts, key=lambda f: (STATUS_ORDER[f.status], f.id))


def build_report(recon: Reconciliation, corpus: Corpus, base: str, build: str | None = None) -> Report:
    """The report, checked against its contract, in a fixed order: conflicts first, then by id.
    ``build`` is the id of the build it belongs to (by default, that of the corpus's files now)."""
    return Report.model_validate({**_head(recon, corpus, base, build),
                                  "facts": [fact_json(f, corpus, base) for f in ordered_facts(recon)]})


def report_head(recon: Reconciliation, corpus: Corpus, base: str, build: str | None = None) -> dict:
    """The report but its facts (``facts`` empty), checked against the contract, as plain data."""
    return head_data(_head(recon, corpus, base, build))


def checked_part(f: Fact, corpus: Corpus, base: str, cache: PartCache | None = None) -> str:
    """Fact ``f``'s part of ``conflicts.json``, checked against the contract and serialised on its own
    (:mod:`~hengyang_kg.report.assemble`); with ``cache``, taken from it when the fact is unchanged."""
    at = cache.fact_inputs(f, corpus) if cache is not None else None  # keyed by its inputs: not built first
    part = cache.get(at) if cache is not None and at is not None else None
    if part is None:
        part = fact_part(fact_json(f, corpus, base))
        if cache is not None and at is not None:
            cache.put(at, part)
    return part
