"""Mentions in English and in era calendars, as regular expressions for coverage.

``coverage`` counts every date and figure of a source; these add the forms a Chinese
mention pattern does not see as one mention: an era date (民国三十三年八月八日, 昭和19年8月8日),
an English date (23 June 1944, June 23, 1944, late July 1944) and an English number word
before a unit (forty-seven days).

>>> import re
>>> [m.group(0) for m in re.finditer(ENGLISH_DATE, "from 23 June to 8 August 1944; late July 1944")]
['23 June', '8 August 1944', 'late July 1944']
>>> mention_kind("民国三十三年八月八日"), mention_kind("June 23, 1944"), mention_kind("forty-seven"), mention_kind("47")
('era_date', 'english_date', 'english_figure', 'figure')
"""

from __future__ import annotations

import re

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
           "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec")
_DAY = r"[0-9]{1,2}(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{1,2})?"
_YEAR = r"(?:,?\s+[0-9]{4})?"
ENGLISH_DATE = (
    rf"(?i:\b(?:{_DAY}\s+(?:of\s+)?(?:{_MONTHS})\.?{_YEAR}"
    rf"|(?:{_MONTHS})\.?\s+{_DAY}\b{_YEAR}"
    rf"|(?:early|mid|late)[\s-]+(?:{_MONTHS}){_YEAR}"
    rf"|(?:{_MONTHS})\s+[0-9]{{4}})\b)"
)
ERA_DATE = (
    r"(?:民国|民國|昭和|大正|明治)\s*(?:元|[0-9]{1,2}|[〇零一二三四五六七八九十廿卅]{1,4})年"
    r"(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月(?:(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号])?)?"
)
_WORDS = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
          "|seventeen|eighteen|nineteen")
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
ENGLISH_NUMBER = (
    rf"(?i:\b(?:(?:{_TENS})(?:-(?:{_WORDS}))?|{_WORDS})\b"
    r"(?=\s+(?:days?|nights?|weeks?|months?|years?|men|troops|soldiers|divisions?|regiments?|battalions?|aircraft"
    r"|guns|tanks|hundred|thousand|million)\b))"
)
ENGLISH_ORDINAL_AFTER = r"(?:st|nd|rd|th)\b"


def mention_kind(text: str) -> str:
    """``era_date``, ``english_date``, ``english_figure``, or ``figure`` / ``date`` for the Chinese and Arabic forms."""
    if re.fullmatch(ERA_DATE, text):
        return "era_date"
    if re.fullmatch(ENGLISH_DATE, text):
        return "english_date"
    if re.fullmatch(rf"(?i:(?:{_TENS})(?:-(?:{_WORDS}))?|{_WORDS})", text):
        return "english_figure"
    return "date" if re.search(r"[年月日号]", text) else "figure"
