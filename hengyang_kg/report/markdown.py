"""``conflicts.md``: the report as Markdown, written line by line.

The head (summary, sources, shared text, checks) comes from the report's data without its
facts; the facts follow in the report's order (conflicts, then compatible, then agreement),
each section opened when its first fact comes (or at the end, when it has none), so the text
can be written fact by fact without holding the facts (:class:`MarkdownFacts`).
"""

from __future__ import annotations

from hengyang_kg.curation.ids import short_id

SECTIONS = (("conflict", "## Facts: conflict"), ("compatible", "## Facts: compatible"),
            ("agreement", "## Facts in agreement"))


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def head_lines(data: dict) -> list[str]:
    """The lines before the facts: title, summary, build, sources, shared text, checks."""
    s = data["summary"]
    out = ["# Conflict report: the defence of Hengyang, 1944", "",
           (f"{s['claims']} claims, {s['facts']} facts: {s['conflict']} in conflict, {s['compatible']} compatible, "
            f"{s['agreement']} in agreement; {s['checks']} consistency checks. Nothing here decides which position is "
            "right: each lists who holds it, how independently, and the exact words."), "",
           (f"Build `{data['build']['id']}` (hengyang-kg {data['build']['version']}): the inputs it was made from, "
            "with their hashes, are in `manifest.json`."), "",
           "## Sources", ""]
    out += [f"- `{x['id']}` {x['title']} — {x['title_en']} ({x['kind']}, {x['script']})" for x in data["sources"]]
    out += ["", "## Text shared between sources", ""]
    for r in data["reuse"]:
        a, b = r["sources"]
        out.append(f"- {short_id(a)} and {short_id(b)} share {r['shared_chars']} characters in {len(r['passages'])} passage(s):")
        for p in r["passages"]:
            out.append(f"  - {short_id(a)} @{p['a']['start']}–{p['a']['end']} / {short_id(b)} @{p['b']['start']}–{p['b']['end']}: "
                       f"「{p['a']['text'][:80]}{'…' if len(p['a']['text']) > 80 else ''}」")
    out += ["", "## Consistency checks", ""]
    out += [f"- **{c['kind']}** — {c['text']} (claims: {', '.join(c['claims'])})" for c in data["checks"]]
    return out


class MarkdownFacts:
    """The facts' lines, given one fact at a time in the report's order (by status first)."""

    def __init__(self) -> None:
        self.opened = 0  # how many of SECTIONS have their heading written

    def _open_until(self, status: str | None) -> list[str]:
        out: list[str] = []
        stop = len(SECTIONS) if status is None else [st for st, _ in SECTIONS].index(status) + 1
        while self.opened < stop:
            out += ["", SECTIONS[self.opened][1], ""]
            self.opened += 1
        return out

    def opening(self, status: str) -> list[str]:
        """The headings of the sections up to that of a fact of ``status`` not yet written."""
        return self._open_until(status)

    def end(self) -> list[str]:
        """The headings of the sections no fact opened."""
        return self._open_until(None)


def fact_lines(f: dict) -> list[str]:
    """The lines of fact ``f``, without the headings of its section."""
    if f["status"] != "agreement":
        return _md_fact(f)
    c = f["positions"][0]["claims"]
    return [f"- `{f['id']}`: {_md_escape(str(f['positions'][0]['value']))} — "
            + ", ".join(f"{short_id(x['source'])} 「{_md_escape(x['raw'])}」" for x in c)]


def _md_fact(f: dict) -> list[str]:
    q = ", ".join(f"{k}: {v}" for k, v in f["qualifiers"].items())
    out = [f"### {f['subject']['label']} — {f['property']['label']}{' (' + q + ')' if q else ''}", "",
           f"`{f['id']}` · **{f['status']}**", "",
           "| position | range | independent support | claims |", "|---|---|---|---|"]
    for p in f["positions"]:
        rng = "" if p["lower"] is None and p["upper"] is None else (
            f"{'…' if p['lower'] is None else p['lower']} – {'…' if p['upper'] is None else p['upper']}")
        claims = "<br>".join(
            f"{c['id']} ({short_id(c['source'])}{', after ' + c['attributed_to'] if c['attributed_to'] else ''}): "
            f"「{_md_escape(c['raw'])}」 in 「{_md_escape(c['quote_text'])}」" for c in p["claims"])
        out.append(f"| {_md_escape(str(p['value']))} | {rng} | {p['independent_support']} | {claims} |")
    if f["explanations"]:
        out.append("")
        out += [f"- *{e['kind']}*: {e['text']}" for e in f["explanations"]]
    out.append("")
    return out
