"""Consistency checks across facts.  The rules are the ontology's (read through
:mod:`hengyang_kg.curation.properties`); no property is named here.

- ``measure_order``: a figure above one that bounds it (``hkg:boundedBy``: killed ≤
  killed-and-wounded ≤ strength) for one side of one event, or both when no side is given
  (within a source: the source contradicts itself; across sources: the figures cannot all hold);
- ``event_order``: an event dated before one that precedes it (``hkg:precedes``: someone
  escaping before being captured); a term that implies the earlier event
  (``hkg:impliesEvent``: a fate of captured) with no date of it is dated by the end of the
  main event — the fall of the city;
- ``after_end`` / ``impossible_year``: an event dated (``hkg:spanRole`` point) after the
  end of the event it is part of, or in a year outside that event's years (its start and end);
- ``self_contradiction``: one source in two positions of one fact;
- ``duration_arithmetic``: a source's own start, end and length that do not add up.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from decimal import Decimal

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.properties import PropertyDef, span_property
from hengyang_kg.reconcile.explanations import ancestors
from hengyang_kg.reconcile.facts import INF, interval
from hengyang_kg.reconcile.measure_sum import measure_sums
from hengyang_kg.reconcile.self_contradiction import self_contradictions
from hengyang_kg.reconcile.types import Check, ClaimGroup
from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.values import Term


def _distinct(claims: Iterable[Located]) -> list[tuple[Located, list[str]]]:
    """Claims grouped by (source, value as written): one representative and all ids."""
    groups: dict[tuple[str, str], list[Located]] = {}
    for c in sorted(claims, key=lambda c: c.claim.id):
        groups.setdefault((c.source, c.claim.value), []).append(c)
    return [(g[0], [c.claim.id for c in g]) for _, g in sorted(groups.items())]


def _unit(c: Located) -> str | None:
    return getattr(c.value, "unit", None)


def measure_order(facts: Sequence[ClaimGroup], properties: dict[str, PropertyDef]) -> list[Check]:
    bounds = [((p.id, b.measure), (b.by_property, b.by_measure)) for p in properties.values() for b in p.bounded_by]
    counted = {x for pair in bounds for x in pair}
    checks = []
    pairs: dict[tuple[str, str], dict[tuple[str, str], list[Located]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        figure = next((x for x in ((f.property, f.key.measure), (f.property, "")) if x in counted), None)
        if figure is not None:
            pairs[(f.subject, f.key.side)][figure].extend(f.claims)
    for (subject, side), m in sorted(pairs.items()):
        for (small_p, small_m), (big_p, big_m) in bounds:
            small, big = small_m or small_p, big_m or big_p
            bigs = _distinct(m.get((big_p, big_m), []))
            for a, a_ids in _distinct(m.get((small_p, small_m), [])):
                over = [(b, ids) for b, ids in bigs if _unit(a) == _unit(b) and interval(a)[0] > interval(b)[1]]
                if not over:
                    continue
                # the source's own figures, not one it gives as another work's (its 19,380 after a Japanese history)
                own = [b for b, _ in over if b.source == a.source and b.claim.attributed_to == a.claim.attributed_to]
                who = f"; source {short_id(a.source)} contradicts itself" if own else ""
                listed = ", ".join(f"{b.claim.value} ({short_id(b.source)})" for b, _ in over)
                checks.append(Check("measure_order", f"{subject} ({side}): {small} {a.claim.value} ({short_id(a.source)}) exceeds "
                                    f"{big} {listed}: they cannot all hold{who}.",
                                    (*a_ids, *(i for _, ids in over for i in ids))))
    return checks


def event_order(facts: Sequence[ClaimGroup], properties: dict[str, PropertyDef], main: str | None = None) -> list[Check]:
    checks = []
    by_subject: dict[str, dict[str, list[Located]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        by_subject[f.subject][f.property].extend(f.claims)
    end = span_property(properties.values(), "end")
    fall = by_subject.get(main, {}).get(end, []) if main and end else []
    for subject, props in sorted(by_subject.items()):
        for earlier in (p for p in properties.values() if p.precedes):
            checks += _out_of_order(subject, props, earlier, properties, fall)
    return checks


def _out_of_order(subject: str, props: dict[str, list[Located]], earlier: PropertyDef,
                  properties: dict[str, PropertyDef], fall: list[Located]) -> list[Check]:
    """Events of ``subject`` dated before the ``earlier`` event that precedes them."""
    checks = []
    dated = props.get(earlier.id, [])
    if not dated and any(isinstance(c.value, Term) and c.value.id in earlier.implied_by
                         for pid, cs in props.items() if properties[pid].term_valued for c in cs):
        dated = fall  # those captured at the fall of the city
    for later, e in ((properties[q], e) for q in earlier.precedes for e in props.get(q, [])):
        before = [c for c in dated if _stated_end(e) < interval(c)[0]]
        if not before:
            continue
        latest = interval(e)[1]
        loose = "" if all(latest < interval(c)[0] for c in before) else (
            " (only the uncertainty of the date reaches it)" if latest == INF else
            f" (only the uncertainty of the date, up to {dt.date.fromordinal(int(latest))}, reaches it)")
        at_fall = f" — {earlier.undated_phrase}" if earlier.undated_phrase and any(c in fall for c in before) else ""
        listed = ", ".join(f"{c.claim.value} ({short_id(c.source)})" for c in before)
        checks.append(Check("event_order", f"{subject}: {later.event_phrase} {e.claim.value} ({short_id(e.source)}) "
                            f"before {earlier.event_phrase} on {listed}{at_fall}{loose}.",
                            (e.claim.id, *(c.claim.id for c in before))))
    return checks


def _stated_end(c: Located) -> int:
    """The last day a date names, before any 左右 widening (7月左右 → 31 July)."""
    v = c.value
    if not isinstance(v, DateValue):
        raise TypeError(f"claim {c.claim.id}: not a date")
    if v.precision == "day":
        return dt.date.fromisoformat(v.point).toordinal()
    if v.precision == "month":
        y, m = map(int, v.point.split("-"))
        return (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).toordinal()
    return dt.date(int(v.point), 12, 31).toordinal()


def dates_within_events(facts: Sequence[ClaimGroup], corpus: Corpus) -> list[Check]:
    start, end, point = (span_property(corpus.properties.values(), r) for r in ("start", "end", "point"))
    spans: dict[str, tuple[list[Located], list[Located]]] = defaultdict(lambda: ([], []))
    for f in facts:
        if f.property in (start, end):
            spans[f.subject][0 if f.property == start else 1].extend(f.claims)
    checks = []
    for f in facts:
        if point is None or f.property != point or f.kind != "date":
            continue
        for anc in ancestors(corpus, f.subject)[:1]:
            starts, ends = spans.get(anc, ([], []))
            if not ends:
                continue
            closed = [e for e in ends if interval(e)[1] != INF]
            if not closed:
                continue
            latest = max(closed, key=lambda e: interval(e)[1])
            years = {dt.date.fromordinal(int(b)).year for x in starts + ends for b in interval(x) if b not in (INF, -INF)}
            for c in f.claims:
                lo, hi = interval(c)
                if (lo != -INF and dt.date.fromordinal(int(lo)).year > max(years)) or (
                        hi != INF and dt.date.fromordinal(int(hi)).year < min(years)):
                    checks.append(Check("impossible_year", f"{f.subject} dated {c.claim.value} ({short_id(c.source)}), a year outside "
                                        f"{anc} ({min(years)}–{max(years)}) which it is part of.", (c.claim.id,)))
                elif lo > interval(latest)[1]:
                    checks.append(Check("after_end", f"{f.subject} dated {c.claim.value} ({short_id(c.source)}), after {anc} ended "
                                        f"({latest.claim.value}, {short_id(latest.source)}), though it is part of it.",
                                        (c.claim.id, latest.claim.id)))
    return checks


def _day_dated(claims: Iterable[Located]) -> list[tuple[Located, dt.date]]:
    """Claims dated to a day, on both sides (not 7月26日后, which leaves one side open), with the day."""
    return [(c, v.lower) for c in claims if isinstance(v := c.value, DateValue) and v.precision == "day"
            and v.lower is not None and v.upper is not None]


def duration_arithmetic(facts: Sequence[ClaimGroup], properties: dict[str, PropertyDef]) -> list[Check]:
    start, end, length = (span_property(properties.values(), r) for r in ("start", "end", "length"))
    checks = []
    claims_of: dict[tuple[str, str], dict[str | None, list[Located]]] = defaultdict(lambda: defaultdict(list))
    for f in facts:
        if f.property in (start, end, length) and None not in (start, end, length) and not f.key.side:
            for c in f.claims:
                claims_of[(f.subject, c.source)][f.property].append(c)
    for (subject, src), all_props in sorted(claims_of.items()):
        props = {k: [c for c, _ in _distinct(v)] for k, v in all_props.items()}
        durations = [(d, v) for d in props.get(length, []) if isinstance(v := d.value, Duration)]
        for s, sv in _day_dated(props.get(start, [])):
            for e, ev in _day_dated(props.get(end, [])):
                span = (ev - sv).days
                for d, dv in durations:
                    if d.claim.attributed_to != s.claim.attributed_to or dv.lower != dv.upper or dv.lower is None:
                        continue
                    n = Decimal(dv.days)
                    if n not in (span, span + 1):
                        checks.append(Check("duration_arithmetic",
                                            f"{subject} in {short_id(src)}: {s.claim.value} to {e.claim.value} is {span + 1} days "
                                            f"counted inclusively ({span} exclusively), but the source says {d.claim.value}.",
                                            (s.claim.id, e.claim.id, d.claim.id)))
    return checks


def cross_fact_checks(facts: Sequence[ClaimGroup], corpus: Corpus) -> tuple[Check, ...]:
    """Every check, each once, sorted by kind and text."""
    main = corpus.main_event()
    props = corpus.properties
    checks = (measure_order(facts, props) + measure_sums(facts, props) + event_order(facts, props, main)
              + dates_within_events(facts, corpus) + self_contradictions(facts) + duration_arithmetic(facts, props))
    unique = {(c.kind, c.text): c for c in checks}
    return tuple(unique[k] for k in sorted(unique))
