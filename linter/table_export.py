"""``nianbao-lint tables``: the three tables as the linter read them.

What supervisors aggregate across reports, and how a user checks what the
linter understood.  Cells are printed as written: a number, "" for blank, "/".
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from typing import Any, TextIO

from linter.engine import parse
from linter.form import TABLES
from linter.lint_options import LintOptions
from linter.packs import Pack
from linter.parsing.model import Report, Table
from linter.source import Source, display_width


def export(sources: Sequence[Source], year: int | None, fmt: str, out: TextIO) -> None:
    """The tables of every source, in one CSV, one JSON list (one object per file) or text blocks."""
    parsed = [parse(source, LintOptions(year=year)) for source in sources]
    if fmt == "json":
        data = [_json(report, pack) for report, pack in parsed]
        json.dump(data[0] if len(data) == 1 else data, out, ensure_ascii=False, indent=2)
        out.write("\n")
    elif fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["path", "year", "table", "row_key", "row", "column", "value", "kind"])
        for report, _ in parsed:
            _csv(report, writer)
    else:
        for index, (report, pack) in enumerate(parsed):
            if index:
                out.write("\n")
            _text(report, pack, out)


def _reasons(table: Table, pack: Pack) -> list[str]:
    """Why the table could not be read, worded as R002 words it."""
    rule = pack.rules["R002"]
    return [rule.format(p.reason, {"table": TABLES[table.kind].name, **p.args}) for p in table.unreadable]


def _table_dict(table: Table, pack: Pack) -> dict:
    return {
        "title": TABLES[table.kind].name,
        "layout": table.layout,
        "readable": table.readable,
        "columns": list(table.columns) or None,
        "rows": [{"key": row.key, "label": row.label,
                  "cells": {name: cell.raw for name, cell in row.cells.items()}} for row in table.rows.values()],
        "missing": table.missing,
        "unreadable": _reasons(table, pack),
    }


def _json(report: Report, pack: Pack) -> dict:
    return {"path": report.source.path, "year": report.year, "layout": report.layout,
            "tables": {kind.value: _table_dict(table, pack) for kind, table in report.tables.items()}}


def _csv(report: Report, writer: Any) -> None:
    for kind, table in report.tables.items():
        for row in table.rows.values():
            for name, cell in row.cells.items():
                writer.writerow([report.source.path, report.year or "", kind, row.key, row.label, name, cell.raw,
                                 cell.kind.value])


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - display_width(text))


def _text(report: Report, pack: Pack, out: TextIO) -> None:
    out.write(f"{report.source.path}：{report.year or '年度未知'}年度，表格格式 {report.layout}\n")
    for table in report.tables.values():
        out.write(f"\n{TABLES[table.kind].name}{'' if table.readable else '（无法可靠读取）'}\n")
        rows = list(table.rows.values())
        if not rows:
            out.write("  （没有读出数据行）\n")
        labels = [row.label for row in rows]
        label_width = max((display_width(label) for label in labels), default=0)
        for row in rows:
            cells = "  ".join(f"{name}={cell.raw or '空白'}" for name, cell in row.cells.items())
            out.write(f"  {_pad(row.label, label_width)}  {cells}\n")
        for label in table.missing:
            out.write(f"  缺少：{label}\n")
        for reason in _reasons(table, pack):
            out.write(f"  {reason}\n")
