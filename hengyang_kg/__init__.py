"""hengyang-kg: a source-reconciliation knowledge graph of the 1944 defence of Hengyang.

The public API is the pipeline, one function per stage::

    import hengyang_kg as hk

    corpus = hk.load(".")                      # sources, entities, claims (all errors at once)
    recon = hk.reconcile(corpus)               # facts, positions, explanations, checks
    quads = hk.build(corpus, recon)            # the RDF dataset, in a deterministic order
    files = hk.serialise(quads)                # TriG, N-Quads, Turtle, JSON-LD as bytes
    report = hk.report(recon, corpus)          # conflicts.json as frozen models

Each stage is imported when first used, so importing the package is cheap. Two
functions share their name with a stage's sub-package (``reconcile``, ``report``): the
names of this module stay the functions (import the sub-packages' modules by their full
name, ``from hengyang_kg.reconcile.types import Fact``).
"""

from __future__ import annotations

import sys
import types
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pyoxigraph as ox

    from hengyang_kg.curation.loader import Corpus
    from hengyang_kg.reconcile.types import Reconciliation
    from hengyang_kg.report.contract import Report

__all__ = ["load", "reconcile", "build", "serialise", "report"]


def _base(base: str | None) -> str:
    from hengyang_kg.namespaces import base_iri

    return base if base is not None else base_iri()


def load(root: str | Path = ".") -> Corpus:
    """The curated corpus under ``root`` (its ``data/``); raises ``DataErrors`` with every error."""
    from hengyang_kg.curation.loader import load_corpus

    return load_corpus(root)


def reconcile(corpus: Corpus) -> Reconciliation:
    """The claims reconciled into facts, with explanations, checks and text reuse."""
    from hengyang_kg.reconcile.pipeline import reconcile as run

    return run(corpus)


def build(corpus: Corpus, recon: Reconciliation | None = None, base: str | None = None) -> list[ox.Quad]:
    """Every quad of the dataset (with the reconciliation graph when ``recon`` is given)."""
    from hengyang_kg.rdf.build import dataset_quads

    return dataset_quads(corpus, _base(base), recon)


def serialise(quads: list[ox.Quad], base: str | None = None) -> dict[str, bytes]:
    """The exports (TriG, N-Quads, Turtle, JSON-LD) as bytes, by file name."""
    from hengyang_kg.rdf.serialise import serialise_all

    return serialise_all(quads, _base(base))


def report(recon: Reconciliation, corpus: Corpus, base: str | None = None) -> Report:
    """The conflict report (the contract of ``conflicts.json``)."""
    from hengyang_kg.report.data import build_report

    return build_report(recon, corpus, _base(base))


class _Package(types.ModuleType):
    """This package, whose API names are not replaced by sub-packages of the same name
    (the import system binds each sub-package it loads as an attribute of its parent)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in __all__ and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
