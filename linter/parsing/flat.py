"""Tables whose cells run together, as a web page copied as text gives them.

Copying a published page flattens each table into one stretch of text with nothing
between the cells: ``一、本年新收政府信息公开申请数量640020470二、上年结转…``.  The row
labels can still be found, in the form's order, but where one value ends and the next
begins is lost.  Such a table is reported once as unreadable (R002, reason
``run-together``) and no arithmetic, blank-cell or missing-row check runs on it.

A row is still recovered when its digits split into the row's cells in exactly one
way: a single cell, or — in the tables under 三 and 四, where each 总计 is the sum of
the cells before it — the only split for which that holds.  The narrative checks may
compare the prose with such a row; nothing else uses it.
"""

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import NamedTuple

from linter.diagnostics import Span
from linter.form import APPLICANT_COLUMNS, REVIEW_COLUMNS, REVIEW_RESULTS, BlockDef, Layout, TableKind
from linter.parsing.labels import normalize, normalize_with_offsets
from linter.parsing.model import Cell, CellKind, Line, Row, Table, Unreadable

_BLOCK_ANCHOR = re.compile(r"第二十条第\(([一二三四五六七八九十]+)\)项")
_TABLE3_START = re.compile(r"勾稽关系|申请人情况")
_REVIEW_HEADER = re.compile("|".join(REVIEW_RESULTS))
# The values after a label: digits, a sign, a decimal point between digits, a unit.
_RUN = re.compile(r"(?:\d|-(?=\d)|\.(?=\d))+(?:万?元)?")
_MAX_DIGITS = 7  # longer than any count in a real table: bounds the search for splits
_SEARCH_STEPS = 20000  # a real row has a few thousand ways to cut at most; past this, it stays unknown
_LABEL_TAIL = 40  # label text between the words that found a row and its values
_ROW_GAP = 120  # group labels and repeated headers between one row's values and the next label


class _View(NamedTuple):
    """A line's normalized text and, per character, its offset in ``Source.text``."""

    text: str
    offsets: list[int]

    def span(self, start: int, end: int) -> Span:
        return Span(self.offsets[start], self.offsets[end - 1] + 1)


def _view(line: Line) -> _View:
    text, offsets = normalize_with_offsets(line.text)
    return _View(text, [line.span.start + offset for offset in offsets])


# ---------------------------------------------------------------- splitting a run of digits

def splits(digits: str, groups: tuple[int, ...], summed: bool, signed: frozenset[int] = frozenset(),
           limit: int = 2) -> list[list[str]] | None:
    """Ways (at most ``limit``) to cut ``digits`` into cells, ``groups`` giving the cells per group;
    None when there are too many to tell within a bounded search.

    A cell is a number without a leading zero ("0" itself is one); a cell whose index is in
    ``signed`` may start with "-".  With ``summed``, the last cell of every group is the sum
    of the others.
    """
    found: list[list[str]] = []
    steps = [0]
    bounds = [sum(groups[:i + 1]) for i in range(len(groups))]
    total = bounds[-1] if bounds else 0

    def cells_from(pos: int, index: int) -> Iterator[tuple[str, int]]:
        sign = 1 if index in signed and digits.startswith("-", pos) else 0
        for end in range(pos + sign + 1, min(pos + sign + _MAX_DIGITS, len(digits)) + 1):
            body = digits[pos + sign:end]
            if not body.isdigit() or (len(body) > 1 and body[0] == "0"):
                return  # a longer cell would hold the same non-digit or leading zero
            if not (sign and body == "0"):
                yield digits[pos:end], end

    def walk(pos: int, index: int, acc: list[str]) -> None:
        steps[0] += 1
        if len(found) >= limit or steps[0] > _SEARCH_STEPS:
            return
        left = total - index
        if len(digits) - pos < left or len(digits) - pos > left * (_MAX_DIGITS + 1):
            return
        if index == total:
            if pos == len(digits):
                found.append(list(acc))
            return
        if summed and index + 1 in bounds:  # the group's 总计: determined by the cells before it
            group_start = bounds[bounds.index(index + 1) - 1] if bounds.index(index + 1) else 0
            expected = str(sum(int(cell) for cell in acc[group_start:index]))
            if digits.startswith(expected, pos):
                walk(pos + len(expected), index + 1, acc + [expected])
            return
        for cell, end in cells_from(pos, index):
            walk(end, index + 1, acc + [cell])

    walk(0, 0, [])
    return None if steps[0] > _SEARCH_STEPS else found


def _unique(digits: str, groups: tuple[int, ...], summed: bool,
            signed: frozenset[int] = frozenset()) -> list[str] | None:
    found = splits(digits, groups, summed, signed)
    return found[0] if found is not None and len(found) == 1 else None


# ---------------------------------------------------------------- finding labels and values

class _Found(NamedTuple):
    key: str
    label: str  # canonical
    start: int  # in the view
    end: int


def _search(view: _View, literal: str, pattern: re.Pattern[str] | None, start: int,
            stop: int) -> tuple[int, int] | None:
    at = view.text.find(literal, start, stop)
    if at >= 0:
        return at, at + len(literal)
    if pattern is not None:
        match = pattern.search(view.text, start, stop)
        if match:
            return match.start(), match.end()
    return None


def _value_run(view: _View, start: int, stop: int) -> tuple[int, int] | None:
    """The run of values after a label: it starts at the first digit within a short label tail."""
    segment = view.text[start:stop]
    first = next((i for i, ch in enumerate(segment[:_LABEL_TAIL + 1]) if ch.isdigit() or ch == "-"), None)
    if first is None:
        return None
    match = _RUN.match(view.text, start + first, stop)
    return (match.start(), match.end()) if match else None


def _cells(view: _View, run: tuple[int, int], values: list[str], columns: tuple[str, ...]) -> dict[str, Cell]:
    """Cells for the values a run was split into, each with the span of its own digits."""
    cells: dict[str, Cell] = {}
    pos = run[0]
    for value, column in zip(values, columns):
        span = view.span(pos, pos + len(value))
        number = Decimal(re.sub(r"[^\d.-]", "", value))
        cells[column] = Cell(column, value, CellKind.NUMBER, span, number)
        pos += len(value)
    return cells


def _row(found: _Found, view: _View, cells: dict[str, Cell]) -> Row:
    span = view.span(found.start, found.end)
    return Row(found.key, found.label, span, cells, written_label=view.text[found.start:found.end], label_span=span)


def _table(kind: TableKind, layout: Layout, view: _View, start: int, columns: tuple[str, ...]) -> Table:
    """An empty table; :func:`_with_span` gives it its extent and its one R002 once read."""
    return Table(kind, layout.name, view.span(start, start + 1), columns=columns)


# ---------------------------------------------------------------- the three tables

def run_together_line(kind: TableKind, lines: list[Line], layout: Layout) -> Line | None:
    """The line of a section that holds its table run together, if any."""
    for line in lines:
        if "\t" in line.text or "|" in line.text:
            continue
        text = normalize(line.text)
        if kind is TableKind.DISCLOSURE and len(_BLOCK_ANCHOR.findall(text)) >= 2:
            return line
        if kind is TableKind.APPLICATIONS and sum(normalize(_sub_label(row.label)) in text
                                                   for row in layout.application_rows) >= 2:
            return line
        if kind is TableKind.REVIEW and _review_run(text) is not None:
            return line
    return None


def _sub_label(label: str) -> str:
    return label.split("·")[-1]


def read_applications(line: Line, layout: Layout) -> Table:
    view = _view(line)
    start_match = _TABLE3_START.search(view.text)
    pos = start_match.start() if start_match else 0
    found: list[_Found] = []
    for row in layout.application_rows:
        stop = min(len(view.text), pos + _ROW_GAP) if found else len(view.text)
        hit = _search(view, normalize(_sub_label(row.label)), row.pattern if not row.match.startswith("^") else None,
                      pos, stop)
        if hit is None:
            continue
        found.append(_Found(row.key, row.label, *hit))
        pos = hit[1]
    table_start = start_match.start() if start_match else (found[0].start if found else 0)
    table = _table(TableKind.APPLICATIONS, layout, view, table_start, APPLICANT_COLUMNS)
    end = pos
    for index, item in enumerate(found):
        stop = found[index + 1].start if index + 1 < len(found) else len(view.text)
        run = _value_run(view, item.end, stop)
        if run is None:
            continue
        end = max(end, run[1])
        values = _unique(view.text[run[0]:run[1]], (len(APPLICANT_COLUMNS),), summed=True)
        if values is not None:
            table.rows[item.key] = _row(item, view, _cells(view, run, values, APPLICANT_COLUMNS))
    return _with_span(table, view, table_start, end)


def _with_span(table: Table, view: _View, start: int, end: int) -> Table:
    span = view.span(start, max(end, start + 1))
    table.span = span
    table.unreadable = [Unreadable(span, "run-together")]
    return table


def read_disclosure(line: Line, layout: Layout) -> Table:
    view = _view(line)
    anchors = list(_BLOCK_ANCHOR.finditer(view.text))
    table = _table(TableKind.DISCLOSURE, layout, view, anchors[0].start(), ())
    end = anchors[-1].end()
    bounds = [a.start() for a in anchors[1:]] + [len(view.text)]
    for anchor, stop in zip(anchors, bounds):
        block = next((b for b in layout.disclosure if b.item == anchor.group(1)), None)
        if block is None:
            continue
        end = max(end, _read_block(table, block, view, anchor.end(), stop))
    return _with_span(table, view, anchors[0].start(), end)


def _read_block(table: Table, block: BlockDef, view: _View, start: int, stop: int) -> int:
    """Rows of one block of the table under 二; returns where its last value ends."""
    end = start
    found: list[_Found] = []
    pos = start
    for row_key, label in block.rows:
        hit = _search(view, normalize(label), None, pos, stop)
        for key, alias in block.aliases:
            if hit is None and key == row_key:
                hit = _search(view, normalize(alias), None, pos, stop)
        if hit is None:
            continue
        found.append(_Found(f"{block.key}/{row_key}", label, *hit))
        pos = hit[1]
    signed = frozenset(i for i, column in enumerate(block.columns) if column in block.signed)
    for index, item in enumerate(found):
        row_stop = found[index + 1].start if index + 1 < len(found) else stop
        run = _value_run(view, item.end, row_stop)
        if run is None:
            continue
        end = max(end, run[1])
        digits = view.text[run[0]:run[1]]
        if len(block.columns) == 1:
            values = [digits] if re.fullmatch(r"-?\d+(?:\.\d+)?", digits) else None
        elif re.fullmatch(r"[\d-]+", digits):
            values = _unique(digits, (len(block.columns),), summed=False, signed=signed)
        else:
            values = None  # an amount with a decimal point or unit among other cells: no way to cut it
        if values is not None:
            table.rows[item.key] = _row(item, view, _cells(view, run, values, block.columns))
    return end


def _review_run(text: str) -> tuple[re.Match[str], re.Match[str]] | None:
    """The header of the table under 四 and the values right after it, when both sit in one line."""
    headers = list(_REVIEW_HEADER.finditer(text))
    if len(headers) < 2:
        return None
    for header in headers[1:]:
        run = _RUN.match(text, header.end())
        if run:
            return headers[0], run
    return None


def read_review(line: Line, layout: Layout) -> Table:
    view = _view(line)
    found = _review_run(view.text)
    assert found is not None  # READERS read only the line run_together_line chose for holding this run
    header, run = found
    table = _table(TableKind.REVIEW, layout, view, header.start(), REVIEW_COLUMNS)
    groups = tuple(len(REVIEW_RESULTS) for _ in range(len(REVIEW_COLUMNS) // len(REVIEW_RESULTS)))
    values = _unique(run.group(), groups, summed=True) if run.group().isdigit() else None
    if values is not None:
        span = view.span(run.start(), run.end())
        table.rows["data"] = Row("data", "数据行", span, _cells(view, (run.start(), run.end()), values, REVIEW_COLUMNS))
    return _with_span(table, view, header.start(), run.end())


READERS = {
    TableKind.DISCLOSURE: read_disclosure,
    TableKind.APPLICATIONS: read_applications,
    TableKind.REVIEW: read_review,
}
