"""Source-to-source relations in graph:provenance: text reuse in CiTO and PROV, directed only
when the sources' dates say which is later; the works a source cites as data sources."""

from __future__ import annotations

import hashlib
import json

import pyoxigraph as ox
import pytest

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.namespaces import CITO, HKG, PROV
from hengyang_kg.rdf.build import dataset_quads
from hengyang_kg.rdf.shacl import check_dataset
from hengyang_kg.rdf.source_relations import later_of
from hengyang_kg.reconcile import reconcile
from hengyang_kg.sparql.cookbook import recipes
from hengyang_kg.sparql.query import run

from .conftest import BASE

GRAPH = ox.NamedNode(BASE + "graph/provenance")
QUOTES, WAS_QUOTED = ox.NamedNode(CITO + "includesQuotationFrom"), ox.NamedNode(PROV + "wasQuotedFrom")
SHARES, CITES = ox.NamedNode(HKG + "sharesTextWith"), ox.NamedNode(CITO + "citesAsDataSource")
RECIPES = {r.name: r for r in recipes()}


def relations(quads, p: ox.NamedNode) -> set[tuple[str, str]]:
    """(subject, object) pairs of ``p`` between sources or to entities, short ids."""
    def short(t):
        return t.value.rsplit("/", 1)[-1].split("_")[0] if "/source/" in t.value else t.value.rsplit("/", 1)[-1]
    return {(short(q.subject), short(q.object)) for q in quads
            if q.predicate == p and q.graph_name == GRAPH and "/source/" in q.subject.value}


@pytest.mark.parametrize("a, b, later", [
    ("2005", "1998-07-01", "x"), ("1998-07-01", "2005", "y"), ("1999-01", "1998-12-31", "x"),
    ("1998", "1998-07", None), ("1998-07", "1998-07-20", None), ("2001-05-04", "2001-05-04", None),
    (None, "1998", None), ("1998", None, None),
])
def test_the_later_source_only_when_the_dates_tell(a, b, later):
    assert later_of("x", a, "y", b) == later


def test_bundled_sources_share_text_undirected_without_dates(quads, corpus, recon):
    """No source of the bundled corpus has a date, so no reuse is given a direction."""
    assert all(s.meta.date is None for s in corpus.sources.values())
    assert relations(quads, QUOTES) == set() and relations(quads, WAS_QUOTED) == set()
    shares = relations(quads, SHARES)
    assert {("003", "004"), ("004", "003"), ("001", "003"), ("003", "001")} <= shares
    assert all((b, a) in shares for a, b in shares)
    pairs = {frozenset((r.a[:3], r.b[:3])) for r in recon.reuse}
    assert {frozenset(p) for p in shares} == pairs and len(pairs) >= 4


def test_sources_cite_the_works_their_claims_are_attributed_to(quads, corpus):
    cites = relations(quads, CITES)
    assert {("001", "nihon_teikoku_rikugun_saigo"), ("003", "nihon_teikoku_rikugun_saigo"),
            ("003", "zongtong_jianggong_dashi_changbian"), ("003", "tang_zong_diary"),
            ("002", "xu_yongchang_diary"), ("004", "nihon_teikoku_rikugun_saigo")} <= cites
    # people and organisations are not works: they stay on the claims (hkg:attributedTo)
    assert not {w for _s, w in cites} & {"chiang_kai_shek", "luo_jilun", "national_archives_administration"}
    assert ("004", "tang_zong_diary") not in cites  # 004 attributes nothing to it
    attributed = {(c.source[:3], c.claim.attributed_to) for c in corpus.claims if c.claim.attributed_to}
    assert cites == {(s, w) for s, w in attributed if corpus.entities[w].type == "Work"}


def _add_copying_source(root, date_900: str | None, date_901: str | None) -> None:
    """A second fixture source that copies the first line of the first, with dates."""
    src = root / "data" / "sources"
    first = (src / "900_0123456789abcdef.txt").read_text(encoding="utf-8").splitlines()[0]
    text = f"轉載：{first}\n".encode()
    (src / "901_0123456789abcdef.txt").write_bytes(text)
    meta = (src / "900_0123456789abcdef.yaml").read_text(encoding="utf-8")
    meta = meta.replace("900_0123456789abcdef", "901_0123456789abcdef").replace(
        "sha256: 377daedd55922f076a49c319c4a8a4e63aea3694cf6a4d1273cead6793bec1cc",
        f"sha256: {hashlib.sha256(text).hexdigest()}")
    (src / "901_0123456789abcdef.yaml").write_text(meta + (f"date: '{date_901}'\n" if date_901 else ""),
                                                   encoding="utf-8")
    if date_900:
        with (src / "900_0123456789abcdef.yaml").open("a", encoding="utf-8") as f:
            f.write(f"date: '{date_900}'\n")
    (root / "data" / "claims" / "901_0123456789abcdef.yaml").write_text(
        "source: 901_0123456789abcdef\nclaims: []\nno_claims: a reprint of the first line of 900, for the tests\n",
        encoding="utf-8")


@pytest.mark.parametrize("d900, d901, expected", [
    ("1995", "2010-03", {QUOTES: {("901", "900")}, WAS_QUOTED: {("901", "900")}, SHARES: set()}),
    ("2012-01-05", "2010", {QUOTES: {("900", "901")}, WAS_QUOTED: {("900", "901")}, SHARES: set()}),
    ("2010", "2010-03", {QUOTES: set(), WAS_QUOTED: set(), SHARES: {("900", "901"), ("901", "900")}}),
    (None, "2010", {QUOTES: set(), WAS_QUOTED: set(), SHARES: {("900", "901"), ("901", "900")}}),
])
def test_reuse_is_directed_by_the_sources_dates(mini_root, d900, d901, expected):
    _add_copying_source(mini_root, d900, d901)
    corpus = load_corpus(mini_root)
    recon = reconcile(corpus)
    assert [(r.a[:3], r.b[:3]) for r in recon.reuse] == [("900", "901")]
    quads = dataset_quads(corpus, BASE, recon)
    for p, pairs in expected.items():
        assert relations(quads, p) == pairs, p
    assert check_dataset(quads, BASE) == []
    store = ox.Store()
    store.bulk_extend(quads)
    answer = json.loads(run(store, RECIPES["15_source_relations"].text, BASE, "json").body)["results"]["bindings"]
    listed = {(b["source"]["value"][:3], b["relation"]["value"], b["target"]["value"][:3]) for b in answer
              if b["relation"]["value"] != "cites as a data source"}
    want = {(a, "quotes", b) for a, b in expected[QUOTES]} | {
        (a, "shares text with (direction not known)", b) for a, b in expected[SHARES] if a < b}
    assert listed == want


def test_shacl_catches_one_way_or_both_kinds_of_reuse(mini_root):
    _add_copying_source(mini_root, None, None)
    corpus = load_corpus(mini_root)
    quads = dataset_quads(corpus, BASE, reconcile(corpus))
    a, b = ox.NamedNode(BASE + "source/900_0123456789abcdef"), ox.NamedNode(BASE + "source/901_0123456789abcdef")
    one_way = [q for q in quads if not (q.subject == b and q.predicate == SHARES)]
    assert any("stated one way only" in p for p in check_dataset(one_way, BASE))
    both = quads + [ox.Quad(a, QUOTES, b, GRAPH), ox.Quad(a, WAS_QUOTED, b, GRAPH)]
    assert any("disjoint" in p.lower() for p in check_dataset(both, BASE))
    unequal = quads + [ox.Quad(b, QUOTES, a, GRAPH)]  # CiTO without PROV
    assert any("equal" in p.lower() for p in check_dataset(unequal, BASE))
