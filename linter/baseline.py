"""Baselines: accept today's findings, report only new ones.

A finding is keyed by file, code and the *matched text* — the text under its span
plus a little context on the same line — never by line number, so that edits
elsewhere in the report (or moving paragraphs around) do not resurrect it.  The
same key, hashed, is the stable fingerprint used by the GitLab and SARIF outputs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from linter.diagnostics import Diagnostic
from linter.results import FileResult

CONTEXT = 12  # characters of context on each side, within the line
VERSION = 1


class BaselineError(Exception):
    """The baseline file cannot be read or is malformed (exit code 2)."""


def matched_text(result: FileResult, diagnostic: Diagnostic) -> str:
    """The span's text plus up to :data:`CONTEXT` characters around it, on its own line(s)."""
    if result.source is None:
        return ""
    text = result.source.text
    start, end = diagnostic.span.start, min(diagnostic.span.end, len(text))
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end == -1 else line_end
    before = max(line_start, start - CONTEXT)
    after = min(line_end, end + CONTEXT)
    return text[before:after].strip()


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
    tmp = Path(path).with_name(Path(path).name + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return len(entries)


def load(path: str) -> tuple[Counter, Path]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BaselineError(f"{path}: 无法读取基线文件（{exc}）") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("findings"), list):
        raise BaselineError(f"{path}: 不是 nianbao-lint 基线文件（应含 version: {VERSION} 和 findings 列表）")
    counts: Counter = Counter()
    for index, entry in enumerate(data["findings"]):
        if not isinstance(entry, dict) or not all(isinstance(entry.get(k), str) for k in ("path", "code", "text")):
            raise BaselineError(f"{path}: findings[{index}] 应含 path、code、text 三个文本键")
        counts[(entry["path"], entry["code"], entry["text"])] += 1
    return counts, Path(path).resolve().parent


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
