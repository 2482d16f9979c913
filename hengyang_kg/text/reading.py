"""The reading text of a source: its words without markup, with a map back to the raw text.

Sources come as they were captured: Markdown with wiki links, HTML tables, footnote
markers, a portal's image-caption boilerplate. Quotes and selectors point into the
raw text byte for byte; people read the *reading text*, which drops, by the rules
below and nothing else:

==================  ==========================================  ==================
rule                raw                                         reading
==================  ==========================================  ==================
markdown link       ``[方先覺](../Page/方先覺.md "wikilink")``     ``方先覺``
markdown image      ``![圖](a.png)``                             (nothing)
wiki picture        ``[缩略图](…/File:a.jpg "fig:缩略图")``          (nothing)
wiki closing        ``\\]\\]`` left by a picture's caption          (nothing)
wiki template       ``{{-}}``                                   (nothing)
wiki category line  ``Category:1944年…`` at a line's start        (nothing)
html tag            ``<td><p><a href="…">第十军</a>``              ``第十军``
footnote marker     ``\\[40\\]``, ``[40]``, ``[註 3]``              (nothing)
emphasis            ``**衡陽保衛戰**``                            ``衡陽保衛戰``
heading, quote      ``## 背景``, ``> 引``                          ``背景``, ``引``
escaped character   ``\\*``                                      ``*``
boilerplate line    ``打开网易新闻 查看精彩图片``, ``本文内容由…转换而来``  (nothing)
empty list item     ``107.`` alone on a line                    (nothing)
blank lines         three or more newlines                      two
==================  ==========================================  ==================

Nothing is added or rewritten: every reading character is a raw character, and
:attr:`Reading.offsets` gives its raw offset (code points), so a raw span maps to a
reading span and back.

>>> r = reading_text('**衡陽**是[城市](../Page/城.md "wikilink")\\\\[1\\\\]。')
>>> r.text
'衡陽是城市。'
>>> r.span(2, 30)  # raw [2, 30) covers 衡陽** and the link
(0, 5)
>>> r.raw_span(3, 5)
(8, 10)
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

_TARGET = r"(?:\\.|[^)\s\\])*(?:\s+\"[^\"\n]*\")?"  # a link target, escaped parentheses included
# (name, pattern, group kept or None): every character of a match outside the kept group is dropped
RULES: list[tuple[str, re.Pattern[str], int | None]] = [
    ("boilerplate line", re.compile(r"(?m)^[ \t]*(?:打开网易新闻 查看精彩图片|>?\s*本文内容由.{0,80}?转换而来。?)[ \t]*(?:\n|$)"), None),
    ("empty list item", re.compile(r"(?m)^[0-9]+\.[ \t]*(?:\n|$)"), None),
    ("wiki category line", re.compile(r"(?m)^Category:.*(?:\n|$)"), None),
    ("wiki template", re.compile(r"\{\{[^{}\n]*\}\}"), None),
    ("markdown image", re.compile(r"!\[[^\]\n]*\]\(" + _TARGET + r"\)"), None),
    ("wiki picture", re.compile(r"\[[^\]\n]*\]\((?:[^)\s]*File:" + _TARGET + r")\)"), None),
    ("markdown link", re.compile(r"\[([^\]\n]*)\]\(" + _TARGET + r"\)"), 1),
    ("wiki closing brackets", re.compile(r"\\\]\\\]"), None),
    ("html tag", re.compile(r"</?[A-Za-z][^<>\n]*>"), None),
    ("footnote marker", re.compile(r"\\\[[^\]\n]{1,12}?\\\]|\[(?:[0-9]{1,4}|註\s*[0-9]{1,3}|注\s*[0-9]{1,3}|note\s*[0-9]{1,3})\]"), None),
    ("emphasis", re.compile(r"\*\*|__"), None),
    ("heading or block quote", re.compile(r"(?m)^(?:#{1,6}|>)[ \t]+"), None),
    ("escaped character", re.compile(r"\\([\\\[\]*_()#>`])"), 1),
]
MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|\]\(|\\\[|\[[0-9]{1,4}\]|wikilink|\*\*|打开网易新闻")
"""What displayed text must never contain (used by the tests and by :func:`has_markup`)."""


@dataclass(frozen=True)
class Reading:
    """A source's reading text; ``offsets[i]`` is the raw offset of ``text[i]``."""

    text: str
    offsets: tuple[int, ...]
    raw_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The reading span of the raw span ``[start, end)``: the kept characters inside it."""
        return bisect.bisect_left(self.offsets, start), bisect.bisect_left(self.offsets, end)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The smallest raw span holding the reading span ``[start, end)``."""
        if start >= end:
            at = self.offsets[start] if start < len(self.offsets) else self.raw_length
            return at, at
        return self.offsets[start], self.offsets[end - 1] + 1

    def at(self, start: int, end: int) -> str:
        """The reading text of the raw span ``[start, end)``."""
        a, b = self.span(start, end)
        return self.text[a:b]


def dropped_spans(raw: str) -> list[tuple[int, int]]:
    """The raw spans the rules drop, in order, overlapping ones merged."""
    spans: list[tuple[int, int]] = []
    for _name, pattern, keep in RULES:
        for m in pattern.finditer(raw):
            start, end = m.span()
            ka, kb = m.span(keep) if keep is not None else (end, end)
            if ka < 0:  # the kept group took no part in the match: all of it is dropped
                ka = kb = end
            spans += [(a, b) for a, b in ((start, ka), (kb, end)) if a < b]
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            if b > merged[-1][1]:
                merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


_BLANK_LINES = re.compile(r"\n{3,}")


def reading_text(raw: str) -> Reading:
    """Apply the rules (see the module's table) and keep the offset of every character kept.

    Done span by span, not character by character: the raw text between dropped spans is
    kept whole, then each run of three or more newlines is cut to two."""
    kept: list[tuple[int, int]] = []
    at = 0
    for a, b in dropped_spans(raw):
        if at < a:
            kept.append((at, a))
        at = b
    if at < len(raw):
        kept.append((at, len(raw)))
    text = "".join([raw[a:b] for a, b in kept])
    offsets: list[int] = []
    for a, b in kept:
        offsets.extend(range(a, b))
    if "\n\n\n" in text:  # no more than one blank line: the first two newlines of a run are kept
        pieces, picked, at = [], [], 0
        for m in _BLANK_LINES.finditer(text):
            pieces.append(text[at:m.start() + 2])
            picked.extend(offsets[at:m.start() + 2])
            at = m.end()
        pieces.append(text[at:])
        picked.extend(offsets[at:])
        text, offsets = "".join(pieces), picked
    return Reading(text, tuple(offsets), len(raw))


def has_markup(text: str) -> bool:
    """Whether a displayed text still carries source markup.

    >>> has_markup("方先覺"), has_markup("[方先覺](../Page/方先覺.md)")
    (False, True)
    """
    return MARKUP.search(text) is not None
