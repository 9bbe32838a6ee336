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

from __future__ import annotations

import fnmatch
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from linter.config import WAIVERS_NAME, Config, ConfigError
from linter.diagnostics import Diagnostic, Span
from linter.packs import builtin_pack
from linter.results import FileResult
from linter.validation import build, load_yaml, read_text

MARKDOWN = (".md", ".markdown")
_COMMENT = re.compile(r"<!--\s*nianbao-lint:\s*(disable-file|disable)\s*=\s*([A-Za-z0-9,，\s]*?[A-Za-z0-9])"
                      r"(?:\s+(.*?))?\s*-->", re.S)
_REASON_PREFIX = re.compile(r"^(原因|理由|reason)\s*[:：]?\s*", re.I)


@dataclass
class Mark:
    codes: tuple[str, ...]
    span: Span  # the comment itself
    scope: Span  # what it covers
    reason: str
    used: bool = False

    def covers(self, diagnostic: Diagnostic) -> bool:
        return any(diagnostic.code.startswith(c) for c in self.codes) and \
            self.scope.start <= diagnostic.span.start <= self.scope.end


def _next_block(text: str, offset: int) -> Span:
    """From ``offset`` to the end of the next run of non-blank lines."""
    lines = text[offset:].split("\n")
    position, start, seen = offset, offset, False
    for line in lines:
        if line.strip():
            if not seen:
                start, seen = position, True
        elif seen:
            return Span(start, position)
        position += len(line) + 1
    return Span(start, len(text))


def inline_marks(text: str) -> list[Mark]:
    marks = []
    for match in _COMMENT.finditer(text):
        kind, raw_codes, reason = match.group(1), match.group(2), (match.group(3) or "").strip()
        codes = tuple(c.strip().upper() for c in re.split(r"[,，\s]+", raw_codes) if c.strip())
        reason = _REASON_PREFIX.sub("", reason).strip()
        scope = Span(0, len(text)) if kind == "disable-file" else _next_block(text, match.end())
        marks.append(Mark(codes, Span(match.start(), match.end()), scope, reason))
    return marks


def apply_inline(result: FileResult, config: Config) -> None:
    from linter.engine import raised

    if result.source is None or Path(result.path).suffix.lower() not in MARKDOWN:
        return
    marks = inline_marks(result.source.text)
    if not marks:
        return
    pack = result.pack or builtin_pack("base")
    added: list[Diagnostic] = []
    active = []
    for mark in marks:
        codes = ",".join(mark.codes)
        if not config.allow_inline_suppressions:
            added.append(raised(pack, "R012", mark.span, codes=codes, config=config.path or "默认配置"))
        elif not mark.reason:
            added.append(raised(pack, "R011", mark.span, codes=codes))
        else:
            active.append(mark)
    kept = []
    for diagnostic in result.diagnostics:
        mark = next((m for m in active if m.covers(diagnostic)), None)
        if mark is None:
            kept.append(diagnostic)
        else:
            mark.used = True
    added.extend(raised(pack, "R010", m.span, "inline", codes=",".join(m.codes)) for m in active if not m.used)
    result.diagnostics[:] = sorted(kept + added, key=lambda d: (d.span.start, d.code))


def may_suppress(result: FileResult, config: Config, code: str) -> bool:
    """Whether an inline suppression or a waiver of ``result``'s file could cover ``code``."""
    if result.source is not None and Path(result.path).suffix.lower() in MARKDOWN and config.allow_inline_suppressions:
        if any(code.startswith(c) for mark in inline_marks(result.source.text) for c in mark.codes):
            return True
    waiver_file = find_waivers(result.path, config)
    if waiver_file:
        return any(code.startswith(w.code) for w in load_waivers(waiver_file).entries)
    return False


@dataclass
class Waiver:
    file: str
    code: str
    text: str
    reason: str
    origin: str
    used: bool = False


@dataclass
class Waivers:
    entries: list[Waiver] = field(default_factory=list)
    root: Path = Path(".")


@dataclass(frozen=True)
class WaiverEntry:
    """The schema of one waiver: every key required, the reason above all."""

    file: str
    code: str
    text: str
    reason: str

    def __post_init__(self) -> None:
        empty = [name for name in ("file", "code", "text", "reason") if not getattr(self, name).strip()]
        if empty:
            raise ValueError(f"{empty[0]} 为空（每项豁免都必须写明文件、代码、所在文字和原因）")


@dataclass(frozen=True)
class WaiverFile:
    waivers: tuple[WaiverEntry, ...]


def load_waivers(path: str) -> Waivers:
    data = load_yaml(path, read_text(path, "豁免文件", ConfigError), ConfigError)
    if isinstance(data, list):  # the bare list form
        data = {"waivers": data}
    schema = build(path, WaiverFile, data, ConfigError)
    entries = [Waiver(item.file, item.code.upper(), item.text, item.reason, f"{path}: waivers[{index}]")
               for index, item in enumerate(schema.waivers)]
    return Waivers(entries, Path(path).resolve().parent)


def find_waivers(file: str, config: Config) -> str | None:
    if config.waivers:
        return config.waivers
    folder = Path(file).resolve().parent
    for directory in (folder, *folder.parents):
        candidate = directory / WAIVERS_NAME
        if candidate.is_file():
            return str(candidate)
    return None


def apply_waivers(result: FileResult, waivers: Waivers) -> None:
    from linter.engine import raised

    if result.source is None:
        return
    try:
        relative = Path(result.path).resolve().relative_to(waivers.root).as_posix()
    except ValueError:
        relative = Path(result.path).as_posix()
    mine = [w for w in waivers.entries if fnmatch.fnmatch(relative, w.file) or relative == Path(w.file).as_posix()]
    if not mine:
        return
    text = result.source.text
    kept = []
    for diagnostic in result.diagnostics:
        line_start = text.rfind("\n", 0, diagnostic.span.start) + 1
        line_end = text.find("\n", diagnostic.span.end)
        context = text[line_start: len(text) if line_end == -1 else line_end]
        waiver = next((w for w in mine if diagnostic.code.startswith(w.code) and w.text in context), None)
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
