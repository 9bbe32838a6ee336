"""A progress line on stderr for runs that take a while.

Shown only when stderr is a terminal, outside CI, without ``--quiet``, and only once
the run has taken more than a second (a pre-commit run over three files never sees
it).  One line, rewritten in place: files done of the total, files per second, errors
so far; erased when the run ends so the report that follows starts on a clean line.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

DELAY = 1.0  # seconds before the line appears
INTERVAL = 0.1  # seconds between redraws


class Progress:
    def __init__(self, total: int, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.total = total
        self.enabled = enabled and total > 1
        self.done = self.errors = 0
        self._start = time.monotonic()
        self._drawn = 0.0
        self._shown = False

    @staticmethod
    def wanted(quiet: bool, stream: TextIO | None = None) -> bool:
        stream = stream or sys.stderr
        return not quiet and not os.environ.get("CI") and hasattr(stream, "isatty") and stream.isatty()

    def advance(self, errors: int = 0) -> None:
        self.done += 1
        self.errors += errors
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._start < DELAY or (now - self._drawn < INTERVAL and self.done < self.total):
            return
        self._drawn = now
        rate = self.done / max(now - self._start, 1e-6)
        width = 24
        filled = width * self.done // max(self.total, 1)
        bar = "█" * filled + "░" * (width - filled)
        self.stream.write(f"\r{bar} {self.done}/{self.total} 个文件 · {rate:.0f} 个/秒 · {self.errors} 个错误 ")
        self.stream.flush()
        self._shown = True

    def close(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[2K")
            self.stream.flush()
            self._shown = False
