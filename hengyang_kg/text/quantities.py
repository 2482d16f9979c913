"""Figures as the sources write them → documented intervals.

Quantities (and, in :mod:`hengyang_kg.text.dates`, dates and durations) are parsed from the raw text of a claim
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

Durations and dates are in :mod:`hengyang_kg.text.dates`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal, get_args

from hengyang_kg.text.english import english_figure
from hengyang_kg.text.numerals import (
    NUMERAL,
    Number,
    ValueError_,
    normalise_text,
    numeral_value,
    step_of,
    tidy,
)

# --- quantities -----------------------------------------------------------------

Approx = Literal["exact", "about", "more_than", "over", "at_least", "nearly", "under", "at_most", "within",
                 "range", "vague"]

APPROXIMATIONS = {
    "exact": "a plain figure: [X, X]; a round one (step ≥ 100) also gets the rounding interval [X − s/2, X + s/2)",
    "about": "约/大约/左右/上下/许/about/approximately: [X − s/2, X + s/2]",
    "more_than": "余/多/有余/强: [X, X + s]",
    "over": "超过/逾/以上/+/over/more than: [X, open) — no upper bound",
    "at_least": "不下/不少于/至少/起码/at least: [X, open) — no upper bound",
    "nearly": "近/将近/接近/nearly/almost: [X − s/2, X]",
    "under": "不到/不足/未满/不及/under/less than: [X − s/2, X] — just under X, never down to 0",
    "at_most": "以下/至多/最多/不超过/at most: (open, X] — no lower bound",
    "within": "以内/之内/内/within: a deadline, read as just under it like 不到: [X − s/2, X]",
    "range": "X–Y, X至Y, X到Y, X~Y: [X, Y]",
    "vague": "数/几 + magnitude (数万, 几百, 十几): [2·m, 9·m], 十几 [11, 19]; 几/数 + counter (几个, 几人, 几吨): [2, 9]; "
             "two digits (三四千, 四五百): [a·m, b·m]",
}
ROUND_STEP = 100  # an exact figure whose step is at least this is a round figure
# More than half (过半, 超过半数, 半数以上, 逾半): a share over 50% of the whole; when the text
# states the whole, the curator gives half of it as ``normalized`` and the count is [half, open).
HALF_OF_WHOLE = re.compile(r"(?:超过|过|逾)半数?|(?:一)?半数?以上")

_PREFIX: list[tuple[Approx, tuple[str, ...]]] = [
    ("about", ("大约", "约计", "约有", "约", "大概", "about", "approximately", "approx.", "~")),
    ("nearly", ("将近", "接近", "近", "nearly", "almost")),
    ("at_most", ("不超过", "至多", "最多", "atmost", "nomorethan")),
    ("within", ("within",)),
    ("under", ("不到", "不足", "未满", "不及", "under", "lessthan", "fewerthan")),
    ("at_least", ("不下于", "不下", "不少于", "不低于", "至少", "起码", "atleast", "nofewerthan", "nolessthan")),
    ("over", ("超过", "超出", "逾", "over", "morethan")),
]
_SUFFIX: list[tuple[Approx, tuple[str, ...]]] = [
    ("more_than", ("有余", "余", "多", "强")),
    ("over", ("以上", "+")),
    ("at_most", ("以下",)),
    ("within", ("以内", "之内", "内")),
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
    """A parsed figure: point (the figure as stated; midpoint for a range).

    ``lower``/``upper`` are what the text says; ``None`` is a side the text leaves open
    (超过19380人 has no upper bound).  ``rounding_lower``/``rounding_upper`` are what
    rounding allows for a round figure stated exactly (11萬 → [105000, 115000)), kept
    apart from what the text says.
    """

    point: Number
    lower: Number | None
    upper: Number | None
    approx: Approx
    unit: str | None
    step: Number
    rounding_lower: Number | None = None
    rounding_upper: Number | None = None

    @property
    def interval(self) -> tuple[Number | None, Number | None]:
        return (self.lower, self.upper)

    @property
    def normalized(self) -> Number:
        """The normalised value: the figure as stated (the midpoint of a range)."""
        return self.point

    @property
    def rounding(self) -> tuple[Number, Number] | None:
        """The interval rounding allows, for a round figure; ``None`` otherwise."""
        if self.rounding_lower is None or self.rounding_upper is None:
            return None
        return (self.rounding_lower, self.rounding_upper)


assert set(get_args(Approx)) == set(APPROXIMATIONS)


def _strip_prefixes(t: str) -> tuple[str, Approx | None]:
    approx: Approx | None = None
    changed = True
    while changed:
        changed = False
        for word in _IGNORED_PREFIX:
            if t.startswith(word) and len(t) > len(word) and _starts_numeric(t[len(word):]):
                t, changed = t[len(word):], True
        for kind, words in _PREFIX:
            for word in words:
                if t.lower().startswith(word):
                    t, approx, changed = t[len(word):].lstrip("-"), kind, True  # 約-五個師團
                    break
    return t, approx


def _starts_numeric(t: str) -> bool:
    return bool(re.match(rf"(?:{NUMERAL}|数|几|半|约|近|不|超|逾|将|接|至|起|最)", t))


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
        return tidy(Decimal(v) + Decimal("0.5")), (("个" if m.group(1) else "") + rest[m.end():])
    return v, rest


def parse_quantity(raw: str, unit: str | None = None) -> Quantity:
    """Read a quantity.  ``unit`` overrides the unit read from the text.

    >>> q = parse_quantity("2000余人"); (q.point, q.interval, q.approx, q.unit, q.step)
    (2000, (2000, 3000), 'more_than', 'person', 1000)
    >>> parse_quantity("90%以上").interval
    (90, 100)
    >>> parse_quantity("4个半师团").point
    Decimal('4.5')
    >>> parse_quantity("45,000–55,000").interval
    (45000, 55000)
    """
    t = normalise_text(english_figure(raw))  # English words read by the same rules
    t = t.replace("—", "-").replace("–", "-").replace("－", "-").replace("～", "~")
    if HALF_OF_WHOLE.match(t):  # 过半: more than half of a whole the text does not count
        return quantity(50, "over", "percent")
    if re.match(r"一半(?!个)", t):  # 一半: half of a whole (一个半 is one and a half)
        return quantity(50, "exact", "percent")
    t, pre = _strip_prefixes(t)
    frac = re.match(rf"({NUMERAL})分之({NUMERAL})", t)
    if frac:  # 四分之一强: a fraction, read as a percentage
        pct = tidy(Decimal(numeral_value(frac.group(2))) * 100 / Decimal(numeral_value(frac.group(1))))
        approx = pre or _suffix_of(t[frac.end():]) or "exact"
        lo, hi = {"more_than": (pct, pct + 5), "about": (pct - 2, pct + 2), "nearly": (pct - 2, pct),
                  "under": (pct - 2, pct), "over": (pct, 100), "at_least": (pct, 100),
                  "at_most": (None, pct)}.get(approx, (pct, pct))
        return Quantity(pct, None if lo is None else tidy(Decimal(lo)), tidy(Decimal(hi)), approx, "percent", 1)
    vague = _parse_vague(t)
    if vague:
        lo, hi, rest = vague
        return Quantity(tidy(Decimal(lo + hi) / 2), lo, hi, "vague", unit or _unit_of(rest), step_of(lo))
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
            return Quantity(midpoint(a, b), a - _half_step(sa), b + _half_step(sb), "about", unit or _unit_of(rest), min(sa, sb))
        return Quantity(midpoint(a, b), a, b, "range", unit or _unit_of(rest), min(step_of(a), step_of(b)))
    x, rest = _half(first, rest)
    suffix: Approx | None = None
    m2 = re.match(r"(余|多)([万千百亿])", rest)  # 20余万: the suffix before the magnitude
    if m2:
        x = numeral_value(first + m2.group(2))
        suffix, rest = "more_than", rest[m2.end():]
    else:
        suffix = _suffix_of(rest)
    approx = pre or suffix or "exact"
    if pre and suffix and pre != suffix:  # 约70,000餘人 reads as 余; any other word before the figure wins
        approx = suffix if pre == "about" else pre
    return quantity(x, approx, unit or _unit_of(rest))


def quantity(x: Number, approx: Approx, unit: str | None, step: Number | None = None) -> Quantity:
    """The figure ``x`` read with the approximation rule ``approx``.

    >>> quantity(19380, "over", "person").interval
    (19380, None)
    >>> quantity(110000, "exact", "person").rounding
    (105000, 115000)
    """
    s = step_of(x) if step is None else step
    lo, hi = bounds(x, s, approx)
    if unit == "percent" and x <= 100:  # a share stops at the whole
        hi = 100 if hi is None else min(hi, 100)
    r_lo = r_hi = None
    if approx == "exact" and s >= ROUND_STEP and unit != "percent":
        r_lo, r_hi = bounds(x, s, "about")
    return Quantity(x, lo, hi, approx, unit, s, r_lo, r_hi)


def _suffix_of(rest: str) -> Approx | None:
    """The approximation word after the figure, possibly behind a counter (3000人以上)."""
    for kind, words in _SUFFIX:
        for w in words:
            i = rest.find(w)
            if i == 0 or (0 < i <= 3 and not re.search(rf"{NUMERAL}|[,，、;；最至]", rest[:i])):
                return kind
    return None


def _half_step(s: Number) -> Number:
    return tidy(Decimal(s) / 2)


def midpoint(a: Number, b: Number) -> Number:
    """The middle of a range, as a tidy number."""
    return tidy((Decimal(a) + Decimal(b)) / 2)


# The rules that map a single figure X with step s to an interval (README, "Interval rules").
POINT_RULES = ("exact", "about", "more_than", "over", "at_least", "nearly", "under", "at_most", "within")


def bounds(x: Number, s: Number, approx: Approx) -> tuple[Number | None, Number | None]:
    """Lower and upper bound of the figure ``x`` of step ``s`` under ``approx``; ``None`` is open.

    >>> bounds(10000, 10000, "under"), bounds(1000, 1000, "at_least")
    ((5000, 10000), (1000, None))
    """
    h = Decimal(_half_step(s))
    below, above = tidy(Decimal(x) - h), tidy(Decimal(x) + h)
    return {
        "exact": (x, x),
        "about": (below, above),
        "more_than": (x, tidy(Decimal(x) + Decimal(s))),
        "over": (x, None),
        "at_least": (x, None),
        "nearly": (below, x),
        "under": (below, x),
        "at_most": (None, x),
        "within": (below, x),
    }[approx]


def approximation_in(raw: str) -> Approx | None:
    """The approximation word written in a value, wherever it stands (約-五個師團 → about).

    >>> approximation_in("約-五個師團"), approximation_in("不下千人"), approximation_in("九個團"), approximation_in("過半")
    ('about', 'at_least', None, 'over')
    """
    t = normalise_text(raw)
    if HALF_OF_WHOLE.search(t):
        return "over"
    _, pre = _strip_prefixes(t)
    if pre:
        return pre
    m = re.search(NUMERAL, t)
    return _suffix_of(t[m.end():]) if m else None


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
    m = re.match(r"(?:数|几)(?=[个名人位吨车辆门挺架次只条件把颗发枚座所间家])", t)
    if m:  # 几个, 几人, 几吨: several, without a magnitude
        return 2, 9, t[m.end():]
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
        return Quantity(midpoint(a, b), a, b, "range", None, min(step_of(a), step_of(b)))
    try:
        x = numeral_value(text.strip())
    except ValueError_:
        raise ValueError_(f"normalized figure {text!r} is not a number or a range A-B") from None
    return quantity(x, "exact", None)
