"""English values and era years: each rule of the README gives the same interval as its Chinese form."""

from __future__ import annotations

import datetime as dt

import pytest

from hengyang_kg.text.dates import parse_date, parse_duration
from hengyang_kg.text.edtf import edtf
from hengyang_kg.text.eras import era_years
from hengyang_kg.text.quantities import parse_quantity

D = dt.date


@pytest.mark.parametrize("english, chinese", [
    ("16,300", "16300"),                                   # thousands separators
    ("110,000+", "110000+"),                               # +
    ("120,000+", "12万+"),
    ("about 16,000", "约16000"),                           # about / approximately / around / some / roughly
    ("approximately 16,000", "约16000"),
    ("around 16,000", "约16000"),
    ("some 20,000", "约2万"),
    ("roughly 20,000", "大约2万"),
    ("over 19,380", "超过19380"),                          # over / more than / at least
    ("more than 19,380", "超过19380"),
    ("at least 16,000", "16000以上"),
    ("16,000 or more", "16000以上"),
    ("nearly 60,000", "近6万"),                             # nearly / almost / just under
    ("almost 60,000", "将近6万"),
    ("just under 60,000", "接近6万"),
    ("fewer than 2,000", "不到2000"),                       # fewer than / under
    ("under 2,000", "不足2000"),
    ("less than 2,000", "不到2000"),
    ("45,000–55,000", "4.5万-5.5万"),                       # ranges
    ("45,000 to 55,000", "45000至55000"),
    ("between 45,000 and 55,000", "45000到55000"),
    ("48,000 to 60,000", "4.8万到6万"),
    ("16.3 thousand", "1.63万"),
])
def test_english_figures_read_as_their_chinese_rule(english, chinese):
    e, c = parse_quantity(english), parse_quantity(chinese)
    assert (e.point, e.interval, e.approx) == (c.point, c.interval, c.approx)


@pytest.mark.parametrize("raw, interval", [
    ("45,000 to 55,000", (45000, 55000)), ("between 45,000 and 55,000", (45000, 55000)),
    ("48,000 to 60,000", (48000, 60000)), ("16,300 men", (16300, 16300)),
])
def test_english_ranges_and_plain_figures(raw, interval):
    assert parse_quantity(raw).interval == interval


@pytest.mark.parametrize("raw, unit", [
    ("16,300 men", "person"), ("about 16,000 troops", "person"), ("48,000 dead and wounded", "person"),
    ("20,000 killed", "person"), ("3,000 captured", "person"), ("some 40 aircraft", "aircraft"),
    ("four divisions", "division"), ("90 per cent", "percent"),
])
def test_english_measure_words_and_units(raw, unit):
    assert parse_quantity(raw).unit == unit


@pytest.mark.parametrize("english, chinese, normalized", [
    ("23 June 1944", "1944年6月23日", None),
    ("June 23, 1944", "1944年6月23日", None),
    ("23rd of June 1944", "1944年6月23日", None),
    ("early July 1944", "1944年7月上旬", None),
    ("mid July 1944", "1944年7月中旬", None),
    ("mid-July 1944", "1944年7月中旬", None),
    ("late July 1944", "1944年7月下旬", None),
    ("the end of July 1944", "1944年7月底", None),
    ("July 1944", "1944年7月", None),
    ("about July 1944", "1944年7月左右", None),
    ("on or about 23 June 1944", "1944年6月23日左右", None),
    ("summer 1944", "1944年夏", None),
    ("the night of 7–8 August", "8月7日夜至8日", "1944-08"),
    ("7–8 August 1944", "1944年8月7日至8日", None),
    ("23 June to 8 August 1944", "1944年6月23日至8月8日", None),
    ("dawn on 26 June", "6月26日拂晓", "1944-06-26"),
])
def test_english_dates_read_as_their_chinese_rule(english, chinese, normalized):
    e, c = parse_date(english, normalized), parse_date(chinese, normalized)
    assert e == c


def test_the_night_of_two_days_spans_both():
    d = parse_date("the night of 7–8 August", "1944")
    assert d.interval == (D(1944, 8, 7), D(1944, 8, 8)) and d.time_of_day == "夜"


@pytest.mark.parametrize("english, chinese", [
    ("47 days", "47天"), ("forty-seven days", "四十七天"), ("47 days and nights", "47个昼夜"),
    ("1 month and 17 days", "47天"), ("a month and a half", "一个半月"), ("six weeks", "六周"),
    ("over 40 days", "超过四十天"),  # over leaves the upper side open, as 超过 does
])
def test_english_durations_read_as_their_chinese_rule(english, chinese):
    e, c = parse_duration(english), parse_duration(chinese)
    assert (e.days, e.interval) == (c.days, c.interval)
    assert e.reckoning == c.reckoning or english == "1 month and 17 days"


@pytest.mark.parametrize("raw, gregorian", [
    ("民国三十三年八月八日", "1944-08-08"), ("民國三十三年八月八日", "1944-08-08"), ("民国33年8月8日", "1944-08-08"),
    ("昭和19年8月8日", "1944-08-08"), ("昭和十九年八月八日", "1944-08-08"), ("大正3年", "1914"), ("明治元年", "1868"),
    ("中華民國卅三年六月", "1944-06"),
])
def test_era_years(raw, gregorian):
    assert parse_date(raw).point == gregorian


def test_era_conversion_is_recorded():
    [e] = era_years("民国三十三年八月八日")
    assert (e.text, e.era, e.year_in_era, e.gregorian) == ("民国三十三年", "民国", 33, 1944)
    assert e.rule == "民国 33 = 1911 + 33 = 1944"
    assert era_years("昭和19年8月8日")[0].rule == "昭和 19 = 1925 + 19 = 1944"


@pytest.mark.parametrize("raw, normalized, form", [
    ("1944年6月23日", None, "1944-06-23"),
    ("1944年7月", None, "1944-07"),
    ("1944年", None, "1944"),
    ("late July 1944", None, "1944-07-21/1944-07-31"),
    ("7月左右", "1944-07", "1944-07~"),
    ("about 23 June 1944", None, "1944-06-23~"),
    ("the night of 7–8 August", "1944", "1944-08-07/1944-08-08"),
    ("1944年夏", None, "1944-06-01/1944-08-31"),
    ("昭和19年8月8日", None, "1944-08-08"),
])
def test_edtf_of_every_date_rule(raw, normalized, form):
    v = parse_date(raw, normalized)
    assert edtf(v.point, v.lower, v.upper, v.precision, v.approx) == form


def test_edtf_of_open_ends():
    assert edtf("1944-08-08", D(1944, 8, 8), None, "day", "after") == "1944-08-08/.."
    assert edtf("1944-08-08", None, D(1944, 8, 8), "day", "before") == "../1944-08-08"
