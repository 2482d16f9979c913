"""Interval rules (one test per rule, as tabled in the README) and property tests of the parser."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hengyang_kg.text.dates import parse_date, parse_duration
from hengyang_kg.text.quantities import (
    APPROXIMATIONS,
    ValueError_,
    parse_plain_number,
    parse_quantity,
    step_of,
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
    ("90%以上", (90, 100), "more_than"),                     # 以上, percent capped at 100
    ("超过10万", (100000, 200000), "more_than"),             # 超过
    ("逾千人", (1000, 2000), "more_than"),                   # 逾
    ("120,000+", (120000, 130000), "more_than"),             # +
    ("over 60,000", (60000, 70000), "more_than"),            # over
    ("20余万", (200000, 300000), "more_than"),               # 余 before the magnitude
    ("近50万", (450000, 500000), "nearly"),                  # 近
    ("不到2000人", (1000, 2000), "under"),                   # 不到
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


def test_every_documented_rule_is_tested():
    assert set(APPROXIMATIONS) == {"exact", "about", "more_than", "nearly", "under", "range", "vague"}


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
    ("半个月", (15, 15), "months"),
    ("一个多月", (30, 60), "months"),
    ("约40天", (35, 45), "days"),
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


PREFIXES = ["", "约", "近", "不到", "超过"]
SUFFIXES = ["", "余", "多", "以上", "左右"]


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**8), st.sampled_from(PREFIXES), st.sampled_from(SUFFIXES),
       st.sampled_from(["arabic", "chinese"]), st.sampled_from(["人", "", "名"]))
def test_intervals_contain_the_point(n, prefix, suffix, script, unit):
    written = str(n) if script == "arabic" else cn2an.an2cn(n)
    q = parse_quantity(prefix + written + suffix + unit)
    assert q.lower <= q.point <= q.upper
    assert q.point == n


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
