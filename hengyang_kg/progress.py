"""Progress on a terminal, silence when piped."""

from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, label: str, stream=None, quiet: bool = False):
        self.label = label
        self.stream = stream or sys.stderr
        self.tty = not quiet and hasattr(self.stream, "isatty") and self.stream.isatty()
        self.last = 0.0

    def update(self, done: int, total: int) -> None:
        now = time.monotonic()
        if self.tty and (now - self.last > 0.1 or done == total):
            self.last = now
            self.stream.write(f"\r{self.label}: {done}/{total}")
            self.stream.flush()

    def done(self) -> None:
        if self.tty:
            self.stream.write("\n")
            self.stream.flush()
