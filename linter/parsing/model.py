"""The report model: what the checks see.

Every node carries a :class:`~linter.diagnostics.Span` into ``Source.text``.
Table cells keep the distinction the form cares about: a number, a blank cell,
a placeholder such as "/" or "—", or text that is not a number at all.
"""

from collections.abc import Mapping
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import NamedTuple

from linter.diagnostics import Span
from linter.form import LayoutName, TableKind
from linter.source import Source


class LineKind(str, Enum):
    HEADING = "heading"  # a statutory section heading
    SUBHEADING = "subheading"  # （一）… and demoted 一、… inside a section
    ROW = "row"  # a table row (TAB or pipe separated)
    PAGE = "page"  # a page number left by PDF text extraction ("— 3 —"): not content
    TEXT = "text"


class Line(NamedTuple):
    """One line of the report as the grammar typed it (a tuple: made for every line of every report)."""

    kind: LineKind
    span: Span
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()


class Section(NamedTuple):
    key: int | None  # 1..6 for a statutory section
    number: int | None  # the numeral written in the heading (一 = 1 …)
    title: str  # heading text without numeral and Markdown markers
    heading: Line
    title_span: Span
    lines: tuple[Line, ...] = ()

    @property
    def body_lines(self) -> list[Line]:
        return [line for line in self.lines if line.stripped and line.kind is not LineKind.PAGE]

    @property
    def span(self) -> Span:
        end = self.lines[-1].span.end if self.lines else self.heading.span.end
        return Span(self.heading.span.start, end)


class UncertainSection(NamedTuple):
    """A section not found as a heading, though text that looks like its heading is there."""

    key: int
    span: Span  # the heading-like text
    written: str


class CellKind(str, Enum):
    NUMBER = "number"
    BLANK = "blank"
    PLACEHOLDER = "placeholder"  # "/", "—", "-", "无" … where the form wants 0
    TEXT = "text"


# Cells and rows are made by the hundred for each report and read by every check: slotted classes
# are quicker to make and to read than named tuples.

class Cell:
    """One cell as written, under its canonical column."""

    __slots__ = ("column", "kind", "number", "raw", "span", "value")

    def __init__(self, column: str, raw: str, kind: CellKind, span: Span, value: Decimal | None = None) -> None:
        self.column = column
        self.raw = raw
        self.kind = kind
        self.span = span
        self.value = value
        self.number = value if kind is CellKind.NUMBER else None  # what the arithmetic reads, again and again

    def __repr__(self) -> str:
        return f"Cell({self.column!r}, {self.raw!r}, {self.kind.name})"


class Row:
    """A row of a table under its canonical label, its cells by column."""

    __slots__ = ("cells", "key", "label", "label_span", "span", "written_label")

    def __init__(self, key: str, label: str, span: Span, cells: dict[str, Cell], written_label: str = "",
                 label_span: Span | None = None) -> None:
        self.key = key
        self.label = label  # canonical label
        self.span = span  # the row's label (or the row itself when it has none)
        self.cells = cells  # filled in by the table reader
        self.written_label = written_label  # the label as written, normalized
        self.label_span = label_span

    def __repr__(self) -> str:
        return f"Row({self.key!r}, {len(self.cells)} cells)"


class Unreadable(NamedTuple):
    """Why a table's values could not be placed: a message variant of R002 and its values."""

    span: Span
    reason: str
    args: Mapping[str, object] = MappingProxyType({})  # read-only: the default is shared


class LabelIssue(NamedTuple):
    """A label written close to, but not as, the canonical wording (T206)."""

    span: Span
    written: str
    canonical: str


class Table:
    """A statutory table as read; filled in by the table reader, frozen into the Report after."""

    __slots__ = ("columns", "kind", "label_issues", "layout", "missing", "rows", "span", "unreadable")

    def __init__(self, kind: TableKind, layout: LayoutName, span: Span, columns: tuple[str, ...],
                 unreadable: list[Unreadable] | None = None) -> None:
        self.kind = kind
        self.layout = layout
        self.span = span
        self.columns = columns
        self.rows: dict[str, Row] = {}
        self.missing: list[str] = []  # canonical row/block keys not found
        self.unreadable = unreadable or []
        self.label_issues: list[LabelIssue] = []

    def __repr__(self) -> str:
        return f"Table({self.kind.name}, {len(self.rows)} rows, {len(self.unreadable)} unreadable)"

    @property
    def readable(self) -> bool:
        return not self.unreadable


class Report(NamedTuple):
    """The parsed report; built once (outline, then tables) and never changed after."""

    source: Source
    lines: tuple[Line, ...]
    title: Line | None = None
    title_year: int | None = None
    year: int | None = None
    year_source: str | None = None  # "option", "title", "period", "statement" or "filename"
    year_span: Span | None = None
    preamble: tuple[Line, ...] = ()
    sections: tuple[Section, ...] = ()
    tables: Mapping[TableKind, Table] = MappingProxyType({})  # read-only: shared by every Report made without
    layout: LayoutName | None = None  # layout the tables were read with
    expected_layout: LayoutName | None = None  # layout the year requires
    layout_markers: Mapping[LayoutName, tuple[Span, ...]] = MappingProxyType({})  # layout -> where seen
    is_government: bool = False  # a 人民政府's own report (not a department's)
    restarted_headings: tuple[Line, ...] = ()  # 一、二、 reused inside a section
    inline_tables: tuple[Span, ...] = ()  # tables run together inside lines of text (web-page copies)
    uncertain_sections: tuple[UncertainSection, ...] = ()  # missing, but something like their heading is there

    def section(self, key: int) -> Section | None:
        for section in self.sections:
            if section.key == key:
                return section
        return None
