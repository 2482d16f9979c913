"""pydantic's validation errors as file:line data errors with a fix."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from hengyang_kg.curation import schema as model
from hengyang_kg.curation.ids import ALLOWED, SLUG_ID
from hengyang_kg.curation.yaml_lines import line_of
from hengyang_kg.errors import DataError, did_you_mean


def pydantic_errors(exc: ValidationError, raw: Any, file: str, what: str) -> list[DataError]:
    """Turn pydantic's errors into file:line errors with a fix."""
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        node, line = raw, line_of(raw)
        for part in loc:
            line = line_of(node, part, line)
            node = node.get(part) if isinstance(node, dict) else None
        field_name = ".".join(loc) or what.split()[0]
        kind = err["type"]
        if kind == "missing":
            msg, hint = f"{what}: missing required field '{field_name}'", f"add '{field_name}:' (see docs/curation.md)"
        elif kind == "extra_forbidden":
            model_fields = _fields_of(what)
            msg = f"{what}: unknown field '{field_name}'"
            hint = did_you_mean(loc[-1], model_fields, "field")
        elif kind == "string_pattern_mismatch":
            msg = f"{what}: '{field_name}' is malformed ({err['input']!r})"
            hint = f"it must match {err['ctx']['pattern']}"
            if err["ctx"]["pattern"] == SLUG_ID:
                hint = f"an id is a slug: {ALLOWED}"
        elif kind == "literal_error":
            msg = f"{what}: '{field_name}' has an unknown value {err['input']!r}"
            hint = f"use one of {err['ctx']['expected']}"
        else:
            msg, hint = f"{what}: '{field_name}': {err['msg']}", "see docs/curation.md"
        out.append(DataError(file, line, msg, hint))
    return out


def _fields_of(what: str) -> list[str]:
    models: dict[str, type[BaseModel]] = {
        "claim": model.Claim, "entity": model.Entity, "source metadata": model.SourceMeta,
        "claims file": model.ClaimsFile, "out_of_scope entry": model.OutOfScope,
    }
    cls = models.get(what.split(" ")[0] if what.startswith("claim ") else what, model.Claim)
    return list(cls.model_fields)
