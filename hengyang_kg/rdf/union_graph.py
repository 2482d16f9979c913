"""The Turtle export is the union graph; this rebuilds the named graphs from it.

Every claim is reified in the provenance graph (rdf:subject/predicate/object), so
the claim graphs come back; the provenance, entity and reconciliation graphs are
told apart by their subjects (claims, quotes, selectors and sources; entities and
aliases; facts, checks and text reuse).
This is what makes the union lossless.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from hengyang_kg.namespaces import RDF


def dataset_from_union(triples: list[ox.Triple], base: str) -> list[ox.Quad]:
    claim_ns, source_ns = base + "claim/", base + "source/"
    entity_ns = base + "entity/"
    reconciled = (base + "fact/", base + "check/", base + "reuse/")
    prov, ents = ox.NamedNode(base + "graph/provenance"), ox.NamedNode(base + "graph/entities")
    recon = ox.NamedNode(base + "graph/reconciliation")
    spo: dict[str, dict[str, Any]] = {}  # claim IRI → rdf:subject/predicate/object → term
    out: list[ox.Quad] = []
    for t in triples:
        s = str(t.subject.value) if isinstance(t.subject, (ox.NamedNode, ox.BlankNode)) else ""
        if s.startswith(reconciled):
            out.append(ox.Quad(t.subject, t.predicate, t.object, recon))
        elif s.startswith((claim_ns, source_ns)):
            out.append(ox.Quad(t.subject, t.predicate, t.object, prov))
            if "/" not in s[len(claim_ns):] and s.startswith(claim_ns):
                p = t.predicate.value
                if p in (RDF + "subject", RDF + "predicate", RDF + "object"):
                    spo.setdefault(s, {})[p] = t.object
    for c, parts in spo.items():
        out.append(ox.Quad(parts[RDF + "subject"], parts[RDF + "predicate"], parts[RDF + "object"], ox.NamedNode(c)))
    for t in triples:
        s = str(t.subject.value) if isinstance(t.subject, (ox.NamedNode, ox.BlankNode)) else ""
        # entity descriptions; claim properties on entities are the claims' asserted triples
        if s.startswith(entity_ns) and _entity_graph_predicate(t.predicate.value):
            out.append(ox.Quad(t.subject, t.predicate, t.object, ents))
    return out


def _entity_graph_predicate(p: str) -> bool:
    from hengyang_kg.namespaces import DCTERMS, HKG, RDFS, SKOS

    return p in {RDF + "type", SKOS + "prefLabel", SKOS + "altLabel", DCTERMS + "isPartOf", HKG + "side",
                 HKG + "alias", HKG + "aliasText", HKG + "aliasKind", HKG + "occursIn", RDFS + "comment",
                 DCTERMS + "title", DCTERMS + "alternative", DCTERMS + "creator"}  # the last three: a work's citation
