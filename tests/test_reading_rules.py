"""Rules a careful reading of the five texts asked for: fates in the order they happened, parser
readings (过半, 几, hours, calendar-approximate durations), positions that merely touch, labels
within their range, precision of small counts.  Each rule with a positive and a negative case
(the rules are listed in docs/curation.md)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest

from hengyang_kg.curation.claims import FactKey
from hengyang_kg.curation.properties import claim_properties
from hengyang_kg.reconcile.fate_order import in_course, order_fates
from hengyang_kg.reconcile.types import ClaimGroup, Position

from .conftest import PROJECT, ROOT

bundled = pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")


def _pos(value, lower=None):
    return Position(value, lower, lower, (SimpleNamespace(claim=SimpleNamespace(id=f"c-{value}", follows=None)),), ())


def _values(ps):
    return [str(p.value) for p in ps]


# --- fates in the order they happened -----------------------------------------------------


PROPERTIES = claim_properties()
FATES = {t.id: t for t in PROPERTIES["fate"].terms}


def test_fates_are_listed_by_their_dates():
    ps = [_pos("surrendered"), _pos("escaped"), _pos("captured"), _pos("attempted_suicide")]
    assert _values(in_course("x", ps, {}, FATES)) == ["attempted_suicide", "surrendered", "captured", "escaped"]
    # an escape the source dates before the capture is listed first: the date wins over the course
    dates = {("x", "dateEscaped"): dt.date(1944, 7, 1), ("x", "dateCaptured"): dt.date(1944, 8, 8)}
    assert _values(in_course("x", ps, dates, FATES)) == ["escaped", "attempted_suicide", "surrendered", "captured"]


def test_the_course_and_the_dating_are_the_ontologys():
    import dataclasses

    assert (FATES["captured"].course, FATES["captured"].dated_by) == (4, "dateCaptured")
    late = {**FATES, "captured": dataclasses.replace(FATES["captured"], course=99)}
    ps = [_pos("captured"), _pos("escaped")]
    assert _values(in_course("x", ps, {}, FATES)) == ["captured", "escaped"]
    assert _values(in_course("x", ps, {}, late)) == ["escaped", "captured"]


def test_only_fate_facts_are_reordered():
    fate = ClaimGroup("x.fate", FactKey("x", "fate"), "text", (), (_pos("escaped"), _pos("captured")), "compatible")
    role = ClaimGroup("x.role", FactKey("x", "role"), "text", (), (_pos("军长"), _pos("参谋长")), "compatible")
    when = ClaimGroup("x.dateEscaped", FactKey("x", "dateEscaped"), "date", (),
                      (_pos("1944-07", dt.date(1944, 6, 16)),), "agreement")
    fate2, role2, _ = order_fates([fate, role, when], PROPERTIES)
    assert _values(fate2.positions) == ["captured", "escaped"]  # the undated capture comes before the escape
    assert _values(role2.positions) == ["军长", "参谋长"]  # not a fate: untouched


@bundled
def test_fang_fates_in_the_order_they_happened(recon):
    assert _values(recon.fact("fang_xianjue.fate").positions) == [
        "attempted_suicide", "surrendered", "captured", "escaped", "released"]
    assert _values(recon.fact("ge_xiancai.fate").positions) == ["captured", "escaped"]


# --- parser readings ------------------------------------------------------------------------


def test_more_than_half_is_a_share_over_fifty_percent():
    from hengyang_kg.text.quantities import approximation_in, parse_quantity

    q = parse_quantity("过半")
    assert (q.lower, q.upper, q.approx, q.unit) == (50, 100, "over", "percent")
    assert parse_quantity("半数以上").interval == (50, 100)
    assert approximation_in("死伤过半") == "over"  # a curator's normalized half of a stated whole: [half, open)
    assert parse_quantity("一个半师").point == Decimal("1.5")  # not a half of a whole
    assert approximation_in("三百") is None


def test_several_without_a_magnitude_is_two_to_nine():
    from hengyang_kg.text.quantities import parse_quantity

    for raw, unit in (("几个", None), ("几人", "person"), ("几吨", "ton"), ("几车", None)):
        q = parse_quantity(raw)
        assert (q.lower, q.upper, q.approx, q.unit) == (2, 9, "vague", unit)
    assert parse_quantity("几百吨").interval == (200, 900) and parse_quantity("几千人").interval == (2000, 9000)
    assert parse_quantity("几十颗").interval == (20, 90)  # the magnitude still counts
    with pytest.raises(ValueError):
        parse_quantity("几乎")  # almost: not a figure


def test_half_a_month_holds_two_weeks(recon):
    from hengyang_kg.text.dates import parse_duration

    half, two_weeks = parse_duration("半个月"), parse_duration("两周")
    assert half.lower <= two_weeks.upper and two_weeks.lower <= half.upper  # they overlap
    assert parse_duration("两天").interval == (2, 2)  # days are not calendar-approximate
    assert parse_duration("十天").upper < half.lower


@bundled
def test_planned_fortnight_and_half_month_are_compatible(recon):
    f = recon.fact("defence_of_hengyang.plannedDuration.china")
    assert f.status == "compatible"
    assert any(e.kind == "reckoning" and "半个月 (004) spans 14 to 15.5 days" in e.text for e in f.explanations)
    assert not any(e.kind == "reckoning" for e in recon.fact("defence_of_hengyang.plannedDuration.japan").explanations)


@bundled
def test_the_corpus_reads_its_hours_several_and_half(corpus):
    claims = {c.claim.id: c for c in corpus.claims}
    for cid in ("c000-154", "c000-166", "c000-177", "c000-180", "c004-004", "c004-034", "c004-035", "c001-035"):
        assert claims[cid].claim.normalized is None, cid  # read from the words, not given by the curator
    assert claims["c000-177"].value.approx == "nearly" and claims["c000-177"].value.reckoning == "hours"
    assert claims["c001-035"].value.interval == (50, 100)


# --- positions, labels, precision, sums ----------------------------------------------------


def _q(cid, raw, source="900_x", kind="quantity"):
    from hengyang_kg.text.dates import parse_duration
    from hengyang_kg.text.quantities import parse_quantity

    value = parse_duration(raw) if kind == "duration" else parse_quantity(raw)
    claim = SimpleNamespace(id=cid, value=raw, attributed_to=None, follows=None, subject="x", occasion=None)
    return SimpleNamespace(claim=claim, source=source, value=value, kind=kind, start=0, end=1)


def test_intervals_that_merely_touch_do_not_merge():
    from hengyang_kg.reconcile.facts import interval_positions

    apart = interval_positions([_q("a", "6000余人"), _q("b", "7000余人", "901_x")])
    assert [(p.value, p.lower, p.upper) for p in apart] == [(6000, 6000, 7000), (7000, 7000, 8000)]
    days = interval_positions([_q("a", "四十余天", kind="duration"), _q("b", "五十天", "901_x", kind="duration")])
    assert len(days) == 2  # 四十余天 is under fifty
    shared = interval_positions([_q("a", "50-60万"), _q("b", "60-70万", "901_x")])  # both hold 600,000
    assert len(shared) == 1


def test_a_position_label_lies_within_its_range():
    from hengyang_kg.reconcile.facts import interval_positions

    (p,) = interval_positions([_q("a", "四十余天", kind="duration"), _q("b", "四十余天", "901_x", kind="duration"),
                               _q("c", "四十四天", "902_x", kind="duration")])
    assert (p.value, p.lower, p.upper) == (44, 44, 44)  # not the more common 40, outside [44, 44]
    (r,) = interval_positions([_q("a", "一万五千余人"), _q("b", "16000人", "901_x")])  # [15500, 16000)
    assert r.value == 16000  # no stated figure inside: the one nearest the range


def test_a_year_is_not_a_label_inside_a_month(recon):
    from hengyang_kg.reconcile.facts import _inside

    jan = (dt.date(1944, 1, 1).toordinal(), dt.date(1944, 1, 31).toordinal())
    assert not _inside("1944", *jan) and _inside("1944-01", *jan)
    if ROOT == PROJECT:
        assert str(recon.fact("operation_ichigo.startDate").positions[0].value) == "1944-01"


def test_precision_explains_only_what_the_coarser_words_allow():
    from hengyang_kg.reconcile.explanations import _coarsened
    from hengyang_kg.text.quantities import parse_quantity as q

    assert _coarsened(q("1.7万人"), Decimal(17600)) == "cut down to a multiple of"
    assert _coarsened(q("约1.8万人"), Decimal(17600)) == "rounded to the nearest"
    assert _coarsened(q("萬餘人"), Decimal(17600)) == "cut down to a multiple of"
    assert _coarsened(q("30人"), Decimal(31)) is None  # thirty men is a count, not thirty-one rounded
    assert _coarsened(q("6000余人"), Decimal(5600)) is None  # over 6,000 excludes 5,600
    assert _coarsened(q("不到一万人"), Decimal(15000)) is None  # under 10,000 excludes 15,000


@bundled
def test_the_corpus_precision_explanations(recon):
    texts = [e.text for f in recon.facts for e in f.explanations if e.kind == "precision"]
    assert "1.7万人 (004) is 17,600餘人 (002) cut down to a multiple of 1,000." in texts
    assert not any("不到一万人" in t or "6000余人" in t or "兩個師" in t for t in texts)


def test_killed_and_wounded_add_their_intervals():
    from hengyang_kg.reconcile.measure_sum import measure_sums

    def group(measure, *claims):
        return ClaimGroup(f"x.casualties.japan.{measure}", FactKey("x", "casualties", "japan", measure), "quantity",
                          claims, (), "agreement")

    killed, wounded = _q("k", "约2万人", "901_x"), _q("w", "近6万人", "901_x")
    totals = group("killed_and_wounded", _q("t1", "19,380人", "902_x"), _q("t2", "7万余", "903_x"))
    (check,) = measure_sums([group("killed", killed), group("wounded", wounded), totals], claim_properties())
    assert "= 70,000 to 85,000" in check.text and "19,380人" in check.text and "7万余" not in check.text
    assert check.claims == ("k", "w", "t1")
    fits = group("killed_and_wounded", _q("t2", "7万余", "903_x"), _q("t3", "超过19380人", "902_x"))
    assert measure_sums([group("killed", killed), group("wounded", wounded), fits], claim_properties()) == []


@bundled
def test_a_source_contradicts_itself_only_with_its_own_figures(recon):
    texts = [c.text for c in recon.checks if c.kind == "measure_order"]
    own = next(t for t in texts if t.startswith("defence_of_hengyang (japan): killed 4.8万人 (004)"))
    assert "source 004 contradicts itself" in own  # 004's own 30000余人 beside its own 4.8万人
    cited = next(t for t in texts if t.startswith("defence_of_hengyang (japan): killed 約48,000餘人 (002)"))
    assert "contradicts itself" not in cited  # 002's 19,380 is the Japanese history's figure, not its own
    assert any("killed 约2万人 + wounded 近6万人 (001) = 70,000 to 85,000" in t for t in texts)


@bundled
def test_occupation_atrocities_are_not_filed_under_the_campaign(recon, corpus):
    assert not [c for c in recon.checks if c.kind == "after_end"]  # Nov./Dec. 1944 killings: after the fall
    assert tuple(corpus.entities["fengmuqiao_killing"].part_of) == ("occupation_of_hengyang",)


def test_a_position_of_a_whole_year_or_month_keeps_that_precision(recon):
    from hengyang_kg.curation.calendars import interval_edtf

    assert interval_edtf(dt.date(1944, 1, 1), dt.date(1944, 12, 31)) == "1944"  # 1944年
    assert interval_edtf(dt.date(1944, 10, 1), dt.date(1944, 10, 31)) == "1944-10"  # 10月间
    assert interval_edtf(dt.date(1944, 1, 1), dt.date(1944, 3, 31)) == "1944-01-01/1944-03-31"  # 年初: a span
    assert interval_edtf(dt.date(1944, 7, 21), dt.date(1944, 7, 31)) == "1944-07-21/1944-07-31"  # 7月底


@bundled
def test_the_salute_order_of_1944_is_a_year(tmp_path, recon, corpus):
    from .conftest import BASE
    from .report_whole import report_data

    data = report_data(recon, corpus, BASE)
    salute = next(f for f in data["facts"] if f["id"] == "chiang_salute_order.date")
    assert salute["positions"][0]["edtf"] == "1944"


def test_a_claim_that_holds_another_position_supports_neither():
    from hengyang_kg.reconcile.facts import interval_positions

    coarse, fine, other = _q("a", "萬餘人", "900_x"), _q("b", "16000人", "901_x"), _q("c", "17,600人", "902_x")
    first, second = interval_positions([coarse, fine, other])
    assert [c.claim.id for c in first.claims] == ["a", "b"]  # listed with the first position it meets
    assert first.independent_support == 1 and second.independent_support == 1  # but counted for neither
    near = interval_positions([_q("a", "16000余人", "900_x"), fine, other])  # [16000, 17000): holds 16000 only
    assert near[0].independent_support == 2


@bundled
def test_a_year_alone_does_not_support_one_day(recon):
    f = recon.fact("defence_of_hengyang.startDate")
    day22 = next(p for p in f.positions if str(p.value) == "1944-06-22")
    assert "c003-048" in {c.claim.id for c in day22.claims}  # 從武漢失守到1944年日軍圍攻衡陽
    assert day22.independent_support == 2  # 000 and 002, not 003's year
