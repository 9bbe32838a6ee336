"""Where a finding is, in words an official can act on.

A reader's own address (``表2 第7行 第10列``, ``第41段``) names the second Word table in
the file and its grid column, which a user easily misreads.  Here a diagnostic is placed
in the *report*: the statutory table by its content (表二/表三/表四), the row by its label,
the column by its header, a paragraph by its section and opening words::

    表三「一、本年新收政府信息公开申请数量」行「总计」列（文中第2个表格 第4行第8格）
    三、收到和处理… 第2段“本年度共收到政府信息公开…”

The Word table ordinal and the visible cell position (a merged cell counted once) are
kept as a hint.  A finding about a row that names its columns (T203's blank cells) is
placed at the first cell it names, not at the row label.  :class:`Locations` indexes one
result's tables and sections once; reporters, ``annotate`` and ``--fix`` suggestions use it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from linter.diagnostics import Diagnostic, Span
from linter.form import TABLE_BY_SECTION, TABLES, TableKind, numeral
from linter.parsing.model import Cell, Line, Report, Row, Section

if TYPE_CHECKING:
    from linter.source import Source

_OPENING = 12  # characters of a paragraph quoted to find it
_SHORT_TITLE = 5  # characters of a section title kept in an address


# Formats whose own address is not a line of the file the user has: the report address is shown.
DOCUMENT_KINDS = ("docx", "pdf")


class Location(NamedTuple):
    """A structured place in the report; every field is None where it does not apply."""

    table: str | None = None  # "表二" | "表三" | "表四"
    row_label: str | None = None
    column_label: str | None = None
    section: str | None = None  # "三、收到和处理政府信息公开申请情况", "前言"
    paragraph: int | None = None  # 1-based among the section's paragraphs (0: its heading)
    opening: str | None = None  # the paragraph's opening words
    native: dict[str, int] | None = None  # the reader's own address (Word, PDF, HTML)
    cell: int | None = None  # visible position of the cell in its Word table row
    span: Span | None = None  # what was located: the finding's span, or the blank cell it names

    @property
    def address(self) -> str:
        """The Chinese address: ``表三「…」行「总计」列`` or ``三、收到和处理… 第2段“…”``."""
        if self.table:
            parts = [self.table]
            if self.row_label:
                parts.append(f"「{self.row_label}」行")
            if self.column_label:
                parts.append(f"「{self.column_label}」列")
            return "".join(parts)
        section = _short(self.section) if self.section else "全文"
        if self.paragraph == 0:
            return f"{section} 标题" if self.section not in (None, "前言") else "报告标题"
        if self.paragraph:
            return f"{section} 第{self.paragraph}段“{self.opening}”" if self.opening else f"{section} 第{self.paragraph}段"
        return section

    @property
    def hint(self) -> str | None:
        """Where the reader found it: the Word table and visible cell, the PDF page and line."""
        native = self.native or {}
        if "table" in native:
            where = f"文中第{native['table']}个表格"
            if "row" in native:
                where += f" 第{native['row']}行"
                if self.cell:
                    where += f"第{self.cell}格"
            return where
        if "page" in native:
            return f"第{native['page']}页 第{native['line']}行"
        return None

    @property
    def full(self) -> str:
        hint = self.hint
        return f"{self.address}（{hint}）" if hint else self.address

    def as_dict(self) -> dict[str, Any]:
        """The JSON ``location``: the reader's keys (the Word table and paragraph ordinals
        renamed ``word_table``/``word_paragraph``), the structured place and its address."""
        data: dict[str, Any] = {}
        for key, value in (self.native or {}).items():
            data[{"table": "word_table", "paragraph": "word_paragraph"}.get(key, key)] = value
        if self.cell:
            data["cell"] = self.cell
        data.update(table=self.table, row_label=self.row_label, column_label=self.column_label,
                    section=self.section, paragraph=self.paragraph, opening=self.opening, address=self.address)
        return data


class _Entry(NamedTuple):
    span: Span
    kind: TableKind
    row: Row
    cell: Cell | None


class Locations:
    """Locates spans of one file (its source and parsed report); build once per file."""

    def __init__(self, source: Source | None, report: Report | None) -> None:
        self.source = source
        self.report = report
        self.kind = self.source.kind if self.source is not None else None
        self._word_tables: dict[int, TableKind] = {}
        if self.report is None:
            return
        for kind, table in self.report.tables.items():
            native = self._native(table.span.start)
            if native and "table" in native:
                self._word_tables[native["table"]] = kind

    @property
    def document(self) -> bool:
        """True where line numbers mean nothing to the user (Word, PDF)."""
        return self.kind in DOCUMENT_KINDS

    def _native(self, offset: int) -> dict[str, int] | None:
        return self.source.location(offset) if self.source is not None else None

    def of(self, diagnostic: Diagnostic) -> Location:
        return self.at(diagnostic.span, dict(diagnostic.args))

    def at(self, span: Span, args: dict[str, Any] | None = None) -> Location:
        report = self.report
        if self.source is None or report is None:
            return Location(native=self._native(span.start) if self.source is not None else None, span=span)
        entry = self._cell_at(span.start) or self._named_cell(span.start, args or {})
        if entry is None:
            label = self._label_at(span.start)
            if label is not None:
                return self._table_location(report, label.kind, label.row, None, label.row.span.start)._replace(span=span)
        elif entry.span != span and entry.cell is not None:
            return self._table_location(report, entry.kind, entry.row, entry.cell, entry.span.start)._replace(span=entry.span)
        else:
            return self._table_location(report, entry.kind, entry.row, entry.cell, entry.span.start)._replace(span=span)
        return self._text_location(report, span.start)._replace(span=span)

    # --- tables -----------------------------------------------------------------------------

    def _rows(self) -> Iterator[tuple[TableKind, Row]]:
        assert self.report is not None
        for kind, table in self.report.tables.items():
            for row in table.rows.values():
                yield kind, row

    def _cell_at(self, offset: int) -> _Entry | None:
        # A walk over the tables for each finding: most files have a few findings and hundreds of cells.
        for kind, row in self._rows():
            for cell in row.cells.values():
                start, end = cell.span
                if start <= offset < end or start == end == offset:
                    return _Entry(cell.span, kind, row, cell)
        return None

    def _label_at(self, offset: int) -> _Entry | None:
        for kind, row in self._rows():
            span = row.label_span or row.span
            if span.start <= offset < max(span.end, span.start + 1):
                return _Entry(span, kind, row, None)
        return None

    def _named_cell(self, offset: int, args: dict[str, Any]) -> _Entry | None:
        """A finding on a row label that names columns (blank cells): the first cell it names."""
        label = self._label_at(offset)
        named = " ".join(str(args[key]) for key in ("column", "columns") if key in args)
        if label is None or not named:
            return None
        for cell in label.row.cells.values():
            if cell.column in named:
                return _Entry(cell.span, label.kind, label.row, cell)
        return None

    def _table_location(self, report: Report, kind: TableKind, row: Row, cell: Cell | None, offset: int) -> Location:
        native = self._native(offset)
        row_label = None if row.key == "data" else _display(row.label)
        column = _display(cell.column) if cell is not None else None
        return Location(table=TABLES[kind].short, row_label=row_label, column_label=column,
                        section=self._section_name(self._section_at(report, offset)), native=native,
                        cell=self._visible_cell(native))

    def _visible_cell(self, native: dict[str, int] | None) -> int | None:
        locator = self.source.locator if self.source is not None else None
        visible = getattr(locator, "visible_cell", None)
        if visible is None or not native or "column" not in native or "table" not in native:
            return None
        return visible(native["table"], native["row"], native["column"])

    # --- text -------------------------------------------------------------------------------

    def _section_at(self, report: Report, offset: int) -> Section | None:
        found = None
        for section in report.sections:
            if section.heading.span.start <= offset:
                found = section
        return found

    def _section_name(self, section: Section | None) -> str:
        if section is None:
            return "前言"
        number = numeral(section.number) + "、" if section.number and section.number <= 10 else ""
        return number + section.title

    def _text_location(self, report: Report, offset: int) -> Location:
        native = self._native(offset)
        section = self._section_at(report, offset)
        lines: Sequence[Line] = section.lines if section is not None else report.preamble
        line = next((l for l in report.lines if l.span.start <= offset <= l.span.end), None)
        if section is not None and line is section.heading:
            return Location(section=self._section_name(section), paragraph=0, native=native)
        if section is None and line is not None and self._is_title(line):
            return Location(section="前言", paragraph=0, native=native)
        table = self._table_of(report, offset, section, line)
        if table:
            return Location(table=table, section=self._section_name(section), native=native,
                            cell=self._visible_cell(native))
        paragraphs = [l for l in lines if l.stripped and l.kind != "row" and not self._is_title(l)]
        index = next((i for i, l in enumerate(paragraphs, start=1) if l is line), None)
        if index is None or line is None:  # found among the paragraphs only when there is a line
            return Location(section=self._section_name(section), native=native)
        return Location(section=self._section_name(section), paragraph=index, opening=_opening(line.text),
                        native=native)

    def _is_title(self, line: Line) -> bool:
        """The line the title is on (the title may be part of it, or run over two lines)."""
        title = self.report.title if self.report is not None else None
        return title is not None and line.span.start <= title.span.start < max(line.span.end, line.span.start + 1)

    def _table_of(self, report: Report, offset: int, section: Section | None, line: Line | None) -> str | None:
        """The statutory table a header cell or table line belongs to (by content, then by section)."""
        native = self._native(offset)
        if native and "table" in native:
            kind = self._word_tables.get(native["table"])
            if kind is None and section is not None:
                kind = TABLE_BY_SECTION.get(section.key or 0)
            return TABLES[kind].short if kind else f"文中第{native['table']}个表格"
        for kind, table in report.tables.items():
            if table.span.start <= offset < table.span.end:
                return TABLES[kind].short
        if line is not None and line.kind == "row" and section is not None and section.key in TABLE_BY_SECTION:
            return TABLES[TABLE_BY_SECTION[section.key]].short
        return None


def _display(label: str) -> str:
    return label.replace("·", " ")


def _short(section: str) -> str:
    number, sep, title = section.partition("、")
    if not sep:
        number, title = "", section
    else:
        number += sep
    return number + (title[:_SHORT_TITLE] + "…" if len(title) > _SHORT_TITLE + 1 else title)


def _opening(text: str) -> str:
    words = text.strip().lstrip("#*> \u3000").replace("\t", " ").rstrip("*")
    return words[:_OPENING] + "…" if len(words) > _OPENING else words
