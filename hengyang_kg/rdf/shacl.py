"""SHACL validation of the dataset with pyshacl (rdflib is the interoperability layer).

pyshacl on a whole Dataset validates the union of its graphs, which would merge
every claim's triple; so the provenance and entity graphs are validated whole,
and the claim graphs one by one.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox
import rdflib
from pyshacl import validate

from hengyang_kg.curation.properties import ontology_file


def as_rdflib(store_or_quads: Iterable[ox.Quad]) -> rdflib.Dataset:
    """The dataset as an ``rdflib.Dataset`` (through N-Quads)."""
    data = ox.serialize(list(store_or_quads), format=ox.RdfFormat.N_QUADS) or b""
    ds = rdflib.Dataset()
    ds.parse(data=data.decode("utf-8"), format="nquads")
    return ds


def shapes_graph(root: Path | None = None) -> rdflib.Graph:
    """The SHACL shapes: the project's own ``ontology/shapes.ttl`` under ``root``, else the package's."""
    return rdflib.Graph().parse(data=ontology_file(root, "shapes.ttl").read_text(encoding="utf-8"), format="turtle")


def check_graph(graph: rdflib.Graph, shapes: rdflib.Graph) -> tuple[bool, str]:
    conforms, _g, text = validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    return bool(conforms), str(text)


def graphs_of(ds: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    """Named graphs by IRI, each as a plain rdflib Graph."""
    out = {}
    for ctx in ds.graphs():
        if isinstance(ctx.identifier, rdflib.URIRef) and len(ctx):
            g = rdflib.Graph()
            for t in ctx:
                g.add(t)
            out[str(ctx.identifier)] = g
    return out


def check_dataset(store_or_quads: Iterable[ox.Quad], base: str) -> list[str]:
    """Every SHACL violation report of the dataset (empty when it conforms)."""
    shapes = shapes_graph()
    graphs = graphs_of(as_rdflib(store_or_quads))
    problems = []
    for name, g in sorted(graphs.items()):
        if name.startswith(base + "claim/") and len(g) != 1:
            problems.append(f"{name}: a claim graph must hold exactly one triple, holds {len(g)}")
            continue
        ok, text = check_graph(g, shapes)
        if not ok:
            problems.append(f"{name}:\n{text}")
    return problems
