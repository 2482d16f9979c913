"""The reconciliation as RDF: ``graph:reconciliation`` (facts, positions, origins,
explanations, checks, text reuse), linked to the claims' IRIs."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pyoxigraph as ox

from hengyang_kg.curation.calendars import interval_edtf
from hengyang_kg.namespaces import RDFS, XSD
from hengyang_kg.rdf.terms import TERMS as T
from hengyang_kg.rdf.terms import (
    Iris,
    N,
    Object,
    Quad,
    decimal_literal,
    hkg,
    integer_literal,
    literal,
)
from hengyang_kg.curation.ids import short_id
from hengyang_kg.reconcile.types import Bound, Reconciliation
from hengyang_kg.text.edtf import EDTF_DATATYPE

COMMENT = N(RDFS + "comment")


def _bound(kind: str, x: Bound) -> ox.Literal:
    if kind == "date":
        return literal(str(x), XSD + "date")
    return decimal_literal(x if isinstance(x, (int, Decimal)) else Decimal(str(x)))


def reconciliation_quads(recon: Reconciliation, base: str) -> Iterator[Quad]:
    iris = Iris(base)
    g = iris.graph("reconciliation")

    def q(s: N, p: N, o: Object) -> Quad:
        return Quad(s, p, o, g)

    for f in recon.facts:
        F = N(f"{base}fact/{f.id}")
        yield q(F, T["type"], hkg("Fact"))
        yield q(F, hkg("factId"), literal(f.id))
        yield q(F, hkg("aboutSubject"), iris.entity(f.subject))
        yield q(F, hkg("aboutProperty"), hkg(f.property))
        side, measure, item, share, occasion = f.key.qualifiers
        if side:
            yield q(F, hkg("side"), hkg(side))
        if measure:
            yield q(F, hkg("measure"), hkg(measure))
        if item:
            yield q(F, hkg("item"), literal(item))
        if share:
            yield q(F, hkg("unit"), literal(share))
        if occasion:
            yield q(F, hkg("occasion"), integer_literal(int(occasion.removeprefix("occasion"))))
        yield q(F, hkg("status"), hkg(f.status))
        positions = [N(f"{F.value}/position/{n}") for n in range(1, len(f.positions) + 1)]
        for P in positions:
            yield q(F, hkg("hasPosition"), P)
        explanations = [N(f"{F.value}/explanation/{n}") for n in range(1, len(f.explanations) + 1)]
        for X in explanations:
            yield q(F, hkg("hasExplanation"), X)
        for rid in f.related:
            yield q(F, hkg("relatedFact"), N(f"{base}fact/{rid}"))
        for P, p in zip(positions, f.positions):
            yield q(P, T["type"], hkg("Position"))
            yield q(P, hkg("positionValue"), literal(str(p.value)))
            yield q(P, hkg("independentSupport"), integer_literal(p.independent_support))
            if p.lower is not None:  # an open side is absent
                yield q(P, hkg("lowerBound"), _bound(f.kind, p.lower))
            if p.upper is not None:
                yield q(P, hkg("upperBound"), _bound(f.kind, p.upper))
            if f.kind == "date":
                yield q(P, hkg("edtf"), literal(interval_edtf(p.lower, p.upper) or "", EDTF_DATATYPE))
            for c in sorted(p.claims, key=lambda c: c.claim.id):
                yield q(P, hkg("supportedBy"), iris.claim(c.claim.id))
            origins = [N(f"{P.value}/origin/{n}") for n in range(1, len(p.origins) + 1)]
            for O in origins:
                yield q(P, hkg("hasOrigin"), O)
            for O, o in zip(origins, p.origins):
                yield q(O, T["type"], hkg("Origin"))
                for cid in o.claims:
                    yield q(O, hkg("supportedBy"), iris.claim(cid))
                if o.cited:
                    yield q(O, hkg("attributedTo"), iris.entity(o.cited))
                if o.reason:
                    yield q(O, COMMENT, literal(o.reason, lang="en"))
        for X, e in zip(explanations, f.explanations):
            yield q(X, T["type"], hkg("Explanation"))
            yield q(X, hkg("explanationKind"), literal(e.kind))
            yield q(X, COMMENT, literal(e.text, lang="en"))
    for n, check in enumerate(recon.checks, 1):
        K = N(f"{base}check/{n}")
        yield q(K, T["type"], hkg("Check"))
        yield q(K, hkg("checkKind"), literal(check.kind))
        yield q(K, COMMENT, literal(check.text, lang="en"))
        for cid in check.claims:
            yield q(K, hkg("concernsClaim"), iris.claim(cid))
    for r in recon.reuse:
        R = N(f"{base}reuse/{short_id(r.a)}-{short_id(r.b)}")
        yield q(R, T["type"], hkg("TextReuse"))
        yield q(R, hkg("betweenSource"), iris.source(r.a))
        yield q(R, hkg("betweenSource"), iris.source(r.b))
        yield q(R, hkg("sharedCharacters"), integer_literal(r.shared_chars))
        passages = [N(f"{R.value}/passage/{n}") for n in range(1, len(r.passages) + 1)]
        for Pa in passages:
            yield q(R, hkg("hasPassage"), Pa)
        for Pa, sp in zip(passages, r.passages):
            yield q(Pa, T["type"], hkg("SharedPassage"))
            targets = [(N(f"{Pa.value}/{side}"), sid, start, end)
                       for side, sid, start, end in (("a", r.a, sp.a_start, sp.a_end), ("b", r.b, sp.b_start, sp.b_end))]
            for Tg, *_ in targets:
                yield q(Pa, hkg("passageIn"), Tg)
            for Tg, sid, start, end in targets:
                sel = N(f"{Tg.value}/position")
                yield q(Tg, T["type"], T["SpecificResource"])
                yield q(Tg, T["hasSource"], iris.source(sid))
                yield q(Tg, T["hasSelector"], sel)
                yield q(sel, T["type"], T["TPS"])
                yield q(sel, T["start"], integer_literal(start))
                yield q(sel, T["end"], integer_literal(end))
