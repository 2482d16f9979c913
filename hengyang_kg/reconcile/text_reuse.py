"""Text reuse between sources: passages two texts share, found on script-folded text.

Texts are folded to simplified script and stripped of whitespace, punctuation and
markup, then every run of at least ``MIN_CHARS`` shared characters is a passage,
reported with its offsets in both original texts.

>>> from types import SimpleNamespace as N
>>> a = N(id="a", text="甲乙。衡阳之战,是抗战史上最惨烈的拉锯战,尽管如此。")
>>> b = N(id="b", text="前言:衡陽之戰,是抗戰史上最慘烈的拉鋸戰!")
>>> r = find_reuse([a, b], min_chars=10)[0]
>>> r.passages[0].text_a
'衡阳之战,是抗战史上最惨烈的拉锯战'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from hengyang_kg.text.script_folding import fold

MIN_CHARS = 24
SHINGLE = 8
_SKIP = re.compile(r"[\s\W_]", re.UNICODE)


@dataclass(frozen=True)
class Passage:
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text_a: str
    text_b: str

    @property
    def length(self) -> int:
        return self.a_end - self.a_start


@dataclass(frozen=True)
class Reuse:
    """What source ``a`` and source ``b`` share (a < b by id)."""

    a: str
    b: str
    passages: tuple[Passage, ...]

    @property
    def shared_chars(self) -> int:
        return sum(p.length for p in self.passages)


def _squeeze(text: str) -> tuple[str, list[int]]:
    """Folded text without spaces/punctuation, and each kept character's offset."""
    folded = fold(text)
    keep = [i for i, ch in enumerate(folded) if not _SKIP.match(ch)]
    return "".join(folded[i] for i in keep), keep


def _pair(a, b, min_chars: int) -> Reuse | None:
    sa, ma = _squeeze(a.text)
    sb, mb = _squeeze(b.text)
    index: dict[str, list[int]] = {}
    for j in range(len(sb) - SHINGLE + 1):
        index.setdefault(sb[j:j + SHINGLE], []).append(j)
    passages = []
    i = 0
    while i <= len(sa) - SHINGLE:
        best_j, best_len = -1, 0
        for j in index.get(sa[i:i + SHINGLE], ()):
            n = SHINGLE
            while i + n < len(sa) and j + n < len(sb) and sa[i + n] == sb[j + n]:
                n += 1
            if n > best_len:
                best_j, best_len = j, n
        if best_len >= min_chars:
            a0, a1 = ma[i], ma[i + best_len - 1] + 1
            b0, b1 = mb[best_j], mb[best_j + best_len - 1] + 1
            passages.append(Passage(a0, a1, b0, b1, a.text[a0:a1], b.text[b0:b1]))
            i += best_len
        else:
            i += 1
    return Reuse(a.id, b.id, tuple(passages)) if passages else None


def find_reuse(sources, min_chars: int = MIN_CHARS) -> list[Reuse]:
    """Every pair of sources that shares text, with the shared passages."""
    ordered = sorted(sources, key=lambda s: s.id)
    out = []
    for x, a in enumerate(ordered):
        for b in ordered[x + 1:]:
            r = _pair(a, b, min_chars)
            if r:
                out.append(r)
    return out
