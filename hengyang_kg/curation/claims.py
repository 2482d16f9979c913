"""Claims: validation against the registry and ontology, values parsed, quotes located.

Offsets are computed here, never typed: a quote is found in its source
(script-insensitively) and the value is found inside the quote.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple, get_args

from pydantic import ValidationError

from hengyang_kg.curation.model_errors import pydantic_errors
from hengyang_kg.curation.properties import PropertyDef, ValueKind
from hengyang_kg.curation.schema import Claim, Entity, OutOfScope, Qualifiers
from hengyang_kg.curation.sources import Source
from hengyang_kg.curation.units import unit_problem
from hengyang_kg.curation.yaml_lines import line_of
from hengyang_kg.errors import DataError, did_you_mean
from hengyang_kg.text.dates import Duration, parse_date, parse_duration
from hengyang_kg.text.numerals import ValueError_
from hengyang_kg.text.quantities import (
    POINT_RULES,
    Approx,
    Quantity,
    approximation_in,
    bounds,
    parse_plain_number,
    parse_quantity,
    quantity,
)
from hengyang_kg.text.script_folding import fold, script_of
from hengyang_kg.text.values import Term, Text, Value

PREFIX_LEN = 32


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    reason: str


class FactKey(NamedTuple):
    """What a claim is about, regardless of who says it (STYLE 1)."""

    subject: str
    property: str
    side: str = ""
    measure: str = ""
    item: str = ""
    share: str = ""
    occasion: str = ""

    @builtins.property  # the field named property hides the builtin in this class body
    def qualifiers(self) -> tuple[str, str, str, str, str]:
        """The meaning-changing qualifiers: side, measure, item, share, occasion."""
        return (self.side, self.measure, self.item, self.share, self.occasion)


@dataclass(frozen=True)
class Located:
    """A claim checked and resolved against its source."""

    claim: Claim
    source: str
    file: str
    line: int
    prop: PropertyDef
    value: Value
    start: int  # quote offsets in the source text, in code points
    end: int
    value_start: int
    value_end: int
    exact: str
    prefix: str
    suffix: str
    lang: str  # zh-Hans | zh-Hant: script of the quoted passage

    @property
    def kind(self) -> ValueKind:
        return self.prop.kind

    @property
    def fact_key(self) -> FactKey:
        """What the claim is about, regardless of who says it: subject, property, side,
        measure, item, ``percent`` for a share rather than a count, and the occasion of an
        event that happened more than once (STYLE 1)."""
        q = self.claim.qualifiers
        share = "percent" if isinstance(self.value, Quantity) and self.value.unit == "percent" else ""
        occasion = f"occasion{q.occasion}" if q.occasion else ""
        return FactKey(self.claim.subject, self.claim.property, q.side or "", q.measure or "", q.item or "", share, occasion)


@dataclass
class Context:
    source: Source
    file: str
    entities: dict[str, Entity]
    properties: dict[str, PropertyDef]
    seen: dict[str, tuple[str, int]]
    include_drafts: bool = False


def locate(source: Source, quote: str, occurrence: int | None) -> tuple[int | None, str, str]:
    """Offset of ``quote`` in the source, or (None, what is wrong, how to fix it)."""
    hits = source.find_all(quote)
    if not hits:
        near = source.nearest_passage(quote)
        hint = f"the nearest passage is {near!r}" if near else "copy the passage from the source text"
        return None, "quote not found in the source", hint
    if occurrence is not None:
        if occurrence > len(hits):
            return None, f"quote occurs {len(hits)} time(s), not {occurrence}", f"set occurrence to at most {len(hits)}"
        return hits[occurrence - 1], "", ""
    if len(hits) > 1:
        lines = ", ".join(str(source.line_at(h)) for h in hits[:6])
        return None, f"quote occurs {len(hits)} times (source lines {lines})", "lengthen the quote or add occurrence: N"
    return hits[0], "", ""


def resolve_claim(raw: Any, ctx: Context, errors: list[DataError]) -> Located | None:

    f = ctx.file
    line = line_of(raw)
    if not isinstance(raw, dict):
        errors.append(DataError(f, line, "a claim must be a mapping", "write '- id: ...' with its fields"))
        return None
    try:
        claim = Claim.model_validate(raw)
    except ValidationError as exc:
        errors.extend(pydantic_errors(exc, raw, f, f"claim {raw.get('id', '')}".strip()))
        return None
    n_before = len(errors)

    def err(key: str | None, msg: str, hint: str) -> None:
        errors.append(DataError(f, line_of(raw, key, line) if key else line, f"claim {claim.id}: {msg}", hint))

    if claim.id in ctx.seen:
        pf, pl = ctx.seen[claim.id]
        err("id", f"duplicate claim id (first used at {pf}:{pl})", "give this claim a new id; ids are never reused")
    else:
        ctx.seen[claim.id] = (f, line)
    if claim.draft and not ctx.include_drafts:
        err("draft", "is a draft proposed by suggest, not yet reviewed",
            "check the claim against the source and delete 'draft: true' (or pass --include-drafts)")
    prop = ctx.properties.get(claim.property)
    if prop is None:
        err("property", f"unknown property {claim.property!r}", did_you_mean(claim.property, list(ctx.properties), "property"))
    for key in ("subject", "entity", "attributed_to"):
        ref = getattr(claim, key)
        if ref is not None and ref not in ctx.entities:
            err(key, f"unknown entity {ref!r} in '{key}'", did_you_mean(ref, list(ctx.entities), "entity"))
    if prop is not None:
        _check_shape(claim, prop, ctx.properties, err)
    start, problem, hint = locate(ctx.source, claim.quote, claim.occurrence)
    if start is None:
        err("quote", problem, hint)
    value_at = fold(claim.quote).find(fold(claim.value))
    if value_at == -1:
        err("value", f"value {claim.value!r} does not occur in the quote", "write the value exactly as it stands in the quote")
    value: Value | None = None
    if prop is not None:
        try:
            value = parse_value(claim, prop)
        except ValueError_ as exc:
            err("value", f"value {claim.value!r} is not a valid {prop.kind}, which {prop.id} takes: {exc}",
                _example(prop))
    if isinstance(value, Quantity) and prop is not None and value.unit and not claim.unit and (
            wrong := unit_problem(prop, value.unit, "default" if value.unit == prop.default_unit else "read")):
        err("value", *wrong)
    if len(errors) > n_before or start is None or value is None or value_at == -1 or prop is None:
        return None
    end = start + len(claim.quote)
    text = ctx.source.text
    exact = text[start:end]
    return Located(
        claim=claim, source=ctx.source.id, file=f, line=line, prop=prop, value=value,
        start=start, end=end, value_start=start + value_at, value_end=start + value_at + len(claim.value),
        exact=exact, prefix=text[max(0, start - PREFIX_LEN):start], suffix=text[end:end + PREFIX_LEN],
        lang=script_of(exact),
    )


def _check_shape(claim: Claim, prop: PropertyDef, properties: dict[str, PropertyDef],
                 err: Callable[[str | None, str, str], None]) -> None:
    if prop.kind == "entity" and claim.entity is None:
        err("value", f"{prop.id} takes an entity: add 'entity: <id>' naming what {claim.value!r} refers to",
            "add entity: <id> (the value stays as written)")
    if prop.kind != "entity" and claim.entity is not None:
        err("entity", f"{prop.id} takes a {prop.kind}, not an entity", "remove 'entity', or use an entity-valued property")
    given = {k for k, v in claim.qualifiers.model_dump().items() if v is not None}
    for q in sorted(given - set(prop.qualifiers)):
        takers = [p.id for p in properties.values() if q in p.qualifiers]
        err("qualifiers", f"'{q}' applies only to {', '.join(takers) or 'no property'}",
            f"remove {q}" + (f", or use property {takers[0]}" if takers else ""))
    for q in prop.required_qualifiers:
        if q not in given:
            err("qualifiers", f"{prop.id} needs the qualifier '{q}' ({_qualifier_help(q)})",
                f"add qualifiers: {{{q}: ...}}")
    if claim.unit and prop.kind != "quantity":
        err("unit", f"'unit' applies only to quantities, and {prop.id} takes a {prop.kind}", "remove unit")
    elif claim.unit and (wrong := unit_problem(prop, claim.unit, "given")):
        err("unit", *wrong)


def _qualifier_help(q: str) -> str:
    """What a qualifier's values are, from the claims format."""
    field = Qualifiers.model_fields[q]
    values = get_args(field.annotation)
    choices = [v for arg in values for v in get_args(arg)] if values else []
    return (field.description or q) + (": " + ", ".join(map(str, choices)) if choices else "")


def _example(prop: PropertyDef) -> str:
    if prop.term_valued:
        return f"for {prop.id}, give normalized: one of " + ", ".join(t.id for t in prop.terms)
    return {
        "quantity": "write the figure as the source does (约6万人, 1.7萬餘人, 50—60万) or give normalized: 60000 / 48000-60000",
        "date": "write the date as the source does (1944年6月23日, 7月底) and give normalized (YYYY-MM-DD) for what it leaves out",
        "duration": "write the duration as the source does (四十七天, 46个昼夜, 两个星期) or give normalized: <days>",
        "text": "give the value as written",
        "entity": "add entity: <id>",
    }[prop.kind]


def parse_value(claim: Claim, prop: PropertyDef) -> Value:
    """The typed value of a claim."""
    raw, norm = claim.value, claim.normalized
    if prop.kind == "quantity":
        q = _quantity(raw, norm)
        unit = claim.unit or q.unit or prop.default_unit
        if unit is None:
            raise ValueError_(f"cannot tell what {raw!r} counts: give unit")
        if unit == "percent":
            return replace(q, unit=unit, rounding_lower=None, rounding_upper=None)
        return replace(q, unit=unit)
    if prop.kind == "date":
        return parse_date(raw, norm)
    if prop.kind == "duration":
        if norm is None:
            return parse_duration(raw)
        n = parse_plain_number(norm)
        try:
            d: Duration | None = parse_duration(raw)
        except ValueError_:
            d = None
        approx = _kept_approximation(raw, d.approx if d else None)
        if n.approx == "range":
            return Duration(n.point, n.lower, n.upper, approx if approx != "exact" else "range",
                            d.reckoning if d else "days")
        lo, hi = bounds(n.point, n.step, approx if approx in POINT_RULES else "exact")
        return Duration(n.point, lo, hi, approx, d.reckoning if d else "days")
    if prop.kind == "entity":
        return Term(claim.entity or "")
    if prop.term_valued:
        term = norm or term_in(raw, prop)
        if term is None or prop.term(term) is None:
            raise ValueError_(f"the {prop.id} {raw!r} has no {prop.id} term{'' if norm is None else f' ({norm!r} is not one)'}")
        return Term(term)
    return Text(raw)


def _kept_approximation(raw: str, parsed: Approx | None) -> Approx:
    """The approximation of a value that has a ``normalized`` form: the one read from the
    value, or any approximation word written in it — ``normalized`` never erases it."""
    if parsed and parsed != "exact":
        return parsed
    return approximation_in(raw) or "exact"


def _quantity(raw: str, norm: str | None) -> Quantity:
    """The value as written; ``normalized`` gives the figure (or the curator's reading as a
    range), the approximation word in the value still gives the rule."""
    try:
        q: Quantity | None = parse_quantity(raw)
    except ValueError_:
        if norm is None:
            raise
        q = None
    if norm is None and q is not None:
        return q
    n = parse_plain_number(norm or "")
    approx = _kept_approximation(raw, q.approx if q else None)
    unit = q.unit if q else None
    if n.approx == "range":
        return Quantity(n.point, n.lower, n.upper, approx if approx != "exact" else "range", unit, n.step)
    return quantity(n.point, approx if approx in POINT_RULES else "exact", unit)


def term_in(raw: str, prop: PropertyDef) -> str | None:
    """The term a value as written names, by the first term (in the ontology's word order)
    with one of its words in it.

    >>> from hengyang_kg.curation.properties import claim_properties
    >>> fate = claim_properties()["fate"]
    >>> term_in("被俘", fate), term_in("被俘後脫險", fate), term_in("被迫击炮弹自腹部贯穿而亡", fate)
    ('captured', 'escaped', None)
    """
    t = fold(raw)
    for term in prop.terms:
        if any(w in t for w in term.words):
            return term.id
    return None


def resolve_out_of_scope(items: list[Any], ctx: Context, errors: list[DataError]) -> list[Span]:

    spans: list[Span] = []
    for raw in items:
        try:
            entry = OutOfScope.model_validate(raw)
        except ValidationError as exc:
            errors.extend(pydantic_errors(exc, raw, ctx.file, "out_of_scope entry"))
            continue
        hits = ctx.source.find_all(entry.quote)
        line = line_of(raw)
        if entry.all and hits:
            spans.extend(Span(h, h + len(entry.quote), entry.reason) for h in hits)
            continue
        start, problem, hint = locate(ctx.source, entry.quote, entry.occurrence)
        if start is None:
            errors.append(DataError(ctx.file, line_of(raw, "quote", line), f"out_of_scope entry: {problem}",
                                    hint + ("; or set all: true" if len(hits) > 1 else "")))
            continue
        spans.append(Span(start, start + len(entry.quote), entry.reason))
    return spans
