"""The disagreements a historian knows are there, pinned with their positions and quotes."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hengyang_kg.reconcile import reconcile

from .conftest import BASE, PROJECT, ROOT
from .report_whole import report_data

pytestmark = pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")


def positions(recon, fid):
    f = recon.fact(fid)
    return f, {str(p.value): p for p in f.positions}


def claim_ids(p):
    return sorted(c.claim.id for c in p.claims)


def test_japanese_casualties_of_the_siege(recon):
    f, ps = positions(recon, "defence_of_hengyang.casualties.japan.killed_and_wounded")
    assert f.status == "conflict"
    assert set(ps) == {"19380", "30000", "60000", "70000"}
    # 000 sets the archives' 约6万 (given for the 衡阳会战) beside the 19380 as another record of the same losses
    assert claim_ids(ps["60000"]) == ["c000-039", "c000-247"]
    low = ps["19380"]
    assert claim_ids(low) == ["c000-243", "c002-201"]
    assert {c.claim.attributed_to for c in low.claims} == {"nihon_teikoku_rikugun_saigo"}
    assert low.independent_support == 1  # two sources, one cited work
    assert "總死傷19,380人" in next(c.exact for c in low.claims if c.claim.id == "c002-201")
    high = ps["70000"]
    assert claim_ids(high) == ["c002-196", "c003-191", "c004-046"]
    assert high.independent_support == 2  # 004 repeats 003's passage
    assert "致敵死傷7萬餘眾" in next(c.exact for c in high.claims if c.source.startswith("003"))
    kinds = {e.kind for e in f.explanations}
    assert {"measure", "attribution", "copying"} <= kinds


def test_the_campaign_figure_is_scope_not_conflict(recon):
    f, ps = positions(recon, "hengyang_campaign.strength.china")
    assert f.status == "agreement" and set(ps) == {"300000"}
    assert "defence_of_hengyang.strength.china" in f.related
    assert any(e.kind == "scope" and "30萬" in e.text and "衡阳保卫战" in e.text for e in f.explanations)


def test_length_of_the_defence(recon):
    f, ps = positions(recon, "defence_of_hengyang.duration")
    assert f.status == "conflict"
    assert set(ps) == {"44", "46", "47", "48"}  # 四十余天 and 四十四天 share [44, 44]: labelled inside it
    assert [c.claim.value for c in ps["46"].claims] == ["46个昼夜"]
    assert ps["46"].claims[0].value.reckoning == "day_night"
    assert sorted({c.source[:3] for c in ps["48"].claims}) == ["002"]
    assert {"四十四天", "四十余天"} <= {c.claim.value for c in ps["44"].claims}
    reckoning = next(e.text for e in f.explanations if e.kind == "reckoning")
    assert "48 (days; 002) = 22 June to 8 August counted inclusively" in reckoning
    assert "46 (day_night; 001) = 23 June to 8 August counted exclusively" in reckoning
    assert "44 (days; 001, 003) = 26 June to 8 August counted inclusively" in reckoning


def test_garrison_strength_without_chaining(recon):
    f, ps = positions(recon, "defence_of_hengyang.strength.china")
    assert f.status == "conflict"
    # named by a point inside the common interval [15500, 16000) or, as none is, the nearest: 16000 (004)
    assert set(ps) == {"16000", "17000", "17600"}
    assert {"c002-041", "c003-066", "c004-029"} <= set(claim_ids(ps["16000"]))  # 一万五千余人, 萬餘人, 16000人
    assert "c002-189" in claim_ids(ps["17600"])          # 17,600餘人
    assert "c000-092" in claim_ids(ps["17600"])          # 约1.8万人
    assert {"c001-011", "c003-061"} <= set(claim_ids(ps["17000"]))
    assert any(e.kind == "precision" and "17,600餘人" in e.text for e in f.explanations)


def test_dates_of_the_assaults(recon):
    f, ps = positions(recon, "third_general_assault.startDate")
    assert f.status == "conflict" and set(ps) == {"1944-07-30", "1944-08-04"}
    assert claim_ids(ps["1944-07-30"]) == ["c001-037"]
    assert {"000", "002", "003"} <= {c.source[:3] for c in ps["1944-08-04"].claims}
    f, ps = positions(recon, "second_general_assault.endDate")
    assert f.status == "conflict" and set(ps) == {"1944-07-16", "1944-07-19"}
    f, ps = positions(recon, "defence_of_hengyang.startDate")
    assert f.status == "conflict" and {"1944-06-22", "1944-06-23", "1944-06-26"} == set(ps)
    assert recon.fact("first_general_assault.startDate").status == "agreement"
    assert recon.fact("second_general_assault.startDate").status == "agreement"


def test_agreement_is_not_reported_as_conflict(recon):
    f, ps = positions(recon, "defence_of_hengyang.endDate")
    assert f.status == "agreement" and set(ps) == {"1944-08-08"}
    assert ps["1944-08-08"].independent_support >= 4
    assert not any(e.kind == "scope" for e in f.explanations)


def test_fates_that_exclude_each_other(recon):
    f, ps = positions(recon, "sakuma_tamehito.fate")
    assert f.status == "conflict" and set(ps) == {"killed", "wounded"}
    f = recon.fact("fang_xianjue.fate")
    assert f.status == "conflict"  # surrendered or captured: one event framed two ways (tests/test_judgement.py)


def test_text_reuse_between_sources(recon, corpus):
    pairs = {(r.a[:3], r.b[:3]): r for r in recon.reuse}
    r = pairs[("003", "004")]
    assert r.shared_chars > 700
    a, b = corpus.sources[r.a].text, corpus.sources[r.b].text
    assert any("1.7萬人的劣勢兵力" in a[p.a_start:p.a_end] and "1.7万人的劣势兵力" in b[p.b_start:p.b_end]
               for p in r.passages)
    assert ("001", "003") in pairs  # the same Japanese war-history passage quoted by both
    assert ("000", "001") not in pairs


def test_consistency_checks(recon):
    texts = Counter()
    for c in recon.checks:
        texts[c.kind] += 1
    assert {"measure_order", "event_order", "impossible_year", "self_contradiction"} <= set(texts)
    by_claims = {tuple(c.claims[:1]): c for c in recon.checks}
    assert "exceeds killed_and_wounded" in by_claims[("c004-047",)].text           # 4.8万 killed > 19,380 killed+wounded
    assert "before being captured" in by_claims[("c002-287",)].text                 # Zhou escapes in July
    assert any(c.kind == "impossible_year" and "c002-314" in c.claims for c in recon.checks)  # telegram "1945"
    assert any(c.kind == "self_contradiction" and c.claims == ("c004-005", "c004-046") for c in recon.checks)


def test_every_claim_is_in_exactly_one_fact_and_position(recon, corpus):
    seen = Counter(c.claim.id for f in recon.facts for p in f.positions for c in p.claims)
    assert set(seen) == {c.claim.id for c in corpus.claims}
    assert set(seen.values()) == {1}


def test_positions_never_chain(recon):
    for f in recon.facts:
        if f.kind in ("quantity", "date", "duration"):
            for p in f.positions:
                from hengyang_kg.reconcile.facts import interval

                lows, highs = [interval(c)[0] for c in p.claims], [interval(c)[1] for c in p.claims]
                assert max(lows) <= min(highs), f.id  # one common point for all claims


@settings(max_examples=5, deadline=None)
@given(st.randoms(use_true_random=False))
def test_reconciliation_does_not_depend_on_claim_order(corpus, recon, rnd):
    from dataclasses import replace

    shuffled = list(corpus.claims)
    rnd.shuffle(shuffled)
    other = reconcile(replace(corpus, claims=shuffled))
    assert report_data(other, corpus, BASE) == report_data(recon, corpus, BASE)




def test_duration_arithmetic_is_checked(tmp_path):
    """A source whose own start, end and duration do not add up."""
    import hashlib
    import shutil

    from hengyang_kg.curation.loader import load_corpus

    from .conftest import FIXTURES

    root = tmp_path / "p"
    shutil.copytree(FIXTURES / "mini", root)
    sid = "900_0123456789abcdef"
    text = "衡阳保卫战从1944年6月23日开始，到8月8日结束，历时40天。\n"
    (root / "data" / "sources" / f"{sid}.txt").write_text(text, encoding="utf-8")
    meta = root / "data" / "sources" / f"{sid}.yaml"
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    meta.write_text("\n".join(line if not line.startswith("sha256:") else f"sha256: {digest}"
                              for line in meta.read_text(encoding="utf-8").splitlines()) + "\n", encoding="utf-8")
    (root / "data" / "claims" / f"{sid}.yaml").write_text(f"""source: {sid}
claims:
- {{id: c900-001, subject: defence_of_hengyang, property: startDate, value: 1944年6月23日, quote: 从1944年6月23日开始}}
- {{id: c900-002, subject: defence_of_hengyang, property: endDate, value: 8月8日, normalized: 1944-08-08, quote: 到8月8日结束}}
- {{id: c900-003, subject: defence_of_hengyang, property: duration, value: 40天, quote: 历时40天}}
""", encoding="utf-8")
    recon = reconcile(load_corpus(root))
    checks = [c for c in recon.checks if c.kind == "duration_arithmetic"]
    assert len(checks) == 1
    assert "is 47 days counted inclusively (46 exclusively), but the source says 40天" in checks[0].text
    assert checks[0].claims == ("c900-001", "c900-002", "c900-003")
