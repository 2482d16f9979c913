"""The vocabulary as the program uses it: claim properties and what they mean.

The ontology file is the single source of truth: a claim property is whatever
``hengyang.ttl`` declares ``a hkg:ClaimProperty`` with a ``hkg:valueKind``; whether a
subject holds one value of it (``hkg:SingleValuedProperty``), its default unit
(``hkg:defaultUnit``) and the units it takes (``hkg:allowsUnit``, else every declared
``hkg:Unit``), the qualifiers it requires or allows, the terms a term-valued
property reads its values into (``hkg:termScheme``: each term's words and the terms it
excludes) and whether a part's figures are compared with its whole's
(``hkg:ScopeComparedProperty``) are read from it too, and so are the rules across facts
that the checks and the report apply: which figures bound which (``hkg:boundedBy``),
which events precede which (``hkg:precedes``, with the terms that imply an event,
``hkg:impliesEvent``), the part a property plays in an event's span (``hkg:spanRole``)
and its weight in the report's ranking (``hkg:salience``).  So are the words the report writes for each unit (``hkg:figureSuffix``,
``hkg:figureSuffixOne``, ``hkg:axisLabel``) and the unit a value kind counts in
(``hkg:figureUnit``).  No property or unit id is named in code.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, NamedTuple

import pyoxigraph as ox

from hengyang_kg.namespaces import HKG, RDFS, SKOS

# The ontology ships inside the package (package data, read through importlib.resources);
# a project's own ontology/ under --root overrides it, file by file.
ONTOLOGY_DIR: Traversable = files("hengyang_kg") / "ontology"
ValueKind = Literal["quantity", "date", "duration", "entity", "text"]
SpanRole = Literal["start", "end", "length", "point"]
KINDS: dict[str, ValueKind] = {"QuantityValue": "quantity", "DateValue": "date", "DurationValue": "duration",
         "EntityValue": "entity", "TextValue": "text"}


def ontology_file(root: Path | str | None, name: str) -> Traversable:
    """``name`` (``hengyang.ttl``, ``shapes.ttl``, ``context.jsonld``) of the project at
    ``root`` when it has its own ``ontology/`` copy, else the one the package ships."""
    if root is not None:
        own = Path(root) / "ontology" / name
        if own.is_file():
            return own
    return ONTOLOGY_DIR / name


@dataclass(frozen=True)
class TermDef:
    """A term of a term-valued property: its id (``skos:notation``), words, the terms it excludes,
    its place in the usual course of events and the property that dates it."""

    id: str
    words: tuple[str, ...] = ()
    excludes: frozenset[str] = frozenset()
    course: int | None = None  # place in the usual course of events (hkg:courseOrder)
    dated_by: str | None = None  # the claim property that dates it (hkg:datedBy)


@dataclass(frozen=True)
class Characterisation:
    """Two terms that frame one event exclusively; the event's name and the property that dates it."""

    terms: frozenset[str]
    event: str
    dated_by: str


class Bound(NamedTuple):
    """A property's figures counted as ``measure`` ('' for all of them) cannot exceed the
    figures of ``by_property`` counted as ``by_measure``, for one side of one subject (hkg:boundedBy)."""

    measure: str
    by_property: str
    by_measure: str


class Sum(NamedTuple):
    """A property's figures counted as ``total`` are the sum of those counted as ``parts``
    (hkg:sumOf); ``alone``: the parts not bounded by the total, compared with it alone too."""

    total: str
    parts: tuple[str, ...]
    alone: tuple[str, ...]


@dataclass(frozen=True)
class PropertyDef:
    id: str
    kind: ValueKind
    label_en: str
    label_zh: str
    comment: str
    single_valued: bool = False
    default_unit: str | None = None
    units: tuple[str, ...] = ()  # for a quantity, the units its claims may count in (skos:notation of hkg:Unit)
    lists_units: bool = False  # whether the ontology lists them (hkg:allowsUnit) rather than allowing every unit
    required_qualifiers: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()  # every qualifier it may take: the general ones, and those it requires or allows
    terms: tuple[TermDef, ...] = ()  # for a term-valued property, in the order their words are tried
    characterisations: tuple[Characterisation, ...] = ()
    scope_compared: bool = False
    salience: float = 1.0  # its weight when the report ranks disputes (hkg:salience)
    span_role: SpanRole | None = None  # the part it plays in an event's span (hkg:spanRole)
    bounded_by: tuple[Bound, ...] = ()  # figures its own cannot exceed (hkg:boundedBy, transitive)
    sums: tuple[Sum, ...] = ()  # measures of its figures that sum others (hkg:sumOf)
    precedes: tuple[str, ...] = ()  # date properties of events that come after the one it dates (hkg:precedes)
    event_phrase: str = ""  # how a check names the event it dates (hkg:eventPhrase)
    undated_phrase: str = ""  # how a check names the main event's end dating its event (hkg:undatedPhrase)
    implied_by: tuple[str, ...] = ()  # terms that imply the event it dates (hkg:impliesEvent)

    @property
    def iri(self) -> str:
        return HKG + self.id

    @property
    def term_valued(self) -> bool:
        return bool(self.terms)

    def term(self, tid: str) -> TermDef | None:
        return next((t for t in self.terms if t.id == tid), None)

    def characterisation(self, a: str, b: str) -> Characterisation | None:
        """The characterisation terms ``a`` and ``b`` make together, if any."""
        return next((c for c in self.characterisations if c.terms == {a, b}), None)

    def excluding(self, a: str, b: str) -> bool:
        """Whether terms ``a`` and ``b`` cannot both hold of one subject."""
        ta, tb = self.term(a), self.term(b)
        return (ta is not None and b in ta.excludes) or (tb is not None and a in tb.excludes)


def span_property(properties: Iterable[PropertyDef], role: SpanRole) -> str | None:
    """The property that plays ``role`` in an event's span (hkg:spanRole), if one does.

    >>> span_property(claim_properties().values(), "start")
    'startDate'
    """
    return next((p.id for p in sorted(properties, key=lambda p: p.id) if p.span_role == role), None)


def _select(store: ox.Store, query: str) -> list[dict[str, str]]:
    rows = store.query(query, prefixes={"hkg": HKG, "rdfs": RDFS, "skos": SKOS})
    assert isinstance(rows, ox.QuerySolutions)
    names = [v.value for v in rows.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in rows]


def _local(iri: str) -> str:
    return iri.removeprefix(HKG)


def _terms(store: ox.Store) -> dict[str, tuple[TermDef, ...]]:
    """The terms of every scheme a claim property reads its values into, by scheme IRI."""
    rows = _select(store, """SELECT ?scheme ?term ?id ?order ?word ?course ?dated WHERE {
        ?p hkg:termScheme ?scheme . ?term skos:inScheme ?scheme ; skos:notation ?id .
        OPTIONAL { ?term hkg:wordOrder ?order } OPTIONAL { ?term hkg:word ?word }
        OPTIONAL { ?term hkg:courseOrder ?course } OPTIONAL { ?term hkg:datedBy ?dated } }""")
    excl = _select(store, """SELECT ?a ?b WHERE { ?x hkg:excludes ?y . ?x skos:notation ?a . ?y skos:notation ?b }""")
    excludes: dict[str, set[str]] = defaultdict(set)
    for r in excl:  # hkg:excludes is symmetric
        excludes[r["a"]].add(r["b"])
        excludes[r["b"]].add(r["a"])
    words: dict[tuple[str, str], list[str]] = defaultdict(list)
    order: dict[tuple[str, str], float] = {}
    course: dict[tuple[str, str], int] = {}
    dated: dict[tuple[str, str], str] = {}
    for r in rows:
        key = (r["scheme"], r["id"])
        words[key].extend([r["word"]] if "word" in r else [])
        order[key] = float(r["order"]) if "order" in r else float("inf")
        if "course" in r:
            course[key] = int(r["course"])
        if "dated" in r:
            dated[key] = _local(r["dated"])
    out: dict[str, list[TermDef]] = defaultdict(list)
    for (scheme, tid) in sorted(order, key=lambda k: (k[0], order[k], k[1])):
        key = (scheme, tid)
        out[scheme].append(TermDef(tid, tuple(sorted(set(words[key]))), frozenset(excludes[tid]),
                                   course.get(key), dated.get(key)))
    return {k: tuple(v) for k, v in out.items()}


def declared_units(path: Traversable = ONTOLOGY_DIR / "hengyang.ttl") -> tuple[str, ...]:
    """The units the ontology declares (``hkg:Unit``), by notation, sorted.

    >>> "person" in declared_units(), "kg" in declared_units()
    (True, False)
    """
    return _units(path.read_bytes())


@lru_cache(maxsize=8)
def _units(turtle: bytes) -> tuple[str, ...]:
    store = ox.Store()
    store.load(input=turtle, format=ox.RdfFormat.TURTLE)
    return _unit_notations(store)


def _unit_notations(store: ox.Store) -> tuple[str, ...]:
    return tuple(sorted({r["n"] for r in _select(store, "SELECT ?n WHERE { ?u a hkg:Unit ; skos:notation ?n }")}))


@dataclass(frozen=True)
class UnitDef:
    """A declared unit (``hkg:Unit``, by its ``skos:notation``) as the report writes it."""

    id: str
    figure_suffix: str  # after a figure other than 1 in running text (hkg:figureSuffix)
    figure_suffix_one: str  # after the figure 1 (hkg:figureSuffixOne, else the same)
    axis_label: str  # a chart's axis (hkg:axisLabel)

    def after(self, figure: float) -> str:
        """What follows ``figure`` in running text."""
        return self.figure_suffix_one if figure == 1 else self.figure_suffix


@dataclass(frozen=True)
class Units:
    """The declared units by notation, and the unit each value kind's figures count in (hkg:figureUnit)."""

    by_id: Mapping[str, UnitDef]
    of_kinds: Mapping[str, str]

    def get(self, unit: str) -> UnitDef | None:
        return self.by_id.get(unit)

    def of_kind(self, kind: str) -> str | None:
        """The unit figures of value kind ``kind`` count in when their claims name none."""
        return self.of_kinds.get(kind)

    def as_data(self) -> list[list[str]]:
        """Every unit's words, and the value kinds' units, as plain data (for a cache key)."""
        return ([[u.id, u.figure_suffix, u.figure_suffix_one, u.axis_label] for u in self.by_id.values()]
                + [[k, n] for k, n in self.of_kinds.items()])


def unit_words(path: Traversable = ONTOLOGY_DIR / "hengyang.ttl") -> Units:
    """How the report writes each declared unit, read from the ontology.

    >>> u = unit_words()
    >>> [u.get(n).after(v) for n, v in (("day", 1), ("day", 47), ("percent", 50))], u.of_kind("duration")
    ([' day', ' days', '%'], 'day')
    """
    return _unit_words(path.read_bytes())


@lru_cache(maxsize=8)
def _unit_words(turtle: bytes) -> Units:
    store = ox.Store()
    store.load(input=turtle, format=ox.RdfFormat.TURTLE)
    rows = _select(store, """SELECT ?n ?many ?one ?axis WHERE { ?u a hkg:Unit ; skos:notation ?n .
        OPTIONAL { ?u hkg:figureSuffix ?many } OPTIONAL { ?u hkg:figureSuffixOne ?one }
        OPTIONAL { ?u hkg:axisLabel ?axis } }""")
    out: dict[str, UnitDef] = {}
    for r in sorted(rows, key=lambda r: tuple(sorted(r.items()))):
        many = r.get("many", " " + r["n"])  # a unit that declares no words is written by its notation
        out.setdefault(r["n"], UnitDef(r["n"], many, r.get("one", many), r.get("axis", r["n"])))
    kinds = {KINDS[_local(r["k"])]: r["n"] for r in _select(
        store, "SELECT ?k ?n WHERE { ?k hkg:figureUnit ?u . ?u a hkg:Unit ; skos:notation ?n }")
        if _local(r["k"]) in KINDS}
    return Units(MappingProxyType(dict(sorted(out.items()))), MappingProxyType(dict(sorted(kinds.items()))))


def claim_properties(path: Traversable = ONTOLOGY_DIR / "hengyang.ttl") -> dict[str, PropertyDef]:
    """Claim properties by id, read from the ontology.

    >>> p = claim_properties()["casualties"]
    >>> p.kind, p.single_valued, p.default_unit, p.required_qualifiers
    ('quantity', True, 'person', ('measure',))
    """
    return dict(_properties(path.read_bytes()))


def _characterisations(store: ox.Store) -> dict[str, tuple[Characterisation, ...]]:
    """The characterisations among each scheme's terms, by scheme IRI."""
    rows = _select(store, """SELECT ?scheme ?c ?event ?dated ?term WHERE {
        ?c a hkg:Characterisation ; rdfs:label ?event ; hkg:datedBy ?dated ; hkg:frames ?t .
        ?t skos:inScheme ?scheme ; skos:notation ?term . FILTER(lang(?event) = "en") }""")
    found: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for r in rows:
        found[(r["scheme"], r["c"], r["event"], _local(r["dated"]))].add(r["term"])
    out: dict[str, list[Characterisation]] = defaultdict(list)
    for (scheme, _c, event, dated), terms in sorted(found.items()):
        out[scheme].append(Characterisation(frozenset(terms), event, dated))
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=8)
def _properties(turtle: bytes) -> tuple[tuple[str, PropertyDef], ...]:
    store = ox.Store()
    store.load(input=turtle, format=ox.RdfFormat.TURTLE)
    rows = _select(store, """SELECT ?p ?kind ?en ?zh ?comment ?single ?scoped ?unit ?scheme WHERE {
          ?p a hkg:ClaimProperty ; hkg:valueKind ?kind ; rdfs:comment ?comment ; rdfs:label ?en , ?zh .
          FILTER(lang(?en) = "en" && langMatches(lang(?zh), "zh"))
          BIND(EXISTS { ?p a hkg:SingleValuedProperty } AS ?single)
          BIND(EXISTS { ?p a hkg:ScopeComparedProperty } AS ?scoped)
          OPTIONAL { ?p hkg:defaultUnit ?unit } OPTIONAL { ?p hkg:termScheme ?scheme } }""")
    quals = _select(store, """SELECT ?p ?q ?required WHERE {
          { ?p hkg:requiresQualifier ?q BIND(true AS ?required) } UNION { ?p hkg:allowsQualifier ?q BIND(false AS ?required) } }""")
    required: dict[str, set[str]] = defaultdict(set)
    allowed: dict[str, set[str]] = defaultdict(set)
    for r in quals:
        allowed[_local(r["p"])].add(_local(r["q"]))
        if r["required"] == "true":
            required[_local(r["p"])].add(_local(r["q"]))
    units = _unit_notations(store)
    allowed_units: dict[str, set[str]] = defaultdict(set)
    for r in _select(store, "SELECT ?p ?n WHERE { ?p hkg:allowsUnit ?u . ?u a hkg:Unit ; skos:notation ?n }"):
        allowed_units[_local(r["p"])].add(r["n"])
    general = {_local(r["q"]) for r in _select(store, "SELECT ?q WHERE { ?q a hkg:GeneralQualifier }")}
    terms = _terms(store)
    characterisations = _characterisations(store)
    measured = {pid for pid in {_local(r["p"]) for r in rows} if "measure" in general | allowed[pid]}
    rules = _rules(store, measured)
    out = {}
    for row in rows:
        pid = _local(row["p"])
        out[pid] = PropertyDef(
            pid, KINDS[_local(row["kind"])], row["en"], row["zh"], row["comment"],
            single_valued=row["single"] == "true", default_unit=row.get("unit"),
            units=tuple(sorted(allowed_units[pid])) or units if KINDS[_local(row["kind"])] == "quantity" else (),
            lists_units=bool(allowed_units[pid]),
            required_qualifiers=tuple(sorted(required[pid])), qualifiers=tuple(sorted(general | allowed[pid])),
            terms=terms.get(row.get("scheme", ""), ()), scope_compared=row["scoped"] == "true",
            characterisations=characterisations.get(row.get("scheme", ""), ()), **rules.get(pid, {}))
    return tuple(sorted(out.items()))


def _rules(store: ox.Store, measured: set[str]) -> dict[str, dict[str, Any]]:
    """The rules across facts the ontology states of each property, as PropertyDef fields.
    ``measured``: the properties that take a measure, whose figures a measure bounds."""
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in _select(store, """SELECT ?p ?salience ?role ?event ?undated WHERE { ?p a hkg:ClaimProperty .
            OPTIONAL { ?p hkg:salience ?salience } OPTIONAL { ?p hkg:spanRole/skos:notation ?role }
            OPTIONAL { ?p hkg:eventPhrase ?event FILTER(lang(?event) = "en") }
            OPTIONAL { ?p hkg:undatedPhrase ?undated FILTER(lang(?undated) = "en") } }"""):
        fields = {"salience": float(r["salience"]) if "salience" in r else None, "span_role": r.get("role"),
                  "event_phrase": r.get("event"), "undated_phrase": r.get("undated")}
        out[_local(r["p"])].update({k: v for k, v in fields.items() if v is not None})
    multi: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in _select(store, "SELECT ?p ?q WHERE { ?p hkg:precedes ?q }"):
        multi[(_local(r["p"]), "precedes")].add(_local(r["q"]))
    for r in _select(store, """SELECT ?p ?term WHERE { ?t hkg:impliesEvent ?p ; skos:notation ?term }"""):
        multi[(_local(r["p"]), "implied_by")].add(r["term"])
    for (pid, field), values in multi.items():
        out[pid][field] = tuple(sorted(values))

    def figures(node: str, is_measure: bool) -> list[tuple[str, str]]:
        return [(p, _local(node)) for p in sorted(measured)] if is_measure else [(_local(node), "")]

    bounds: dict[str, set[Bound]] = defaultdict(set)
    for r in _select(store, """SELECT ?a ?b ?ma ?mb WHERE { ?a hkg:boundedBy+ ?b .
            BIND(EXISTS { ?a a hkg:Measure } AS ?ma) BIND(EXISTS { ?b a hkg:Measure } AS ?mb) }"""):
        for pa, ma in figures(r["a"], r["ma"] == "true"):
            bounds[pa] |= {Bound(ma, pb, mb) for pb, mb in figures(r["b"], r["mb"] == "true")}
    for pid, found in bounds.items():
        out[pid]["bounded_by"] = tuple(sorted(found))
    parts: dict[str, set[str]] = defaultdict(set)
    for r in _select(store, "SELECT ?t ?p WHERE { ?t hkg:sumOf ?p }"):
        parts[_local(r["t"])].add(_local(r["p"]))
    for pid in sorted(measured) if parts else ():
        bounded = {(b.measure, b.by_measure) for b in bounds.get(pid, ()) if b.by_property == pid}
        out[pid]["sums"] = tuple(Sum(t, tuple(sorted(ps)), tuple(sorted(p for p in ps if (p, t) not in bounded)))
                                 for t, ps in sorted(parts.items()))
    return out
