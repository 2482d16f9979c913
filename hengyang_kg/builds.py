"""Which build an output belongs to: a hash of every input file, the program version and
the base IRI. ``build`` and ``report`` record it in ``manifest.json``, and the report
files name it, so a report can be matched to its dataset and to its data."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from hengyang_kg.curation.inputs import input_files
from hengyang_kg.outputs import Inputs, sha256_file


def program_version() -> str:
    try:
        return version("hengyang-kg")
    except PackageNotFoundError:
        return "unknown"


def input_hashes(root: Path) -> dict[str, str]:
    """The SHA-256 of every input file under ``root``, by the name the manifest records."""
    return {name: sha256_file(path) for name, path in input_files(root).items()}


def build_id(root: Path, base: str) -> str:
    """The id of a build of the data under ``root`` with ``base``: equal inputs, equal id."""
    return Inputs(input_hashes(root), program_version(), base, {}).build_id
