"""Source texts: metadata, hash check, script-insensitive quote location."""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from hengyang_kg.curation.schema import SourceMeta
from hengyang_kg.text.reading import Reading, reading_text
from hengyang_kg.text.script_folding import fold, occurrences


@dataclass(frozen=True)
class Source:
    """A source text with its metadata; ``text`` is exactly the file's content."""

    meta: SourceMeta
    text: str
    path: Path
    _index: dict[str, list[int]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def folded(self) -> str:
        return fold(self.text)

    @cached_property
    def reading(self) -> Reading:
        """The text without markup, with offsets back to ``text`` (:mod:`hengyang_kg.text.reading`)."""
        return reading_text(self.text)

    def find_all(self, quote: str) -> list[int]:
        """Start offsets (code points) of every occurrence of ``quote``, script-insensitive."""
        key = fold(quote)
        hits = self._index.get(key)
        if hits is None:
            hits = self._index[key] = occurrences(self.folded, key)
        return hits

    @cached_property
    def _newlines(self) -> list[int]:
        return [i for i, ch in enumerate(self.text) if ch == "\n"]

    def line_at(self, offset: int) -> int:
        """1-based line of a code-point offset."""
        return bisect.bisect_left(self._newlines, offset) + 1

    def nearest_passage(self, quote: str) -> str:
        """The passage of the text closest to a quote that is not in it."""
        key = fold(quote)
        sm = difflib.SequenceMatcher(None, self.folded, key, autojunk=False)
        m = sm.find_longest_match(0, len(self.folded), 0, len(key))
        if m.size == 0:
            return ""
        start = max(0, m.a - m.b)
        end = min(len(self.text), start + len(quote) + 4)
        return self.text[start:end].replace("\n", " ")
