"""Files out: the one place that writes outputs, atomically."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(files: dict[str, bytes], out: Path) -> list[Path]:
    """Write every file beside its target, then rename them all into place."""
    out.mkdir(parents=True, exist_ok=True)
    mode = 0o666 & ~_umask()
    tmp: list[tuple[str, Path]] = []
    try:
        for name, data in files.items():
            target = out / name  # a name may hold a sub-folder (entities/x.html)
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
            os.fchmod(fd, mode)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.append((name, Path(tmp_name)))
        done = []
        for name, path in tmp:
            os.replace(path, out / name)
            done.append(out / name)
        return done
    finally:
        for _name, path in tmp:
            if path.exists():
                path.unlink()
