"""Traditional and simplified script: one text to the program (OpenCC)."""

from __future__ import annotations

from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")
_S2T = opencc.OpenCC("s2t")


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Simplified-script form of ``text``; characters keep their positions.

    >>> to_simplified("衡陽保衛戰")
    '衡阳保卫战'
    """
    return str(_T2S.convert(text))


@lru_cache(maxsize=65536)
def to_traditional(text: str) -> str:
    """Traditional-script form of ``text``.

    >>> to_traditional("方先觉")
    '方先覺'
    """
    return str(_S2T.convert(text))


def script_of(text: str) -> str:
    """``zh-Hant`` when the text changes under t2s conversion, ``en`` for Latin letters
    without any Chinese character, else ``zh-Hans``.

    >>> script_of("衡陽"), script_of("衡阳"), script_of("47"), script_of("about 16,000 men")
    ('zh-Hant', 'zh-Hans', 'zh-Hans', 'en')
    """
    if any("a" <= c.lower() <= "z" for c in text) and not any("\u2e80" <= c <= "\u9fff" for c in text):
        return "en"
    return "zh-Hant" if to_simplified(text) != text else "zh-Hans"


def other_script(text: str) -> str:
    """The text in the other script: traditional for simplified, simplified otherwise.

    >>> other_script("總死傷"), other_script("总死伤")
    ('总死伤', '總死傷')
    """
    simp = to_simplified(text)
    return to_traditional(text) if simp == text else simp


def fold(text: str) -> str:
    """Script-fold character by character, so offsets are kept.

    The whole text goes through one ``str.translate`` with a table of every character
    seen so far; only characters new to the table are converted (by OpenCC, one by one).

    >>> fold("衡陽保衛戰")
    '衡阳保卫战'
    """
    new = set(text).difference(_SEEN)
    if new:
        for c in new:
            f = to_simplified(c) if ord(c) > 0x2E7F else c
            if len(f) == 1 and f != c:
                _FOLD[ord(c)] = f
        _SEEN.update(new)
    return text.translate(_FOLD)


_FOLD: dict[int, str] = {}
_SEEN: set[str] = set()


def occurrences(text: str, part: str) -> list[int]:
    """Start offsets of every occurrence of ``part`` in ``text``, overlapping ones too; fold
    both first to find a passage whatever its script.

    >>> occurrences(fold("衡陽，衡阳阳"), fold("衡陽")), occurrences("aaa", "aa")
    ([0, 3], [0, 1])
    """
    hits, i = [], text.find(part)
    while i != -1:
        hits.append(i)
        i = text.find(part, i + 1)
    return hits
