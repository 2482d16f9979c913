"""Era years → Gregorian years, with the conversion kept for the record.

The Republic of China counts years from 1912 (民國/民国 N 年 = 1911 + N); the Japanese
eras from their first year: 明治 (1868, N + 1867), 大正 (1912, N + 1911), 昭和 (1926,
N + 1925). The year in the era is written in Chinese or Arabic numerals; 元年 is the
first year.

>>> to_gregorian("民国三十三年八月八日")
'1944年八月八日'
>>> to_gregorian("昭和19年8月8日")
'1944年8月8日'
>>> era_years("民國三十三年")[0].rule
'民國 33 = 1911 + 33 = 1944'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import cn2an

ERAS = {"民國": 1911, "民国": 1911, "中華民國": 1911, "中华民国": 1911, "昭和": 1925, "大正": 1911, "明治": 1867}
_ERA_RE = re.compile(
    r"(?P<era>中華民國|中华民国|民國|民国|昭和|大正|明治)\s*(?P<n>元|[0-9０-９]{1,2}|[〇零一二三四五六七八九十廿卅]{1,4})\s*年"
)
_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


@dataclass(frozen=True)
class EraYear:
    """One era year as written and its Gregorian year."""

    text: str  # as written, e.g. 民国三十三年
    era: str  # 民国, 昭和 …
    year_in_era: int
    gregorian: int

    @property
    def rule(self) -> str:
        return f"{self.era} {self.year_in_era} = {ERAS[self.era]} + {self.year_in_era} = {self.gregorian}"


def _year_in_era(n: str) -> int:
    if n == "元":
        return 1
    n = n.translate(_FULLWIDTH).replace("廿", "二十").replace("卅", "三十")
    return int(n) if n.isdigit() else int(cn2an.cn2an(n, "smart"))


def era_years(text: str) -> list[EraYear]:
    """Every era year written in ``text``.

    >>> [e.gregorian for e in era_years("明治元年、大正3年、昭和十九年")]
    [1868, 1914, 1944]
    """
    out = []
    for m in _ERA_RE.finditer(text):
        n = _year_in_era(m.group("n"))
        out.append(EraYear(m.group(0), m.group("era"), n, ERAS[m.group("era")] + n))
    return out


def to_gregorian(text: str) -> str:
    """``text`` with every era year written as its Gregorian year (``1944年``)."""
    return _ERA_RE.sub(lambda m: f"{ERAS[m.group('era')] + _year_in_era(m.group('n'))}年", text)
