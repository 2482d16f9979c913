"""A built report (``hengyang-kg report --out DIR``) served read-only by the endpoint under
``/report/``: the conflict report, its entity pages and its source pages, so the web page's
claim popup can link a claim to its sentence on its source page.

The report's output set is read once, at start, through one directory handle (a concurrent
``report`` run cannot mix two sets), and only the files of its ``report`` part are kept —
each checked against its hash in the manifest — with ``manifest.json``. A request is
answered from that table by exact relative path: nothing is ever opened from a request's
path, so no path (``..``, ``%2e%2e``, an absolute or a symbolic link) can reach another
file; a later change on disk is not served.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from hengyang_kg.outputs import MANIFEST, Inputs, OutputError, read_at, stale_reasons, tree_digest

PREFIX = "/report/"
TYPES = {".html": "text/html; charset=utf-8", ".json": "application/json; charset=utf-8",
         ".md": "text/markdown; charset=utf-8", ".svg": "image/svg+xml", ".css": "text/css; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".png": "image/png", ".txt": "text/plain; charset=utf-8"}
HEADERS = {"X-Content-Type-Options": "nosniff", "Cache-Control": "no-cache"}


@dataclass(frozen=True)
class ReportSite:
    """The files of one report set, by relative path, and the build they belong to."""

    directory: Path
    build: str
    files: dict[str, bytes]

    def answer(self, path: str) -> tuple[int, bytes, str, dict[str, str]]:
        """Status, body, content type and headers for a request path under ``/report``."""
        if path == PREFIX.rstrip("/"):
            return 301, b"moved to /report/\n", "text/plain; charset=utf-8", {"Location": PREFIX}
        rel = relative(path)
        if rel is None or rel not in self.files:
            return 404, b"not in the report\n", "text/plain; charset=utf-8", {}
        ctype = TYPES.get(PurePosixPath(rel).suffix.lower(), "application/octet-stream")
        return 200, self.files[rel], ctype, HEADERS | {"ETag": f'"{self.build}"'}


def relative(path: str) -> str | None:
    """The file a request path names inside the report, or None when it names none.

    >>> relative("/report/")
    'conflicts.html'
    >>> relative("/report/sources/002.html")
    'sources/002.html'
    >>> relative("/report/%2e%2e/data/x") is None, relative("/report/a//b") is None
    (True, True)
    """
    if not path.startswith(PREFIX):
        return None
    try:
        rel = unquote(path[len(PREFIX):], errors="strict")
    except UnicodeDecodeError:
        return None
    if rel == "":
        return "conflicts.html"
    parts = rel.split("/")
    if any(p in ("", ".", "..") or "\\" in p or "\0" in p for p in parts):
        return None
    return rel


def open_report(out: Path, today: Inputs) -> ReportSite:
    """The report set in ``out``, every file checked, refused when it is not today's."""
    for _attempt in range(20):
        try:
            manifest, files = _read_once(out)
            break
        except FileNotFoundError:
            continue  # the set was replaced while it was read: read the new one
    else:
        raise OutputError(f"{out} kept changing while it was read: try again")
    why = stale_reasons(manifest, today)
    if why:
        raise OutputError(f"the report in {out} is stale: {'; '.join(why)}. "
                          f"Run 'hengyang-kg report --out {out}', or add --rebuild")
    return ReportSite(out, str(manifest.get("build", "")), files)


def has_report(out: Path) -> bool:
    """Whether ``out`` holds an output set with a report part."""
    try:
        manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(manifest, dict) and "report" in (manifest.get("parts") or {})


def _read_once(out: Path) -> tuple[dict, dict[str, bytes]]:
    try:
        fd = os.open(out, os.O_RDONLY | os.O_DIRECTORY)
    except FileNotFoundError:
        raise OutputError(f"{out} does not exist: run 'hengyang-kg report --out {out}'") from None
    except OSError as exc:
        raise OutputError(f"cannot open {out}: {exc.strerror}") from None
    try:
        raw = read_at(fd, MANIFEST, follow_links=False)
        try:
            manifest = json.loads(raw.decode("utf-8"))
            part = manifest["parts"]["report"]["files"]
        except (ValueError, KeyError, TypeError):
            raise OutputError(f"{out}/{MANIFEST} lists no report: run 'hengyang-kg report --out {out}'") from None
        files = {MANIFEST: raw}
        for name, digest in sorted(part.items()):
            got = _read_entry(fd, name)
            if _digest(got, name) != digest:
                raise OutputError(f"{out}/{name} was changed after it was written (its hash differs from the "
                                  f"manifest): run 'hengyang-kg report --out {out}' again")
            files |= got
        return manifest, files
    finally:
        os.close(fd)


def _read_entry(fd: int, name: str) -> dict[str, bytes]:
    """A file of the part, or every regular file under a directory of it, by relative path."""
    if stat.S_ISREG(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode):
        return {name: read_at(fd, name, follow_links=False)}
    got = {}
    for top, _dirs, names, top_fd in os.fwalk(name, dir_fd=fd):
        for n in names:
            if stat.S_ISREG(os.stat(n, dir_fd=top_fd, follow_symlinks=False).st_mode):
                got[f"{top}/{n}"] = read_at(top_fd, n, follow_links=False)
    return got


def _digest(got: dict[str, bytes], name: str) -> str:
    """The manifest's hash of an entry: a file's SHA-256, or a directory's (as ``sha256_tree``)."""
    if list(got) == [name]:
        return hashlib.sha256(got[name]).hexdigest()
    return tree_digest({PurePosixPath(k).relative_to(name).as_posix(): hashlib.sha256(data).hexdigest()
                        for k, data in got.items()})
