"""The streamed build: the five exports written part by part (and joined from cached
fragments) are byte-identical to the whole-dataset serialisers, whatever the parts."""

from __future__ import annotations

import hashlib
import io
import itertools
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.rdf import build, fragments
from hengyang_kg.rdf import jsonld as jsonld_mod
from hengyang_kg.rdf.build import dataset_quads
from hengyang_kg.rdf.chunk_cache import FragmentCache
from hengyang_kg.rdf.fragments import (
    Fragment,
    all_fragments,
    joins,
    ntriples,
    turtle_tail,
)
from hengyang_kg.rdf.jsonld import Compactor
from hengyang_kg.rdf.serialise import EXPORTS, serialise_all
from hengyang_kg.rdf.stream import Exports, Writer
from hengyang_kg.reconcile import reconcile

from .conftest import BASE, FIXTURES


@pytest.fixture(scope="module")
def synth_corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("stream") / "synth"
    subprocess.run([sys.executable, "-m", "hengyang_kg.cli", "--quiet", "synth", "--claims", "400", "--sources", "7",
                    "--seed", "5", "--out", str(root)], check=True, capture_output=True)
    corpus = load_corpus(root)
    return corpus, reconcile(corpus)


def _written(corpus, recon, out: Path, cache: FragmentCache | None = None) -> dict[str, bytes]:
    out.mkdir(parents=True, exist_ok=True)
    exports = Exports(corpus, BASE, recon, cache)
    hashes = exports.write(out)
    files = {name: (out / name).read_bytes() for name in EXPORTS}
    assert sorted(p.name for p in out.iterdir()) == sorted(EXPORTS)  # the spools leave nothing behind
    assert hashes == {name: hashlib.sha256(data).hexdigest() for name, data in files.items()}
    assert exports.quads == len(dataset_quads(corpus, BASE, recon))
    return files


@pytest.mark.parametrize("batch", [None, 3])
def test_streamed_exports_equal_the_whole_serialisation(corpus, recon, quads, tmp_path, monkeypatch, batch):
    if batch:  # whole-corpus parts cut into many small pieces: every join within a graph is exercised
        monkeypatch.setattr(build, "BATCH", batch)
        monkeypatch.setattr(jsonld_mod, "CACHED", 10)  # and JSON-LD's IRI cache cleared again and again
    assert _written(corpus, recon, tmp_path) == serialise_all(quads, BASE)


def test_streamed_exports_of_a_synthetic_corpus(synth_corpus, tmp_path, monkeypatch):
    corpus, recon = synth_corpus
    expected = serialise_all(dataset_quads(corpus, BASE, recon), BASE)
    assert _written(corpus, recon, tmp_path / "a") == expected
    monkeypatch.setattr(build, "BATCH", 5)
    monkeypatch.setattr(fragments, "TAIL_BATCH", 2)  # Turtle's sorted tail in batches, none splitting a subject
    assert _written(corpus, recon, tmp_path / "b") == expected


def test_the_fixture_corpus_streams_to_the_golden_files(tmp_path):
    mini = load_corpus(FIXTURES / "mini")
    got = _written(mini, reconcile(mini), tmp_path)
    golden = Path(__file__).resolve().parent / "golden"
    for name in EXPORTS:
        assert got[name] == (golden / f"mini.{name}").read_bytes(), name


def test_fragments_from_the_cache_give_the_same_exports(synth_corpus, tmp_path):
    corpus, recon = synth_corpus
    cache = FragmentCache(tmp_path / "cache", BASE)
    cold = _written(corpus, recon, tmp_path / "cold", cache)
    assert cache.hits == 0 and cache.misses == len(build.claim_runs(corpus)) > 1
    warm = _written(corpus, recon, tmp_path / "warm", cache)
    assert cache.hits == len(build.claim_runs(corpus))
    assert warm == cold == serialise_all(dataset_quads(corpus, BASE, recon), BASE)
    other = FragmentCache(tmp_path / "cache", "http://example.org/other/")  # another base: other keys
    assert all(other.key(corpus.file_keys[r.source], r) != cache.key(corpus.file_keys[r.source], r)
               for r in build.claim_runs(corpus))


def _subject_cuts(quads: list[ox.Quad]) -> list[int]:
    return [i for i in range(1, len(quads)) if quads[i].subject != quads[i - 1].subject]


@settings(max_examples=25, deadline=None)
@given(st.data())
def test_fragments_join_into_one_serialisation_wherever_cut(quads, data):
    """Any run of the dataset cut anywhere between subjects: its fragments, each serialised
    alone (with pyoxigraph's prefix header, stripped), join into the serialisation of
    the whole run; the prefixes are written once."""
    described = [q for q in quads if fragments.is_described(q)]  # the claims' graphs are cut per claim anyway
    start = data.draw(st.integers(0, len(described) - 2))
    run = described[start:start + data.draw(st.integers(2, 400))]
    cuts = sorted(set(data.draw(st.lists(st.sampled_from(_subject_cuts(run) or [len(run)]), max_size=8))))
    pieces = [run[a:b] for a, b in zip([0, *cuts], [*cuts, len(run)]) if a < b]
    compact = Compactor(BASE)
    whole = all_fragments(run, BASE, compact)
    for name in ("hengyang.trig", "hengyang.nq", "hengyang.ttl", "hengyang.jsonld"):
        def joined(frags: list[Fragment], name: str = name) -> bytes:
            buf = io.BytesIO()
            w = Writer(buf, joins(name, BASE))
            for f in frags:
                w.add(f)
            w.write(w.pending + w.j.footer)
            return buf.getvalue()

        got = joined([all_fragments(p, BASE, compact)[name] for p in pieces])
        assert got == joined([whole[name]]), name
        assert got.count(b"@prefix hkg:") == (name in ("hengyang.trig", "hengyang.ttl"))


def test_turtle_tail_sorts_as_the_union_does(quads):
    """N-Triples lines sort as the (subject, predicate, object) strings the union sorts by."""
    triples = {q.triple for q in quads if not fragments.is_described(q)}
    by_terms = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    assert b"".join(ntriples(by_terms)) == b"".join(sorted(ntriples(triples)))
    tail = b"".join(turtle_tail(ntriples(triples), set(), BASE))
    parsed = ox.parse(fragments.prefix_header(ox.RdfFormat.TURTLE, BASE) + tail, format=ox.RdfFormat.TURTLE)
    assert {q.triple for q in parsed} == triples


def test_batches_are_cut_by_content(quads, monkeypatch):
    """A change inside one batch of a whole-corpus part leaves the other batches as they
    were (so their cached fragments are found again)."""
    monkeypatch.setattr(build, "BATCH", 400)
    described = [q for q in quads if fragments.is_described(q)]
    before = [tuple(b) for b in build.batches(described)]
    assert len(before) > 10 and all(b[0].subject != a[-1].subject for a, b in itertools.pairwise(before))
    middle = len(described) // 2
    changed = described[:middle] + described[middle + 1:]  # one quad fewer
    after = [tuple(b) for b in build.batches(changed)]
    assert len(set(before) - set(after)) <= 2 and len(set(after) - set(before)) <= 2
