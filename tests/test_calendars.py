"""Era dates and EDTF through the whole pipeline: parsed, reconciled, in RDF and conflicts.json."""

from __future__ import annotations

import pyoxigraph as ox

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.rdf.build import build_dataset, dataset_quads
from hengyang_kg.rdf.shacl import check_dataset
from hengyang_kg.reconcile import reconcile

from .conftest import BASE
from .report_whole import report_data
from .test_ids import add_source

TEXT = "據民国三十三年六月二十三日電，衡陽戰起。日方記為昭和19年6月23日。\n"
CLAIMS = """- id: era-1
  subject: defence_of_hengyang
  property: startDate
  value: 民国三十三年六月二十三日
  quote: 據民国三十三年六月二十三日電
- id: era-2
  subject: defence_of_hengyang
  property: startDate
  value: 昭和19年6月23日
  quote: 日方記為昭和19年6月23日
"""


def _corpus(mini_root):
    add_source(mini_root, "era_test", CLAIMS, TEXT)
    return load_corpus(mini_root)


def test_era_dates_join_the_chinese_gregorian_date(mini_root):
    corpus = _corpus(mini_root)
    recon = reconcile(corpus)
    fact = next(f for f in recon.facts if f.key.property == "startDate")
    assert fact.status == "agreement"
    [position] = fact.positions
    assert {c.claim.id for c in position.claims} == {"c900-001", "era-1", "era-2"}


def test_conflicts_json_gives_edtf_and_the_era_conversion(mini_root):
    corpus = _corpus(mini_root)
    data = report_data(reconcile(corpus), corpus, BASE)
    fact = next(f for f in data["facts"] if f["property"]["id"] == "startDate")
    assert fact["positions"][0]["edtf"] == "1944-06-23"
    claims = {c["id"]: c for c in fact["positions"][0]["claims"]}
    assert claims["era-1"]["edtf"] == "1944-06-23"
    assert claims["era-1"]["era_years"] == [{"written": "民国三十三年", "era": "民国", "year_in_era": 33,
                                             "gregorian": 1944, "rule": "民国 33 = 1911 + 33 = 1944"}]
    assert claims["era-2"]["era_years"][0]["rule"] == "昭和 19 = 1925 + 19 = 1944"
    assert claims["c900-001"]["era_years"] == []
    casualty = next(f for f in data["facts"] if f["property"]["id"] == "casualties")
    assert casualty["positions"][0]["edtf"] is None and casualty["positions"][0]["claims"][0]["edtf"] is None


def test_rdf_types_edtf_and_records_the_conversion(mini_root):
    corpus = _corpus(mini_root)
    recon = reconcile(corpus)
    store = build_dataset(corpus, BASE, recon)
    rows = list(store.query("""
        PREFIX hkg: <https://w3id.org/hengyang-kg/ontology#>
        SELECT ?edtf ?era ?n ?g WHERE { GRAPH ?p {
          <https://w3id.org/hengyang-kg/claim/era-2> hkg:edtf ?edtf ; hkg:eraYear ?e .
          ?e a hkg:EraYear ; hkg:era ?era ; hkg:yearInEra ?n ; hkg:gregorianYear ?g } }"""))
    assert len(rows) == 1
    r = rows[0]
    assert r["edtf"] == ox.Literal("1944-06-23", datatype=ox.NamedNode("http://id.loc.gov/datatypes/edtf/EDTF"))
    assert (r["era"].value, r["era"].language, r["n"].value, r["g"].value) == ("昭和", "ja", "19", "1944")
    assert check_dataset(dataset_quads(corpus, BASE, recon), BASE) == []


EN_TEXT = ("Japanese losses are put at 120,000+ in the campaign and at 45,000 to 55,000 in the siege; "
           "the garrison numbered 16,300 men. The last assault came in late July 1944, and the city fell on 8 August 1944.\n")
EN_CLAIMS = """- id: en-1
  subject: defence_of_hengyang
  property: casualties
  qualifiers: {side: japan, measure: killed_and_wounded}
  value: 45,000 to 55,000
  quote: at 45,000 to 55,000 in the siege
- id: en-2
  subject: defence_of_hengyang
  property: strength
  qualifiers: {side: china}
  value: 16,300 men
  quote: the garrison numbered 16,300 men
- id: en-3
  subject: defence_of_hengyang
  property: casualties
  qualifiers: {side: japan, measure: killed_and_wounded}
  value: 120,000+
  quote: Japanese losses are put at 120,000+
- id: en-4
  subject: defence_of_hengyang
  property: startDate
  value: late July 1944
  quote: The last assault came in late July 1944
"""


def test_english_figures_reconcile_against_the_chinese_claims(mini_root):
    add_source(mini_root, "en_test", EN_CLAIMS, EN_TEXT)
    corpus = load_corpus(mini_root)
    recon = reconcile(corpus)
    fact_of = {c.claim.id: f for f in recon.facts for c in f.claims}
    assert fact_of["en-1"].id == fact_of["c900-003"].id == fact_of["en-3"].id  # with 約6萬人 and 19380人
    assert fact_of["en-2"].id == fact_of["c900-005"].id                        # with 1.7万余人
    assert fact_of["en-4"].id == fact_of["c900-001"].id                        # with 1944年6月23日
    values = {c.claim.id: c.value for c in corpus.claims}
    assert values["en-1"].interval == (45000, 55000) and values["en-2"].interval == (16300, 16300)
    assert values["en-3"].lower == 120000
    data = report_data(recon, corpus, BASE)
    edtf = {c["id"]: c["edtf"] for f in data["facts"] for p in f["positions"] for c in p["claims"]}
    assert edtf["en-4"] == "1944-07-21/1944-07-31"
    start = next(f for f in data["facts"] if f["property"]["id"] == "startDate")
    assert start["status"] == "conflict"  # late July 1944 cannot be 23 June 1944
