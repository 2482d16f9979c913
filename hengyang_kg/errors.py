"""Data errors: every one names the file, the line, what is wrong and how to fix it."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True, order=True)
class DataError:
    """One problem in the data; sorted by file and line."""

    file: str
    line: int
    message: str
    hint: str = ""

    def __str__(self) -> str:
        text = f"{self.file}:{self.line}: {self.message}"
        return f"{text}\n    fix: {self.hint}" if self.hint else text


class DataErrors(Exception):
    """All the errors of one run, reported together."""

    def __init__(self, errors: list[DataError]):
        self.errors = sorted(set(errors))
        super().__init__("\n".join(str(e) for e in self.errors))


def did_you_mean(word: str, choices: list[str] | set[str], what: str) -> str:
    """A hint naming the closest known ids.

    >>> did_you_mean("fang_xianjeu", ["fang_xianjue", "xue_yue"], "entity")
    "did you mean 'fang_xianjue'? (or add the entity to data/entities.yaml)"
    """
    close = difflib.get_close_matches(word, sorted(choices), n=3, cutoff=0.6)
    if close:
        names = " or ".join(repr(c) for c in close)
        tail = " (or add the entity to data/entities.yaml)" if what == "entity" else ""
        return f"did you mean {names}?{tail}"
    if what == "entity":
        return "add the entity to data/entities.yaml, or use an existing id"
    return f"use one of the known {what} ids"


def rel(path: Path, root: Path) -> str:
    """``path`` as an error message names it: relative to ``root`` when inside it (both resolved)."""
    try:
        # an absolute root is resolved once (a load names thousands of files under one root); a
        # relative one each time, as it depends on the working directory
        return str(path.resolve().relative_to(_resolved(root) if root.is_absolute() else root.resolve()))
    except ValueError:
        return str(path)


@lru_cache(maxsize=8)
def _resolved(root: Path) -> Path:
    return root.resolve()
