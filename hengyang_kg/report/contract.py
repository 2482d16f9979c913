"""The report contract (DESIGN §5): ``conflicts.json`` as frozen pydantic models.

The committed ``schema/report.schema.json`` is :class:`Report`'s JSON Schema (a test
checks they are equal; ``hengyang-kg schema --report`` prints it). Every report is
validated against these models before it is written, so a field added to the report
is a field added here. Field order is the order of the keys in ``conflicts.json``.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, SerializerFunctionWrapHandler, model_serializer

from hengyang_kg.curation.properties import ValueKind
from hengyang_kg.curation.schema import Measure, Script, Side
from hengyang_kg.reconcile.types import CheckKind, ExplanationKind, Status
from hengyang_kg.text.dates import DateApprox, Reckoning
from hengyang_kg.text.quantities import Approx

Scalar = int | float | str  # a number, an ISO date, an id or a text
Bound = int | float | str  # a number or an ISO date


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Context(_Frozen):
    prefix: str = Field(description="raw source text before the quote")
    suffix: str = Field(description="raw source text after the quote")
    script: Script = Field(description="script of the quoted passage")
    prefix_text: str = Field(description="reading text (markup removed) before the quote")
    suffix_text: str = Field(description="reading text (markup removed) after the quote")


class EraYearEntry(_Frozen):
    written: str = Field(description="the era year as the source writes it")
    era: str = Field(description="民国/民國, 昭和, 大正 or 明治")
    year_in_era: int = Field(ge=1)
    gregorian: int = Field(description="the Gregorian year")
    rule: str = Field(description="the conversion, e.g. 民国 33 = 1911 + 33 = 1944")


class ClaimEntry(_Frozen):
    id: str
    source: str = Field(description="source id")
    raw: str = Field(description="the value as written")
    quote: str = Field(description="the quote, byte-exact from the source text")
    quote_text: str = Field(description="the quote as a reader sees it, markup removed")
    value_in_quote_text: tuple[int, int] = Field(description="where the value stands in quote_text: [start, end)")
    attributed_to: str | None = Field(description="entity id of the work the source cites for the value")
    value: Scalar = Field(description="normalised value: number, ISO date, duration in days, entity id or text")
    lower: Bound | None = Field(description="lower bound the text states; null when it leaves that side open")
    upper: Bound | None = Field(description="upper bound the text states; null when it leaves that side open")
    rounding_lower: Bound | None = Field(
        default=None, description="for a round figure stated exactly: the lower end of what its rounding allows")
    rounding_upper: Bound | None = Field(
        default=None, description="for a round figure stated exactly: the upper end, excluded, of what its rounding allows")
    approximation: Approx | DateApprox | None
    unit: str | None
    reckoning: Reckoning | None
    context: Context
    start: int = Field(description="quote offset in the source text, in code points")
    end: int
    line: int = Field(description="line of the source text where the quote starts")
    note: str | None
    edtf: str | None = Field(description="a dated claim's date or interval in EDTF (ISO 8601-2), e.g. 1944-07-21/1944-07-31")
    era_years: tuple[EraYearEntry, ...] = Field(description="era years the raw value converts (民国三十三年 → 1944)")


class Origin(_Frozen):
    claims: tuple[str, ...]
    sources: tuple[str, ...]
    cited: str | None
    reason: str


class PositionEntry(_Frozen):
    value: Scalar = Field(description="normalised value: number, ISO date, duration in days, entity id or text")
    lower: Bound | None
    upper: Bound | None
    edtf: str | None = Field(description="a date position's interval in EDTF (ISO 8601-2); null for other kinds")
    independent_support: int = Field(ge=1, description="origins that count once")
    sources: tuple[str, ...]
    origins: tuple[Origin, ...]
    claims: tuple[ClaimEntry, ...]


class Subject(_Frozen):
    id: str
    iri: str
    label: str


class PropertyEntry(_Frozen):
    id: str
    iri: str
    label: str
    label_zh: str


class Qualifiers(_Frozen):
    """The meaning-changing qualifiers of a fact; absent ones are left out."""

    side: Side | None = None
    measure: Measure | None = None
    item: str | None = None
    unit: str | None = Field(default=None, description="'percent' for a share rather than a count")
    occasion: str | None = None

    @model_serializer(mode="wrap")
    def _present(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        return {k: v for k, v in handler(self).items() if v is not None}


class ExplanationEntry(_Frozen):
    kind: ExplanationKind
    text: str


class FactEntry(_Frozen):
    id: str
    subject: Subject
    property: PropertyEntry
    qualifiers: Qualifiers
    kind: ValueKind
    status: Status
    positions: tuple[PositionEntry, ...]
    explanations: tuple[ExplanationEntry, ...]
    related_facts: tuple[str, ...]


class CheckEntry(_Frozen):
    kind: CheckKind
    text: str
    claims: tuple[str, ...]


class Summary(_Frozen):
    claims: int
    facts: int
    conflict: int
    compatible: int
    agreement: int
    checks: int


class SourceEntry(_Frozen):
    id: str
    title: str
    title_en: str
    kind: str
    script: Script
    publisher: str = Field(description="site or publisher, as recorded")
    author: str | None = Field(description="author, when known")
    editor: str | None = Field(description="editor, when known")
    date: str | None = Field(description="date of publication, when known")
    retrieved: str | None = Field(description="date the text was retrieved, when known")
    url: str | None = Field(description="where the text was taken from, when known")
    revision: str | None = Field(description="revision of a wiki page, when known")
    csl: dict[str, Any] = Field(description="the source as CSL-JSON (fields only where known)")


class PassageSide(_Frozen):
    start: int
    end: int
    text: str


class PassageEntry(_Frozen):
    a: PassageSide
    b: PassageSide


class ReuseEntry(_Frozen):
    sources: tuple[str, str]
    shared_chars: int
    passages: tuple[PassageEntry, ...]


class BuildEntry(_Frozen):
    id: str = Field(description="the build the report belongs to: a hash of every input file's SHA-256, the program "
                                "version and the base IRI, as manifest.json's build records it; equal inputs, equal id")
    version: str = Field(description="the version of hengyang-kg that made the report")


class Report(_Frozen):
    """``conflicts.json``: the build it belongs to, facts (conflicts first, then by id), checks and shared text."""

    build: BuildEntry
    summary: Summary
    sources: tuple[SourceEntry, ...]
    facts: tuple[FactEntry, ...]
    checks: tuple[CheckEntry, ...]
    reuse: tuple[ReuseEntry, ...]


def report_schema() -> dict[str, Any]:
    """The JSON Schema of ``conflicts.json``."""
    return Report.model_json_schema()
