"""One entity per cited work: two work entities quoted with the same passage are one work.

Sources cite works (``attributed_to``). When two sources quote the same passage of a book
and the curators filed it under two entities (a variant title), the position resting on it
would count two independent origins.  ``overlapping_works`` flags every pair of work
entities whose claims, in different sources, give the same value about the same subject in
quotes sharing a common run of at least ``MIN_SHARED`` characters (script-folded,
punctuation and the words naming the work left out). ``validate`` runs it on every load.

It scales with the text, not with the pairs of claims: attributed claims are grouped by
subject and value; in a group citing more than one work from more than one source, each
quote is cut into its runs of ``MIN_SHARED`` characters, and an index from each run to the
works and sources quoting it finds the pairs — two quotes share a run of ``MIN_SHARED`` or
more characters exactly when they share one of these runs.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.schema import Entity
from hengyang_kg.errors import DataError
from hengyang_kg.text.script_folding import fold

MIN_SHARED = 16  # characters of common text (script-folded, without punctuation) that make one passage
_NOT_TEXT = re.compile(r"[\W_]+")
_CITATION = re.compile(r"据?《[^》]*》(?:记载|所载|称|云)?")  # the words naming the work are not its passage


def bare_passage(text: str) -> str:
    """Text as compared: script-folded, without punctuation or the words naming a work."""
    return _NOT_TEXT.sub("", _CITATION.sub("", fold(text)))


def _shared(a: Located, b: Located) -> str:
    ta, tb = bare_passage(a.exact), bare_passage(b.exact)
    m = SequenceMatcher(None, ta, tb, autojunk=False).find_longest_match(0, len(ta), 0, len(tb))
    return ta[m.a:m.a + m.size] if m.size >= MIN_SHARED else ""


def _find_in(group: list[Located], found: dict[tuple[str, str], tuple[Located, Located]]) -> None:
    """Pairs of works in one group whose quotes share a run of ``MIN_SHARED`` characters: an
    index from each run to the works and sources quoting it (linear in the quotes' length)."""
    index: dict[str, dict[str, dict[str, Located]]] = {}  # run → work → source → its first claim there
    for c in group:
        w = c.claim.attributed_to or ""
        text = bare_passage(c.exact)
        for run in {text[i:i + MIN_SHARED] for i in range(len(text) - MIN_SHARED + 1)}:
            works = index.setdefault(run, {})
            for other, by_source in works.items():
                if other == w or (pair := (min(w, other), max(w, other))) in found:
                    continue
                x = next((y for s, y in sorted(by_source.items()) if s != c.source), None)
                if x is not None:  # the earlier claim and this one
                    found[pair] = (x, c) if x.claim.attributed_to == pair[0] else (c, x)
            works.setdefault(w, {}).setdefault(c.source, c)


def overlapping_works(claims: list[Located], entities: dict[str, Entity]) -> list[DataError]:
    """Pairs of work entities whose claims in different sources give one value about one subject
    in a common passage.

    One error per pair, at the claim of the work whose id sorts second, of the first two
    claims (in id order) that show the pair.

    >>> overlapping_works([], {})
    []
    """
    # claims of one subject and value, of more than one work and source, are the only candidates
    groups: dict[tuple[str, str], list[Located]] = {}
    for c in sorted(claims, key=lambda c: c.claim.id):
        w = c.claim.attributed_to
        if w and w in entities and entities[w].type == "Work":
            groups.setdefault((c.claim.subject, bare_passage(c.claim.value)), []).append(c)
    found: dict[tuple[str, str], tuple[Located, Located]] = {}
    for group in groups.values():
        if len({c.claim.attributed_to for c in group}) > 1 and len({c.source for c in group}) > 1:
            _find_in(group, found)
    errors = []
    for (a, b), (x, y) in sorted(found.items()):
        errors.append(DataError(
            y.file, y.line,
            f"claim {y.claim.id}: works {a!r} and {b!r} are quoted with the same passage 「{_shared(x, y)}」 "
            f"(claim {x.claim.id} of {x.source} and {y.claim.id} of {y.source}): they look like one work",
            f"they are one work: merge them into one entity in data/entities.yaml (keep {a!r}; the title of "
            f"{b!r} becomes its alias) and set attributed_to: {a} in every claims file that names {b}"))
    return errors
