"""Succession, characterisation, corroboration, unexplained conflicts, precise self-contradiction and
scope checks: each rule with a positive and a negative case (the rules are listed in docs/curation.md
and the README)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from hengyang_kg.curation.claims import FactKey
from hengyang_kg.curation.properties import claim_properties
from hengyang_kg.reconcile.explanations import _comparable_scale
from hengyang_kg.reconcile.facts import status_of
from hengyang_kg.reconcile.succession import characterisations, succession_groups
from hengyang_kg.reconcile.types import ClaimGroup, Position

from .conftest import PROJECT, ROOT

PROPS = claim_properties()
bundled = pytest.mark.skipif(ROOT != PROJECT, reason="about the bundled corpus")


def _claim(cid: str, follows: str | None = None):
    return SimpleNamespace(claim=SimpleNamespace(id=cid, follows=follows), source="002_x")


def _pos(value, *claims):
    return Position(value, None, None, tuple(claims), ())


def _kinds(fact):
    return {e.kind for e in fact.explanations}


# --- succession ---------------------------------------------------------------------


def test_values_in_succession_are_not_in_conflict():
    ps = (_pos("sakuma", _claim("c1")), _pos("tsutsumi", _claim("c2", follows="c1")))
    assert succession_groups(ps) == [[0, 1]]
    assert status_of(PROPS["commander"], ps) == "compatible"


def test_a_holder_no_succession_links_is_still_in_conflict():
    ps = (_pos("a", _claim("c1")), _pos("b", _claim("c2", follows="c1")), _pos("c", _claim("c3")))
    assert succession_groups(ps) == [[0, 1], [2]]
    assert status_of(PROPS["commander"], ps) == "conflict"


@bundled
def test_successors_named_by_the_sources(recon):
    f = recon.fact("ija_68th_division.commander")  # 佐久間為人 (後為堤三樹男)
    assert f.status == "compatible" and "succession" in _kinds(f)
    assert recon.fact("tenth_army.commander").status == "compatible"  # 李玉堂, then 方先覺; 方, 陈素农, 方
    f = recon.fact("defence_of_hengyang.amount.japan.divisions")  # 003's 4 then 5; 000's 2 and 004's 3 stay apart
    assert f.status == "conflict" and "succession" in _kinds(f) and "unexplained" in _kinds(f)


@bundled
def test_repeated_events_are_separate_facts(recon):
    ids = {f.id for f in recon.facts}
    two = {"airdrop_of_chiang_orders.date.occasion1", "airdrop_of_chiang_orders.date.occasion2"}  # 两次
    assert two <= ids
    assert {str(recon.fact(i).positions[0].value) for i in two} == {"1944-07-27", "1944-08-02"}
    assert all(recon.fact(i).status == "agreement" for i in two)
    assert "airdrop_of_chiang_orders.date" not in ids or recon.fact("airdrop_of_chiang_orders.date").status != "conflict"


# --- characterisation ----------------------------------------------------------------


def test_surrendered_and_captured_are_one_event_framed_two_ways():
    ps = (_pos("captured", _claim("c1")), _pos("surrendered", _claim("c2")))
    assert characterisations(ps, PROPS["fate"]) == [(0, 1, ("passing into the enemy's hands", "dateCaptured"))]
    assert status_of(PROPS["fate"], ps) == "conflict"


def test_escaped_and_released_are_one_event_framed_two_ways():
    ps = (_pos("escaped", _claim("c1")), _pos("released", _claim("c2")))
    assert characterisations(ps, PROPS["fate"]) == [(0, 1, ("leaving the enemy's captivity", "dateEscaped"))]
    assert status_of(PROPS["fate"], ps) == "conflict"
    attempt = (_pos("attempted_suicide", _claim("c1")), _pos("captured", _claim("c2")))
    assert characterisations(attempt, PROPS["fate"]) == [] and status_of(PROPS["fate"], attempt) == "compatible"


def test_fates_that_follow_one_another_stay_compatible():
    ps = (_pos("captured", _claim("c1")), _pos("escaped", _claim("c2", follows="c1")))
    assert characterisations(ps, PROPS["fate"]) == []
    assert status_of(PROPS["fate"], ps) == "compatible"
    stated = (_pos("captured", _claim("c1")), _pos("surrendered", _claim("c2", follows="c1")))
    assert characterisations(stated, PROPS["fate"]) == []  # the source says one came after the other


@bundled
def test_fang_surrender_or_capture_is_a_dispute(recon):
    f = recon.fact("fang_xianjue.fate")
    assert f.status == "conflict"
    text = next(e.text for e in f.explanations if e.kind == "characterisation")
    assert "surrendered" in text and "captured" in text and "passing into the enemy's hands" in text
    assert "001" in text and "004" in text
    released = next(e.text for e in f.explanations if e.kind == "characterisation" and "released" in e.text)
    assert "escaped" in released and "leaving the enemy's captivity" in released and "1944-08-08" not in released
    g = recon.fact("ge_xiancai.fate")  # captured, then escaped: a sequence
    assert g.status == "compatible" and "characterisation" not in _kinds(g)


# --- corroboration across measures ------------------------------------------------------


@bundled
def test_the_same_precise_figure_under_two_measures_is_linked(recon):
    killed = recon.fact("defence_of_hengyang.casualties.civilians.killed")
    other = "defence_of_hengyang.casualties.civilians.killed_and_wounded"
    assert other in killed.related and killed.id in recon.fact(other).related
    text = next(e.text for e in killed.explanations if e.kind == "corroboration")
    assert "3174" in text and "002" in text and "kept apart" in text


@bundled
def test_round_or_approximate_figures_do_not_corroborate(recon):
    f = recon.fact("defence_of_hengyang.casualties.japan.killed")  # 约2万人 (001) against 兩萬多人 (002, losses)
    assert "corroboration" not in _kinds(f)


# --- every conflict explained, or said to be unexplained ----------------------------------


@bundled
def test_every_conflict_carries_an_explanation_or_says_unexplained(recon):
    conflicts = [f for f in recon.facts if f.status == "conflict"]
    assert conflicts and all(f.explanations for f in conflicts)
    assert any(e.kind == "unexplained" and "Unexplained" in e.text for f in conflicts for e in f.explanations)
    assert "unexplained" not in _kinds(recon.fact("defence_of_hengyang.duration"))  # reckoning explains it
    assert not any(e.kind == "unexplained" for f in recon.facts if f.status != "conflict" for e in f.explanations)


# --- self-contradiction -------------------------------------------------------------------


@bundled
def test_self_contradiction_is_precise(recon):
    texts = [c.text for c in recon.checks if c.kind == "self_contradiction"]
    assert any("source 004 gives 30000余人 vs 7万余" in t for t in texts)  # a real one stays
    assert not any(t.startswith("defence_of_hengyang.duration:") for t in texts)  # reckoning accounts for them
    assert not any(t.startswith(("tenth_army.commander:", "ija_68th_division.commander:")) for t in texts)
    for c in recon.checks:
        if c.kind == "self_contradiction":  # never two claims the source gives as different origins only
            fact = recon.fact(c.text.split(":")[0])
            claims = [x for x in fact.claims if x.claim.id in c.claims]
            assert len({x.value.normalized for x in claims}) > 1


def test_self_contradiction_ignores_a_cited_work_beside_the_source_own_figure():
    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.reconcile import reconcile

    recon = reconcile(load_corpus(PROJECT / "tests" / "fixtures" / "mini"))
    f = recon.fact("defence_of_hengyang.casualties.japan.killed_and_wounded")
    assert f.status == "conflict"  # 19380 (cited) against 約6萬 (the source's own)
    assert not [c for c in recon.checks if c.kind == "self_contradiction"]


# --- scope ---------------------------------------------------------------------------------


def _group(fid, subject, values):
    return ClaimGroup(fid, FactKey(subject, "strength", "china"), "quantity", (),
                      tuple(_pos(v) for v in values), "agreement")


def test_scope_compares_only_parts_of_comparable_scale():
    whole = _group("b", "battle", [17000, 17600])
    assert _comparable_scale(_group("p", "phase", [6000]), whole)
    assert not _comparable_scale(_group("p", "position", [30]), whole)


@bundled
def test_scope_never_says_not_a_conflict(recon):
    scope = [(f, e) for f in recon.facts for e in f.explanations if e.kind == "scope"]
    assert scope and not any("not a conflict" in e.text for _, e in scope)
    f = recon.fact("hengyang_campaign.strength.china")
    assert any(e.kind == "scope" and "30萬" in e.text for e in f.explanations)


# --- independent origins -----------------------------------------------------------------


@bundled
def test_forty_odd_days_rests_on_one_book(recon):
    f = recon.fact("defence_of_hengyang.duration")
    p = next(p for p in f.positions if any(c.claim.id == "c001-057" for c in p.claims))
    cited = {c.claim.attributed_to for c in p.claims if c.claim.value in ("四十余天", "四十餘天")}
    assert cited == {"nihon_teikoku_rikugun_saigo"}  # 001 and 003 quote one book, one entity
    assert p.independent_support == 1


# --- one entity per cited work (validate) ------------------------------------------------------


def _cited(cid, source, work, exact, value):
    return SimpleNamespace(claim=SimpleNamespace(id=cid, attributed_to=work, value=value, subject="defence_of_hengyang"),
                           source=source, exact=exact,
                           file=f"data/claims/{source}.yaml", line=7)


WORKS = {"war_history": SimpleNamespace(type="Work"), "senshi": SimpleNamespace(type="Work")}


def test_two_work_entities_quoted_with_one_passage_are_flagged():
    from hengyang_kg.curation.works import overlapping_works

    a = _cited("c001-057", "001_x", "war_history", "敵人之守將方先覺將軍，亙四十餘天之激戰中", "四十餘天")
    b = _cited("c003-142", "003_x", "senshi", "據日本戰史：敵人之守将方先觉将军…亘四十余天之激战中", "四十余天")
    errors = overlapping_works([a, b], WORKS)
    assert len(errors) == 1
    e = errors[0]
    assert (e.file, e.line) == ("data/claims/001_x.yaml", 7)  # at the claim of the second work by id
    assert "'senshi'" in e.message and "'war_history'" in e.message and "one work" in e.message
    assert "alias" in e.hint


def test_works_with_different_passages_or_one_source_are_not_flagged():
    from hengyang_kg.curation.works import overlapping_works

    a = _cited("c001-057", "001_x", "war_history", "敵人之守將方先覺將軍，亙四十餘天之激戰中", "四十餘天")
    other = _cited("c003-001", "003_x", "senshi", "日軍傷亡一萬九千三百八十人，敵人之守將方先覺將軍", "四十餘天")
    same_source = _cited("c001-058", "001_x", "senshi", "敵人之守將方先覺將軍，亙四十餘天之激戰中", "四十餘天")
    assert overlapping_works([a, other], WORKS) == []
    assert overlapping_works([a, same_source], WORKS) == []
    elsewhere = _cited("c003-142", "003_x", "senshi", "據日本戰史：敵人之守将方先觉将军…亘四十余天之激战中", "四十余天")
    elsewhere.claim.subject = "changsha_campaign"  # the same words about another subject: not one passage
    assert overlapping_works([a, elsewhere], WORKS) == []


@bundled
def test_the_bundled_corpus_files_each_work_once(corpus):
    from hengyang_kg.curation.works import overlapping_works

    assert overlapping_works(corpus.claims, corpus.entities) == []


@bundled
def test_the_two_japanese_war_history_entities_would_be_flagged(corpus):
    """Undo the merge: 003's quotes of the war history filed under a second work entity."""
    from dataclasses import replace

    from hengyang_kg.curation.works import overlapping_works

    split = [replace(c, claim=c.claim.model_copy(update={"attributed_to": "japanese_war_history"}))
             if c.source.startswith("003") and c.claim.attributed_to == "nihon_teikoku_rikugun_saigo" else c
             for c in corpus.claims]
    works = {**corpus.entities, "japanese_war_history": SimpleNamespace(type="Work")}
    errors = overlapping_works(split, works)
    assert len(errors) == 1
    e = errors[0]
    assert "'japanese_war_history' and 'nihon_teikoku_rikugun_saigo'" in e.message
    assert e.file.startswith("data/claims/00") and e.line > 1 and "敌人之守将方先觉将军" in e.message
