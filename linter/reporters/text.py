"""The default, human format: ``path:line:col: CODE [severity] message``, the source
line, and a caret under the span measured in display cells (CJK = 2).

For Word and PDF files the place is the report address an official can find
(``表三「…」行「总计」列（文中第2个表格 第4行第8格）``) instead of a line of the extracted
text.  The other side of a mismatch is shown under the finding (``另见 第40行：…``), and
a source line wider than the terminal is cut around the caret, with ellipses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TextIO

from linter.diagnostics import Diagnostic, Severity
from linter.reporters import Format, ReportOptions, Totals, write_statistics
from linter.results import FileResult, Place
from linter.source import display_width

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_RESET, _BOLD, _DIM = "\x1b[0m", "\x1b[1m", "\x1b[2m"
_INDENT = "    "
_ELLIPSIS = "…"
Paint = Callable[[str, str], str]


class Text(Format):
    streams = True
    prints_statistics = True

    def fragment(self, result: FileResult, options: ReportOptions, codes: frozenset[str] | None = None) -> str:
        paint = _painter(options.color)
        return "".join(render(result, diagnostic, options.show_source, paint, options.width)
                       for diagnostic in result.selected(codes)
                       if not (options.quiet >= 2 or (options.quiet and not diagnostic.is_error)))

    def write(self, fragments: Iterable[str], totals: Totals, out: TextIO, options: ReportOptions) -> None:
        for fragment in fragments:
            out.write(fragment)
        if options.statistics:
            write_statistics(totals, out)
        out.write(_painter(options.color)(_BOLD, totals.line) + "\n")


FORMAT = Text()


def _painter(color: bool) -> Paint:
    return (lambda code, text: f"{code}{text}{_RESET}") if color else (lambda code, text: text)


def render(result: FileResult, diagnostic: Diagnostic, show_source: bool, paint: Paint, width: int) -> str:
    """One finding: its line, and in the full view the source line with a caret and the related places."""
    placed = result.placed(diagnostic)
    severity = paint(_COLORS[diagnostic.severity], diagnostic.severity.value)
    where = where_text(result, placed.place)
    lines = [f"{paint(_BOLD, where)}: {paint(_BOLD, diagnostic.code)} [{severity}] {diagnostic.message}\n"]
    if show_source and placed.place.excerpt is not None:
        lines.append(_excerpt(placed.place, lambda text: paint(_COLORS[diagnostic.severity], text), width))
        for related, place in zip(diagnostic.related, placed.related):
            lines.append(paint(_DIM, f"{_INDENT}另见 {_related(result, place)}：{related.message}") + "\n")
    return "".join(lines)


def where_text(result: FileResult, place: Place) -> str:
    """``path:line:col``, or for Word and PDF ``path:表三「…」行「总计」列（…）``."""
    if result.document and place.location is not None:
        return f"{result.path}:{place.location.full}"
    return f"{result.path}:{place.position.line}:{place.position.column}"


def _related(result: FileResult, place: Place) -> str:
    if result.document and place.location is not None:
        return place.location.full
    return f"第{place.position.line}行"  # for HTML, a line of the file itself


def _excerpt(place: Place, paint: Callable[[str], str], width: int) -> str:
    """The (normalized) source line with a caret under the span, in display cells."""
    excerpt = place.excerpt
    assert excerpt is not None
    shown, first, last = cut(excerpt.text, excerpt.start, excerpt.end, width - len(_INDENT) - 1)
    caret = " " * display_width(shown[:first]) + "^" * max(1, display_width(shown[first:last]))
    return f"{_INDENT}{shown}\n{_INDENT}{paint(caret)}\n"


def cut(text: str, start: int, end: int, budget: int) -> tuple[str, int, int]:
    """``text`` cut to ``budget`` display cells around ``[start, end)``, with ellipses.

    Returns the shown text and the span's position in it.  The span keeps its place
    under the caret; a span wider than the budget is itself cut at its end.
    """
    if display_width(text) <= budget or budget < 10:
        return text, start, end
    room = budget - 2 * display_width(_ELLIPSIS)
    end = min(end, len(text))
    while end > start + 1 and display_width(text[start:end]) > room:
        end -= 1
    left, right = start, end
    context = (room - display_width(text[start:end])) // 3  # a third of the room before the span
    while left > 0 and display_width(text[left - 1:start]) <= context:
        left -= 1
    while right < len(text) and display_width(text[left:right + 1]) <= room:
        right += 1
    while left > 0 and display_width(text[left - 1:right]) <= room:
        left -= 1
    prefix = _ELLIPSIS if left > 0 else ""
    suffix = _ELLIPSIS if right < len(text) else ""
    shown = prefix + text[left:right] + suffix
    return shown, len(prefix) + start - left, len(prefix) + end - left
