"""Citations of the legal basis and the format document (SPEC.md §1).

Citations are searched in the compact text (whitespace and line breaks taken
out), so "〔2021〕30 号" and "国务院令第\\n\\n711号" are found; spans are mapped
back to the real text.
"""

import re
from collections.abc import Iterable
from typing import NamedTuple

from linter.checks import Check, Finding, check_type
from linter.checks.text_search import Compact, whole
from linter.diagnostics import Fix, Severity, Span
from linter.parsing.model import Report

# 〔2021〕30号 and its mis-bracketed variants; the year must be followed by a number and 号.
_DOC_NUMBER = re.compile(r"([〔\[［（(【｛{])((?:19|20)\d{2})([〕\]］）)】｝}])第?(\d{1,4})号")
_DECREE = re.compile(r"国务院令(?:第)?(\d{2,4})号")


def _text(report: Report) -> Compact:
    return whole(report)


def _anchor(report: Report) -> Span:
    """Where a missing statement is reported: the title, else the start of the file."""
    return report.title.span if report.title else Span(0, 0)


def doc_numbers(view: Compact) -> list[tuple[int, int, re.Match[str]]]:
    """(year, number, match) of every 发文字号-like citation."""
    return [(int(m.group(2)), int(m.group(4)), m) for m in _DOC_NUMBER.finditer(view.text)]


class FormatParams(NamedTuple):
    year: int = 2021  # the format document of the report's period: 〔year〕number号
    number: int = 30
    other_year: int = 2019  # the other period's format document
    other_number: int = 60


class MissingFormatParams(NamedTuple):
    year: int = 2021  # as in FormatParams
    number: int = 30
    other_year: int = 2019
    other_number: int = 60
    # Severity when the report cites another notice on the annual reports instead (a province's
    # notice relaying the format): the omission is real, but the format may well have been followed.
    relayed_severity: str = "warning"

    def validate(self) -> None:
        if self.relayed_severity not in ("error", "warning", "info"):
            raise ValueError("relayed-severity 应为 error、warning 或 info")


# A notice about the annual reports cited by its title ("《福建省人民政府办公厅关于编制公布2021年政府信息公开
# 工作年度报告有关事项的通知》"): the document through which many offices receive the national format.
# The national format notice itself, named without its number, is not such a relay.
_REPORT_NOTICE = re.compile(r"《(?!国务院办公厅)([^《》]{0,80}?年度报告[^《》]{0,40}?通知)》")


def _cites(view: Compact, year: int, number: int) -> list[re.Match[str]]:
    return [m for y, n, m in doc_numbers(view) if (y, n) == (year, number)]


@check_type("format-citation-missing")
class FormatCitationMissing(Check):
    """C401: the report cites neither its period's format document nor the other one.

    Citing another notice on the annual reports instead (a province's, relaying the format)
    is the lesser case: reported at ``relayed-severity`` (warning), naming that notice.

    通过：“……（国办公开办函〔2021〕30号）要求，现发布……”（2021 年度起）。
    不通过：前言只引用《条例》，没有引用格式通知。
    """

    Params = MissingFormatParams
    messages = {"default": ("year", "number"), "relayed": ("year", "number", "cited")}
    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        view = _text(report)
        p = self.params
        if _cites(view, p.year, p.number) or _cites(view, p.other_year, p.other_number):
            return  # the wrong document is C402's business
        if not report.sections:
            return
        notice = _REPORT_NOTICE.search(view.text)
        if notice:
            yield Finding(_anchor(report), {"year": p.year, "number": p.number, "cited": notice.group(1)},
                          variant="relayed", severity=Severity(p.relayed_severity))
        else:
            yield Finding(_anchor(report), {"year": p.year, "number": p.number})


@check_type("format-citation-wrong")
class FormatCitationWrong(Check):
    """C402: the report cites the other period's format document (and not its own).

    通过：2021 年度报告引用〔2021〕30号。
    不通过：2023 年度报告引用“国办公开办函〔2019〕60号”。
    """

    Params = FormatParams
    messages = {"default": ("year", "number", "cited_year", "cited_number")}
    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        view = _text(report)
        p = self.params
        if _cites(view, p.year, p.number):
            return
        for match in _cites(view, p.other_year, p.other_number):
            yield Finding(view.span(match.start(), match.end()),
                          {"year": p.year, "number": p.number, "cited_year": p.other_year, "cited_number": p.other_number})


@check_type("doc-number-brackets")
class DocNumberBrackets(Check):
    """C403: a 发文字号 whose year is not in 六角括号 〔〕 (GB/T 9704); safe fix: replace the brackets.

    通过：国办公开办函〔2021〕30号。
    不通过：国办公开办函[2021]30号、国办公开办函（2021）30号、国办公开办函【2021】30号。
    """

    messages = {"default": ("written", "year", "number")}

    def run(self, report: Report) -> Iterable[Finding]:
        text = report.source.text
        view = _text(report)
        for match in _DOC_NUMBER.finditer(view.text):
            if match.group(1) == "〔" and match.group(3) == "〕":
                continue
            # A 发文字号 has an issuer abbreviation (国办公开办函, 宁政发 …) right before the year.
            if match.start() == 0 or not re.match(r"[\u4e00-\u9fff]", view.text[match.start() - 1]):
                continue
            open_at = view.offset(match.start(1))
            close_at = view.offset(match.start(3))
            inner = text[open_at + 1:close_at]
            span = Span(open_at, close_at + 1)
            correct = f"〔{inner}〕"
            yield Finding(view.span(match.start(), match.end()),
                          {"written": view.text[match.start():match.end()],
                           "year": match.group(2), "number": match.group(4)},
                          fix=Fix(span, correct, safe=True))


class DecreeParams(NamedTuple):
    outdated: int = 492  # 国务院令第492号 (2007), superseded by
    current: int = 711  # 国务院令第711号 (2019)


@check_type("regulation-outdated")
class RegulationOutdated(Check):
    """C404: the report cites the superseded 条例 (国务院令第492号) and not the revised one (第711号).

    通过：《中华人民共和国政府信息公开条例》（国务院令第711号）。
    不通过：《中华人民共和国政府信息公开条例》（国务院令第492号）。
    """

    Params = DecreeParams
    messages = {"default": ("cited", "current")}
    needs_year = True

    def run(self, report: Report) -> Iterable[Finding]:
        if report.year is not None and report.year < 2019:
            return
        view = _text(report)
        decrees = [(int(m.group(1)), m) for m in _DECREE.finditer(view.text)]
        if any(n == self.params.current for n, _ in decrees):
            return  # 492号 next to 711号 is history, not the basis
        for number, match in decrees:
            if number == self.params.outdated:
                yield Finding(view.span(match.start(), match.end()),
                              {"cited": number, "current": self.params.current})
