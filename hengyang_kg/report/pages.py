"""What the entity and source pages show, as plain data for the templates.

Entity pages: one per fact subject (``entities/<id>.html``) and per cited work.
Source pages: one per source (``sources/<id>.html``): the reading text cut into
segments, each knowing the claims, out-of-scope passage and shared text it lies in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from hengyang_kg.curation.coverage import coverage, summary
from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.units import units_of
from hengyang_kg.report.fact_spool import FactSpool
from hengyang_kg.report.headline import fact_title, position_order, position_text, support_text


def display_name(corpus: Corpus, eid: str) -> str:
    """An entity as a reader names it: a work as 《title》, anything else by its label."""
    e = corpus.entities.get(eid)
    if e is None:
        return eid
    label = e.labels.zh_Hans or e.labels.zh_Hant or e.labels.en or eid
    return f"《{label}》" if e.type == "Work" else label


def claim_facts(data: dict) -> dict[str, str]:
    """Claim id → the id of the fact it belongs to."""
    return {c["id"]: f["id"] for f in data["facts"] for p in f["positions"] for c in p["claims"]}


def entity_ids(data: dict, corpus: Corpus) -> list[str]:
    """Every fact subject, every entity a claim names as its value or cites, and every event these are
    part of, so links have a page."""
    facts = data["facts"]
    return page_ids(facts.subjects() if isinstance(facts, FactSpool) else (f["subject"]["id"] for f in facts), corpus)


def page_ids(subjects: Iterable[str], corpus: Corpus) -> list[str]:
    """:func:`entity_ids` of the facts about ``subjects``."""
    ids = set(subjects)
    ids |= {x for c in corpus.claims for x in (c.claim.attributed_to, c.claim.entity) if x}
    todo = list(ids)
    while todo:
        e = corpus.entities.get(todo.pop())
        for parent in e.part_of if e else ():
            if parent not in ids:
                ids.add(parent)
                todo.append(parent)
    return sorted(i for i in ids if i in corpus.entities)


class PageIndex:
    """Lookups every page needs, built once (pages stay linear in the size of the corpus)."""

    def __init__(self, data: dict, corpus: Corpus):
        facts = data["facts"]
        self.fact_of = facts.fact_of if isinstance(facts, FactSpool) else claim_facts(data)
        self.units = units_of(corpus.root)
        self.source_title = {s["id"]: s["title"] for s in data["sources"]}
        self.reuse_of: dict[str, list[dict]] = {}
        for r in data["reuse"]:
            for sid in dict.fromkeys(r["sources"]):
                self.reuse_of.setdefault(sid, []).append(r)
        self.facts_about: Mapping[str, list[dict]]
        if isinstance(facts, FactSpool):
            self.facts_about = facts.about()  # read from the spool subject by subject
        else:
            about: dict[str, list[dict]] = {}
            for f in facts:
                about.setdefault(f["subject"]["id"], []).append(f)
            self.facts_about = about
        self.naming: dict[str, list] = {}
        self.entity_claims_of: dict[str, list] = {}
        self.claims_of_source: dict[str, list] = {}
        for c in corpus.claims:
            for x in {c.claim.entity, c.claim.attributed_to}:
                if x is not None:
                    self.naming.setdefault(x, []).append(c)
            if c.kind == "entity":
                self.entity_claims_of.setdefault(c.claim.subject, []).append(c)
            self.claims_of_source.setdefault(c.source, []).append(c)


def _succession(corpus: Corpus, eid: str, index: PageIndex) -> list[dict]:
    """Holders in order, per source and property, along ``follows`` links."""
    mine = index.entity_claims_of.get(eid, [])
    by_id = {c.claim.id: c for c in mine}
    followed = {c.claim.follows for c in mine if c.claim.follows}
    out = []
    for last in sorted((c for c in mine if c.claim.follows and c.claim.id not in followed), key=lambda c: c.claim.id):
        chain, cur = [], last
        while cur is not None:
            chain.append(cur)
            cur = by_id.get(cur.claim.follows) if cur.claim.follows else None
        chain.reverse()
        out.append({"property": last.claim.property, "source": last.source,
                    "holders": [{"id": c.claim.entity, "label": display_name(corpus, c.claim.entity or ""),
                                 "claim": c.claim.id} for c in chain]})
    return out


def entity_page(eid: str, data: dict, corpus: Corpus, titles: dict[str, str], pages: set[str],
                index: PageIndex | None = None) -> dict:
    """Labels, aliases with their sources, facts about it, claims naming it, succession, links."""
    index = index or PageIndex(data, corpus)
    e = corpus.entities[eid]
    facts = index.facts_about.get(eid, [])
    fact_of = index.fact_of
    named = index.naming.get(eid, [])
    mentioned = set(e.part_of)
    for f in facts:
        if f["kind"] == "entity":
            mentioned |= {str(p["value"]) for p in f["positions"]}
    mentioned |= {c.claim.subject for c in named}
    sources = sorted({s for f in facts for p in f["positions"] for s in p["sources"]} | {c.source for c in named})
    return {
        "id": eid, "type": e.type, "name": display_name(corpus, eid),
        "labels": {"zh-Hans": e.labels.zh_Hans, "zh-Hant": e.labels.zh_Hant, "en": e.labels.en},
        "note": e.note,
        "aliases": [{"text": a.text, "kind": a.kind, "sources": list(a.sources)} for a in e.aliases],
        "part_of": [{"id": p, "label": display_name(corpus, p), "page": p in pages} for p in e.part_of],
        "facts": [{"id": f["id"], "title": fact_title(f), "status": f["status"],
                   "positions": [{"text": position_text(f, p, index.units), "support": support_text(p, titles),
                                  "sources": p["sources"]} for p in sorted(f["positions"], key=position_order)]}
                  for f in facts],
        "named_in": [{"claim": c.claim.id, "fact": fact_of.get(c.claim.id, ""), "source": c.source,
                      "role": "cited as the origin" if c.claim.attributed_to == eid else c.prop.label_en,
                      "subject": c.claim.subject, "subject_label": display_name(corpus, c.claim.subject),
                      "raw": c.claim.value, "quote_text": corpus.sources[c.source].reading.at(c.start, c.end)}
                     for c in named],
        "succession": _succession(corpus, eid, index),
        "mentions": sorted(({"id": m, "label": display_name(corpus, m)} for m in mentioned
                            if m in pages and m != eid), key=lambda x: x["id"]),
        "sources": sources,
        "source_titles": {sid: index.source_title[sid] for sid in sources},
    }


def source_page(sid: str, data: dict, corpus: Corpus, index: PageIndex | None = None) -> dict:
    """The reading text in segments, with claims, out-of-scope passages and shared text marked."""
    index = index or PageIndex(data, corpus)
    src = corpus.sources[sid]
    rd = src.reading
    spans: list[tuple[int, int, str, str]] = []  # reading start, end, kind, what
    mine = index.claims_of_source.get(sid, [])
    for c in mine:
        a, b = rd.span(c.start, c.end)
        spans.append((a, b, "claim", c.claim.id))
    for oos in corpus.out_of_scope.get(sid, []):
        a, b = rd.span(oos.start, oos.end)
        spans.append((a, b, "scope", oos.reason))
    shared = []
    for r in index.reuse_of.get(sid, []):
        me = "a" if r["sources"][0] == sid else "b"
        other = r["sources"][1] if me == "a" else r["sources"][0]
        for n, p in enumerate(r["passages"], 1):
            a, b = rd.span(p[me]["start"], p[me]["end"])
            anchor = f"shared-{short_id(other)}-{n}"
            spans.append((a, b, "shared", anchor))
            shared.append({"anchor": anchor, "other": other, "other_anchor": f"shared-{short_id(sid)}-{n}",
                           "chars": len(p[me]["text"]), "text": rd.text[a:b][:60]})
    cuts = sorted({0, len(rd.text), *(x for s in spans for x in s[:2])})
    starts: dict[int, list[str]] = {}
    for a, _b, kind, what in spans:
        if kind in ("claim", "shared"):
            starts.setdefault(a, []).append(what if kind == "shared" else f"claim-{what}")
    segments = []
    opening: dict[int, list] = {}
    for sp in spans:
        if sp[0] < sp[1]:
            opening.setdefault(sp[0], []).append(sp)
    active: list = []
    for a, b in zip(cuts, cuts[1:]):  # a sweep: the spans open over [a, b)
        active = [sp for sp in active if sp[1] > a] + opening.get(a, [])
        inside = active
        segments.append({"text": rd.text[a:b], "anchors": sorted(starts.get(a, [])),
                         "claims": sorted(s[3] for s in inside if s[2] == "claim"),
                         "scope": next((s[3] for s in inside if s[2] == "scope"), ""),
                         "shared": next((s[3] for s in inside if s[2] == "shared"), "")})
    # anchors of empty spans (a claim whose quote is all markup) still resolve
    for a, names in starts.items():
        if a == len(rd.text):
            segments.append({"text": "", "anchors": names, "claims": [], "scope": "", "shared": ""})
    cov = summary(coverage(corpus, sid, mine))
    fact_of = index.fact_of
    facts = {fact_of[c.claim.id] for c in mine if c.claim.id in fact_of}
    return {"id": sid, "short": short_id(sid), "segments": segments, "shared": shared,
            "coverage": {"claims": len(mine), "facts": len(facts), "out_of_scope": len(corpus.out_of_scope.get(sid, [])),
                         "shared_chars": sum(x["chars"] for x in shared), **cov},
            "raw_chars": len(src.text), "reading_chars": len(rd.text)}
