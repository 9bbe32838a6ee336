"""Run the Lark grammar (``grammar/report.lark``) and flatten its tree into lines.

The parser is built once per process and cached on disk by Lark, so start-up
stays fast.  The grammar accepts any text (its TEXT terminal matches every line),
so a parse error here is a bug, not a property of the draft.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from lark import Lark, Token, Tree

from linter.data import read_data
from linter.diagnostics import Span
from linter.form import SECTIONS
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
    return Lark(text, parser="lalr", lexer="contextual", propagate_positions=True, strict=strict, cache=where)


@lru_cache(maxsize=1)
def parser() -> Lark:
    try:
        return build_parser()
    except OSError:  # an unwritable cache directory must not stop linting
        return build_parser(cache=False)


# A statutory heading glued to the paragraphs around it (text copied from a web
# page): "…联系。二、主动公开政府信息情况第二十条…".  Only the standard titles count,
# so that "一、" inside a sentence never becomes a heading.
_TITLES = "(?:" + "|".join(re.escape(title) for section in SECTIONS for title in section.standard_titles) + ")"
_GLUED_BEFORE = re.compile(rf"(?<=[。；;！!？?）)”\]])[ \u3000]*(?=[一二三四五六][、.．]{_TITLES})")
_GLUED_AFTER = re.compile(rf"(?:^|(?<=[\n。；;！!？?）)”\]]))[ \u3000#*]*[一二三四五六][、.．]{_TITLES}(?=[^\s*])", re.M)


def parse_lines(text: str) -> tuple[list[Line], list[int]]:
    """Typed lines of ``text`` and the indices of the lines that open a section.

    Glued headings are parsed as if they began a line: the parser sees a copy with
    a line break inserted before each, and every span is mapped back to ``text``.
    """
    breaks = sorted({m.end() for m in _GLUED_BEFORE.finditer(text)} | {m.end() for m in _GLUED_AFTER.finditer(text)})
    parsed = text
    for offset in reversed(breaks):
        parsed = parsed[:offset] + "\n" + parsed[offset:]

    def original(offset: int) -> int:  # offset in ``parsed`` → offset in ``text``
        return offset - bisect.bisect_right([b + i for i, b in enumerate(breaks)], offset - 1)

    tree = parser().parse(parsed if parsed.endswith("\n") else parsed + "\n")
    lines: list[Line] = []
    section_starts: list[int] = []
    for part in tree.children:
        if not isinstance(part, Tree):
            continue
        for item in part.children if part.data in ("preamble", "section") else ():
            token = item.children[0]
            assert isinstance(token, Token)
            if item.data == "heading":
                section_starts.append(len(lines))
            span = Span(original(token.start_pos), original(token.end_pos))
            lines.append(Line(LineKind(item.data), span, str(token)))
    return lines, section_starts
