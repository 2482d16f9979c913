"""The reconciliation's results: facts, positions, origins, explanations and checks."""

from __future__ import annotations

from dataclasses import dataclass, field

from hengyang_kg.curation.claims import FactKey, Located
from hengyang_kg.reconcile.text_reuse import Reuse


@dataclass
class Origin:
    """Claims that count once: one cited work, or one passage shared by sources."""

    claims: list[str]
    sources: list[str]
    cited: str | None
    reason: str


@dataclass
class Position:
    value: object
    lower: object
    upper: object
    claims: list[Located]
    origins: list[Origin] = field(default_factory=list)

    @property
    def independent_support(self) -> int:
        return len(self.origins)

    @property
    def sources(self) -> list[str]:
        return sorted({c.source for c in self.claims})


@dataclass
class Explanation:
    kind: str
    text: str


@dataclass
class Fact:
    id: str
    key: FactKey
    kind: str
    claims: list[Located]
    positions: list[Position] = field(default_factory=list)
    status: str = "agreement"
    explanations: list[Explanation] = field(default_factory=list)
    related: list[str] = field(default_factory=list)

    @property
    def subject(self) -> str:
        return self.key[0]

    @property
    def property(self) -> str:
        return self.key[1]


@dataclass
class Check:
    kind: str
    text: str
    claims: list[str]


@dataclass
class Reconciliation:
    facts: list[Fact]
    checks: list[Check]
    reuse: list[Reuse]

    def fact(self, fid: str) -> Fact:
        return next(f for f in self.facts if f.id == fid)
