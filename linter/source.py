"""The normalized text of one input file and the way back to positions in it.

Every reader produces a :class:`Source`.  Downstream code only ever sees
character offsets into ``Source.text``; line and column are derived here, lazily,
with a bisect over the newline index (the sqlfluff way), so that the conversion
happens once, at the edge.  Readers of formats whose natural address is not a
line (Word paragraphs and table cells, PDF pages) attach a ``locator`` that maps
an offset to such an address.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable

# Full-width digits are read as digits; one character for one, so offsets stay valid.
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_ANY_FULLWIDTH_DIGIT = re.compile("[０-９]")

Locator = Callable[[int], "dict[str, int] | None"]


def normalize_text(text: str) -> str:
    """LF line endings, no BOM, ASCII digits.  Line numbers are unchanged by this."""
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # translate() walks the text a character at a time; most texts have no full-width digit to map.
    return text.translate(_FULLWIDTH_DIGITS) if _ANY_FULLWIDTH_DIGIT.search(text) else text


class Source:
    """Normalized text plus the map from offsets back to what the author can find."""

    __slots__ = ("_line_starts", "encoding", "kind", "locator", "merged_cells", "path", "text")

    def __init__(self, path: str, text: str, encoding: str = "utf-8", kind: str = "text",
                 locator: Locator | None = None, merged_cells: frozenset[int] | None = None) -> None:
        self.path = path
        self.text = text
        self.encoding = encoding
        self.kind = kind
        self.locator = locator
        # Text written from real tables (HTML): the offsets of the grid cells that only continue a
        # merged cell or pad a short row — layout, never values.  None where that is not known.
        self.merged_cells = merged_cells
        self._line_starts: list[int] | None = None

    def __repr__(self) -> str:
        return f"Source({self.path!r}, {self.kind}, {len(self.text)} characters)"

    @property
    def line_starts(self) -> list[int]:
        if self._line_starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._line_starts = starts
        return self._line_starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in characters) of a character offset."""
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self.line_starts, offset) - 1
        return line + 1, offset - self.line_starts[line] + 1

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline."""
        starts = self.line_starts
        if not 1 <= line <= len(starts):
            return ""
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return self.text[start:end]

    def location(self, offset: int) -> dict[str, int] | None:
        """The format's own address for an offset (page/line, table/row/column …), if any."""
        return self.locator(offset) if self.locator else None


def display_width(text: str) -> int:
    """Terminal cells taken by ``text``: wide and full-width characters count two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width
