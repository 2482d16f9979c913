"""Figures as the sources write them → documented intervals.

Quantities, dates and durations are parsed from the raw text of a claim
(``约6万人``, ``1.7萬餘人``, ``四十七天``, ``7月底``) into a value with a point, a
lower and an upper bound and the approximation word that produced them.  The
rules are listed in the README ("Interval rules"); every rule has a unit test.

The *step* of a figure is the place value of its last non-zero digit
(``60000`` → 10000, ``1.7万`` → 1000, ``1200`` → 100).  Approximation words are
read against it:

>>> parse_quantity("约6万人").interval
(55000, 65000)
>>> parse_quantity("1.7萬餘人").interval
(17000, 18000)
>>> parse_quantity("50—60万").interval
(500000, 600000)
>>> parse_duration("46个昼夜").reckoning
'day_night'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

import cn2an

from .script import to_simplified

Number = int | Decimal


class ValueError_(ValueError):
    """A figure that cannot be read; the message says what would fix it."""


# --- numerals -------------------------------------------------------------------

CN_DIGITS = "零〇一二两三四五六七八九"
CN_UNITS = "十百千万亿"
CN_NUM = f"[{CN_DIGITS}{CN_UNITS}]"
AR_NUM = r"[0-9]+(?:[.,][0-9]+)*"
# A numeral: Arabic digits (with separators, decimals and optional Chinese
# magnitudes, e.g. 1.7万, 1万6千) or a run of Chinese numerals.
NUMERAL = rf"(?:{AR_NUM}(?:[万千百亿](?:{AR_NUM}[万千百]?)*)?|{CN_NUM}+)"

_FULLWIDTH = str.maketrans("０１２３４５６７８９．，～－", "0123456789.,~-")


def normalise_text(raw: str) -> str:
    """Simplified script, ASCII digits, no spaces; 1944年的6月 → 1944年6月.

    >>> normalise_text("１．７萬餘人")
    '1.7万余人'
    """
    t = re.sub(r"\s+", "", to_simplified(raw).translate(_FULLWIDTH))
    return re.sub(r"年的(?=[0-9一二三四五六七八九十]{1,3}月)", "年", t)


def numeral_value(text: str) -> Number:
    """The value of one numeral as written.

    >>> numeral_value("一万五千"), numeral_value("1.7万"), numeral_value("48,000")
    (15000, 17000, 48000)
    >>> numeral_value("一九四四")
    1944
    """
    t = text.replace(",", "")
    if re.fullmatch(r"[0-9]+", t):
        return int(t)
    if re.fullmatch(r"[0-9]+\.[0-9]+", t):
        return _tidy(Decimal(t))
    if t[:1] in "百千万亿":  # 千人, 万余: a bare magnitude means one of it
        t = "一" + t
    try:
        v = cn2an.cn2an(t, "smart")
    except (ValueError, KeyError) as exc:  # cn2an raises ValueError subclasses
        raise ValueError_(f"cannot read the numeral {text!r}") from exc
    return _tidy(Decimal(str(v)))


def _tidy(d: Decimal) -> Number:
    return int(d) if d == d.to_integral_value() else d.normalize()


def step_of(value: Number) -> Number:
    """Place value of the last non-zero digit: the figure's precision.

    >>> step_of(60000), step_of(17000), step_of(1200), step_of(47), step_of(Decimal("2.5"))
    (10000, 1000, 100, 1, Decimal('0.1'))
    """
    if isinstance(value, Decimal):
        exp = value.normalize().as_tuple().exponent
        if exp < 0:
            return Decimal(1).scaleb(exp)
        value = int(value)
    if value == 0:
        return 1
    step = 1
    while value % (step * 10) == 0:
        step *= 10
    return step


# --- quantities -----------------------------------------------------------------

Approx = str  # one of APPROXIMATIONS

APPROXIMATIONS = {
    "exact": "a plain figure: [X, X]",
    "about": "约/大约/左右/上下/许/about/approximately: [X − s/2, X + s/2]",
    "more_than": "余/多/有余/强/以上/超过/逾/+/over/more than: [X, X + s]",
    "nearly": "近/将近/接近/nearly/almost: [X − s/2, X]",
    "under": "不到/不足/未满/under/less than: [X − s, X]",
    "range": "X–Y, X至Y, X到Y, X~Y: [X, Y]",
    "vague": "数/几 + magnitude (数万, 几百, 十几): [2·m, 9·m], 十几 [11, 19]; two digits (三四千, 四五百): [a·m, b·m]",
}

_PREFIX = [
    ("about", ("大约", "约计", "约有", "约", "大概", "about", "approximately", "approx.", "~")),
    ("nearly", ("将近", "接近", "近", "nearly", "almost")),
    ("under", ("不到", "不足", "未满", "不及", "under", "lessthan", "fewerthan")),
    ("more_than", ("超过", "超出", "逾", "over", "morethan")),
]
_SUFFIX = [
    ("more_than", ("有余", "余", "多", "以上", "强", "+")),
    ("about", ("左右", "上下", "许")),
]
_IGNORED_PREFIX = ("共计", "总计", "合计", "计", "共", "仅", "只有", "只", "达", "高达", "有", "亘", "历时", "历", "长达", "的")

UNIT_WORDS = [
    ("km2", ("平方公里", "平方千米", "km2", "km²")),
    ("km", ("公里", "千米", "km")),
    ("m", ("米", "公尺")),
    ("li", ("华里", "里")),
    ("percent", ("%", "％", "percent")),
    ("person", ("人", "名", "员", "众", "兵", "官兵", "壮丁", "士兵", "people", "men", "troops")),
    ("round", ("发", "枚", "颗")),
    ("piece", ("门", "挺", "支", "件", "根", "把")),
    ("aircraft", ("架",)),
    ("ton", ("吨",)),
    ("division", ("个师团", "个师", "师团", "师")),
    ("regiment", ("个团", "个联队", "联队", "团")),
    ("battalion", ("个营", "营")),
    ("city", ("座",)),
    ("item", ("个", "家", "辆", "次", "所", "间")),
]


@dataclass(frozen=True)
class Quantity:
    """A parsed figure: point (the figure as stated; midpoint for a range)."""

    point: Number
    lower: Number
    upper: Number
    approx: Approx
    unit: str | None
    step: Number

    @property
    def interval(self) -> tuple[Number, Number]:
        return (self.lower, self.upper)


def _strip_prefixes(t: str) -> tuple[str, str | None]:
    approx = None
    changed = True
    while changed:
        changed = False
        for word in _IGNORED_PREFIX:
            if t.startswith(word) and len(t) > len(word) and _starts_numeric(t[len(word):]):
                t, changed = t[len(word):], True
        for kind, words in _PREFIX:
            for word in words:
                if t.lower().startswith(word):
                    t, approx, changed = t[len(word):], kind, True
                    break
    return t, approx


def _starts_numeric(t: str) -> bool:
    return bool(re.match(rf"(?:{NUMERAL}|数|几|半|约|近|不|超|逾|将|接)", t))


def _unit_of(rest: str) -> str | None:
    rest = rest.lstrip("余多个")
    for unit, words in UNIT_WORDS:
        for w in words:
            if rest.startswith(w):
                return unit
    return None


def _half(numtext: str, rest: str) -> tuple[Number, str]:
    """`两个半师` → 2.5; returns the value and the rest after 半."""
    v = numeral_value(numtext)
    m = re.match(r"(个)?半", rest)
    if m:
        return _tidy(Decimal(v) + Decimal("0.5")), (("个" if m.group(1) else "") + rest[m.end():])
    return v, rest


def parse_quantity(raw: str, unit: str | None = None) -> Quantity:
    """Read a quantity.  ``unit`` overrides the unit read from the text.

    >>> parse_quantity("2000余人")
    Quantity(point=2000, lower=2000, upper=3000, approx='more_than', unit='person', step=1000)
    >>> parse_quantity("90%以上").interval
    (90, 100)
    >>> parse_quantity("4个半师团").point
    Decimal('4.5')
    >>> parse_quantity("45,000–55,000").interval
    (45000, 55000)
    """
    t = normalise_text(raw)
    t = t.replace("—", "-").replace("–", "-").replace("－", "-").replace("～", "~")
    t, pre = _strip_prefixes(t)
    frac = re.match(rf"({NUMERAL})分之({NUMERAL})", t)
    if frac:  # 四分之一强: a fraction, read as a percentage
        pct = _tidy(Decimal(numeral_value(frac.group(2))) * 100 / Decimal(numeral_value(frac.group(1))))
        approx = pre or _suffix_of(t[frac.end():]) or "exact"
        lo, hi = {"more_than": (pct, pct + 5), "about": (pct - 2, pct + 2), "nearly": (pct - 2, pct)}.get(approx, (pct, pct))
        return Quantity(pct, _tidy(Decimal(lo)), _tidy(Decimal(hi)), approx, "percent", 1)
    vague = _parse_vague(t)
    if vague:
        lo, hi, rest = vague
        return Quantity(_tidy(Decimal(lo + hi) / 2), lo, hi, "vague", unit or _unit_of(rest), step_of(lo))
    m = re.match(rf"({NUMERAL})(?:(?:-|~|至|到)({NUMERAL}))?", t)
    if not m:
        raise ValueError_(f"no figure found in {raw!r}: write the number as the source does (e.g. 约6万人)")
    first, second = m.group(1), m.group(2)
    rest = t[m.end():]
    if second:
        a, b = numeral_value(first), numeral_value(second)
        mag = re.search(r"[万千百亿]$", second)
        if mag and not re.search(r"[万千百亿十]", first) and a < b:
            a = numeral_value(first + mag.group(0))
        if a > b:
            raise ValueError_(f"range {raw!r} runs backwards")
        if pre == "about":
            sa, sb = step_of(a), step_of(b)
            return Quantity(_mid(a, b), a - _half_step(sa), b + _half_step(sb), "about", unit or _unit_of(rest), min(sa, sb))
        return Quantity(_mid(a, b), a, b, "range", unit or _unit_of(rest), min(step_of(a), step_of(b)))
    x, rest = _half(first, rest)
    suffix = None
    m2 = re.match(r"(余|多)([万千百亿])", rest)  # 20余万: the suffix before the magnitude
    if m2:
        x = numeral_value(first + m2.group(2))
        suffix, rest = "more_than", rest[m2.end():]
    else:
        suffix = _suffix_of(rest)
    u = unit or _unit_of(rest)
    approx = pre or suffix or "exact"
    if pre and suffix and pre != suffix:
        approx = pre if pre in ("nearly", "under") else suffix
    s = step_of(x)
    lo, hi = _bounds(x, s, approx)
    if u == "percent":
        hi = min(hi, 100)
    return Quantity(x, lo, hi, approx, u, s)


def _suffix_of(rest: str) -> str | None:
    """The approximation word after the figure, possibly behind a counter (3000人以上)."""
    for kind, words in _SUFFIX:
        for w in words:
            i = rest.find(w)
            if i == 0 or (0 < i <= 3 and not re.search(NUMERAL, rest[:i])):
                return kind
    return None


def _half_step(s: Number) -> Number:
    return _tidy(Decimal(s) / 2)


def _mid(a: Number, b: Number) -> Number:
    return _tidy((Decimal(a) + Decimal(b)) / 2)


def _bounds(x: Number, s: Number, approx: str) -> tuple[Number, Number]:
    h = _half_step(s)
    return {
        "exact": (x, x),
        "about": (_tidy(Decimal(x) - Decimal(h)), _tidy(Decimal(x) + Decimal(h))),
        "more_than": (x, _tidy(Decimal(x) + Decimal(s))),
        "nearly": (_tidy(Decimal(x) - Decimal(h)), x),
        "under": (_tidy(max(Decimal(0), Decimal(x) - Decimal(s))), x),
    }[approx]


_MAG = {"十": 10, "百": 100, "千": 1000, "万": 10000, "十万": 100000, "百万": 1000000}


def _parse_vague(t: str) -> tuple[Number, Number, str] | None:
    """数万 / 几百 / 十几 / 几十 / 数十万."""
    m = re.match(r"(?:数|几)(十万|百万|十|百|千|万)", t)
    if m:
        mag = _MAG[m.group(1)]
        return 2 * mag, 9 * mag, t[m.end():]
    m = re.match(r"十几", t)
    if m:
        return 11, 19, t[m.end():]
    m = re.match(r"([一二两三四五六七八九])([一二两三四五六七八九])(十|百|千|万)", t)
    if m:  # 三四千, 四五百: two neighbouring digits before a magnitude
        a, b = numeral_value(m.group(1)), numeral_value(m.group(2))
        if b == a + 1:
            mag = _MAG[m.group(3)]
            return a * mag, b * mag, t[m.end():]
    return None


def parse_plain_number(text: str) -> Quantity:
    """A curator's ``normalized`` figure: ``60000`` or ``48000-60000``."""
    m = re.fullmatch(r"\s*([0-9][0-9.,]*)\s*(?:-|–|—)\s*([0-9][0-9.,]*)\s*", text)
    if m:
        a, b = numeral_value(m.group(1)), numeral_value(m.group(2))
        return Quantity(_mid(a, b), a, b, "range", None, min(step_of(a), step_of(b)))
    try:
        x = numeral_value(text.strip())
    except ValueError_:
        raise ValueError_(f"normalized figure {text!r} is not a number or a range A-B") from None
    return Quantity(x, x, x, "exact", None, step_of(x))


# --- durations ------------------------------------------------------------------

_DURATION_UNITS = [
    ("day_night", 1, ("个昼夜", "昼夜", "日夜", "个日夜", "天昼夜")),
    ("weeks", 7, ("个星期", "星期", "周", "个礼拜", "礼拜")),
    ("months", 30, ("个多月", "个月", "月")),
    ("days", 1, ("天", "日", "days", "day")),
]


@dataclass(frozen=True)
class Duration:
    """A length of time in days, with the reckoning the source uses."""

    days: Number
    lower: Number
    upper: Number
    approx: Approx
    reckoning: str  # days | day_night | weeks | months

    @property
    def interval(self) -> tuple[Number, Number]:
        return (self.lower, self.upper)


def _duration_unit(rest: str) -> tuple[str, int, str] | None:
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
    >>> parse_duration("半个月").days
    15
    """
    t = normalise_text(raw)
    t = t.replace("—", "-").replace("–", "-")
    if t.startswith("半个月") or t.startswith("半月"):
        return Duration(15, 15, 15, "exact", "months")
    m = re.match(rf"(.*?)(?:-|~|至|到)(.*)$", t)
    if m and re.search(NUMERAL, m.group(1)) and re.search(NUMERAL, m.group(2)):
        a, b = _single_duration(m.group(1), raw), _single_duration(m.group(2), raw, default=None)
        if b is None:
            raise ValueError_(f"no unit of time in {raw!r}")
        if a is None:  # 10-14天: the unit is written once
            q = parse_quantity(m.group(1))
            a = Duration(q.point * b_factor(m.group(2)), q.lower, q.upper, q.approx, _reckoning(m.group(2)))
        return Duration(_mid(a.days, b.days), a.lower, b.upper, "range", b.reckoning)
    d = _single_duration(t, raw)
    if d is None:
        raise ValueError_(f"no unit of time (天, 日, 昼夜, 星期, 周, 月) in {raw!r}")
    return d


def b_factor(text: str) -> int:
    u = _duration_unit(re.sub(rf"^.*?{NUMERAL}", "", text, count=1))
    return u[1] if u else 1


def _reckoning(text: str) -> str:
    u = _duration_unit(re.sub(rf"^.*?{NUMERAL}", "", text, count=1))
    return u[0] if u else "days"


def _single_duration(t: str, raw: str, default: object = "error") -> Duration | None:
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
    f = Decimal(factor)
    more = "个多月" in rest or q.approx == "more_than"
    lo, hi = Decimal(q.lower) * f, Decimal(q.upper) * f
    if more and factor > 1 and q.approx != "more_than":
        hi = Decimal(q.point + q.step) * f
    approx = "more_than" if more else q.approx
    return Duration(_tidy(Decimal(q.point) * f), _tidy(lo), _tidy(hi), approx, reckoning)


# --- dates ----------------------------------------------------------------------

PRECISIONS = ("day", "month", "year")
_TIME_OF_DAY = ("拂晓", "凌晨", "清晨", "黎明", "晨", "早晨", "上午", "中午", "午后", "下午", "傍晚", "黄昏", "晚上", "晚", "夜间", "深夜", "夜", "午夜")
_PART_OF_MONTH = {"初": (1, 10), "上旬": (1, 10), "中旬": (11, 20), "下旬": (21, 31), "底": (21, 31), "末": (21, 31)}
_SEASON = {"春": (3, 1, 5, 31), "夏": (6, 1, 8, 31), "秋": (9, 1, 11, 30), "冬": (12, 1, 12, 31)}


@dataclass(frozen=True)
class DateValue:
    """A date with precision; ``point`` is ISO at that precision (1944-07 for 7月)."""

    point: str
    lower: dt.date
    upper: dt.date
    precision: str
    approx: Approx  # exact | about | part_of_month | season | range | part_of_year
    time_of_day: str | None = None

    @property
    def interval(self) -> tuple[dt.date, dt.date]:
        return (self.lower, self.upper)


_DATE_RE = re.compile(
    rf"(?:(?P<y>[0-9]{{4}}|[一二三四五六七八九〇零]{{4}})年)?"
    rf"(?:(?P<season>[春夏秋冬])季?(?:天)?)?"
    rf"(?:(?P<yearpart>年初|年底|年末|年中))?"
    rf"(?:(?P<m>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?:份)?)?"
    rf"(?:(?P<d>[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})(?:日|号))?"
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
    t = normalise_text(raw)
    t = t.replace("—", "-").replace("–", "-")
    m = re.match(rf"(.+?)(?:-|至|到|~)(.+)$", t)
    if m and _DATE_RE.match(m.group(1)).group(0) and _DATE_RE.match(m.group(2)).group(0):
        a = parse_date(m.group(1), normalized)
        ny, nm, _ = _base_from_normalized(a.point[:7] if a.precision != "year" else a.point)
        own_month = _DATE_RE.match(m.group(2)).group("m")
        b = parse_date(m.group(2), f"{ny:04d}-{nm:02d}" if nm and not own_month else f"{ny:04d}")
        if b.upper < a.lower:
            raise ValueError_(f"date range {raw!r} runs backwards")
        return DateValue(a.point, a.lower, b.upper, a.precision, "range", a.time_of_day)
    m = _DATE_RE.match(t)
    groups = m.groupdict() if m else {}
    rest = t[m.end():] if m else t
    by, bm, bd = _base_from_normalized(normalized)
    y = int(numeral_value(groups["y"])) if groups.get("y") else None
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
            day = dt.date(y, mo, d)
            lo, hi, approx = day, day, "exact"
            if "左右" in rest or rest.startswith("前后"):
                lo, hi, approx = day - dt.timedelta(days=3), day + dt.timedelta(days=3), "about"
            return DateValue(day.isoformat(), lo, hi, "day", approx, tod)
        if mo is not None:
            last = calendar.monthrange(y, mo)[1]
            lo, hi, approx = dt.date(y, mo, 1), dt.date(y, mo, last), "exact"
            for word, (a, b) in _PART_OF_MONTH.items():
                if rest.startswith(word):
                    lo, hi, approx = dt.date(y, mo, a), dt.date(y, mo, min(b, last)), "part_of_month"
                    break
            if "左右" in rest[:3]:
                lo = (dt.date(y, mo, 1) - dt.timedelta(days=15))
                hi = dt.date(y, mo, last) + dt.timedelta(days=15)
                approx = "about"
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
