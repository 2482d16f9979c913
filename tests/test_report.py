"""The report contract (DESIGN §5), its determinism, and the reconciliation graph in SPARQL."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys

from .conftest import BASE, PROJECT, ROOT
from .report_whole import report_data, to_json, to_markdown

STATUSES = {"agreement", "compatible", "conflict"}


def test_report_json_contract(recon, corpus):
    data = json.loads(json.dumps(report_data(recon, corpus, BASE)))
    assert {"facts", "checks", "reuse", "summary", "sources"} <= set(data)
    for f in data["facts"]:
        assert {"id", "subject", "property", "qualifiers", "status", "positions", "explanations"} <= set(f)
        assert {"id", "iri", "label"} <= set(f["subject"]) and {"id", "iri", "label"} <= set(f["property"])
        assert f["status"] in STATUSES
        for p in f["positions"]:
            assert {"value", "lower", "upper", "independent_support", "claims"} <= set(p)
            assert 1 <= p["independent_support"] <= len(p["claims"])
            for c in p["claims"]:
                assert {"id", "source", "raw", "quote", "attributed_to"} <= set(c)
        for e in f["explanations"]:
            assert {"kind", "text"} <= set(e)
    for c in data["checks"]:
        assert {"kind", "text", "claims"} <= set(c)
    statuses = [f["status"] for f in data["facts"]]
    assert statuses == sorted(statuses, key=["conflict", "compatible", "agreement"].index)


def test_markdown_lists_every_conflict(recon, corpus):
    data = report_data(recon, corpus, BASE)
    md = to_markdown(data)
    for f in data["facts"]:
        if f["status"] == "conflict":
            assert f"`{f['id']}`" in md


def _report(out) -> dict[str, str]:
    subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--root", str(ROOT), "report", "--out", str(out)],
                   check=True, capture_output=True)
    return {p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(out.rglob("*")) if p.is_file()}


def test_report_is_byte_identical_across_runs(tmp_path):
    a, b = _report(tmp_path / "a"), _report(tmp_path / "b")
    assert a == b
    assert {"conflicts.html", "conflicts.json", "conflicts.md", "manifest.json"} == {n for n in a if "/" not in n}
    assert any(n.startswith("entities/") for n in a) and any(n.startswith("sources/") for n in a)


def test_sparql_finds_conflicts_and_why(store):
    q = f"""PREFIX hkg: <https://w3id.org/hengyang-kg/ontology#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    SELECT ?id ?kind ?text WHERE {{ GRAPH <{BASE}graph/reconciliation> {{
      ?f hkg:status hkg:conflict ; hkg:factId ?id ; hkg:hasExplanation ?x .
      ?x hkg:explanationKind ?kind ; rdfs:comment ?text . }} }} ORDER BY ?id ?kind"""
    rows = [(r["id"].value, r["kind"].value) for r in store.query(q)]
    assert ("defence_of_hengyang.duration", "reckoning") in rows
    assert ("defence_of_hengyang.casualties.japan.killed_and_wounded", "attribution") in rows
    supported = f"""PREFIX hkg: <https://w3id.org/hengyang-kg/ontology#>
    SELECT ?claim ?raw WHERE {{
      GRAPH <{BASE}graph/reconciliation> {{ <{BASE}fact/defence_of_hengyang.duration> hkg:hasPosition ?p .
                                           ?p hkg:positionValue "48" ; hkg:supportedBy ?claim }}
      GRAPH <{BASE}graph/provenance> {{ ?claim hkg:rawValue ?raw }} }}"""
    assert sorted(r["raw"].value for r in store.query(supported)) == ["48日", "48日"]


def test_one_normalised_value_for_report_rdf_and_positions(recon, corpus, store):
    """A claim's normalised value is the same in conflicts.json, in hkg:normalizedValue and
    in the position that holds it (values compared as equal are one position)."""
    from hengyang_kg.text.numerals import number_text

    rdf = {r["id"].value: r["v"].value for r in store.query(
        "PREFIX hkg: <https://w3id.org/hengyang-kg/ontology#> "
        "SELECT ?id ?v WHERE { GRAPH ?g { ?c hkg:claimId ?id ; hkg:normalizedValue ?v } }")}
    data = report_data(recon, corpus, BASE)
    seen = 0
    for f in data["facts"]:
        for p in f["positions"]:
            for c in p["claims"]:
                v = c["value"]
                assert (number_text(v) if isinstance(v, int) else str(v)) == rdf[c["id"]], c["id"]
                if f["kind"] in ("entity", "text"):
                    assert v == p["value"], c["id"]
                seen += 1
    assert seen == len(corpus.claims)
    folded = [c for c in corpus.claims if c.kind == "text" and c.claim.property != "fate" and c.lang == "zh-Hant"]
    assert folded, "the corpus has text claims in traditional script"


def test_committed_report_schema_equals_the_model():
    from hengyang_kg.report.contract import report_schema

    committed = json.loads((PROJECT / "schema" / "report.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(report_schema())), "run: hengyang-kg schema --report > schema/report.schema.json"


def test_report_is_validated_against_its_contract(recon, corpus):
    """conflicts.json round-trips through the models, and a field the contract lacks is refused."""
    import pydantic
    import pytest

    from hengyang_kg.report.contract import Report
    from hengyang_kg.report.data import build_report

    report = build_report(recon, corpus, BASE)
    text = to_json(report_data(recon, corpus, BASE))
    assert Report.model_validate_json(text) == report
    data = json.loads(text)
    data["facts"][0]["positions"][0]["claims"][0]["unknown_field"] = 1
    with pytest.raises(pydantic.ValidationError):
        Report.model_validate(data)
    data = json.loads(text)
    data["facts"][0]["status"] = "disputed"
    with pytest.raises(pydantic.ValidationError):
        Report.model_validate(data)
