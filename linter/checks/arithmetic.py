"""Arithmetic checks over the tables under 三 and 四 (SPEC.md §5).

Blank is not zero.  A sum with a blank or placeholder among its parts is not
checked (T203 reports the blank); a blank result next to parts that add up to
more than zero is a broken total and is reported here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

from linter.checks import Check, Finding, Pointer, check_type
from linter.form import APPLICANT_COLUMNS, APPLICANT_PARTS, REVIEW_GROUPS, REVIEW_RESULTS, TableKind
from linter.parsing.model import Cell, CellKind, Report, Table


def _numbers(cells: Sequence[Cell | None]) -> list[Decimal] | None:
    """The values of ``cells``, or None when any of them is absent or not a number."""
    numbers = []
    for cell in cells:
        number = cell.number if cell is not None else None
        if number is None:
            return None
        numbers.append(number)
    return numbers


def _sum(cells: Sequence[Cell | None]) -> Decimal | None:
    numbers = _numbers(cells)
    return None if numbers is None else sum(numbers, Decimal(0))


def fmt(value: Decimal) -> str:
    """A table value as written: 14, 0.35 (never 1.4E+1)."""
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def _total_finding(total: Cell, expected: Decimal, args: dict, related: tuple[Pointer, ...] = ()) -> Finding:
    """A wrong 总计: the number written, or the blank left where the parts add up to more than 0."""
    written = total.number
    if written is not None:
        return Finding(total.span, {**args, "total": fmt(written), "sum": fmt(expected)}, related=related)
    return Finding(total.span, {**args, "written": total.raw, "sum": fmt(expected)}, variant="blank", related=related)


def _mismatch(result: Cell | None, expected: Decimal | None) -> bool:
    """True when ``result`` contradicts parts that sum to ``expected``."""
    if result is None or expected is None:
        return False
    if result.kind is CellKind.NUMBER:
        return result.value != expected
    return result.kind in (CellKind.BLANK, CellKind.PLACEHOLDER) and expected != 0


def _applications(report: Report) -> Table | None:
    table = report.tables.get(TableKind.APPLICATIONS)
    return table if table is not None and table.readable else None


@check_type("row-total")
class RowTotal(Check):
    """T301: in the table under 三, 总计 ≠ the six applicant columns of the same row."""

    messages = {"default": ("row", "total", "sum"), "blank": ("row", "written", "sum")}
    related_roles = ("row-label",)

    def run(self, report: Report) -> Iterable[Finding]:
        table = _applications(report)
        if table is None:
            return
        for row in table.rows.values():
            total = row.cells.get("总计")
            parts = _sum([row.cells.get(c) for c in APPLICANT_PARTS])
            if total is not None and parts is not None and _mismatch(total, parts):
                yield _total_finding(total, parts, {"row": row.label}, (Pointer(row.span, "row-label"),))


@check_type("outcome-total")
class OutcomeTotal(Check):
    """T302: （七）总计 ≠ the sum of all outcome rows (（一）…（六）), per column."""

    messages = {"default": ("column", "total", "sum"), "blank": ("column", "written", "sum")}

    def run(self, report: Report) -> Iterable[Finding]:
        table = _applications(report)
        if table is None or "total" not in table.rows or table.missing:
            return  # with a row missing (T202) the sum would be incomplete, not wrong
        outcome_rows = [row for key, row in table.rows.items() if key not in ("new", "carried", "total", "forward")]
        for column in APPLICANT_COLUMNS:
            total = table.rows["total"].cells.get(column)
            parts = _sum([row.cells.get(column) for row in outcome_rows])
            if total is not None and parts is not None and _mismatch(total, parts):
                yield _total_finding(total, parts, {"column": column})


@check_type("balance")
class Balance(Check):
    """T303: 一 + 二 ≠ （七）总计 + 四, per column (the 勾稽关系 printed in the form)."""

    messages = {"default": ("column", "incoming", "new", "carried", "outgoing", "total", "forward")}
    related_roles = ("new", "carried", "total")

    def run(self, report: Report) -> Iterable[Finding]:
        table = _applications(report)
        if table is None or not all(k in table.rows for k in ("new", "carried", "total", "forward")):
            return
        rows = table.rows
        for column in APPLICANT_COLUMNS:
            keys = ("new", "carried", "total", "forward")
            cells = [cell for k in keys if (cell := rows[k].cells.get(column)) is not None]
            values = _numbers(cells)
            if len(cells) < len(keys) or values is None:
                continue
            new, carried, total, forward = values
            if new + carried != total + forward:
                yield Finding(
                    cells[3].span,
                    {"column": column, "incoming": fmt(new + carried), "new": fmt(new), "carried": fmt(carried),
                     "outgoing": fmt(total + forward), "total": fmt(total), "forward": fmt(forward)},
                    related=tuple(Pointer(c.span, role) for c, role in zip(cells[:3], ("new", "carried", "total"))),
                )


@check_type("review-litigation-total")
class ReviewTotal(Check):
    """T304: in the table under 四, each group's 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结."""

    messages = {"default": ("group", "total", "sum"), "blank": ("group", "written", "sum")}

    def run(self, report: Report) -> Iterable[Finding]:
        table = report.tables.get(TableKind.REVIEW)
        if table is None or not table.readable or "data" not in table.rows:
            return
        cells = table.rows["data"].cells
        for group in REVIEW_GROUPS:
            total = cells.get(f"{group}·总计")
            parts = _sum([cells.get(f"{group}·{result}") for result in REVIEW_RESULTS[:-1]])
            if total is not None and parts is not None and _mismatch(total, parts):
                yield _total_finding(total, parts, {"group": group})
