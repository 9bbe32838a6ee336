"""Check types whose findings are raised after linting, not by walking one report.

T305 compares two reports (this year's 上年结转 with last year's 结转下年度), so
:mod:`linter.crossyear` raises it once the whole set of files has been read; the
suppression bookkeeping codes (R010–R012) are raised by :mod:`linter.suppressions`.
The classes exist so that the packs can declare code, severity and wording for
them like for every other rule; their ``run`` finds nothing in a single report.
"""

from __future__ import annotations

from typing import Iterable

from linter.checks import Check, Finding, check_type
from linter.parsing.model import Report


class _Raised(Check):
    def run(self, report: Report) -> Iterable[Finding]:
        return ()


@check_type("carry-over")
class CarryOver(_Raised):
    """T305: 二、上年结转 differs from last year's 四、结转下年度继续办理."""

    provides = ("column", "carried", "forward", "last_year", "last_file")


@check_type("unused-suppression")
class UnusedSuppression(_Raised):
    """R010: an inline suppression or waiver that matched no finding."""

    provides = ("codes", "kind")


@check_type("suppression-reason")
class SuppressionReason(_Raised):
    """R011: an inline suppression without a reason."""

    provides = ("codes",)


@check_type("suppression-forbidden")
class SuppressionForbidden(_Raised):
    """R012: inline suppressions are switched off by configuration."""

    provides = ("codes", "config")
