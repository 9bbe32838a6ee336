"""The default, human format: ``path:line:col: CODE [severity] message``, the source
line, and a caret under the span measured in display cells (CJK = 2)."""

from __future__ import annotations

from collections import Counter
from typing import Sequence, TextIO

from linter.diagnostics import Severity
from linter.reporters import ReportOptions
from linter.results import FileResult, summary
from linter.source import display_width

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"


def report(results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
    paint = (lambda code, text: f"{code}{text}{_RESET}") if options.color else (lambda code, text: text)
    for result in results:
        for diagnostic in result.diagnostics:
            if options.quiet >= 2 or (options.quiet and not diagnostic.is_error):
                continue
            pos = result.position(diagnostic)
            where = _address(result.path, pos)
            severity = paint(_COLORS[diagnostic.severity], diagnostic.severity.value)
            out.write(f"{paint(_BOLD, where)}: {paint(_BOLD, diagnostic.code)} [{severity}] {diagnostic.message}\n")
            if options.show_source and result.source is not None:
                out.write(_excerpt(result, diagnostic, lambda text: paint(_COLORS[diagnostic.severity], text)))
    if options.statistics:
        counts = Counter((d.code, d.name) for r in results for d in r.diagnostics)
        for (code, name), count in sorted(counts.items()):
            out.write(f"{count:>5}  {code}  {name}\n")
    totals = summary(results)
    line = f"检查了 {totals['files']} 个文件：{totals['errors']} 个错误，{totals['warnings']} 个警告"
    out.write(paint(_BOLD, line) + "\n")


report.prints_statistics = True  # type: ignore[attr-defined]


def _address(path: str, pos) -> str:
    """``path:line:col``; for Word and PDF the place the author can find instead."""
    loc = pos.location or {}
    if "table" in loc:
        return f"{path}:表{loc['table']} 第{loc['row']}行 第{loc['column']}列"
    if "paragraph" in loc:
        return f"{path}:第{loc['paragraph']}段"
    if "page" in loc:
        return f"{path}:第{loc['page']}页 第{loc['line']}行"
    return f"{path}:{pos.line}:{pos.column}"


def _excerpt(result: FileResult, diagnostic, paint) -> str:
    """The (normalized) source line with a caret under the span, in display cells."""
    start, end = diagnostic.span.start, diagnostic.span.end
    line, column = result.source.line_col(start)
    text = result.source.line_text(line).replace("\t", " ")  # one cell per tab keeps the caret aligned
    if not text.strip():
        return ""
    before = text[: column - 1]
    # A span running past its line is underlined to the end of the line.
    length = max(1, min(end - start, len(text) - (column - 1)))
    marked = text[column - 1: column - 1 + length]
    caret = " " * display_width(before) + "^" * max(1, display_width(marked))
    return f"    {text}\n    {paint(caret)}\n"
