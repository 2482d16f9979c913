"""Output sets: an output directory is one all-or-nothing set of artefacts with a manifest.

A command that writes outputs (``build``: the dataset exports; ``report``: the conflict
report; any later artefact, e.g. an on-disk store) contributes a *part* to the set in its
output directory. :func:`write_part` builds the complete new set in a sibling temporary
directory — the new part's files, the other parts' files carried over (hard links) when
they were made from the same inputs, and ``manifest.json`` — and makes it visible in one
atomic step: the two directories are exchanged (Linux ``renameat2(RENAME_EXCHANGE)``), so
a reader sees the old set or the new one, never a mix. Leftovers of an interrupted run
are swept by the next; concurrent writers of one directory are serialised by a lock.

The manifest records the hash of every input (sources, claims, entities, ontology) and
of every output, the program version, the base IRI and the claims per source. Readers
(:func:`read_set`) check it against the inputs of today and refuse a stale set.
"""

from __future__ import annotations

import ctypes
import errno
import fcntl
import hashlib
import json
import os
import shutil
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.resources.abc import Traversable
from pathlib import Path, PurePosixPath

MANIFEST = "manifest.json"
FORMAT = 1
# File names earlier versions wrote without a manifest; replacing them loses nothing.
LEGACY = {"hengyang.trig", "hengyang.nq", "hengyang.ttl", "hengyang.jsonld",
          "conflicts.json", "conflicts.md", "conflicts.html"}

# Test hook: the N-th file operation of a write kills the process on the spot (as SIGKILL
# would), so a test can check that every interruption leaves the old or the new set.
fault_at = int(os.environ.get("HENGYANG_KG_FAULT_AT", "0"))
_ops = 0

# the bytes of a file, or a maker that creates it at the path (and may give its digest, else it is hashed)
Artefact = bytes | Callable[[Path], str | None]


class OutputError(Exception):
    """An output set that cannot be written or read as it is; the message says how to fix it."""


@dataclass(frozen=True)
class Inputs:
    """What an output set is made from: every input file's hash, the version and the base IRI."""

    files: dict[str, str]
    version: str
    base: str
    claims_per_source: dict[str, int]

    @property
    def build_id(self) -> str:
        """A short id of these inputs: equal inputs, equal id."""
        key = json.dumps([self.files, self.version, self.base], sort_keys=True).encode("utf-8")
        return hashlib.sha256(key).hexdigest()[:16]


def sha256_file(path: Path | Traversable) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def sha256_tree(path: Path) -> str:
    """A file's hash, or a directory's: every file's relative path and hash, in order (:func:`tree_digest`)."""
    if path.is_file():
        return sha256_file(path)
    return tree_digest({p.relative_to(path).as_posix(): sha256_file(p) for p in path.rglob("*") if p.is_file()})


def tree_digest(digests: dict[str, str]) -> str:
    """A directory's hash from its files' hashes by relative (POSIX) path: a line of each path and
    hash, in the order of the paths (compared part by part)."""
    h = hashlib.sha256()
    for rel in sorted(digests, key=PurePosixPath):
        h.update(f"{rel}\0{digests[rel]}\n".encode())
    return h.hexdigest()


def _step(what: str) -> None:
    global _ops
    _ops += 1
    if fault_at and _ops == fault_at:
        os._exit(99)  # no cleanup, no finally: as a kill would leave it


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        fn = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextmanager
def _locked(out: Path) -> Iterator[None]:
    lock = out.parent / f".{out.name}.lock"
    fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def sweep(out: Path) -> list[Path]:
    """Remove what an interrupted write left beside ``out`` (call with the lock held)."""
    gone = []
    for p in sorted(out.parent.glob(f".{out.name}.new-*")) + sorted(out.parent.glob(f".{out.name}.old-*")):
        shutil.rmtree(p, ignore_errors=True) if p.is_dir() else p.unlink(missing_ok=True)
        gone.append(p)
    return gone


def read_manifest(out: Path) -> dict | None:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == FORMAT else None


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:
        shutil.copy2(src, dst)


@dataclass
class Written:
    """What a write did: the paths of the part, and what was dropped or shrank (to be said)."""

    paths: list[Path]
    dropped: list[str]
    shrank: dict[str, tuple[int, int]]
    build_id: str


def shrinkage(old: dict | None, inputs: Inputs) -> dict[str, tuple[int, int]]:
    """Sources whose claim count would drop, with (old, new) counts."""
    before = (old or {}).get("claims_per_source") or {}
    return {sid: (n, inputs.claims_per_source.get(sid, 0)) for sid, n in sorted(before.items())
            if inputs.claims_per_source.get(sid, 0) < n}


def write_part(out: Path, part: str, files: dict[str, Artefact], inputs: Inputs,
               allow_shrink: bool = False) -> Written:
    """Replace part ``part`` of the output set in ``out`` with ``files``, all or nothing."""
    out = out.absolute()
    out.parent.mkdir(parents=True, exist_ok=True)
    with _locked(out):
        sweep(out)
        old = read_manifest(out) if out.is_dir() else None
        if out.exists() and not out.is_dir():
            raise OutputError(f"{out} is a file, not a directory: choose another --out")
        _refuse_foreign(out, old, files)
        shrank = shrinkage(old, inputs)
        if shrank and not allow_shrink:
            lines = "; ".join(f"{sid}: {a} → {b} claims" for sid, (a, b) in shrank.items())
            raise OutputError(f"refusing to replace {out}: claims would be lost ({lines}); "
                              "restore the data, or pass --allow-shrink if the loss is intended")
        parts, dropped = _carried_parts(old, part, inputs)
        tmp = out.parent / f".{out.name}.new-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        try:
            _assemble(tmp, out, part, parts, files, inputs)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            raise OutputError(f"cannot write {out}: {exc.strerror or exc}; the previous outputs are unchanged") from None
        _publish(tmp, out)
        return Written([out / n for n in files], dropped, shrank, inputs.build_id)


def _assemble(tmp: Path, out: Path, part: str, parts: dict, files: dict[str, Artefact], inputs: Inputs) -> None:
    """The complete new set in ``tmp``: carried parts (linked), the new part, the manifest."""
    _step("mkdir")
    tmp.mkdir()
    for name in sorted(n for p in parts.values() for n in p["files"]):
        _step(f"link {name}")
        src, dst = out / name, tmp / name
        if src.is_dir():
            shutil.copytree(src, dst, copy_function=_link_or_copy)
        else:
            _link_or_copy(str(src), str(dst))
    hashes = {}
    for name, artefact in files.items():
        _step(f"write {name}")
        hashes[name] = _write_one(tmp / name, artefact)
    parts[part] = {"build": inputs.build_id, "files": dict(sorted(hashes.items()))}
    manifest = {
        "format": FORMAT, "program": "hengyang-kg", "version": inputs.version, "base": inputs.base,
        "build": inputs.build_id, "inputs": dict(sorted(inputs.files.items())),
        "claims_per_source": dict(sorted(inputs.claims_per_source.items())),
        "parts": dict(sorted(parts.items())),
    }
    _step("write manifest")
    _write_one(tmp / MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8"))
    _step("fsync")
    _fsync_dir(tmp)


def _refuse_foreign(out: Path, old: dict | None, files: dict[str, Artefact]) -> None:
    """Never replace a directory holding files that are not outputs (the user's own files)."""
    if not out.is_dir():
        return
    known = set(LEGACY) | set(files) | {MANIFEST}
    for p in (old or {}).get("parts", {}).values():
        known |= set(p.get("files", {}))
    foreign = sorted(p.name for p in out.iterdir() if p.name not in known)
    if foreign:
        shown = ", ".join(foreign[:5]) + (" …" if len(foreign) > 5 else "")
        raise OutputError(f"{out} holds files that are not outputs of hengyang-kg ({shown}); "
                          "the whole directory is replaced when written: choose a new or empty --out")


def _carried_parts(old: dict | None, part: str, inputs: Inputs) -> tuple[dict, list[str]]:
    """The other parts of the old set, if made from the same inputs; the names of those dropped."""
    keep, dropped = {}, []
    for name, p in ((old or {}).get("parts") or {}).items():
        if name == part:
            continue
        if p.get("build") == inputs.build_id:
            keep[name] = p
        else:
            dropped.extend(sorted(p.get("files", {})))
    return keep, dropped


def _write_one(path: Path, artefact: Artefact) -> str:
    if callable(artefact):
        return artefact(path) or sha256_tree(path)
    with path.open("wb") as fh:
        fh.write(artefact)
        fh.flush()
        os.fsync(fh.fileno())
    return hashlib.sha256(artefact).hexdigest()


def _publish(tmp: Path, out: Path) -> None:
    """Make ``tmp`` the set at ``out`` in one step, then remove the old set."""
    if not out.exists():
        _step("rename")
        os.rename(tmp, out)
    else:
        _step("exchange")
        if _exchange(tmp, out):
            old = tmp
        else:  # not Linux: two renames (a reader may briefly find no directory, never a mix)
            old = out.parent / f".{out.name}.old-{os.getpid()}-{uuid.uuid4().hex[:8]}"
            os.rename(out, old)
            os.rename(tmp, out)
        _step("remove old")
        shutil.rmtree(old, ignore_errors=True)
    _step("fsync parent")
    _fsync_dir(out.parent)


@dataclass
class OutputSet:
    """A consistent reading of an output set: its manifest and the bytes of the files asked for."""

    manifest: dict
    files: dict[str, bytes]


def read_set(out: Path, names: list[str]) -> OutputSet:
    """Read the manifest and files through one directory handle, so a concurrent swap
    cannot mix two sets (when the set is replaced mid-read, reading starts again); every
    file must match its hash in the manifest."""
    for _attempt in range(20):
        try:
            return _read_once(out, names)
        except FileNotFoundError:
            continue  # the set being read was replaced and removed: read the new one
    raise OutputError(f"{out} kept changing while it was read: try again")


def read_at(dir_fd: int, name: str, follow_links: bool = True) -> bytes:
    """The bytes of file ``name`` in the directory open as ``dir_fd`` (refused as a symbolic link
    unless ``follow_links``)."""
    f = os.open(name, os.O_RDONLY | (0 if follow_links else os.O_NOFOLLOW), dir_fd=dir_fd)
    with os.fdopen(f, "rb") as fh:
        return fh.read()


def _read_once(out: Path, names: list[str]) -> OutputSet:
    try:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise OutputError(f"cannot open {out}: {exc.strerror}") from None
    try:
        try:
            manifest = json.loads(read_at(fd, MANIFEST).decode("utf-8"))
        except FileNotFoundError:
            if os.listdir(fd) and _still_at(fd, out):  # not a replaced set being removed
                raise OutputError(f"{out} has no {MANIFEST}: it was not written by this version of hengyang-kg") from None
            raise
        except (OSError, ValueError):
            raise OutputError(f"{out} has no readable {MANIFEST}: it was changed by hand") from None
        listed = {n: h for p in manifest.get("parts", {}).values() for n, h in p.get("files", {}).items()}
        got = {}
        for name in names:
            if name not in listed:
                raise OutputError(f"{out}/{name} is not in the set's manifest")
            data = read_at(fd, name)
            if hashlib.sha256(data).hexdigest() != listed[name]:
                raise OutputError(f"{out}/{name} was changed after it was written (its hash differs from the manifest)")
            got[name] = data
        return OutputSet(manifest, got)
    finally:
        os.close(fd)


def _still_at(fd: int, out: Path) -> bool:
    """Whether the directory open as ``fd`` is still the one at ``out`` (not swapped away)."""
    try:
        here, there = os.fstat(fd), os.stat(out)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


def stale_reasons(manifest: dict, inputs: Inputs) -> list[str]:
    """Why a set does not belong to today's inputs (empty when it does)."""
    why = []
    if manifest.get("base") != inputs.base:
        why.append(f"it was built with base IRI {manifest.get('base')}, not {inputs.base}")
    if manifest.get("version") != inputs.version:
        why.append(f"it was built by hengyang-kg {manifest.get('version')}, this is {inputs.version}")
    before = manifest.get("inputs") or {}
    changed = sorted(n for n in set(before) | set(inputs.files) if before.get(n) != inputs.files.get(n))
    if changed:
        words = [f"{n} {'added' if n not in before else 'removed' if n not in inputs.files else 'changed'}"
                 for n in changed[:5]]
        why.append(", ".join(words) + (f" and {len(changed) - 5} more" if len(changed) > 5 else ""))
    return why
