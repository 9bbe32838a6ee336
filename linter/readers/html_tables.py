"""HTML tables as exact grids.

Cells are captured in flat arrays while the page streams in.  When ``</table>``
arrives the table is either a statistics table — its rows become TAB-separated
lines of one grid, ``rowspan``/``colspan`` resolved, rows and columns with no text
at all left out (Word leaves such rows behind) — or page layout (a nested table, a
page-length cell, a single column), whose text stays as ordinary paragraphs.  In
the grid, a cell that only continues a merged cell, or pads a row shorter than the
table, is written blank and its offset recorded: it is layout, never a value, so
the table reader can place each row's values exactly where the table put them.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator

from linter.readers import ReadError
from linter.readers.html_text import Mark, Tape

MAX_CELLS = 50_000  # grid cells in the whole page, merged cells expanded; a report has a few hundred
MAX_SPAN = 1000
LONG_CELL = 500  # characters: a cell this long is page layout, not a statistics table
_FIELDS = 6  # per cell: row, file line, file column, colspan, rowspan, index of its first mark


def span(value: str | None) -> int:
    try:
        return max(0, min(int((value or "1").strip().rstrip(";")), MAX_SPAN))
    except ValueError:
        return 1


def too_large() -> ReadError:
    return ReadError(f"网页中的表格过大（超过 {MAX_CELLS // 10000} 万格，合并单元格按展开计），拒绝读取")


class TableFrame:
    """One open ``<table>``: its cells so far, and where its text began on the tape."""

    def __init__(self, start: tuple[int, int, int, int]) -> None:
        self.start = start
        self.layout = False
        self.texts: list[str] = []
        self.cells = array("i")
        self.marks = array("i")  # per mark: offset in the cell, file line, file column, length
        self.rows = array("i")  # per row: file line and column of its <tr>

    @property
    def size(self) -> tuple[int, int]:
        """(rows, cells) so far."""
        return len(self.rows) // 2, len(self.texts)

    def start_row(self, position: tuple[int, int]) -> None:
        if not self.layout:
            self.rows.extend(position)

    def add_cell(self, text: str, marks: list[Mark], position: tuple[int, int], colspan: int, rowspan: int) -> None:
        if self.layout:
            return
        if not self.rows:
            self.start_row(position)
        self.cells.extend((len(self.rows) // 2 - 1, position[0], position[1], colspan, rowspan, len(self.marks) // 4))
        self.texts.append(text)
        for mark in marks:
            self.marks.extend(mark)

    def cut(self, size: tuple[int, int]) -> None:
        """Forget the rows and cells added since :attr:`size` was ``size`` (they were hidden)."""
        if self.layout:
            return
        rows, cells = size
        del self.rows[rows * 2:]
        if cells < len(self.texts):
            del self.marks[self.cells[cells * _FIELDS + 5] * 4:]
            del self.cells[cells * _FIELDS:]
            del self.texts[cells:]

    def make_layout(self) -> None:
        self.layout = True
        self.texts, self.cells, self.marks, self.rows = [], array("i"), array("i"), array("i")


class Grid:
    """Where each cell of a statistics table goes; :meth:`write` puts the rows on the tape."""

    def __init__(self, table: TableFrame, columns: array, width: int, row_text: bytearray, kept: list[int]) -> None:
        self.table, self.columns, self.width, self.row_text, self.kept = table, columns, width, row_text, kept

    def write(self, tape: Tape) -> None:
        tape.blank()
        for row, slots, starts in _rows(self.table, self.columns, self.width):
            if self.row_text[row]:
                _write_row(tape, self.table, row, [(slots[c], starts[c]) for c in self.kept])
        tape.blank()


def grid(table: TableFrame, budget: list[int]) -> Grid | None:
    """The table's grid, or None when it is page layout (text in one column at most).

    ``budget`` holds the grid cells the page may still expand into: a hostile
    ``colspan``/``rowspan`` pattern is refused before anything is built.
    """
    columns, width, row_text, column_text = _layout(table, budget)
    kept = [c for c in range(width) if column_text[c]]  # a column empty in every row is only a border
    return Grid(table, columns, width, row_text, kept) if len(kept) >= 2 else None


def _spans(table: TableFrame, cell: int, row: int, rows: int) -> tuple[int, int]:
    colspan = table.cells[cell * _FIELDS + 3] or 1
    rowspan = table.cells[cell * _FIELDS + 4] or rows - row  # rowspan="0": to the end of the table
    return colspan, min(rowspan, rows - row)


def _layout(table: TableFrame, budget: list[int]) -> tuple[array, int, bytearray, bytearray]:
    """Each cell's first column, the grid's width, and which rows and columns hold any text."""
    rows, count = table.size
    columns = array("i", bytes(4 * count))
    row_text = bytearray(rows)
    column_text = bytearray()
    left: list[int] = []  # per column: rows still covered by a cell from a row above
    cell = charged = 0
    for row in range(rows):
        column = 0
        while cell < count and table.cells[cell * _FIELDS] == row:
            while column < len(left) and left[column] > 0:
                column += 1
            colspan, rowspan = _spans(table, cell, row, rows)
            charged += colspan * rowspan
            if charged > budget[0]:
                raise too_large()
            if column + colspan > len(left):
                column_text.extend(bytes(column + colspan - len(left)))
                left.extend([0] * (column + colspan - len(left)))
            left[column:column + colspan] = [rowspan] * colspan
            columns[cell] = column
            if table.texts[cell]:
                row_text[row] = column_text[column] = 1
            column += colspan
            cell += 1
        left = [k - 1 if k else 0 for k in left]
    width = len(left)
    budget[0] -= max(charged, rows * width)  # rows shorter than the grid are padded
    if budget[0] < 0:
        raise too_large()
    return columns, width, row_text, column_text


def _rows(table: TableFrame, columns: array, width: int) -> Iterator[tuple[int, list[int], list[bool]]]:
    """Per row: the cell filling each column (-1: none, a short row) and whether the cell starts there."""
    rows, count = table.size
    above = [-1] * width  # the cell covering a column from a row above
    left = [0] * width
    cell = 0
    for row in range(rows):
        slots = [above[c] if left[c] > 0 else -1 for c in range(width)]
        starts = [False] * width
        while cell < count and table.cells[cell * _FIELDS] == row:
            column = columns[cell]
            colspan, rowspan = _spans(table, cell, row, rows)
            for k in range(column, column + colspan):
                slots[k], above[k], left[k] = cell, cell, rowspan
            starts[column] = True
            cell += 1
        yield row, slots, starts
        left = [k - 1 if k else 0 for k in left]


def _write_row(tape: Tape, table: TableFrame, row: int, slots: list[tuple[int, bool]]) -> None:
    """One grid row; a cell that continues a merged cell, or pads a short row, is blank and recorded."""
    texts: list[str] = []
    marks: list[Mark] = []
    offset = 0
    cells, count = table.cells, len(table.texts)
    for cell, starts in slots:
        text = table.texts[cell] if starts else ""
        if not starts:
            tape.merged.append(tape.chars + offset)
        if text:
            first = cells[cell * _FIELDS + 5]
            last = cells[(cell + 1) * _FIELDS + 5] if cell + 1 < count else len(table.marks) // 4
            for i in range(first * 4, last * 4, 4):
                marks.append((offset + table.marks[i], table.marks[i + 1], table.marks[i + 2], table.marks[i + 3]))
        elif cell >= 0:  # a blank cell, or one continuing a merged cell: where that cell is
            marks.append((offset, cells[cell * _FIELDS + 1], cells[cell * _FIELDS + 2], 0))
        else:
            marks.append((offset, table.rows[row * 2], table.rows[row * 2 + 1], 0))
        texts.append(text)
        offset += len(text) + 1
    tape.commit("\t".join(texts), marks)
