"""English figures, dates and durations, read by the same rules as the Chinese ones.

Each function rewrites an English value into the Chinese form whose rule is the
same (``about 16,000 men`` → ``约16000人``, ``late July 1944`` → ``1944年7月下旬``,
``47 days and nights`` → ``47昼夜``), so that an English source and a Chinese one
give the same interval for the same words. Text without Latin letters is returned
unchanged. The README's interval rules list the English words beside the Chinese.

>>> english_figure("between 45,000 and 55,000")
'45000-55000'
>>> english_figure("some 20,000 men")
'约20000人'
>>> english_date("June 23, 1944"), english_date("late July 1944")
('1944年6月23日', '1944年7月下旬')
>>> english_duration("1 month and 17 days")
'47天'
"""

from __future__ import annotations

import re
from decimal import Decimal

_SMALL = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
          "sixteen seventeen eighteen nineteen").split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())} | {"sept": 9})
_MONTH = r"(?P<{}>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"

# approximation words before a figure → the Chinese word of the same rule (README, "Interval rules")
FIGURE_PREFIXES = [
    ("近", ("just under", "just below", "nearly", "almost", "close to", "not quite")),
    ("不到", ("fewer than", "less than", "under", "below")),
    ("超过", ("more than", "over", "upwards of", "in excess of", "above")),
    ("", ("at least", "no fewer than", "no less than", "a minimum of")),  # → X以上, see english_figure
    ("约", ("approximately", "approx.", "about", "around", "roughly", "some", "circa", "c.", "an estimated",
           "estimated", "perhaps", "on the order of")),
]
# words after a figure: more-than suffixes, and the counters of the unit rules
FIGURE_SUFFIXES = [
    ("以上", (r"or more", r"and more", r"-odd", r"odd", r"-plus", r"plus")),
    ("平方公里", (r"square kilometres", r"square kilometers", r"sq\.? ?km")),
    ("公里", (r"kilometres", r"kilometers", r"km")),
    ("米", (r"metres", r"meters", r"m")),
    ("%", (r"per cent", r"percent", r"%")),
    ("人", (r"officers and men", r"men", r"troops", r"soldiers", r"people", r"personnel", r"strong", r"dead and wounded",
           r"killed and wounded", r"killed", r"dead", r"wounded", r"casualties", r"captured", r"prisoners", r"missing")),
    ("发", (r"rounds", r"shells")),
    ("架", (r"aircraft", r"planes", r"aeroplanes")),
    ("门", (r"guns", r"artillery pieces", r"pieces")),
    ("个师", (r"divisions", r"division")),
    ("个团", (r"regiments", r"regiment")),
    ("个营", (r"battalions", r"battalion")),
    ("吨", (r"tons", r"tonnes")),
]
_NUM = r"[0-9][0-9,]*(?:\.[0-9]+)?"


def has_latin(text: str) -> bool:
    return re.search(r"[A-Za-z]", text) is not None


def number_words(text: str) -> str:
    """Small English numbers as digits: ``forty-seven`` → ``47``, ``a month`` → ``1 month``.

    >>> number_words("forty-seven days"), number_words("a month and a half")
    ('47 days', '1 month and a half')
    """
    def tens(m: re.Match) -> str:
        return str(_TENS[m.group(1)] + (_SMALL.index(m.group(2)) if m.group(2) else 0))

    t = re.sub(rf"\b({'|'.join(_TENS)})(?:[- ]({'|'.join(_SMALL[1:10])}))?\b", tens, text)
    t = re.sub(rf"\b({'|'.join(_SMALL)})\b", lambda m: str(_SMALL.index(m.group(1))), t)
    t = re.sub(r"\b(?:a|an)\s+(?=(?:month|week|day|year|night)s?\b)", "1 ", t)
    return re.sub(r"\ba (?:few|couple of)\b", "几", t)


def _magnitudes(t: str) -> str:
    """``16.3 thousand`` → ``16300``; ``1.5 million`` → ``1500000``."""
    def mul(m: re.Match) -> str:
        v = Decimal(m.group(1).replace(",", "")) * (1000 if m.group(2) == "thousand" else 1_000_000)
        return format(v.normalize(), "f")
    return re.sub(rf"({_NUM})\s*(thousand|million)\b", mul, t)


def english_figure(raw: str) -> str:
    """An English figure in the Chinese form of the same rule.

    >>> english_figure("over 19,380"), english_figure("at least 16,000"), english_figure("45,000 to 55,000")
    ('超过19380', '16000以上', '45000-55000')
    >>> english_figure("16,300 men"), english_figure("nearly 5,000 killed"), english_figure("110,000+ men")
    ('16300人', '近5000人', '110000+人')
    """
    if not has_latin(raw):
        return raw
    t = number_words(raw.strip().lower())
    t = _magnitudes(t).replace("–", "-").replace("—", "-")
    t = re.sub(rf"(?<![0-9.])({_NUM})", lambda m: m.group(1).replace(",", ""), t)
    t = re.sub(r"\bbetween\s+([0-9.]+)\s+and\s+([0-9.]+)", r"\1-\2", t)
    t = re.sub(r"\bfrom\s+([0-9.]+)\s+to\s+([0-9.]+)", r"\1-\2", t)
    t = re.sub(r"([0-9.]+)\s*(?:-|to)\s*([0-9.]+)", r"\1-\2", t)
    at_least = False
    for word, phrases in FIGURE_PREFIXES:
        for p in phrases:
            m = re.match(rf"{re.escape(p)}\s*(?=[0-9几])", t)
            if m:
                t = word + t[m.end():]
                at_least = at_least or word == ""
                break
        else:
            continue
        break
    m = re.search(r"[0-9.]+(?:-[0-9.]+)?\+?", t)
    if m:
        head, rest = t[:m.end()], t[m.end():].strip()
        for word, phrases in FIGURE_SUFFIXES:
            rest = re.sub(rf"^(?:{'|'.join(phrases)})\b", word, rest)
        t = head + ("以上" if at_least and not rest.startswith("以上") else "") + rest
    return re.sub(r"\s+", "", t)


def english_duration(raw: str) -> str:
    """An English duration in the Chinese form of the same rule.

    >>> english_duration("47 days and nights"), english_duration("a month and a half"), english_duration("six weeks")
    ('47昼夜', '1个半月', '6周')
    """
    if not has_latin(raw):
        return raw
    t = number_words(raw.strip().lower())
    m = re.search(r"([0-9]+)\s*months?\s*(?:and|,)\s*([0-9]+)\s*days?", t)
    if m:
        t = t[:m.start()] + f"{int(m.group(1)) * 30 + int(m.group(2))} days" + t[m.end():]
    t = re.sub(r"([0-9]+)\s*months?\s*and\s*a\s*half", r"\1个半月", t)
    t = re.sub(r"\b(?:days?\s*and\s*(?:[0-9]+\s*)?nights?|days?\s*and\s*nights?|nights?\s*and\s*days?)\b", "昼夜", t)
    for word, unit in (("天", r"days?"), ("周", r"weeks?"), ("个月", r"months?")):
        t = re.sub(rf"(?<=[0-9\s几+])\s*{unit}\b", word, t)
    return english_figure(t) if has_latin(t) else re.sub(r"\s+", "", t)


_PART = {"early": "上旬", "beginning of": "上旬", "the beginning of": "上旬", "mid": "中旬", "middle of": "中旬",
         "the middle of": "中旬", "late": "下旬", "end of": "底", "the end of": "底"}
_SEASONS = {"spring": "春", "summer": "夏", "autumn": "秋", "fall": "秋", "winter": "冬"}
_TIMES = {"dawn": "拂晓", "daybreak": "拂晓", "early morning": "凌晨", "morning": "上午", "noon": "中午",
          "afternoon": "下午", "evening": "傍晚", "dusk": "黄昏", "night": "夜", "midnight": "午夜"}
_Y = r"(?:,?\s*(?P<y>[0-9]{4}))?"
_DATE_FORMS = [
    # the night of 7–8 August 1944; 7–8 August; August 7–8, 1944
    (rf"(?:the\s+)?(?:(?P<tod>{'|'.join(_TIMES)})\s+of\s+)?(?P<d1>[0-9]{{1,2}})\s*-\s*(?P<d2>[0-9]{{1,2}})\s+(?:of\s+)?"
     + _MONTH.format("m") + _Y, "range"),
    (rf"(?:the\s+)?(?:(?P<tod>{'|'.join(_TIMES)})\s+of\s+)?" + _MONTH.format("m")
     + rf"\s+(?P<d1>[0-9]{{1,2}})\s*-\s*(?P<d2>[0-9]{{1,2}})" + _Y, "range"),
    # 23 June 1944; the morning of 23rd June
    (rf"(?:the\s+)?(?:(?P<tod>{'|'.join(_TIMES)})\s+(?:of|on)\s+)?(?:the\s+)?(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?"
     + _MONTH.format("m") + _Y, "day"),
    # June 23, 1944
    (rf"(?:the\s+)?(?:(?P<tod>{'|'.join(_TIMES)})\s+(?:of|on)\s+)?" + _MONTH.format("m")
     + rf"\s+(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?\b" + _Y, "day"),
    # early / mid / late July 1944
    (rf"(?P<part>{'|'.join(sorted(_PART, key=len, reverse=True))})[\s-]*" + _MONTH.format("m") + _Y, "part"),
    (_MONTH.format("m") + _Y, "month"),
    (rf"(?:the\s+)?(?P<season>{'|'.join(_SEASONS)})\s+(?:of\s+)?(?P<y>[0-9]{{4}})", "season"),
    (r"(?P<ypart>early|mid|late)[\s-]+(?P<y>[0-9]{4})", "year_part"),
    (r"(?P<y>[0-9]{4})", "year"),
]
_ABOUT = r"^(?:on\s+or\s+about|about|around|circa|c\.|approximately|roughly|some\s+time\s+around)\s+"


def _one_date(t: str) -> tuple[str, int] | None:
    """The first English date at the start of ``t``: its Chinese form and length."""
    for pattern, kind in _DATE_FORMS:
        m = re.match(pattern, t)
        if not m:
            continue
        g = m.groupdict()
        y = f"{g['y']}年" if g.get("y") else ""
        mo = f"{MONTHS[g['m']]}月" if g.get("m") else ""
        tod = _TIMES[g["tod"]] if g.get("tod") else ""
        out = {
            "range": lambda: f"{y}{mo}{g.get('d1')}日{tod}至{g.get('d2')}日",
            "day": lambda: f"{y}{mo}{g.get('d')}日{tod}",
            "part": lambda: f"{y}{mo}{_PART.get(g.get('part') or '', '')}",
            "month": lambda: f"{y}{mo}",
            "season": lambda: f"{y}{_SEASONS.get(g.get('season') or '', '')}",
            "year_part": lambda: f"{y}{ {'early': '年初', 'mid': '年中', 'late': '年底'}.get(g.get('ypart') or '', '')}"
            .replace("年年", "年"),
            "year": lambda: y,
        }[kind]()
        return out, m.end()
    return None


def english_date(raw: str) -> str:
    """An English date in the Chinese form of the same rule.

    >>> english_date("the night of 7–8 August"), english_date("about 23 June 1944")
    ('8月7日夜至8日', '1944年6月23日左右')
    >>> english_date("23 June to 8 August 1944"), english_date("summer 1944")
    ('1944年6月23日至1944年8月8日', '1944年夏')
    """
    if not has_latin(raw):
        return raw
    t = re.sub(r"\s+", " ", raw.strip().lower()).replace("–", "-").replace("—", "-")
    about = re.match(_ABOUT, t)
    if about:
        t = t[about.end():]
    t = re.sub(r"^(?:on|in|by|from|during|of)\s+", "", t)
    first = _one_date(t)
    if first is None:
        return raw
    out, n = first
    rest = t[n:].strip()
    sep = re.match(r"^(?:-|to|until|till|through)\s*", rest)
    if sep:
        second = _one_date(rest[sep.end():])
        if second:
            b = second[0]
            year = re.match(r"[0-9]{4}年", b)
            if year and not re.match(r"[0-9]{4}年", out):
                out = year.group(0) + out
            return f"{out}至{b}"
    return out + ("左右" if about else "")
