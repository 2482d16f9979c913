"""The vocabulary as the program uses it: claim properties and their value kinds.

The ontology file is the single source of truth: a claim property is whatever
``ontology/hengyang.ttl`` declares ``a hkg:ClaimProperty`` with a ``hkg:valueKind``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import pyoxigraph as ox

from hengyang_kg.namespaces import HKG, RDF, RDFS

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
ValueKind = Literal["quantity", "date", "duration", "entity", "text"]
KINDS: dict[str, ValueKind] = {"QuantityValue": "quantity", "DateValue": "date", "DurationValue": "duration",
         "EntityValue": "entity", "TextValue": "text"}


@dataclass(frozen=True)
class PropertyDef:
    id: str
    kind: ValueKind
    label_en: str
    label_zh: str
    comment: str

    @property
    def iri(self) -> str:
        return HKG + self.id


@lru_cache(maxsize=4)
def claim_properties(path: Path = ONTOLOGY_DIR / "hengyang.ttl") -> dict[str, PropertyDef]:
    """Claim properties by id, read from the ontology.

    >>> claim_properties()["casualties"].kind
    'quantity'
    """
    store = ox.Store()
    store.load(path=str(path), format=ox.RdfFormat.TURTLE)
    rows = store.query(
        f"""SELECT ?p ?kind ?en ?zh ?comment WHERE {{
          ?p a <{HKG}ClaimProperty> ; <{HKG}valueKind> ?kind ; <{RDFS}comment> ?comment ;
             <{RDFS}label> ?en , ?zh .
          FILTER(lang(?en) = "en" && langMatches(lang(?zh), "zh"))
        }}"""
    )
    assert isinstance(rows, ox.QuerySolutions)
    out = {}
    for row in rows:
        pid = row["p"].value.removeprefix(HKG)
        kind = KINDS[row["kind"].value.removeprefix(HKG)]
        out[pid] = PropertyDef(pid, kind, row["en"].value, row["zh"].value, row["comment"].value)
    assert RDF  # the vocabulary module is the one place namespaces live
    return dict(sorted(out.items()))
