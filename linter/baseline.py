"""Baselines: accept today's findings, report only new ones.

A finding is keyed by file, code and the *matched text* — the text under its span
plus a little context on the same line — never by line number, so that edits
elsewhere in the report (or moving paragraphs around) do not resurrect it.  The
same key, hashed, is the stable fingerprint used by the GitLab and SARIF outputs.

The file is written with :mod:`linter.safe_write` (unique temporary name, atomic
rename) and read with bounds: its size, and its nesting depth before ``json`` sees it,
so a hostile baseline is one line of error, never a ``RecursionError``.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

from linter.diagnostics import Diagnostic
from linter.readers import ReadError, read_file
from linter.results import FileResult
from linter.safe_write import WriteError, write_file
from linter.validation import InputError, build

VERSION = 1
MAX_BYTES = 50 * 1024 * 1024  # a backlog of 200 agencies is a few megabytes
MAX_DEPTH = 32  # the format needs 3 levels


class BaselineError(InputError):
    """The baseline file cannot be read or is malformed (exit code 2)."""


def matched_text(result: FileResult, diagnostic: Diagnostic) -> str:
    """The span's text plus a little context around it, on its own line (see :class:`~linter.results.Placed`)."""
    return result.placed(diagnostic).matched


def display_path(path: str, root: str | os.PathLike | None = None) -> str:
    """``path`` relative to ``root`` (default: the working directory) when under it, with ``/``."""
    if path == "-" or not path:
        return path
    base = Path(root or os.getcwd()).resolve()
    absolute = Path(path).resolve()
    try:
        return absolute.relative_to(base).as_posix()
    except ValueError:
        return Path(path).as_posix()


def key(result: FileResult, diagnostic: Diagnostic, root: str | os.PathLike | None = None) -> tuple[str, str, str]:
    return display_path(result.path, root), diagnostic.code, matched_text(result, diagnostic)


def fingerprint(result: FileResult, diagnostic: Diagnostic, occurrence: int = 0) -> str:
    """Stable hash of path + code + matched text (+ occurrence among identical keys)."""
    path, code, matched = key(result, diagnostic)
    raw = "\0".join((path, code, matched, str(occurrence)))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def fingerprints(results: Sequence[FileResult]) -> dict[int, str]:
    """``id(diagnostic) -> fingerprint``, numbering findings that share a key so each is unique."""
    seen: Counter = Counter()
    out: dict[int, str] = {}
    for result in results:
        for diagnostic in result.diagnostics:
            k = key(result, diagnostic)
            out[id(diagnostic)] = fingerprint(result, diagnostic, seen[k])
            seen[k] += 1
    return out


def write(path: str, results: Iterable[FileResult]) -> int:
    """Record every current finding; paths are stored relative to the baseline's folder."""
    root = Path(path).resolve().parent
    entries = [
        {"path": p, "code": c, "text": t}
        for result in results if not result.read_failed
        for p, c, t in (key(result, d, root) for d in result.diagnostics)
    ]
    entries.sort(key=lambda e: (e["path"], e["code"], e["text"]))
    data = {"version": VERSION, "tool": "nianbao-lint", "findings": entries}
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    try:
        write_file(path, text.encode("utf-8"))
    except WriteError as error:
        raise BaselineError(f"{error.path}: 无法写入基线文件：{error.reason}") from None
    return len(entries)


_JSON_TOKENS = re.compile(r'["\\\[\]{}]')


def _too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """Whether brackets outside strings nest deeper than ``limit`` (one linear pass over the tokens)."""
    depth, in_string, escaped_at = 0, False, -1
    for match in _JSON_TOKENS.finditer(text):
        char, at = match.group(), match.start()
        if in_string:
            if at == escaped_at:
                continue
            if char == "\\":
                escaped_at = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def load(path: str) -> tuple[Counter, Path]:
    try:
        raw, _ = read_file(path, MAX_BYTES)
        text = raw.decode("utf-8")
    except (ReadError, UnicodeDecodeError) as exc:
        raise BaselineError(f"{path}: 无法读取基线文件（{exc}）") from None
    if _too_deep(text):
        raise BaselineError(f"{path}: 不是 nianbao-lint 基线文件（JSON 嵌套超过 {MAX_DEPTH} 层）")
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise BaselineError(f"{path}: 无法读取基线文件（JSON 格式错误：{exc}）") from None
    schema = build(path, BaselineFile, data, BaselineError)
    if schema.version != VERSION:
        raise BaselineError(f"{path}: version: 不是 nianbao-lint 基线文件的版本（应为 {VERSION}）")
    counts: Counter = Counter((entry.path, entry.code, entry.text) for entry in schema.findings)
    return counts, Path(path).resolve().parent


class BaselineEntry(NamedTuple):
    path: str
    code: str
    text: str


class BaselineFile(NamedTuple):
    """The schema of a baseline file (what :func:`write` writes)."""

    version: int
    findings: tuple[BaselineEntry, ...]
    tool: str = "nianbao-lint"


def apply(loaded: tuple[Counter, Path], results: Sequence[FileResult]) -> int:
    """Drop findings recorded in a loaded baseline (each entry absorbs one finding); return how many."""
    recorded, root = loaded
    counts = Counter(recorded)  # a fresh copy: the same baseline may serve several runs
    dropped = 0
    for result in results:
        kept = []
        for diagnostic in result.diagnostics:
            k = key(result, diagnostic, root)
            if counts[k] > 0 and diagnostic.code != "R001":
                counts[k] -= 1
                dropped += 1
            else:
                kept.append(diagnostic)
        result.diagnostics[:] = kept
    return dropped
