"""Units are declared in the ontology (hkg:Unit), never in code: a claim's unit is checked
against them at load time, and a new unit is a TTL edit plus data."""

from __future__ import annotations

import json
import re

import pytest

from hengyang_kg.cli import main
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.curation.properties import claim_properties, declared_units
from hengyang_kg.errors import DataErrors
from hengyang_kg.text.quantities import UNIT_WORDS

from .test_ontology import claim_yaml, with_new_property

NEW_UNIT = """
hkg:unit_horse a hkg:Unit , skos:Concept ;
    skos:inScheme hkg:UnitScheme ;
    skos:notation "horse" ;
    skos:prefLabel "horse"@en , "匹"@zh-Hans .

hkg:horsesLost a owl:DatatypeProperty , hkg:ClaimProperty , hkg:SingleValuedProperty ;
    rdfs:label "horses lost"@en , "损失马匹"@zh-Hans ;
    rdfs:comment "How many horses a side lost in an event."@en ;
    hkg:valueKind hkg:QuantityValue ;
    hkg:defaultUnit "horse" ;
    hkg:allowsUnit hkg:unit_horse ;
    hkg:requiresQualifier hkg:side .
"""
NEW_TEXT = "日军损失马匹800余。\n"
NEW_CLAIMS = claim_yaml("c900-201", "horsesLost", "800余", "日军损失马匹800余", "{side: japan}")


def test_the_package_declares_every_unit_the_text_reads_and_every_default_unit():
    units = set(declared_units())
    assert {u for u, _ in UNIT_WORDS} <= units
    assert {p.default_unit for p in claim_properties().values() if p.default_unit} <= units
    assert claim_properties()["amount"].units == declared_units()  # lists none: takes every unit
    assert claim_properties()["casualties"].units == ("percent", "person")  # hkg:allowsUnit
    assert claim_properties()["fate"].units == ()


def test_a_property_with_a_new_unit_is_a_ttl_edit_plus_data(mini_root, capsys):
    with_new_property(mini_root, NEW_CLAIMS, NEW_UNIT, NEW_TEXT)
    assert "horse" not in declared_units()  # the package's own vocabulary is untouched
    corpus = load_corpus(mini_root)
    (new,) = [c for c in corpus.claims if c.claim.property == "horsesLost"]
    assert new.value.unit == "horse"
    assert main(["--root", str(mini_root), "validate"]) == 0
    assert main(["--root", str(mini_root), "build", "--out", str(mini_root / "out")]) == 0
    nq = (mini_root / "out" / "hengyang.nq").read_text(encoding="utf-8")
    assert re.search(r"<[^>]*claim/c900-201> <https://w3id.org/hengyang-kg/ontology#unit> \"horse\" ", nq)
    capsys.readouterr()
    assert main(["--root", str(mini_root), "schema"]) == 0
    schema = json.loads(capsys.readouterr().out)
    assert "horse" in schema["$defs"]["Claim"]["properties"]["unit"]["anyOf"][0]["enum"]


def test_bad_units_are_reported_all_at_once_with_the_allowed_units(mini_root):
    claims = NEW_CLAIMS + NEW_CLAIMS.replace("c900-201", "c900-202").replace(
        "  value:", "  unit: horses\n  value:") + NEW_CLAIMS.replace("c900-201", "c900-203").replace(
        "  value:", "  unit: person\n  value:")
    with_new_property(mini_root, claims, NEW_UNIT, NEW_TEXT)
    claims_file = next((mini_root / "data" / "claims").glob("*.yaml"))
    claims_file.write_text(claims_file.read_text(encoding="utf-8").replace(
        "  value: 1.7万余人", "  unit: kilometre\n  value: 1.7万余人"), encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    errors = {e.message: e for e in info.value.errors}
    assert len(errors) == 3, list(errors)
    horses = errors["claim c900-202: unit 'horses' is not a unit horsesLost takes; it takes: horse"]
    assert horses.file == "data/claims/900_0123456789abcdef.yaml" and horses.line > 30
    assert "did you mean 'horse'?" in horses.hint
    person = errors["claim c900-203: unit 'person' is not a unit horsesLost takes; it takes: horse"]
    assert "listed by hkg:allowsUnit on horsesLost" in person.hint
    km = errors["claim c900-005: unit 'kilometre' is not a unit strength takes; it takes: percent, person"]
    assert km.line == 29 and "an hkg:Unit with skos:notation 'kilometre'" in km.hint


def test_a_unit_read_from_the_value_must_be_one_the_property_takes(mini_root):
    with_new_property(mini_root, NEW_CLAIMS.replace("800余", "800余人"), NEW_UNIT, NEW_TEXT.replace("800余", "800余人"))
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    (err,) = info.value.errors
    assert err.message == ("claim c900-201: the value's counter word reads as unit 'person', and that is not a unit "
                           "horsesLost takes; it takes: horse")
    assert err.hint.startswith("give unit: one of horse; or declare the unit")


def test_a_default_unit_the_ontology_does_not_declare_is_reported(mini_root):
    with_new_property(mini_root, NEW_CLAIMS, NEW_UNIT.replace('hkg:defaultUnit "horse"', 'hkg:defaultUnit "hors"'),
                      NEW_TEXT)
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    (err,) = info.value.errors
    assert "the default unit of horsesLost (hkg:defaultUnit 'hors') is not a unit horsesLost takes" in err.message
    assert "correct hkg:defaultUnit of horsesLost" in err.hint
