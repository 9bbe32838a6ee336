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
from linter.parsing.model import Line

_KINDS = {"heading": "heading", "subheading": "subheading", "row": "row", "text": "text"}


def grammar_text() -> str:
    return read_data("grammar", "report.lark")


def build_parser(strict: bool = False, cache: bool = True) -> Lark:
    return Lark(
        grammar_text(),
        parser="lalr",
        lexer="contextual",
        propagate_positions=True,
        strict=strict,
        cache=cache,
    )


@lru_cache(maxsize=1)
def parser() -> Lark:
    try:
        return build_parser()
    except OSError:  # an unwritable cache directory must not stop linting
        return build_parser(cache=False)


# A statutory heading glued to the paragraphs around it (text copied from a web
# page): "…联系。二、主动公开政府信息情况第二十条…".  Only the standard titles count,
# so that "一、" inside a sentence never becomes a heading.
_TITLES = (r"(?:总体情况|主动公开政府信息情况|收到和处理政府信息公开申请情况|政府信息公开行政复议、行政诉讼情况|"
           r"存在的主要问题及改进情况|其他需要报告的事项)")
_GLUED_BEFORE = re.compile(rf"(?<=[。；;！!？?）)”\]])[ \u3000]*(?=[一二三四五六][、.．]{_TITLES})")
_GLUED_AFTER = re.compile(rf"(?:^|(?<=[\n。；;！!？?）)”\]]))[ \u3000#*]*[一二三四五六][、.．]{_TITLES}(?=[^\s*])", re.M)


def parse_lines(text: str) -> tuple[list[Line], list[int]]:
    """Typed lines of ``text`` and the indices of the lines that open a section.

    Glued headings are parsed as if they began a line: the parser sees a copy with
    a line break inserted before each, and every span is mapped back to ``text``.
    """
    breaks = sorted({m.end() for m in _GLUED_BEFORE.finditer(text)} | {m.end() for m in _GLUED_AFTER.finditer(text)})
    parsed = "\n".join(text[a:b] for a, b in zip([0, *breaks], [*breaks, len(text)]))
    shifted = [b + i for i, b in enumerate(breaks)]  # where each inserted break sits in ``parsed``

    def original(offset: int) -> int:  # offset in ``parsed`` → offset in ``text``
        return offset - bisect.bisect_right(shifted, offset - 1)

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
            lines.append(Line(_KINDS[item.data], span, str(token)))
    return lines, section_starts
