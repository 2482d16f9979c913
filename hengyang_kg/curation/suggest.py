"""Candidate claims for a new text: every figure, date and duration, with a guess.

``suggest(text, source_id, entities)`` proposes a draft claim (``draft: true``) for
every date (Chinese, English or in an era calendar), every duration, every figure
with a unit, and every bare figure anchored by a measure word (伤亡, 阵亡, 被俘, 兵力,
守, casualties, killed, garrison …). Each candidate has the exact quote (its
clause of the text), the value as written, and guesses: property, subject (the
nearest battle, event or unit named in the sentence, found through the alias
registry — English labels and aliases too), qualifiers (side, measure, item) and,
for a day or month without a year, the ``normalized`` date from the last full date
before it. Nothing here is decided: a curator reviews each candidate.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from hengyang_kg.curation.schema import Entity
from hengyang_kg.text.dates import parse_date, parse_duration
from hengyang_kg.text.english import MONTHS
from hengyang_kg.text.numerals import ValueError_
from hengyang_kg.text.quantities import parse_quantity
from hengyang_kg.text.script_folding import fold, occurrences

_CNN = "〇零一二两三四五六七八九十百千万廿卅"
_NUM = rf"(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+(?:\.[0-9]+)?)(?:[万千百亿])?|[{_CNN}]{{2,}}|[{_CNN}](?=[个天日人名师团昼星周月架门发])"
_MON = "|".join(sorted(MONTHS, key=len, reverse=True))
_ERA = r"(?:民國|民国|昭和|大正|明治)\s*(?:元|[0-9]{1,2}|[〇零一二三四五六七八九十廿卅]{1,4})年"
_Y = r"(?:[0-9]{4}|[一二三四五六七八九〇零]{4})年"
_M = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})月"
_D = r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3})[日号]"
_PART = r"(?:上旬|中旬|下旬|初|底|末|中|份)?(?:左右)?"
_TIME = r"(?:拂晓|凌晨|清晨|黎明|早晨|上午|中午|下午|傍晚|黄昏|晚上|夜间|深夜|夜)?"
DATE_RE = re.compile(
    rf"(?:{_ERA}|{_Y})?{_M}(?:{_D})?{_PART}{_TIME}(?:(?:至|到|-|—|–){_M}?{_D})?|{_ERA}|(?:[0-9]{{1,2}}[日号]|[一二三四五六七八九十]{{1,3}}日){_TIME}"
    rf"|(?i:(?:(?:early|mid|late|the end of|the beginning of)[\s-]+)?(?:the\s+night\s+of\s+)?"
    rf"(?:[0-9]{{1,2}}(?:\s*[-–]\s*[0-9]{{1,2}})?(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MON})\.?(?:,?\s+[0-9]{{4}})?"
    rf"|(?:{_MON})\.?(?:\s+[0-9]{{1,2}}(?:st|nd|rd|th)?(?:\s*[-–]\s*[0-9]{{1,2}})?)?(?:,?\s+[0-9]{{4}})?)\b)"
)
_PRE = (r"(?:大约|约有|约|将近|接近|近|不到|不足|超过|逾|共|(?i:about|approximately|around|some|roughly|nearly|"
        r"almost|just under|fewer than|less than|under|over|more than|at least|between)\s+)?")
_RANGE = rf"(?:\s*(?:-|–|—|~|至|到|(?i:to|and))\s*(?:{_NUM}))?"
_SUF = r"(?:余|餘|多|以上|左右|上下|\+)?"
_TIME_UNIT = r"(?:个昼夜|個晝夜|昼夜|晝夜|个日夜|日夜|天|个星期|個星期|星期|周|个月|個月|(?i:\s*(?:days?\s+and\s+nights?|days?|weeks?|months?)\b))"
_UNIT = (r"(?:(?i:\s*(?:killed|dead)\s+and\s+wounded\b)|%|％|个师团|個師團|师团|師團|个师|個師|师|師|个团|個團|个营|個營|架|门|門|发|發|枚|人|名|兵|吨|噸|公里|(?i:\s*(?:men|troops|"
         r"soldiers|aircraft|planes|guns|rounds|shells|divisions|tons|casualties|killed|dead|wounded|captured|prisoners)\b))")
FIGURE_RE = re.compile(rf"{_PRE}(?:{_NUM}){_RANGE}(?:{_SUF})(?:(?P<time>{_TIME_UNIT})|(?P<unit>{_UNIT}))?(?:{_SUF})")

KEYWORDS = [  # (words, property, measure)
    (("伤亡", "死伤", "傷亡", "死傷", "casualties", "dead and wounded", "killed and wounded", "losses"), "casualties",
     "killed_and_wounded"),
    (("阵亡", "战死", "陣亡", "戰死", "毙", "斃", "killed", "dead"), "casualties", "killed"),
    (("负伤", "受伤", "負傷", "受傷", "wounded"), "casualties", "wounded"),
    (("被俘", "俘虏", "俘虜", "captured", "prisoners", "prisoner"), "casualties", "captured"),
    (("兵力", "守军", "守軍", "守", "garrison", "defenders", "strength", "troops", "men"), "strength", None),
]
DATE_PROPS = [
    (("开始", "開始", "打响", "起", "began", "begin", "start", "opened", "launched"), "startDate"),
    (("陷落", "失守", "沦陷", "淪陷", "结束", "結束", "停止", "fell", "ended", "end", "surrendered"), "endDate"),
    (("突围", "突圍", "逃", "escaped"), "dateEscaped"),
    (("被俘", "captured"), "dateCaptured"),
]
JAPAN = ("日军", "日軍", "日方", "日寇", "寇", "敌", "敵", "日本", "japanese", "enemy")
CHINA = ("国军", "國軍", "守军", "守軍", "我军", "我軍", "中国军", "中國軍", "第十军", "第十軍", "chinese", "garrison", "defenders")
ITEMS = {"round": "rounds", "aircraft": "aircraft", "piece": "guns", "ton": "tons", "division": "divisions",
         "regiment": "regiments", "battalion": "battalions", "km": "distance_km", "person": "people", "item": "items"}
SUBJECT_TYPES = ("Battle", "Campaign", "Phase", "Event")
_CLAUSE_END = re.compile(r"[。！？；;\n]|\.(?=\s|$)")


@dataclass(frozen=True)
class Mention:
    """An entity named in the text."""

    start: int
    end: int
    entity: str
    text: str


def entity_mentions(text: str, entities: dict[str, Entity]) -> list[Mention]:
    """Every entity named in ``text`` by a label (both scripts, English) or alias, longest first.

    English names match without regard to case, and a parenthesised gloss in an English
    label is left out (``Battle of Hengyang (campaign)`` is found as ``Battle of Hengyang``).
    """
    names: dict[str, str] = {}
    for eid, e in sorted(entities.items()):
        labels = [e.labels.zh_Hans, e.labels.zh_Hant, e.labels.en] + [a.text for a in e.aliases]
        for name in labels:
            if not name:
                continue
            key = fold(re.sub(r"\s*\(.*?\)\s*$", "", name)).lower()
            if len(key) >= 2 and (not key.isascii() or len(key) >= 4):
                names.setdefault(key, eid)
    folded = fold(text).lower()
    taken = [False] * len(text)
    out = []
    for key in sorted(names, key=lambda k: (-len(k), k)):
        pat = re.escape(key) if not key.isascii() else rf"\b{re.escape(key)}\b"
        for m in re.finditer(pat, folded):
            if not any(taken[m.start():m.end()]):
                taken[m.start():m.end()] = [True] * (m.end() - m.start())
                out.append(Mention(m.start(), m.end(), names[key], text[m.start():m.end()]))
    return sorted(out, key=lambda m: m.start)


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), cut to at most ~50 characters around the value."""
    a = max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0)
    m = _CLAUSE_END.search(text, end)
    b = m.start() if m else len(text)
    limit = 240 if _latin(text, start) else 60
    if b - a > limit:
        commas = [x.end() for x in re.finditer(r"[，,、：:]", text[a:start])]
        a = max(a, a + commas[-1]) if commas and start - (a + commas[-1]) < 40 else max(a, start - 30)
        m2 = re.search(r"[，,、]", text[end:b])
        b = end + m2.start() if m2 and m2.start() < 30 else min(b, end + 20)
    while a < start and text[a].isspace():
        a += 1
    while b > end and text[b - 1].isspace():
        b -= 1
    return a, b


def _latin(text: str, start: int) -> bool:
    around = text[max(0, start - 20):start + 20]
    return sum(c.isascii() for c in around) > 0.8 * max(1, len(around))


def _near(text: str, start: int, end: int, words: tuple[str, ...], before: int = 14, after: int = 8) -> str | None:
    """The first of ``words`` in the value or around it (three times wider in English, whose words are longer)."""
    own = fold(text[start:end]).lower()
    hit = next((w for w in words if w in own), None)
    if hit:
        return hit
    k = 3 if _latin(text, start) else 1
    window = fold(text[max(0, start - before * k):end + after * k]).lower()
    return next((w for w in words if w in window), None)


def _side(text: str, start: int, end: int) -> str | None:
    if _near(text, start, end, JAPAN, 16, 4):
        return "japan"
    if _near(text, start, end, CHINA, 16, 4):
        return "china"
    return None


@dataclass
class _Scan:
    text: str
    mentions: list[Mention]
    main: str
    year: int | None = None
    month: int | None = None


def _subject(scan: _Scan, start: int, types: Mapping[str, str]) -> str:
    a, _ = _clause(scan.text, start, start)
    sentence_start = max((m.end() for m in _CLAUSE_END.finditer(scan.text, 0, start)), default=0)
    near = [m for m in scan.mentions if min(a, sentence_start) <= m.start < start and types.get(m.entity) in SUBJECT_TYPES]
    return near[-1].entity if near else scan.main


def _date_candidate(scan: _Scan, m: re.Match, types: Mapping[str, str]) -> dict | None:
    raw = m.group(0).strip()
    normalized = None
    try:
        v = parse_date(raw)
    except ValueError_:
        later = re.search(r"\b(1[89][0-9]{2})\b", scan.text[m.end():m.end() + 40])
        if scan.year is None and later:  # 23 June – 8 August 1944: the year written once, after
            scan.year = int(later.group(1))
        if scan.year is None:
            return None
        v = None
        for base in ([f"{scan.year:04d}-{scan.month:02d}"] if scan.month else []) + [f"{scan.year:04d}"]:
            try:
                v = parse_date(raw, base)
                break
            except ValueError_:
                continue
        if v is None:
            return None
        normalized = v.point
    if v is None:
        return None
    y, mo = v.point[:4], v.point[5:7]
    scan.year, scan.month = int(y), int(mo) if mo else scan.month
    prop = next((p for words, p in DATE_PROPS if _near(scan.text, m.start(), m.end(), words, 6, 10)), "date")
    return {"property": prop, "subject": _subject(scan, m.start(), types), "value": raw, "normalized": normalized}


def _figure_candidate(scan: _Scan, m: re.Match, types: Mapping[str, str]) -> dict | None:
    raw = m.group(0).strip()
    if m.group("time"):
        try:
            parse_duration(raw)
        except ValueError_:
            return None
        planned = _near(scan.text, m.start(), m.end(), ("计划", "計劃", "预定", "預定", "planned", "expected"), 12, 4)
        return {"property": "plannedDuration" if planned else "duration", "subject": _subject(scan, m.start(), types),
                "value": raw}
    kw = next(((p, meas) for words, p, meas in KEYWORDS if _near(scan.text, m.start(), m.end(), words)), None)
    try:
        q = parse_quantity(raw)
    except ValueError_:
        return None
    if q.unit is None and kw is None:
        return None
    if q.unit in ("division", "regiment", "battalion") and not re.search(r"[个個]", raw):
        return None  # 预十师, 六十八师团: a unit's name, not a count
    if kw is None or q.unit in ("division", "regiment", "battalion") or (
            q.unit not in (None, "person", "percent") and kw[0] != "strength"):
        item = ITEMS.get(q.unit or "item", "items")
        return {"property": "amount", "subject": _subject(scan, m.start(), types), "value": raw,
                "qualifiers": {"item": item}}
    prop, measure = kw
    quals: dict = {"side": _side(scan.text, m.start(), m.end()) or ("china" if prop == "strength" else None)}
    if measure:
        quals["measure"] = measure
    return {"property": prop, "subject": _subject(scan, m.start(), types), "value": raw,
            "qualifiers": {k: v for k, v in quals.items() if v}}


def suggest(text: str, source_id: str, entities: dict[str, Entity], main: str | None = None) -> list[dict]:
    """Draft claims (as mappings for a claims file), in text order.  A claim names the
    battle or campaign the text names most, else ``main`` (the corpus's main event)."""
    mentions = entity_mentions(text, entities)
    types = {eid: e.type for eid, e in entities.items()}
    counted = Counter(m.entity for m in mentions if types.get(m.entity) in ("Battle", "Campaign"))
    main = counted.most_common(1)[0][0] if counted else (main or next(iter(sorted(entities)), "unknown"))
    scan = _Scan(text, mentions, main)
    found: list[tuple[int, int, dict]] = []
    taken = [False] * (len(text) + 1)
    for m in DATE_RE.finditer(text):
        if not m.group(0).strip() or not re.search(r"[0-9一二三四五六七八九十]", m.group(0)) and not re.search(_MON, m.group(0), re.IGNORECASE):
            continue
        c = _date_candidate(scan, m, types)
        if c:
            found.append((m.start(), m.end(), c))
            taken[m.start():m.end()] = [True] * (m.end() - m.start())
    for m in FIGURE_RE.finditer(text):
        if any(taken[m.start():m.end()]) or (m.start() > 0 and text[m.start() - 1] in "第") \
                or re.match(r"(?:st|nd|rd|th)\b", text[m.end():m.end() + 3]):
            continue
        if re.match(r"[0-9]+(?:[、和与及][0-9]+)*(?:军|師|师|团|團|旅|师团|師團|联队|聯隊)", text[m.start():]) and not m.group("unit"):
            continue
        c = _figure_candidate(scan, m, types)
        if c:
            found.append((m.start(), m.end(), c))
    found.sort(key=lambda x: x[0])
    out = []
    folded = fold(text)
    for n, (s, e, c) in enumerate(found, 1):
        a, b = _clause(text, s, e)
        quote = text[a:b]
        hits = occurrences(folded, fold(quote)) if quote else []
        claim = {"id": f"{source_id}-{n}", "subject": c["subject"], "property": c["property"], "value": c["value"]}
        if c.get("normalized"):
            claim["normalized"] = c["normalized"]
        if c.get("qualifiers"):
            claim["qualifiers"] = c["qualifiers"]
        claim["quote"] = quote
        if len(hits) > 1:
            claim["occurrence"] = hits.index(a) + 1
        names = sorted({(mm.entity, mm.text) for mm in mentions if a <= mm.start < b})
        if names:
            claim["note"] = "names: " + "; ".join(f"{t} = {eid}" for eid, t in names)
        claim["draft"] = True
        out.append(claim)
    return out


def to_yaml(source_id: str, claims: list[dict]) -> str:
    """A claims file of draft claims, in the layout of the curated files."""
    head = "# Draft claims proposed by 'hengyang-kg suggest'. Review each one against the source:\n" \
           "# fix subject, property, qualifiers and value, delete wrong ones, and delete 'draft: true'.\n"
    body = yaml.safe_dump({"source": source_id, "claims": claims}, allow_unicode=True, sort_keys=False, width=1000)
    return head + body
