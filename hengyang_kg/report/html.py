"""``conflicts.html``: one self-contained page (no network), readable offline.

A chart per numeric or date fact (every claim a point or a range, by source, drawn
as inline SVG), each quote in context in its source's own script with the other
script on demand, the text the sources share, and filters by status and source.
"""

from __future__ import annotations

import datetime as dt
from html import escape

from hengyang_kg.curation.loader import Corpus
from hengyang_kg.text.script_folding import other_script
from hengyang_kg.curation.ids import short_id

PALETTE = ["#1b6ca8", "#d1495b", "#2e8b57", "#e08e0b", "#7b4fa0", "#4d4d4d"]
CSS = """
body{font-family:"Noto Sans CJK SC","Noto Sans CJK TC",sans-serif;margin:0;color:#222;background:#fafafa}
header{position:sticky;top:0;background:#fff;border-bottom:1px solid #ccc;padding:.6em 1em;z-index:2}
main{padding:0 1em 2em;max-width:1100px}
h1{font-size:1.3em;margin:.2em 0}
h2{margin-top:1.5em;border-bottom:1px solid #ddd}
.fact{background:#fff;border:1px solid #ddd;border-radius:6px;margin:1em 0;padding:.6em 1em}
.fact h3{margin:.2em 0;font-size:1.05em}
.badge{display:inline-block;padding:0 .5em;border-radius:1em;font-size:.8em;color:#fff}
.conflict{background:#c0392b}.compatible{background:#d68910}.agreement{background:#27ae60}
.pos{border-left:4px solid #bbb;margin:.4em 0;padding-left:.6em}
.claim{margin:.2em 0}.quote{color:#333}.quote mark{background:#ffe08a}
.src{font-family:monospace;font-weight:bold}
.expl{font-size:.92em;color:#333}.expl b{color:#555}
.hidden{display:none}
.filters label{margin-right:.8em;white-space:nowrap}
svg text{font-size:11px;font-family:sans-serif}
table{border-collapse:collapse}td,th{border:1px solid #ddd;padding:.2em .5em;vertical-align:top}
"""
JS = """
(function(){
  function apply(){
    var st={}, src={};
    document.querySelectorAll('input[data-status]').forEach(function(i){st[i.dataset.status]=i.checked;});
    document.querySelectorAll('input[data-source]').forEach(function(i){src[i.dataset.source]=i.checked;});
    var shown=0;
    document.querySelectorAll('section.fact').forEach(function(s){
      var okS=st[s.dataset.status];
      var okR=s.dataset.sources.split(' ').some(function(x){return src[x];});
      var on=okS&&okR; s.classList.toggle('hidden',!on); if(on){shown++;}
    });
    document.getElementById('shown').textContent=shown;
  }
  document.querySelectorAll('.filters input').forEach(function(i){i.addEventListener('change',apply);});
  document.getElementById('script').addEventListener('change',function(e){
    var other=e.target.checked;
    document.querySelectorAll('[data-other]').forEach(function(el){
      if(!el.dataset.own){el.dataset.own=el.innerHTML;}
      el.innerHTML=other?el.dataset.other:el.dataset.own;
    });
  });
  apply();
})();
"""


def _e(x) -> str:
    return escape(str(x), quote=True)


def _colour(sources: list[str], sid: str) -> str:
    return PALETTE[sources.index(sid) % len(PALETTE)] if sid in sources else PALETTE[-1]


def _num(kind: str, x):
    if x is None:
        return None
    if kind == "date":
        return dt.date.fromisoformat(x).toordinal()
    return float(x)


def _tick(kind: str, x: float) -> str:
    if kind == "date":
        return dt.date.fromordinal(int(round(x))).isoformat()
    return f"{x:,.0f}" if abs(x) >= 10 else f"{x:g}"


def chart(fact: dict, sources: list[str]) -> str:
    """An SVG with one row per claim: a bar for its interval, a dot for its value."""
    kind = fact["kind"]
    claims = [c for p in fact["positions"] for c in p["claims"]]
    # a side the text leaves open (超过, 以后) is drawn at the bound it has
    spans = [(_num(kind, c["upper"] if c["lower"] is None else c["lower"]),
              _num(kind, c["lower"] if c["upper"] is None else c["upper"]), c)
             for c in claims if c["lower"] is not None or c["upper"] is not None]
    if not spans:
        return ""
    lo, hi = min(s[0] for s in spans), max(s[1] for s in spans)
    if hi == lo:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.05
    lo, hi = lo - pad, hi + pad
    width, left, row = 720, 200, 16
    height = row * len(spans) + 28

    def x(v: float) -> float:
        return left + (v - lo) / (hi - lo) * (width - left - 10)

    parts = [f'<svg class="chart" role="img" aria-label="{_e(fact["id"])}" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i in range(5):
        v = lo + (hi - lo) * i / 4
        parts.append(f'<line x1="{x(v):.1f}" y1="0" x2="{x(v):.1f}" y2="{height - 16}" stroke="#eee"/>'
                     f'<text x="{x(v):.1f}" y="{height - 3}" text-anchor="middle">{_e(_tick(kind, v))}</text>')
    for n, (a, b, c) in enumerate(spans):
        y = 6 + n * row
        col = _colour(sources, c["source"])
        point = _num(kind, c["value"]) if kind != "date" or c["value"] and len(str(c["value"])) == 10 else (a + b) / 2
        parts.append(f'<text x="4" y="{y + 9}">{_e(short_id(c["source"]))} {_e(c["raw"][:14])}</text>'
                     f'<rect x="{x(a):.1f}" y="{y + 3}" width="{max(2.0, x(b) - x(a)):.1f}" height="6" fill="{col}" '
                     f'opacity="0.45"><title>{_e(c["id"])}: {_e(c["lower"])} – {_e(c["upper"])}</title></rect>'
                     f'<circle cx="{x(point):.1f}" cy="{y + 6}" r="3.5" fill="{col}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _quote(c: dict) -> str:
    ctx = c["context"]
    own = f'…{_e(ctx["prefix"])}<mark>{_e(c["quote"])}</mark>{_e(ctx["suffix"])}…'
    other = (f'…{_e(other_script(ctx["prefix"]))}<mark>{_e(other_script(c["quote"]))}</mark>'
             f'{_e(other_script(ctx["suffix"]))}…')
    return f'<span class="quote" lang="{_e(ctx["script"])}" data-other="{_e(other)}">{own}</span>'


def _fact(f: dict, sources: list[str]) -> str:
    srcs = sorted({short_id(c["source"]) for p in f["positions"] for c in p["claims"]})
    quals = ", ".join(f"{k}: {v}" for k, v in f["qualifiers"].items())
    out = [f'<section class="fact" id="{_e(f["id"])}" data-status="{f["status"]}" data-sources="{" ".join(srcs)}">',
           f'<h3>{_e(f["subject"]["label"])} — {_e(f["property"]["label"])} {_e(f["property"]["label_zh"])}'
           f'{" (" + _e(quals) + ")" if quals else ""} <span class="badge {f["status"]}">{f["status"]}</span></h3>',
           f'<div><code>{_e(f["id"])}</code></div>']
    if f["kind"] in ("quantity", "date", "duration"):
        out.append(chart(f, sources))
    for p in f["positions"]:
        rng = "" if p["lower"] is None and p["upper"] is None else (
            f' <small>[{_e(p["lower"] if p["lower"] is not None else "…")} – '
            f'{_e(p["upper"] if p["upper"] is not None else "…")}]</small>')
        out.append(f'<div class="pos"><b>{_e(p["value"])}</b>{rng} · independent support '
                   f'<b>{p["independent_support"]}</b> · sources {_e(", ".join(short_id(s) for s in p["sources"]))}')
        for c in p["claims"]:
            attr = f' <i>after {_e(c["attributed_to"])}</i>' if c["attributed_to"] else ""
            out.append(f'<div class="claim"><span class="src" style="color:{_colour(sources, c["source"])}">'
                       f'{_e(short_id(c["source"]))}</span> <code>{_e(c["id"])}</code> 「{_e(c["raw"])}」{attr}<br>{_quote(c)}</div>')
        out.append("</div>")
    for e in f["explanations"]:
        out.append(f'<div class="expl"><b>{_e(e["kind"])}</b>: {_e(e["text"])}</div>')
    if f["related_facts"]:
        out.append("<div class='expl'><b>related</b>: " + ", ".join(
            f'<a href="#{_e(r)}">{_e(r)}</a>' for r in f["related_facts"]) + "</div>")
    out.append("</section>")
    return "\n".join(out)


def to_html(data: dict, corpus: Corpus) -> str:
    sources = [s["id"] for s in data["sources"]]
    s = data["summary"]
    status_boxes = "".join(f'<label><input type="checkbox" data-status="{k}" checked> {k} ({s[k]})</label>'
                           for k in ("conflict", "compatible", "agreement"))
    source_boxes = "".join(f'<label><input type="checkbox" data-source="{short_id(x)}" checked> '
                           f'<span class="src" style="color:{_colour(sources, x)}">{short_id(x)}</span></label>' for x in sources)
    reuse_rows = "".join(
        f'<tr><td>{_e(short_id(r["sources"][0]))} – {_e(short_id(r["sources"][1]))}</td><td>{r["shared_chars"]}</td><td>'
        + "<br>".join(f'@{p["a"]["start"]}–{p["a"]["end"]} / @{p["b"]["start"]}–{p["b"]["end"]}: '
                      f'「{_e(p["a"]["text"][:60])}{"…" if len(p["a"]["text"]) > 60 else ""}」' for p in r["passages"])
        + "</td></tr>" for r in data["reuse"])
    src_rows = "".join(f'<tr><td class="src" style="color:{_colour(sources, x["id"])}">{_e(short_id(x["id"]))}</td>'
                       f'<td>{_e(x["title"])}</td><td>{_e(x["title_en"])}</td><td>{_e(x["kind"])}</td>'
                       f'<td>{_e(x["script"])}</td></tr>' for x in data["sources"])
    checks = "".join(f'<li><b>{_e(c["kind"])}</b>: {_e(c["text"])} <small>({_e(", ".join(c["claims"]))})</small></li>'
                     for c in data["checks"])
    facts = "\n".join(_fact(f, sources) for f in data["facts"])
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Conflict report — the defence of Hengyang, 1944</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{CSS}</style></head>
<body><header><h1>Conflict report — the defence of Hengyang (衡阳保卫战), 1944</h1>
<div>{s["claims"]} claims · {s["facts"]} facts · {s["checks"]} checks · <span id="shown">{s["facts"]}</span> shown</div>
<div class="filters">{status_boxes} | {source_boxes} |
<label><input type="checkbox" id="script"> other script (简/繁)</label></div></header>
<main><h2>Sources</h2><table><tr><th>id</th><th>title</th><th></th><th>kind</th><th>script</th></tr>{src_rows}</table>
<h2>Text shared between sources</h2><table><tr><th>sources</th><th>shared characters</th><th>passages</th></tr>{reuse_rows}</table>
<h2>Consistency checks</h2><ul>{checks}</ul>
<h2>Facts</h2>
{facts}
</main><script>{JS}</script></body></html>
"""
