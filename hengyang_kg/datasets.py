"""The commands' side of output sets: writing a part (``build``, ``report``) and opening
the dataset for ``query``, ``serve`` and ``push`` only when it belongs to today's data.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox

from hengyang_kg.builds import input_hashes, program_version
from hengyang_kg.curation.loader import Corpus, load_corpus
from hengyang_kg.disk_store import Exported, Opened, has_store, open_read_only, store_artefacts
from hengyang_kg.namespaces import DEFAULT_BASE
from hengyang_kg.outputs import (
    Artefact,
    Inputs,
    OutputError,
    OutputSet,
    read_manifest,
    read_set,
    stale_reasons,
    write_part,
)
from hengyang_kg.sparql.report_site import ReportSite, has_report
from hengyang_kg.sparql.report_site import open_report as open_site


def inputs_of(hashes: dict[str, str], corpus: Corpus, base: str) -> Inputs:
    counts = dict.fromkeys(corpus.sources, 0)
    for c in corpus.claims:
        counts[c.source] += 1
    return Inputs(hashes, program_version(), base, counts)


def write(out: Path, part: str, files: dict[str, Artefact], inputs: Inputs, allow_shrink: bool) -> list[Path]:
    """Write one part of the set in ``out`` and say on stderr what else changed."""
    done = write_part(out, part, files, inputs, allow_shrink)
    for sid, (a, b) in done.shrank.items():
        print(f"hengyang-kg: {sid} shrank from {a} to {b} claims (--allow-shrink)", file=sys.stderr)
    if done.dropped:
        print(f"hengyang-kg: removed {', '.join(done.dropped)} from {out}: made from other data; "
              f"write them again for build {done.build_id}", file=sys.stderr)
    return done.paths


def build_set(root: Path, out: Path, base: str, allow_shrink: bool = False) -> list[Path]:
    """``build``: the five exports of the dataset as one part of the set in ``out``."""
    from hengyang_kg.curation.load_cache import cache_dir
    from hengyang_kg.rdf.chunk_cache import FragmentCache
    from hengyang_kg.rdf.stream import Exports
    from hengyang_kg.reconcile import reconcile

    hashes = input_hashes(root)
    corpus = load_corpus(root)
    inputs = inputs_of(hashes, corpus, base)
    where = cache_dir(root)
    exports = Exports(corpus, base, reconcile(corpus), FragmentCache(where, base) if where is not None else None)
    files: dict[str, Artefact] = dict(exports.makers())  # written in one pass, beside each other
    files.update(store_artefacts(
        inputs.build_id, lambda: Exported(exports.quads, exports.hashes["hengyang.nq"], exports.nquads_parts),
        out.absolute()))
    return write(out, "dataset", files, inputs, allow_shrink)


def recorded_base(path: Path) -> str | None:
    """The base IRI the manifest beside ``path`` records (None when there is no readable manifest)."""
    try:
        return read_set(path.parent, []).manifest.get("base")
    except OutputError:
        return None


def open_dataset(root: Path, path: Path, base: str | None, rebuild: bool = False) -> tuple[ox.Store, str]:
    """The store to query and its base IRI: the built dataset at ``path`` if it belongs to
    today's data (its manifest checked against ``root``), built from the data when it does
    not exist, refused with the reason when stale (or rebuilt, with ``rebuild``). The set's
    on-disk store is opened read-only when it has one; else the export at ``path`` is loaded.

    ``base`` is the base IRI asked for (``--base`` or ``$HENGYANG_KG_BASE``); None follows
    the one the dataset was built with, and says so when it is not the default.  A dataset
    built with another base than the one asked for is refused, saying both, unless
    ``rebuild`` builds it again with the one asked for: queries and the endpoint's
    descriptions never silently disagree with the data's IRIs."""
    opened, base = open_opened(root, path, base, rebuild)
    return opened.store, base


def open_opened(root: Path, path: Path, base: str | None, rebuild: bool = False,
                snapshot: bool = False) -> tuple[Opened, str]:
    """:func:`open_dataset`, with the path of the on-disk store when there is one (see
    :func:`hengyang_kg.disk_store.open_read_only` for ``snapshot``)."""
    from hengyang_kg.rdf.build import build_dataset
    from hengyang_kg.reconcile import reconcile

    if not path.exists():
        base = base or DEFAULT_BASE
        print(f"{path} not found: building the dataset from {root}/data", file=sys.stderr)
        corpus = load_corpus(root)
        return Opened(build_dataset(corpus, base, reconcile(corpus)), "", 0), base
    recorded = recorded_base(path)
    if base is None:
        base = recorded or DEFAULT_BASE
        if base != DEFAULT_BASE:
            print(f"{path}: built with base IRI {base}; using it (--base chooses another)", file=sys.stderr)
    elif recorded is not None and recorded != base and not rebuild:
        raise OutputError(f"{path} was built with base IRI {recorded}, not {base}: give --base {recorded} "
                          f"(or no --base, to follow the dataset), or build it again with "
                          f"'hengyang-kg build --base {base} --out {path.parent}' (or add --rebuild)")
    out = path.parent
    if has_store(out):
        today = Inputs(input_hashes(root), program_version(), base, {})

        def stale(manifest: dict) -> str | None:
            why = "; ".join(stale_reasons(manifest, today))
            return (f"{path} is stale: {why}. Run 'hengyang-kg build --out {out}', or add --rebuild"
                    if why else None)

        if rebuild and (why := stale_reasons(read_manifest(out) or {}, today)):
            print(f"{path}: {'; '.join(why)}; rebuilding {out}", file=sys.stderr)
            build_set(root, out, base, allow_shrink=False)
        return open_read_only(out, stale, snapshot), base
    print(f"{out} has no on-disk store (built by an earlier version): loading {path}; "
          f"'hengyang-kg build --out {out}' writes one, which opens at once", file=sys.stderr)
    return Opened(_load_export(root, path, base, rebuild), "", 0), base


def _load_export(root: Path, path: Path, base: str, rebuild: bool) -> ox.Store:
    got, problem = _read_checked(root, path, base)
    if problem and rebuild:
        print(f"{path}: {problem}; rebuilding {path.parent}", file=sys.stderr)
        build_set(root, path.parent, base, allow_shrink=False)
        return open_dataset(root, path, base)[0]
    if problem or got is None:
        raise OutputError(f"{path} is stale: {problem}. Run 'hengyang-kg build --out {path.parent}', "
                          "or add --rebuild")
    store = ox.Store()
    fmt = ox.RdfFormat.N_QUADS if path.suffix == ".nq" else ox.RdfFormat.TRIG
    store.bulk_load(got.files[path.name], format=fmt)
    return store


def _read_checked(root: Path, path: Path, base: str) -> tuple[OutputSet | None, str | None]:
    """The set holding ``path``, read in one consistent step, and why it is stale (or None)."""
    try:
        got = read_set(path.parent, [path.name])
    except OutputError as exc:
        return None, str(exc)
    why = stale_reasons(got.manifest, Inputs(input_hashes(root), program_version(), base, {}))
    return got, ("; ".join(why) if why else None)


def report_set(root: Path, out: Path, base: str, allow_shrink: bool = False) -> list[Path]:
    """``report``: the conflict report, its entity and source pages as one part of the set in ``out``."""
    from hengyang_kg.reconcile import reconcile
    from hengyang_kg.report.writer import report_files

    hashes = input_hashes(root)
    corpus = load_corpus(root)
    return write(out, "report", dict(report_files(reconcile(corpus), corpus, base)), inputs_of(hashes, corpus, base),
                 allow_shrink)


def open_report(root: Path, given: str | None, dataset_dir: Path, base: str, rebuild: bool = False) -> ReportSite | None:
    """The report ``serve`` serves under /report/: the one given (refused when stale, or
    rebuilt with ``rebuild``), else the dataset's directory's when it holds one, else None."""
    out = Path(given) if given else dataset_dir
    if not given and not has_report(out):
        return None
    today = Inputs(input_hashes(root), program_version(), base, {})
    try:
        return open_site(out, today)
    except OutputError as exc:
        if not rebuild:
            raise
        print(f"{exc}; rebuilding the report in {out}", file=sys.stderr)
    report_set(root, out, base)
    return open_site(out, today)
