"""The reconciliation's results: facts, positions, origins, explanations and checks.

Every result is frozen and built once: positions carry their origins, a
:class:`ClaimGroup` (a fact before it is explained) carries its positions and status,
explanations and checks are computed from claim groups by pure functions, and the
final :class:`Fact` is a claim group with its explanations and related facts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from hengyang_kg.curation.claims import FactKey, Located
from hengyang_kg.curation.properties import ValueKind
from hengyang_kg.reconcile.text_reuse import Reuse
from hengyang_kg.text.values import Normalized

Status = Literal["agreement", "compatible", "conflict"]
ExplanationKind = Literal["scope", "measure", "reckoning", "attribution", "copying", "precision", "succession",
                          "characterisation", "corroboration", "unexplained"]
CheckKind = Literal["measure_order", "event_order", "after_end", "impossible_year", "self_contradiction",
                    "duration_arithmetic"]
Bound = Decimal | dt.date  # a position's bound: a number, or a day for dates


@dataclass(frozen=True)
class Origin:
    """Claims that count once: one cited work, or one passage shared by sources."""

    claims: tuple[str, ...]
    sources: tuple[str, ...]
    cited: str | None
    reason: str


@dataclass(frozen=True)
class Position:
    """Claims whose values can all hold at once; ``lower``/``upper`` only for intervals."""

    value: Normalized
    lower: Bound | None
    upper: Bound | None
    claims: tuple[Located, ...]
    origins: tuple[Origin, ...] = ()

    @property
    def independent_support(self) -> int:
        return len(self.origins)

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.claims})


@dataclass(frozen=True)
class Explanation:
    kind: ExplanationKind
    text: str


@dataclass(frozen=True)
class ClaimGroup:
    """The claims about one fact key, their positions and status: a fact before it is explained."""

    id: str
    key: FactKey
    kind: ValueKind
    claims: tuple[Located, ...]
    positions: tuple[Position, ...]
    status: Status

    @property
    def subject(self) -> str:
        return self.key.subject

    @property
    def property(self) -> str:
        return self.key.property


@dataclass(frozen=True)
class Fact(ClaimGroup):
    """A claim group with its explanations and the facts it is related to (by scope)."""

    explanations: tuple[Explanation, ...] = ()
    related: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    kind: CheckKind
    text: str
    claims: tuple[str, ...]


@dataclass(frozen=True)
class Reconciliation:
    facts: tuple[Fact, ...]
    checks: tuple[Check, ...]
    reuse: tuple[Reuse, ...]
    # fact id → the key its positions were cached under (everything they are made of but their order),
    # for the facts whose claims files were loaded with the cache
    position_keys: dict[str, str] = field(default_factory=dict, compare=False, repr=False)

    def fact(self, fid: str) -> Fact:
        return next(f for f in self.facts if f.id == fid)
