"""Findings as immutable records.

A :class:`Diagnostic` carries offsets, never line numbers: those are computed by
:func:`locate` at the edge, once, when a reporter needs them.
"""

from dataclasses import dataclass, field
from enum import Enum
from typing import Any, NamedTuple

from linter.source import Source


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


class Span(NamedTuple):
    """Half-open character range ``[start, end)`` in ``Source.text``.

    A named tuple rather than a dataclass: a report makes tens of thousands of them
    (every line, label and cell), and a tuple is made several times faster.
    """

    start: int
    end: int


class Related(NamedTuple):
    """The other side of a mismatch (e.g. the table cell a sentence contradicts)."""

    span: Span
    message: str


class Fix(NamedTuple):
    """A replacement of ``span`` by ``replacement``; only ``safe`` fixes are ever applied."""

    span: Span
    replacement: str
    safe: bool = True


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    span: Span
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    # The message's arguments (SARIF, baselines): not part of what makes two diagnostics the same, and
    # free to hold values that cannot be hashed.
    args: tuple[tuple[str, Any], ...] = field(default=(), compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


class Position(NamedTuple):
    line: int
    column: int
    end_line: int
    end_column: int
    location: dict[str, int] | None = None


def locate(diagnostic_span: Span, source: Source) -> Position:
    """Line/column (1-based, characters) of a span, plus the format's own address.

    Where the reader's address *is* a line and column of the original file (HTML),
    those are reported, so that line-based consumers point into the file itself.
    """
    line, col = source.line_col(diagnostic_span.start)
    end_line, end_col = source.line_col(diagnostic_span.end)
    address = source.location(diagnostic_span.start)
    if address and set(address) == {"line", "column"}:
        if end_line == line:
            end_line, end_col = address["line"], address["column"] + (end_col - col)
        else:
            end = source.location(diagnostic_span.end) or address
            end_line, end_col = end["line"], end["column"]
        return Position(address["line"], address["column"], end_line, end_col, address)
    return Position(line, col, end_line, end_col, address)
