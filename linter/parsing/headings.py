"""Find the statutory section headings wherever they stand in the text.

A web page copied as text puts the whole report on one line: headings run into the
sentences and the table numbers around them (``…24252.311082三、收到和处理政府信息公开申请情况（本列…``).
Such a heading is recognised by its wording, never by its numeral alone: one of the
section's known titles (the format document's, the 条例's, variants seen in real
reports) or a near miss of a standard title (one character off per eight, e.g.
``行政法复议``).  The heading ends where its title ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from linter.form import SECTIONS
from linter.parsing.labels import edit_distance

_NUMERAL = re.compile(r"[一二三四五六七八九十]{1,2}[ \u3000]*[、.．]")
# Words that make a numbered title a reference inside a sentence ("详见三、…"), not a heading.
_REFERENCE_BEFORE = set("见与和及或至的“\"《（(、")
_LINE_LEAD = set(" \u3000#*")
_KEY_WORDS = tuple((section, re.compile(section.key_words)) for section in SECTIONS)
_KNOWN = sorted(((title, section.key) for section in SECTIONS for title in section.known_titles),
                key=lambda item: -len(item[0]))
_LONGEST = max(len(title) for title, _ in _KNOWN)


@dataclass(frozen=True)
class HeadingAt:
    """A heading found in the text: from its numeral to the end of its title."""

    start: int
    end: int
    key: int
    at_line_start: bool


def tolerance(title: str) -> int:
    """Characters a misspelled heading may differ from a standard title by."""
    return len(title) // 8


def _title_at(text: str, at: int) -> tuple[int, int] | None:
    """(section key, title length) of the title starting at ``at``, or None."""
    window = text[at:at + _LONGEST + 2].split("\n", 1)[0]
    for title, key in _KNOWN:
        if window.startswith(title):
            return key, len(title)
    best: tuple[int, int, int] | None = None  # (distance, key, length)
    for section, words in _KEY_WORDS:
        if not words.search(window):
            continue
        for title in section.standard_titles:
            allowed = tolerance(title)
            for length in range(len(title) - allowed, len(title) + allowed + 1):
                if length > len(window):
                    break
                distance = edit_distance(window[:length], title)
                if distance <= allowed and (best is None or (distance, abs(length - len(title))) <
                                            (best[0], abs(best[2] - len(title)))):
                    best = (distance, section.key, length)
    return (best[1], best[2]) if best else None


def find_headings(text: str) -> list[HeadingAt]:
    """Every statutory heading in ``text``, glued to its neighbours or on a line of its own."""
    found: list[HeadingAt] = []
    for match in _NUMERAL.finditer(text):
        if found and match.start() < found[-1].end:
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        at_line_start = all(ch in _LINE_LEAD for ch in text[line_start:match.start()])
        if not at_line_start and text[match.start() - 1] in _REFERENCE_BEFORE:
            continue
        title_start = match.end()
        while title_start < len(text) and text[title_start] in " \u3000":
            title_start += 1
        title = _title_at(text, title_start)
        if title is None:
            continue
        key, length = title
        found.append(HeadingAt(match.start(), title_start + length, key, at_line_start))
    return found
