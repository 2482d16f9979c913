"""Loading: the only stage that reads the data files.

``load_corpus(root)`` reads sources, entities, the ontology's claim properties and
every claims file, checks them all and returns a :class:`Corpus`, or raises
:class:`DataErrors` with every problem found (file, line, what, how to fix).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hengyang_kg.curation import claims as claims_mod
from hengyang_kg.curation.entities import check_entities, with_alias_occurrences
from hengyang_kg.curation.file_bytes import EMPTY_FIX, Unreadable, decode, read_checked
from hengyang_kg.curation.ids import check_short_ids
from hengyang_kg.curation.load_cache import ClaimsCache, Entry, cache_dir
from hengyang_kg.curation.main_event import main_event
from hengyang_kg.curation.model_errors import pydantic_errors
from hengyang_kg.curation.parse_cache import SourceMetas, cached_entities
from hengyang_kg.curation.properties import PropertyDef, claim_properties, ontology_file
from hengyang_kg.curation.schema import ClaimsFile, Entity, SourceMeta
from hengyang_kg.curation.sources import Source
from hengyang_kg.curation.works import overlapping_works
from hengyang_kg.curation.yaml_lines import YamlSyntaxError, line_of, parse_yaml
from hengyang_kg.errors import DataError, DataErrors, did_you_mean, rel
from hengyang_kg.text.script_folding import fold

DATA = "data"


@dataclass
class Corpus:
    """Everything curated, checked and resolved against the texts."""

    root: Path
    sources: dict[str, Source]
    entities: dict[str, Entity]
    properties: dict[str, PropertyDef]
    claims: list[claims_mod.Located] = field(default_factory=list)
    out_of_scope: dict[str, list[claims_mod.Span]] = field(default_factory=dict)
    errors: list[DataError] = field(default_factory=list)
    no_claims: dict[str, str] = field(default_factory=dict)
    # source id → the cache key of its claims file, when it loaded cleanly with the cache on: everything
    # its claims depend on (what later stages key their own cached results on)
    claims_keys: dict[str, str] = field(default_factory=dict)
    # each claims file's key in the cache of loaded files, by source (what its claims are made of)
    file_keys: dict[str, str] = field(default_factory=dict)
    # the main event, with the numbers of claims and entities it was counted from
    event: tuple[tuple[int, int], str | None] | None = field(default=None, init=False, repr=False, compare=False)

    def main_event(self) -> str | None:
        """:func:`~hengyang_kg.curation.main_event.main_event` of the claims' subjects, counted once
        for the loaded corpus (the consistency checks, the headline, the report and its pages
        all ask for it)."""
        key = (len(self.claims), len(self.entities))
        if self.event is None or self.event[0] != key:
            self.event = (key, main_event((c.claim.subject for c in self.claims), self.entities))
        return self.event[1]

    def source(self, ref: str) -> Source:
        """A source by id or by its unique prefix (``001``)."""
        hits = [s for sid, s in self.sources.items() if sid == ref or sid.startswith(ref)]
        if len(hits) != 1:
            raise KeyError(ref)
        return hits[0]


def no_claims_fix(sid: str) -> str:
    return (f"restore data/claims/{sid}.yaml (git checkout -- data/claims/{sid}.yaml) or add its claims; "
            f"a source with deliberately no claims says why: 'source: {sid}', 'claims: []', 'no_claims: <reason>'")


def _load(path: Path, root: Path, errors: list[DataError], empty_fix: str = EMPTY_FIX) -> Any:
    try:
        return parse_yaml(decode(read_checked(path, rel(path, root), "yaml", empty_fix), rel(path, root)))
    except Unreadable as exc:
        errors.append(exc.error)
        return None
    except YamlSyntaxError as exc:
        errors.append(DataError(rel(path, root), exc.line, exc.message,
                                "fix the YAML syntax (quote strings containing ': ' or starting with a special character)"))
        return None


def load_sources(root: Path, errors: list[DataError]) -> dict[str, Source]:
    out: dict[str, Source] = {}
    sdir = root / DATA / "sources"
    metas = sorted(sdir.glob("*.yaml"))
    parsed = SourceMetas(root)  # each file's metadata and its keys' lines, kept by its bytes' hash
    for path in metas:
        f = rel(path, root)
        meta_hash, got = parsed.get(path)
        if got is None:
            raw = _load(path, root, errors)
            if raw is None:
                continue
            try:
                got = (SourceMeta.model_validate(raw), line_of(raw, "id"), line_of(raw, "sha256"))
            except ValidationError as exc:
                errors.extend(pydantic_errors(exc, raw, f, "source metadata"))
                continue
            parsed.put(meta_hash, got)
        meta, id_line, sha_line = got
        if meta.id != path.stem:
            errors.append(DataError(f, id_line, f"source id {meta.id!r} differs from the file name",
                                    f"name the file {meta.id}.yaml or set id: {path.stem}"))
            continue
        text_path = sdir / f"{meta.id}.txt"
        if not text_path.exists():
            errors.append(DataError(f, 1, f"the text {rel(text_path, root)} is missing", "restore it from the seeds"))
            continue
        tf = rel(text_path, root)
        try:
            data = read_checked(text_path, tf, "text")
            text = decode(data, tf)
        except Unreadable as exc:
            errors.append(exc.error)
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != meta.sha256:
            errors.append(DataError(
                f, sha_line,
                f"hash mismatch: {tf} has SHA-256 {digest}, the metadata says {meta.sha256}",
                "texts are kept byte for byte: restore the original text (or, for a new edition, "
                "record it as a new source with its own hash)"))
        out[meta.id] = Source(meta, text, text_path)
    parsed.save()
    check_short_ids(list(out), errors)
    for text_path in sorted(sdir.glob("*.txt")):
        if not (sdir / f"{text_path.stem}.yaml").exists():
            errors.append(DataError(rel(text_path, root), 1, "source text without metadata",
                                    f"add {text_path.stem}.yaml beside it (see data/sources/*.yaml)"))
    return out


def entity_files(root: Path) -> list[Path]:
    return [root / DATA / "entities.yaml", *sorted((root / DATA / "entities").glob("*.yaml"))]


def load_entities(root: Path, sources: dict[str, Source], errors: list[DataError]) -> dict[str, Entity]:
    raws: list[tuple[str, Any]] = []
    for path in entity_files(root):
        if not path.exists():
            errors.append(DataError(rel(path, root), 1, "the entity registry is missing", "create data/entities.yaml"))
            continue
        raw = _load(path, root, errors)
        if raw is None:
            continue
        if not isinstance(raw, list):
            errors.append(DataError(rel(path, root), 1, "an entity file must be a YAML list of entities",
                                    "start each entity with '- id: ...'"))
            continue
        f = rel(path, root)
        raws.extend((f, item) for item in raw)
    entities = check_entities(raws, set(sources), errors)
    texts = {sid: s.folded for sid, s in sorted(sources.items())}
    by_id = {str(item.get("id")): (f, item) for f, item in raws if isinstance(item, dict)}
    for eid, ent in entities.items():
        for alias in ent.aliases:
            for sid in alias.sources:
                if sid in texts and fold(alias.text) not in texts[sid]:
                    f, item = by_id[eid]
                    errors.append(DataError(f, line_of(item, "aliases"), f"entity {eid!r}: alias {alias.text!r} does not "
                                            f"occur in source {sid}", "remove the source from the alias, or correct the spelling"))
    return with_alias_occurrences(entities, texts)


def load_corpus(root: Path | str = ".", strict: bool = True, progress: Callable[[int, int], None] | None = None,
                include_drafts: bool = False) -> Corpus:
    """Read and check all data under ``root``; raise DataErrors listing every problem.

    With ``strict=False`` the corpus of everything valid is returned and the
    errors are left in ``corpus.errors`` (for coverage while curating).
    """
    root = Path(root)
    errors: list[DataError] = []
    sources = load_sources(root, errors)
    before = len(errors)
    entities = cached_entities(root, entity_files(root), sources, errors,
                               lambda found: load_entities(root, sources, found))  # kept when loaded without an error
    properties = claim_properties(ontology_file(root, "hengyang.ttl"))
    corpus = Corpus(root, sources, entities, properties)
    if not entities and len(errors) > before:
        # an unreadable registry would make every entity reference an error: report the cause alone
        if strict:
            raise DataErrors(errors)
        corpus.errors = sorted(set(errors))
        return corpus
    seen: dict[str, tuple[str, int]] = {}
    with_file: set[str] = set()
    claim_files = sorted((root / DATA / "claims").glob("*.yaml"))
    where = cache_dir(root)
    cache = ClaimsCache(where, entities, properties, include_drafts) if where is not None else None
    for done, path in enumerate(claim_files, 1):
        if progress is not None:
            progress(done, len(claim_files))
        f = rel(path, root)
        with_file.add(path.stem)
        key = cached_file(cache, path, f, sources, corpus, seen)
        if key is None:
            continue
        n_errors, n_claims = len(errors), len(corpus.claims)
        raw = _load(path, root, errors, no_claims_fix(path.stem))
        if raw is None:
            continue
        if not isinstance(raw, dict) or "source" not in raw:
            errors.append(DataError(f, 1, "a claims file must be a mapping with 'source' and 'claims'",
                                    "start the file with 'source: <source id>' and 'claims:'"))
            continue
        sid = str(raw.get("source"))
        if sid not in sources and (root / DATA / "sources" / f"{sid}.yaml").exists():
            continue  # the source itself is in error (reported above); its claims cannot be checked
        if sid not in sources:
            errors.append(DataError(f, line_of(raw, "source"), f"unknown source {sid!r}",
                                    did_you_mean(sid, list(sources), "source")))
            continue
        if path.stem != sid:
            errors.append(DataError(f, line_of(raw, "source"), f"claims of {sid} must be in {sid}.yaml",
                                    f"rename the file to data/claims/{sid}.yaml"))
        items = raw.get("claims") or []
        scope = raw.get("out_of_scope") or []
        header_ok = _check_header(raw, f, errors)
        if not header_ok:
            continue
        if not _check_claims_present(raw, f, items, errors):
            continue
        if raw.get("no_claims"):
            corpus.no_claims[sid] = str(raw["no_claims"])
        ctx = claims_mod.Context(sources[sid], f, entities, properties, seen, include_drafts)
        for item in items:
            located = claims_mod.resolve_claim(item, ctx, errors)
            if located is not None:
                corpus.claims.append(located)
        corpus.out_of_scope[sid] = claims_mod.resolve_out_of_scope(scope, ctx, errors)
        if cache is not None and key and len(errors) == n_errors and sid == path.stem:
            cache.put(key, Entry(sid, corpus.claims[n_claims:], corpus.out_of_scope[sid], corpus.no_claims.get(sid)))
            corpus.claims_keys[sid] = key
    for sid in sorted(set(sources) - with_file):
        errors.append(DataError(f"{DATA}/claims/{sid}.yaml", 1, f"source {sid} has a text but no claims file",
                                no_claims_fix(sid)))
    _check_successions(corpus.claims, errors)
    errors.extend(overlapping_works(corpus.claims, entities))  # one entity per cited work
    if errors and strict:
        raise DataErrors(errors)
    corpus.errors = sorted(set(errors))
    corpus.claims.sort(key=lambda c: c.claim.id)
    return corpus


def cached_file(cache: ClaimsCache | None, path: Path, f: str, sources: dict[str, Source], corpus: Corpus,
                seen: dict[str, tuple[str, int]]) -> str | None:
    """Take a claims file from the cache when it holds it: None when taken, else the key to
    store it under once loaded ('' when it cannot be cached). An entry whose claim ids were
    already used by an earlier file is not taken, so the full check words the error."""
    source = sources.get(path.stem)
    if cache is None or source is None:
        return ""
    try:
        key = cache.key(f, path.read_bytes(), source)
    except OSError:
        return ""
    corpus.file_keys[path.stem] = key
    entry = cache.get(key)
    if entry is None or any(c.claim.id in seen for c in entry.claims):
        return key
    for c in entry.claims:
        seen[c.claim.id] = (f, c.line)
    corpus.claims.extend(entry.claims)
    corpus.out_of_scope[entry.source] = entry.out_of_scope
    corpus.claims_keys[entry.source] = key
    if entry.no_claims is not None:
        corpus.no_claims[entry.source] = entry.no_claims
    return None


def _check_successions(claims: list[claims_mod.Located], errors: list[DataError]) -> None:
    """``follows`` names an earlier holder: a claim of the same source, subject and property."""
    by_id = {c.claim.id: c for c in claims}
    for c in claims:
        ref = c.claim.follows
        if ref is None:
            continue
        prev = by_id.get(ref)
        if prev is None:
            errors.append(DataError(c.file, c.line, f"claim {c.claim.id}: 'follows' names unknown claim {ref!r}",
                                    did_you_mean(ref, [x.claim.id for x in claims if x.source == c.source], "claim")))
        elif (prev.source, prev.claim.subject, prev.claim.property) != (c.source, c.claim.subject, c.claim.property):
            errors.append(DataError(c.file, c.line, f"claim {c.claim.id}: 'follows' names {ref}, which is not a claim "
                                    "of the same source, subject and property",
                                    "name the claim of this source that gives the earlier holder of the same property"))


def _check_header(raw: dict[str, Any], f: str, errors: list[DataError]) -> bool:
    """The file's top level: known keys, lists where lists belong."""
    known = set(ClaimsFile.model_fields)
    ok = True
    for key in raw:
        if key not in known:
            errors.append(DataError(f, line_of(raw, key), f"unknown top-level key {key!r}",
                                    did_you_mean(str(key), known, "field")))
            ok = False
    for key in ("claims", "out_of_scope"):
        if raw.get(key) is not None and not isinstance(raw[key], list):
            errors.append(DataError(f, line_of(raw, key), f"'{key}' must be a list", f"write '{key}:' then '- ...' items"))
            ok = False
    return ok


def _check_claims_present(raw: dict, f: str, items: list, errors: list[DataError]) -> bool:
    """A claims file lists claims, or says with a reason why its source deliberately has none."""
    sid = str(raw.get("source"))
    reason = raw.get("no_claims")
    if reason is not None and items:
        errors.append(DataError(f, line_of(raw, "no_claims"), f"'no_claims' says source {sid} has no claims, "
                                f"but the file lists {len(items)}", "remove 'no_claims', or the claims"))
        return False
    if reason is not None and (not isinstance(reason, str) or len(reason.strip()) < 10):
        errors.append(DataError(f, line_of(raw, "no_claims"), "'no_claims' must give the reason in words",
                                "write why this source has no claims, e.g. 'no_claims: the text is a map caption only'"))
        return False
    if reason is None and not items:
        errors.append(DataError(f, line_of(raw, "claims") if "claims" in raw else 1,
                                f"no claims for source {sid}: nothing of this source would reach the dataset",
                                no_claims_fix(sid)))
        return False
    return True
