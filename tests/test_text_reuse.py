"""Text reuse through the fingerprint index finds exactly what comparing every pair finds."""

from __future__ import annotations

import random
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.reconcile.text_reuse import (
    MIN_CHARS,
    candidate_pairs,
    find_reuse,
    pair_reuse,
)
from hengyang_kg.synth import Plan, write_project
from hengyang_kg.text.script_folding import fold

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


@settings(max_examples=15, deadline=None, derandomize=True)
@given(st.integers(0, 10**6))
def test_a_phrase_in_many_sources_finds_exactly_the_pairs_sharing_a_long_run(seed):
    """A phrase in more sources than the index compares pair by pair (its fingerprint shared by
    all of them): exactly the pairs whose texts share a run of MIN_CHARS characters are found,
    whatever the runs' lengths around the phrase, and their passages are every pair's."""
    rng = random.Random(seed)

    def text(n):
        return "".join(rng.choice(POOL) for _ in range(n))
    phrase = text(16)
    contexts = [(text(12), text(12)) for _ in range(4)]
    sources = []
    for x in range(40):
        left, right = rng.choice(contexts)
        cut_left, cut_right = rng.randrange(0, 13), rng.randrange(0, 13)
        sources.append(SimpleNamespace(id=f"s{x:02d}", text=text(rng.randrange(0, 40)) + left[12 - cut_left:]
                                       + phrase + right[:cut_right] + "。" + text(rng.randrange(0, 40))))
    ordered = sorted(sources, key=lambda s: s.id)
    squeezed = [fold(s.text).replace("。", "") for s in ordered]  # what the index compares: no punctuation
    runs = [{t[i:i + MIN_CHARS] for i in range(len(t) - MIN_CHARS + 1)} for t in squeezed]
    expected = {(x, y) for x in range(len(runs)) for y in range(x + 1, len(runs)) if runs[x] & runs[y]}
    assert candidate_pairs(ordered, MIN_CHARS) == expected
    assert find_reuse(sources) == every_pair(sources)
