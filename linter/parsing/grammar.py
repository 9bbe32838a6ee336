"""Run the Lark grammar (``grammar/report.lark``) and flatten its tree into lines.

The parser is built once per process and cached on disk by Lark, so start-up
stays fast.  The grammar accepts any text (its TEXT terminal matches every line),
so a parse error here is a bug, not a property of the draft.
"""

from __future__ import annotations

import bisect
import os
import re
from functools import lru_cache
from typing import cast

from lark import Lark, Token, Transformer

from linter.data import read_data
from linter.diagnostics import Span
from linter.form import SECTIONS
from linter.parsing.headings import find_headings
from linter.parsing.model import Line, LineKind


def grammar_text() -> str:
    """The grammar, with the section heading words of the national form filled in."""
    words = "|".join(section.heading_words for section in SECTIONS)
    return read_data("grammar", "report.lark").replace("@SECTION_WORDS@", words)


def build_parser(strict: bool = False, cache: bool = True) -> Lark:
    """The LALR parser; with ``cache``, Lark keeps the built tables in the user's cache folder."""
    text = grammar_text()
    where: bool | str = False
    if cache:
        import hashlib

        from linter.cache import user_folder

        folder = user_folder()
        folder.mkdir(parents=True, exist_ok=True)
        where = str(folder / f"lark-{hashlib.sha256(text.encode()).hexdigest()[:16]}.cache")
    fresh = isinstance(where, str) and not os.path.exists(where)
    # The tree is never built: the transformer runs as the parser reduces (LALR), and every
    # position comes from the tokens themselves, so no positions are propagated.
    parser = Lark(text, parser="lalr", lexer="contextual", strict=strict, cache=where, transformer=_Items())
    if fresh:  # a new grammar (a new version of the tool): the tables of the old ones are dead
        from linter.cache import prune

        prune("lark-*.cache")
    return parser


# The kind of line each terminal of the grammar stands for.
_KINDS = {"SECTION_HEADING": LineKind.HEADING, "SUBHEADING": LineKind.SUBHEADING, "PAGE_MARK": LineKind.PAGE,
          "TAB_ROW": LineKind.ROW, "PIPE_ROW": LineKind.ROW, "TEXT": LineKind.TEXT}


class _Items(Transformer):
    """The report's line tokens in order: the preamble's, then each section's, heading first."""

    def preamble(self, children: list[Token]) -> list[Token]:
        return children

    def section(self, children: list[Token]) -> list[Token]:
        return children

    def start(self, children: list[list[Token]]) -> list[Token]:
        return [token for part in children for token in part]


@lru_cache(maxsize=1)
def parser() -> Lark:
    try:
        return build_parser()
    except OSError:  # an unwritable cache directory must not stop linting
        return build_parser(cache=False)


def _heading_breaks(text: str) -> list[int]:
    """Offsets where a virtual line break puts a glued heading on a line of its own.

    Before a heading that does not start its line, and after its title when more text
    follows on the line ("…联系。二、主动公开政府信息情况第二十条…", "六、其他需要报告的事项 无").
    Only headings found by their wording count (see :mod:`linter.parsing.headings`), so
    that "一、" inside a sentence or a table label never becomes a heading.
    """
    breaks: set[int] = set()
    for heading in find_headings(text):
        if not heading.at_line_start:
            breaks.add(heading.start)
        line_end = text.find("\n", heading.end)
        rest = text[heading.end:line_end if line_end >= 0 else len(text)]
        if rest.strip(" \u3000*"):
            breaks.add(heading.end)
    return sorted(breaks)


def parse_lines(text: str) -> tuple[list[Line], list[int]]:
    """Typed lines of ``text`` and the indices of the lines that open a section.

    Glued headings are parsed as if they began a line: the parser sees a copy with
    a line break inserted before each, and every span is mapped back to ``text``.
    """
    breaks = _heading_breaks(text)
    pieces = [text[start:end] for start, end in zip([0, *breaks], [*breaks, len(text)])]
    parsed = "\n".join(pieces)
    inserted = [b + i for i, b in enumerate(breaks)]  # where the added line breaks are in ``parsed``

    def original(offset: int) -> int:  # offset in ``parsed`` → offset in ``text``
        return offset - bisect.bisect_right(inserted, offset - 1)

    # The transformer runs inside the LALR parser, so parse returns what _Items.start builds, not a tree.
    tokens = cast(list[Token], parser().parse(parsed if parsed.endswith("\n") else parsed + "\n"))
    lines: list[Line] = []
    section_starts: list[int] = []
    for token in tokens:
        kind = _KINDS[token.type]
        if kind is LineKind.HEADING:
            section_starts.append(len(lines))
        start = token.start_pos
        assert start is not None  # the lexer gives every token its place; only hand-made ones lack it
        line = token.value.rstrip("\n")  # each line token carries the line breaks after it
        end = start + len(line)
        span = Span(original(start), original(end)) if breaks else Span(start, end)
        lines.append(Line(kind, span, line))
    return _pipe_tables(lines, text), section_starts


_DELIMITER_ROW = re.compile(r"^[ \u3000]*\|?[ \u3000]*:?-{3,}:?[ \u3000]*(?:\|[ \u3000]*:?-{3,}:?[ \u3000]*)*\|?[ \u3000]*$")


def _pipe_tables(lines: list[Line], text: str) -> list[Line]:
    """GFM pipe tables written without leading and trailing pipes are table rows too.

    ``行政许可 | 1863`` is a row only inside a table: the line before a delimiter row
    (``--- | ---``) is its header, and the lines with a pipe after it, up to a blank line,
    are its body.
    """
    result = list(lines)
    for index, line in enumerate(lines):
        if "|" not in line.text or not _DELIMITER_ROW.match(line.text) or index == 0 or "|" not in lines[index - 1].text:
            continue
        end = index + 1
        while (end < len(lines) and "|" in lines[end].text and lines[end].kind is not LineKind.HEADING
               and text.count("\n", lines[end - 1].span.end, lines[end].span.start) <= 1):
            end += 1
        for row in range(index - 1, end):
            if result[row].kind in (LineKind.TEXT, LineKind.SUBHEADING):
                result[row] = result[row]._replace(kind=LineKind.ROW)
    return result
