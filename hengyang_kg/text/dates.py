"""Durations and dates as the sources write them → documented intervals.

>>> parse_duration("46个昼夜").reckoning
'day_night'
>>> parse_date("7月底", "1944").interval
(datetime.date(1944, 7, 21), datetime.date(1944, 7, 31))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from hengyang_kg.text.english import english_date, english_duration
from hengyang_kg.text.eras import to_gregorian
from hengyang_kg.text.numerals import (
    NUMERAL,
    Number,
    ValueError_,
    normalise_text,
    numeral_value,
    tidy,
)
from hengyang_kg.text.quantities import Approx, midpoint, parse_quantity

# --- durations ------------------------------------------------------------------

Reckoning = Literal["days", "day_night", "weeks", "months", "hours"]

_DURATION_UNITS: list[tuple[Reckoning, int, tuple[str, ...]]] = [
    ("day_night", 1, ("个昼夜", "昼夜", "日夜", "个日夜", "天昼夜")),
    ("weeks", 7, ("个星期", "星期", "周", "个礼拜", "礼拜")),
    ("months", 30, ("个多月", "个月", "月")),
    ("hours", 0, ("个小时", "小时", "个钟头", "钟头", "hours", "hour")),
    ("days", 1, ("天", "日", "days", "day")),
]
# A month is reckoned as 30 days, but a calendar month has 28 to 31: a duration in months
# spans [28·lower, 31·upper] days (半个月 → [14, 15.5], which holds 两周).
MONTH_DAYS = (28, 30, 31)
HOUR = Decimal(1) / 24  # hours are days to four decimal places (五小时 → 0.2083)
_HOUR_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Duration:
    """A length of time in days, with the reckoning the source uses."""

    days: Number
    lower: Number | None  # None: the text leaves this side open (超过四十天, 4天内)
    upper: Number | None
    approx: Approx
    reckoning: Reckoning

    @property
    def interval(self) -> tuple[Number | None, Number | None]:
        return (self.lower, self.upper)

    @property
    def normalized(self) -> Number:
        """The normalised value: the length in days."""
        return self.days


def _duration_unit(rest: str) -> tuple[Reckoning, int, str] | None:
    for reckoning, factor, words in _DURATION_UNITS:
        for w in words:
            i = rest.find(w)
            if i != -1 and not re.search(NUMERAL, rest[:i]) and i <= 2:
                return reckoning, factor, w
    return None


def parse_duration(raw: str) -> Duration:
    """Read a duration.

    >>> parse_duration("四十七天").interval
    (47, 47)
    >>> parse_duration("四十余天").interval
    (40, 50)
    >>> parse_duration("十天到两周").interval
    (10, 14)
    >>> d = parse_duration("半个月"); (d.days, d.interval)
    (15, (14, Decimal('15.5')))
    >>> parse_duration("近一个小时").interval
    (Decimal('0.0208'), Decimal('0.0417'))
    """
    t = normalise_text(english_duration(raw))  # English words read by the same rules
    t = t.replace("—", "-").replace("–", "-")
    if t.startswith(("半个月", "半月")):  # half a calendar month: 14 to 15.5 days
        return Duration(15, 14, Decimal("15.5"), "exact", "months")
    if t.startswith(("半小时", "半个小时", "半个钟头")):
        half = _hours(Decimal("0.5"))
        return Duration(half, half, half, "exact", "hours")
    m = re.match(r"(.*?)(?:-|~|至|到)(.*)$", t)
    if m and re.search(NUMERAL, m.group(1)) and re.search(NUMERAL, m.group(2)):
        a, b = _single_duration(m.group(1), raw), _single_duration(m.group(2), raw)
        if b is None:
            raise ValueError_(f"no unit of time in {raw!r}")
        if a is None:  # 10-14天, 2-3周: the unit is written once, after the second figure
            a = _single_duration(m.group(1) + _unit_word(m.group(2)), raw)
            assert a is not None
        return Duration(midpoint(a.days, b.days), a.lower, b.upper, "range", b.reckoning)
    d = _single_duration(t, raw)
    if d is None:
        raise ValueError_(f"no unit of time (天, 日, 昼夜, 星期, 周, 月) in {raw!r}")
    return d


def _unit_word(text: str) -> str:
    """The unit of time written after the figure in ``text`` (周 in 3周)."""
    u = _duration_unit(re.sub(rf"^.*?{NUMERAL}", "", text, count=1))
    return u[2] if u else "天"


def _single_duration(t: str, raw: str) -> Duration | None:
    m = re.search(rf"{NUMERAL}", t)
    if not m:
        return None
    rest = t[m.end():]
    rest_half = re.sub(r"^(个)?半", "", rest)
    unit = _duration_unit(rest_half)
    if unit is None:
        return None
    reckoning, factor, _word = unit
    q = parse_quantity(t)
    more = "个多月" in rest or q.approx == "more_than"
    lower, upper = q.lower, q.upper
    if more and factor > 1 and q.approx != "more_than":
        upper = q.point + q.step
    approx = "more_than" if more else q.approx
    if reckoning == "hours":
        days = _hours(q.point)
        lo = None if lower is None else _hours(lower)
        hi = None if upper is None else _hours(upper)
    else:
        low_f, high_f = (MONTH_DAYS[0], MONTH_DAYS[2]) if reckoning == "months" else (factor, factor)
        days = tidy(Decimal(q.point) * factor)
        lo = None if lower is None else tidy(Decimal(lower) * low_f)
        hi = None if upper is None else tidy(Decimal(upper) * high_f)
    return Duration(days, lo, hi, approx, reckoning)


def _hours(n: Number) -> Number:
    """``n`` hours in days, to four decimal places."""
    return tidy((Decimal(n) * HOUR).quantize(_HOUR_PLACES))


# --- dates ----------------------------------------------------------------------

DatePrecision = Literal["day", "month", "year"]
DateApprox = Literal["exact", "about", "part_of_month", "season", "range", "part_of_year", "after", "before"]

_TIME_OF_DAY = ("拂晓", "凌晨", "清晨", "黎明", "晨", "早晨", "上午", "中午", "午后", "下午", "傍晚", "黄昏", "晚上", "晚", "夜间", "深夜", "夜", "午夜")
_PART_OF_MONTH = {"初": (1, 10), "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "底": (21, 31), "末": (21, 31)}
_SEASON = {"春": (3, 1, 5, 31), "夏": (6, 1, 8, 31), "秋": (9, 1, 11, 30), "冬": (12, 1, 12, 31)}


@dataclass(frozen=True)
class DateValue:
    """A date with precision; ``point`` is ISO at that precision (1944-07 for 7月)."""

    point: str
    lower: dt.date | None  # None: the text leaves this side open (7月26日后 has no upper bound)
    upper: dt.date | None
    precision: DatePrecision
    approx: DateApprox
    time_of_day: str | None = None

    @property
    def interval(self) -> tuple[dt.date | None, dt.date | None]:
        return (self.lower, self.upper)

    @property
    def normalized(self) -> str:
        """The normalised value: ISO at the date's precision (1944, 1944-07, 1944-07-21)."""
        return self.point


_DATE_RE = re.compile(
    r"(?:(?P<y>[0-9]{4}|[一二三四五六七八九〇零]{4}|[0-9]{2}(?=年[0-9一二三四五六七八九十]))年)?"
    r"(?:(?P<season>[春夏秋冬])季?(?:天)?)?"
    r"(?:(?P<yearpart>年初|年底|年末|年中))?"
    r"(?:(?P<m>[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?)?"
    r"(?:(?P<d>[0-9]{1,2}|[一二三四五六七八九十]{1,3})(?:日|号))?"
)


def _base_from_normalized(normalized: str | None) -> tuple[int | None, int | None, int | None]:
    if not normalized:
        return None, None, None
    m = re.fullmatch(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?", normalized.strip())
    if not m:
        raise ValueError_(f"normalized date {normalized!r} is not ISO (YYYY, YYYY-MM or YYYY-MM-DD)")
    return tuple(int(g) if g else None for g in m.groups())  # type: ignore[return-value]


def parse_date(raw: str, normalized: str | None = None) -> DateValue:
    """Read a date; ``normalized`` supplies what the text leaves to context.

    >>> parse_date("1944年6月23日").point
    '1944-06-23'
    >>> d = parse_date("7月底", "1944-07"); (d.point, str(d.lower), str(d.upper))
    ('1944-07', '1944-07-21', '1944-07-31')
    >>> parse_date("26日拂晓", "1944-06-26").time_of_day
    '拂晓'
    """
    t = normalise_text(english_date(to_gregorian(raw)))  # era years and English words, same rules
    t = t.replace("—", "-").replace("–", "-")
    about = re.match(r"(?:大约|约在|约于|约|大概)-?", t)
    if about:  # 约45年2月: about a date; before a time of day only (約晚7時) it qualifies the hour
        v = parse_date(t[about.end():], normalized)
        after_about = _DATE_RE.match(t[about.end():])
        written = after_about.group(0) if after_about else ""
        return _widen(v) if written and v.approx == "exact" else v
    m = re.match(r"(.+?)(?:-|至|到|~)(.+)$", t)
    first, second = (_DATE_RE.match(m.group(1)), _DATE_RE.match(m.group(2))) if m else (None, None)
    if m and first and second and first.group(0) and second.group(0):
        a = parse_date(m.group(1), normalized)
        ny, nm, _ = _base_from_normalized(a.point[:7] if a.precision != "year" else a.point)
        own_month = second.group("m")
        b = parse_date(m.group(2), f"{ny:04d}-{nm:02d}" if nm and not own_month else f"{ny:04d}")
        if b.upper is not None and a.lower is not None and b.upper < a.lower:
            raise ValueError_(f"date range {raw!r} runs backwards")
        return DateValue(a.point, a.lower, b.upper, a.precision, "range", a.time_of_day)
    m = _DATE_RE.match(t)
    groups = m.groupdict() if m else {}
    rest = t[m.end():] if m else t
    by, bm, bd = _base_from_normalized(normalized)
    y = int(numeral_value(groups["y"])) if groups.get("y") else None
    if y is not None and y < 100:  # 45年: a two-digit year of the 20th century
        y += 1900
    mo = int(numeral_value(groups["m"])) if groups.get("m") else None
    d = int(numeral_value(groups["d"])) if groups.get("d") else None
    if not (y or mo or d or groups.get("season") or groups.get("yearpart")):
        if by is None:
            raise ValueError_(f"no date found in {raw!r}: write it as the source does, or give normalized (YYYY-MM-DD)")
        y, mo, d = by, bm, bd
    for name, got, base in (("year", y, by), ("month", mo, bm), ("day", d, bd)):
        if got is not None and base is not None and got != base:
            raise ValueError_(f"normalized {normalized!r} disagrees with the {name} written in {raw!r}")
    explicit = (y, mo, d)
    y = y if y is not None else by
    if y is None:
        raise ValueError_(f"the year of {raw!r} is not written: give normalized (e.g. 1944-06-26)")
    if mo is None and explicit[2] is not None:
        mo = bm
        if mo is None:
            raise ValueError_(f"the month of {raw!r} is not written: give normalized (e.g. 1944-06-26)")
    tod = next((w for w in _TIME_OF_DAY if rest.startswith(w) or w in rest[:3]), None)
    try:
        if d is not None:
            if mo is None:
                raise ValueError_(f"the month of {raw!r} is not written: give normalized (e.g. 1944-06-26)")
            day = dt.date(y, mo, d)
            v = DateValue(day.isoformat(), day, day, "day", "exact", tod)
            if "左右" in rest or rest.startswith("前后"):
                return _widen(v)
            side = _side(rest)
            if side == "after":
                return DateValue(day.isoformat(), day, None, "day", "after", tod)
            if side == "before":
                return DateValue(day.isoformat(), None, day, "day", "before", tod)
            return v
        if mo is not None:
            last = calendar.monthrange(y, mo)[1]
            lo: dt.date | None
            hi: dt.date | None
            approx: DateApprox
            lo, hi, approx = dt.date(y, mo, 1), dt.date(y, mo, last), "exact"
            for word, (first_day, last_day) in _PART_OF_MONTH.items():
                if rest.startswith(word):
                    lo, hi, approx = dt.date(y, mo, first_day), dt.date(y, mo, min(last_day, last)), "part_of_month"
                    break
            if "左右" in rest[:3]:
                lo = (dt.date(y, mo, 1) - dt.timedelta(days=15))
                hi = dt.date(y, mo, last) + dt.timedelta(days=15)
                approx = "about"
            side = _side(rest) if approx == "exact" else None
            if side:
                lo, hi, approx = (lo, None, side) if side == "after" else (None, hi, side)
            return DateValue(f"{y:04d}-{mo:02d}", lo, hi, "month", approx, tod)
    except ValueError as exc:
        raise ValueError_(f"{raw!r} is not a calendar date ({exc})") from None
    if groups.get("season"):
        m1, d1, m2, d2 = _SEASON[groups["season"]]
        return DateValue(f"{y:04d}", dt.date(y, m1, d1), dt.date(y, m2, d2), "year", "season", None)
    part = groups.get("yearpart")
    if part == "年初":
        return DateValue(f"{y:04d}", dt.date(y, 1, 1), dt.date(y, 3, 31), "year", "part_of_year")
    if part in ("年底", "年末"):
        return DateValue(f"{y:04d}", dt.date(y, 10, 1), dt.date(y, 12, 31), "year", "part_of_year")
    if part == "年中":
        return DateValue(f"{y:04d}", dt.date(y, 5, 1), dt.date(y, 8, 31), "year", "part_of_year")
    return DateValue(f"{y:04d}", dt.date(y, 1, 1), dt.date(y, 12, 31), "year", "exact")


_AFTER = ("以后", "之后", "以来", "后")
_BEFORE = ("以前", "之前", "前")


def _side(rest: str) -> Literal["after", "before"] | None:
    """``after`` for 7月26日后 / 以后 / 之后, ``before`` for 以前 / 之前 / 前 (not 前后, which is about)."""
    if rest.startswith("前后"):
        return None
    if rest.startswith(_AFTER):
        return "after"
    if rest.startswith(_BEFORE):
        return "before"
    return None


def _widen(v: DateValue) -> DateValue:
    """About a date: ±3 days around a day, ±15 days around a month, ±1 year around a year."""
    assert v.lower is not None and v.upper is not None
    pad = {"day": dt.timedelta(days=3), "month": dt.timedelta(days=15), "year": dt.timedelta(days=365)}[v.precision]
    return DateValue(v.point, v.lower - pad, v.upper + pad, v.precision, "about", v.time_of_day)
