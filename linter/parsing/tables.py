"""Read the three statutory tables of a report as grids keyed by canonical labels.

Rows are recognized by their labels (after normalization, across line breaks);
values are placed by :func:`linter.parsing.cells.place`, which refuses to guess.
A table with any row that cannot be placed is marked unreadable, and the
arithmetic checks leave it alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from linter.diagnostics import Span
from linter.form import APPLICANT_COLUMNS, LAYOUTS, REVIEW_COLUMNS, BlockDef, Layout, LayoutName, RowDef, TableKind
from linter.parsing import flat
from linter.parsing.cells import RawCell, SplitLine, place, split_line, structural_gap, to_cell
from linter.parsing.labels import edit_distance, normalize, similarity
from linter.parsing.model import LabelIssue, Line, LineKind, Report, Row, Section, Table, Unreadable

_BLOCK_ANCHOR = re.compile(r"第二十条第\(([一二三四五六七八九十]+)\)项")
_TABLE3_START = re.compile(r"勾稽关系|申请人情况|本年新收")


def read_tables(report: Report, expected_layout: LayoutName | None = None) -> Report:
    """The report with its tables read; ``expected_layout`` is what the report year's pack requires."""
    disclosure_section = report.section(2)
    # Each section's lines are split into cells once, whatever reads them after.
    splits = {key: _split_all(section.lines) if (section := report.section(key)) else [] for key in (2, 3, 4)}
    split2 = splits[2]
    markers = _layout_markers(split2, splits[3])
    found = [name for name, spans in markers.items() if spans]
    layout_name = found[0] if len(found) == 1 else expected_layout or LayoutName.V2021
    layout = LAYOUTS[layout_name]
    readers = (
        (TableKind.DISCLOSURE, disclosure_section, lambda section: _read_disclosure(split2, section, layout)),
        (TableKind.APPLICATIONS, report.section(3), lambda section: _read_applications(splits[3], layout)),
        (TableKind.REVIEW, report.section(4), lambda section: _read_review(splits[4], layout)),
    )
    tables = {}
    inline: list[Span] = []
    for kind, section, read in readers:
        if section is None:
            continue
        run_together = flat.run_together_line(kind, list(section.lines), layout)
        table: Table | None
        if run_together is not None:  # a web-page copy: one R002, rows recovered only where certain
            table = flat.READERS[kind](run_together, layout)
            inline.append(table.span)
        else:
            table = read(section)
        if table is not None:
            tables[kind] = table
    return report._replace(tables=tables, layout=layout_name, expected_layout=expected_layout,
                           layout_markers={name: tuple(spans) for name, spans in markers.items()},
                           inline_tables=tuple(inline))


def _split_all(lines: Iterable[Line]) -> list[SplitLine]:
    """The cells of every line; page numbers between the pieces of a table are left out."""
    return [s for s in (split_line(line) for line in lines if line.stripped and line.kind is not LineKind.PAGE)
            if s is not None]


def _layout_markers(split: list[SplitLine], applications: list[SplitLine]) -> dict[LayoutName, list[Span]]:
    """Where labels that exist in only one of the two formats occur (in table 二, and in table 三's rows)."""
    markers: dict[LayoutName, list[Span]] = {name: [] for name in LAYOUTS}
    for line in split:
        text = normalize(line.line.text)
        for name, layout in LAYOUTS.items():
            for marker in layout.markers:
                position = text.find(normalize(marker))
                if position >= 0:
                    markers[name].append(line.line.span)
                    break
    # 2019's (六)其他处理 is a single data row; 2021 splits it into three.
    for line in applications:
        label = normalize(line.label)
        if re.search(r"其他处理$", label) and line.has_values:
            markers[LayoutName.V2019].append(line.line.span)
        elif re.search(r"逾期不补正|缴纳费", label):
            markers[LayoutName.V2021].append(line.line.span)
    return markers


# --- table under 二 -------------------------------------------------------------------------

def _read_disclosure(split: list[SplitLine], section: Section, layout: Layout) -> Table | None:
    anchors: list[tuple[int, str]] = []  # (line index, the block's item numeral)
    for index, line in enumerate(split):
        anchor = _BLOCK_ANCHOR.search(normalize(line.line.text))
        if anchor:
            anchors.append((index, anchor.group(1)))
    if not anchors:
        return _unanchored_disclosure(split, layout)
    span = Span(split[anchors[0][0]].line.span.start, split[-1].line.span.end)
    table = Table(TableKind.DISCLOSURE, layout.name, span, columns=())
    gaps = _learn_gaps(split, width=None)
    seen_blocks: set[str] = set()
    ends = [index for index, _ in anchors[1:]] + [len(split)]
    for (start, item), end in zip(anchors, ends):
        block = next((b for b in layout.disclosure if b.item == item), None)
        if block is None:
            continue  # the other format's block (e.g. 第二十条第（九）项 in 2021): a T205 matter
        seen_blocks.add(block.key)
        _read_block(table, block, split[start + 1:end], gaps)
    for block in layout.disclosure:
        if block.key not in seen_blocks:
            table.missing.append(f"第二十条第（{block.item}）项")
        else:
            for row_key, label in block.rows:
                if f"{block.key}/{row_key}" not in table.rows:
                    table.missing.append(label)
    return table


_DISCLOSURE_LABELS = {normalize(label) for lay in LAYOUTS.values() for block in lay.disclosure
                      for _, label in (*block.rows, *block.aliases)}


def _unanchored_disclosure(split: list[SplitLine], layout: Layout) -> Table | None:
    """Rows of the table under 二 without its 第二十条第（X）项 block headings: the table is there
    (no T201), but which block a row belongs to cannot be told from its place (R002)."""
    rows = [s for s in split if normalize(s.label) in _DISCLOSURE_LABELS and s.has_values]
    if not rows:
        return None
    span = Span(rows[0].line.span.start, rows[-1].line.span.end)
    return Table(TableKind.DISCLOSURE, layout.name, span, columns=(),
                 unreadable=[Unreadable(rows[0].line.span, "no-blocks")])


def _read_block(table: Table, block: BlockDef, lines: list[SplitLine], gaps: dict) -> None:
    width = len(block.columns)
    for line in lines:
        label = normalize(line.label)
        if label.startswith("信息内容"):
            _check_header(table, block, line)
            continue
        if not label:
            continue
        shorter = line.with_shorter_label()
        if shorter and _match_row_label(normalize(shorter.label), block.rows, exact_only=True):
            line, label = shorter, normalize(shorter.label)
        match = _match_row_label(label, block.rows, aliases=block.aliases)
        if match is None:
            continue
        (row_key, canonical), exact = match
        if not exact and line.label_span:
            table.label_issues.append(LabelIssue(line.label_span, line.label, canonical))
        cells = place(line, width, gaps.get(line.shape))
        if cells is None:
            table.unreadable.append(Unreadable(line.line.span, "row-values", {"row": canonical}))
            continue
        row = Row(f"{block.key}/{row_key}", canonical, line.label_span or line.line.span, {},
                  written_label=line.label, label_span=line.label_span)
        for raw, column in zip(cells, block.columns):
            row.cells[column] = to_cell(raw, column)
        table.rows[row.key] = row


def _check_header(table: Table, block: BlockDef, line: SplitLine) -> None:
    """Header cells after 信息内容: flag near-miss wording (本年度止件数 for 本年废止件数)."""
    offset = line.line.span.start
    separator = r"[^\t|]+" if line.gridded else r"\S+"
    written = [RawCell(m.group().strip(), Span(offset + m.start(), offset + m.end()))
               for m in re.finditer(separator, line.line.text) if m.group().strip()][1:]
    known = {normalize(c) for lay in LAYOUTS.values() for b in lay.disclosure for c in b.columns}
    for cell in written:
        text = normalize(cell.text)
        if text in known:
            continue
        close = min(block.columns, key=lambda c: edit_distance(text, normalize(c)))
        if edit_distance(text, normalize(close)) <= max(1, len(close) // 4):
            table.label_issues.append(LabelIssue(cell.span, cell.text, close))


def _match_row_label(label: str, rows: tuple[tuple[str, str], ...], exact_only: bool = False,
                     aliases: tuple[tuple[str, str], ...] = ()) -> tuple[tuple[str, str], bool] | None:
    for row in rows:
        if label == normalize(row[1]):
            return row, True
    if exact_only:
        return None
    for key, alias in aliases:  # the row in another wording: read, and its label flagged (T206)
        if label == normalize(alias):
            return next(row for row in rows if row[0] == key), False
    best = min(rows, key=lambda r: edit_distance(label, normalize(r[1])))
    distance = edit_distance(label, normalize(best[1]))
    if distance <= max(1, len(best[1]) // 4):
        return best, False
    return None


def _learn_gaps(split: list[SplitLine], width: int | None) -> dict:
    """Structural blank cells before the values, per row shape, from fully filled rows."""
    gaps: dict = {}
    for line in split:
        if not line.gridded or not line.has_values:
            continue
        gap = structural_gap(line, width or len(line.filled))
        if gap is not None:
            gaps.setdefault(line.shape, gap)
    return gaps


# --- table under 三 -------------------------------------------------------------------------

def _read_applications(split: list[SplitLine], layout: Layout) -> Table | None:
    start = next((i for i, s in enumerate(split) if _TABLE3_START.search(normalize(s.line.text))
                  or (s.gridded and s.has_values)), None)
    if start is None:
        return None
    split = split[start:]
    width = len(APPLICANT_COLUMNS)
    gaps = _learn_gaps(split, width)
    rows = layout.application_rows
    patterns = [row.pattern for row in rows]  # searched for on every line
    table = Table(TableKind.APPLICATIONS, layout.name, Span(split[0].line.span.start, split[-1].line.span.end),
                  columns=APPLICANT_COLUMNS)
    pointer = 0
    pending = ""  # label text accumulated over lines that carry no values (PDF line breaks)
    for line in split:
        label = normalize(line.label)
        own = _find_rows(label, patterns, pointer)
        is_row = line.has_values or (line.gridded and own and len(line.after) >= width - 1)
        if not is_row:
            pending += label
            continue
        text = pending + label
        found = (_find_rows(text, patterns, pointer) if pending else own) or _near_miss(table, line, rows, pointer)
        pending = ""
        if not found:
            if line.label or text:
                table.unreadable.append(Unreadable(line.line.span, "unknown-label", {"label": line.label or text}))
            else:
                table.unreadable.append(Unreadable(line.line.span, "no-label"))
            continue
        *blank_rows, (index, _) = found
        for blank_index, _pos in blank_rows:  # labels with no values of their own (spaced text)
            _add_row(table, rows[blank_index], line, None, width)
        shorter = line.with_shorter_label()
        if shorter and shorter.fills(width) and not line.fills(width):
            line = shorter
        cells = place(line, width, gaps.get(line.shape))
        if cells is None:
            table.unreadable.append(Unreadable(line.line.span, "value-count", {
                "row": rows[index].label, "count": len(line.filled), "width": width}))
        _add_row(table, rows[index], line, cells, width)
        pointer = index + 1
        if rows[index].key == "forward":
            break
    table.missing = [row.label for row in rows if row.key not in table.rows]
    return table


def _find_rows(text: str, patterns: list[re.Pattern[str]], pointer: int) -> list[tuple[int, int]]:
    """Canonical rows (by their patterns, from ``pointer`` on) whose key occurs in ``text``, in text order.

    Only a run that is in canonical order counts: a stray key word elsewhere in
    the accumulated text (prose above the table) is ignored.
    """
    hits = []
    for index in range(pointer, len(patterns)):
        match = patterns[index].search(text)
        if match:
            hits.append((index, match.start()))
    hits.sort(key=lambda hit: hit[1])
    if not hits:
        return []
    last = hits[-1]
    ordered = [hit for hit in hits[:-1] if hit[0] < last[0]]
    return ordered + [last]


def _near_miss(table: Table, line: SplitLine, rows: tuple[RowDef, ...], pointer: int) -> list[tuple[int, int]]:
    """The next expected row, when this line's own label is a misspelling of it (T206)."""
    if not line.label or line.label_span is None:
        return []
    written = normalize(line.label)
    for index in range(pointer, min(pointer + 2, len(rows))):
        canonical = rows[index].label.split("·")[-1]
        if similarity(written, canonical) >= 0.8:
            table.label_issues.append(LabelIssue(line.label_span, line.label, canonical))
            return [(index, 0)]
    return []


def _add_row(table: Table, rowdef: RowDef, line: SplitLine, cells: list[RawCell] | None, width: int) -> None:
    span = line.label_span or line.line.span
    row = Row(rowdef.key, rowdef.label, span, {}, written_label=line.label, label_span=line.label_span)
    if cells is not None:
        for raw, column in zip(cells, table.columns):
            row.cells[column] = to_cell(raw, column)
    elif line is not None and not line.has_values:
        for column in table.columns:
            row.cells[column] = to_cell(RawCell("", Span(span.end, span.end)), column)
    table.rows.setdefault(rowdef.key, row)


# --- table under 四 -------------------------------------------------------------------------

def _read_review(split: list[SplitLine], layout: Layout) -> Table | None:
    width = len(REVIEW_COLUMNS)
    data = [s for s in split if not normalize(s.label) and (
        sum(c.value_like for c in s.after) >= 5 or (s.gridded and len(s.after) >= width - 1))]
    header = [s for s in split if re.search(r"行政复议|结果维持|结果纠正|尚未审结", normalize(s.line.text))]
    if not data and not header:
        return None
    lines = header + data
    span = Span(min(s.line.span.start for s in lines), max(s.line.span.end for s in lines))
    table = Table(TableKind.REVIEW, layout.name, span, columns=REVIEW_COLUMNS)
    if not data:
        table.missing.append("数据行")
        return table
    line = data[-1]
    cells = place(line, width, None)
    if cells is None:
        table.unreadable.append(Unreadable(line.line.span, "review-count", {
            "count": len(line.filled), "width": width}))
        return table
    row = Row("data", "数据行", line.line.span, {})
    for raw, column in zip(cells, REVIEW_COLUMNS):
        row.cells[column] = to_cell(raw, column)
    table.rows["data"] = row
    return table
