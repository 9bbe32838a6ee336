"""Table checks: present, complete, filled in, the right layout, the right labels, readable."""

from __future__ import annotations

from typing import Iterable

from linter.checks import Check, Finding, check_type
from linter.diagnostics import Fix, Related, Span
from linter.parsing.model import CellKind, Report, Table

TABLE_NAMES = {
    "disclosure": "二、主动公开政府信息情况表",
    "applications": "三、收到和处理政府信息公开申请情况表",
    "review": "四、政府信息公开行政复议、行政诉讼情况表",
}
_TABLE_SECTIONS = {"disclosure": 2, "applications": 3, "review": 4}
_COUNT_COLUMNS_SIGNED = ("本年增/减",)


def _readable_tables(report: Report) -> Iterable[Table]:
    return (table for table in report.tables.values() if table.readable)


@check_type("unreadable-table")
class UnreadableTable(Check):
    """R002: values that cannot be placed in the grid with confidence."""

    provides = ("table", "reason")

    def run(self, report: Report) -> Iterable[Finding]:
        for table in report.tables.values():
            for problem in table.unreadable:
                yield Finding(problem.span, {"table": TABLE_NAMES[table.kind], "reason": problem.reason})


@check_type("missing-table")
class MissingTable(Check):
    """T201: the section is there but its statutory table is not."""

    provides = ("table",)

    def run(self, report: Report) -> Iterable[Finding]:
        for kind, key in _TABLE_SECTIONS.items():
            section = report.section(key)
            if section is not None and kind not in report.tables:
                yield Finding(section.heading.span, {"table": TABLE_NAMES[kind]})


@check_type("missing-row")
class MissingRow(Check):
    """T202: a canonical row, block or column is not in the table."""

    provides = ("table", "row")

    def run(self, report: Report) -> Iterable[Finding]:
        for table in report.tables.values():
            for label in table.missing:
                yield Finding(Span(table.span.start, table.span.start), {"table": TABLE_NAMES[table.kind], "row": label})


@check_type("blank-cell")
class BlankCell(Check):
    """T203: cells left blank (or filled with "/", "—") where the form requires a number, 0 if none."""

    provides = ("row", "columns", "count")

    def run(self, report: Report) -> Iterable[Finding]:
        for table in _readable_tables(report):
            for row in table.rows.values():
                empty = [c for c in row.cells.values() if c.kind in (CellKind.BLANK, CellKind.PLACEHOLDER)]
                if not empty:
                    continue
                names = "、".join(c.column if c.kind is CellKind.BLANK else f"{c.column}（“{c.raw}”）" for c in empty)
                yield Finding(row.span, {"row": row.label, "columns": names, "count": len(empty)})


@check_type("invalid-cell")
class InvalidCell(Check):
    """T204: a cell that is not a valid value: text, a negative count, a fraction of a case."""

    provides = ("row", "column", "value", "problem")

    def run(self, report: Report) -> Iterable[Finding]:
        from linter.parsing.layouts import LAYOUTS

        decimals = {c for layout in LAYOUTS.values() for b in layout.disclosure for c in b.decimal}
        for table in _readable_tables(report):
            for row in table.rows.values():
                for cell in row.cells.values():
                    problem = None
                    if cell.kind is CellKind.TEXT:
                        problem = "不是数字"
                    elif cell.kind is CellKind.NUMBER and cell.column not in decimals:
                        if cell.value < 0 and cell.column not in _COUNT_COLUMNS_SIGNED:
                            problem = "件数不能为负数"
                        elif cell.value != cell.value.to_integral_value():
                            problem = "件数应为整数"
                    elif cell.kind is CellKind.NUMBER and cell.value < 0:
                        problem = "金额不能为负数"
                    if problem:
                        yield Finding(cell.span, {"row": row.label, "column": cell.column, "value": cell.raw, "problem": problem})


@check_type("layout-version")
class LayoutVersion(Check):
    """T205: the tables use the other format's layout for the report year, or mix both."""

    provides = ("problem",)
    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        expected = report.expected_layout
        if expected is None:
            return
        found = {name: spans for name, spans in report.layout_markers.items() if spans}
        names = {"2021": "2021年格式（国办公开办函〔2021〕30号）", "2019": "2019年试行格式（国办公开办函〔2019〕60号）"}
        if len(found) == 2:
            other = next(n for n in found if n != expected)
            yield Finding(found[other][0], {"problem": f"表格混用了两种格式：{report.year}年度报告应使用{names[expected]}，此处却是{names[other]}的栏目"},
                          related=tuple(Related(s, "另一种格式的栏目") for s in found[expected][:1]))
        elif found and expected not in found:
            other = next(iter(found))
            yield Finding(found[other][0], {"problem": f"{report.year}年度报告应使用{names[expected]}，表格却是{names[other]}"})


@check_type("label-wording")
class LabelWording(Check):
    """T206: a table label written close to, but not as, the standard wording."""

    provides = ("written", "standard")

    def run(self, report: Report) -> Iterable[Finding]:
        for table in report.tables.values():
            for issue in table.label_issues:
                yield Finding(issue.span, {"written": issue.written, "standard": issue.canonical},
                              fix=Fix(issue.span, issue.canonical, safe=True))
