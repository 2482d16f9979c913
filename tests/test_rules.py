"""The rules across facts are the ontology's data: figures that bound others (hkg:boundedBy),
events that precede others (hkg:precedes), a property's part in an event's span
(hkg:spanRole) and its weight in the report (hkg:salience). Declared in a project's own
ontology they apply with no code changed; a declaration removed removes its check."""

from __future__ import annotations

from pathlib import Path

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.curation.properties import (
    claim_properties,
    ontology_file,
    span_property,
)
from hengyang_kg.reconcile import reconcile
from hengyang_kg.report.headline import headline
from hengyang_kg.report.headline import salience as weight

from .conftest import BASE
from .report_whole import report_data
from .test_ontology import claim_yaml, with_new_property

TWO_FIGURES = """
hkg:shellsFired a owl:DatatypeProperty , hkg:ClaimProperty , hkg:SingleValuedProperty ;
    rdfs:label "shells fired"@en , "发射炮弹"@zh-Hans ;
    rdfs:comment "How many shells a side fired in an event."@en ;
    hkg:valueKind hkg:QuantityValue ;
    hkg:defaultUnit "round" .

hkg:shellsCarried a owl:DatatypeProperty , hkg:ClaimProperty , hkg:SingleValuedProperty ;
    rdfs:label "shells carried"@en , "携带炮弹"@zh-Hans ;
    rdfs:comment "How many shells a side brought to an event."@en ;
    hkg:valueKind hkg:QuantityValue ;
    hkg:defaultUnit "round" .
"""
SHELLS_TEXT = "日军共发射炮弹3万余。日军携带炮弹2万。\n"
SHELLS_CLAIMS = (claim_yaml("c900-101", "shellsFired", "3万余", "日军共发射炮弹3万余", "{side: japan}")
                 + claim_yaml("c900-102", "shellsCarried", "2万", "日军携带炮弹2万", "{side: japan}"))
SHELLS_BOUND = "\nhkg:shellsFired hkg:boundedBy hkg:shellsCarried .\n"

EARLY_END_TEXT = "衡陽保衛戰於1944年6月1日結束。\n"
EARLY_END_CLAIMS = claim_yaml("c900-103", "endDate", "1944年6月1日", "衡陽保衛戰於1944年6月1日結束")
START_BEFORE_END = """
hkg:startDate hkg:precedes hkg:endDate ; hkg:eventPhrase "beginning"@en .
hkg:endDate hkg:eventPhrase "ended"@en .
"""

KILLED_TEXT = "一說日軍陣亡10萬人。\n"
KILLED_CLAIMS = claim_yaml("c900-104", "casualties", "10萬人", "一說日軍陣亡10萬人", "{side: japan, measure: killed}")


def _checks(root: Path, kind: str) -> list[str]:
    return [c.text for c in reconcile(load_corpus(root)).checks if c.kind == kind]


def test_the_package_s_rules_are_read_from_its_ontology():
    props = claim_properties()
    assert {(p.id, b) for p in props.values() for b in p.bounded_by} == {
        ("casualties", ("killed", "casualties", "killed_and_wounded")),
        ("casualties", ("killed", "strength", "")), ("casualties", ("killed_and_wounded", "strength", ""))}
    assert props["dateCaptured"].precedes == ("dateEscaped",) and props["dateCaptured"].implied_by == ("captured",)
    assert [span_property(props.values(), r) for r in ("start", "end", "length", "point")] == [
        "startDate", "endDate", "duration", "date"]
    assert props["casualties"].salience == 4.0 and props["said"].salience == 1.0


def test_a_bound_declared_for_another_pair_of_properties_is_checked(mini_root):
    with_new_property(mini_root, SHELLS_CLAIMS, TWO_FIGURES + SHELLS_BOUND, SHELLS_TEXT)
    assert _checks(mini_root, "measure_order") == [
        ("defence_of_hengyang (japan): shellsFired 3万余 (900) exceeds shellsCarried 2万 "
        "(900): they cannot all hold; source 900 contradicts itself.")]


def test_without_the_declaration_the_pair_is_not_checked(mini_root):
    with_new_property(mini_root, SHELLS_CLAIMS, TWO_FIGURES, SHELLS_TEXT)
    assert _checks(mini_root, "measure_order") == []


def test_an_order_declared_between_two_other_date_properties_is_checked(mini_root):
    with_new_property(mini_root, EARLY_END_CLAIMS, START_BEFORE_END, EARLY_END_TEXT)
    (text,) = _checks(mini_root, "event_order")
    assert text == ("defence_of_hengyang: ended 1944年6月1日 (900) before beginning on "
                    "1944年6月23日 (900).")


def test_without_the_order_the_early_end_is_not_an_event_order_check(mini_root):
    with_new_property(mini_root, EARLY_END_CLAIMS, "", EARLY_END_TEXT)
    assert _checks(mini_root, "event_order") == []


def test_removing_a_measure_bound_from_the_ontology_removes_its_check(mini_root):
    with_new_property(mini_root, KILLED_CLAIMS, "", KILLED_TEXT)
    assert _checks(mini_root, "measure_order") == [
        ("defence_of_hengyang (japan): killed 10萬人 (900) exceeds killed_and_wounded 19380人 (900): "
        "they cannot all hold.")]
    before = _checks(mini_root, "measure_order")
    ttl = mini_root / "ontology" / "hengyang.ttl"
    for line in ("hkg:killed hkg:boundedBy hkg:killed_and_wounded .\n",
                 "hkg:killed_and_wounded hkg:sumOf hkg:killed , hkg:wounded .\n"):
        assert line in ttl.read_text(encoding="utf-8")
        ttl.write_text(ttl.read_text(encoding="utf-8").replace(line, ""), encoding="utf-8")
        # without the bound, the sum still bounds a part alone (the same check, by hkg:sumOf); without both, none
        assert _checks(mini_root, "measure_order") == (before if "sumOf" not in line else [])


def test_removing_a_span_role_removes_the_duration_arithmetic(mini_root):
    text = "衡陽保衛戰至1944年6月24日結束。\n"
    claims = claim_yaml("c900-105", "endDate", "1944年6月24日", "衡陽保衛戰至1944年6月24日結束")
    with_new_property(mini_root, claims, "", text)
    assert len(_checks(mini_root, "duration_arithmetic")) == 1  # 23 to 24 June is not 47 days
    ttl = mini_root / "ontology" / "hengyang.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8").replace("hkg:spanRole hkg:spanLength ;", ""), encoding="utf-8")
    assert _checks(mini_root, "duration_arithmetic") == []


def test_the_headline_weighs_a_dispute_by_the_ontology_s_salience(mini_root):
    def salience() -> float:
        corpus = load_corpus(mini_root)
        data = report_data(reconcile(corpus), corpus, BASE)
        (first,) = [d for d in headline(data, corpus, {})["disputes"] if ".casualties." in d["id"]]
        fact = next(f for f in data["facts"] if f["id"] == first["id"])
        assert first["salience"] == round(weight(fact, corpus.properties), 2)
        return weight(fact, corpus.properties)

    (mini_root / "ontology").mkdir()
    ttl = ontology_file(None, "hengyang.ttl").read_text(encoding="utf-8")
    (mini_root / "ontology" / "hengyang.ttl").write_text(ttl, encoding="utf-8")
    before = salience()
    (mini_root / "ontology" / "hengyang.ttl").write_text(
        ttl.replace("hkg:salience 4.0 ;", "hkg:salience 8.0 ;"), encoding="utf-8")
    assert salience() == 2 * before


PARTS_TEXT = "日軍陣亡2萬人，失蹤5千人，損失共1萬人。\n"
PARTS_CLAIMS = "".join(claim_yaml(f"c900-{n}", "casualties", value, quote, f"{{side: japan, measure: {measure}}}")
                       for n, measure, value, quote in ((106, "killed", "2萬人", "日軍陣亡2萬人"),
                                                        (107, "missing", "5千人", "失蹤5千人"),
                                                        (108, "losses", "1萬人", "損失共1萬人")))


def test_a_sum_declared_for_other_measures_is_checked_and_removing_it_removes_the_check(mini_root):
    with_new_property(mini_root, PARTS_CLAIMS, "\nhkg:losses hkg:sumOf hkg:killed , hkg:missing .\n", PARTS_TEXT)
    sums = [t for t in _checks(mini_root, "measure_order") if " + " in t]
    assert sums == [("defence_of_hengyang (japan): killed 2萬人 + missing 5千人 (900) = 19,500 to 30,500 exceeds "
                    "losses 1萬人 (900): they cannot all hold.")]
    ttl = mini_root / "ontology" / "hengyang.ttl"
    ttl.write_text(ttl.read_text(encoding="utf-8").replace("hkg:losses hkg:sumOf hkg:killed , hkg:missing .", ""),
                   encoding="utf-8")
    assert [t for t in _checks(mini_root, "measure_order") if "losses" in t] == []


def test_figures_without_a_side_are_bounded_among_themselves(mini_root):
    text = "兩軍共陣亡5萬人，傷亡共3萬人。\n"
    claims = (claim_yaml("c900-109", "casualties", "5萬人", "兩軍共陣亡5萬人", "{measure: killed}")
              + claim_yaml("c900-110", "casualties", "3萬人", "傷亡共3萬人", "{measure: killed_and_wounded}"))
    with_new_property(mini_root, claims, "", text)
    assert _checks(mini_root, "measure_order") == [
        ("defence_of_hengyang (): killed 5萬人 (900) exceeds killed_and_wounded 3萬人 (900): they cannot all hold; "
        "source 900 contradicts itself.")]
