"""Where a linted file really is, worked out once per folder.

Configuration, per-file ignores and waivers each need the file's real path (symbolic
links and ``..`` resolved).  Resolving costs a system call per path component, and a
batch asks for every file several times: the folder is resolved once, and the file
itself costs one ``lstat`` (to see whether it is a link).
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path


def resolved(path: str) -> Path:
    """``Path(path).resolve()``."""
    folder = _plain_folder(path)
    return Path(path).resolve() if folder is None else Path(folder, os.path.basename(path))


def real_folder(path: str) -> str:
    """``str(Path(path).resolve().parent)``, without making a Path (the usual case in a batch)."""
    folder = _plain_folder(path)
    return str(Path(path).resolve().parent) if folder is None else folder


def _plain_folder(path: str) -> str | None:
    """The real folder of a file that is no link (one ``lstat``); None for a link or a folder name."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return None
    return _real_folder(os.path.join(os.getcwd(), folder))


@lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)
