"""The whole dataset: entities, sources, provenance, claim graphs and the reconciliation."""

from __future__ import annotations

import pyoxigraph as ox

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.rdf.dataset import claim_quads, entity_quads, reading_context, source_quads
from hengyang_kg.rdf.reconciliation import reconciliation_quads
from hengyang_kg.rdf.source_relations import source_relation_quads, with_relations
from hengyang_kg.rdf.terms import Iris, Quad
from hengyang_kg.reconcile.types import Reconciliation


def dataset_quads(corpus: Corpus, base: str, recon: Reconciliation | None = None) -> list[Quad]:
    """Every quad of the dataset in a deterministic order: graph by graph (entities,
    provenance, then the claims' graphs by id), each subject's triples together.

    The order depends only on ids (entities and claims are sorted when loaded), so
    exports written in this order are byte-identical for the same data.
    """
    iris = Iris(base)
    ents, prov = iris.graph("entities"), iris.graph("provenance")
    quads: list[Quad] = []
    for e in corpus.entities.values():
        quads.extend(entity_quads(e, iris, ents))
    quads.extend(with_relations(source_quads(corpus, iris, prov), source_relation_quads(corpus, recon, iris, prov)))
    provenance: list[Quad] = []
    asserted: list[Quad] = []
    for c in corpus.claims:
        for q in claim_quads(c, iris, prov, reading_context(corpus.sources[c.source].reading, c.start, c.end)):
            (asserted if q.graph_name != prov else provenance).append(q)
    if recon is not None:
        reconciled = list(reconciliation_quads(recon, base))
    else:
        reconciled = []
    return quads + provenance + reconciled + asserted


def build_dataset(corpus: Corpus, base: str, recon: Reconciliation | None = None) -> ox.Store:
    """An in-memory pyoxigraph store holding the dataset."""
    store = ox.Store()
    store.bulk_extend(dataset_quads(corpus, base, recon))
    return store
