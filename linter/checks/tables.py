"""Table checks: present, complete, filled in, the right layout, the right labels, readable."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from linter.checks import Check, Finding, Pointer, check_type
from linter.diagnostics import Fix, Span
from linter.form import LAYOUTS, TABLES, column_kind
from linter.parsing.model import CellKind, Report, Table


def _readable_tables(report: Report) -> Iterable[Table]:
    return (table for table in report.tables.values() if table.readable)


@check_type("unreadable-table")
class UnreadableTable(Check):
    """R002: values that cannot be placed in the grid with confidence (one finding per table)."""

    messages = {
        "row-values": ("table", "row"),
        "value-count": ("table", "row", "count", "width"),
        "unknown-label": ("table", "label"),
        "no-label": ("table",),
        "review-count": ("table", "count", "width"),
        "run-together": ("table",),
        "no-blocks": ("table",),
    }

    def run(self, report: Report) -> Iterable[Finding]:
        for table in report.tables.values():
            if table.unreadable:  # once per table, with the first reason: never a cascade
                problem = table.unreadable[0]
                yield Finding(problem.span, {"table": TABLES[table.kind].name, **problem.args}, variant=problem.reason)


@check_type("missing-table")
class MissingTable(Check):
    """T201: the section is there but its statutory table is not."""

    messages = {"default": ("table",)}

    def run(self, report: Report) -> Iterable[Finding]:
        for kind, table_def in TABLES.items():
            section = report.section(table_def.section)
            if section is not None and kind not in report.tables:
                yield Finding(section.heading.span, {"table": table_def.name})


@check_type("missing-row")
class MissingRow(Check):
    """T202: a canonical row, block or column is not in a table that could be read."""

    messages = {"default": ("table", "row")}

    def run(self, report: Report) -> Iterable[Finding]:
        for table in _readable_tables(report):  # in a table that could not be read, R002 says it all
            for label in table.missing:
                yield Finding(Span(table.span.start, table.span.start), {"table": TABLES[table.kind].name, "row": label})


@check_type("blank-cell")
class BlankCell(Check):
    """T203: cells left blank (or filled with "/", "—") where the form requires a number, 0 if none."""

    messages = {"default": ("row", "columns", "count")}

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

    messages = {variant: ("row", "column", "value")
                for variant in ("not-a-number", "negative-count", "fractional-count", "negative-amount")}

    def run(self, report: Report) -> Iterable[Finding]:
        for table in _readable_tables(report):
            layout = LAYOUTS[table.layout]
            for row in table.rows.values():
                for cell in row.cells.values():
                    variant = None
                    number = cell.number  # the value of a number cell, None for any other kind
                    if cell.kind is CellKind.TEXT:
                        variant = "not-a-number"
                    elif number is not None and (number < 0 or number != number.to_integral_value()):
                        # Only a negative or fractional number depends on what its column holds.
                        variant = _number_variant(number, column_kind(layout, row.key, cell.column))
                    if variant:
                        yield Finding(cell.span, {"row": row.label, "column": cell.column, "value": cell.raw},
                                      variant=variant)


def _number_variant(number: Decimal, kind: str) -> str | None:
    """What is wrong with a negative or fractional number in a column of ``kind``."""
    if kind == "decimal":
        return "negative-amount" if number < 0 else None
    if number < 0 and kind != "signed":
        return "negative-count"
    if number != number.to_integral_value():
        return "fractional-count"
    return None


@check_type("layout-version")
class LayoutVersion(Check):
    """T205: the tables use the other format's layout for the report year, or mix both."""

    messages = {"mixed": ("year", "expected", "found"), "other": ("year", "expected", "found")}
    related_roles = ("expected-layout",)
    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        expected = report.expected_layout
        if expected is None:
            return
        found = {name: spans for name, spans in report.layout_markers.items() if spans}
        other = next((name for name in found if name != expected), None)
        if other is None:
            return
        args = {"year": report.year, "expected": LAYOUTS[expected].title, "found": LAYOUTS[other].title}
        if expected in found:
            yield Finding(found[other][0], args, variant="mixed",
                          related=tuple(Pointer(s, "expected-layout") for s in found[expected][:1]))
        else:
            yield Finding(found[other][0], args, variant="other")


@check_type("label-wording")
class LabelWording(Check):
    """T206: a table label written close to, but not as, the standard wording."""

    messages = {"default": ("written", "standard")}

    def run(self, report: Report) -> Iterable[Finding]:
        for table in report.tables.values():
            for issue in table.label_issues:
                yield Finding(issue.span, {"written": issue.written, "standard": issue.canonical},
                              fix=Fix(issue.span, issue.canonical, safe=True))
