"""From a :class:`~linter.source.Source` to a :class:`~linter.parsing.model.Report`.

``grammar`` runs the Lark parser over the text and yields typed lines;
``structure`` groups them into title, preamble and sections and finds the report
year; ``tables`` reads the three statutory tables as grids keyed by the canonical
labels of ``layouts``.  :func:`parse_report` runs all three.
"""

from __future__ import annotations

from linter.parsing.model import Report
from linter.source import Source


def parse_report(source: Source, year: int | None = None, expected_layout: str | None = None) -> Report:
    from linter.parsing.structure import build_report
    from linter.parsing.tables import read_tables

    report = build_report(source, year_override=year)
    read_tables(report, expected_layout)
    return report
