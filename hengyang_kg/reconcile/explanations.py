"""Explanations of why figures differ, each a sentence a historian can check.

Kinds: ``scope`` (a related fact about a larger or smaller event), ``measure`` (the
same losses counted otherwise), ``reckoning`` (a duration against the start and end
dates claimed, counted inclusively or exclusively), ``attribution`` (a value that
rests on one cited work however many sources repeat it), ``copying`` (a position
held by sources that share the passage), ``precision`` (one figure is another
rounded or cut to a coarser step).

Each ``explain_*`` is a pure function of the claim groups: it yields
``(fact id, explanation)`` pairs and changes nothing; :func:`explain` collects them
per fact, in a fixed order, without repeats.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from hengyang_kg.curation.claims import Located
from hengyang_kg.curation.entities import entity_label
from hengyang_kg.curation.ids import short_id
from hengyang_kg.curation.loader import Corpus
from hengyang_kg.curation.properties import span_property
from hengyang_kg.reconcile.disputes import (
    explain_characterisation,
    explain_corroboration,
    explain_succession,
    holders,
    unexplained,
    wordings,
)
from hengyang_kg.reconcile.text_reuse import Reuse
from hengyang_kg.reconcile.types import ClaimGroup, Explanation
from hengyang_kg.text.dates import DateValue, Duration
from hengyang_kg.text.numerals import number_text
from hengyang_kg.text.quantities import Quantity

Notes = Iterator[tuple[str, Explanation]]  # (fact id, explanation), in the order found


def _fmt(v: object) -> str:
    if isinstance(v, (int, Decimal)):
        return number_text(v) if isinstance(v, Decimal) else f"{v:,}"
    return str(v)


def ancestors(corpus: Corpus, eid: str) -> list[str]:
    """Transitive part_of of an entity, nearest first."""
    out: list[str] = []
    todo = list(corpus.entities[eid].part_of) if eid in corpus.entities else []
    while todo:
        x = todo.pop(0)
        if x not in out:
            out.append(x)
            todo.extend(corpus.entities[x].part_of if x in corpus.entities else [])
    return out


def _part_whole(facts: Sequence[ClaimGroup], corpus: Corpus) -> Iterator[tuple[ClaimGroup, ClaimGroup]]:
    """(part, whole): the same property and qualifiers, about an event and one it is part of."""
    by_rest: dict[tuple[str, ...], list[ClaimGroup]] = defaultdict(list)
    for f in facts:
        by_rest[f.key[1:]].append(f)
    for group in by_rest.values():
        if len(group) < 2:
            continue
        subjects = {f.subject: f for f in group}
        for f in group:
            for anc in ancestors(corpus, f.subject):
                g = subjects.get(anc)
                if g is not None:
                    yield f, g


def related_facts(facts: Sequence[ClaimGroup], corpus: Corpus) -> dict[str, tuple[str, ...]]:
    """Facts about a part and its whole, both ways, sorted; every fact has an entry."""
    related: dict[str, set[str]] = {f.id: set() for f in facts}
    for f, g in _part_whole(facts, corpus):
        related[f.id].add(g.id)
        related[g.id].add(f.id)
    return {fid: tuple(sorted(r)) for fid, r in related.items()}


def explain_scope(facts: Sequence[ClaimGroup], corpus: Corpus) -> Notes:
    for f, g in _part_whole(facts, corpus):
        if not _confusable(corpus, f, g.subject) or _values(f) == _values(g):
            continue
        if corpus.entities[f.subject].type not in BIG and not _comparable_scale(f, g):
            continue
        text = (f"{entity_label(corpus.entities, f.subject)} is part of {entity_label(corpus.entities, g.subject)}: "
                f"{_summary(g)} for the whole, {_summary(f)} for the part — figures of different scope, "
                f"compared only within their own fact.")
        yield f.id, Explanation("scope", text)
        yield g.id, Explanation("scope", text)


BIG = {"Campaign", "Battle"}
SCALE = Decimal(10)  # a part whose figures are a tenth of the whole's or less is not worth comparing


def _comparable_scale(part: ClaimGroup, whole: ClaimGroup) -> bool:
    """Figures of a phase or position are compared with the whole's only when of comparable scale
    (not thirty men at one position against the whole garrison); dates and texts always are."""
    if part.kind != "quantity":
        return True
    big = max((p.value for p in part.positions if isinstance(p.value, (int, Decimal))), default=None)
    small = min((p.value for p in whole.positions if isinstance(p.value, (int, Decimal))), default=None)
    return big is None or small is None or big * SCALE > small


def _confusable(corpus: Corpus, part: ClaimGroup, whole: str) -> bool:
    """Scope is worth a sentence between a campaign and a battle, or for the figures of a phase."""
    t_part, t_whole = corpus.entities[part.subject].type, corpus.entities[whole].type
    return (t_part in BIG and t_whole in BIG) or (t_whole in BIG and part.kind == "quantity"
                                                  and part.claims[0].prop.scope_compared)


def _values(f: ClaimGroup) -> set[str]:
    return {str(p.value) for p in f.positions}


def _summary(f: ClaimGroup) -> str:
    return "; ".join(f"{wordings(p)} ({holders(p)})" for p in f.positions)


def explain_measure(facts: Sequence[ClaimGroup]) -> Notes:
    siblings: dict[tuple[str, str], list[ClaimGroup]] = defaultdict(list)
    for f in facts:
        if "measure" in f.claims[0].prop.required_qualifiers:  # figures that differ by what they count
            siblings[(f.subject, f.key.side)].append(f)
    for group in siblings.values():
        if len(group) < 2:
            continue
        for f in group:
            others = [g for g in group if g is not f]
            text = ("The same losses counted by another measure are separate facts: "
                    + "; ".join(f"{g.key.measure}: {_summary(g)}" for g in others)
                    + f". A {f.key.measure} figure is not compared with them.")
            yield f.id, Explanation("measure", text)


def _dates(dated: dict[tuple[str, str], ClaimGroup], subject: str, prop: str) -> list[tuple[dt.date, list[str]]]:
    """The exact day-precise dates of the first date fact on ``subject`` and ``prop``, with their sources."""
    f = dated.get((subject, prop))
    if f is None:
        return []
    out: dict[dt.date, set[str]] = {}
    for c in f.claims:
        v = c.value
        if isinstance(v, DateValue) and v.precision == "day" and v.approx == "exact" and v.lower:
            out.setdefault(v.lower, set()).add(short_id(c.source))
    return sorted((d, sorted(s)) for d, s in out.items())


def _reckonings(claims: Iterable[Located]) -> list[str]:
    return sorted({c.value.reckoning for c in claims if isinstance(c.value, Duration)})


def explain_reckoning(facts: Sequence[ClaimGroup]) -> Notes:
    dated: dict[tuple[str, str], ClaimGroup] = {}  # the first date fact of each subject and property
    for f in facts:
        if f.kind == "date":
            dated.setdefault((f.subject, f.property), f)
    props = {f.claims[0].prop.id: f.claims[0].prop for f in facts}.values()
    start, end, length = (span_property(props, r) for r in ("start", "end", "length"))
    for f in facts:
        if start is None or end is None or f.property != length or len(f.positions) < 2 and f.status == "agreement":
            continue
        starts, ends = _dates(dated, f.subject, start), _dates(dated, f.subject, end)
        if not starts or not ends:
            continue
        lines = []
        for p in f.positions:
            reck = _reckonings(p.claims)
            if p.lower is None or p.lower != p.upper or not isinstance(p.lower, Decimal) or not float(p.lower).is_integer():
                continue
            n = int(p.lower)
            fits = []
            for s, ss in starts:
                for e, es in ends:
                    span = (e - s).days
                    if span + 1 == n:
                        fits.append(f"{s:%-d %B} to {e:%-d %B} counted inclusively (start: {', '.join(ss)}; end: {', '.join(es)})")
                    elif span == n:
                        fits.append(f"{s:%-d %B} to {e:%-d %B} counted exclusively (start: {', '.join(ss)}; end: {', '.join(es)})")
            head = f"{n} ({'/'.join(reck)}; {holders(p)})"
            if fits:
                lines.append(f"{head} = " + " or ".join(fits))
            else:
                e = ends[-1][0]
                inc, exc = e - dt.timedelta(days=n - 1), e - dt.timedelta(days=n)
                lines.append(f"{head} matches no claimed start; ending {e:%-d %B} it implies a start on {inc:%-d %B} "
                             f"counted inclusively or {exc:%-d %B} exclusively")
        if lines:
            yield f.id, Explanation("reckoning", "Against the dates the sources give: " + ". ".join(lines) + ".")


def explain_calendar_months(facts: Sequence[ClaimGroup]) -> Notes:
    """A duration in months beside other durations: a calendar month has 28 to 31 days, so the
    months span a range of days (半个月 = 14 to 15.5 days, which holds 两周)."""
    for f in facts:
        if f.kind != "duration" or len({c.value.normalized for c in f.claims}) < 2:
            continue
        months = sorted((c for c in f.claims if isinstance(c.value, Duration) and c.value.reckoning == "months"),
                        key=lambda c: c.claim.id)
        if not months:
            continue
        spans = []
        for c in months:
            v = c.value
            assert isinstance(v, Duration)
            lo = "…" if v.lower is None else number_text(v.lower)
            hi = "…" if v.upper is None else number_text(v.upper)
            spans.append(f"{c.claim.value} ({short_id(c.source)}) spans {lo} to {hi} days")
        yield f.id, Explanation("reckoning", "Counted in calendar months (30 days as a rule, but a month has 28 to 31): "
                                + "; ".join(spans) + ".")


def explain_attribution(facts: Sequence[ClaimGroup], corpus: Corpus) -> Notes:
    for f in facts:
        for p in f.positions:
            cited = {c.claim.attributed_to for c in p.claims}
            if len(cited) == 1 and (work := cited.pop()) is not None:
                name = entity_label(corpus.entities, work)
                text = (f"{wordings(p)} is given as {name}'s figure by every source that reports it "
                        f"({holders(p)}): however many sources repeat it, it rests on one cited origin.")
                if len(p.sources) == 1 and len(p.claims) == 1:
                    text = f"{wordings(p)} is reported only second-hand, as {name}'s figure ({holders(p)})."
                yield f.id, Explanation("attribution", text)


def explain_copying(facts: Sequence[ClaimGroup], reuse: Iterable[Reuse]) -> Notes:
    pairs = {frozenset({r.a, r.b}): r for r in reuse}
    for f in facts:
        for p in f.positions:
            shared = [o for o in p.origins if len(o.sources) > 1 and "text shared" in o.reason]
            for o in shared:
                r = pairs.get(frozenset(o.sources[:2]))
                extra = f" ({r.shared_chars} characters in {len(r.passages)} passages in all)" if r else ""
                yield f.id, Explanation(
                    "copying", f"{wordings(p)} is held by {', '.join(short_id(s) for s in o.sources)} in a passage they share"
                               f"{extra}: it counts once.")


def _coarsened(b: Quantity, x: Decimal) -> str | None:
    """How the coarser figure ``b`` can be the finer figure ``x`` written to ``b``'s step, as ``b``'s
    words allow: a round figure stated exactly rounds or cuts, 约 rounds, 余/多 cuts; a count stated
    exactly below the round step (30 men) is not a rounded 31, and 不到/超过/近 are not roundings."""
    s, p = Decimal(b.step), Decimal(b.point)
    rounded = (x / s).quantize(Decimal(1), rounding="ROUND_HALF_UP") * s == p
    cut = (x // s) * s == p
    ways = {"exact": (rounded, cut) if b.rounding is not None else (False, False),
            "about": (rounded, False), "more_than": (False, cut)}.get(b.approx, (False, False))
    return "rounded to the nearest" if ways[0] else "cut down to a multiple of" if ways[1] else None


def explain_precision(facts: Sequence[ClaimGroup]) -> Notes:
    """A figure of one position that is a figure of another written to a coarser step (1.7万 for 17,600):
    for each coarser figure, the finest figures of other positions it can stand for."""
    for f in facts:
        if f.kind != "quantity" or f.status == "agreement":
            continue
        where = {c.claim.id: i for i, p in enumerate(f.positions) for c in p.claims}
        distinct = {(c.source, c.claim.value): c for c in sorted(f.claims, key=lambda c: c.claim.id, reverse=True)}
        claims = [(distinct[k], v) for k in sorted(distinct) if isinstance(v := distinct[k].value, Quantity)]
        for b, vb in claims:
            found = [(va.step, a, how) for a, va in claims
                     if va.step < vb.step and va.point != vb.point and where[a.claim.id] != where[b.claim.id]
                     and (how := _coarsened(vb, Decimal(va.point)))]
            finest = min((step for step, _, _ in found), default=None)
            for step, a, how in found:
                if step == finest:
                    yield f.id, Explanation(
                        "precision", f"{b.claim.value} ({short_id(b.source)}) is {a.claim.value} ({short_id(a.source)}) "
                                     f"{how} {_fmt(vb.step)}.")


def explain(facts: Sequence[ClaimGroup], corpus: Corpus,
            reuse: Iterable[Reuse]) -> dict[str, tuple[Explanation, ...]]:
    """Every applicable explanation of each fact, in a fixed order, each once; every fact has an entry."""
    found: dict[str, list[Explanation]] = {f.id: [] for f in facts}
    for fid, e in (*explain_scope(facts, corpus), *explain_measure(facts), *explain_reckoning(facts),
                   *explain_calendar_months(facts),
                   *explain_attribution(facts, corpus), *explain_copying(facts, reuse), *explain_precision(facts),
                   *explain_succession(facts), *explain_characterisation(facts, corpus),
                   *explain_corroboration(facts)):
        if e not in found[fid]:
            found[fid].append(e)
    for f in facts:  # every conflict carries an explanation, or says it has none
        note = unexplained(f, {e.kind for e in found[f.id]})
        if note is not None:
            found[f.id].append(note)
    return {fid: tuple(es) for fid, es in found.items()}
