"""Where a linted file really is, worked out once per file.

Configuration, per-file ignores and waivers each need the file's real path (symbolic
links and ``..`` resolved); resolving costs a system call per path component, and a
batch asks for every file several times.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=4096)
def resolved(path: str) -> Path:
    """``Path(path).resolve()``, remembered."""
    return Path(path).resolve()
