"""Progress bars on a terminal; silence when piped or asked to be quiet.

>>> import io
>>> class Tty(io.StringIO):
...     def isatty(self): return True
>>> out = Tty()
>>> bar = Progress("reading", out)
>>> bar.update(5, 10); bar.update(10, 10); bar.done()
>>> out.getvalue().splitlines()[-1].split("\\r")[-1]
'reading [########################] 10/10'
>>> piped = io.StringIO()
>>> bar = Progress("reading", piped); bar.update(10, 10); bar.done(); piped.getvalue()
''
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 24


class Progress:
    def __init__(self, label: str, stream: TextIO | None = None, quiet: bool = False) -> None:
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = not quiet and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = 0.0
        self.shown = False

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.tty and (now - self.last > 0.1 or done == total):
            self.last = now
            filled = WIDTH * done // max(total, 1)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (WIDTH - filled)}] {done}/{total}")
            self.stream.flush()
            self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()
            self.shown = False
