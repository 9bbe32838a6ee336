"""Dates: the 统计期限 statement and the date at the foot (SPEC.md §7).

Title year, period year and foot date are compared, never reconciled: a
disagreement is reported with both values in the message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from linter.checks import Check, Finding, check_type
from linter.checks.text_search import prose
from linter.diagnostics import Severity, Span
from linter.form import cn_number
from linter.parsing.model import Report

_RANGE = (r"(\d{4})年(\d{1,2})月(\d{1,2})日(?:起)?[，,]?(?:至|到|—|－|-|~|～)(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日")
# A range counts as the 统计期限 when 统计/数据 precedes it closely.
_PERIOD = re.compile(r"(?:统计|数据)[^。；;]{0,16}?" + _RANGE)
_FOOT_DATE = re.compile(r"^[ \u3000*#]*(\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
                        r"\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*日[ \u3000*]*$")


def period(report: Report) -> tuple[Span, date, date] | None:
    """The first 统计期限 statement: its span and the dates it names."""
    view = prose(report)
    match = _PERIOD.search(view.text)
    if not match:
        return None
    y1, m1, d1, y2, m2, d2 = match.groups()
    try:
        start = date(int(y1), int(m1), int(d1))
        end = date(int(y2 or y1), int(m2), int(d2))
    except ValueError:
        return None
    return view.span(match.start(1), match.end()), start, end


@check_type("period-missing")
class PeriodMissing(Check):
    """D601: the report states no 统计期限 (“统计期限自YYYY年1月1日至YYYY年12月31日”)."""

    def run(self, report: Report) -> Iterable[Finding]:
        if report.sections and period(report) is None:
            yield Finding(report.title.span if report.title else Span(0, 0))


def _fmt(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@check_type("period-mismatch")
class PeriodMismatch(Check):
    """D602: the 统计期限 is not 1月1日–12月31日 of the report year."""

    messages = {"default": ("start", "end", "year")}
    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        found = period(report)
        year = report.year  # known whenever the engine runs a check that needs_year
        if found is None or year is None:
            return
        span, start, end = found
        if (start, end) != (date(year, 1, 1), date(year, 12, 31)):
            yield Finding(span, {"start": _fmt(start), "end": _fmt(end), "year": year})


# The foot of a web page copied as text, all on the last line: "…已公开。 某某局 2024年1月18日 【打印本页】".
# The date follows the last sentence, after at most the agency's name, and only page chrome follows it.
_GLUED_FOOT = re.compile(r"。[^。\n]{0,40}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日"
                         r"(?=(?:[\s\u3000]|【[^】\n]{0,8}】)*$)")


def foot_date(report: Report) -> tuple[Span, date] | None:
    """A bare date among the last three non-empty lines, or glued at the end of the last one."""
    tail = [line for line in report.lines if line.stripped][-3:]
    for line in reversed(tail):
        match = _FOOT_DATE.match(line.text) or (line is tail[-1] and _GLUED_FOOT.search(line.text))
        if match:
            try:
                day = date(*(cn_number(g) or 0 for g in match.groups()))
            except ValueError:
                return None
            start = line.span.start + match.start(1)
            return Span(start, line.span.start + match.end(3) + 1), day
    return None


class WindowParams(NamedTuple):
    # Severity for a department's report dated 2月1日–3月31日: its deadline (1月31日)
    # has passed, but whether the agency is a department is read from the title only.
    department_late_severity: str = "warning"

    def validate(self) -> None:
        if self.department_late_severity not in ("error", "warning", "info"):
            raise ValueError("department-late-severity 应为 error、warning 或 info")


@check_type("foot-date")
class FootDate(Check):
    """D604: the date at the foot is outside the publication window of art. 49."""

    Params = WindowParams
    messages = {variant: ("date", "year", "next") for variant in ("outside-department", "outside-government", "department-late")}
    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        found = foot_date(report)
        year = report.year  # known whenever the engine runs a check that needs_year
        if found is None or year is None:
            return
        span, day = found
        following = year + 1
        args = {"date": _fmt(day), "year": year, "next": following}
        if not date(following, 1, 1) <= day <= date(following, 3, 31):
            yield Finding(span, args, variant="outside-government" if report.is_government else "outside-department")
        elif not report.is_government and day > date(following, 1, 31):
            yield Finding(span, args, variant="department-late",
                          severity=Severity(self.params.department_late_severity))
