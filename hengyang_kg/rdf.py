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
from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from .claims import Located, number_text
from .corpus import Corpus
from .model import Entity
from .dates import DateValue, Duration
from .numbers import Quantity
from .script import script_of
from .vocab import DCTERMS, HKG, OA, PROV, RDF, RDFS, SKOS, XSD

Quad = ox.Quad
N = ox.NamedNode


def lang_tag(script: str) -> str:
    """BCP 47 tag as stored (lower case; RDF stores normalise it so)."""
    return script.lower()


def _lit(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    if datatype:
        return ox.Literal(value, datatype=N(datatype))
    return ox.Literal(value)


def _dec(x: int | Decimal) -> ox.Literal:
    return _lit(number_text(x), XSD + "decimal")


def _int(x: int) -> ox.Literal:
    return _lit(str(x), XSD + "integer")


@dataclass(frozen=True)
class Iris:
    """IRIs of the data, derived from ids under one base."""

    base: str

    def entity(self, eid: str) -> N:
        return N(f"{self.base}entity/{eid}")

    def claim(self, cid: str) -> N:
        return N(f"{self.base}claim/{cid}")

    def source(self, sid: str) -> N:
        return N(f"{self.base}source/{sid}")

    def graph(self, name: str) -> N:
        return N(f"{self.base}graph/{name}")


T = {name: N(iri) for name, iri in {
    "type": RDF + "type", "subject": RDF + "subject", "predicate": RDF + "predicate", "object": RDF + "object",
    "Statement": RDF + "Statement", "comment": RDFS + "comment",
    "prefLabel": SKOS + "prefLabel", "altLabel": SKOS + "altLabel",
    "derived": PROV + "wasDerivedFrom", "quotedFrom": PROV + "wasQuotedFrom", "ProvEntity": PROV + "Entity",
    "SpecificResource": OA + "SpecificResource", "hasSource": OA + "hasSource", "hasSelector": OA + "hasSelector",
    "TQS": OA + "TextQuoteSelector", "TPS": OA + "TextPositionSelector",
    "exact": OA + "exact", "prefix": OA + "prefix", "suffix": OA + "suffix", "start": OA + "start", "end": OA + "end",
    "title": DCTERMS + "title", "alternative": DCTERMS + "alternative", "publisher": DCTERMS + "publisher",
    "creator": DCTERMS + "creator", "date": DCTERMS + "date", "language": DCTERMS + "language",
    "description": DCTERMS + "description", "dsource": DCTERMS + "source", "isPartOf": DCTERMS + "isPartOf",
}.items()}


def H(local: str) -> N:
    return N(HKG + local)


def asserted_object(c: Located, iris: Iris) -> ox.NamedNode | ox.Literal:
    """The object of the asserted triple: a number, a date, a duration, an entity or text."""
    v = c.value
    if isinstance(v, Quantity):
        return _dec(v.point)
    if isinstance(v, DateValue):
        dtype = {"day": "date", "month": "gYearMonth", "year": "gYear"}[v.precision]
        return _lit(v.point, XSD + dtype)
    if isinstance(v, Duration):
        return _lit(f"P{number_text(v.days)}D", XSD + "duration") if float(v.days).is_integer() else _dec(v.days)
    if c.kind == "entity":
        return iris.entity(c.claim.entity or "")
    return _lit(c.claim.value, lang=lang_tag(script_of(c.claim.value)))


def normalized_text(c: Located) -> str:
    """The normalised value as text: number, ISO date, days, entity id or text."""
    v = c.value
    if isinstance(v, Quantity):
        return number_text(v.point)
    if isinstance(v, DateValue):
        return v.point
    if isinstance(v, Duration):
        return number_text(v.days)
    return v if isinstance(v, str) and v else c.claim.value


def claim_quads(c: Located, iris: Iris, prov: N) -> Iterator[Quad]:
    """The named graph of one claim and its description in the provenance graph."""
    cl = c.claim
    C = iris.claim(cl.id)
    s, p, o = iris.entity(cl.subject), H(cl.property), asserted_object(c, iris)
    yield Quad(s, p, o, C)
    q = N(f"{C.value}/quote")
    tqs, tps = N(f"{C.value}/quote/text"), N(f"{C.value}/quote/position")
    src = iris.source(c.source)
    v = c.value
    out = [
        (C, T["type"], H("Claim")), (C, T["type"], T["Statement"]),
        (C, H("claimId"), _lit(cl.id)),
        (C, T["subject"], s), (C, T["predicate"], p), (C, T["object"], o),
        (C, T["derived"], src), (C, H("quote"), q),
        (C, H("rawValue"), _lit(cl.value, lang=lang_tag(script_of(cl.value)))),
        (C, H("normalizedValue"), _lit(normalized_text(c))),
        (C, H("valueKind"), H(c.kind.capitalize() + "Value")),
    ]
    if isinstance(v, (Quantity, Duration)):
        out += [(C, H("lowerBound"), _dec(v.lower)), (C, H("upperBound"), _dec(v.upper)),
                (C, H("approximation"), H(v.approx))]
    if isinstance(v, Quantity):
        out += [(C, H("precisionStep"), _dec(v.step)), (C, H("unit"), _lit(v.unit or ""))]
    if isinstance(v, Duration):
        out.append((C, H("reckoning"), H(v.reckoning)))
    if isinstance(v, DateValue):
        out += [(C, H("lowerBound"), _lit(v.lower.isoformat(), XSD + "date")),
                (C, H("upperBound"), _lit(v.upper.isoformat(), XSD + "date")),
                (C, H("approximation"), H(v.approx)), (C, H("datePrecision"), _lit(v.precision))]
        if v.time_of_day:
            out.append((C, H("timeOfDay"), _lit(v.time_of_day, lang=lang_tag(script_of(v.time_of_day)))))
    if cl.property == "fate":
        out.append((C, H("fateTerm"), _lit(str(v))))
    qual = cl.qualifiers
    if qual.side:
        out.append((C, H("side"), H(qual.side)))
    if qual.measure:
        out.append((C, H("measure"), H(qual.measure)))
    if qual.item:
        out.append((C, H("item"), _lit(qual.item)))
    if cl.attributed_to:
        a = iris.entity(cl.attributed_to)
        out += [(C, H("attributedTo"), a), (C, T["quotedFrom"], a)]
    if cl.note:
        out.append((C, H("curatorNote"), _lit(cl.note, lang="en")))
    out += [  # the quote's nodes after the claim's own triples: each subject is one block
        (q, T["type"], T["SpecificResource"]), (q, T["hasSource"], src),
        (q, T["hasSelector"], tqs), (q, T["hasSelector"], tps),
        (tqs, T["type"], T["TQS"]), (tqs, T["exact"], _lit(c.exact)),
        (tqs, T["prefix"], _lit(c.prefix)), (tqs, T["suffix"], _lit(c.suffix)),
        (tps, T["type"], T["TPS"]), (tps, T["start"], _int(c.start)), (tps, T["end"], _int(c.end)),
    ]
    for s_, p_, o_ in out:
        yield Quad(s_, p_, o_, prov)


def entity_quads(e: Entity, iris: Iris, g: N) -> Iterator[Quad]:
    E = iris.entity(e.id)
    yield Quad(E, T["type"], H(e.type), g)
    for lang, text in (("zh-hans", e.labels.zh_Hans), ("zh-hant", e.labels.zh_Hant), ("en", e.labels.en)):
        if text:
            yield Quad(E, T["prefLabel"], _lit(text, lang=lang), g)
    if e.side:
        yield Quad(E, H("side"), H(e.side), g)
    for parent in e.part_of:
        yield Quad(E, T["isPartOf"], iris.entity(parent), g)
    if e.note:
        yield Quad(E, T["comment"], _lit(e.note, lang="en"), g)
    nodes = [(N(f"{E.value}/alias/{i}"), a, "en" if a.text.isascii() else lang_tag(script_of(a.text)))
             for i, a in enumerate(e.aliases, 1)]
    for A, alias, lang in nodes:
        yield Quad(E, T["altLabel"], _lit(alias.text, lang=lang), g)
        yield Quad(E, H("alias"), A, g)
    for A, alias, lang in nodes:
        yield Quad(A, T["type"], H("Alias"), g)
        yield Quad(A, H("aliasText"), _lit(alias.text, lang=lang), g)
        yield Quad(A, H("aliasKind"), _lit(alias.kind), g)
        for sid in alias.sources:
            yield Quad(A, H("occursIn"), iris.source(sid), g)
        if alias.note:
            yield Quad(A, T["comment"], _lit(alias.note, lang="en"), g)


def source_quads(corpus: Corpus, iris: Iris, g: N) -> Iterator[Quad]:
    for sid, src in corpus.sources.items():
        m, S = src.meta, iris.source(sid)
        yield from (Quad(S, p, o, g) for p, o in [
            (T["type"], H("Source")), (T["type"], T["ProvEntity"]),
            (T["title"], _lit(m.title, lang=lang_tag(script_of(m.title)))),
            (T["alternative"], _lit(m.title_en, lang="en")),
            (H("sourceKind"), _lit(m.kind)), (T["language"], _lit(m.language)), (H("script"), _lit(m.script)),
            (T["publisher"], _lit(m.publisher)), (H("sha256"), _lit(m.sha256)),
            (T["description"], _lit(m.description, lang="en")),
        ])
        if m.author:
            yield Quad(S, T["creator"], _lit(m.author), g)
        if m.date:
            yield Quad(S, T["date"], _lit(m.date), g)
        if m.url:
            yield Quad(S, T["dsource"], N(m.url), g)


def dataset_quads(corpus: Corpus, base: str, recon=None) -> list[Quad]:
    """Every quad of the dataset in a deterministic order: graph by graph (entities,
    provenance, then the claims' graphs by id), each subject's triples together.

    The order depends only on ids (entities and claims are sorted when loaded), so
    exports written in this order are byte-identical for the same data.
    """
    iris = Iris(base)
    ents, prov = iris.graph("entities"), iris.graph("provenance")
    quads: list[Quad] = []
    for e in corpus.entities.values():
        quads.extend(entity_quads(e, iris, ents))
    quads.extend(source_quads(corpus, iris, prov))
    provenance: list[Quad] = []
    asserted: list[Quad] = []
    for c in corpus.claims:
        for q in claim_quads(c, iris, prov):
            (asserted if q.graph_name != prov else provenance).append(q)
    if recon is not None:
        from .rdf_reconcile import reconciliation_quads

        reconciled = list(reconciliation_quads(recon, base))
    else:
        reconciled = []
    return quads + provenance + reconciled + asserted


def build_dataset(corpus: Corpus, base: str, recon=None) -> ox.Store:
    """An in-memory pyoxigraph store holding the dataset."""
    store = ox.Store()
    store.bulk_extend(dataset_quads(corpus, base, recon))
    return store
