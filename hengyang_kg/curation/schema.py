"""The curated data as typed, frozen models (pydantic v2).

These describe the files a curator writes (sources' metadata, the entity
registry, claims files); `hengyang-kg schema` prints their JSON Schema, with the units
the ontology declares (``curation/units.py``), and ``schema/claims.schema.json`` is
tested to equal it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from hengyang_kg.curation.ids import SLUG_ID

SOURCE_ID = SLUG_ID  # any slug: lowercase letters, digits, _ and -
ENTITY_ID = r"^[a-z][a-z0-9_]*$"
CLAIM_ID = SLUG_ID  # any slug unique in the corpus
SLUG = r"^[a-z][a-z0-9_]*$"

Side = Literal["china", "japan", "usa", "civilians"]
Measure = Literal["killed", "wounded", "killed_and_wounded", "captured", "missing", "losses", "survivors"]
EntityType = Literal[
    "Person", "MilitaryUnit", "Place", "Campaign", "Battle", "Phase", "Event", "Work", "Organization",
]
Script = Literal["zh-Hans", "zh-Hant", "mixed", "en", "ja"]
AliasKind = Literal["variant", "abbreviation", "garbled", "translation"]


def _as_text(v: object) -> object:
    """YAML reads 47 or 1944 as numbers; the data keeps them as written."""
    return str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v


Text = Annotated[str, BeforeValidator(_as_text)]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class IgnorePattern(_Frozen):
    pattern: str = Field(description="a regular expression over the source text")
    reason: str = Field(description="why its numerals are not figures (e.g. footnote markers)")


class SourceMeta(_Frozen):
    """Metadata of one source text (``data/sources/<id>.yaml``)."""

    id: str = Field(pattern=SOURCE_ID, description="the text's file stem: a slug of lowercase letters, digits, _ and -")
    title: str = Field(description="title of the work, in its own script")
    title_en: str = Field(description="English rendering of the title")
    kind: Literal[
        "encyclopedia_entry", "news_article", "wiki_article", "book_excerpt", "blog_post", "war_history", "memoir",
        "journal_article",
    ] = Field(
        description="kind of work"
    )
    language: Literal["zh", "en", "ja"] = Field(description="language of the text")
    script: Script = Field(description="script the text is written in")
    publisher: str = Field(description="site or publisher")
    author: str | None = Field(default=None, description="author, when known")
    date: str | None = Field(default=None, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$", description="date, if known")
    url: str | None = Field(default=None, description="where the text was taken from, when the text says")
    editor: str | None = Field(default=None, description="editor, when known")
    retrieved: str | None = Field(default=None, pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$",
                                  description="date the text was retrieved, when known")
    revision: str | None = Field(default=None, description="revision of a wiki page, when known")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="SHA-256 of the text file's bytes")
    description: str = Field(description="what the text is, for a historian")
    ignore: tuple[IgnorePattern, ...] = Field(default=(), description="numerals that are not figures")


class Alias(_Frozen):
    text: str = Field(description="the name as a source writes it")
    kind: AliasKind = Field(default="variant", description="variant, abbreviation, garbled or translation")
    sources: tuple[str, ...] = Field(default=(), description="source ids it occurs in")
    note: str | None = Field(default=None, description="remark")


class Labels(_Frozen):
    zh_Hans: str | None = Field(default=None, alias="zh-Hans", description="label in simplified script")
    zh_Hant: str | None = Field(default=None, alias="zh-Hant", description="label in traditional script")
    en: str | None = Field(default=None, description="English label")

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class Entity(_Frozen):
    """A person, unit, place, event, work or organisation."""

    id: str = Field(pattern=ENTITY_ID, description="stable id; the IRI is derived from it")
    type: EntityType = Field(description="class of the entity")
    labels: Labels = Field(description="preferred labels by language/script")
    side: Side | None = Field(default=None, description="side of a person or unit")
    part_of: tuple[str, ...] = Field(default=(), description="ids of larger units/events/places")
    aliases: tuple[Alias, ...] = Field(default=(), description="other names, as written in the sources")
    note: str | None = Field(default=None, description="curator's remark")
    author: str | None = Field(default=None, pattern=ENTITY_ID,
                               description="for a work: the entity id of its author, when the work names him (a diary)")


class Qualifiers(_Frozen):
    side: Side | None = Field(default=None, description="which side a figure is about")
    measure: Measure | None = Field(default=None, description="what a casualty figure counts")
    item: str | None = Field(default=None, pattern=SLUG, description="what an amount counts")
    occasion: int | None = Field(
        default=None, ge=1,
        description="which occurrence of an event the source says happened more than once (两次, 再次, 第二次), 1-based",
    )


class Claim(_Frozen):
    """One assertion of one source, as the curator writes it."""

    id: str = Field(pattern=CLAIM_ID, description="stable claim id, any slug unique in the corpus (e.g. <source>-<n>)")
    subject: str = Field(pattern=ENTITY_ID, description="entity id the claim is about")
    property: str = Field(description="property id from the ontology")
    value: Text = Field(min_length=1, description="the value exactly as written in the source")
    entity: str | None = Field(default=None, pattern=ENTITY_ID, description="entity named by value")
    normalized: Text | None = Field(default=None, description="what the text leaves to context")
    unit: str | None = Field(default=None, description="unit of a quantity: one of the units the ontology declares "
                                                        "(the notation of an hkg:Unit)")
    qualifiers: Qualifiers = Field(default_factory=Qualifiers, description="meaning-changing qualifiers")
    quote: Text = Field(min_length=1, description="exact passage of the source containing value")
    occurrence: int | None = Field(default=None, ge=1, description="which occurrence of quote (1-based)")
    attributed_to: str | None = Field(
        default=None, pattern=ENTITY_ID, description="the work or person the source gives the value as coming from"
    )
    follows: str | None = Field(
        default=None, pattern=CLAIM_ID,
        description="id of a claim of the same source, subject and property whose value this one succeeded "
                    "(後為, 接任, 改由): values in succession are not in conflict",
    )
    note: str | None = Field(default=None, description="curator's remark")
    draft: bool = Field(
        default=False,
        description="a candidate proposed by 'hengyang-kg suggest', not yet reviewed: validate and build refuse it "
                    "unless --include-drafts; remove the line once the claim is checked",
    )


class OutOfScope(_Frozen):
    """A passage whose numerals are not claims about the battle."""

    quote: Text = Field(min_length=1, description="exact passage of the source")
    reason: str = Field(min_length=3, description="why it is out of scope")
    occurrence: int | None = Field(default=None, ge=1, description="which occurrence (1-based)")
    all: bool = Field(default=False, description="every occurrence of the passage")


class ClaimsFile(_Frozen):
    """``data/claims/<source>.yaml``."""

    source: str = Field(pattern=SOURCE_ID, description="the source these claims are from")
    claims: tuple[Claim, ...] = Field(description="the claims, in text order")
    out_of_scope: tuple[OutOfScope, ...] = Field(default=(), description="passages not about the battle")
    no_claims: str | None = Field(default=None, min_length=10,
                                  description="why this source deliberately has no claims (only with claims: [])")
