"""The value of a claim, one type per value kind, each with its normalised value.

``normalized`` is the one definition of "the normalised value of a claim": what
reconciliation compares, what ``hkg:normalizedValue`` and the report's ``value`` state.

- :class:`~hengyang_kg.text.quantities.Quantity`: the figure as stated (midpoint of a range);
- :class:`~hengyang_kg.text.dates.DateValue`: ISO at the date's precision;
- :class:`~hengyang_kg.text.dates.Duration`: the length in days;
- :class:`Term`: an entity id or a fate term, as it is;
- :class:`Text`: the text folded to simplified script, so that the same words in
  either script are one value (the text as written stays in the claim's ``value``).

>>> Text("中國抗日戰爭").normalized, Term("captured").normalized
('中国抗日战争', 'captured')
>>> normalized_text(Quantity(1700, 1700, 1800, "more_than", "person", 100))
'1700'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.numerals import Number, number_text
from hengyang_kg.text.quantities import Quantity
from hengyang_kg.text.script_folding import fold


@dataclass(frozen=True)
class Term:
    """A value that names something: an entity id, or a term of a closed vocabulary (fate)."""

    id: str

    @property
    def normalized(self) -> str:
        return self.id


@dataclass(frozen=True)
class Text:
    """Free text as the source writes it, compared across scripts."""

    raw: str

    @property
    def normalized(self) -> str:
        return fold(self.raw)


Value = Quantity | DateValue | Duration | Term | Text
Normalized = Number | str  # a number (quantities, durations in days) or text (ISO dates, ids, folded text)


def normalized_text(value: Value) -> str:
    """The normalised value as text: canonical decimal for numbers, else as it is."""
    n = value.normalized
    return number_text(n) if isinstance(n, (int, Decimal)) else n
