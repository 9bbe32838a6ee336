"""Readers: one per input kind, each turning a file into the same :class:`Source`.

The registry maps a file suffix to ``"module:function"``; a reader module is
imported only when a file of its kind is read, so that linting text files never
pays for loading a Word or PDF library.  A reader raises :class:`ReadError` with a
Chinese message; the engine turns it into an R001 diagnostic.

Every read is bounded before the bytes reach a reader: :func:`read_file` takes regular
files only (a device, FIFO or socket is refused without waiting on it) and never reads
past the cap for the file's kind; :func:`read_stdin` stops one byte past that cap.
"""

from __future__ import annotations

import importlib
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from linter.source import Source

# Real reports are well under a megabyte of text; this bounds memory and time.
MAX_TEXT_BYTES = 10 * 1024 * 1024
_MB = 1024 * 1024
# Checked against the file size before a byte is read (the readers check again on content).
MAX_BYTES = {".docx": 50 * _MB, ".pdf": 50 * _MB, ".html": 20 * _MB, ".htm": 20 * _MB}
_CHUNK = _MB
# Never block on a FIFO or a terminal; binary on Windows.
_READ_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) \
    | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)

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


def _reader_for(suffix: str, data: bytes) -> Callable[[str, bytes], Source]:
    """The reader for ``data``: by its signature for binary formats, else by the file's suffix."""
    from linter.readers.sniff import reader_suffix

    target = READERS.get(reader_suffix(data, suffix.lower()), READERS[".txt"])
    module_name, func = target.split(":")
    return getattr(importlib.import_module(module_name), func)


def limit_for(name: str) -> int:
    """The size cap, in bytes, for a file (or standard input) named ``name``."""
    return MAX_BYTES.get(os.path.splitext(name)[1].lower(), MAX_TEXT_BYTES)


def _too_large(size: int, limit: int) -> ReadError:
    return ReadError(f"文件过大（{size // _MB} MB），超过 {limit // _MB} MB 上限，不像是一份年度报告")


def _not_regular(mode: int) -> ReadError:
    if stat.S_ISDIR(mode):
        return ReadError("这是一个文件夹，不是文件")
    if stat.S_ISFIFO(mode):
        kind = "命名管道（FIFO）"
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = "设备文件"
    elif stat.S_ISSOCK(mode):
        kind = "套接字"
    else:
        kind = "特殊文件"
    return ReadError(f"这是{kind}，不是普通文件，不予读取")


def read_file(path: str, limit: int) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file, refused beyond ``limit``, with the status of what was read.

    Devices, FIFOs and sockets are refused from their status before they are opened (opening
    a FIFO waits for a writer; /dev/zero never ends), and again on the open descriptor in
    case the name was swapped in between; at most ``limit + 1`` bytes are ever read, so a file
    that grows after the size check is refused too.  Raises :class:`ReadError`.
    """
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise _not_regular(status.st_mode)
        if status.st_size > limit:
            raise _too_large(status.st_size, limit)
        fd = os.open(path, _READ_FLAGS)
        try:
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                raise _not_regular(status.st_mode)
            data = _read_at_most(fd, limit + 1)
        finally:
            os.close(fd)
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
    if len(data) > limit:
        raise _too_large(len(data), limit)
    return data, status


def _read_at_most(fd: int, count: int) -> bytes:
    chunks: list[bytes] = []
    while count > 0 and (chunk := os.read(fd, min(count, _CHUNK))):
        chunks.append(chunk)
        count -= len(chunk)
    return b"".join(chunks)


def read_path(path: str) -> Source:
    """Read one file from disk; raises :class:`ReadError`."""
    data, _ = read_file(path, limit_for(path))
    return _reader_for(Path(path).suffix, data)(path, data)


def read_stdin(name: str = "-", stream: BinaryIO | None = None) -> bytes:
    """Standard input (or ``stream``), read in pieces up to one byte past the cap for ``name``.

    Never more: an endless or huge input stops there and :func:`read_bytes` refuses it, instead
    of the whole input landing in memory before any size check.
    """
    if stream is None:
        stream = getattr(sys.stdin, "buffer", None)
        if stream is None:  # no standard input at all (closed, or a GUI process)
            return b""
    left = limit_for(name) + 1
    chunks: list[bytes] = []
    while left > 0 and (chunk := stream.read(min(left, _CHUNK))):
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_bytes(path: str, data: bytes, suffix: str | None = None) -> Source:
    """Read already-loaded bytes (standard input) with the reader for ``suffix`` (default: ``path``'s)."""
    suffix = Path(path).suffix if suffix is None else suffix
    limit = MAX_BYTES.get(suffix.lower(), MAX_TEXT_BYTES)
    if len(data) > limit:
        raise ReadError(f"输入过大，超过 {limit // _MB} MB 上限，不像是一份年度报告")
    return _reader_for(suffix, data)(path, data)
