"""Search the report's prose with whitespace and line breaks taken out.

PDF extractions break sentences (and citations such as "国务院令第\\n\\n711号")
across lines and scatter spaces between digits and characters.  A
:class:`Compact` view drops all whitespace and Markdown emphasis, keeps a map
from each kept character back to its offset in ``Source.text``, and turns
match positions back into real spans.  Table rows are left out of the prose
view (``prose``) so their digits never run together with the text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from linter.diagnostics import Span
from linter.parsing.model import Line, LineKind, Report

_DROP = set(" \t\r\n\u3000\u00a0*#")
SENTENCE_END = "。！？!?"  # where a separator between prose runs is not needed


@dataclass(frozen=True)
class Compact:
    text: str
    offsets: tuple[int, ...]  # offsets[i] = offset in Source.text of text[i]

    def span(self, start: int, end: int) -> Span:
        if not self.offsets:
            return Span(0, 0)
        if end <= start:
            at = self.offsets[min(start, len(self.offsets) - 1)]
            return Span(at, at)
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


def compact(text: str, ranges: Iterable[tuple[int, ...]] | None = None, separator: str = "。") -> Compact:
    """Compact ``text`` (or only ``ranges`` of it, joined by ``separator``).

    A range given as ``(start, end, False)`` continues the one before it with no
    separator: the text around a page number left by PDF extraction is one sentence.
    """
    if ranges is None:
        ranges = [(0, len(text))]
    chars: list[str] = []
    offsets: list[int] = []
    for start, end, *glued in ranges:
        if chars and chars[-1] not in SENTENCE_END and separator and not (glued and glued[0] is False):
            chars.append(separator)
            offsets.append(offsets[-1])
        for i in range(start, end):
            char = text[i]
            if char in _DROP:
                continue
            chars.append(char)
            offsets.append(i)
    return Compact("".join(chars), tuple(offsets))


def _runs(lines: Iterable[Line]) -> list[tuple[int, ...]]:
    """Contiguous stretches of non-table lines, as (start, end) offsets.

    A page number ends a stretch, and the next one goes on from it as ``(start, end, False)``.
    """
    runs: list[tuple[int, ...]] = []
    current: tuple[int, ...] | None = None
    glued = False
    for line in lines:
        if line.kind in (LineKind.ROW, LineKind.PAGE):
            if current:
                runs.append(current)
            glued = line.kind is LineKind.PAGE and (current is not None or glued)
            current = None
            continue
        if not line.stripped:
            continue
        if current:
            current = (current[0], line.span.end, *current[2:])
        else:
            current = (line.span.start, line.span.end, False) if glued else (line.span.start, line.span.end)
    if current:
        runs.append(current)
    return runs


def _without(runs: list[tuple[int, ...]], holes: Iterable) -> list[tuple[int, ...]]:
    """``runs`` with the ``holes`` (spans) cut out of them."""
    for hole in sorted(holes, key=lambda span: span.start):
        cut: list[tuple[int, ...]] = []
        for start, end, *glued in runs:
            if hole.end <= start or hole.start >= end:
                cut.append((start, end, *glued))
                continue
            if start < hole.start:
                cut.append((start, hole.start, *glued))
            if hole.end < end:
                cut.append((hole.end, end))
        runs = cut
    return runs


def prose(report: Report, lines: Iterable[Line] | None = None) -> Compact:
    """The compact prose of ``lines`` (default: the whole report), table rows left out.

    Tables that a web-page copy runs together with the text are left out too, so
    that their digits never read as figures of a sentence.
    """
    if lines is None:
        lines = report.lines
    return compact(report.source.text, _without(_runs(lines), report.inline_tables))
