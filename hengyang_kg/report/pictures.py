"""Geometry of the two pictures: the timeline of the main event and its campaign, and
the dependence between sources and the works they cite.

Both return plain data; the templates draw the SVG.
"""

from __future__ import annotations

from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.report.charts import date_ticks, ordinal

DATE_PROPERTIES = ("startDate", "endDate", "date")
T_WIDTH, T_LEFT, T_RIGHT, T_ROW = 760, 190, 20, 22
LANE = 12  # vertical distance of side-by-side positions
MARGIN_DAYS = 6


def _lo(p: dict) -> int:
    """First day of a position (its upper bound when the text leaves the start open)."""
    return ordinal(str(p["lower"] if p["lower"] is not None else p["upper"]))


def _hi(p: dict) -> int:
    """Last day of a position (its lower bound when the text leaves the end open)."""
    return ordinal(str(p["upper"] if p["upper"] is not None else p["lower"]), end=True)


def _family(corpus: Corpus, event: str) -> set[str]:
    """The main event, what it is part of (one level up), and everything part of either."""
    ent = corpus.entities.get(event)
    roots = {event, *(ent.part_of if ent else ())}
    members = set(roots)
    changed = True
    while changed:
        changed = False
        for e in corpus.entities.values():
            if e.id not in members and any(p in members for p in e.part_of):
                members.add(e.id)
                changed = True
    return members


def timeline(data: dict, corpus: Corpus, event: str | None) -> dict | None:
    """Events of the main event's family on a time axis; conflicting dates side by side."""
    if event is None:
        return None
    family = _family(corpus, event)
    facts = [f for f in data["facts"] if f["subject"]["id"] in family and f["property"]["id"] in DATE_PROPERTIES]
    if not facts:
        return None
    core = [f for f in facts if f["subject"]["id"] == event] or facts
    lo = min(_lo(p) for f in core for p in f["positions"]) - MARGIN_DAYS
    hi = max(_hi(p) for f in core for p in f["positions"]) + MARGIN_DAYS
    a, b, ticks = date_ticks(lo, hi)
    inner = T_WIDTH - T_LEFT - T_RIGHT

    def x(d: float) -> float:
        return round(T_LEFT + (min(max(d, a), b) - a) / (b - a) * inner, 1)

    by_subject: dict[str, list[dict]] = {}
    for f in facts:
        by_subject.setdefault(f["subject"]["id"], []).append(f)
    subjects = sorted(by_subject, key=lambda s: (min(_lo(p) for f in by_subject[s]
                                                     for p in f["positions"]), s))
    subjects = [s for s in subjects if any(a <= _lo(p) <= b or a <= _hi(p) <= b
                                           for f in by_subject[s] for p in f["positions"])]
    rows, y = [], 10
    for s in subjects:
        marks = []
        fs = by_subject[s]
        n_lanes = max(len(f["positions"]) for f in fs)
        for f in fs:
            for lane, p in enumerate(f["positions"]):
                d0, d1 = _lo(p), _hi(p)
                outside = "before" if d1 < a else "after" if d0 > b else ""
                srcs = ", ".join(short_id(x) for x in p["sources"])
                marks.append({"fact": f["id"], "x0": x(d0), "x1": max(x(d0) + 3, x(d1 + 1)), "y": y + lane * LANE,
                              "status": f["status"], "outside": outside,
                              "title": f"{f['property']['label']}: {p['value']} ({srcs})",
                              "label": f"{p['value']} ({srcs})" if f["status"] == "conflict" else ""})
                m = marks[-1]
                m["left"] = m["x1"] + 3 + 5.6 * len(m["label"]) > T_WIDTH - 2  # label left of the mark
        label = fs[0]["subject"]["label"]
        rows.append({"subject": s, "label": label, "y": y, "marks": marks, "height": T_ROW + (n_lanes - 1) * LANE})
        y += T_ROW + (n_lanes - 1) * LANE
    return {"width": T_WIDTH, "height": y + 30, "left": T_LEFT, "axis_y": y + 4, "rows": rows,
            "ticks": [{"x": x(v), "label": t, "anchor": "end" if i == len(ticks) - 1 else "middle"}
                      for i, (v, t) in enumerate(ticks)],
            "label": f"Timeline of {event} and its campaign: each event's dates, conflicting dates side by side"}


def dependence(data: dict, corpus: Corpus, titles: dict[str, str]) -> dict:
    """Sources (left) and the works and people they cite (right); reuse and citation edges."""
    sources = [s["id"] for s in data["sources"]]
    cites: dict[tuple[str, str], int] = {}
    for c in corpus.claims:
        if c.claim.attributed_to:
            key = (c.source, c.claim.attributed_to)
            cites[key] = cites.get(key, 0) + 1
    works = sorted({w for _, w in cites}, key=lambda w: (-sum(n for (_, x), n in cites.items() if x == w), w))
    row = 30
    height = max(len(sources) * 70, len(works) * row) + 40
    sy = {s: 30 + i * (height - 60) / max(1, len(sources) - 1) for i, s in enumerate(sources)}
    wy = {w: 30 + i * row for i, w in enumerate(works)}
    sx, wx = 230, 520
    nodes = [{"id": s, "kind": "source", "x": sx, "y": round(sy[s], 1), "label": f"{short_id(s)} {t}",
              "href": f"sources/{s}.html"} for s, t in ((s["id"], s["title"]) for s in data["sources"])]
    nodes += [{"id": w, "kind": "work", "x": wx, "y": wy[w], "label": titles.get(w, w),
               "href": f"entities/{w}.html"} for w in works]
    edges = []
    for r in data["reuse"]:
        a, b = r["sources"]
        ya, yb = sy[a], sy[b]
        bend = sx - 40 - abs(yb - ya) * 0.35
        edges.append({"kind": "reuse", "d": f"M{sx},{ya:.1f} Q{bend:.1f},{(ya + yb) / 2:.1f} {sx},{yb:.1f}",
                      "lx": round((sx + bend) / 2 - 4, 1), "ly": round((ya + yb) / 2 + 4, 1),
                      "label": f"{r['shared_chars']} chars", "title": f"{short_id(a)}–{short_id(b)}: "
                      f"{r['shared_chars']} shared characters in {len(r['passages'])} passage(s)"})
    for (s, w), n in sorted(cites.items()):
        edges.append({"kind": "cite", "d": f"M{sx},{sy[s]:.1f} L{wx},{wy[w]}", "lx": None, "ly": None, "label": "",
                      "title": f"{short_id(s)} cites {titles.get(w, w)} in {n} claim(s)", "n": n})
    return {"width": 860, "height": round(height), "nodes": nodes, "edges": edges,
            "label": "Dependence: sources, the works they cite, shared text"}
