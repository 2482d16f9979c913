"""Source and claim ids: free slugs, and the short form used in readable text.

A source id is any slug of lowercase letters, digits, ``_`` and ``-``
(``ito_1960_teikoku_rikugun``); so is a claim id, which must be unique in the
corpus (``ito_1960-12``). The bundled ids (``000_4ea13820db48a485``,
``c000-001``) are slugs of that kind too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from hengyang_kg.errors import DataError

SLUG_ID = r"^[a-z0-9][a-z0-9_-]*$"
ALLOWED = "lowercase letters, digits, '_' and '-', starting with a letter or digit (e.g. ito_1960_teikoku_rikugun)"
_NUMBERED = re.compile(r"^([0-9]{3})_[0-9a-f]{16}$")


def short_id(source_id: str) -> str:
    """The name of a source in running text: the number of a numbered source, else its id.

    >>> short_id("002_981075a887861ca6"), short_id("ito_1960_teikoku_rikugun")
    ('002', 'ito_1960_teikoku_rikugun')
    """
    m = _NUMBERED.match(source_id)
    return m.group(1) if m else source_id


def is_slug(text: str) -> bool:
    """Whether ``text`` is an id as allowed.

    >>> is_slug("abc_1-2"), is_slug("Abc"), is_slug("-a")
    (True, False, False)
    """
    return re.fullmatch(SLUG_ID, text) is not None


def check_short_ids(source_ids: Iterable[str], errors: list[DataError]) -> None:
    """Two numbered sources may not share a number: reports name sources by it."""
    seen: dict[str, str] = {}
    for sid in sorted(source_ids):
        short = short_id(sid)
        if short in seen:
            errors.append(DataError(f"data/sources/{sid}.yaml", 1,
                                    f"sources {seen[short]} and {sid} share the number {short}",
                                    "give the new source a free number, or any other slug (e.g. ito_1960)"))
        seen.setdefault(short, sid)
