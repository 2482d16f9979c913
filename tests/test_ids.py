"""Free ids: any slug names a source or a claim; bad ids say what is allowed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.errors import DataErrors
from hengyang_kg.reconcile import reconcile

TEXT = "伊藤氏记，衡阳守军约1.7万人，历时47天。\n"


def add_source(root: Path, sid: str, claims: str, text: str = TEXT) -> None:
    src = root / "data" / "sources"
    (src / f"{sid}.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    (src / f"{sid}.yaml").write_text(
        f"id: {sid}\ntitle: 伊藤\ntitle_en: Ito\nkind: war_history\nlanguage: zh\nscript: zh-Hans\n"
        f"publisher: test\ndescription: a test source\nsha256: {digest}\n", encoding="utf-8")
    (root / "data" / "claims" / f"{sid}.yaml").write_text(f"source: {sid}\nclaims:\n{claims}", encoding="utf-8")


CLAIMS = """- id: ito_1960-1
  subject: defence_of_hengyang
  property: strength
  qualifiers: {side: china}
  value: 约1.7万人
  quote: 衡阳守军约1.7万人
- id: ito_1960-2
  subject: defence_of_hengyang
  property: duration
  value: 47天
  quote: 历时47天
"""


def test_a_source_and_claims_with_free_slugs_validate_and_reconcile(mini_root):
    add_source(mini_root, "ito_1960_teikoku_rikugun", CLAIMS)
    corpus = load_corpus(mini_root)
    ids = {c.claim.id: c.source for c in corpus.claims}
    assert ids["ito_1960-1"] == "ito_1960_teikoku_rikugun"
    assert "c900-001" in ids, "the numbered ids stay valid"
    recon = reconcile(corpus)
    duration = next(f for f in recon.facts if f.key.property == "duration")
    held = {c.claim.id for p in duration.positions for c in p.claims}
    assert {"c900-002", "ito_1960-2"} <= held
    texts = " ".join(e.text for f in recon.facts for e in f.explanations) + " ".join(c.text for c in recon.checks)
    assert "ito_1960_t " not in texts  # a free id is never cut to three characters


def test_no_numeric_limit_on_claims_per_source(mini_root):
    many = "".join(f"- id: big-{n}\n  subject: defence_of_hengyang\n  property: duration\n  value: 47天\n"
                   f"  quote: 历时47天\n" for n in range(10_000, 10_003))
    add_source(mini_root, "big", many)
    corpus = load_corpus(mini_root)
    assert {"big-10000", "big-10002"} <= {c.claim.id for c in corpus.claims}


@pytest.mark.parametrize("bad", ["Ito", "ito 1960", "ito.1960", "-ito"])
def test_a_bad_source_id_says_what_is_allowed(mini_root, bad):
    meta = mini_root / "data" / "sources" / "900_0123456789abcdef.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("id: 900_0123456789abcdef", f"id: '{bad}'"), encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    err = next(e for e in info.value.errors if "malformed" in e.message)
    assert err.file.endswith("900_0123456789abcdef.yaml") and err.line == 1
    assert "lowercase letters, digits, '_' and '-'" in err.hint


def test_a_bad_claim_id_says_what_is_allowed(mini_root):
    claims = mini_root / "data" / "claims" / "900_0123456789abcdef.yaml"
    claims.write_text(claims.read_text(encoding="utf-8").replace("id: c900-002", "id: C900/2"), encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    [err] = info.value.errors
    assert "'id' is malformed ('C900/2')" in err.message and err.line == 8
    assert "lowercase letters, digits, '_' and '-'" in err.hint


def test_a_claim_id_is_unique_across_the_corpus(mini_root):
    add_source(mini_root, "ito_1960", CLAIMS.replace("ito_1960-1", "c900-001"))
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    [err] = info.value.errors
    assert "duplicate claim id" in err.message and err.file == "data/claims/ito_1960.yaml"


def test_two_numbered_sources_may_not_share_a_number(mini_root):
    add_source(mini_root, "900_fedcba9876543210", "")
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    assert any("share the number 900" in e.message for e in info.value.errors)
