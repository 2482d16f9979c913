"""The timeline of the main event and its campaign, laid out as a historian reads it.

- **One row per event**: its dates (of the properties whose ``hkg:spanRole`` is start, end or
  point) as one bar from start to end when the sources agree;
  a disputed date gets a line per position, each with its sources, the disputed end
  marked in red (the siege from 22, 23 or 26 June to 8 August is three lines of one row).
- **Lanes by period**: first the main event and its phases; then the main event's own
  events in the periods its phases cut it into (before the first phase, each phase,
  between two phases, after the last; a phase with a disputed bound is taken at its widest
  reading); then the campaign around it.
- **Two views**: *compact* — the main event, its phases and every event whose date is
  disputed — and *full*, every dated event on the axis.
- **Nothing overlaps**: each line of a row has its own height, row labels stand in a left
  column (cut to ``LABEL_CHARS`` characters, the whole label in a tooltip) and dates in a
  right column; tick labels are short (``21 Jun``) and at least ``TICK_GAP`` apart.

Plain data; the ``timeline_svg`` macro draws it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.properties import span_property
from hengyang_kg.report.charts import date_ticks, ordinal
from hengyang_kg.report.fact_spool import drawn_facts

WIDTH, LEFT, PLOT_END, NOTE_X = 1000, 230, 650, 664  # the plot runs from LEFT to PLOT_END; date notes from NOTE_X
TOP, LINE, HEADER = 34, 16, 24  # first row's y (below the top axis), a line's height, a lane header's
MARGIN_DAYS = 3
LABEL_CHARS = 14
NOTE_CHARS = 56


def _lo(p: dict) -> int:
    """First day of a position (its upper bound when the text leaves the start open)."""
    return ordinal(str(p["lower"] if p["lower"] is not None else p["upper"]))


def _hi(p: dict) -> int:
    """Last day of a position (its lower bound when the text leaves the end open)."""
    return ordinal(str(p["upper"] if p["upper"] is not None else p["lower"]), end=True)


def _members(corpus: Corpus, roots: set[str]) -> set[str]:
    """``roots`` and everything part of them, at any depth."""
    members = set(roots)
    changed = True
    while changed:
        changed = False
        for e in corpus.entities.values():
            if e.id not in members and any(p in members for p in e.part_of):
                members.add(e.id)
                changed = True
    return members


def _srcs(p: dict) -> str:
    return ", ".join(short_id(x) for x in p["sources"])


def _cut(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


class _Scale:
    def __init__(self, a: float, b: float):
        self.a, self.b = a, b

    def x(self, d: float) -> float:
        return round(LEFT + (min(max(d, self.a), self.b) - self.a) / (self.b - self.a) * (PLOT_END - LEFT), 1)

    def outside(self, d0: int, d1: int) -> str:
        return "before the axis" if d0 < self.a else "after the axis" if d1 > self.b else ""


def _mark(s: _Scale, f: dict, d0: int, d1: int, y: float, status: str, title: str) -> dict:
    x0 = s.x(d0)
    return {"fact": f["id"], "x0": x0, "x1": max(x0 + 3, s.x(d1 + 1)), "y": y, "status": status,
            "title": title + (f" ({s.outside(d0, d1)})" if s.outside(d0, d1) else "")}


def _disputed(f: dict | None) -> bool:
    return f is not None and f["status"] == "conflict" and len(f["positions"]) > 1


def _row(subject: str, label: str, facts: list[dict], s: _Scale, roles: tuple[str | None, str | None, str | None]) -> dict:
    """One event's lines: agreed dates on one line, each disputed position on a line of its own.
    ``roles``: the properties of the start, the end and the date of a point event."""
    by_prop: dict[str | None, list[dict]] = {}
    for f in facts:
        by_prop.setdefault(f["property"]["id"], []).append(f)
    starts, ends = by_prop.get(roles[0]) or [], by_prop.get(roles[1]) or []
    start, end = (starts[0] if starts else None), (ends[0] if ends else None)
    base: list[dict] = []  # marks of the agreed line
    notes: list[str] = []
    lines: list[tuple[list[dict], list[dict], str]] = []  # (bodies, marks, note) of the disputed lines
    if start and end and not _disputed(start) and not _disputed(end):
        p, q = start["positions"][0], end["positions"][0]
        base.append(_mark(s, start, _lo(p), max(_hi(q), _lo(p)), 0, start["status"],
                          f"{label}: {p['value']} – {q['value']}"))
        notes.append(f"{p['value']} – {q['value']}")
    else:
        for bound, other, word in ((start, end, "start"), (end, start, "end")):
            if bound is None:
                continue
            if not _disputed(bound):
                if not (other and _disputed(other)):  # an agreed bound is drawn with each disputed line
                    p = bound["positions"][0]
                    base.append(_mark(s, bound, _lo(p), _hi(p), 0, bound["status"], f"{label}, {word}: {p['value']}"))
                    notes.append(f"{word} {p['value']}")
                continue
            fixed = other["positions"][0] if other and not _disputed(other) else None
            for p in bound["positions"]:
                body = []
                if fixed is not None and other is not None:
                    a, b = (_lo(p), _hi(fixed)) if word == "start" else (_lo(fixed), _hi(p))
                    body = [_mark(s, other, min(a, b), max(a, b), 0, "span", f"{label}: {p['value']} / {fixed['value']}")]
                mark = _mark(s, bound, _lo(p), _hi(p), 0, "conflict", f"{label}, {word}: {p['value']} ({_srcs(p)})")
                lines.append((body, [mark], f"{word} {p['value']} ({_srcs(p)})"))
    for f in by_prop.get(roles[2], []):
        if _disputed(f):
            for p in f["positions"]:
                mark = _mark(s, f, _lo(p), _hi(p), 0, "conflict", f"{label}: {p['value']} ({_srcs(p)})")
                lines.append(([], [mark], f"{p['value']} ({_srcs(p)})"))
        else:
            for p in f["positions"]:
                base.append(_mark(s, f, _lo(p), _hi(p), 0, f["status"], f"{label}: {p['value']}"))
                notes.append(str(p["value"]))
    out = []
    if base:
        out.append({"bodies": [], "marks": base, "note": _cut(" · ".join(notes), NOTE_CHARS), "disputed": False})
    out += [{"bodies": b, "marks": m, "note": _cut(n, NOTE_CHARS), "disputed": True} for b, m, n in lines]
    days = [d for f in facts for p in f["positions"] for d in (_lo(p), _hi(p))]
    return {"subject": subject, "label": _cut(label, LABEL_CHARS), "full_label": label, "lines": out,
            "first": min(days), "disputed": any(ln["disputed"] for ln in out)}


def _periods(phases: list[tuple[str, str, int, int]], event_label: str) -> list[tuple[str, int, int]]:
    """The main event cut by its phases (name, first day, last day): before, each, between, after."""
    out: list[tuple[str, int, int]] = []
    prev_end, prev_label = None, None
    for _pid, label, a, b in phases:
        if prev_end is None:
            out.append((f"{event_label}, before {label}", -10**9, a - 1))
        elif a > prev_end + 1:
            out.append((f"Between {prev_label} and {label}", prev_end + 1, a - 1))
        out.append((f"{label} ({_day(a)} – {_day(b)})", a, b))
        prev_end, prev_label = max(b, prev_end or b), label
    if prev_end is not None:
        out.append((f"{event_label}, after {prev_label}", prev_end + 1, 10**9))
    return out


def _day(d: int) -> str:
    return dt.date.fromordinal(d).strftime("%-d %b")


def drawn(corpus: Corpus, event: str) -> tuple[set[str], tuple[str | None, str | None, str | None]]:
    """What the timeline of ``event`` reads: the facts about these subjects (the event, what it is
    part of, and everything part of these) and of these properties (the start, end and point
    dates, by their part in a span)."""
    ent = corpus.entities.get(event)
    props = corpus.properties.values()
    return (_members(corpus, {event, *(ent.part_of if ent else ())}),
            (span_property(props, "start"), span_property(props, "end"), span_property(props, "point")))


def timeline(data: dict, corpus: Corpus, event: str | None) -> dict | None:
    """The main event's timeline, compact and full, or None when nothing of it is dated."""
    if event is None:
        return None
    ent = corpus.entities.get(event)
    family, roles = drawn(corpus, event)
    siege = _members(corpus, {event})
    facts = [f for f in drawn_facts(data) if f["subject"]["id"] in family and f["property"]["id"] in set(roles) - {None}]
    core = [f for f in facts if f["subject"]["id"] == event] or facts
    if not facts:
        return None
    a, b, ticks = date_ticks(min(_lo(p) for f in core for p in f["positions"]) - MARGIN_DAYS,
                             max(_hi(p) for f in core for p in f["positions"]) + MARGIN_DAYS)
    s = _Scale(a, b)
    by_subject: dict[str, list[dict]] = {}
    for f in facts:
        by_subject.setdefault(f["subject"]["id"], []).append(f)
    rows = {sid: _row(sid, fs[0]["subject"]["label"], fs, s, roles) for sid, fs in by_subject.items()
            if any(_hi(p) >= a and _lo(p) <= b for f in fs for p in f["positions"])}
    phase_ids = sorted((sid for sid in rows if corpus.entities.get(sid) and corpus.entities[sid].type == "Phase"
                        and event in corpus.entities[sid].part_of), key=lambda x: (rows[x]["first"], x))
    bounded = []
    for pid in phase_ids:
        props = {f["property"]["id"]: f for f in by_subject[pid]}
        if roles[0] in props and roles[1] in props:  # the widest reading of each bound
            bounded.append((pid, rows[pid]["full_label"], min(_lo(p) for p in props[roles[0]]["positions"]),
                            max(_hi(p) for p in props[roles[1]]["positions"])))
    periods = _periods(bounded, rows[event]["full_label"] if event in rows else event)
    groups: list[tuple[str, list[str]]] = [("The siege and its phases", [x for x in [event, *phase_ids] if x in rows])]
    for name, lo, hi in periods:
        groups.append((name, [x for x in rows if x in siege and x not in groups[0][1] and lo <= rows[x]["first"] <= hi]))
    if not periods:
        groups.append(("Its events", [x for x in rows if x in siege and x not in groups[0][1]]))
    campaign = corpus.entities[ent.part_of[0]].labels.zh_Hans if ent and ent.part_of else None
    groups.append((f"Around it: {campaign or 'the campaign'}", [x for x in rows if x not in siege]))
    tick_list = [{"x": s.x(v), "label": _tick(t)} for v, t in ticks]
    views = {name: _layout(groups, rows, keep) for name, keep in
             (("compact", lambda r: r["subject"] in groups[0][1] or r["disputed"]), ("full", lambda r: True))}
    return {"width": WIDTH, "left": LEFT, "plot_end": PLOT_END, "note_x": NOTE_X, "ticks": tick_list,
            "year": dt.date.fromordinal(int(a)).year, **views, "events": len(rows),
            "disputed": sum(1 for r in rows.values() if r["disputed"]),
            "label": f"Timeline of {rows[event]['full_label'] if event in rows else event} and its campaign"}


def _tick(label: str) -> str:
    return dt.date.fromisoformat(label).strftime("%-d %b") if len(label) == 10 else \
        dt.date.fromisoformat(label + "-01").strftime("%b %Y")


def _layout(groups: list[tuple[str, list[str]]], rows: dict[str, dict], keep: Callable[[dict], bool]) -> dict:
    """Lane headers and rows top to bottom, each line at its own height."""
    y: int = TOP
    out_groups: list[dict[str, Any]] = []
    for name, members in groups:
        chosen = sorted((rows[x] for x in members if keep(rows[x])), key=lambda r: (r["first"], r["subject"]))
        if not chosen:
            continue
        header_y, y = y, y + HEADER
        placed = []
        for r in chosen:
            lines = [{**ln, "y": y + i * LINE} for i, ln in enumerate(r["lines"])]
            placed.append({**r, "y": y, "lines": lines})
            y += LINE * len(r["lines"]) + 4
        out_groups.append({"name": name, "y": header_y, "rows": placed})
    return {"groups": out_groups, "height": y + 30, "axis_y": y + 6,
            "rows": sum(len(g["rows"]) for g in out_groups)}
