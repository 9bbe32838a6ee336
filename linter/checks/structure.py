"""Structure checks: is this a report, are the six sections there, in order, named right."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from linter.checks import Check, Finding, check_type
from linter.diagnostics import Fix, Span
from linter.form import SECTION_BY_KEY, SECTIONS, numeral
from linter.parsing.labels import normalize
from linter.parsing.model import Report


@check_type("not-a-report")
class NotAReport(Check):
    """R003: the text has none of the six statutory sections."""

    messages = {"empty": (), "titled": (), "untitled": ()}

    def run(self, report: Report) -> Iterable[Finding]:
        if report.sections or report.uncertain_sections:
            return  # headings that could not be read are R005's business
        text = report.source.text
        first_end = text.find("\n")
        span = Span(0, first_end if first_end >= 0 else len(text))
        if not text.strip():
            yield Finding(span, variant="empty")
        else:
            yield Finding(span, variant="titled" if report.title is not None else "untitled")


@check_type("missing-section")
class MissingSection(Check):
    """S101: a statutory section is absent; reported where it should have started."""

    messages = {"default": ("number", "title")}

    def run(self, report: Report) -> Iterable[Finding]:
        if not report.sections:
            return  # R003 or R005 says it all
        present = {s.key for s in report.sections} | {u.key for u in report.uncertain_sections}
        for section_def in SECTIONS:
            key = section_def.key
            if key in present:
                continue
            following = [s for s in report.sections if s.key and s.key > key]
            if following:
                anchor = following[0].heading.span
                span = Span(anchor.start, anchor.start)
            else:
                end = report.sections[-1].span.end
                span = Span(end, end)
            yield Finding(span, {"number": section_def.numeral, "title": section_def.title})


@check_type("unreadable-structure")
class UnreadableStructure(Check):
    """R005: a section is not found as a heading, yet text like its heading is there.

    The section is then not reported missing (S101): the reader says it could not
    follow the structure instead of claiming something is absent.
    """

    messages = {"heading-in-text": ("number", "title", "written")}

    def run(self, report: Report) -> Iterable[Finding]:
        for uncertain in report.uncertain_sections:
            section_def = SECTION_BY_KEY[uncertain.key]
            yield Finding(uncertain.span, {"number": section_def.numeral, "title": section_def.title,
                                           "written": uncertain.written}, variant="heading-in-text")


@check_type("section-order")
class SectionOrder(Check):
    """S102: sections out of order, repeated, numbered wrongly, or numbering restarted."""

    messages = {
        "repeated": ("title",),
        "reversed": ("title", "number", "after"),
        "misnumbered": ("title", "number", "written"),
        "restarted": (),
    }

    def run(self, report: Report) -> Iterable[Finding]:
        seen: set[int] = set()
        highest = 0
        for section in report.sections:
            key = section.key
            if key is None:
                continue
            span = section.heading.span
            title = SECTION_BY_KEY[key].title
            if key in seen:
                yield Finding(span, {"title": title}, variant="repeated")
            elif key < highest:
                yield Finding(span, {"title": title, "number": numeral(key), "after": numeral(highest)},
                              variant="reversed")
            elif section.number != key:
                yield Finding(span, {"title": title, "number": numeral(key), "written": numeral(section.number or 0)},
                              variant="misnumbered")
            seen.add(key)
            highest = max(highest, key)
        for heading in report.restarted_headings:
            yield Finding(heading.span, variant="restarted")


@check_type("section-title")
class SectionTitle(Check):
    """S103: heading wording differs from the standard wording (variants and misspellings)."""

    messages = {"default": ("written", "standard")}

    def run(self, report: Report) -> Iterable[Finding]:
        for section in report.sections:
            if section.key is None:
                continue
            standard = SECTION_BY_KEY[section.key].title
            if normalize(section.title) in {normalize(t) for t in SECTION_BY_KEY[section.key].standard_titles}:
                continue
            yield Finding(section.title_span, {"written": section.title, "standard": standard},
                          fix=Fix(section.title_span, standard, safe=True))


class AspectParams(NamedTuple):
    aspects: dict[str, str]  # aspect name -> regex that shows it is covered


@check_type("overview-aspect")
class OverviewAspect(Check):
    """S104: 总体情况 does not cover one of the five aspects of the 2021 format."""

    Params = AspectParams
    messages = {"default": ("aspect",)}

    def run(self, report: Report) -> Iterable[Finding]:
        overview = report.section(1)
        if overview is None or not overview.body_lines:
            return
        text = "\n".join(line.text for line in overview.lines)
        for aspect, pattern in self.params.aspects.items():
            if not re.search(pattern, text):
                yield Finding(overview.title_span, {"aspect": aspect})


class OversightParams(NamedTuple):
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

    messages = {"default": ("title",)}

    def run(self, report: Report) -> Iterable[Finding]:
        for section in report.sections:
            if section.key is not None and not section.body_lines:
                yield Finding(section.heading.span, {"title": SECTION_BY_KEY[section.key].title})
