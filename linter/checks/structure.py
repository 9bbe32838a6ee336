"""Structure checks: is this a report, are the six sections there, in order, named right."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from linter.checks import Check, Finding, check_type
from linter.diagnostics import Fix, Span
from linter.parsing.labels import normalize
from linter.parsing.model import Report
from linter.parsing.structure import CANONICAL_TITLES

_NUMERALS = "一二三四五六"


@check_type("not-a-report")
class NotAReport(Check):
    """R003: the text has none of the six statutory sections."""

    provides = ("reason",)

    def run(self, report: Report) -> Iterable[Finding]:
        if report.sections:
            return
        text = report.source.text
        first_end = text.find("\n")
        span = Span(0, first_end if first_end >= 0 else len(text))
        if not text.strip():
            reason = "文件为空"
        elif report.title is not None:
            reason = "有标题但没有任何一个规定部分（一、总体情况 … 六、其他需要报告的事项）"
        else:
            reason = "没有标题，也没有任何一个规定部分（一、总体情况 … 六、其他需要报告的事项）"
        yield Finding(span, {"reason": reason})


@check_type("missing-section")
class MissingSection(Check):
    """S101: a statutory section is absent; reported where it should have started."""

    provides = ("number", "title")

    def run(self, report: Report) -> Iterable[Finding]:
        if not report.sections:
            return  # R003 says it all
        present = {s.key for s in report.sections}
        for key, title in CANONICAL_TITLES.items():
            if key in present:
                continue
            following = [s for s in report.sections if s.key and s.key > key]
            if following:
                anchor = following[0].heading.span
                span = Span(anchor.start, anchor.start)
            else:
                end = report.sections[-1].span.end
                span = Span(end, end)
            yield Finding(span, {"number": _NUMERALS[key - 1], "title": title})


@check_type("section-order")
class SectionOrder(Check):
    """S102: sections out of order, repeated, numbered wrongly, or numbering restarted."""

    provides = ("problem",)

    def run(self, report: Report) -> Iterable[Finding]:
        seen: set[int] = set()
        highest = 0
        for section in report.sections:
            key = section.key
            if key is None:
                continue
            span = section.heading.span
            if key in seen:
                yield Finding(span, {"problem": f"“{CANONICAL_TITLES[key]}”重复出现"})
            elif key < highest:
                yield Finding(span, {"problem": f"“{CANONICAL_TITLES[key]}”（第{_NUMERALS[key - 1]}部分）出现在第{_NUMERALS[highest - 1]}部分之后，顺序颠倒"})
            elif section.number != key:
                written = _NUMERALS[section.number - 1] if section.number and section.number <= 6 else str(section.number)
                yield Finding(span, {"problem": f"“{CANONICAL_TITLES[key]}”应编号为“{_NUMERALS[key - 1]}、”，写成了“{written}、”"})
            seen.add(key)
            highest = max(highest, key)
        for heading in report.restarted_headings:
            yield Finding(heading.span, {"problem": "部分内的小标题重新使用了“一、二、……”编号，应使用“（一）（二）……”"})


@check_type("section-title")
class SectionTitle(Check):
    """S103: heading wording differs from the standard wording (variants and misspellings)."""

    provides = ("written", "standard")

    def run(self, report: Report) -> Iterable[Finding]:
        for section in report.sections:
            if section.key is None:
                continue
            standard = CANONICAL_TITLES[section.key]
            if normalize(section.title) == normalize(standard):
                continue
            yield Finding(section.title_span, {"written": section.title, "standard": standard},
                          fix=Fix(section.title_span, standard, safe=True))


@dataclass(frozen=True)
class AspectParams:
    aspects: dict[str, str]  # aspect name -> regex that shows it is covered


@check_type("overview-aspect")
class OverviewAspect(Check):
    """S104: 总体情况 does not cover one of the five aspects of the 2021 format."""

    Params = AspectParams
    provides = ("aspect",)

    def run(self, report: Report) -> Iterable[Finding]:
        overview = report.section(1)
        if overview is None or not overview.body_lines:
            return
        text = "\n".join(line.text for line in overview.lines)
        for aspect, pattern in self.params.aspects.items():
            if not re.search(pattern, text):
                yield Finding(overview.title_span, {"aspect": aspect})


@dataclass(frozen=True)
class OversightParams:
    pattern: str


@check_type("government-oversight")
class GovernmentOversight(Check):
    """S105: a 人民政府's own report says nothing of 工作考核、社会评议和责任追究."""

    Params = OversightParams

    def run(self, report: Report) -> Iterable[Finding]:
        if not report.is_government:
            return
        overview = report.section(1)
        text = "\n".join(line.text for line in report.lines)
        if re.search(self.params.pattern, text):
            return
        anchor = overview.title_span if overview else (report.title.span if report.title else Span(0, 0))
        yield Finding(anchor)


@check_type("empty-section")
class EmptySection(Check):
    """S106: a section heading with nothing under it."""

    provides = ("title",)

    def run(self, report: Report) -> Iterable[Finding]:
        for section in report.sections:
            if section.key is not None and not section.body_lines:
                yield Finding(section.heading.span, {"title": CANONICAL_TITLES[section.key]})
