"""T305: this year's 上年结转 must equal last year's 结转下年度继续办理, per column.

Runs over the whole set of linted files: reports are grouped by agency (the title
without its year, normalized), and for each report whose agency also has a report
for the year before, the applications tables are compared column by column — only
when both tables were read with confidence.  The finding sits on this year's
上年结转 row and names both numbers and last year's file.
"""

from __future__ import annotations

import re
from typing import Sequence

from linter.form import APPLICANT_COLUMNS
from linter.results import FileResult

_TITLE_NOISE = re.compile(r"[#\s\u3000]|\d{4}\s*年度?|政府信息公开工作年度报告|政府信息公开年度报告|[（）()《》“”\"'·.,，。:：]")


def agency(title: str) -> str:
    return _TITLE_NOISE.sub("", title)


def check(results: Sequence[FileResult], selects=lambda result, code: True) -> None:
    """Add T305 findings to ``results`` in place."""
    from linter.engine import raised
    from linter.packs import builtin_pack

    candidates = [r for r in results if r.report is not None and r.year is not None]
    if len(candidates) < 2:
        return
    by_key: dict[tuple[str, int], tuple[FileResult, object]] = {}
    for result in candidates:
        report = result.report
        if report.title is None:
            continue
        name = agency(report.title.text)
        if name:
            by_key.setdefault((name, result.year), (result, report))
    for (name, year), (result, report) in by_key.items():
        previous = by_key.get((name, year - 1))
        if previous is None or not selects(result, "T305"):
            continue
        last_result, last_report = previous
        this_table, last_table = report.tables.get("applications"), last_report.tables.get("applications")
        if this_table is None or last_table is None or not this_table.readable or not last_table.readable:
            continue
        carried, forward = this_table.rows.get("carried"), last_table.rows.get("forward")
        if carried is None or forward is None:
            continue
        for column in APPLICANT_COLUMNS:
            this_cell, last_cell = carried.cells.get(column), forward.cells.get(column)
            if this_cell is None or last_cell is None:
                continue
            this_value, last_value = this_cell.number or 0, last_cell.number or 0
            if this_cell.number is None and last_cell.number is None:
                continue
            if this_value != last_value:
                result.diagnostics.append(raised(
                    result.pack or builtin_pack("base"), "T305", this_cell.span, column=column, carried=this_cell.raw or "空白",
                    forward=last_cell.raw or "空白", last_year=year - 1, last_file=last_result.path))
        result.diagnostics.sort(key=lambda d: (d.span.start, d.code))
