"""What the report leads with: the main event's disputes, ranked by salience, each in one line.

The **main event** is the battle, campaign, phase or event that the most claims are about
(:func:`hengyang_kg.curation.main_event.main_event`, the one definition).

The **salience** of a conflict is the product of three documented factors:

- *centrality* of its property, the ontology's ``hkg:salience`` (today casualties 4;
  strength and duration 3; start, end and point dates and the planned duration 2;
  a property without one 1);
- *support*: the independent origins behind all its positions together (sources that
  copy one another, or repeat one cited work, count once);
- *distance* between its outermost positions, from 0.5 up to 1.5: for figures and
  durations ``0.5 + (highest − lowest) / highest``, for dates ``0.5 + days apart / 10``
  (at most 1.5).

Ties go by fact id, so the order is stable.
"""

from __future__ import annotations

import datetime as dt

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.properties import PropertyDef, Units
from hengyang_kg.curation.units import units_of
from hengyang_kg.report.fact_spool import drawn_facts

SIDE = {"china": "Chinese", "japan": "Japanese", "usa": "US", "civilians": "civilian"}


def fact_title(f: dict) -> str:
    """An English name for a fact: 'Japanese casualties (killed and wounded)'."""
    q = f["qualifiers"]
    side = SIDE.get(q.get("side", ""), q.get("side", ""))
    extra = [x.replace("_", " ") for k, x in q.items() if k in ("measure", "item", "occasion")]
    head = f"{side} {f['property']['label']}".strip()
    head = head[0].upper() + head[1:]
    return head + (f" ({', '.join(extra)})" if extra else "")


def _distance(f: dict) -> float:
    values = [p["value"] for p in f["positions"] if p["value"] is not None]
    try:
        if f["kind"] == "date":
            days = [_day(str(v)) for v in values]
            return 0.5 + min(1.0, float((max(days) - min(days)).days) / 10)
        nums = [float(v) for v in values]
    except (TypeError, ValueError):
        return 0.5
    hi, lo = max(nums), min(nums)
    return 0.5 + ((hi - lo) / hi if hi > 0 else 0.0)


def _day(iso: str) -> dt.date:
    """The first day of an ISO date, month or year."""
    return dt.date.fromisoformat({4: iso + "-01-01", 7: iso + "-01"}.get(len(iso), iso[:10]))


def position_order(p: dict) -> tuple:
    """Positions from lowest to highest; positions without bounds keep their order."""
    return (p["lower"] is None, p["lower"] if p["lower"] is not None else 0)


def salience(f: dict, properties: dict[str, PropertyDef]) -> float:
    """Centrality (the property's hkg:salience) × independent support × distance (see the module's doc)."""
    support = sum(p["independent_support"] for p in f["positions"])
    prop = properties.get(f["property"]["id"])
    return float((prop.salience if prop else 1.0) * support * _distance(f))


def position_text(f: dict, p: dict, units: Units) -> str:
    """A position as a reader says it: 19,380 · 30,000+ · c. 60,000 · 47 days · 1944-06-23; the words
    after a figure are its unit's (hkg:figureSuffix in the ontology)."""
    v = p["value"]
    approx = {c.get("approximation") for c in p["claims"]}
    if f["kind"] in ("quantity", "duration") and isinstance(v, (int, float)):
        named = next((c["unit"] for c in p["claims"] if c.get("unit")), None)
        unit = units.get(named or units.of_kind(f["kind"]) or "")
        text = f"{v:,}" + (unit.after(v) if unit else "")
        if approx == {"more_than"}:
            text = text.replace(f"{v:,}", f"{v:,}+", 1)
        elif approx == {"about"}:
            text = "c. " + text
        return text
    return str(v)


def support_text(p: dict, titles: dict[str, str]) -> str:
    """'after 《…》; 2 sources, 1 independent' — who holds a position and how independently."""
    n, ind = len(p["sources"]), p["independent_support"]
    parts = []
    cited = sorted({o["cited"] for o in p["origins"] if o.get("cited")})
    if cited:
        parts.append("after " + ", ".join(titles.get(c, c) for c in cited))
    parts.append(f"{n} source{'s' if n != 1 else ''}" + (f", {ind} independent" if ind < n else ""))
    return "; ".join(parts)


def headline(data: dict, corpus: Corpus, titles: dict[str, str]) -> dict:
    """The main event and its conflicts, most salient first, each with its one-line summary."""
    event = corpus.main_event()
    facts = [f for f in drawn_facts(data) if f["status"] == "conflict" and f["subject"]["id"] == event]
    facts.sort(key=lambda f: (-salience(f, corpus.properties), f["id"]))
    units = units_of(corpus.root)
    return {
        "event": event,
        "label": next((f["subject"]["label"] for f in drawn_facts(data) if f["subject"]["id"] == event), event),
        "disputes": [{"id": f["id"], "title": fact_title(f), "salience": round(salience(f, corpus.properties), 2),
                      "positions": [{"text": position_text(f, p, units), "support": support_text(p, titles)}
                                    for p in sorted(f["positions"], key=position_order)]}
                     for f in facts],
    }
