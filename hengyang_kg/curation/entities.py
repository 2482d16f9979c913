"""The entity registry: checks, and labels completed in both scripts (OpenCC)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from hengyang_kg.curation.model_errors import pydantic_errors
from hengyang_kg.curation.schema import Entity, Labels
from hengyang_kg.curation.yaml_lines import line_of
from hengyang_kg.errors import DataError, did_you_mean
from hengyang_kg.text.script_folding import fold, to_simplified, to_traditional


def entity_label(entities: Mapping[str, Entity], eid: str) -> str:
    """An entity by its label in simplified script, else in English, else its id (also for an id
    the registry does not hold): how explanations and the report's facts name a subject."""
    e = entities.get(eid)
    return (e.labels.zh_Hans or e.labels.en or eid) if e else eid


def complete_labels(labels: Labels) -> Labels:
    """Derive the missing Chinese script from the other.

    >>> complete_labels(Labels(**{"zh-Hans": "方先觉"})).zh_Hant
    '方先覺'
    """
    hans, hant = labels.zh_Hans, labels.zh_Hant
    if hans and not hant:
        hant = to_traditional(hans)
    elif hant and not hans:
        hans = to_simplified(hant)
    return labels.model_copy(update={"zh_Hans": hans, "zh_Hant": hant})


def check_entities(raws: list[tuple[str, Any]], source_ids: set[str], errors: list[DataError]) -> dict[str, Entity]:
    """Validate entity mappings (file, raw) and cross-check their references."""

    out: dict[str, Entity] = {}
    where: dict[str, tuple[str, int, Any]] = {}
    for f, raw in raws:
        try:
            ent = Entity.model_validate(raw)
        except ValidationError as exc:
            errors.extend(pydantic_errors(exc, raw, f, "entity"))
            continue
        line = line_of(raw)
        if ent.id in out:
            pf, pl, _ = where[ent.id]
            errors.append(DataError(f, line, f"duplicate entity id {ent.id!r} (first defined at {pf}:{pl})",
                                    "merge the two entries, or give this one another id"))
            continue
        if not (ent.labels.zh_Hans or ent.labels.zh_Hant or ent.labels.en):
            errors.append(DataError(f, line_of(raw, "labels", line), f"entity {ent.id!r} has no label",
                                    "give labels: {zh-Hans: ..., en: ...}"))
        out[ent.id] = ent.model_copy(update={"labels": complete_labels(ent.labels)})
        where[ent.id] = (f, line, raw)
    for eid, ent in out.items():
        f, line, raw = where[eid]
        for parent in ent.part_of:
            if parent not in out:
                errors.append(DataError(f, line_of(raw, "part_of", line), f"entity {eid!r}: part_of names unknown entity {parent!r}",
                                        did_you_mean(parent, list(out), "entity")))
        if ent.author and (ent.type != "Work" or ent.author not in out):
            errors.append(DataError(f, line_of(raw, "author", line),
                                    f"entity {eid!r}: author {ent.author!r} is not an entity" if ent.type == "Work"
                                    else f"entity {eid!r}: only a Work has an author",
                                    did_you_mean(ent.author, list(out), "entity") if ent.type == "Work"
                                    else "remove author, or make the entity a Work"))
        for alias in ent.aliases:
            for sid in alias.sources:
                if sid not in source_ids:
                    errors.append(DataError(f, line_of(raw, "aliases", line), f"entity {eid!r}: alias {alias.text!r} names unknown source {sid!r}",
                                            did_you_mean(sid, source_ids, "source")))
    return dict(sorted(out.items()))


def with_alias_occurrences(entities: dict[str, Entity], texts: dict[str, str]) -> dict[str, Entity]:
    """Every alias records the sources it occurs in, found in the (script-folded) texts,
    as offsets are: computed, never typed. ``texts`` maps source ids to folded texts."""
    out = {}
    for eid, ent in entities.items():
        aliases = tuple(a.model_copy(update={"sources": tuple(sid for sid, t in texts.items() if fold(a.text) in t)})
                        for a in ent.aliases)
        out[eid] = ent.model_copy(update={"aliases": aliases})
    return out
