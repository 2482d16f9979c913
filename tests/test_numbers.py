"""Interval rules (one test per rule, as tabled in the README) and property tests of the parser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hengyang_kg.text.dates import parse_date, parse_duration
from hengyang_kg.text.numerals import ValueError_, step_of
from hengyang_kg.text.quantities import (
    APPROXIMATIONS,
    parse_plain_number,
    parse_quantity,
)

D = dt.date


@pytest.mark.parametrize("raw, interval, approx", [
    ("3174人", (3174, 3174), "exact"),                       # plain figure
    ("约6万人", (55000, 65000), "about"),                    # 约
    ("大约2万人", (15000, 25000), "about"),                  # 大约
    ("1000人左右", (500, 1500), "about"),                    # 左右
    ("2万上下", (15000, 25000), "about"),                    # 上下
    ("about 45,000", (44500, 45500), "about"),               # about
    ("1.7萬餘人", (17000, 18000), "more_than"),              # 余 (traditional 餘)
    ("17000多人", (17000, 18000), "more_than"),              # 多
    ("20余万", (200000, 300000), "more_than"),               # 余 before the magnitude
    ("90%以上", (90, 100), "over"),                          # 以上: open above, but a percentage stops at 100
    ("超过19380人", (19380, None), "over"),                  # 超过: no upper bound in the text
    ("超过60名", (60, None), "over"),
    ("逾千人", (1000, None), "over"),                        # 逾
    ("3000人以上", (3000, None), "over"),                    # 以上 behind the counter
    ("120,000+", (120000, None), "over"),                    # +
    ("over 60,000", (60000, None), "over"),                  # over
    ("不下千人", (1000, None), "at_least"),                  # 不下: no fewer than
    ("至少3000人", (3000, None), "at_least"),                # 至少
    ("近50万", (450000, 500000), "nearly"),                  # 近
    ("不到2000人", (1500, 2000), "under"),                   # 不到: just under, half a step below
    ("不到一万人", (5000, 10000), "under"),                  # never down to 0
    ("不足50人", (45, 50), "under"),                         # 不足
    ("不超过500人", (None, 500), "at_most"),                 # 不超过: no lower bound in the text
    ("1000人以下", (None, 1000), "at_most"),                 # 以下
    ("約-五個師團", (Decimal("4.5"), Decimal("5.5")), "about"),  # 約 before a dash
    ("50—60万", (500000, 600000), "range"),                  # X–Y, magnitude written once
    ("48,000–60,000", (48000, 60000), "range"),              # English range
    ("45,000–55,000", (45000, 55000), "range"),
    ("3至5万", (30000, 50000), "range"),                     # X至Y
    ("3到5千", (3000, 5000), "range"),                       # X到Y
    ("数万", (20000, 90000), "vague"),                       # 数 + magnitude
    ("几百吨", (200, 900), "vague"),                         # 几 + magnitude
])
def test_quantity_rules(raw, interval, approx):
    q = parse_quantity(raw)
    assert q.interval == interval
    assert q.approx == approx


def _cases(test, argument: str) -> list:
    """The values one argument takes in a parametrized test's cases."""
    mark = next(m for m in test.pytestmark if m.name == "parametrize")
    names = [n.strip() for n in mark.args[0].split(",")]
    return [case[names.index(argument)] for case in mark.args[1]]


def untested_rules(quantities: list[str], durations: list[str]) -> set[str]:
    """The documented approximation rules (APPROXIMATIONS) that no case parses to."""
    tested = {parse_quantity(raw).approx for raw in quantities} | {parse_duration(raw).approx for raw in durations}
    return set(APPROXIMATIONS) - tested


def test_every_documented_rule_is_tested():
    """Each rule of APPROXIMATIONS (the documented table) is what some case of the rule tests parses to."""
    quantities, durations = _cases(test_quantity_rules, "raw"), _cases(test_duration_rules, "raw")
    assert untested_rules(quantities, durations) == set()
    # the check looks at the cases: without 以内 and 之内 the within rule is untested
    assert untested_rules(quantities, [d for d in durations if "内" not in d and "內" not in d]) == {"within"}


@pytest.mark.parametrize("raw, rounding", [
    ("11萬人", (105000, 115000)),        # a round figure keeps its point and gains what rounding allows
    ("1.7萬人", (16500, 17500)),
    ("4.8萬人", (47500, 48500)),
    ("15000人", (14500, 15500)),
    ("3174人", None),                    # not round: the step is 1
    ("60名", None),                      # a step of 10 is not a round figure
    ("约6万人", None),                   # 约 already widens the interval the text states
    ("1.7萬餘人", None),
    ("100%", None),                      # percentages are not rounded
])
def test_rounding_interval_is_separate(raw, rounding):
    q = parse_quantity(raw)
    assert q.rounding == rounding
    if rounding:
        assert q.interval == (q.point, q.point)  # the text's own interval is untouched


@pytest.mark.parametrize("raw", ["不下千人", "約-五個師團", "约45年2月", "九個團"])
def test_approximation_words_anywhere(raw):
    from hengyang_kg.text.quantities import approximation_in
    assert approximation_in(raw) == {"不下千人": "at_least", "約-五個師團": "about", "约45年2月": "about",
                                     "九個團": None}[raw]


@pytest.mark.parametrize("raw, value", [("一万五千", 15000), ("1万6千余人", 16000), ("两个半师", Decimal("2.5")),
                                        ("三千一百七十四人", 3174), ("14.8萬", 148000)])
def test_chinese_and_arabic_numerals(raw, value):
    assert parse_quantity(raw).point == value


@pytest.mark.parametrize("raw, unit", [("2000余人", "person"), ("530万发", "round"), ("25架", "aircraft"),
                                       ("147门", "piece"), ("2平方公里", "km2"), ("90%以上", "percent")])
def test_units_read_from_the_text(raw, unit):
    assert parse_quantity(raw).unit == unit


@pytest.mark.parametrize("raw, interval, reckoning", [
    ("47天", (47, 47), "days"),
    ("四十七日", (47, 47), "days"),
    ("46个昼夜", (46, 46), "day_night"),
    ("三晝夜", (3, 3), "day_night"),
    ("四十余天", (40, 50), "days"),
    ("两个星期", (14, 14), "weeks"),
    ("两周", (14, 14), "weeks"),
    ("十天到两周", (10, 14), "weeks"),
    ("半个月", (14, Decimal("15.5")), "months"),  # a calendar month has 28 to 31 days
    ("一个多月", (28, 62), "months"),
    ("一個月", (28, 31), "months"),
    ("五小时", (Decimal("0.2083"), Decimal("0.2083")), "hours"),
    ("半小时", (Decimal("0.0208"), Decimal("0.0208")), "hours"),
    ("近一个小时", (Decimal("0.0208"), Decimal("0.0417")), "hours"),  # nearly an hour: half an hour to an hour
    ("一个多小时", (Decimal("0.0417"), Decimal("0.0833")), "hours"),  # an hour and more: under two
    ("2-3周", (14, 21), "weeks"),  # the unit written once applies to both figures
    ("约40天", (35, 45), "days"),
    ("4天内", (Decimal("3.5"), 4), "days"),        # within: a deadline, just under it
    ("一日之內", (Decimal("0.5"), 1), "days"),
    ("超过四十天", (40, None), "days"),            # over: no upper bound
])
def test_duration_rules(raw, interval, reckoning):
    d = parse_duration(raw)
    assert d.interval == interval
    assert d.reckoning == reckoning


@pytest.mark.parametrize("raw, normalized, point, lower, upper, precision", [
    ("1944年6月23日", None, "1944-06-23", D(1944, 6, 23), D(1944, 6, 23), "day"),
    ("一九四四年八月八日", None, "1944-08-08", D(1944, 8, 8), D(1944, 8, 8), "day"),
    ("6月23日", "1944", "1944-06-23", D(1944, 6, 23), D(1944, 6, 23), "day"),
    ("26日拂晓", "1944-06", "1944-06-26", D(1944, 6, 26), D(1944, 6, 26), "day"),      # 拂晓 is a day
    ("8月8日凌晨", "1944", "1944-08-08", D(1944, 8, 8), D(1944, 8, 8), "day"),         # 凌晨 is a day
    ("6月23日左右", "1944", "1944-06-23", D(1944, 6, 20), D(1944, 6, 26), "day"),     # 左右: ±3 days
    ("7月初", "1944", "1944-07", D(1944, 7, 1), D(1944, 7, 10), "month"),             # 初
    ("6月中旬", "1944", "1944-06", D(1944, 6, 11), D(1944, 6, 20), "month"),          # 中旬
    ("7月下旬", "1944", "1944-07", D(1944, 7, 21), D(1944, 7, 31), "month"),          # 下旬
    ("7月底", "1944", "1944-07", D(1944, 7, 21), D(1944, 7, 31), "month"),            # 底
    ("7月左右", "1944", "1944-07", D(1944, 6, 16), D(1944, 8, 15), "month"),          # month 左右: ±15 days
    ("1944年1月", None, "1944-01", D(1944, 1, 1), D(1944, 1, 31), "month"),
    ("1944年春", None, "1944", D(1944, 3, 1), D(1944, 5, 31), "year"),                # season
    ("1941年年底", None, "1941", D(1941, 10, 1), D(1941, 12, 31), "year"),
    ("6月28日至7月2日", "1944", "1944-06-28", D(1944, 6, 28), D(1944, 7, 2), "day"),   # range
    ("7月26日后", "1944", "1944-07-26", D(1944, 7, 26), None, "day"),                  # after: open above
    ("7月3日以后", "1944", "1944-07-03", D(1944, 7, 3), None, "day"),
    ("8月8日以前", "1944", "1944-08-08", None, D(1944, 8, 8), "day"),                  # before: open below
    ("8月8日前后", "1944", "1944-08-08", D(1944, 8, 5), D(1944, 8, 11), "day"),        # 前后 is about, not before
    ("7月以后", "1944", "1944-07", D(1944, 7, 1), None, "month"),
    ("约45年2月", "1945-02", "1945-02", D(1945, 1, 17), D(1945, 3, 15), "month"),      # 约 kept beside normalized
    ("約晚7時", "1944-08-07", "1944-08-07", D(1944, 8, 7), D(1944, 8, 7), "day"),      # 约 of the hour, not the day
])
def test_date_rules(raw, normalized, point, lower, upper, precision):
    d = parse_date(raw, normalized)
    assert (d.point, d.lower, d.upper, d.precision) == (point, lower, upper, precision)


@pytest.mark.parametrize("raw, normalized, message", [
    ("6月32日", "1944", "not a calendar date"),
    ("6月23日", None, "year"),
    ("6月23日", "1944-07-23", "disagrees"),
    ("23日", "1944", "month"),
])
def test_bad_dates_say_what_is_wrong(raw, normalized, message):
    with pytest.raises(ValueError_, match=message):
        parse_date(raw, normalized)


def test_normalized_figures():
    assert parse_plain_number("48000-60000").interval == (48000, 60000)
    with pytest.raises(ValueError_):
        parse_plain_number("about")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=12))
def test_parser_never_crashes(text):
    for parse in (parse_quantity, parse_duration, parse_date):
        try:
            parse(text)
        except ValueError_:
            pass


PREFIXES = ["", "约", "近", "不到", "超过", "不下", "至少"]
SUFFIXES = ["", "余", "多", "以上", "左右"]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**8), st.sampled_from(PREFIXES), st.sampled_from(SUFFIXES),
       st.sampled_from(["arabic", "chinese"]), st.sampled_from(["人", "", "名"]))
def test_intervals_contain_the_point(n, prefix, suffix, script, unit):
    written = str(n) if script == "arabic" else cn2an.an2cn(n)
    q = parse_quantity(prefix + written + suffix + unit)
    assert q.lower is not None or q.upper is not None
    assert q.lower is None or q.lower <= q.point
    assert q.upper is None or q.point <= q.upper
    if q.rounding is not None:
        assert q.rounding[0] <= q.point < q.rounding[1]
    assert q.point == n


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**8), st.sampled_from(PREFIXES + ["不下", "至少", "不超过", "将近"]),
       st.sampled_from(SUFFIXES + ["以下", "有余"]), st.sampled_from(["人", "天", "%"]))
def test_lower_point_upper_whenever_both_bounds_exist(n, prefix, suffix, unit):
    """lower ≤ point ≤ upper whenever both bounds exist, for quantities and durations."""
    written = prefix + str(n) + suffix + unit
    values = [parse_quantity(written)]
    if unit == "天":
        values.append(parse_duration(written))
    for v in values:
        lo, hi = v.interval
        point = v.days if hasattr(v, "days") else v.point
        if lo is not None and hi is not None:
            assert lo <= point <= hi


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**9))
def test_numerals_round_trip(n):
    assert parse_quantity(cn2an.an2cn(n)).point == n
    assert parse_quantity(f"{n:,}").point == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**7))
def test_step_divides_the_figure(n):
    s = step_of(n)
    assert n % s == 0 and (n // s) % 10 != 0


@settings(max_examples=200, deadline=None)
@given(st.dates(min_value=D(1900, 1, 1), max_value=D(2000, 12, 31)))
def test_dates_round_trip(d):
    v = parse_date(f"{d.year}年{d.month}月{d.day}日")
    assert v.lower == v.upper == d
