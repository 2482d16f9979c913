"""Coverage: every numeral and date mention of a source, and what accounts for it.

A *mention* is a date (``1944年6月23日``, ``7月底``, ``26日``) or a figure (Arabic
digits, or Chinese numerals: a run of two or more, or one numeral before a
counter such as 天/人/个/师).  Not mentions — names, not figures — are unit
designators (``第10军``, ``68师团``, ``第37、44、58和70军``, ``141高地``), ordinals after
第, a lone 一 (一个, 一直: prose), and numerals inside fixed expressions (七七事变,
一溃千里).  A mention is *covered* when a claim's value span overlaps it, *out of
scope* when a curator's out_of_scope passage or the source's ignore patterns
contain it, and *open* otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from hengyang_kg.curation.claims import Located, Span
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.sources import Source
from hengyang_kg.text.mention_forms import (
    ENGLISH_DATE,
    ENGLISH_NUMBER,
    ENGLISH_ORDINAL_AFTER,
    ERA_DATE,
    mention_kind,
)

_CN = "零〇一二两三四五六七八九十百千万亿"
_AR = r"[0-9０-９]+(?:[.,，][0-9０-９]+)*"
_DATE = (
    rf"(?:(?:[0-9]{{4}}|[一二三四五六七八九〇零]{{4}})年(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?:(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号])?"
    rf"|(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})月(?:[0-9]{{1,2}}|[一二三四五六七八九十]{{1,3}})[日号]"
    rf"|[0-9]{{4}}年|[0-9]{{1,2}}月|[0-9]{{1,2}}[日号])"
)
_FIGURE = rf"(?:{_AR}(?:[余多]?[万千百亿])?|[{_CN}]+)"
MENTION_RE = re.compile(rf"{ERA_DATE}|{ENGLISH_DATE}|{_DATE}|{ENGLISH_NUMBER}|{_FIGURE}")
COUNTERS = "天日夜年月周个名人师团营连架门发枚次倍路座辆吨里条道面位员户根家轮波批万千百亿岁星成"
DESIGNATOR = r"(?:[、和与及至到\-—][0-9一二三四五六七八九十百〇零]+)*(?:集团军|军|师团|师|旅团|旅|联队|团|大队|中队|战区|航空队|高地|号|届|期)"
FIXED = ("七七事变", "九一八", "一二八", "八一三", "一溃千里", "万众一心", "千方百计", "千钧一发", "四面八方",
         "三民主义", "十分", "万一", "一一", "千万", "百姓", "三三两两", "五花八门", "一五一十")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    text: str
    line: int
    status: str  # covered | out_of_scope | open
    by: str  # claim id, the out-of-scope reason, or ""
    kind: str = "figure"  # figure | date | era_date | english_date | english_figure


def mentions(source: Source) -> list[tuple[int, int, str]]:
    """Numeral and date mentions of a source text as (start, end, text).

    >>> from types import SimpleNamespace as N
    >>> f = lambda t: [m[2] for m in mentions(N(text=t, folded=t))]
    >>> f("1944年6月23日,第10军以1.7万人坚守四十七天,日军第37、44和58师团")
    ['1944年6月23日', '1.7万', '四十七']
    >>> f("一个祠堂, 七七事变, 三个师")
    ['三']
    >>> f("民国三十三年八月八日; the 10th Army held from 23 June to 8 August 1944, forty-seven days")
    ['民国三十三年八月八日', '23 June', '8 August 1944', 'forty-seven']
    """
    text = source.folded
    fixed_spans = [(m.start(), m.end()) for w in FIXED for m in re.finditer(re.escape(w), text)]
    out = []
    for m in MENTION_RE.finditer(text):
        s, e, t = m.start(), m.end(), m.group(0)
        before, after = text[max(0, s - 1):s], text[e:e + 8]
        if before == "第" or re.match(DESIGNATOR, after) or re.match(ENGLISH_ORDINAL_AFTER, after):
            continue
        if any(a <= s and e <= b for a, b in fixed_spans):
            continue
        if re.fullmatch(f"[{_CN}]", t):
            if t == "一" or not after[:1] or after[0] not in COUNTERS:
                continue
        if re.fullmatch(f"[{_CN}]+", t) and after[:1] in ("、", "和") and re.match(rf"[、和]+[0-9{_CN}、和]*{DESIGNATOR}", after):
            continue
        out.append((s, e, source.text[s:e]))
    return out


def _designator_lists(text: str) -> list[tuple[int, int]]:
    """Numbers in lists that end in a designator: 第37、44、58和70军."""
    pat = re.compile(rf"[0-9一二三四五六七八九十]+(?:[、和与及][0-9一二三四五六七八九十]+)+{DESIGNATOR}")
    return [(m.start(), m.end()) for m in pat.finditer(text)]


def coverage(corpus: Corpus, source_id: str, claims: Iterable[Located] | None = None) -> list[Mention]:
    """Every mention of one source with its status; ``claims``: the source's claims, when the caller
    has them by source (else they are picked out of the corpus's)."""
    source = corpus.sources[source_id]
    mine = (c for c in corpus.claims if c.source == source_id) if claims is None else claims
    value_spans = sorted((c.value_start, c.value_end, c.claim.id) for c in mine)
    scope: list[Span] = list(corpus.out_of_scope.get(source_id, []))
    for pat in source.meta.ignore:
        scope.extend(Span(m.start(), m.end(), pat.reason) for m in re.finditer(pat.pattern, source.text))
    lists = _designator_lists(source.folded)
    out = []
    for s, e, t in mentions(source):
        if any(a <= s and e <= b for a, b in lists):
            continue
        line = source.line_at(s)
        claim = next((cid for a, b, cid in value_spans if a < e and s < b), None)
        if claim:
            out.append(Mention(s, e, t, line, "covered", claim, mention_kind(t)))
            continue
        reason = next((sp.reason for sp in scope if sp.start <= s and e <= sp.end), None)
        if reason:
            out.append(Mention(s, e, t, line, "out_of_scope", reason, mention_kind(t)))
        else:
            out.append(Mention(s, e, t, line, "open", "", mention_kind(t)))
    return out


def summary(ms: list[Mention]) -> dict[str, int | float]:
    total = len(ms)
    covered = sum(m.status == "covered" for m in ms)
    scope = sum(m.status == "out_of_scope" for m in ms)
    return {
        "mentions": total, "covered": covered, "out_of_scope": scope, "open": total - covered - scope,
        "accounted": round(100.0 * (covered + scope) / total, 1) if total else 100.0,
        "english": sum(m.kind in ("english_date", "english_figure") for m in ms),
        "era_dates": sum(m.kind == "era_date" for m in ms),
    }
