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
from hengyang_kg.reconcile.fate_order import in_course, order_fates
from hengyang_kg.reconcile.types import ClaimGroup, Position

from .conftest import PROJECT, ROOT

bundled = pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")


def _pos(value, lower=None):
    return Position(value, lower, lower, (SimpleNamespace(claim=SimpleNamespace(id=f"c-{value}", follows=None)),), ())


def _values(ps):
    return [str(p.value) for p in ps]


# --- fates in the order they happened -----------------------------------------------------


def test_fates_are_listed_by_their_dates():
    ps = [_pos("surrendered"), _pos("escaped"), _pos("captured"), _pos("attempted_suicide")]
    assert _values(in_course("x", ps, {})) == ["attempted_suicide", "surrendered", "captured", "escaped"]
    # an escape the source dates before the capture is listed first: the date wins over the course
    dates = {("x", "dateEscaped"): dt.date(1944, 7, 1), ("x", "dateCaptured"): dt.date(1944, 8, 8)}
    assert _values(in_course("x", ps, dates)) == ["escaped", "attempted_suicide", "surrendered", "captured"]


def test_only_fate_facts_are_reordered():
    fate = ClaimGroup("x.fate", FactKey("x", "fate"), "text", (), (_pos("escaped"), _pos("captured")), "compatible")
    role = ClaimGroup("x.role", FactKey("x", "role"), "text", (), (_pos("军长"), _pos("参谋长")), "compatible")
    when = ClaimGroup("x.dateEscaped", FactKey("x", "dateEscaped"), "date", (),
                      (_pos("1944-07", dt.date(1944, 6, 16)),), "agreement")
    fate2, role2, _ = order_fates([fate, role, when])
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
