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
from typing import NamedTuple

from linter.form import SECTIONS
from linter.parsing.labels import within_distance

_KNOWN = sorted(((title, section.key) for section in SECTIONS for title in section.known_titles),
                key=lambda item: -len(item[0]))
_LONGEST = max(len(title) for title, _ in _KNOWN)
_NUMERAL = r"[一二三四五六七八九十]{1,2}[ \u3000]*[、.．][ \u3000]*"
# A numbered title with one of the sections' key words close after the numeral: the only
# places worth a closer look (one pass of the regex engine over the text).
_CANDIDATE = re.compile(_NUMERAL + "(?=[^\\n]{0,%d}?(?:%s))" % (  # noqa: UP031  (a regex full of braces)
    _LONGEST, "|".join(section.key_words for section in SECTIONS)))
_KEY_WORDS = tuple((section, re.compile(section.key_words)) for section in SECTIONS)
# Words that make a numbered title a reference inside a sentence ("详见三、…"), not a heading.
_REFERENCE_BEFORE = set("见与和及或至的“\"《（(、")
# ...or an item of a list of the sections ("本报告包括一、总体情况；二、主动公开政府信息情况；…等六个部分").
_LIST_AFTER = set("；;、，,等和及与")
_LINE_LEAD = set(" \u3000#*")
# Near misses are looked for at this many places at most: a real report has six headings,
# and a text with hundreds of numbered key words is no report whose structure can be followed.
_FUZZY_TRIES = 64


class HeadingAt(NamedTuple):
    """A heading found in the text: from its numeral to the end of its title."""

    start: int
    end: int
    key: int
    at_line_start: bool


def tolerance(title: str) -> int:
    """Characters a misspelled heading may differ from a standard title by."""
    return len(title) // 8


def _known_title(window: str) -> tuple[int, int] | None:
    for title, key in _KNOWN:
        if window.startswith(title):
            return key, len(title)
    return None


def _near_title(window: str) -> tuple[int, int] | None:
    """(section key, length) of the standard title ``window`` starts with, one or two characters off."""
    best: tuple[tuple[int, int, int], int] | None = None  # ((distance, length difference, length), key)
    for section, words in _KEY_WORDS:
        if not words.search(window):
            continue
        for title in section.standard_titles:
            allowed = tolerance(title)
            for length in range(len(title) - allowed, min(len(title) + allowed, len(window)) + 1):
                distance = within_distance(window[:length], title, allowed)
                if distance is None:
                    continue
                rank = (distance, abs(length - len(title)), length)
                if best is None or rank < best[0]:
                    best = (rank, section.key)
    return (best[1], best[0][2]) if best else None


def _at_line_start(text: str, position: int) -> bool:
    before = position
    while before > 0 and text[before - 1] in _LINE_LEAD:
        before -= 1
    return before == 0 or text[before - 1] == "\n"


def find_headings(text: str) -> list[HeadingAt]:
    """Every statutory heading in ``text``, glued to its neighbours or on a line of its own."""
    found: list[HeadingAt] = []
    fuzzy_tries = 0
    for match in _CANDIDATE.finditer(text):
        if found and match.start() < found[-1].end:
            continue
        at_line_start = _at_line_start(text, match.start())
        if not at_line_start and text[match.start() - 1] in _REFERENCE_BEFORE:
            continue
        window = text[match.end():match.end() + _LONGEST + 2].split("\n", 1)[0]
        title = _known_title(window)
        if title is None and fuzzy_tries < _FUZZY_TRIES:
            fuzzy_tries += 1
            title = _near_title(window)
        if title is None:
            continue
        key, length = title
        if text[match.end() + length:match.end() + length + 1] in _LIST_AFTER:
            continue
        found.append(HeadingAt(match.start(), match.end() + length, key, at_line_start))
    return found
