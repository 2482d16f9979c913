"""Geometry of the report's charts: round ticks, units, labels inside the picture.

Functions here return plain data (positions, labels); the templates draw the SVG.
"""

from __future__ import annotations

import datetime as dt
import math

from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.properties import Units

PALETTE = ["#1b6ca8", "#c0392b", "#1e7d4f", "#a15c00", "#7b4fa0", "#4d4d4d"]
WIDTH, LEFT, RIGHT, ROW = 720, 170, 24, 18


def colour(sources: list[str], sid: str) -> str:
    return PALETTE[sources.index(sid) % (len(PALETTE) - 1)] if sid in sources else PALETTE[-1]


def nice_step(span: float, target: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10^k) giving about ``target`` intervals.

    >>> nice_step(53_620), nice_step(8), nice_step(0.9)
    (20000, 2, 0.2)
    """
    raw = span / max(1, target)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for m in (1, 2, 2.5, 5, 10):
        if raw <= m * mag:
            step = m * mag
            return int(step) if step == int(step) else round(step, 10)
    return 10 * mag  # pragma: no cover


def number_ticks(lo: float, hi: float) -> tuple[float, float, list[tuple[float, str]]]:
    """Domain widened to round ticks, and the ticks with their labels.

    >>> number_ticks(16_349, 70_000)[2][:3]
    [(0, '0'), (20000, '20,000'), (40000, '40,000')]
    """
    if hi <= lo:
        lo, hi = lo - 1, hi + 1
    step = nice_step(hi - lo)
    a, b = math.floor(lo / step) * step, math.ceil(hi / step) * step
    ticks, v = [], a
    while v <= b + step / 1e6:
        ticks.append((v, f"{v:,.0f}" if step >= 1 else f"{v:g}"))
        v = round(v + step, 10)
    return a, b, ticks


DAY_STEPS = (1, 2, 5, 10)


def date_ticks(lo: int, hi: int) -> tuple[float, float, list[tuple[float, str]]]:
    """Ticks on day ordinals: days of the month (every 1, 2, 5 or 10 from the 1st) or first days of months.

    >>> [t for _, t in date_ticks(dt.date(1944, 6, 20).toordinal(), dt.date(1944, 7, 25).toordinal())[2]]
    ['1944-06-16', '1944-06-21', '1944-06-26', '1944-07-01', '1944-07-06', '1944-07-11', '1944-07-16', '1944-07-21', '1944-07-26']
    >>> [t for _, t in date_ticks(dt.date(1944, 6, 20).toordinal(), dt.date(1944, 9, 10).toordinal())[2]]
    ['1944-06', '1944-07', '1944-08', '1944-09', '1944-10']
    """
    span = max(1, hi - lo)
    step = next((s for s in DAY_STEPS if span / s <= 8), None)
    if step is not None:
        days = [d for d in range(lo - 31, hi + 32) if (dt.date.fromordinal(d).day - 1) % step == 0
                and dt.date.fromordinal(d).day <= 31 - step // 2]
        a = max(d for d in days if d <= lo)
        b = min(d for d in days if d >= hi)
        return a, b, [(d, dt.date.fromordinal(d).isoformat()) for d in days if a <= d <= b]
    months = max(1, math.ceil(span / 30 / 7))
    first, last = dt.date.fromordinal(lo).replace(day=1), dt.date.fromordinal(hi)
    ticks: list[tuple[float, str]] = []
    d = first
    while True:
        ticks.append((d.toordinal(), d.isoformat()[:7]))
        if d > last:
            break
        m = d.month - 1 + months
        d = dt.date(d.year + m // 12, m % 12 + 1, 1)
    return ticks[0][0], ticks[-1][0], ticks


def ordinal(iso: str, end: bool = False) -> int:
    """Day ordinal of an ISO date, month or year (its first day, or its last with ``end``)."""
    if len(iso) == 4:
        d = dt.date(int(iso), 12, 31) if end else dt.date(int(iso), 1, 1)
    elif len(iso) == 7:
        y, m = int(iso[:4]), int(iso[5:7])
        d = (dt.date(y + m // 12, m % 12 + 1, 1) - dt.timedelta(days=1)) if end else dt.date(y, m, 1)
    else:
        d = dt.date.fromisoformat(iso[:10])
    return d.toordinal()


def _unit(fact: dict, units: Units) -> str:
    """The axis's name: 'date', or the one unit the fact's figures count in (its hkg:axisLabel)."""
    if fact["kind"] == "date":
        return "date"
    found = {c["unit"] for p in fact["positions"] for c in p["claims"] if c.get("unit")}
    kind_unit = units.of_kind(fact["kind"])
    found = {kind_unit} if kind_unit else found
    unit = units.get(next(iter(found))) if len(found) == 1 else None
    return unit.axis_label if unit else ""


def fact_chart(fact: dict, sources: list[str], units: Units) -> dict | None:
    """One row per claim: its interval as a bar, its value as a dot; round ticks; the unit."""
    kind = fact["kind"]
    if kind not in ("quantity", "date", "duration"):
        return None
    claims = [c for p in fact["positions"] for c in p["claims"] if c["lower"] is not None or c["upper"] is not None]
    if not claims:
        return None

    def num(x: object, end: bool = False) -> float:
        if x is None:
            raise ValueError("a claim drawn on a chart has at least one bound")
        return float(ordinal(str(x), end)) if kind == "date" else float(str(x))

    spans = []
    for c in claims:  # a side the text leaves open (超过, 以后) is drawn at the bound it has, marked open
        lower = c["lower"] if c["lower"] is not None else c["upper"]
        upper = c["upper"] if c["upper"] is not None else c["lower"]
        spans.append((num(lower), num(upper, end=True), (c["lower"] is None, c["upper"] is None), c))
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    if kind == "date":
        a, b, ticks = date_ticks(int(lo), int(hi))
    else:
        a, b, ticks = number_ticks(min(0.0, lo) if lo >= 0 and lo < (hi - lo) else lo, hi)
    inner = WIDTH - LEFT - RIGHT

    def x(v: float) -> float:
        return round(LEFT + (v - a) / (b - a) * inner, 1) if b > a else LEFT

    rows = []
    for n, (s, e, open_, c) in enumerate(spans):
        value = c["value"]
        point = (num(value) if kind != "date" or len(str(value)) == 10 else (s + e) / 2) if value is not None else None
        lo_text = "open" if open_[0] else c["lower"]
        hi_text = "open" if open_[1] else c["upper"]
        rows.append({"y": 8 + n * ROW, "label": f"{short_id(c['source'])} {c['raw'][:12]}", "claim": c["id"],
                     "x0": x(s), "x1": max(x(s) + 2, x(e)), "open_lo": open_[0], "open": open_[1],
                     "cx": x(point if point is not None else s), "colour": colour(sources, c["source"]),
                     "title": f"{c['id']}: {c['raw']} → {lo_text} – {hi_text}"})
    height = 8 + len(rows) * ROW + 34
    return {"width": WIDTH, "height": height, "left": LEFT, "right": WIDTH - RIGHT, "axis_y": height - 30,
            "ticks": [{"x": x(v), "label": t, "anchor": "end" if i == len(ticks) - 1 else "middle"}
                      for i, (v, t) in enumerate(ticks)],
            "unit": _unit(fact, units), "rows": rows, "label": f"{fact['id']}: every claim's range"}
