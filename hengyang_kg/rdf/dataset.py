"""The corpus as an RDF dataset, built in pyoxigraph.

Graphs (DESIGN §4):

- one named graph per claim (``claim:<id>``) holding the asserted triple;
- ``graph:provenance`` — every claim reified (rdf:subject/predicate/object),
  its source (prov:wasDerivedFrom), attribution (hkg:attributedTo,
  prov:wasQuotedFrom), quote (oa:SpecificResource with a TextQuoteSelector and a
  TextPositionSelector), raw value, interval, qualifiers; and the sources;
- ``graph:entities`` — entities with SKOS labels in zh-Hans, zh-Hant and en,
  aliases with the sources they occur in, part-of links;
- ``graph:reconciliation`` — facts, positions, origins, explanations, checks and
  text reuse (:mod:`rdf_reconcile`), when a reconciliation is given.

No blank nodes: every node has an IRI derived from an id, so the same input
gives the same dataset, and exports are byte-identical.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyoxigraph as ox

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.schema import Entity
from hengyang_kg.namespaces import XSD
from hengyang_kg.rdf.calendar import calendar_triples
from hengyang_kg.rdf.terms import TERMS as T
from hengyang_kg.rdf.terms import (
    Iris,
    N,
    Object,
    Quad,
    calendar_literal,
    decimal_literal,
    hkg,
    integer_literal,
    lang_tag,
    literal,
)
from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.numerals import number_text
from hengyang_kg.text.quantities import Quantity
from hengyang_kg.text.reading import Reading
from hengyang_kg.text.script_folding import script_of
from hengyang_kg.text.values import Term, normalized_text


def asserted_object(c: Located, iris: Iris) -> ox.NamedNode | ox.Literal:
    """The object of the asserted triple: a number, a date, a duration, an entity or text."""
    v = c.value
    if isinstance(v, Quantity):
        return decimal_literal(v.point)
    if isinstance(v, DateValue):
        dtype = {"day": "date", "month": "gYearMonth", "year": "gYear"}[v.precision]
        return literal(v.point, XSD + dtype)
    if isinstance(v, Duration):
        return literal(f"P{number_text(v.days)}D", XSD + "duration") if float(v.days).is_integer() else decimal_literal(v.days)
    if c.kind == "entity":
        return iris.entity(c.claim.entity or "")
    return literal(c.claim.value, lang=lang_tag(script_of(c.claim.value)))


READING_CONTEXT = 40  # characters of reading text kept on each side of a quote


def reading_context(reading: Reading, start: int, end: int) -> tuple[str, str, str]:
    """The reading text before, of and after the raw span ``[start, end)``."""
    a, b = reading.span(start, end)
    return reading.text[max(0, a - READING_CONTEXT):a], reading.text[a:b], reading.text[b:b + READING_CONTEXT]


def claim_quads(c: Located, iris: Iris, prov: N, reading: tuple[str, str, str] | None = None) -> Iterator[Quad]:
    """The named graph of one claim and its description in the provenance graph.

    ``reading`` is the quote as a reader sees it (markup removed) with the reading text
    before and after it; the selectors stay exact."""
    cl = c.claim
    C = iris.claim(cl.id)
    s, p, o = iris.entity(cl.subject), hkg(cl.property), asserted_object(c, iris)
    yield Quad(s, p, o, C)
    q = N(f"{C.value}/quote")
    tqs, tps = N(f"{C.value}/quote/text"), N(f"{C.value}/quote/position")
    src = iris.source(c.source)
    v = c.value
    out: list[tuple[N, N, Object]] = [
        (C, T["type"], hkg("Claim")), (C, T["type"], T["Statement"]),
        (C, hkg("claimId"), literal(cl.id)),
        (C, T["subject"], s), (C, T["predicate"], p), (C, T["object"], o),
        (C, T["derived"], src), (C, hkg("quote"), q),
        (C, hkg("rawValue"), literal(cl.value, lang=lang_tag(script_of(cl.value)))),
        (C, hkg("normalizedValue"), literal(normalized_text(c.value))),
        (C, hkg("valueKind"), hkg(c.kind.capitalize() + "Value")),
    ]
    # a bound the text leaves open (超过, 以内, 以后) is simply absent
    if isinstance(v, (Quantity, Duration)):
        out += [(C, hkg(name), decimal_literal(b)) for name, b in zip(("lowerBound", "upperBound"), v.interval)
                if b is not None]
        out.append((C, hkg("approximation"), hkg(v.approx)))
    if isinstance(v, Quantity):
        out += [(C, hkg("precisionStep"), decimal_literal(v.step)), (C, hkg("unit"), literal(v.unit or ""))]
        if v.rounding is not None:  # what rounding allows, apart from what the text says
            out += [(C, hkg("roundingLowerBound"), decimal_literal(v.rounding[0])),
                    (C, hkg("roundingUpperBound"), decimal_literal(v.rounding[1]))]
    if isinstance(v, Duration):
        out.append((C, hkg("reckoning"), hkg(v.reckoning)))
    if isinstance(v, DateValue):
        out += [(C, hkg(name), literal(b.isoformat(), XSD + "date"))
                for name, b in zip(("lowerBound", "upperBound"), v.interval) if b is not None]
        out += [(C, hkg("approximation"), hkg(v.approx)), (C, hkg("datePrecision"), literal(v.precision))]
        if v.time_of_day:
            out.append((C, hkg("timeOfDay"), literal(v.time_of_day, lang=lang_tag(script_of(v.time_of_day)))))
    if c.prop.term_valued and isinstance(v, Term):
        out.append((C, hkg("termValue"), literal(v.id)))
    qual = cl.qualifiers
    if qual.side:
        out.append((C, hkg("side"), hkg(qual.side)))
    if qual.measure:
        out.append((C, hkg("measure"), hkg(qual.measure)))
    if qual.item:
        out.append((C, hkg("item"), literal(qual.item)))
    if qual.occasion:
        out.append((C, hkg("occasion"), integer_literal(qual.occasion)))
    if cl.follows:
        out.append((C, hkg("follows"), iris.claim(cl.follows)))
    if cl.attributed_to:
        a = iris.entity(cl.attributed_to)
        out += [(C, hkg("attributedTo"), a), (C, T["quotedFrom"], a)]
    if cl.note:
        out.append((C, hkg("curatorNote"), literal(cl.note, lang="en")))
    out += calendar_triples(c, C)  # EDTF and era years of a dated claim
    out += [  # the quote's nodes after the claim's own triples: each subject is one block
        (q, T["type"], T["SpecificResource"]), (q, T["hasSource"], src),
        (q, T["hasSelector"], tqs), (q, T["hasSelector"], tps),
        *([] if reading is None else [(q, hkg("readingText"), literal(reading[1], lang=lang_tag(c.lang))),
                                      (q, hkg("readingPrefix"), literal(reading[0])),
                                      (q, hkg("readingSuffix"), literal(reading[2]))]),
        (tqs, T["type"], T["TQS"]), (tqs, T["exact"], literal(c.exact)),
        (tqs, T["prefix"], literal(c.prefix)), (tqs, T["suffix"], literal(c.suffix)),
        (tps, T["type"], T["TPS"]), (tps, T["start"], integer_literal(c.start)), (tps, T["end"], integer_literal(c.end)),
    ]

    for s_, p_, o_ in out:
        yield Quad(s_, p_, o_, prov)


def entity_quads(e: Entity, iris: Iris, g: N) -> Iterator[Quad]:
    E = iris.entity(e.id)
    yield Quad(E, T["type"], hkg(e.type), g)
    for lang, text in (("zh-hans", e.labels.zh_Hans), ("zh-hant", e.labels.zh_Hant), ("en", e.labels.en)):
        if text:
            yield Quad(E, T["prefLabel"], literal(text, lang=lang), g)
    if e.side:
        yield Quad(E, hkg("side"), hkg(e.side), g)
    for parent in e.part_of:
        yield Quad(E, T["isPartOf"], iris.entity(parent), g)
    if e.note:
        yield Quad(E, T["comment"], literal(e.note, lang="en"), g)
    if e.type == "Work":  # a cited work's citation: its title as the sources cite it, its author when known
        titles = [(text, lang) for text, lang in ((e.labels.zh_Hans, "zh-hans"), (e.labels.zh_Hant, "zh-hant"),
                                                  (e.labels.en, "en")) if text]
        yield Quad(E, T["title"], literal(titles[0][0], lang=titles[0][1]), g)
        if e.labels.en and titles[0][1] != "en":
            yield Quad(E, T["alternative"], literal(e.labels.en, lang="en"), g)
        if e.author:
            yield Quad(E, T["creator"], iris.entity(e.author), g)
    nodes = [(N(f"{E.value}/alias/{i}"), a, "en" if a.text.isascii() else lang_tag(script_of(a.text)))
             for i, a in enumerate(e.aliases, 1)]
    for A, alias, lang in nodes:
        yield Quad(E, T["altLabel"], literal(alias.text, lang=lang), g)
        yield Quad(E, hkg("alias"), A, g)
    for A, alias, lang in nodes:
        yield Quad(A, T["type"], hkg("Alias"), g)
        yield Quad(A, hkg("aliasText"), literal(alias.text, lang=lang), g)
        yield Quad(A, hkg("aliasKind"), literal(alias.kind), g)
        for sid in alias.sources:
            yield Quad(A, hkg("occursIn"), iris.source(sid), g)
        if alias.note:
            yield Quad(A, T["comment"], literal(alias.note, lang="en"), g)


def source_quads(corpus: Corpus, iris: Iris, g: N) -> Iterator[Quad]:
    for sid, src in corpus.sources.items():
        m, S = src.meta, iris.source(sid)
        described: list[tuple[N, Object]] = [
            (T["type"], hkg("Source")), (T["type"], T["ProvEntity"]),
            (T["title"], literal(m.title, lang=lang_tag(script_of(m.title)))),
            (T["alternative"], literal(m.title_en, lang="en")),
            (hkg("sourceKind"), literal(m.kind)), (T["language"], literal(m.language)), (hkg("script"), literal(m.script)),
            (T["publisher"], literal(m.publisher)), (hkg("sha256"), literal(m.sha256)),
            (T["description"], literal(m.description, lang="en")),
        ]
        yield from (Quad(S, p, o, g) for p, o in described)
        # citation fields, each only when the metadata records it
        if m.author:
            yield Quad(S, T["creator"], literal(m.author), g)
        if m.editor:
            yield Quad(S, T["editor"], literal(m.editor), g)
        if m.date:
            yield Quad(S, T["issued"], calendar_literal(m.date), g)
        if m.retrieved:
            yield Quad(S, hkg("retrieved"), calendar_literal(m.retrieved), g)
        if m.revision:
            yield Quad(S, T["version"], literal(m.revision), g)
        if m.url:
            yield Quad(S, T["dsource"], N(m.url), g)


