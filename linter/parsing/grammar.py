"""Run the Lark grammar (``grammar/report.lark``) and flatten its tree into lines.

The parser is built once per process and cached on disk by Lark, so start-up
stays fast.  The grammar accepts any text (its TEXT terminal matches every line),
so a parse error here is a bug, not a property of the draft.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from lark import Lark, Token, Tree

from linter.diagnostics import Span
from linter.parsing.model import Line

_KINDS = {"heading": "heading", "subheading": "subheading", "row": "row", "text": "text"}


def grammar_text() -> str:
    return resources.files("linter.grammar").joinpath("report.lark").read_text(encoding="utf-8")


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


def parse_lines(text: str) -> tuple[list[Line], list[int]]:
    """Typed lines of ``text`` and the indices of the lines that open a section."""
    tree = parser().parse(text if text.endswith("\n") else text + "\n")
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
            lines.append(Line(_KINDS[item.data], Span(token.start_pos, token.end_pos), str(token)))
    return lines, section_starts
