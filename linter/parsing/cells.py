"""Split a table line into cells and place a row's values in the grid.

Three ways of writing a row are understood: TAB-separated cells (copied from a
web page or Word), Markdown pipe cells, and a label followed by space-separated
values (PDF extraction).  Placement never guesses: a row whose values could sit
in more than one set of columns is ambiguous, and the caller reports the table
as unreadable instead of checking sums over shifted numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import NamedTuple

from linter.diagnostics import Span
from linter.parsing.model import Cell, CellKind, Line, LineKind
from linter.source import Source

_NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?(?:元|万元|件|条)?$")
_PLACEHOLDERS = {"/", "／", "\\", "-", "－", "—", "——", "–", "无", "空"}
_PIPE_RULE = re.compile(r"^[\s|:\-]+$")
_VALUE = re.compile(r"[+-]?\d+(?:\.\d+)?(?:元|万元)?|/|／|-|—|－")
_TOKEN = re.compile(r"[^ \u3000]+")
_ONE_VALUE = r"(?:[+-]?\d+(?:\.\d+)?|/|／|—|－)"
_LEADING_VALUES = re.compile(rf"^[ \u3000]*{_ONE_VALUE}(?:[ \u3000]+{_ONE_VALUE})*[ \u3000]*$")
# Offsets of cells that only continue a merged cell (Source.merged_cells) in the text being read.
# They are table layout, not blank values: leaving them out of a row's cells places its values
# exactly where a real table (HTML) put them, blank or not.
_MERGED: ContextVar[frozenset[int] | None] = ContextVar("merged_cells", default=None)


class RawCell(NamedTuple):
    """A cell's text as written and where it is (a tuple: a report has thousands of them)."""

    text: str
    span: Span

    @property
    def value_like(self) -> bool:
        return _value_like(self.text)


class SplitLine:
    """A line as label fragments and the cells after them."""

    # Made for every table line and read again and again by the table readers: a slotted class.
    __slots__ = ("after", "cells", "filled", "gridded", "has_values", "label", "label_indices", "label_span",
                 "line", "shape")

    def __init__(self, line: Line, label: str, label_span: Span | None, after: list[RawCell],
                 shape: tuple[int, int] | None, gridded: bool, cells: list[RawCell] | None = None,
                 label_indices: list[int] | None = None) -> None:
        self.line = line
        self.label = label  # label text on this line (raw, unnormalized)
        self.label_span = label_span
        self.after = after  # cells after the last label cell (may include blanks)
        self.shape = shape  # (index of last label cell, cell count) for grid rows
        self.gridded = gridded  # True for TAB / pipe rows, where a blank cell can be written
        self.cells = cells or []  # every cell of a grid row
        self.label_indices = label_indices or []  # which of them form the label
        # Worked out once, when the line is split: the table readers ask again and again.
        self.filled = [i for i, cell in enumerate(after) if cell.text]  # indices of the cells that are not blank
        self.has_values = any(_value_like(after[i].text) for i in self.filled)

    def __repr__(self) -> str:
        return f"SplitLine({self.label!r}, {len(self.after)} cells after it)"

    def fills(self, width: int) -> bool:
        """True when exactly ``width`` contiguous non-blank cells follow the label."""
        filled = self.filled
        return len(filled) == width and filled[-1] - filled[0] + 1 == width

    def with_shorter_label(self) -> SplitLine | None:
        """The same row read with its last label cell as the first value.

        Text in the first value cell ("三" for 3) looks like part of the label; the
        reading that fills the grid exactly is the one the author meant.
        """
        if not self.gridded or len(self.label_indices) < 2:
            return None
        kept = self.label_indices[:-1]
        label_cells = [self.cells[i] for i in kept]
        return SplitLine(self.line, "".join(c.text for c in label_cells),
                         Span(label_cells[0].span.start, label_cells[-1].span.end),
                         _own_cells(self.cells[kept[-1] + 1:]), (kept[-1], len(self.cells)), True, self.cells, kept)


@contextmanager
def cell_positions_of(source: Source) -> Iterator[None]:
    """Read the tables of ``source`` knowing which of its grid cells continue a merged cell."""
    token = _MERGED.set(source.merged_cells)
    try:
        yield
    finally:
        _MERGED.reset(token)


def _own_cells(cells: list[RawCell]) -> list[RawCell]:
    merged = _MERGED.get()
    return [cell for cell in cells if cell.span.start not in merged] if merged else cells


@lru_cache(maxsize=4096)  # cell texts repeat ("0", "1", "/"): each is classified once
def _value_like(text: str) -> bool:
    return bool(text) and (_NUMBER.match(text) is not None or text in _PLACEHOLDERS)


def split_line(line: Line) -> SplitLine | None:
    """Cells of one line; None for a Markdown pipe-table rule line."""
    text = line.text
    if "\t" in text:
        return _split_grid(line, text.split("\t"), line.span.start, sep_len=1)
    stripped = text.strip()
    if stripped.startswith("|") or (line.kind is LineKind.ROW and "|" in stripped):
        if _PIPE_RULE.match(stripped):
            return None
        # GFM allows the outer pipes to be left out; an empty field is a blank cell either way.
        lead = len(text) - len(text.lstrip())
        outer = stripped.startswith("|")
        start = line.span.start + lead + (1 if outer else 0)
        body = stripped[1:] if outer else stripped
        if body.endswith("|") and len(body) > 0:
            body = body[:-1]
        return _split_grid(line, body.split("|"), start, sep_len=1)
    return _split_spaced(line)


def _split_grid(line: Line, parts: list[str], start: int, sep_len: int) -> SplitLine:
    # One pass over the cells: a report has thousands of them.
    cells: list[RawCell] = []
    label_indices: list[int] = []  # the non-blank cells before the first value
    in_label = True
    pos = start
    for index, part in enumerate(parts):
        content = part.strip(" \u3000")
        if content:
            # Nothing stripped (most cells): strip gives back the very same string.
            at = pos if content is part else pos + part.index(content[0])
            if in_label:
                if _value_like(content):
                    in_label = False
                else:
                    label_indices.append(index)
        else:
            at = pos + len(part)
        cells.append(RawCell(content, Span(at, at + len(content))))
        pos += len(part) + sep_len
    if label_indices:
        last_label = label_indices[-1]
        label = "".join([cells[i].text for i in label_indices])
        label_span: Span | None = Span(cells[label_indices[0]].span.start, cells[last_label].span.end)
    else:
        last_label, label, label_span = -1, "", None
    return SplitLine(line, label, label_span, _own_cells(cells[last_label + 1:]), (last_label, len(cells)), True,
                     cells, label_indices)


def _split_spaced(line: Line) -> SplitLine:
    text = line.text
    if _LEADING_VALUES.match(text):
        label_end = 0
    else:
        label_end = _trailing_values_start(text)
    label = text[:label_end].strip(" \u3000")
    lead = len(text[:label_end]) - len(text[:label_end].lstrip(" \u3000"))
    label_span = Span(line.span.start + lead, line.span.start + lead + len(label)) if label else None
    after = [
        RawCell(m.group(), Span(line.span.start + label_end + m.start(), line.span.start + label_end + m.end()))
        for m in re.finditer(r"\S+", text[label_end:])
    ]
    return SplitLine(line, label, label_span, after, None, False)


def _trailing_values_start(text: str) -> int:
    """Where the space-separated values that end the line begin (with the spaces before them).

    One pass over the tokens from the right; a regex searching for the same suffix
    would retry from every space and take quadratic time on a long row.
    """
    start = None
    for token in reversed(list(_TOKEN.finditer(text))):
        if token.start() == 0 or not _VALUE.fullmatch(token.group()):
            break
        start = token.start()
    return len(text) if start is None else len(text[:start].rstrip(" \u3000"))


def place(split: SplitLine, width: int, gap: int | None) -> list[RawCell] | None:
    """The ``width`` cells holding the row's values, or None when ambiguous.

    ``gap`` is the number of structural blank cells between label and values in
    fully filled rows of the same shape, learned from the table itself.
    """
    after = split.after
    filled = split.filled
    if not filled:
        if not split.gridded:
            return None
        anchor = split.label_span.end if split.label_span else split.line.span.end
        cells = after[gap: gap + width] if gap is not None and gap + width <= len(after) else after[:width]
        cells = cells + [RawCell("", Span(anchor, anchor))] * (width - len(cells))
        return cells
    first, last = filled[0], filled[-1]
    core = last - first + 1
    if core > width:
        return None
    if core == width:
        return after[first:last + 1]
    if not split.gridded:
        return None
    missing = width - core
    room_left, room_right = first, len(after) - last - 1
    choices = [k for k in range(missing + 1) if k <= room_left and missing - k <= room_right]
    if len(choices) != 1 and gap is not None:
        choices = [k for k in choices if k == room_left - gap]
    if len(choices) != 1:
        return None
    start = first - choices[0]
    return after[start:start + width]


def structural_gap(split: SplitLine, width: int) -> int | None:
    """In a row whose values fill exactly ``width`` cells, the blanks before them."""
    return split.filled[0] if split.fills(width) else None


def to_cell(raw: RawCell, column: str) -> Cell:
    kind, value = _classify(raw.text)
    return Cell(column, raw.text, kind, raw.span, value)


@lru_cache(maxsize=4096)  # cell texts repeat ("0", "1", "/"): each is classified once
def _classify(text: str) -> tuple[CellKind, Decimal | None]:
    """What a cell holds: a number (and its value), a blank, a placeholder ("/" where 0 belongs) or text."""
    if not text:
        return CellKind.BLANK, None
    if text in _PLACEHOLDERS:
        return CellKind.PLACEHOLDER, None
    if _NUMBER.match(text):
        try:
            return CellKind.NUMBER, Decimal(re.sub(r"[^\d.+-]", "", text))
        except InvalidOperation:
            pass
    return CellKind.TEXT, None
