"""hengyang.rdf12.trig: every claim the RDF 1.2 reifier of its (unasserted) triple term,
read back by pyoxigraph and checked claim by claim against the named-graph form."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
import rdflib

from hengyang_kg.rdf.rdf12 import REIFIES, is_rdf11_reification, rdf12_quads

from .conftest import BASE

PROV = BASE + "graph/provenance"


@pytest.fixture(scope="module")
def parsed(exports) -> list[ox.Quad]:
    return list(ox.parse(path=str(exports["hengyang.rdf12.trig"]), format=ox.RdfFormat.TRIG))


def missing_from(rdf12: set[ox.Quad], quads: list[ox.Quad], claim_ids: list[str]) -> list[str]:
    """What the RDF 1.2 form lacks of each claim of the named-graph form: its reified triple
    (the one its named graph asserts) or a triple of its description (the claim's own and
    its quote's and selectors'), the RDF 1.1 reification excepted."""
    asserted = {q.graph_name.value: q.triple for q in quads if q.graph_name.value.startswith(BASE + "claim/")}
    prov = ox.NamedNode(PROV)
    described: dict[str, list[ox.Quad]] = {}  # claim IRI → its description and its quote's
    head = BASE + "claim/"
    for q in quads:
        if q.graph_name == prov and q.subject.value.startswith(head) and not is_rdf11_reification(q):
            described.setdefault(head + q.subject.value[len(head):].split("/")[0], []).append(q)
    problems: list[str] = []
    for cid in claim_ids:
        iri = BASE + "claim/" + cid
        if ox.Quad(ox.NamedNode(iri), REIFIES, asserted[iri], prov) not in rdf12:
            problems.append(f"{cid}: no rdf:reifies of its triple")
        mine = described.get(iri, [])
        if len(mine) < 15:
            problems.append(f"{cid}: only {len(mine)} provenance triples in the named-graph form")
        problems += [f"{cid}: lacks {q}" for q in mine if q not in rdf12]
    return problems


def test_pyoxigraph_reads_back_what_was_built(parsed, quads):
    built = list(rdf12_quads(quads, BASE))
    assert len(parsed) == len(built) == len(set(built))
    assert set(parsed) == set(built)


def test_every_claim_is_a_reifier_with_its_provenance(parsed, quads, corpus):
    ids = [c.claim.id for c in corpus.claims]
    assert len(ids) > 900
    assert missing_from(set(parsed), quads, ids) == []


def test_a_dropped_claim_is_noticed(parsed, quads, corpus):
    """The check above fails when one claim's reifier, or one line of its provenance, is gone."""
    ids = [c.claim.id for c in corpus.claims]
    victim = ox.NamedNode(BASE + "claim/" + ids[len(ids) // 2])
    without_reifier = {q for q in parsed if not (q.subject == victim and q.predicate == REIFIES)}
    assert missing_from(without_reifier, quads, ids) == [f"{ids[len(ids) // 2]}: no rdf:reifies of its triple"]
    without_quote = {q for q in parsed if q.subject != ox.NamedNode(victim.value + "/quote/text")}
    assert len(missing_from(without_quote, quads, ids)) == 4  # type, exact, prefix, suffix of its selector


def test_triple_terms_are_not_asserted(parsed, quads, corpus):
    """No claim graph, no RDF 1.1 reification, and no source's triple stated as such."""
    graphs = {q.graph_name.value for q in parsed}
    assert graphs == {BASE + "graph/" + g for g in ("entities", "provenance", "reconciliation")}
    assert not any(is_rdf11_reification(q) for q in parsed)
    claim_triples = {q.triple for q in quads if q.graph_name.value.startswith(BASE + "claim/")}
    assert not claim_triples & {q.triple for q in parsed}
    reified = [q for q in parsed if q.predicate == REIFIES]
    assert all(isinstance(q.object, ox.Triple) for q in reified)
    assert len(reified) == len(corpus.claims)  # one reifier per claim, even when two claims say one triple


def test_the_other_graphs_are_those_of_the_named_graph_form(parsed, quads):
    for g in ("entities", "reconciliation"):
        name = ox.NamedNode(BASE + "graph/" + g)
        assert {q for q in parsed if q.graph_name == name} == {q for q in quads if q.graph_name == name}, g


def test_sparql_12_finds_who_said_what(exports):
    """A reifier pattern in SPARQL 1.2: the sources of each figure of Japanese casualties."""
    store = ox.Store()
    store.bulk_load(path=str(exports["hengyang.rdf12.trig"]), format=ox.RdfFormat.TRIG)
    rows = list(store.query("""
        PREFIX hkg: <https://w3id.org/hengyang-kg/ontology#>
        PREFIX prov: <http://www.w3.org/ns/prov#>
        PREFIX entity: <https://w3id.org/hengyang-kg/entity/>
        SELECT ?value ?source WHERE { GRAPH ?g {
          << entity:defence_of_hengyang hkg:casualties ?value ~ ?claim >> prov:wasDerivedFrom ?source ;
                                                                         hkg:side hkg:japan } }"""))
    assert {(r["value"].value, r["source"].value.rsplit("/", 1)[-1][:3]) for r in rows} >= {("19380", "002"),
                                                                                            ("19380", "000")}
    # and the asserted form says nothing of it: the triple terms are not in the default graph or any graph
    assert not bool(store.query("ASK { GRAPH ?g { ?s <https://w3id.org/hengyang-kg/ontology#casualties> ?o } }"))


def test_manifest_lists_it(tmp_path):
    from hengyang_kg.cli import main

    from .conftest import FIXTURES

    assert main(["--root", str(FIXTURES / "mini"), "build", "--out", str(tmp_path)]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text(encoding="utf-8"))
    assert "hengyang.rdf12.trig" in manifest["parts"]["dataset"]["files"]


def test_rdflib_cannot_read_rdf_12_yet(exports):
    """The README says so and points to pyoxigraph; when rdflib learns RDF 1.2, say otherwise."""
    with pytest.raises(Exception, match="(?i)bad syntax"):
        rdflib.Dataset().parse(exports["hengyang.rdf12.trig"], format="trig")
