"""The ontology is the single source of truth for claim properties: adding one is an
edit of a project's own ``ontology/hengyang.ttl`` plus data, no code."""

from __future__ import annotations

import ast
import hashlib
import re
import shutil
from pathlib import Path

import pytest

from hengyang_kg.cli import main
from hengyang_kg.curation.loader import load_corpus
from hengyang_kg.curation.properties import claim_properties, ontology_file
from hengyang_kg.errors import DataErrors
from hengyang_kg.rdf.build import dataset_quads
from hengyang_kg.rdf.serialise import serialise_all
from hengyang_kg.reconcile import reconcile

from .conftest import BASE, PROJECT

NEW_PROPERTY = """
hkg:shellsFired a owl:DatatypeProperty , hkg:ClaimProperty , hkg:SingleValuedProperty ;
    rdfs:label "shells fired"@en , "发射炮弹"@zh-Hans ;
    rdfs:comment "How many shells a side fired in an event."@en ;
    hkg:valueKind hkg:QuantityValue ;
    hkg:defaultUnit "round" ;
    hkg:requiresQualifier hkg:side .
"""


def claim_yaml(cid: str, prop: str, value: str, quote: str, qualifiers: str = "",
               subject: str = "defence_of_hengyang") -> str:
    """One claim as a claims file lists it."""
    lines = [f"- id: {cid}", f"  subject: {subject}", f"  property: {prop}",
             *([f"  qualifiers: {qualifiers}"] if qualifiers else []), f"  value: {value}", f"  quote: {quote}"]
    return "\n".join(lines) + "\n"


NEW_TEXT = "日军共发射炮弹3万余。一说日军发射炮弹5万。\n"
NEW_CLAIMS = (claim_yaml("c900-101", "shellsFired", "3万余", "日军共发射炮弹3万余", "{side: japan}")
              + claim_yaml("c900-102", "shellsFired", "5万", "一说日军发射炮弹5万", "{side: japan}"))


def with_new_property(root: Path, claims: str, triples: str = NEW_PROPERTY, new_text: str = NEW_TEXT) -> None:
    """Give the project its own ontology with more triples (one more property), a text that
    speaks of it, and claims."""
    (root / "ontology").mkdir()
    ttl = ontology_file(None, "hengyang.ttl").read_text(encoding="utf-8")
    (root / "ontology" / "hengyang.ttl").write_text(ttl + triples, encoding="utf-8")
    sources = root / "data" / "sources"
    text = next(sources.glob("*.txt"))
    text.write_bytes(text.read_bytes() + new_text.encode("utf-8"))
    meta = text.with_suffix(".yaml")
    digest = hashlib.sha256(text.read_bytes()).hexdigest()
    meta.write_text(re.sub(r"sha256: [0-9a-f]+", f"sha256: {digest}", meta.read_text(encoding="utf-8")),
                    encoding="utf-8")
    claims_file = next((root / "data" / "claims").glob("*.yaml"))
    claims_file.write_text(claims_file.read_text(encoding="utf-8") + claims, encoding="utf-8")


def test_a_property_added_in_the_ontology_is_validated_reconciled_and_exported(mini_root, capsys):
    with_new_property(mini_root, NEW_CLAIMS)
    assert "shellsFired" not in claim_properties()  # the package's own vocabulary is untouched
    corpus = load_corpus(mini_root)
    new = [c for c in corpus.claims if c.claim.property == "shellsFired"]
    assert [c.value.unit for c in new] == ["round", "round"]  # the default unit, read from the ontology
    recon = reconcile(corpus)
    fact = recon.fact("defence_of_hengyang.shellsFired.japan")
    assert fact.status == "conflict"  # single-valued: 3万余 and 5万 cannot both hold
    nq = serialise_all(dataset_quads(corpus, BASE, recon), BASE)["hengyang.nq"].decode("utf-8")
    assert (f"<{BASE}entity/defence_of_hengyang> <https://w3id.org/hengyang-kg/ontology#shellsFired> "
            f"\"50000\"^^<http://www.w3.org/2001/XMLSchema#decimal> <{BASE}claim/c900-102> .") in nq
    assert re.search(rf"<{BASE}claim/c900-101> <https://w3id.org/hengyang-kg/ontology#unit> \"round\" ", nq)
    assert main(["--root", str(mini_root), "validate"]) == 0
    assert main(["--root", str(mini_root), "build", "--out", str(mini_root / "out")]) == 0
    assert "shellsFired" in (mini_root / "out" / "hengyang.trig").read_text(encoding="utf-8")
    capsys.readouterr()


def test_the_added_property_s_qualifier_rules_are_enforced(mini_root):
    broken = NEW_CLAIMS.replace("  qualifiers: {side: japan}\n  value: 3万余",
                                "  value: 3万余").replace("{side: japan}\n  value: 5万",
                                                          "{side: japan, measure: killed}\n  value: 5万")
    with_new_property(mini_root, broken)
    with pytest.raises(DataErrors) as exc:
        load_corpus(mini_root)
    text = str(exc.value)
    assert "claim c900-101: shellsFired needs the qualifier 'side'" in text
    assert "claim c900-102: 'measure' applies only to casualties" in text


def test_the_same_text_without_the_ontology_edit_is_an_unknown_property(mini_root):
    with_new_property(mini_root, NEW_CLAIMS)
    shutil.rmtree(mini_root / "ontology")
    with pytest.raises(DataErrors, match="unknown property 'shellsFired'"):
        load_corpus(mini_root)


def test_no_corpus_entity_id_in_library_code(corpus):
    """Library code names no entity of the corpus (the main event is derived from the claims)."""
    ids = set(corpus.entities)
    for path in sorted((PROJECT / "hengyang_kg").rglob("*.py")):
        if path.name == "synth.py" or "synth" in path.parts:
            continue  # the synthetic corpus generator makes its own entities
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {id(n.body[0].value) for n in ast.walk(tree)
                      if isinstance(n, (ast.Module, ast.ClassDef, ast.FunctionDef)) and n.body
                      and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}
        named = {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and id(n) not in docstrings
                 and n.value in ids}
        assert not named, f"{path.relative_to(PROJECT)} names {sorted(named)}"


def test_property_semantics_come_from_the_ontology():
    props = claim_properties()
    assert {p for p, d in props.items() if d.single_valued} >= {"casualties", "commander", "startDate"}
    assert not props["participant"].single_valued and not props["said"].single_valued
    assert props["casualties"].required_qualifiers == ("measure",)
    assert props["amount"].required_qualifiers == ("item",)
    assert "measure" not in props["strength"].qualifiers and "side" in props["strength"].qualifiers
    assert [p for p, d in props.items() if d.scope_compared] == ["casualties", "strength"]
    fate = props["fate"]
    assert fate.term_valued and fate.excluding("wounded", "killed") and not fate.excluding("captured", "escaped")
