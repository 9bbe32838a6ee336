"""Group the grammar's lines into title, preamble and the six sections.

A heading's statutory section is recognised by its key words, not by its
numeral: a report that numbers 存在的主要问题 as "六、" still has a section 五,
written out of order — which is exactly what the structure rules must report.
"""

from __future__ import annotations

import re

from linter.diagnostics import Span
from linter.parsing.grammar import parse_lines
from linter.parsing.labels import cn_number
from linter.parsing.model import Line, Report, Section
from linter.source import Source

CANONICAL_TITLES = {
    1: "总体情况",
    2: "主动公开政府信息情况",
    3: "收到和处理政府信息公开申请情况",
    4: "政府信息公开行政复议、行政诉讼情况",
    5: "存在的主要问题及改进情况",
    6: "其他需要报告的事项",
}

# Checked in this order: 复议 before 主动公开 because a misplaced heading may
# mention both; 其他 last because it is the weakest key.
_SECTION_KEYS = (
    (1, re.compile(r"总体情况")),
    (3, re.compile(r"收到和处理|处理政府信息公开申请")),
    (4, re.compile(r"复议|诉讼")),
    (2, re.compile(r"主动公开")),
    (5, re.compile(r"问题|改进|整改")),
    (6, re.compile(r"其他需要报告|其他事项")),
)

# The title runs to the end of the line; _title_core drops the trailing "**" and spaces.
# (A lazy title followed by an optional trail backtracks cubically on a run of spaces.)
_HEADING = re.compile(
    r"^(?P<lead>[ \u3000]*(?:#{1,6}[ \u3000]*)?(?:\*\*[ \u3000]*)?)"
    r"(?P<numeral>[一二三四五六七八九十]{1,2})[ \u3000]*[、.．,，][ \u3000]*"
    r"(?P<title>[^\t\n]*)$"
)
# Where a heading has running text glued after it (copied from a web page),
# the title ends at the first sentence mark or at the canonical title's end.
_GLUE = re.compile(r"[。：:；;]")

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_TITLE_WORDS = re.compile(r"政府信息公开|政务公开|信息公开")


def build_report(source: Source, year_override: int | None = None) -> Report:
    lines, section_starts = parse_lines(source.text)
    report = Report(source=source, lines=lines)
    first_section = section_starts[0] if section_starts else len(lines)
    report.preamble = lines[:first_section]
    _find_title(report)
    report.year = year_override if year_override is not None else report.title_year
    bounds = section_starts + [len(lines)]
    for start, end in zip(bounds, bounds[1:]):
        section = _make_section(lines[start])
        section.lines = lines[start + 1:end]
        report.sections.append(section)
    _demote_restarted_numbering(report)
    return report


def _find_title(report: Report) -> None:
    """The title is among the first few non-empty lines and names the year."""
    candidates = [line for line in report.preamble if line.stripped][:6]
    for line in candidates:
        if _TITLE_WORDS.search(line.text) and "报告" in line.text:
            report.title = line
            match = _TITLE_YEAR.search(line.text)
            if match:
                report.title_year = int(match.group(1))
                start = line.span.start + match.start(1)
                report.year_span = Span(start, start + 4)
            # The agency's own name may sit on the line before the title.
            name = line.text[: match.start()] if match else line.text
            index = candidates.index(line)
            if index and not name.strip("#* \u3000"):
                name = candidates[index - 1].text
            report.is_government = name.strip("#* \u3000").endswith("人民政府")
            return


def section_key(title: str) -> int | None:
    for key, pattern in _SECTION_KEYS:
        if pattern.search(title):
            return key
    return None


def _title_core(title: str) -> str:
    """The title without trailing spaces and a closing "**" (and the spaces before it)."""
    core = title.rstrip(" \u3000")
    return core[:-2].rstrip(" \u3000") if core.endswith("**") else core


def _make_section(line: Line) -> Section:
    match = _HEADING.match(line.text)
    if not match:  # the grammar matched it, so this is only a safety net
        return Section(None, None, line.stripped, line, line.span)
    title = _title_core(match.group("title"))
    title_start = line.span.start + match.start("title")
    glued = _GLUE.search(title)
    if glued:
        title = title[: glued.start()]
    title_end = title_start + len(title.rstrip(" \u3000*"))
    return Section(
        key=section_key(title),
        number=cn_number(match.group("numeral")),
        title=title.strip(" \u3000*"),
        heading=line,
        title_span=Span(title_start, title_end),
    )


def _demote_restarted_numbering(report: Report) -> None:
    """Sub-topics of 总体情况 numbered 一、二、… look like sections; keep them inside.

    When a key occurs twice, the heading whose numeral matches the key is the
    statutory one; a mismatching twin that comes first is a sub-heading written
    with section numerals.  It stays in the text of the section before it and is
    remembered so that S102 can report the numbering.
    """
    kept: list[Section] = []
    by_key: dict[int, list[Section]] = {}  # one pass, so that a thousand headings stay cheap
    for section in report.sections:
        if section.key is not None:
            by_key.setdefault(section.key, []).append(section)
    for section in report.sections:
        twin = next((s for s in by_key.get(section.key, [])[:2] if s is not section), None)
        if twin and section.number != section.key and twin.number == twin.key and kept:
            previous = kept[-1]
            section.heading.kind = "subheading"
            previous.lines.extend([section.heading, *section.lines])
            report.restarted_headings.append(section.heading)
            continue
        kept.append(section)
    report.sections = kept
