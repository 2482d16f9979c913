"""A synthetic project directory with the shape of the real corpus, for benchmarks.

``write_project(Plan(claims=N, sources=S, seed=K), out)`` writes ``out/data/`` —
source texts and their metadata, the entity registry, one claims file per source —
which the real loader reads like curated data. The same plan gives byte-identical files.

The shape of the real corpus:

- events (battles), ten facts each: Japanese casualties, Chinese killed, the garrison's
  strength, rounds spent, start and end dates, the duration, the commander, the place
  and a unit that took part;
- each fact is claimed by one to four sources (2.55 on average, like the real corpus's
  busiest facts); ``conflict`` (40% by default) of the facts have positions that cannot
  all hold (different figures, dates, durations, commanders or places); of the others
  some agree word for word and some are compatible (约6万人 and 60000人);
- figures written as sources write them: exact (19380人), approximate (约6万人), more
  than (1.7万余人), nearly (近2万人), ranges (5000至6000人); dates to the day or to the
  month; durations in days or day-and-nights;
- about a tenth of the claims are attributed to a cited work (据《…》记载, ``attributed_to``);
  the claims of one fact that cite a work cite the same one, and a copied passage keeps the
  works its claims cite, so two work entities are never quoted with one passage (``validate``
  checks that);
- every other source is in traditional script (OpenCC, sentence by sentence where the
  conversion folds back character by character);
- ``reuse`` (10% by default) of the sources copy a passage of three sentences from each
  of one or two other sources, with the claims those sentences carry.

The plan and what was generated (counts, the copying pairs) is written to ``out/synth.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from hengyang_kg.text.script_folding import fold, to_simplified, to_traditional

KINDS = ("encyclopedia_entry", "news_article", "wiki_article", "book_excerpt", "blog_post")
NUMBERED = 1000  # up to this many sources, ids are numbered like the bundled ones: NNN_<16 hex>, cNNN-NNNN
SOURCES_PER_FACT = ((1, 10), (2, 40), (3, 35), (4, 15))  # (sources, weight): 2.55 on average
ATTRIBUTED = 0.1
COPIED_SENTENCES = 3
P1 = "青白黑红金石龙凤马牛云风雷山水东西南北长高新老大小上下中平安永福"
P2 = "石山河江湖岭峰桥林溪港湾关口岗坡洲塘泉谷田家门台"
P3 = "阳源头尾背前后里外沙"
P4 = "镇村城堡寨铺集坪市庄"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟姜崔谭陆范汪廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛段雷龙黎史陶贺顾毛郝龚邵万覃武钱严莫孔"
GIVEN = "德明志国建文华伟刚勇军毅俊杰宏光振兴世安鹏飞云龙海天成立正清树松柏"
ECHELONS = "军师旅团"


@dataclass(frozen=True)
class Plan:
    """What to generate: ``claims`` claims from ``sources`` sources, drawn with ``seed``."""

    claims: int
    sources: int
    seed: int = 0
    reuse: float = 0.1
    conflict: float = 0.4

    def problem(self) -> str | None:
        """What is wrong with the plan, or None."""
        if self.sources < 1 or self.claims < 1:
            return "--claims and --sources must be at least 1"
        if self.sources > self.claims:
            return "--sources must not exceed --claims"
        if not (0 <= self.reuse <= 1 and 0 <= self.conflict <= 0.9):
            return "--reuse is a fraction between 0 and 1, --conflict between 0 and 0.9"
        return None


@dataclass
class _Claim:
    subject: str
    prop: str
    qualifiers: dict
    sentence: str  # simplified script; the value stands at [at, at + len(value))
    at: int
    value: str
    entity: str | None = None
    attributed_to: str | None = None


def _round_trips(pool: str) -> str:
    """The characters of ``pool`` that come back from traditional script one by one."""
    return "".join(c for c in dict.fromkeys(pool) if len(to_traditional(c)) == 1 and to_simplified(to_traditional(c)) == c)


def _namer(rng: random.Random, *pools: str):
    """Distinct names over the product of the pools, in a seeded order."""
    pools = tuple(_round_trips(p) for p in pools)
    total = 1
    for p in pools:
        total *= len(p)
    step = rng.randrange(1, total)
    while _gcd(step, total) != 1:
        step += 1

    def name(i: int) -> str:
        k, out = (i * step) % total, []
        for pool in pools:
            k, r = divmod(k, len(pool))
            out.append(pool[r])
        return "".join(out) + ("" if i < total else _cn(i // total))
    return name


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


def _cn(n: int) -> str:
    """A disambiguating suffix without digits (甲乙丙… in base 10)."""
    stems = "甲乙丙丁戊己庚辛壬癸"
    out = ""
    while n:
        n, r = divmod(n, 10)
        out = stems[r] + out
    return out


def _figure(n: int, style: str, unit: str) -> str:
    """A count as a source writes it: ``19380人``, ``约6万人``, ``1.7万余人``, ``5000至6000人`` …"""
    step = 10 ** max(len(str(n)) - 2, 0)
    r = max(n // step * step, step)

    def wan(x: int) -> str:
        return f"{x / 10000:g}万" if x >= 10000 and x % 1000 == 0 else str(x)
    return {"exact": f"{n}{unit}", "round": f"{r}{unit}", "about": f"约{wan(r)}{unit}",
            "more_than": f"{wan(r)}余{unit}", "nearly": f"近{wan(r)}{unit}",
            "range": f"{r}至{r + 2 * step}{unit}"}[style]


def _date(day: int, month_only: bool = False) -> str:
    d = dt.date(1944, 1, 1) + dt.timedelta(days=day)
    return f"1944年{d.month}月" if month_only else f"1944年{d.month}月{d.day}日"


class _World:
    """Events, their entities and facts; entities are registered as they are used."""

    def __init__(self, rng: random.Random, works: int):
        self.rng = rng
        self.place = _namer(rng, P1, P2, P3, P4)
        self.person = _namer(rng, SURNAMES, GIVEN, GIVEN)
        self.entities: dict[str, dict] = {}
        self.works = [self.entity(f"work_{k:05d}", "Work", self.person(k) + "回忆录", f"Memoir {k}")
                      for k in range(works)]

    def entity(self, eid: str, etype: str, label: str, en: str, side: str | None = None) -> str:
        if eid not in self.entities:
            self.entities[eid] = {"id": eid, "type": etype, "label": label, "en": en, "side": side}
        return eid

    def facts(self, e: int) -> list[tuple[str, dict, tuple[str, str], Callable[[bool], list]]]:
        """Event ``e``'s facts: (property, qualifiers, two sentence templates, values(conflict) → positions)."""
        rng = self.rng
        start, length, big = rng.randrange(0, 280), rng.randrange(3, 60), rng.randrange(2000, 90000)
        styles = rng.sample(["about", "more_than", "nearly", "range"], 2)

        def figures(n: int, unit: str):
            return lambda c: ([_figure(n, "exact", unit), _figure(int(n * 1.8), "about", unit),
                               _figure(int(n * 3.1), "more_than", unit)] if c else
                              [_figure(n, styles[0], unit), _figure(n, "round", unit), _figure(n, styles[0], unit)])

        def entity_of(prefix: str, etype: str, label: str, en: str, side: str | None = None):
            return self.entity(f"{prefix}_{e:06d}", etype, label, en, side), label
        people = [(self.entity(f"person_{e:06d}_{k}", "Person", self.person(3 * e + k), f"Commander {e}-{k}", "china"),
                   self.person(3 * e + k)) for k in range(3)]
        places = [entity_of("place", "Place", self.place(3 * e + 1), f"Place {e}"),
                  (self.entity(f"place_{e:06d}_b", "Place", self.place(3 * e + 2), f"Place {e}b"), self.place(3 * e + 2))]
        unit = entity_of("unit", "MilitaryUnit", self.place(3 * e + 1)[:2] + f"第{e % 97 + 1}" + ECHELONS[e % 4],
                         f"Unit {e}", "china")
        return [
            ("casualties", {"side": "japan", "measure": "killed_and_wounded"}, ("{e}中，日军死伤{v}。", "{e}一役，日军共伤亡{v}。"),
             figures(big, "人")),
            ("casualties", {"side": "china", "measure": "killed"}, ("{e}中，守军阵亡{v}。", "守军在{e}中牺牲{v}。"),
             figures(big // 3 + 7, "人")),
            ("strength", {"side": "china"}, ("参加{e}的守军兵力为{v}。", "{e}时守军共有{v}。"), figures(big // 2 + 11, "人")),
            ("amount", {"item": "rifle_rounds"}, ("{e}中，守军消耗子弹{v}。", "守军在{e}中打出子弹{v}。"), figures(big * 7, "发")),
            ("startDate", {}, ("{e}始于{v}。", "{e}于{v}打响。"),
             lambda c: [_date(start), _date(start + 2), _date(start + 5)] if c else [_date(start)] * 3),
            ("endDate", {}, ("{e}结束于{v}。", "{e}至{v}告终。"),
             lambda c: ([_date(start + length + d) for d in (0, 3, 7)] if c else
                        [_date(start + length), _date(start + length), _date(start + length, True)])),
            ("duration", {}, ("{e}历时{v}。", "{e}前后坚持了{v}。"),
             lambda c: [f"{length}天", f"{length + 2}个昼夜", f"{length + 5}天"] if c else [f"{length}天"] * 3),
            ("commander", {"side": "china"}, ("{e}的守军指挥官是{v}。", "{v}指挥了{e}。"),
             lambda c: people if c else people[:1] * 3),
            ("location", {}, ("{e}发生在{v}。", "{e}的战场在{v}。"), lambda c: places + places[:1] if c else places[:1] * 3),
            ("participant", {"side": "china"}, ("参加{e}的部队有{v}。", "{v}参加了{e}。"), lambda c: [unit] * 3),
        ]


def generate(plan: Plan) -> tuple[dict, list[dict]]:
    """Entities and sources (each with its text and claims), in memory."""
    rng = random.Random(plan.seed)
    world = _World(rng, max(3, plan.sources // 5))
    per_source: list[list[_Claim]] = [[] for _ in range(plan.sources)]
    sizes, weights = zip(*SOURCES_PER_FACT)
    p_conflict = plan.conflict / (1 - SOURCES_PER_FACT[0][1] / sum(weights))
    made, e, facts, conflicts = 0, 0, 0, 0
    while made < plan.claims:
        ev = world.entity(f"battle_{e:06d}", "Battle", world.place(3 * e) + "之战", f"Battle {e}")
        label = world.entities[ev]["label"]
        for prop, qualifiers, templates, values in world.facts(e):
            m = min(rng.choices(sizes, weights)[0], plan.claims - made, plan.sources)
            if m <= 0:
                break
            conflict = m > 1 and rng.random() < p_conflict
            positions = values(conflict)
            facts, conflicts, made = facts + 1, conflicts + conflict, made + m
            cited: str | None = None  # the work this fact's figures come from, when a source cites one
            for i, s in enumerate(rng.sample(range(plan.sources), m)):
                v = positions[i % len(positions)]
                entity, text = v if isinstance(v, tuple) else (None, v)
                head, tail = templates[rng.randrange(2)].split("{v}")
                head, tail = head.format(e=label), tail.format(e=label)
                work = None
                if rng.random() < ATTRIBUTED:  # one work per fact: the same sentence never cites two works
                    work = cited = cited or rng.choice(world.works)
                if work:
                    head = f"据《{world.entities[work]['label']}》记载，" + head
                per_source[s].append(_Claim(ev, prop, qualifiers, head + text + tail, len(head), text, entity, work))
        e += 1
    copies = _copy_passages(rng, plan, per_source)
    sources = [_source(k, plan.sources, claims) for k, claims in enumerate(per_source)]
    entities = sorted(world.entities.values(), key=lambda x: x["id"])
    summary = {"plan": asdict(plan), "claims": made, "facts": facts, "facts_planned_in_conflict": conflicts,
               "events": e, "entities": len(entities), "copies": copies}
    return summary, [{"entities": entities}] + sources


def _copy_passages(rng: random.Random, plan: Plan, per_source: list[list[_Claim]]) -> list[list[int]]:
    """Some sources take three sentences from one or two others, replacing claims of their own."""
    for claims in per_source:
        rng.shuffle(claims)
    order = list(range(plan.sources))
    rng.shuffle(order)
    n = min(round(plan.reuse * plan.sources), plan.sources // 2)
    copiers, donors = order[:n], sorted(order[n:])
    pairs = []
    for c in sorted(copiers):
        for d in sorted(rng.sample(donors, min(len(donors), rng.choice((1, 2))))):
            taken = per_source[d][:COPIED_SENTENCES]
            if len(taken) < COPIED_SENTENCES or len(per_source[c]) < 2 * COPIED_SENTENCES:
                continue
            keys = {(x.subject, x.prop, tuple(sorted(x.qualifiers.items()))) for x in taken}
            own = [x for x in per_source[c] if (x.subject, x.prop, tuple(sorted(x.qualifiers.items()))) not in keys]
            drop = len(per_source[c]) - len(own)
            own = own[: len(own) - (COPIED_SENTENCES - drop)] if drop < COPIED_SENTENCES else own
            at = rng.randrange(len(own) + 1)
            per_source[c] = own[:at] + [_Claim(**vars(x)) for x in taken] + own[at:]
            pairs.append([d, c])
    return pairs


def _in_script(sentence: str, hant: bool) -> str:
    """The sentence in traditional script when ``hant`` and the conversion folds back, else as it is."""
    if not hant:
        return sentence
    t = to_traditional(sentence)
    return t if len(t) == len(sentence) and fold(t) == fold(sentence) else sentence


def _source(k: int, total: int, claims: list[_Claim]) -> dict:
    hant = k % 2 == 1
    title = f"衡阳战事资料第{k + 1}篇"
    lines, paragraph, out = [_in_script(title, hant)], [], []
    for i, c in enumerate(claims):
        s = _in_script(c.sentence, hant)
        paragraph.append(s)
        out.append((c, s))
        if len(paragraph) == 6 or i == len(claims) - 1:
            lines.append("".join(paragraph))
            paragraph = []
    text = "\n".join(lines) + "\n"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    sid = f"{k:0{3 if total <= NUMBERED else len(str(total - 1))}d}_{digest[:16]}"
    meta = {"id": sid, "title": title, "title_en": f"Records of the Hengyang fighting, part {k + 1}",
            "kind": KINDS[k % len(KINDS)], "language": "zh", "script": "zh-Hant" if hant else "zh-Hans",
            "publisher": "synthetic corpus", "sha256": digest,
            "description": "Generated by hengyang-kg synth: sentences of claims, for benchmarks."}
    return {"meta": meta, "text": text, "claims": out}


def _q(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)


ENTITY_FILE_BYTES = 4 << 20  # a registry larger than this is split (data/entities/*.yaml), as curators would


def _entities_yaml(entities: list[dict]) -> list[str]:
    """The registry as one file, or as several of at most about ENTITY_FILE_BYTES each."""
    files: list[str] = []
    out, size = ["# Generated by hengyang-kg synth."], 0
    for x in entities:
        side = f", side: {x['side']}" if x["side"] else ""
        line = f"- {{id: {x['id']}, type: {x['type']}, labels: {{zh-Hans: {_q(x['label'])}, en: {_q(x['en'])}}}{side}}}"
        size += len(line.encode("utf-8")) + 1
        if size > ENTITY_FILE_BYTES:
            files.append("\n".join(out) + "\n")
            out, size = ["# Generated by hengyang-kg synth (continued)."], len(line.encode("utf-8")) + 1
        out.append(line)
    return files + ["\n".join(out) + "\n"]


def _claims_yaml(source: dict) -> str:
    sid = source["meta"]["id"]
    out = [f"source: {_q(sid)}", "claims:" if source["claims"] else "claims: []"]
    if not source["claims"]:
        out.append("no_claims: a generated source whose sentences all went to other sources")
    for n, (c, sentence) in enumerate(source["claims"], 1):
        quote = sentence.rstrip("。")
        out.append(f"- id: c{sid.split('_')[0]}-{n:04d}")
        out.append(f"  subject: {c.subject}")
        out.append(f"  property: {c.prop}")
        if c.qualifiers:
            out.append("  qualifiers: {" + ", ".join(f"{k}: {v}" for k, v in c.qualifiers.items()) + "}")
        out.append(f"  value: {_q(sentence[c.at:c.at + len(c.value)])}")
        if c.entity:
            out.append(f"  entity: {c.entity}")
        if c.attributed_to:
            out.append(f"  attributed_to: {c.attributed_to}")
        out.append(f"  quote: {_q(quote)}")
    return "\n".join(out) + "\n"


def _meta_yaml(meta: dict) -> str:
    return "".join(f"{k}: {_q(v)}\n" for k, v in meta.items())


def write_project(plan: Plan, out: Path, progress=None) -> dict:
    """Write ``out/data/`` (sources, entities, claims) and ``out/synth.json``; return the summary."""
    summary, (registry, *sources) = generate(plan)
    data = out / "data"
    for sub in ("sources", "claims", "entities"):
        (data / sub).mkdir(parents=True, exist_ok=True)
        for old in (data / sub).glob("*"):
            old.unlink()
    first, *more = _entities_yaml(registry["entities"])
    (data / "entities.yaml").write_text(first, encoding="utf-8")
    for n, text in enumerate(more, 1):
        (data / "entities" / f"{n:04d}.yaml").write_text(text, encoding="utf-8")
    if not more:
        (data / "entities").rmdir()
    for i, s in enumerate(sources, 1):
        sid = s["meta"]["id"]
        (data / "sources" / f"{sid}.txt").write_bytes(s["text"].encode("utf-8"))
        (data / "sources" / f"{sid}.yaml").write_text(_meta_yaml(s["meta"]), encoding="utf-8")
        (data / "claims" / f"{sid}.yaml").write_text(_claims_yaml(s), encoding="utf-8")
        if progress:
            progress(i, len(sources))
    summary["copies"] = [[sources[d]["meta"]["id"], sources[c]["meta"]["id"]] for d, c in summary["copies"]]
    (out / "synth.json").write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return summary
