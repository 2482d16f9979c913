"""The SPARQL cookbook: ``queries/*.rq`` (package data), each a historian's question with a title."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable

QUERIES_DIR: Traversable = files("hengyang_kg") / "queries"


@dataclass(frozen=True)
class Recipe:
    name: str
    title: str
    question: str
    text: str


def recipes(directory: Traversable = QUERIES_DIR) -> list[Recipe]:
    """Every cookbook query, in file order.

    >>> recipes()[0].name
    '01_japanese_casualties'
    """
    out = []
    for path in sorted((p for p in directory.iterdir() if p.name.endswith(".rq")), key=lambda p: p.name):
        text = path.read_text(encoding="utf-8")
        title = re.search(r"^# title: (.+)$", text, re.M)
        question = re.search(r"^# question: (.+)$", text, re.M)
        name = path.name.removesuffix(".rq")
        out.append(Recipe(name, title.group(1) if title else name, question.group(1) if question else "", text))
    return out


def recipe(ref: str) -> Recipe | None:
    """A cookbook query by its name (``01_japanese_casualties``) or number (``01``), else None.

    >>> recipe("07").name, recipe("SELECT * WHERE { ?s ?p ?o }")
    ('07_shared_text', None)
    """
    return next((r for r in recipes() if ref in (r.name, r.name.split("_", 1)[0])), None)
