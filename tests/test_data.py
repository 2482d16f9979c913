"""The curated data, tested as data."""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from pathlib import Path

import pytest

from hengyang_kg.curation.coverage import coverage, summary
from hengyang_kg.curation.properties import declared_units
from hengyang_kg.curation.units import claims_schema
from hengyang_kg.curation.yaml_lines import load_yaml
from hengyang_kg.outputs import sha256_file
from hengyang_kg.text.script_folding import fold

from .conftest import PROJECT, ROOT

CLAIM_FILES = sorted((ROOT / "data" / "claims").glob("*.yaml"))
MINIMUM = {"000": 40, "001": 20, "002": 40, "003": 40, "004": 20}


def test_committed_json_schema_equals_the_model():
    """The model's schema, its units the ones the ontology declares (the enum generated from it)."""
    committed = json.loads((PROJECT / "schema" / "claims.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(claims_schema(declared_units())))
    assert committed["$defs"]["Claim"]["properties"]["unit"]["anyOf"][0]["enum"] == list(declared_units())


def _seeds() -> Path | None:
    """The shared seed texts: ``shared/seeds`` beside the checkout or beside one of its parents."""
    return next((d / "shared" / "seeds" for d in PROJECT.parents if (d / "shared" / "seeds").is_dir()), None)


def test_sources_are_the_seeds_byte_for_byte(corpus):
    for sid, src in corpus.sources.items():
        assert sha256_file(src.path) == src.meta.sha256
    seeds = _seeds()
    if seeds is None:
        pytest.skip("no shared/seeds beside the checkout: the texts cannot be compared with the seeds here")
    compared = 0
    for sid, src in corpus.sources.items():
        seed = seeds / f"{sid}.txt"
        if seed.exists():
            assert seed.read_bytes() == src.path.read_bytes(), sid
            compared += 1
    if ROOT != PROJECT:
        return  # another corpus need not be made of the seeds
    assert compared == len(corpus.sources), f"only {compared} of {len(corpus.sources)} sources have a seed in {seeds}"


@pytest.mark.parametrize("path", CLAIM_FILES, ids=lambda p: p.stem[:3])
def test_claims_file_is_in_id_order_and_names_its_source(path: Path, corpus):
    raw = load_yaml(path)
    assert raw["source"] == path.stem
    ids = [c["id"] for c in raw["claims"]]
    assert ids == sorted(ids), "claims are kept in id order"
    assert len(ids) == len(set(ids))
    loaded = {c.claim.id for c in corpus.claims if c.source == path.stem}
    assert loaded == set(ids), "every claim of the file validated"


def test_claim_counts(corpus):
    if ROOT != PROJECT:
        pytest.skip("counts are about the bundled corpus")
    counts = Counter(c.source[:3] for c in corpus.claims)
    assert sum(counts.values()) >= 300
    for prefix, minimum in MINIMUM.items():
        assert counts[prefix] >= minimum, prefix


@pytest.mark.parametrize("sid", sorted(p.stem for p in CLAIM_FILES))
def test_coverage_at_least_90_percent(corpus, sid):
    s = summary(coverage(corpus, sid))
    assert s["accounted"] >= 90.0, s


def quote_problems(claims, sources) -> list[str]:
    """Claims whose quote or value offsets do not point at the source's own characters for them."""
    out = []
    for c in claims:
        text = sources[c.source].text
        if text[c.start:c.end] != c.exact or fold(c.exact) != fold(c.claim.quote):
            out.append(f"{c.claim.id}: quote at {c.start}:{c.end} is {text[c.start:c.end]!r}")
        at = text[c.value_start:c.value_end]
        if not c.start <= c.value_start <= c.value_end <= c.end or fold(at) != fold(c.claim.value):
            out.append(f"{c.claim.id}: value at {c.value_start}:{c.value_end} is {at!r}, not {c.claim.value!r}")
    return out


def test_quotes_keep_the_sources_own_characters(corpus):
    """Every quote and value is located in the source's own characters (whatever script the curator typed)."""
    assert quote_problems(corpus.claims, corpus.sources) == []


@pytest.mark.parametrize("start, end", [(1, 0), (-1, 0), (1, 1), (-1, -1)])
def test_quotes_keep_the_sources_own_characters_catches_a_shifted_value_start(corpus, start, end):
    """The check above fails when value_start moves by one character (alone, or with value_end), for every claim."""
    shifted = [dataclasses.replace(c, value_start=c.value_start + start, value_end=c.value_end + end)
               for c in corpus.claims]
    missed = [c.claim.id for c in shifted if not quote_problems([c], corpus.sources)]
    assert not missed, f"a shifted value_start went unnoticed for {missed}"


def test_every_entity_is_used_or_structural(corpus):
    used = set()
    for c in corpus.claims:
        used |= {c.claim.subject, c.claim.entity, c.claim.attributed_to}
    for e in corpus.entities.values():
        used |= set(e.part_of)
    unused = sorted(set(corpus.entities) - used)
    assert unused == [], f"entities no claim or part_of refers to: {unused}"


def test_aliases_record_every_source_they_occur_in(corpus):
    from hengyang_kg.text.script_folding import fold

    for ent in corpus.entities.values():
        for alias in ent.aliases:
            found = tuple(sid for sid, s in sorted(corpus.sources.items()) if fold(alias.text) in s.folded)
            assert alias.sources == found, (ent.id, alias.text)
    garbled = {a.text: a.sources for a in corpus.entities["sakuma_tamehito"].aliases}
    assert garbled["久作间为任"] == ("001_33d0fd245ca14311",)


def test_a_curated_alias_source_must_contain_it(mini_root):
    from hengyang_kg.curation.loader import load_corpus
    from hengyang_kg.errors import DataErrors

    ents = mini_root / "data" / "entities.yaml"
    ents.write_text(ents.read_text(encoding="utf-8").replace("{text: 第10军, kind: variant}",
                                                                   '{text: 第11军, kind: variant, sources: ["900_0123456789abcdef"]}'), encoding="utf-8")
    with pytest.raises(DataErrors) as info:
        load_corpus(mini_root)
    assert "alias '第11军' does not occur in source 900_0123456789abcdef" in str(info.value)
