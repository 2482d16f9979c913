"""Every namespace and prefix of the project, in one place."""

from __future__ import annotations

import os

HKG = "https://w3id.org/hengyang-kg/ontology#"
DEFAULT_BASE = "https://w3id.org/hengyang-kg/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OA = "http://www.w3.org/ns/oa#"
DCTERMS = "http://purl.org/dc/terms/"
CITO = "http://purl.org/spar/cito/"
BIBO = "http://purl.org/ontology/bibo/"
SCHEMA = "http://schema.org/"
SH = "http://www.w3.org/ns/shacl#"


def base_iri() -> str:
    """The data's base IRI: ``$HENGYANG_KG_BASE`` or the default."""
    base = os.environ.get("HENGYANG_KG_BASE", DEFAULT_BASE)
    return base if base.endswith(("/", "#")) else base + "/"


def requested_base(given: str | None) -> str | None:
    """The base IRI a command was asked for: ``given`` (``--base``), else ``$HENGYANG_KG_BASE``,
    else None (a command that reads a dataset then follows the base it was built with)."""
    base = given or os.environ.get("HENGYANG_KG_BASE")
    if not base:
        return None
    return base if base.endswith(("/", "#")) else base + "/"


def prefixes(base: str) -> dict[str, str]:
    """Prefixes used in every serialisation, the data's own first."""
    return {
        "hkg": HKG,
        "entity": base + "entity/",
        "claim": base + "claim/",
        "source": base + "source/",
        "graph": base + "graph/",
        "rdf": RDF,
        "rdfs": RDFS,
        "xsd": XSD,
        "owl": OWL,
        "skos": SKOS,
        "prov": PROV,
        "oa": OA,
        "dcterms": DCTERMS,
        "cito": CITO,
    }
