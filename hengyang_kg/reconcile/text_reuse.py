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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, combinations
from typing import Protocol

from hengyang_kg.text.script_folding import fold

MIN_CHARS = 24
SHINGLE = 8
_SKIP = re.compile(r"[\s\W_]", re.UNICODE)
_KEEP = re.compile(r"[^\s\W_]", re.UNICODE)


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


@lru_cache(maxsize=4096)
def _squeeze(text: str) -> tuple[str, list[int]]:
    """Folded text without spaces/punctuation, and each kept character's offset."""
    folded = fold(text)
    return _SKIP.sub("", folded), [m.start() for m in _KEEP.finditer(folded)]


@lru_cache(maxsize=4096)
def _shingles(text: str) -> dict[str, list[int]]:
    """Where each run of ``SHINGLE`` characters starts in the squeezed text."""
    sq = _squeeze(text)[0]
    index: dict[str, list[int]] = {}
    for j in range(len(sq) - SHINGLE + 1):
        index.setdefault(sq[j:j + SHINGLE], []).append(j)
    return index


class Text(Protocol):
    """What text reuse reads of a source: its id and its text."""

    @property
    def id(self) -> str: ...

    @property
    def text(self) -> str: ...


def pair_reuse(a: Text, b: Text, min_chars: int = MIN_CHARS) -> Reuse | None:
    """The passages ``a`` shares with ``b``: from the start of ``a``, the longest run of
    ``b`` that starts there, kept when it has at least ``min_chars`` characters."""
    sa, ma = _squeeze(a.text)
    sb, mb = _squeeze(b.text)
    index, own = _shingles(b.text), _shingles(a.text)
    # only where a run of ``a`` is also in ``b`` can a passage start: elsewhere nothing is found
    starts = sorted(i for s in own.keys() & index.keys() for i in own[s])
    passages = []
    i = 0
    for start in starts:
        if start < i:
            continue
        i = start
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
    return Reuse(a.id, b.id, tuple(passages)) if passages else None


def fingerprints(squeezed: str, k: int, w: int) -> dict[int, list[int]]:
    """Winnowing: the hashes of the ``k``-grams that are the smallest of some window of
    ``w`` consecutive ``k``-grams, with their positions. Two texts sharing a run of at
    least ``k + w - 1`` characters share at least one of these (a window inside the run
    has the same smallest hash in both).

    >>> a = fingerprints("甲乙丙丁戊己庚辛壬癸子丑寅卯", 3, 4)
    >>> b = fingerprints("天地玄黄丙丁戊己庚辛宇宙", 3, 4)
    >>> bool(set(a) & set(b))
    True
    """
    hashes = [hash(squeezed[i:i + k]) for i in range(len(squeezed) - k + 1)]
    if len(hashes) < w:
        return {}
    lows = _sliding(hashes, w, min)  # the smallest hash of each window
    # k-gram j is chosen when it is the smallest of some window holding it: the largest of
    # the smallest hashes of the windows holding it (padding stands for no window)
    pad = [_NONE] * (w - 1)
    highs = _sliding(pad + lows + pad, w, max)
    out: dict[int, list[int]] = {}
    for j, h in enumerate(hashes):
        if h == highs[j]:
            out.setdefault(h, []).append(j)
    return out


_NONE = -(2 ** 64)


def _sliding(xs: list[int], w: int, pick: Callable[[int, int], int]) -> list[int]:
    """``pick`` (min or max) of every window of ``w`` consecutive items (van Herk / Gil-Werman).

    >>> _sliding([3, 1, 4, 1, 5, 9, 2, 6], 3, min)
    [1, 1, 1, 1, 2, 2]
    """
    n = len(xs)
    ahead: list[int] = []
    behind: list[int] = []
    for s in range(0, n, w):
        block = xs[s:s + w]
        ahead.extend(accumulate(block, pick))
        behind.extend(reversed(list(accumulate(reversed(block), pick))))
    return [pick(behind[i], ahead[i + w - 1]) for i in range(n - w + 1)]


def candidate_pairs(sources: Sequence[Text], min_chars: int) -> set[tuple[int, int]]:
    """Pairs of sources (by position in ``sources``) that share a run of at least
    ``min_chars`` characters: found from shared fingerprints in an inverted index, each
    checked by extending the run around the shared fingerprint. The work grows with the
    total text and the text actually shared, not with the number of pairs of sources."""
    k = max(SHINGLE, min_chars // 2)
    w = min_chars - k + 1
    squeezed = [_squeeze(s.text)[0] for s in sources]
    postings: dict[int, list[tuple[int, list[int]]]] = {}
    for x, sq in enumerate(squeezed):
        for h, positions in fingerprints(sq, k, w).items():
            postings.setdefault(h, []).append((x, positions))
    found: set[tuple[int, int]] = set()
    crowded = 2 * (min_chars - k + 1)  # beyond this many sources, keying by context beats every pair
    for hits in postings.values():
        if len(hits) > crowded:
            found |= _sharing(hits, squeezed, k, min_chars)
            continue
        for u, (x, xs) in enumerate(hits):
            for y, ys in hits[u + 1:]:
                if (x, y) not in found and any(_run(squeezed[x], squeezed[y], i, j, k) >= min_chars
                                               for i in xs for j in ys):
                    found.add((x, y))
    return found


def _sharing(hits: list[tuple[int, list[int]]], squeezed: list[str], k: int, min_chars: int) -> set[tuple[int, int]]:
    """The pairs of the sources in ``hits`` (each with the positions of one ``k``-gram) whose
    run through that ``k``-gram has at least ``min_chars`` characters, without comparing
    every pair (a common phrase can be in hundreds of sources): each occurrence is keyed by
    each window of ``min_chars`` characters that holds it (the ``k``-gram at offset ``s``),
    and two occurrences share a key exactly when :func:`_run` through them is that long."""
    need = min_chars - k
    keyed: dict[tuple[int, str], set[int]] = {}
    for x, xs in hits:
        sq = squeezed[x]
        for i in xs:
            for s in range(min(need, i) + 1):
                if i - s + min_chars <= len(sq):
                    keyed.setdefault((s, sq[i - s:i - s + min_chars]), set()).add(x)
    return {pair for members in keyed.values() if len(members) > 1 for pair in combinations(sorted(members), 2)}


def _run(a: str, b: str, i: int, j: int, k: int) -> int:
    """Length of the run of equal characters through ``a[i:i+k]`` and ``b[j:j+k]``."""
    if a[i:i + k] != b[j:j + k]:
        return 0
    lo = 0
    while i - lo > 0 and j - lo > 0 and a[i - lo - 1] == b[j - lo - 1]:
        lo += 1
    hi = k
    while i + hi < len(a) and j + hi < len(b) and a[i + hi] == b[j + hi]:
        hi += 1
    return lo + hi


def find_reuse(sources: Iterable[Text], min_chars: int = MIN_CHARS) -> list[Reuse]:
    """Every pair of sources that shares text, with the shared passages (:func:`pair_reuse`),
    for the pairs the fingerprint index finds (:func:`candidate_pairs`)."""
    ordered = sorted(sources, key=lambda s: s.id)
    out = []
    for x, y in sorted(candidate_pairs(ordered, min_chars)):
        r = pair_reuse(ordered[x], ordered[y], min_chars)
        if r:
            out.append(r)
    # the squeezed texts and their indexes are needed no more (up to 4,096 of each: about a
    # gigabyte held to the end of a million-claim report)
    _squeeze.cache_clear()
    _shingles.cache_clear()
    return out
