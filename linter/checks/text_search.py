"""Search the report's prose with whitespace and line breaks taken out.

PDF extractions break sentences (and citations such as "国务院令第\\n\\n711号")
across lines and scatter spaces between digits and characters.  A
:class:`Compact` view drops all whitespace and Markdown emphasis, keeps a map
from each kept character back to its offset in ``Source.text``, and turns
match positions back into real spans.  Table rows are left out of the prose
view (``prose``) so their digits never run together with the text.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property

from linter.diagnostics import Span
from linter.parsing.model import Line, LineKind, Report

SENTENCE_END = "。！？!?"  # where a separator between prose runs is not needed


class Compact:
    """Compact text and where each of its characters came from.

    The text is made at once (a regex substitution per range); the map back to
    ``Source.text`` only when a position is asked for, since most views are searched
    and find nothing to report.  Kept characters come in runs that are contiguous in
    ``Source.text``, so the map is stored per run (``starts[k]``: index in ``text``
    where run k begins, ``origins[k]``: its offset in ``Source.text``).
    """

    def __init__(self, source: str, ranges: Sequence[tuple[int, ...]], separator: str) -> None:
        self._source, self._ranges, self._separator = source, ranges, separator
        pieces: list[str] = []
        last = ""  # the last character kept so far
        for start, end, *glued in ranges:
            if self._separates(last, glued):
                pieces.append(separator)
                last = separator[-1]
            piece = _DROPPED.sub("", source[start:end])
            if piece:
                pieces.append(piece)
                last = piece[-1]
        self.text = "".join(pieces)

    def _separates(self, before: str, glued: list) -> bool:
        """Whether a separator goes between the text kept so far (ending ``before``) and the next range:
        not after the end of a sentence, nor before a range that continues the one before it."""
        return bool(before) and before[-1] not in SENTENCE_END and bool(self._separator) and not (
            glued and glued[0] is False)

    @cached_property
    def _map(self) -> tuple[list[int], list[int]]:
        starts: list[int] = []
        origins: list[int] = []
        length = 0
        last_run = ""
        for start, end, *glued in self._ranges:
            if self._separates(last_run, glued):
                # The separator stands where the run before it ends.
                starts.append(length)
                origins.append(origins[-1] + len(last_run) - 1)
                last_run = self._separator
                length += len(last_run)
            for match in _KEPT.finditer(self._source, start, end):  # runs of kept characters, not one by one
                last_run = match.group()
                starts.append(length)
                origins.append(match.start())
                length += len(last_run)
        return starts, origins

    def offset(self, index: int) -> int:
        """The offset in ``Source.text`` of ``text[index]``."""
        starts, origins = self._map
        run = bisect.bisect_right(starts, index) - 1
        return origins[run] + index - starts[run]

    def span(self, start: int, end: int) -> Span:
        if not self.text:
            return Span(0, 0)
        if end <= start:
            at = self.offset(min(start, len(self.text) - 1))
            return Span(at, at)
        return Span(self.offset(start), self.offset(end - 1) + 1)


_LEFT_OUT = r" \t\r\n\u3000\u00a0*#"  # what a compact view leaves out: spacing and Markdown emphasis
_KEPT = re.compile(f"[^{_LEFT_OUT}]+")  # the characters it keeps, in runs
_DROPPED = re.compile(f"[{_LEFT_OUT}]+")


def compact(text: str, ranges: Sequence[tuple[int, ...]] | None = None, separator: str = "。") -> Compact:
    """Compact ``text`` (or only ``ranges`` of it, joined by ``separator``).

    A range given as ``(start, end, False)`` continues the one before it with no
    separator: the text around a page number left by PDF extraction is one sentence.
    """
    return Compact(text, [(0, len(text))] if ranges is None else ranges, separator)


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


def prose(report: Report, lines: Sequence[Line] | None = None) -> Compact:
    """The compact prose of ``lines`` (default: the whole report), table rows left out.

    Tables that a web-page copy runs together with the text are left out too, so
    that their digits never read as figures of a sentence.  Built once per report and
    stretch of lines, however many checks ask.
    """
    key = None if lines is None else (lines[0].span.start, lines[-1].span.end, len(lines)) if lines else ()
    return _memo(report, ("prose", key), lambda: compact(
        report.source.text, _without(_runs(report.lines if lines is None else lines), report.inline_tables)))


def whole(report: Report) -> Compact:
    """The compact view of the whole text, tables included (citations may sit in a table note)."""
    return _memo(report, ("whole",), lambda: compact(report.source.text))


_views: tuple[Report | None, dict] = (None, {})


def _memo(report: Report, key: tuple, build: Callable[[], Compact]) -> Compact:
    """The views of the report being checked (only the latest report is kept)."""
    global _views
    owner, views = _views
    if owner is not report:
        _views = (report, {})
        views = _views[1]
    if key not in views:
        views[key] = build()
    return views[key]
