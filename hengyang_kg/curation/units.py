"""Units as the ontology declares them: a claim's unit checked against them, and the
claims file's JSON Schema listing them.

A unit is an ``hkg:Unit`` of ``hengyang.ttl`` named by its ``skos:notation``; a quantity
property takes those it lists with ``hkg:allowsUnit``, or every declared unit.  The words the
report writes for it are declared with it (:func:`units_of`).  No unit is named in code: a
new one is an edit of the ontology.
"""

from __future__ import annotations

import copy
import difflib
from pathlib import Path
from typing import Any, Literal

from hengyang_kg.curation.properties import (
    PropertyDef,
    Units,
    ontology_file,
    unit_words,
)
from hengyang_kg.curation.schema import ClaimsFile

UnitOrigin = Literal["given", "read", "default"]


def unit_problem(prop: PropertyDef, unit: str, origin: UnitOrigin) -> tuple[str, str] | None:
    """What is wrong with a claim of ``prop`` counting in ``unit``, and how to fix it; None
    when the property takes the unit.  ``origin`` says where the unit came from: the claim's
    ``unit`` field, the counter word of its value, or the property's default unit.

    >>> from hengyang_kg.curation.properties import claim_properties
    >>> unit_problem(claim_properties()["amount"], "km", "given") is None
    True
    >>> unit_problem(claim_properties()["amount"], "kms", "given")[1]
    "did you mean 'km' or 'km2'? Or declare the unit in ontology/hengyang.ttl (an hkg:Unit with skos:notation 'kms')"
    """
    if unit in prop.units:
        return None
    what = {"given": f"unit {unit!r}",
            "read": f"the value's counter word reads as unit {unit!r}, and that",
            "default": f"the default unit of {prop.id} (hkg:defaultUnit {unit!r})"}[origin]
    problem = f"{what} is not a unit {prop.id} takes; it takes: {', '.join(prop.units) or 'none'}"
    close = difflib.get_close_matches(unit, prop.units, n=2, cutoff=0.5)
    listed = f", listed by hkg:allowsUnit on {prop.id}" if prop.lists_units else ""
    if origin == "default":
        declare = f"correct hkg:defaultUnit of {prop.id} in ontology/hengyang.ttl, or declare the unit there{listed}"
    else:
        declare = f"declare the unit in ontology/hengyang.ttl (an hkg:Unit with skos:notation {unit!r}{listed})"
    if close:
        return problem, f"did you mean {' or '.join(repr(c) for c in close)}? Or {declare}"
    if origin == "read":
        return problem, f"give unit: one of {', '.join(prop.units)}; or {declare}"
    return problem, declare[0].upper() + declare[1:]


def units_of(root: Path) -> Units:
    """The units of the project at ``root`` (its own ontology's, else the package's), with the
    words the report writes for them."""
    return unit_words(ontology_file(root, "hengyang.ttl"))


def claims_schema(units: tuple[str, ...]) -> dict[str, Any]:
    """The JSON Schema of a claims file, its ``unit`` one of ``units`` (the ontology's).

    >>> claims_schema(("km", "person"))["$defs"]["Claim"]["properties"]["unit"]["anyOf"][0]
    {'enum': ['km', 'person'], 'type': 'string'}
    """
    schema = copy.deepcopy(ClaimsFile.model_json_schema())
    unit = schema["$defs"]["Claim"]["properties"]["unit"]
    unit["anyOf"] = [{"enum": list(units), "type": "string"} if s.get("type") == "string" else s for s in unit["anyOf"]]
    return schema
