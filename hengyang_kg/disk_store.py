"""The on-disk store of an output set: written by ``build``, opened read-only by ``query``,
``serve`` and ``push``.

``build`` bulk-loads the dataset's N-Quads export into a pyoxigraph (RocksDB) store in
the set's ``store/`` directory and writes ``store.json`` beside it: the build the store
belongs to, its quad count, the hash of the N-Quads export it holds, and every file of the
store with its size, sealed by a hash of all that. Both are files of the set's ``dataset``
part, and they are replaced with the exports as one set. The manifest records what does
not change from one build of the same inputs to the next, so that it is byte-identical:
for ``store/`` the hash of the N-Quads export it was loaded from, for ``store.json`` the
hash of its build, quad count and export hash (RocksDB's file names and sizes, and whether
the store was updated from a previous one, differ from run to run and are in
``store.json`` only, under its seal).

Opening checks what is cheap and sufficient instead of hashing the whole store: the
manifest against today's inputs (the caller's ``stale`` check), ``store.json`` against its
seal and its digest in the manifest, its build and export against the manifest's, and the
store's files against the names and sizes ``store.json`` lists (RocksDB never rewrites a
table file: a changed store has other files or sizes). The set's directory is opened once
and everything is read through that handle, so a build replacing the set meanwhile cannot
mix two sets.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from hengyang_kg.outputs import MANIFEST, Artefact, OutputError, read_at, sha256_file

STORE = "store"
STORE_INDEX = "store.json"
_held: list[int] = []  # directory handles kept open while a store opened through them is in use


@dataclass(frozen=True)
class Exported:
    """The N-Quads export a store is made from: its quads, its hash, and the hash, offset and
    length of each of its parts (fragments written whole, in order)."""

    quads: int
    nquads: str
    parts: list[tuple[str, int, int]]


def store_artefacts(build_id: str, exported: Callable[[], Exported],
                    previous: Path | None = None) -> dict[str, Artefact]:
    """The ``store/`` directory and its ``store.json``, made after the exports: the store is
    pyoxigraph's bulk load of the set's ``hengyang.nq`` (beside it), or, given the set
    ``previous`` (the one being replaced), a copy of the previous set's store (its table
    files hard-linked) updated by the quads that differ between the two sets' N-Quads.
    ``exported`` gives the number of quads and the N-Quads export's hash, once written."""
    updated_from: list[str] = []

    def make_store(path: Path) -> str:
        nquads = path.parent / "hengyang.nq"
        if previous is not None:
            got = update_copy(previous, path, nquads, exported().parts)
            if got is not None:
                updated_from.append(got)
                return exported().nquads
            shutil.rmtree(path, ignore_errors=True)
        store = ox.Store(str(path))
        # lenient: the file was just written from terms pyoxigraph checked when they were made,
        # so its IRIs are not parsed and checked again (about 7% of the bulk load's CPU time)
        store.bulk_load(path=str(nquads), format=ox.RdfFormat.N_QUADS, lenient=True)
        store.flush()
        del store  # closes the database before its files are listed and published
        return exported().nquads  # the store holds the quads of the N-Quads export: its digest

    def make_index(path: Path) -> str:
        e = exported()
        index: dict = {"build": build_id, "quads": e.quads, "nquads": e.nquads, "files": listing(path.parent / STORE),
                       "parts": [list(p) for p in e.parts]}
        if updated_from:
            index["updated_from"] = updated_from[0]
        index["seal"] = _seal(index)
        path.write_bytes((json.dumps(index, indent=1, sort_keys=True) + "\n").encode("utf-8"))
        return index_digest(index)

    return {STORE: make_store, STORE_INDEX: make_index}


def _seal(index: dict) -> str:
    rest = {k: v for k, v in index.items() if k != "seal"}
    return hashlib.sha256(json.dumps(rest, sort_keys=True).encode("utf-8")).hexdigest()


def index_digest(index: dict) -> str:
    """What the manifest records for ``store.json``: the hash of its build, quad count and
    export hash (the same for every build of the same inputs)."""
    stable = {k: index.get(k) for k in ("build", "quads", "nquads")}
    return hashlib.sha256(json.dumps(stable, sort_keys=True).encode("utf-8")).hexdigest()


def checked_index(data: bytes) -> dict | None:
    """``store.json`` read and checked against its seal (None when it does not hold)."""
    try:
        index = json.loads(data.decode("utf-8"))
    except ValueError:
        return None
    if not isinstance(index, dict) or index.get("seal") != _seal(index):
        return None
    return index


MAX_CHANGED = 0.2  # beyond this share of quads changed, a fresh bulk load is cheaper than an update


def update_copy(previous: Path, path: Path, nquads: Path, parts: list[tuple[str, int, int]]) -> str | None:
    """Copy the store of the set in ``previous`` to ``path`` and bring it to the quads of the
    N-Quads file ``nquads`` made of ``parts``; the previous build's id, or None when the
    previous set cannot be used (no store, a store or an export that is not what its
    manifest says, too much changed).

    Only the parts whose hash is not among the other export's are read: a quad belongs to
    one part (a part is a run of whole subjects of one graph, and no subject recurs in two
    parts), so the quads of parts found in both exports are in both."""
    try:
        manifest = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
        part = next(p for p in manifest["parts"].values() if STORE in p.get("files", {}))
        index = checked_index((previous / STORE_INDEX).read_bytes())
        if (index is None or index_digest(index) != part["files"].get(STORE_INDEX)
                or index.get("build") != part.get("build") or listing(previous / STORE) != index.get("files")):
            return None
        if sha256_file(previous / "hengyang.nq") != part["files"].get("hengyang.nq"):
            return None
        before = [(str(d), int(at), int(n)) for d, at, n in index["parts"]]
        old, new = {d for d, _, _ in before}, {d for d, _, _ in parts}
        removed = _lines(previous / "hengyang.nq", [p for p in before if p[0] not in new])
        added = _lines(nquads, [p for p in parts if p[0] not in old])
    except (OSError, ValueError, KeyError, TypeError, StopIteration, AttributeError):
        return None
    removed, added = removed - added, added - removed
    if len(removed) + len(added) > MAX_CHANGED * max(int(index.get("quads") or 0), 1):
        return None
    try:
        ox.Store.read_only(str(previous / STORE)).backup(str(path))  # table files hard-linked, the rest copied
        store = ox.Store(str(path))
        for q in ox.parse(b"\n".join(sorted(removed)) + b"\n", format=ox.RdfFormat.N_QUADS):
            store.remove(q)
        store.extend(ox.parse(b"\n".join(sorted(added)) + b"\n", format=ox.RdfFormat.N_QUADS))
        store.flush()
        del store
    except (OSError, SyntaxError):
        return None
    return str(index["build"])


def _lines(path: Path, parts: list[tuple[str, int, int]]) -> set[bytes]:
    """The lines of the given parts of a file."""
    got: set[bytes] = set()
    with path.open("rb") as fh:
        for _, at, n in parts:
            fh.seek(at)
            got.update(fh.read(n).splitlines())
    return got


def listing(path: Path | str) -> dict[str, int]:
    """Every file of a store directory with its size."""
    return {e.name: e.stat().st_size for e in sorted(os.scandir(path), key=lambda e: e.name) if e.is_file()}


@dataclass
class Opened:
    """A store opened read-only, and the path it was opened at (for worker processes)."""

    store: ox.Store
    path: str
    quads: int


def has_store(out: Path) -> bool:
    """Whether the set in ``out`` lists an on-disk store (sets of earlier versions do not)."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return any(STORE in p.get("files", {}) for p in (manifest.get("parts") or {}).values())


def open_read_only(out: Path, stale: Callable[[dict], str | None], snapshot: bool = False) -> Opened:
    """Open the store of the set in ``out`` read-only, after checking it belongs to today's
    inputs (``stale`` gives the message refusing it, from the manifest) and was not changed.

    With ``snapshot`` the store's files are first hard-linked into a private directory beside
    the set (removed by :func:`release`), so other processes can open it by path and a later
    build replacing the set cannot take the files away from a long-running server."""
    try:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as exc:
        raise OutputError(f"cannot open {out}: {exc.strerror}") from None
    try:
        manifest, index = _read_checked(fd, out)
        if (problem := stale(manifest)) is not None:
            raise OutputError(problem)
        where = f"/proc/self/fd/{fd}/{STORE}" if os.path.isdir(f"/proc/self/fd/{fd}") else str(out / STORE)
        found = listing(where)
        if found != index["files"]:
            changed = sorted(n for n in set(found) | set(index["files"]) if found.get(n) != index["files"].get(n))
            raise OutputError(f"{out}/{STORE} was changed after it was written ({', '.join(changed[:5])} differ "
                              f"from {STORE_INDEX}); run 'hengyang-kg build --out {out}' again")
        if snapshot:
            where = _snapshot(where, out)
        try:
            store = ox.Store.read_only(where)
        except OSError as exc:
            raise OutputError(f"cannot open the store {out}/{STORE}: {exc}; run 'hengyang-kg build --out {out}' "
                              "again") from None
    except BaseException:
        os.close(fd)
        raise
    if snapshot:
        os.close(fd)
    else:
        _held.append(fd)  # RocksDB may open table files later, through this handle's path
    return Opened(store, where, int(index.get("quads", 0)))


def _read_checked(fd: int, out: Path) -> tuple[dict, dict]:
    try:
        manifest = json.loads(read_at(fd, MANIFEST).decode("utf-8"))
    except (OSError, ValueError):
        raise OutputError(f"{out} has no readable {MANIFEST}: run 'hengyang-kg build --out {out}'") from None
    part = next((p for p in (manifest.get("parts") or {}).values() if STORE in p.get("files", {})), None)
    if part is None or STORE_INDEX not in part.get("files", {}):
        raise OutputError(f"{out} has no on-disk store: run 'hengyang-kg build --out {out}'")
    try:
        data = read_at(fd, STORE_INDEX)
    except OSError:
        raise OutputError(f"{out}/{STORE_INDEX} is missing: run 'hengyang-kg build --out {out}' again") from None
    index = checked_index(data)
    if index is None or index_digest(index) != part["files"][STORE_INDEX]:
        raise OutputError(f"{out}/{STORE_INDEX} was changed after it was written (it does not match its seal and "
                          f"the manifest): run 'hengyang-kg build --out {out}' again")
    if (index.get("build") != part.get("build") or part.get("build") != manifest.get("build")
            or not index.get("nquads") or index.get("nquads") != part["files"].get("hengyang.nq")
            or part["files"].get(STORE) != index.get("nquads")):
        raise OutputError(f"{out}/{STORE} belongs to another build than {out}/{MANIFEST}")
    return manifest, index


SNAPSHOT_GLOB = ".{name}.reader-*"


def _snapshot(src: str, out: Path) -> str:
    """Hard links of the store's files in ``.<out>.reader-<pid>-<random>`` beside the set."""
    _sweep_snapshots(out)
    dst = out.parent / f".{out.name}.reader-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    dst.mkdir()
    try:
        for name in listing(src):
            try:
                os.link(f"{src}/{name}", dst / name)
            except OSError:
                shutil.copy2(f"{src}/{name}", dst / name)
    except BaseException:
        shutil.rmtree(dst, ignore_errors=True)
        raise
    return str(dst)


def _sweep_snapshots(out: Path) -> None:
    """Remove the snapshots of readers that are no longer running."""
    for p in out.parent.glob(SNAPSHOT_GLOB.format(name=out.name)):
        try:
            pid = int(p.name.rsplit("-", 2)[-2])
            os.kill(pid, 0)
        except (ValueError, IndexError):
            continue
        except ProcessLookupError:
            shutil.rmtree(p, ignore_errors=True)
        except PermissionError:
            continue


def release(opened: Opened) -> None:
    """Remove the private snapshot of a store opened with ``snapshot`` (nothing otherwise)."""
    name = os.path.basename(opened.path)
    if ".reader-" in name and name.startswith("."):
        shutil.rmtree(opened.path, ignore_errors=True)
