"""Numerals as the sources write them: Chinese and Arabic digits, magnitudes, steps.

The *step* of a figure is the place value of its last non-zero digit
(``60000`` → 10000, ``1.7万`` → 1000, ``1200`` → 100).
"""

from __future__ import annotations

import re
from decimal import Decimal

import cn2an

from hengyang_kg.text.script_folding import to_simplified

Number = int | Decimal


class ValueError_(ValueError):
    """A figure that cannot be read; the message says what would fix it."""


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
        return tidy(Decimal(t))
    if t[:1] in "百千万亿":  # 千人, 万余: a bare magnitude means one of it
        t = "一" + t
    try:
        v = cn2an.cn2an(t, "smart")
    except (ValueError, KeyError) as exc:  # cn2an raises ValueError subclasses
        raise ValueError_(f"cannot read the numeral {text!r}") from exc
    return tidy(Decimal(str(v)))


def number_text(x: Number) -> str:
    """Canonical decimal text of a number.

    >>> number_text(Decimal("4.50")), number_text(60000)
    ('4.5', '60000')
    """
    if isinstance(x, Decimal):
        s = format(x.normalize(), "f")
        return s.rstrip("0").rstrip(".") if "." in s else s
    return str(x)


def tidy(d: Decimal) -> Number:
    """An integral Decimal as an int, else normalised."""
    return int(d) if d == d.to_integral_value() else d.normalize()


def step_of(value: Number) -> Number:
    """Place value of the last non-zero digit: the figure's precision.

    >>> step_of(60000), step_of(17000), step_of(1200), step_of(47), step_of(Decimal("2.5"))
    (10000, 1000, 100, 1, Decimal('0.1'))
    """
    if isinstance(value, Decimal):
        exp = value.normalize().as_tuple().exponent
        if isinstance(exp, int) and exp < 0:
            return Decimal(1).scaleb(exp)
        value = int(value)
    if value == 0:
        return 1
    step = 1
    while value % (step * 10) == 0:
        step *= 10
    return step
