"""The three statutory tables drawn as grids, as the linter read them.

The grid follows the canonical layout the table was read with, so a missing row
shows where it belongs.  Every cell keeps what the draft wrote (a number, a blank,
"/"); a cell that a finding points into is highlighted, and where the finding
knows the value the cell should hold (the ``sum`` its arithmetic computed, e.g.
T301/T302/T304) it is shown beside the written one: ``15 → 应为 14``.

Which cell a finding belongs to is decided by spans alone — a finding whose span
lies inside a cell's span marks that cell, one inside a row label marks the label,
a related span marks its cell as "related" — so any rule that points at a cell is
drawn without the table code knowing the rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape

from linter.diagnostics import Diagnostic, Severity, Span
from linter.form import (
    APPLICANT_COLUMNS,
    LAYOUTS,
    OUTCOME_GROUPS,
    REVIEW_COLUMNS,
    REVIEW_GROUPS,
    REVIEW_RESULTS,
    TABLES,
    TableKind,
)
from linter.parsing.model import Cell, CellKind, Report, Row, Table

# The argument in which an arithmetic finding carries the value its cell should hold.
EXPECTED_ARG = "sum"
TABLE_ORDER = tuple(TableKind)
_SEVERITY_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _within(inner: Span, outer: Span) -> bool:
    """``inner`` points into ``outer`` (a zero-width ``outer`` only matches itself)."""
    if outer.start == outer.end:
        return inner == outer
    return outer.start <= inner.start < outer.end and inner.end <= outer.end


@dataclass
class Mark:
    """What the findings say about one cell or row label."""

    findings: list[tuple[int, Diagnostic]] = field(default_factory=list)  # (finding number, diagnostic)
    related: list[tuple[int, str]] = field(default_factory=list)  # (finding number, role)
    expected: str | None = None

    @property
    def severity(self) -> Severity | None:
        return min((d.severity for _, d in self.findings), key=_SEVERITY_RANK.__getitem__, default=None)

    def classes(self) -> list[str]:
        severity = self.severity  # None exactly when there are no findings
        if severity is not None:
            return ["flagged", severity.value]
        return ["related"] if self.related else []

    def attributes(self) -> str:
        codes = sorted({d.code for _, d in self.findings})
        notes = [f"{d.code} {d.message}" for _, d in self.findings] + [f"相关：{role}" for _, role in self.related]
        attrs = ""
        if codes:
            attrs += f' data-codes="{escape(" ".join(codes))}"'
        if self.expected is not None:
            attrs += f' data-expected="{escape(self.expected)}"'
        if notes:
            attrs += f' title="{escape(chr(10).join(notes))}"'
        return attrs


class Marks:
    """Cells and row labels of a report's tables, with the findings that point at them."""

    def __init__(self, report: Report | None, diagnostics: Sequence[Diagnostic], prefix: str) -> None:
        self.prefix = prefix
        self.cell_ids: dict[int, str] = {}
        self.by_target: dict[int, Mark] = {}
        self.finding_target: dict[int, str] = {}  # finding number -> id of the cell or label it points at
        if report is None:
            return
        targets: list[tuple[object, Span, str]] = []  # (cell or row, span, id)
        for kind in TABLE_ORDER:
            table = report.tables.get(kind)
            for row in (table.rows.values() if table else ()):
                if row.label and kind != "review":  # the table under 四 has no label column to draw
                    targets.append((row, row.label_span or row.span, self._id(row)))
                targets.extend((cell, cell.span, self._id(cell)) for cell in row.cells.values())
        for number, diagnostic in enumerate(diagnostics):
            for target, span, ident in targets:
                if _within(diagnostic.span, span):
                    mark = self.by_target.setdefault(id(target), Mark())
                    mark.findings.append((number, diagnostic))
                    self.finding_target.setdefault(number, ident)
                    args = dict(diagnostic.args)
                    if isinstance(target, Cell) and EXPECTED_ARG in args and args[EXPECTED_ARG] != target.raw:
                        mark.expected = str(args[EXPECTED_ARG])
                for related in diagnostic.related:
                    if _within(related.span, span):
                        self.by_target.setdefault(id(target), Mark()).related.append((number, related.message))

    def _id(self, target: object) -> str:
        ident = f"{self.prefix}-c{len(self.cell_ids) + 1}"
        self.cell_ids[id(target)] = ident
        return ident

    def mark(self, target: object) -> Mark:
        return self.by_target.get(id(target)) or Mark()


def render_tables(report: Report, marks: Marks) -> str:
    parts = ['<p class="legend no-print">图例：<span class="sample flagged"></span>有问题的单元格'
             '<span class="sample blank"></span>空白单元格（表格要求填 0）</p>']
    for kind in TABLE_ORDER:
        parts.append(f"<h3>{escape(TABLES[kind].name)}</h3>")
        table = report.tables.get(kind)
        if table is None:
            parts.append('<p class="notice error">报告中没有找到此表。</p>')
            continue
        if not table.readable:
            parts.append('<p class="notice">此表无法可靠读取，未检查其中的数字（原因见 R002 诊断）。</p>')
        draw = {TableKind.DISCLOSURE: _disclosure, TableKind.APPLICATIONS: _applications, TableKind.REVIEW: _review}[kind]
        parts.append(f'<table class="grid" data-table="{kind}">{"".join(draw(table, marks))}</table>')
    return "\n".join(parts)


def _cell(cell: Cell | None, marks: Marks, colspan: int = 1) -> str:
    span = f' colspan="{colspan}"' if colspan > 1 else ""
    if cell is None:
        return f'<td{span} class="cell blank" data-kind="absent">未读出</td>'
    mark = marks.mark(cell)
    classes = ["cell", cell.kind.value, *mark.classes()]
    if cell.kind is CellKind.BLANK:
        content = "空白"
    elif mark.expected is not None:
        content = f'<span class="written">{escape(cell.raw)}</span><span class="expected">→ 应为 {escape(mark.expected)}</span>'
    else:
        content = escape(cell.raw)
    return (f'<td{span} id="{marks.cell_ids[id(cell)]}" class="{" ".join(classes)}" data-kind="{cell.kind.value}"'
            f'{mark.attributes()}>{content}</td>')


def _label(row: Row | None, label: str, marks: Marks, sub: bool = False) -> str:
    classes = ["label", *(["sub"] if sub else [])]
    if row is None:
        return f'<td class="{" ".join(classes)}">{escape(label)}</td>'
    mark = marks.mark(row)
    classes += mark.classes()
    return f'<td id="{marks.cell_ids[id(row)]}" class="{" ".join(classes)}"{mark.attributes()}>{escape(label)}</td>'


def _row(table: Table, key: str, label: str, columns: Sequence[str], marks: Marks, sub: bool = False,
         last_colspan: int = 1) -> str:
    row = table.rows.get(key)
    if row is None:
        state = "缺少此行" if table.readable else "未读出此行"
        return (f'<tr class="missing" data-row="{escape(key)}">{_label(None, label, marks, sub)}'
                f'<td colspan="{len(columns) + last_colspan - 1}">{state}</td></tr>')
    cells = "".join(_cell(row.cells.get(column), marks, last_colspan if i == len(columns) - 1 else 1)
                    for i, column in enumerate(columns))
    return f'<tr data-row="{escape(key)}">{_label(row, label, marks, sub)}{cells}</tr>'


def _disclosure(table: Table, marks: Marks) -> Iterable[str]:
    blocks = LAYOUTS[table.layout].disclosure
    width = max(len(block.columns) for block in blocks)
    for block in blocks:
        yield f'<tr class="group"><td colspan="{width + 1}">第二十条第（{block.item}）项</td></tr>'
        heads = [f"<th>{escape(c)}</th>" for c in block.columns]
        heads[-1] = heads[-1].replace("<th>", f'<th colspan="{width - len(block.columns) + 1}">', 1)
        yield f"<tr><th>信息内容</th>{''.join(heads)}</tr>"
        for key, label in block.rows:  # a narrower block's last cell spans the unused columns
            yield _row(table, f"{block.key}/{key}", label, block.columns, marks,
                       last_colspan=width - len(block.columns) + 1)


def _applications(table: Table, marks: Marks) -> Iterable[str]:
    parts = APPLICANT_COLUMNS[1:-1]
    yield ('<tr><th rowspan="2">（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</th>'
           f'<th rowspan="2">{APPLICANT_COLUMNS[0]}</th><th colspan="{len(parts)}">法人或其他组织</th>'
           f'<th rowspan="2">{APPLICANT_COLUMNS[-1]}</th></tr>')
    yield "<tr>" + "".join(f"<th>{escape(c)}</th>" for c in parts) + "</tr>"
    group_seen: set[str] = set()
    for definition in LAYOUTS[table.layout].application_rows:
        if definition.key == "open":
            yield f'<tr class="group"><td colspan="{len(APPLICANT_COLUMNS) + 1}">三、本年度办理结果</td></tr>'
        group_label, _, own_label = definition.label.rpartition("·")
        group = definition.group  # set on every row whose label names its group ("（三）不予公开·…")
        if group_label and group is not None and group not in group_seen:
            group_seen.add(group)
            yield (f'<tr class="group"><td colspan="{len(APPLICANT_COLUMNS) + 1}">'
                   f"{escape(OUTCOME_GROUPS[group])}</td></tr>")
        sub = bool(group_label) or definition.group is not None or definition.key == "total"
        yield _row(table, definition.key, own_label, APPLICANT_COLUMNS, marks, sub=sub)


def _review(table: Table, marks: Marks) -> Iterable[str]:
    width = len(REVIEW_RESULTS)
    yield "<tr>" + "".join(f'<th colspan="{width}">{escape(group)}</th>' for group in REVIEW_GROUPS) + "</tr>"
    yield "<tr>" + "".join(f"<th>{escape(result)}</th>" for result in REVIEW_RESULTS) * len(REVIEW_GROUPS) + "</tr>"
    row = table.rows.get("data")
    if row is None:
        yield f'<tr class="missing"><td colspan="{len(REVIEW_COLUMNS)}">未读出数据行</td></tr>'
        return
    yield '<tr data-row="data">' + "".join(_cell(row.cells.get(column), marks) for column in REVIEW_COLUMNS) + "</tr>"
