"""The reconciliation as RDF: ``graph:reconciliation`` (facts, positions, origins,
explanations, checks, text reuse), linked to the claims' IRIs."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pyoxigraph as ox

from .rdf import H, T, Iris, N, Quad, _dec, _int, _lit
from .reconcile import Reconciliation
from .vocab import RDFS, XSD

COMMENT = N(RDFS + "comment")


def _bound(kind: str, x) -> ox.Literal:
    if kind == "date":
        return _lit(str(x), XSD + "date")
    return _dec(x if isinstance(x, (int, Decimal)) else Decimal(str(x)))


def reconciliation_quads(recon: Reconciliation, base: str) -> Iterator[Quad]:
    iris = Iris(base)
    g = iris.graph("reconciliation")

    def q(s, p, o):
        return Quad(s, p, o, g)

    for f in recon.facts:
        F = N(f"{base}fact/{f.id}")
        yield q(F, T["type"], H("Fact"))
        yield q(F, H("factId"), _lit(f.id))
        yield q(F, H("aboutSubject"), iris.entity(f.subject))
        yield q(F, H("aboutProperty"), H(f.property))
        side, measure, item, share = f.key[2:]
        if side:
            yield q(F, H("side"), H(side))
        if measure:
            yield q(F, H("measure"), H(measure))
        if item:
            yield q(F, H("item"), _lit(item))
        if share:
            yield q(F, H("unit"), _lit(share))
        yield q(F, H("status"), H(f.status))
        positions = [N(f"{F.value}/position/{n}") for n in range(1, len(f.positions) + 1)]
        for P in positions:
            yield q(F, H("hasPosition"), P)
        explanations = [N(f"{F.value}/explanation/{n}") for n in range(1, len(f.explanations) + 1)]
        for X in explanations:
            yield q(F, H("hasExplanation"), X)
        for r in f.related:
            yield q(F, H("relatedFact"), N(f"{base}fact/{r}"))
        for P, p in zip(positions, f.positions):
            yield q(P, T["type"], H("Position"))
            yield q(P, H("positionValue"), _lit(str(p.value)))
            yield q(P, H("independentSupport"), _int(p.independent_support))
            if p.lower is not None:
                yield q(P, H("lowerBound"), _bound(f.kind, p.lower))
                yield q(P, H("upperBound"), _bound(f.kind, p.upper))
            for c in sorted(p.claims, key=lambda c: c.claim.id):
                yield q(P, H("supportedBy"), iris.claim(c.claim.id))
            origins = [N(f"{P.value}/origin/{n}") for n in range(1, len(p.origins) + 1)]
            for O in origins:
                yield q(P, H("hasOrigin"), O)
            for O, o in zip(origins, p.origins):
                yield q(O, T["type"], H("Origin"))
                for cid in o.claims:
                    yield q(O, H("supportedBy"), iris.claim(cid))
                if o.cited:
                    yield q(O, H("attributedTo"), iris.entity(o.cited))
                if o.reason:
                    yield q(O, COMMENT, _lit(o.reason, lang="en"))
        for X, e in zip(explanations, f.explanations):
            yield q(X, T["type"], H("Explanation"))
            yield q(X, H("explanationKind"), _lit(e.kind))
            yield q(X, COMMENT, _lit(e.text, lang="en"))
    for n, c in enumerate(recon.checks, 1):
        K = N(f"{base}check/{n}")
        yield q(K, T["type"], H("Check"))
        yield q(K, H("checkKind"), _lit(c.kind))
        yield q(K, COMMENT, _lit(c.text, lang="en"))
        for cid in c.claims:
            yield q(K, H("concernsClaim"), iris.claim(cid))
    for r in recon.reuse:
        R = N(f"{base}reuse/{r.a[:3]}-{r.b[:3]}")
        yield q(R, T["type"], H("TextReuse"))
        yield q(R, H("betweenSource"), iris.source(r.a))
        yield q(R, H("betweenSource"), iris.source(r.b))
        yield q(R, H("sharedCharacters"), _int(r.shared_chars))
        passages = [N(f"{R.value}/passage/{n}") for n in range(1, len(r.passages) + 1)]
        for Pa in passages:
            yield q(R, H("hasPassage"), Pa)
        for Pa, p in zip(passages, r.passages):
            yield q(Pa, T["type"], H("SharedPassage"))
            targets = [(N(f"{Pa.value}/{side}"), sid, start, end)
                       for side, sid, start, end in (("a", r.a, p.a_start, p.a_end), ("b", r.b, p.b_start, p.b_end))]
            for Tg, *_ in targets:
                yield q(Pa, H("passageIn"), Tg)
            for Tg, sid, start, end in targets:
                sel = N(f"{Tg.value}/position")
                yield q(Tg, T["type"], T["SpecificResource"])
                yield q(Tg, T["hasSource"], iris.source(sid))
                yield q(Tg, T["hasSelector"], sel)
                yield q(sel, T["type"], T["TPS"])
                yield q(sel, T["start"], _int(start))
                yield q(sel, T["end"], _int(end))
