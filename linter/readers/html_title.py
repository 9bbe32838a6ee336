"""The report title first, then the report body: the text a page reader hands on.

The year of a report is read from its title, which the structure parser looks for
among the first lines.  On a web page the title is often not there as one line: it
is broken over two centred paragraphs (``平潭综合实验区2020年`` / ``政府信息公开工作年度报告``),
sits in a heading outside the article body, comes after a block of page header
lines, or is only in ``<title>``.  Here the title lines are joined, or the dated title
is put first, so that the title line is the one the structure parser picks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from linter.readers.html_page import Candidate, PageReader
from linter.readers.html_text import Address, Mark, Tape
from linter.source import Locator

# What the structure parser takes for the title line and its year (parsing/structure.py).
_TITLE_WORDS = re.compile(r"政府信息公开|政务公开|信息公开")
_TITLE_LINES = 6
# A dated report title: the year, then the subject, then 报告 (a date such as 2021年3月 is no title).
_DATED = re.compile(r"(?:19|20)\d{2}\s*年(?!\s*\d).{0,40}?(?:政府信息公开|政务公开|信息公开).{0,20}?报告")
_SECTION_HEADING = re.compile(r"^[ \u3000]*[一二三四五六七八九十]{1,2}[ \u3000]*[、.．]")
_PAGE_TITLE_PARTS = re.compile(r"\s*(?:[_|｜]|\s[-—–]\s)\s*")
_HEAD_LINES = 60  # lines looked at before the first section heading
_PART_CHARS = 40  # a piece of a title broken over lines is short
_MERGE_LINES = 8
_TITLE_CHARS = 80


@dataclass
class Located:
    """One line of text with its marks and merged-cell offsets, relative to the line."""

    text: str
    marks: list[Mark] = field(default_factory=list)
    merged: list[int] = field(default_factory=list)

    def __add__(self, other: Located) -> Located:
        shift = len(self.text)
        return Located(self.text + other.text,
                       self.marks + [(o + shift, line, column, n) for o, line, column, n in other.marks],
                       self.merged + [o + shift for o in other.merged])


def _line(tape: Tape, index: int) -> Located:
    start = tape.line_start(index)
    text = tape.line(index)
    return Located(text, tape.marks_between(start, start + len(text) + 1),
                   tape.merged_between(start, start + len(text) + 1))


def _pick(lines: list[Located]) -> int | None:
    """The line the structure parser takes for the title: the first early line naming the report."""
    seen = 0
    for index, line in enumerate(lines):
        if not line.text:
            continue
        if _TITLE_WORDS.search(line.text) and "报告" in line.text:
            return index
        seen += 1
        if seen == _TITLE_LINES:
            break
    return None


def _place(lines: list[Located], title: Located, replaced: list[int]) -> list[Located]:
    """``title`` instead of the lines ``replaced``: where they were if it is then picked, else first."""
    if replaced:
        kept = lines[: replaced[0]] + [title] + [line for i, line in enumerate(lines)
                                                 if i > replaced[0] and i not in replaced]
        if _pick(kept) == replaced[0]:
            return kept
    return [title] + [line for i, line in enumerate(lines) if i not in replaced]


def _broken_title(lines: list[Located]) -> tuple[Located, list[int]] | None:
    """A dated title broken over two or three short consecutive lines."""
    for first in range(min(len(lines), _MERGE_LINES)):
        for count in (2, 3):
            window = list(range(first, first + count))
            if window[-1] >= len(lines) or any(not 0 < len(lines[i].text) <= _PART_CHARS for i in window):
                break
            joined = lines[window[0]]
            for i in window[1:]:
                joined = joined + lines[i]
            if _DATED.search(joined.text) and not any(_DATED.search(lines[i].text) for i in window):
                return joined, window
    return None


def _is_title(text: str) -> bool:
    """A line that reads as a dated report title, not a sentence that names a report and a year."""
    return len(text) <= _TITLE_CHARS and _DATED.search(text) is not None


def _dated_line(lines: list[Located]) -> int | None:
    return next((index for index, line in enumerate(lines) if _is_title(line.text)), None)


def _page_title(text: str) -> str:
    """The part of a ``<title>`` that names the report, without the site's name around it."""
    parts = [part for part in _PAGE_TITLE_PARTS.split(text) if part]
    return next((part for part in parts if "报告" in part), text)


def titled(lines: list[Located], outside: list[Located], page_title: Located | None) -> list[Located]:
    """The first lines of the report body, arranged so that its dated title is the one picked."""
    picked = _pick(lines)
    if picked is not None and _is_title(lines[picked].text):
        return lines
    broken = _broken_title(lines)
    if broken is not None:
        return _place(lines, *broken)
    dated = _dated_line(lines)
    if dated is not None:
        return _place(lines, lines[dated], [dated])
    others = outside + ([page_title] if page_title is not None else [])
    title = next((line for line in others if _is_title(line.text)), None)
    if title is None and picked is None and outside:
        title = outside[0]  # undated, but the report's own heading all the same
    return [title] + lines if title is not None else lines


def assemble(page: PageReader) -> tuple[str, Locator, list[int]]:
    """The text of the report body, its locator, and the offsets of merged table cells."""
    tape = page.tape
    body = page.body
    start, end = (body.start, body.end) if body is not None else (0, tape.lines)
    while start < end and not tape.line(start):
        start += 1
    while end > start and not tape.line(end - 1):
        end -= 1
    head_end = start
    while head_end < end and head_end - start < _HEAD_LINES and not _SECTION_HEADING.match(tape.line(head_end)):
        head_end += 1
    head = titled([_line(tape, i) for i in range(start, head_end)], _outside(page, start, end),
                  _title_line(page))
    head_text = "".join(line.text + "\n" for line in head)
    rest_start, rest_end = tape.line_start(head_end), tape.line_start(end)
    text = head_text + tape.text(head_end, end)
    offsets: list[int] = []
    lines: list[int] = []
    columns: list[int] = []
    lengths: list[int] = []
    merged: list[int] = []
    position = 0
    for line in head:
        for offset, file_line, column, length in line.marks:
            offsets.append(position + offset)
            lines.append(file_line)
            columns.append(column)
            lengths.append(length)
        merged.extend(position + offset for offset in line.merged)
        position += len(line.text) + 1
    shift = rest_start - len(head_text)
    merged.extend(o - shift for o in tape.merged if rest_start <= o < rest_end)
    locator = _Locator(Address(offsets, lines, columns, lengths), len(head_text),
                       Address(tape.offsets, tape.file_lines, tape.file_columns, tape.lengths), shift)
    return text, locator, merged


def _outside(page: PageReader, start: int, end: int) -> list[Located]:
    """Headings naming an annual report outside the report body (the article's own title)."""
    found = []
    for candidate in page.headings:
        if candidate.end <= start or candidate.start >= end:
            found.append(_joined(page.tape, candidate))
    return found


def _joined(tape: Tape, candidate: Candidate) -> Located:
    lines = [_line(tape, i) for i in range(candidate.start, candidate.end)]
    joined = lines[0]
    for line in lines[1:]:
        joined = joined + line
    return joined


def _title_line(page: PageReader) -> Located | None:
    """The page's ``<title>`` as a line: the part naming the report, its marks moved with it."""
    if page.page_title is None:
        return None
    text, marks = page.page_title
    part = _page_title(text)
    start, end = text.find(part), text.find(part) + len(part)
    kept = []
    for offset, line, column, length in marks:
        if offset >= end or (offset + length <= start and offset < start):
            continue
        skip = max(0, start - offset)
        kept.append((offset + skip - start, line, column + skip, length - skip))
    return Located(part, kept)


class _Locator:
    """Offsets in the arranged head, then in the rest of the body, back to the file."""

    def __init__(self, head: Address, head_length: int, rest: Address, shift: int) -> None:
        self.head, self.head_length, self.rest, self.shift = head, head_length, rest, shift

    def __call__(self, offset: int) -> dict[str, int] | None:
        if offset < self.head_length:
            return self.head(offset)
        return self.rest(offset + self.shift) or self.head(offset)
