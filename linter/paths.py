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
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return Path(path).resolve()
    return Path(_real_folder(os.path.join(os.getcwd(), folder)), name)


def real_folder(path: str) -> str:
    """``str(Path(path).resolve().parent)``, without making a Path (the usual case in a batch)."""
    folder, name = os.path.split(path)
    if name in ("", ".", "..") or os.path.islink(path):
        return str(Path(path).resolve().parent)
    return _real_folder(os.path.join(os.getcwd(), folder))


@lru_cache(maxsize=1024)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)
