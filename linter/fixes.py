"""Safe fixes: ``--fix`` writes them, ``--diff`` shows them.

Only fixes marked ``safe`` are applied, and only to plain text and Markdown (for
Word and other formats they are printed as suggestions).  Readers normalize the
text (no BOM, LF, ASCII digits), so the replacements are mapped back onto the
file's own decoded text, then encoded in the file's own encoding: every byte
outside the fixed spans stays as it was, CRLF and GB18030 included.  A file is
written only if the fixed text re-reads and re-lints without a code it did not
have before, and only by :mod:`linter.safe_write`: atomically, through symlinks,
keeping hard links, owner, group and mode, never into a read-only file, and not at
all if the file changed after it was read here (its snapshot no longer matches), so
an edit saved while the tool runs is kept.  A file that cannot be fixed that way is
left as it was and its :class:`Outcome` says why (``failed``: exit code 2).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from linter.diagnostics import Fix
from linter.readers import ReadError, limit_for, read_file
from linter.results import FileResult
from linter.safe_write import Snapshot, WriteError, write_file
from linter.source import normalize_text

FIXABLE = (".txt", ".md", ".markdown")


@dataclass
class Outcome:
    path: str
    applied: int = 0
    original: bytes = b""
    fixed: bytes | None = None  # None: nothing to write
    problem: str | None = None  # why the file was left unchanged
    suggestions: tuple[str, ...] = ()
    snapshot: Snapshot | None = None  # the file as read for planning; it must be so when written
    failed: bool = False  # the file had fixes but could not be re-read or written (exit code 2)


def safe_fixes(result: FileResult) -> list[Fix]:
    fixes = sorted({d.fix for d in result.diagnostics if d.fix is not None and d.fix.safe},
                   key=lambda f: (f.span.start, f.span.end))
    chosen: list[Fix] = []
    for fix in fixes:  # overlapping fixes: keep the first, the next run picks up the rest
        if not chosen or fix.span.start >= chosen[-1].span.end:
            chosen.append(fix)
    return chosen


def _offset_map(original: str) -> list[int]:
    """``map[i]`` = offset in ``original`` of normalized offset ``i`` (len+1 entries)."""
    mapping: list[int] = []
    i = 1 if original.startswith("\ufeff") else 0
    while i < len(original):
        mapping.append(i)
        i += 2 if original.startswith("\r\n", i) else 1
    mapping.append(len(original))
    return mapping


def _decode(data: bytes, encoding: str) -> str:
    return data.decode(encoding)


def plan(result: FileResult, relint: Callable[[str, bytes], FileResult]) -> Outcome:
    """Compute the fixed bytes for one file without writing anything."""
    outcome = Outcome(result.path)
    fixes = safe_fixes(result)
    if not fixes or result.source is None or result.path == "-":
        return outcome
    if Path(result.path).suffix.lower() not in FIXABLE:
        from linter.reporters.text import where_text

        outcome.suggestions = tuple(
            f"{where_text(result, result.placed(d).place)}: {d.code} "
            f"建议将“{result.source.text[d.fix.span.start:d.fix.span.end]}”改为“{d.fix.replacement}”"
            for d in result.diagnostics if d.fix is not None and d.fix.safe)
        return outcome
    try:
        data, status = read_file(result.path, limit_for(result.path))
    except ReadError as error:
        outcome.problem, outcome.failed = f"无法重新读取（{error}），未应用修复", True
        return outcome
    outcome.original, outcome.snapshot = data, Snapshot.of(status, data)
    encoding = result.source.encoding
    try:
        original = _decode(data, encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        outcome.problem = f"无法按 {encoding} 重新解码（{exc}），文件未修改"
        return outcome
    if normalize_text(original) != result.source.text:
        outcome.problem, outcome.failed = "文件在检查后已被修改，未应用修复", True
        return outcome
    mapping = _offset_map(original)
    text = original
    for fix in reversed(fixes):
        start, end = mapping[fix.span.start], mapping[fix.span.end]
        text = text[:start] + fix.replacement + text[end:]
    try:
        fixed = text.encode(encoding)
    except UnicodeEncodeError as exc:
        outcome.problem = f"修复后的文本无法用 {encoding} 编码（{exc}），文件未修改"
        return outcome
    before = {d.code for d in result.diagnostics}
    try:
        after = relint(result.path, fixed)
    except Exception as exc:  # a fix must never be written if the result does not parse
        outcome.problem = f"修复后的文本无法重新解析（{type(exc).__name__}: {exc}），文件未修改"
        return outcome
    new_codes = sorted({d.code for d in after.diagnostics} - before)
    if after.read_failed or new_codes:
        outcome.problem = f"修复后出现了新的问题（{'、'.join(new_codes) or '无法读取'}），文件未修改"
        return outcome
    outcome.fixed, outcome.applied = fixed, len(fixes)
    return outcome


def write(outcome: Outcome) -> bool:
    """Write the planned bytes if the file is still as planned; otherwise leave it and say why."""
    if outcome.fixed is None:
        return False
    try:
        write_file(outcome.path, outcome.fixed, expected=outcome.snapshot)
    except WriteError as error:
        outcome.problem = f"{error.reason}，未应用修复" if error.untouched else error.reason
        outcome.failed = True
        outcome.fixed, outcome.applied = None, 0
        return False
    return True


def unified_diff(outcome: Outcome, encoding: str) -> str:
    if outcome.fixed is None:
        return ""
    before = outcome.original.decode(encoding).replace("\r\n", "\n").splitlines(keepends=True)
    after = outcome.fixed.decode(encoding).replace("\r\n", "\n").splitlines(keepends=True)
    return "".join(difflib.unified_diff(before, after, f"a/{outcome.path}", f"b/{outcome.path}"))
