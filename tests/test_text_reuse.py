"""Text reuse through the fingerprint index finds exactly what comparing every pair finds."""

from __future__ import annotations

import random
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.reconcile.text_reuse import MIN_CHARS, candidate_pairs, find_reuse, pair_reuse
from hengyang_kg.synth import Plan, write_project

from .conftest import ROOT


def every_pair(sources, min_chars=MIN_CHARS):
    ordered = sorted(sources, key=lambda s: s.id)
    return [r for x, a in enumerate(ordered) for b in ordered[x + 1:] if (r := pair_reuse(a, b, min_chars))]


def test_the_index_gives_the_same_passages_as_every_pair_on_the_real_corpus():
    sources = load_corpus(ROOT).sources.values()
    found = find_reuse(sources)
    assert found == every_pair(sources)
    assert len(found) >= 4


def test_the_index_gives_the_same_passages_as_every_pair_on_a_synthetic_corpus(tmp_path):
    write_project(Plan(3000, 30, seed=7, reuse=0.2), tmp_path)
    sources = load_corpus(tmp_path).sources.values()
    found = find_reuse(sources)
    assert found == every_pair(sources)
    assert len(found) >= 6


POOL = "衡阳保卫战日军守军伤亡约万人余近天昼夜师团军长指挥官于始终结束打响"


@settings(max_examples=40, deadline=None, derandomize=True)
@given(st.integers(0, 10**6), st.integers(10, 40))
def test_planted_passages_are_found_whatever_their_length(seed, length):
    rng = random.Random(seed)

    def text(n):
        return "".join(rng.choice(POOL) for _ in range(n))
    shared = text(length)
    a = SimpleNamespace(id="a", text=text(rng.randrange(0, 80)) + shared + "。" + text(60))
    b = SimpleNamespace(id="b", text=text(30) + "，" + shared + text(rng.randrange(0, 80)))
    c = SimpleNamespace(id="c", text=text(200))
    assert find_reuse([a, b, c]) == every_pair([a, b, c])
    if length >= MIN_CHARS:
        assert (0, 1) in candidate_pairs([a, b, c], MIN_CHARS)
