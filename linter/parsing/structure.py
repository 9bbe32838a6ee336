"""Group the grammar's lines into title, preamble and the six sections.

A heading's statutory section is recognised by its key words, not by its
numeral: a report that numbers 存在的主要问题 as "六、" still has a section 五,
written out of order — which is exactly what the structure rules must report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from linter.diagnostics import Span
from linter.form import SECTION_BY_KEY, SECTION_MATCH_ORDER, cn_number
from linter.parsing.grammar import parse_lines
from linter.parsing.model import Line, LineKind, Report, Section
from linter.source import Source

_SECTION_KEYS = tuple((key, re.compile(SECTION_BY_KEY[key].key_words)) for key in SECTION_MATCH_ORDER)

_HEADING = re.compile(
    r"^(?P<lead>[ \u3000]*(?:#{1,6})?[ \u3000]*(?:\*\*)?[ \u3000]*)"
    r"(?P<numeral>[一二三四五六七八九十]{1,2})[ \u3000]*[、.．,，][ \u3000]*"
    r"(?P<title>[^\t\n]*?)(?P<trail>[ \u3000]*(?:\*\*)?[ \u3000]*)$"
)
# Where a heading has running text glued after it (copied from a web page),
# the title ends at the first sentence mark or at the canonical title's end.
_GLUE = re.compile(r"[。：:；;]")

_TITLE_YEAR = re.compile(r"((?:19|20)\d{2})\s*年\s*度?")
_TITLE_WORDS = re.compile(r"政府信息公开|政务公开|信息公开")


@dataclass(frozen=True)
class Title:
    line: Line
    year: int | None
    year_span: Span | None
    is_government: bool  # the agency is a 人民政府 (its own report, not a department's)


def build_report(source: Source, year_override: int | None = None) -> Report:
    """The report's outline: title, year, preamble and sections (its tables are read next)."""
    lines, section_starts = parse_lines(source.text)
    first_section = section_starts[0] if section_starts else len(lines)
    preamble = tuple(lines[:first_section])
    title = _find_title(preamble)
    bounds = section_starts + [len(lines)]
    sections = [_make_section(lines[start], lines[start + 1:end]) for start, end in zip(bounds, bounds[1:])]
    sections, restarted = _demote_restarted_numbering(sections)
    title_year = title.year if title else None
    return Report(
        source=source,
        lines=tuple(lines),
        title=title.line if title else None,
        title_year=title_year,
        year=year_override if year_override is not None else title_year,
        year_span=title.year_span if title else None,
        preamble=preamble,
        sections=tuple(sections),
        is_government=title.is_government if title else False,
        restarted_headings=tuple(restarted),
    )


def _find_title(preamble: tuple[Line, ...]) -> Title | None:
    """The title is among the first few non-empty lines and names the year."""
    candidates = [line for line in preamble if line.stripped][:6]
    for index, line in enumerate(candidates):
        if not (_TITLE_WORDS.search(line.text) and "报告" in line.text):
            continue
        match = _TITLE_YEAR.search(line.text)
        year_span = None
        if match:
            start = line.span.start + match.start(1)
            year_span = Span(start, start + 4)
        # The agency's own name may sit on the line before the title.
        name = line.text[: match.start()] if match else line.text
        if index and not name.strip("#* \u3000"):
            name = candidates[index - 1].text
        return Title(line, int(match.group(1)) if match else None, year_span,
                     name.strip("#* \u3000").endswith("人民政府"))
    return None


def section_key(title: str) -> int | None:
    for key, pattern in _SECTION_KEYS:
        if pattern.search(title):
            return key
    return None


def _make_section(line: Line, body: list[Line]) -> Section:
    match = _HEADING.match(line.text)
    if not match:  # the grammar matched it, so this is only a safety net
        return Section(None, None, line.stripped, line, line.span, tuple(body))
    title = match.group("title")
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
        lines=tuple(body),
    )


def _demote_restarted_numbering(sections: list[Section]) -> tuple[list[Section], list[Line]]:
    """Sub-topics of 总体情况 numbered 一、二、… look like sections; keep them inside.

    When a key occurs twice, the heading whose numeral matches the key is the
    statutory one; a mismatching twin that comes first is a sub-heading written
    with section numerals.  It stays in the text of the section before it and is
    remembered so that S102 can report the numbering.
    """
    kept: list[Section] = []
    restarted: list[Line] = []
    for section in sections:
        twin = next((s for s in sections if s is not section and s.key == section.key and s.key is not None), None)
        if twin and section.number != section.key and twin.number == twin.key and kept:
            heading = replace(section.heading, kind=LineKind.SUBHEADING)
            kept[-1] = replace(kept[-1], lines=kept[-1].lines + (heading, *section.lines))
            restarted.append(heading)
            continue
        kept.append(section)
    return kept, restarted
