"""Units are declared in the ontology (hkg:Unit), never in code: a claim's unit is checked
against them at load time, the report writes the words declared with it, and a new unit is a
TTL edit plus data."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest

from hengyang_kg.cli import main
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.curation.properties import (
    claim_properties,
    declared_units,
    ontology_file,
    unit_words,
)
from hengyang_kg.errors import DataErrors
from hengyang_kg.namespaces import HKG, SKOS
from hengyang_kg.reconcile import reconcile
from hengyang_kg.report import charts, headline
from hengyang_kg.report.charts import fact_chart
from hengyang_kg.report.headline import headline as lead
from hengyang_kg.text.quantities import UNIT_WORDS

from .conftest import BASE
from .report_whole import report_data
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


HORSE_WORDS = NEW_UNIT.replace('skos:prefLabel "horse"@en , "匹"@zh-Hans .', """skos:prefLabel "horse"@en , "匹"@zh-Hans ;
    hkg:figureSuffix " mounts" ;
    hkg:figureSuffixOne " mount" ;
    hkg:axisLabel "mounts (horses)" .""")
HORSE_TEXT = "日军损失马匹800余。一说日军损失马匹1200。又说日军损失马匹1。\n"
HORSE_CLAIMS = (NEW_CLAIMS + claim_yaml("c900-202", "horsesLost", "1200", "一说日军损失马匹1200", "{side: japan}")
                + claim_yaml("c900-203", "horsesLost", "1", "又说日军损失马匹1", "{side: japan}"))


def test_the_package_declares_the_report_s_words_for_every_unit():
    store = ox.Store()
    store.load(input=ontology_file(None, "hengyang.ttl").read_bytes(), format=ox.RdfFormat.TURTLE)
    for unit in declared_units():
        node = next(store.quads_for_pattern(None, ox.NamedNode(SKOS + "notation"), ox.Literal(unit))).subject
        for word in ("figureSuffix", "axisLabel"):
            assert list(store.quads_for_pattern(node, ox.NamedNode(HKG + word), None)), (unit, word)
    words = unit_words()
    assert [words.get(u).after(v) for u, v in (("person", 19380), ("percent", 50), ("day", 1), ("day", 47))] == [
        "", "%", " day", " days"]
    assert words.get("km2").axis_label == "km²" and words.of_kind("duration") == "day"


def test_the_report_names_no_unit_in_code():
    """No unit's notation is a string in the code that writes figures and axes (qualifier names,
    which some units share, aside)."""
    qualifiers = {q for p in claim_properties().values() for q in p.qualifiers}
    for module in (headline, charts):
        tree = ast.parse(Path(str(module.__file__)).read_text(encoding="utf-8"))
        strings = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
        assert strings & set(declared_units()) <= qualifiers, module.__name__


def test_a_new_unit_s_words_are_the_report_s(mini_root):
    with_new_property(mini_root, HORSE_CLAIMS, HORSE_WORDS, HORSE_TEXT)
    corpus = load_corpus(mini_root)
    data = report_data(reconcile(corpus), corpus, BASE)
    (dispute,) = [d for d in lead(data, corpus, {})["disputes"] if ".horsesLost." in d["id"]]
    assert [p["text"] for p in dispute["positions"]] == ["1 mount", "800+ mounts", "1,200 mounts"]
    fact = next(f for f in data["facts"] if f["id"] == dispute["id"])
    chart = fact_chart(fact, [s["id"] for s in data["sources"]], unit_words(mini_root / "ontology" / "hengyang.ttl"))
    assert chart is not None and chart["unit"] == "mounts (horses)"
    assert main(["--root", str(mini_root), "report", "--out", str(mini_root / "out")]) == 0
    html = (mini_root / "out" / "conflicts.html").read_text(encoding="utf-8")
    assert "<b>1,200 mounts</b>" in html and 'class="unit">mounts (horses) →</text>' in html
