"""Checks about the input itself rather than its content."""

from __future__ import annotations

from collections.abc import Iterable

from linter.checks import Check, Finding, check_type
from linter.diagnostics import Span
from linter.parsing.model import Report


@check_type("year-unknown")
class YearUnknown(Check):
    """D603: no year in the title and none given with --year."""

    def run(self, report: Report) -> Iterable[Finding]:
        if report.year is None and report.sections:
            span = report.title.span if report.title else Span(0, 0)
            yield Finding(span)
