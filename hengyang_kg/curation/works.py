"""One entity per cited work: two work entities quoted with the same passage are one work.

Sources cite works (``attributed_to``). When two sources quote the same passage of a book
and the curators filed it under two entities (a variant title), the position resting on it
would count two independent origins.  ``overlapping_works`` flags every pair of work
entities whose claims, in different sources, give the same value in quotes sharing a
common run of text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from difflib import SequenceMatcher

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.schema import Entity
from hengyang_kg.errors import DataError
from hengyang_kg.text.script_folding import fold

MIN_SHARED = 16  # characters of common text (script-folded, without punctuation) that make one passage
_NOT_TEXT = re.compile(r"[\W_]+")
_CITATION = re.compile(r"据?《[^》]*》(?:记载|所载|称|云)?")  # the words naming the work are not its passage


def _bare(text: str) -> str:
    return _NOT_TEXT.sub("", _CITATION.sub("", fold(text)))


def _shared(a: Located, b: Located) -> str:
    ta, tb = _bare(a.exact), _bare(b.exact)
    m = SequenceMatcher(None, ta, tb, autojunk=False).find_longest_match(0, len(ta), 0, len(tb))
    return ta[m.a:m.a + m.size] if m.size >= MIN_SHARED else ""


def overlapping_works(claims: list[Located], entities: dict[str, Entity]) -> list[DataError]:
    """Pairs of work entities whose claims in different sources give one value in a common passage.

    >>> overlapping_works([], {})
    []
    """
    by_value: dict[str, list[Located]] = defaultdict(list)  # one passage quoted for one figure
    for c in claims:
        w = c.claim.attributed_to
        if w and w in entities and entities[w].type == "Work":
            by_value[_bare(c.claim.value)].append(c)
    found: dict[tuple[str, str], tuple[Located, Located, str]] = {}
    for group in by_value.values():
        for x in group:
            for y in group:
                a, b = x.claim.attributed_to or "", y.claim.attributed_to or ""
                if a < b and x.source != y.source and (a, b) not in found and (text := _shared(x, y)):
                    found[(a, b)] = (x, y, text)
    errors = []
    for (a, b), (x, y, text) in sorted(found.items()):
        errors.append(DataError(
            y.file, y.line,
            f"claim {y.claim.id}: works {a!r} and {b!r} are quoted with the same passage 「{text}」 "
            f"(claim {x.claim.id} of {x.source} and {y.claim.id} of {y.source}): they look like one work",
            "merge them into one entity (keep one id, give the other title as an alias) "
            "and set attributed_to to it in every claims file"))
    return errors
