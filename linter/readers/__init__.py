"""Readers: one per input kind, each turning a file into the same :class:`Source`.

The registry maps a file suffix to ``"module:function"``; a reader module is
imported only when a file of its kind is read, so that linting text files never
pays for loading a Word or PDF library.  A reader raises :class:`ReadError` with a
Chinese message; the engine turns it into an R001 diagnostic.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Callable

from linter.source import Source

# Real reports are well under a megabyte of text; this bounds memory and time.
MAX_TEXT_BYTES = 10 * 1024 * 1024
_MB = 1024 * 1024
# Checked against the file size before a byte is read (the readers check again on content).
MAX_BYTES = {".docx": 50 * _MB, ".pdf": 50 * _MB, ".html": 20 * _MB, ".htm": 20 * _MB}

READERS: dict[str, str] = {
    ".txt": "linter.readers.text:read_text",
    ".md": "linter.readers.text:read_text",
    ".markdown": "linter.readers.text:read_text",
    ".docx": "linter.readers.docx:read_docx",
    ".pdf": "linter.readers.pdf:read_pdf",
    ".html": "linter.readers.html:read_html",
    ".htm": "linter.readers.html:read_html",
}

# Files a folder scan or a hook must pass over: editor and Office leftovers.
SKIPPED_PREFIXES = ("~$", ".~lock", ".#")
SKIPPED_SUFFIXES = ("~", ".tmp", ".swp", ".bak")
# A repository of reports also holds its own documentation; a folder scan is not meant for it.
SKIPPED_STEMS = ("readme", "changelog", "changes", "license", "licence", "contributing", "notice", "authors")


class ReadError(Exception):
    """A file that cannot be read as a report; the message is shown to the user."""


def is_supported(path: Path) -> bool:
    name = path.name
    if name.startswith(SKIPPED_PREFIXES) or name.endswith(SKIPPED_SUFFIXES):
        return False
    if path.stem.lower().split(".")[0] in SKIPPED_STEMS:
        return False
    return path.suffix.lower() in READERS


def _reader_for(suffix: str) -> Callable[[str, bytes], Source]:
    target = READERS.get(suffix.lower(), READERS[".txt"])
    module_name, func = target.split(":")
    return getattr(importlib.import_module(module_name), func)


def read_path(path: str) -> Source:
    """Read one file from disk; raises :class:`ReadError`."""
    try:
        size = os.path.getsize(path)
        limit = MAX_BYTES.get(Path(path).suffix.lower(), MAX_TEXT_BYTES)
        if size > limit:
            raise ReadError(f"文件过大（{size // _MB} MB），超过 {limit // _MB} MB 上限，不像是一份年度报告")
        with open(path, "rb") as handle:
            data = handle.read()
    except ReadError:
        raise
    except IsADirectoryError:
        raise ReadError("这是一个文件夹，不是文件") from None
    except FileNotFoundError:
        raise ReadError("文件不存在") from None
    except PermissionError:
        raise ReadError("没有读取权限") from None
    except OSError as exc:
        raise ReadError(f"无法读取文件：{exc.strerror or exc}") from None
    return _reader_for(Path(path).suffix)(path, data)


def read_bytes(path: str, data: bytes, suffix: str = ".txt") -> Source:
    """Read already-loaded bytes (standard input) with the reader for ``suffix``."""
    limit = MAX_BYTES.get(suffix.lower(), MAX_TEXT_BYTES)
    if len(data) > limit:
        raise ReadError(f"输入过大（{len(data) // _MB} MB），超过 {limit // _MB} MB 上限")
    return _reader_for(suffix)(path, data)
