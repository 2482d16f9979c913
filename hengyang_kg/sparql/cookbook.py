"""The SPARQL cookbook: ``queries/*.rq``, each a historian's question with a title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

QUERIES_DIR = Path(__file__).resolve().parents[2] / "queries"


@dataclass(frozen=True)
class Recipe:
    name: str
    title: str
    question: str
    text: str


def recipes(directory: Path = QUERIES_DIR) -> list[Recipe]:
    """Every cookbook query, in file order.

    >>> recipes()[0].name
    '01_japanese_casualties'
    """
    out = []
    for path in sorted(directory.glob("*.rq")):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^# title: (.+)$", text, re.M)
        question = re.search(r"^# question: (.+)$", text, re.M)
        out.append(Recipe(path.stem, title.group(1) if title else path.stem,
                          question.group(1) if question else "", text))
    return out
