"""Suppressions that cannot be published by accident.

In Markdown, an HTML comment (never rendered) suppresses codes for the next block
(the following paragraph or table) or, with ``disable-file``, for the whole file::

    <!-- nianbao-lint: disable=T303 原因：上年数据经复核更正 -->

A reason is required (R011, and the comment has no effect); a suppression that
matched nothing is reported (R010); ``allow-inline-suppressions: false`` turns
them all off (R012).  Plain text and Word reports get no marks in the report
itself: a waiver file ``.nianbao-lint-waivers.yaml`` lists file, code, the text
the finding is on, and the reason.
"""

import bisect
import fnmatch
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from linter.config import WAIVERS_NAME, Config, ConfigError
from linter.diagnostics import Diagnostic, Span
from linter.packs import builtin_pack
from linter.paths import real_folder, resolved
from linter.results import FileResult
from linter.validation import build, load_yaml, read_text

MARKDOWN = (".md", ".markdown")
_COMMENT = re.compile(r"<!--\s*nianbao-lint:\s*(disable-file|disable)\s*=\s*([A-Za-z0-9,，\s]*?[A-Za-z0-9])"
                      r"(?:\s+(.*?))?\s*-->", re.S)
_REASON_PREFIX = re.compile(r"^(原因|理由|reason)\s*[:：]?\s*", re.I)
_NON_SPACE = re.compile(r"\S")
_BEFORE_BLANK_LINE = re.compile(r"\n(?=[^\S\n]*(?:\n|\Z))")


class Mark:
    """An inline suppression comment: the codes it names, where it is, what it covers and why."""

    __slots__ = ("codes", "reason", "scope", "span", "used")

    def __init__(self, codes: tuple[str, ...], span: Span, scope: Span, reason: str) -> None:
        self.codes = codes
        self.span = span  # the comment itself
        self.scope = scope  # what it covers
        self.reason = reason
        self.used = False


def _next_block(text: str, offset: int, known: Span | None = None) -> Span:
    """From ``offset`` to the end of the next run of non-blank lines.

    ``known`` is the block found for an earlier offset: a block starting inside it ends where
    it ends, so that many comments in one long block do not each scan it to its end.
    """
    first = _NON_SPACE.search(text, offset)
    if first is None:
        return Span(offset, len(text))
    line_break = text.rfind("\n", offset, first.start())
    start = offset if line_break == -1 else line_break + 1
    if known is not None and known.start <= start < known.end:
        return Span(start, known.end)
    blank = _BEFORE_BLANK_LINE.search(text, start)
    return Span(start, blank.end() if blank else len(text))


def _comments(text: str) -> Iterator[re.Match[str]]:
    """The matches of ``_COMMENT``, each tried only up to the first "-->" after its "<!--".

    A comment ends there anyway; without the bound, the lazy reason of an unclosed comment
    rescans the rest of the file from every "<!--".
    """
    pos, end = 0, -1
    while (start := text.find("<!--", pos)) != -1:
        if end < start + 4:
            end = text.find("-->", start + 4)
            if end == -1:
                return
        match = _COMMENT.match(text, start, end + 3)
        if match:
            yield match
        pos = match.end() if match else start + 1


def inline_marks(text: str) -> list[Mark]:
    marks = []
    block: Span | None = None
    for match in _comments(text):
        kind, raw_codes, reason = match.group(1), match.group(2), (match.group(3) or "").strip()
        codes = tuple(c.strip().upper() for c in re.split(r"[,，\s]+", raw_codes) if c.strip())
        reason = _REASON_PREFIX.sub("", reason).strip()
        if kind == "disable-file":
            scope = Span(0, len(text))
        else:
            scope = block = _next_block(text, match.end(), block)
        marks.append(Mark(codes, Span(match.start(), match.end()), scope, reason))
    return marks


def _first_covering(active: list[Mark]) -> Callable[[Diagnostic], Mark | None]:
    """A function giving the first of ``active`` that covers a diagnostic, without trying them all.

    Per code, block scopes come in text order (their starts and ends never decrease), so the
    first one reaching a position is found by bisection; a file scope (it starts before its
    comment ends) covers every position.
    """
    files: dict[str, int] = {}
    blocks: dict[str, tuple[list[int], list[Mark], list[int]]] = {}
    for index, mark in enumerate(active):
        for code in mark.codes:
            if mark.scope.start < mark.span.end:
                files.setdefault(code, index)
            else:
                ends, marks, indices = blocks.setdefault(code, ([], [], []))
                ends.append(mark.scope.end)
                marks.append(mark)
                indices.append(index)

    def first(diagnostic: Diagnostic) -> Mark | None:
        at = diagnostic.span.start
        found = []
        for length in range(1, len(diagnostic.code) + 1):
            code = diagnostic.code[:length]
            if code in files and 0 <= at <= active[files[code]].scope.end:
                found.append(files[code])
            ends, marks, indices = blocks.get(code, ((), (), ()))
            i = bisect.bisect_left(ends, at)
            if i < len(ends) and marks[i].scope.start <= at:
                found.append(indices[i])
        return active[min(found)] if found else None

    return first


def apply_inline(result: FileResult, config: Config) -> None:
    from linter.engine import raised

    if result.source is None or Path(result.path).suffix.lower() not in MARKDOWN:
        return
    marks = inline_marks(result.source.text)
    if not marks:
        return
    pack = result.pack or builtin_pack("base")
    added: list[Diagnostic] = []
    active: list[Mark] = []
    for mark in marks:
        codes = ",".join(mark.codes)
        if not config.allow_inline_suppressions:
            added.append(raised(pack, "R012", mark.span, codes=codes, config=config.path or "默认配置"))
        elif not mark.reason:
            added.append(raised(pack, "R011", mark.span, codes=codes))
        else:
            active.append(mark)
    kept: list[Diagnostic] = []
    first_covering = _first_covering(active)
    for diagnostic in result.diagnostics:
        covering = first_covering(diagnostic)
        if covering is None:
            kept.append(diagnostic)
        else:
            covering.used = True
    added.extend(raised(pack, "R010", m.span, "inline", codes=",".join(m.codes)) for m in active if not m.used)
    result.diagnostics[:] = sorted(kept + added, key=lambda d: (d.span.start, d.code))


def may_suppress(result: FileResult, config: Config, code: str, waiver_file: str | None) -> bool:
    """Whether an inline suppression or a waiver of ``result``'s file could cover ``code``."""
    markdown = result.source is not None and Path(result.path).suffix.lower() in MARKDOWN
    if markdown and config.allow_inline_suppressions and result.source is not None and any(
            code.startswith(c) for mark in inline_marks(result.source.text) for c in mark.codes):
        return True
    if waiver_file:
        return any(code.startswith(w.code) for w in load_waivers(waiver_file).entries)
    return False


class Waiver:
    """One entry of a waiver file, as applied: whether it was used is known at the end."""

    __slots__ = ("code", "file", "origin", "reason", "text", "used")

    def __init__(self, file: str, code: str, text: str, reason: str, origin: str) -> None:
        self.file = file
        self.code = code
        self.text = text
        self.reason = reason
        self.origin = origin  # "path: waivers[i]", for messages
        self.used = False


class Waivers(NamedTuple):
    entries: list[Waiver]
    root: Path = Path(".")  # the waiver file's folder: entries name files relative to it


class WaiverEntry(NamedTuple):
    """The schema of one waiver: every key required, the reason above all."""

    file: str
    code: str
    text: str
    reason: str

    def validate(self) -> None:
        empty = [name for name in ("file", "code", "text", "reason") if not getattr(self, name).strip()]
        if empty:
            raise ValueError(f"{empty[0]} 为空（每项豁免都必须写明文件、代码、所在文字和原因）")


class WaiverFile(NamedTuple):
    waivers: tuple[WaiverEntry, ...]


def load_waivers(path: str) -> Waivers:
    """The waivers of the file at ``path``, none of them used yet (each linted file marks its own)."""
    schema = _read_waivers(path, _stamp(path))
    entries = [Waiver(item.file, item.code.upper(), item.text, item.reason, f"{path}: waivers[{index}]")
               for index, item in enumerate(schema.waivers)]
    return Waivers(entries, resolved(path).parent)


def _stamp(path: str) -> tuple[int, int] | None:
    try:
        status = os.stat(path)
    except OSError:
        return None  # reading it says why
    return status.st_mtime_ns, status.st_size


@lru_cache(maxsize=64)
def _read_waivers(path: str, stamp: tuple[int, int] | None) -> WaiverFile:
    """The waiver file read and validated once while it is unchanged (``stamp``): every file of a
    batch under it asks for it, twice."""
    data = load_yaml(path, read_text(path, "豁免文件", ConfigError), ConfigError)
    if isinstance(data, list):  # the bare list form
        data = {"waivers": data}
    return build(path, WaiverFile, data, ConfigError)


def find_waivers(file: str, config: Config, known: dict[str, str | None] | None = None) -> str | None:
    """The waiver file for ``file``: the configuration's, else the nearest walking up from its folder
    (``known``: what a run has found so far, by folder — every stage of every file asks)."""
    if config.waivers:
        return config.waivers
    folder = real_folder(file)
    if known is not None and folder in known:
        return known[folder]
    found = None
    for directory in (Path(folder), *Path(folder).parents):
        candidate = directory / WAIVERS_NAME
        if candidate.is_file():
            found = str(candidate)
            break
    if known is not None:
        known[folder] = found
    return found


def apply_waivers(result: FileResult, waivers: Waivers) -> None:
    from linter.engine import raised

    if result.source is None:
        return
    try:
        relative = resolved(result.path).relative_to(waivers.root).as_posix()
    except ValueError:
        relative = Path(result.path).as_posix()
    mine = [w for w in waivers.entries if fnmatch.fnmatch(relative, w.file) or relative == Path(w.file).as_posix()]
    if not mine:
        return
    text = result.source.text
    starts = result.source.line_starts
    said: dict[tuple[int, int, int], bool] = {}

    def mentions(line_start: int, line_end: int, index: int) -> bool:
        """Waiver ``index``'s text is on these lines; searched once per lines, not per diagnostic."""
        key = (line_start, line_end, index)
        if key not in said:
            said[key] = mine[index].text in text[line_start:line_end]
        return said[key]

    kept = []
    for diagnostic in result.diagnostics:
        line_start = starts[bisect.bisect_right(starts, diagnostic.span.start) - 1]
        after = bisect.bisect_left(starts, diagnostic.span.end + 1)  # the line break ending the span's line
        line_end = starts[after] - 1 if after < len(starts) else len(text)
        waiver = next((w for i, w in enumerate(mine)
                       if diagnostic.code.startswith(w.code) and mentions(line_start, line_end, i)), None)
        if waiver is None:
            kept.append(diagnostic)
        else:
            waiver.used = True
    pack = result.pack or builtin_pack("base")
    kept.extend(raised(pack, "R010", Span(0, 0), "waiver", codes=w.code, origin=w.origin, text=w.text)
                for w in mine if not w.used)
    result.diagnostics[:] = sorted(kept, key=lambda d: (d.span.start, d.code))


def override_severity(result: FileResult, config: Config) -> None:
    if config.severity:
        table = dict(config.severity)
        result.diagnostics[:] = [replace(d, severity=table[d.code]) if d.code in table else d
                                 for d in result.diagnostics]
