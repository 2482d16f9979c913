"""The whole dataset: entities, sources, provenance, claim graphs and the reconciliation.

The dataset's order is made of parts, each generated on its own so that a build never
needs every quad at once (:mod:`hengyang_kg.rdf.stream`): the entities graph, the
sources' descriptions and relations, the claims' descriptions in ``graph:provenance`` run
by run (a run: consecutive claims, in id order, of one source), the reconciliation, then
the claims' own named graphs run by run.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.rdf.dataset import (
    claim_quads,
    entity_quads,
    reading_context,
    source_quads,
)
from hengyang_kg.rdf.reconciliation import reconciliation_quads
from hengyang_kg.rdf.source_relations import source_relation_quads, with_relations
from hengyang_kg.rdf.terms import Iris, Quad
from hengyang_kg.reconcile.types import Reconciliation

BATCH = 20_000  # quads of a whole-corpus part generated at a time


@dataclass(frozen=True)
class Run:
    """Consecutive claims (in id order) of one source."""

    source: str
    claims: list[Located]


def claim_runs(corpus: Corpus) -> list[Run]:
    """The claims in id order, cut where the source changes (one run per source when
    claim ids start with their source's, as the loader's ids do)."""
    runs: list[Run] = []
    for c in corpus.claims:
        if not runs or runs[-1].source != c.source:
            runs.append(Run(c.source, []))
        runs[-1].claims.append(c)
    return runs


def run_quads(run: Run, corpus: Corpus, iris: Iris) -> tuple[list[Quad], list[Quad]]:
    """A run's descriptions in ``graph:provenance`` and its claims' asserted quads."""
    prov = iris.graph("provenance")
    reading = corpus.sources[run.source].reading
    described: list[Quad] = []
    asserted: list[Quad] = []
    for c in run.claims:
        for q in claim_quads(c, iris, prov, reading_context(reading, c.start, c.end)):
            (asserted if q.graph_name != prov else described).append(q)
    return described, asserted


def batches(quads: Iterable[Quad], size: int | None = None) -> Iterator[list[Quad]]:
    """``quads`` in lists of at most about ``size`` (:data:`BATCH`), cut only where the subject
    changes: once a list holds an eighth of ``size``, before a subject whose IRI's CRC-32 ends
    in six zero bits. The cuts depend on the subjects, not on the quads before them, so a
    change inside one list leaves the others as they were (and their cached fragments found)."""
    size = size or BATCH
    least = size // 8
    batch: list[Quad] = []
    for q in quads:
        if len(batch) >= least and batch and q.subject != batch[-1].subject and (
                len(batch) >= size or not zlib.crc32(str(q.subject).encode("utf-8")) & 63):
            yield batch
            batch = []
        batch.append(q)
    if batch:
        yield batch


def entity_part(corpus: Corpus, base: str) -> Iterator[Quad]:
    iris = Iris(base)
    ents = iris.graph("entities")
    for e in corpus.entities.values():
        yield from entity_quads(e, iris, ents)


def source_part(corpus: Corpus, base: str, recon: Reconciliation | None) -> list[Quad]:
    iris = Iris(base)
    prov = iris.graph("provenance")
    return with_relations(source_quads(corpus, iris, prov), source_relation_quads(corpus, recon, iris, prov))


def reconciliation_part(recon: Reconciliation | None, base: str) -> Iterator[Quad]:
    return reconciliation_quads(recon, base) if recon is not None else iter(())


def dataset_quads(corpus: Corpus, base: str, recon: Reconciliation | None = None) -> list[Quad]:
    """Every quad of the dataset in a deterministic order: graph by graph (entities,
    provenance, then the claims' graphs by id), each subject's triples together.

    The order depends only on ids (entities and claims are sorted when loaded), so
    exports written in this order are byte-identical for the same data.
    """
    iris = Iris(base)
    quads = list(entity_part(corpus, base)) + source_part(corpus, base, recon)
    asserted: list[Quad] = []
    for run in claim_runs(corpus):
        described, claimed = run_quads(run, corpus, iris)
        quads += described
        asserted += claimed
    return quads + list(reconciliation_part(recon, base)) + asserted


def build_dataset(corpus: Corpus, base: str, recon: Reconciliation | None = None) -> ox.Store:
    """An in-memory pyoxigraph store holding the dataset."""
    store = ox.Store()
    store.bulk_extend(dataset_quads(corpus, base, recon))
    return store
