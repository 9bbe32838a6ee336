"""Group the grammar's lines into title, preamble and the six sections.

A heading's statutory section is recognised by its key words, not by its
numeral: a report that numbers 存在的主要问题 as "六、" still has a section 五,
written out of order — which is exactly what the structure rules must report.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from linter.diagnostics import Span
from linter.form import SECTION_BY_KEY, SECTION_MATCH_ORDER, cn_number
from linter.parsing.grammar import parse_lines
from linter.parsing.model import Line, LineKind, Report, Section, UncertainSection
from linter.source import Source

_SECTION_KEYS = tuple((key, re.compile(SECTION_BY_KEY[key].key_words)) for key in SECTION_MATCH_ORDER)
# Text shaped like a section heading (a numeral, then the section's key words soon after) that
# was not read as one: its wording is too far from the standard, or it is glued into a paragraph.
# Patterns kept as text here and below are compiled on first use (and kept by ``re``): most reports
# have every section and a year in the title, and never need them.
_HEADING_LIKE = {key: r"(?<![（(\d])[一二三四五六七八九十]{1,2}[ \u3000]*[、.．][^\n\t。；;，,]{0,12}?"
                      rf"(?:{SECTION_BY_KEY[key].key_words})[^\n\t。；;，,]{{0,16}}"
                 for key in SECTION_BY_KEY}

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
# A title names the annual report in words and figures only: no sentence punctuation, no
# cited document (a preamble sentence "本报告根据《…条例》…年度报告有关事项的通知》" is no title).
_TITLE_CHARS = r"[\u4e00-\u9fff\d \u3000（）()#*·]"
_TITLE = re.compile(rf"{_TITLE_CHARS}{{0,60}}?(?:政府信息公开|政务公开|信息公开){_TITLE_CHARS}{{0,30}}?报告"
                    r"(?![〉》”\"」』>]|格式)")  # not the name of a cited document (〈…年度报告格式〉)
_TITLE_LINES = 8  # the title is among the first lines (after a web page's header block)
_SECOND_LINE = 30  # the second line of a title broken in two is short ("年度报告")

# Where the year comes from when the title has none, in this order (see ``_year_from_text``).
_PERIOD_YEAR = r"(?:统计|数据)[^。；;]{0,16}?((?:19|20)\d{2})年1月1日"
_STATEMENT_YEAR = (r"本报告[^。；;]{0,40}?((?:19|20)\d{2})年度|((?:19|20)\d{2})年度?[^。；;，,\n\d月]{0,20}?"
                   r"(?:政府信息公开|政务公开)[^。；;，,]{0,6}?年度报告")
_FILE_YEAR = r"(?<![0-9A-Za-z])((?:19|20)\d{2})(?![0-9])"
_BLANKS = re.compile(r"[\s\u3000]+")


class Title(NamedTuple):
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
    sections = [_make_section(lines[start], lines[start + 1:end]) for start, end in itertools.pairwise(bounds)]
    sections, restarted = _demote_restarted_numbering(sections)
    title_year = title.year if title else None
    year: int | None = year_override
    year_source: str | None = "option"
    if year is None and title_year is not None:
        year, year_source = title_year, "title"
    if year is None:
        year, year_source = _year_from_text(source, preamble)
    return Report(
        source=source,
        lines=tuple(lines),
        title=title.line if title else None,
        title_year=title_year,
        year=year,
        year_source=year_source if year is not None else None,
        year_span=title.year_span if title else None,
        preamble=preamble,
        sections=tuple(sections),
        is_government=title.is_government if title else False,
        restarted_headings=tuple(restarted),
        uncertain_sections=_uncertain_sections(lines, sections),
    )


def _uncertain_sections(lines: list[Line], sections: list[Section]) -> tuple[UncertainSection, ...]:
    """Missing sections whose heading seems to be there all the same (the first such text each)."""
    present = {section.key for section in sections}
    prose = [line for line in lines if line.kind in (LineKind.TEXT, LineKind.SUBHEADING)]
    found = []
    for key, shape in _HEADING_LIKE.items():
        if key in present:
            continue
        pattern = re.compile(shape)
        for line in prose:
            match = pattern.search(line.text)
            if match:
                start = line.span.start + match.start()
                found.append(UncertainSection(key, Span(start, start + len(match.group().rstrip())),
                                              match.group().strip()))
                break
    return tuple(found)


def _year_from_text(source: Source, preamble: tuple[Line, ...]) -> tuple[int | None, str | None]:
    """The report year when the title has none: the 统计期限, a sentence naming the report's
    year ("本报告…2024年度", "现公布2024年度政府信息公开工作年度报告"), then the file name."""
    text = _BLANKS.sub("", source.text)
    match = re.search(_PERIOD_YEAR, text)
    if match:
        return int(match.group(1)), "period"
    match = re.search(_STATEMENT_YEAR, _BLANKS.sub("", "".join(line.text for line in preamble)))
    if match:
        return int(match.group(1) or match.group(2)), "statement"
    name = source.path.replace("\\", "/").rsplit("/", 1)[-1]
    years = {int(m.group(1)) for m in re.finditer(_FILE_YEAR, name)}
    if len(years) == 1:
        return years.pop(), "filename"
    return None, None


def _find_title(preamble: tuple[Line, ...]) -> Title | None:
    """The title is among the first non-empty lines and names the report; it may be broken
    over two lines ("2024 年某某局政府信息公开工作" / "年度报告") or glued to the preamble."""
    candidates = [line for line in preamble if line.stripped][:_TITLE_LINES]
    for index, line in enumerate(candidates):
        following = candidates[index + 1] if index + 1 < len(candidates) else None
        found = _title_in(line)
        if found is None and following is not None and len(following.stripped) <= _SECOND_LINE:
            found = _title_in(_joined(line, following))
            lead = len(line.text) - len(line.text.lstrip(" \u3000#*"))
            if found is not None and (found[0].span.start > line.span.start + lead
                                      or found[0].span.end <= following.span.start):
                found = None  # not one title over both lines
        if found is None:
            continue
        title, match = found
        # The agency's own name may sit on the line before the title.
        name = title.text[: match.start()] if match else title.text
        if index and not name.strip("#* \u3000\n"):
            name = candidates[index - 1].text
        year_span = None
        if match:
            start = title.span.start + match.start(1)
            year_span = Span(start, start + 4)
        return Title(title, int(match.group(1)) if match else None, year_span,
                     name.strip("#* \u3000\n").endswith("人民政府"))
    return None


def _joined(first: Line, second: Line) -> Line:
    """Two lines read as one (a title broken in two); the span covers both."""
    gap = second.span.start - first.span.end
    return Line(first.kind, Span(first.span.start, second.span.end), first.text + "\n" * max(gap, 0) + second.text)


def _title_in(line: Line) -> tuple[Line, re.Match[str] | None] | None:
    """The title within ``line`` (as a line of its own span) and its year match."""
    match = _TITLE.search(line.text.replace("\n", ""))
    if match is None:
        return None
    text = line.text
    # Offsets in the text with the line break of a two-line title taken out.
    kept = [i for i, ch in enumerate(text) if ch != "\n"]
    start, end = kept[match.start()], kept[match.end() - 1] + 1
    lead = len(text[start:end]) - len(text[start:end].lstrip(" \u3000#*"))
    title = Line(line.kind, Span(line.span.start + start + lead, line.span.start + end), text[start + lead:end])
    return title, _TITLE_YEAR.search(title.text)


def section_key(title: str) -> int | None:
    for key, pattern in _SECTION_KEYS:
        if pattern.search(title):
            return key
    return None


def _title_core(title: str) -> str:
    """The title without trailing spaces and a closing "**" (and the spaces before it)."""
    core = title.rstrip(" \u3000")
    return core[:-2].rstrip(" \u3000") if core.endswith("**") else core


def _make_section(line: Line, body: list[Line]) -> Section:
    match = _HEADING.match(line.text)
    if not match:  # the grammar matched it, so this is only a safety net
        return Section(None, None, line.stripped, line, line.span, tuple(body))
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
    by_key: dict[int, list[Section]] = {}  # one pass, so that a thousand headings stay cheap
    for section in sections:
        if section.key is not None:
            by_key.setdefault(section.key, []).append(section)
    for section in sections:
        twin = next((s for s in by_key.get(section.key, [])[:2] if s is not section), None) if section.key else None
        if twin and section.number != section.key and twin.number == twin.key and kept:
            heading = section.heading._replace(kind=LineKind.SUBHEADING)
            kept[-1] = kept[-1]._replace(lines=kept[-1].lines + (heading, *section.lines))
            restarted.append(heading)
            continue
        kept.append(section)
    return kept, restarted
