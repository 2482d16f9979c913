"""The dataset's shape: claims, provenance, selectors, entities, SHACL."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from hengyang_kg.namespaces import HKG, OA, PROV, RDF, SKOS
from hengyang_kg.rdf.shacl import check_dataset, check_graph, shapes_graph

from .conftest import BASE

PREFIXES = f"PREFIX hkg: <{HKG}> PREFIX oa: <{OA}> PREFIX prov: <{PROV}> PREFIX rdf: <{RDF}> PREFIX skos: <{SKOS}> "


def test_every_claim_has_source_quote_and_selectors(store, corpus):
    rows = list(store.query(PREFIXES + f"""
        SELECT ?c ?src ?exact ?start ?end WHERE {{ GRAPH <{BASE}graph/provenance> {{
          ?c a hkg:Claim ; prov:wasDerivedFrom ?src ; hkg:quote ?q .
          ?q oa:hasSource ?src ; oa:hasSelector ?t , ?p .
          ?t a oa:TextQuoteSelector ; oa:exact ?exact .
          ?p a oa:TextPositionSelector ; oa:start ?start ; oa:end ?end . }} }}"""))
    assert len(rows) == len(corpus.claims)
    texts = {BASE + "source/" + sid: s.text for sid, s in corpus.sources.items()}
    for r in rows:
        start, end = int(r["start"].value), int(r["end"].value)
        assert texts[r["src"].value][start:end] == r["exact"].value  # offsets point at the exact passage


def test_claim_graph_matches_its_reification(store):
    rows = list(store.query(PREFIXES + f"""
        SELECT ?c WHERE {{ GRAPH <{BASE}graph/provenance> {{ ?c rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o }}
                           FILTER NOT EXISTS {{ GRAPH ?c {{ ?s ?p ?o }} }} }}"""))
    assert rows == []


def test_attributions_are_recorded(store, corpus):
    attributed = [c for c in corpus.claims if c.claim.attributed_to]
    rows = list(store.query(PREFIXES + f"SELECT ?c ?w WHERE {{ GRAPH <{BASE}graph/provenance> {{ ?c hkg:attributedTo ?w ; prov:wasQuotedFrom ?w }} }}"))
    assert len(rows) == len(attributed)


def test_entities_have_labels_in_both_scripts(store, corpus):
    for eid, ent in corpus.entities.items():
        if ent.labels.zh_Hans:
            langs = {r["l"].value for r in store.query(PREFIXES + f"SELECT (lang(?x) AS ?l) WHERE {{ GRAPH ?g {{ <{BASE}entity/{eid}> skos:prefLabel ?x }} }}")}
            assert {"zh-hans", "zh-hant"} <= langs, eid


def test_shacl_passes(quads):
    assert check_dataset(quads, BASE) == []


def test_shacl_catches_a_broken_claim():
    shapes = shapes_graph()
    g = rdflib.Graph()
    c = rdflib.URIRef(BASE + "claim/c900-001")
    g.add((c, rdflib.RDF.type, rdflib.URIRef(HKG + "Claim")))
    g.add((c, rdflib.RDF.type, rdflib.RDF.Statement))
    g.add((c, rdflib.URIRef(HKG + "claimId"), rdflib.Literal("bad id")))
    ok, report = check_graph(g, shapes)
    assert not ok
    assert "claimId" in report and "wasDerivedFrom" in report


def test_shacl_catches_a_value_of_the_wrong_kind():
    g = rdflib.Graph()
    g.add((rdflib.URIRef(BASE + "entity/x"), rdflib.URIRef(HKG + "casualties"), rdflib.Literal("many", lang="en")))
    ok, _ = check_graph(g, shapes_graph())
    assert not ok


def test_base_iri_is_configurable(corpus):
    from hengyang_kg.rdf.build import build_dataset

    other = build_dataset(corpus, "http://example.org/hy/")
    names = {q.graph_name.value for q in other if isinstance(q.graph_name, ox.NamedNode)}
    assert "http://example.org/hy/graph/provenance" in names
    assert all(n.startswith("http://example.org/hy/") for n in names)


def test_a_term_valued_claim_has_one_generic_term_predicate(store, corpus):
    """The term of every term-valued property is hkg:termValue, not a predicate named after one property."""
    termed = {c.claim.id: c.value for c in corpus.claims if c.prop.term_valued}
    rows = list(store.query(PREFIXES + f"""SELECT ?c ?t WHERE {{ GRAPH <{BASE}graph/provenance> {{
        ?c hkg:termValue ?t }} }}"""))
    assert termed and {r["c"].value.removeprefix(BASE + "claim/"): r["t"].value for r in rows} == {
        cid: v.id for cid, v in termed.items()}  # type: ignore[attr-defined]
    assert not bool(store.query(PREFIXES + "ASK { GRAPH ?g { ?c hkg:fateTerm ?t } }"))


def test_shacl_catches_a_term_value_that_is_not_a_term():
    g = rdflib.Graph()
    c = rdflib.URIRef(BASE + "claim/c900-001")
    g.add((c, rdflib.RDF.type, rdflib.URIRef(HKG + "Claim")))
    g.add((c, rdflib.URIRef(HKG + "termValue"), rdflib.Literal("Killed in action")))
    ok, report = check_graph(g, shapes_graph())
    assert not ok and "termValue" in report
