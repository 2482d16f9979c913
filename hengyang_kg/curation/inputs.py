"""The input files an output set is made from, by the name the manifest records."""

from __future__ import annotations

from importlib.resources.abc import Traversable
from pathlib import Path

from hengyang_kg.curation.properties import ontology_file

ONTOLOGY_FILES = ("hengyang.ttl", "shapes.ttl", "context.jsonld")


def input_files(root: Path) -> dict[str, Traversable]:
    """Sources (texts and metadata), claims, entities and the ontology (the project's own, or
    the package's), by relative name."""
    data = root / "data"
    found = [*sorted((data / "sources").glob("*.txt")), *sorted((data / "sources").glob("*.yaml")),
             *sorted((data / "claims").glob("*.yaml")), data / "entities.yaml",
             *sorted((data / "entities").glob("*.yaml"))]
    out: dict[str, Traversable] = {p.relative_to(root).as_posix(): p for p in found if p.is_file()}
    for name in ONTOLOGY_FILES:
        path = ontology_file(root, name)
        if path.is_file():
            out[f"ontology/{name}"] = path
    return out
