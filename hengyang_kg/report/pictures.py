"""Geometry of the dependence picture: sources and the works they cite (the timeline is
:mod:`hengyang_kg.report.timeline`). Plain data; the templates draw the SVG.
"""

from __future__ import annotations

from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus


def dependence(data: dict, corpus: Corpus, titles: dict[str, str]) -> dict:
    """Sources (left) and the works and people they cite (right); reuse and citation edges."""
    sources = [s["id"] for s in data["sources"]]
    cites: dict[tuple[str, str], int] = {}
    for c in corpus.claims:
        if c.claim.attributed_to:
            key = (c.source, c.claim.attributed_to)
            cites[key] = cites.get(key, 0) + 1
    cited: dict[str, int] = {}  # claims citing each work, over all sources
    for (_, w), n in cites.items():
        cited[w] = cited.get(w, 0) + n
    works = sorted(cited, key=lambda w: (-cited[w], w))
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
