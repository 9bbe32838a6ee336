"""T305: this year's 上年结转 must equal last year's 结转下年度继续办理, per column.

A project check: it needs every file of the run.  Each file's processing leaves a small
:class:`CarrySummary` (the agency, the year, the two rows' cells as written), so that a
batch of thousands of reports keeps a few hundred bytes per file, not the parsed report.
:func:`carry_over` pairs reports by agency (the title without its year, normalized) and,
for each report whose agency also has one for the year before — both tables read with
confidence — compares the rows column by column.  The finding sits on this year's
上年结转 cell and names both numbers and last year's file; the file is then processed
again with it, so that suppressions, waivers, selection and the baseline treat it like
every other finding.
"""

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from linter.checks import Finding
from linter.diagnostics import Span
from linter.form import APPLICANT_COLUMNS, TableKind
from linter.parsing.model import CellKind, Report

CODE = "T305"
_TITLE_NOISE = re.compile(r"[#\s\u3000]|\d{4}\s*年度?|政府信息公开工作年度报告|政府信息公开年度报告|[（）()《》“”\"'·.,，。:：]")


def agency(title: str) -> str:
    return _TITLE_NOISE.sub("", title)


class CarryCell(NamedTuple):
    """A cell the cross-year check compares (a tuple: read back from the cache for every file of a run)."""

    raw: str
    value: str | None  # the number as written (Decimal text), None for a blank or a placeholder
    span: tuple[int, int]


class CarrySummary(NamedTuple):
    """What the cross-year check needs of one report."""

    agency: str
    year: int
    carried: dict[str, CarryCell]  # 二、上年结转, per applicant column
    forward: dict[str, CarryCell]  # 四、结转下年度继续办理


def summarize(report: Report | None) -> CarrySummary | None:
    """The summary of a report whose applications table was read with confidence, else None."""
    if report is None or report.year is None or report.title is None:
        return None
    name = agency(report.title.text)
    table = report.tables.get(TableKind.APPLICATIONS)
    if not name or table is None or not table.readable:
        return None

    def cells(key: str) -> dict[str, CarryCell]:
        row = table.rows.get(key)
        if row is None:
            return {}
        return {column: CarryCell(cell.raw, str(cell.value) if cell.kind is CellKind.NUMBER else None,
                                  (cell.span.start, cell.span.end))
                for column, cell in row.cells.items() if column in APPLICANT_COLUMNS}

    return CarrySummary(name, report.year, cells("carried"), cells("forward"))


def carry_over(paths: Sequence[str], summaries: Sequence[CarrySummary | None]) -> dict[int, list[Finding]]:
    """T305 findings by the index of the file they belong to (this year's report)."""
    by_key: dict[tuple[str, int], int] = {}
    for index, summary in enumerate(summaries):
        if summary is not None:
            by_key.setdefault((summary.agency, summary.year), index)
    found: dict[int, list[Finding]] = {}
    for (name, year), index in by_key.items():
        last = by_key.get((name, year - 1))
        if last is None:
            continue
        this, previous = summaries[index], summaries[last]
        assert this is not None and previous is not None
        for column in APPLICANT_COLUMNS:
            carried, forward = this.carried.get(column), previous.forward.get(column)
            if carried is None or forward is None or (carried.value is None and forward.value is None):
                continue
            if Decimal(carried.value or 0) != Decimal(forward.value or 0):
                found.setdefault(index, []).append(Finding(Span(*carried.span), {
                    "column": column, "carried": carried.raw or "空白", "forward": forward.raw or "空白",
                    "last_year": year - 1, "last_file": paths[last]}))
    return found
