"""RDF terms: IRIs minted from ids under one base, literals, and the standard terms used."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import pyoxigraph as ox

from hengyang_kg.namespaces import BIBO, DCTERMS, HKG, OA, PROV, RDF, RDFS, SCHEMA, SKOS, XSD
from hengyang_kg.text.numerals import number_text

Quad = ox.Quad
N = ox.NamedNode
Object = ox.NamedNode | ox.Literal  # what the dataset puts in object position (no blank nodes)


def lang_tag(script: str) -> str:
    """BCP 47 tag as stored (lower case; RDF stores normalise it so)."""
    return script.lower()


def literal(value: str, datatype: str | None = None, lang: str | None = None) -> ox.Literal:
    if lang:
        return ox.Literal(value, language=lang)
    if datatype:
        return ox.Literal(value, datatype=N(datatype))
    return ox.Literal(value)


def decimal_literal(x: int | Decimal) -> ox.Literal:
    return literal(number_text(x), XSD + "decimal")


def integer_literal(x: int) -> ox.Literal:
    return literal(str(x), XSD + "integer")


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


TERMS = {name: N(iri) for name, iri in {
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
    "issued": DCTERMS + "issued", "editor": BIBO + "editor", "version": SCHEMA + "version",
}.items()}


def calendar_literal(text: str) -> ox.Literal:
    """A date of a citation as written (YYYY, YYYY-MM or YYYY-MM-DD), typed by its precision.

    >>> calendar_literal("2024-05").datatype.value
    'http://www.w3.org/2001/XMLSchema#gYearMonth'
    """
    kind = {4: "gYear", 7: "gYearMonth", 10: "date"}[len(text)]
    return literal(text, XSD + kind)


@lru_cache(maxsize=4096)
def hkg(local: str) -> N:
    """A term of the ontology (each made once: IRIs are checked when a node is made)."""
    return N(HKG + local)
