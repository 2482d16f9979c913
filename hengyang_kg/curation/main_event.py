"""The corpus's main event: the event most claims are about.

No event is named in code: the report's headline, its timeline and the consistency
checks (those captured at the fall of the city are captured on the main event's end
date) all take the main event from the claims, by this one definition.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping

from hengyang_kg.curation.schema import Entity

EVENT_TYPES = ("Battle", "Campaign", "Phase", "Event")


def main_event(subjects: Iterable[str], entities: Mapping[str, Entity]) -> str | None:
    """The event entity most of ``subjects`` (one per claim) name; ties go to the smaller id.

    >>> from hengyang_kg.curation.schema import Labels
    >>> e = {i: Entity(id=i, type=t, labels=Labels(en=i)) for i, t in [("siege", "Battle"), ("fang", "Person")]}
    >>> main_event(["fang", "fang", "siege"], e), main_event(["fang"], e)
    ('siege', None)
    """
    counts = Counter(s for s in subjects if (e := entities.get(s)) is not None and e.type in EVENT_TYPES)
    return min(counts, key=lambda k: (-counts[k], k)) if counts else None

