"""Guards and plumbing shared by the Word, PDF and HTML readers.

A report is a few dozen kilobytes of text; the caps here are generous for that and
small enough that a hostile file (zip bomb, thousand-page PDF, endless HTML) is
refused in seconds with bounded memory.  :class:`LocatedText` assembles the text
the table parser expects — one line per paragraph, one TAB-separated line per
table row, blank lines around tables — and records, for every line and cell, the
format's own address, so that the reader can hand a ``locator`` to :class:`Source`.
"""

from __future__ import annotations

import bisect
import re
import time

from linter.readers import MAX_BYTES, ReadError
from linter.source import Locator, normalize_text

MAX_DOCX_BYTES = MAX_BYTES[".docx"]
MAX_DOCX_XML_BYTES = 30 * 1024 * 1024  # word/document.xml uncompressed
MAX_DOCX_TOTAL_BYTES = 150 * 1024 * 1024  # all entries uncompressed (annotate's python-docx loads every part)
MAX_DOCX_ENTRIES = 5000
MAX_ZIP_RATIO = 200  # deflated XML compresses ~10:1; a thousandfold ratio is a bomb
MAX_PDF_BYTES = MAX_BYTES[".pdf"]
MAX_PDF_PAGES = 200
MAX_HTML_BYTES = MAX_BYTES[".html"]
MAX_SECONDS = 60.0  # wall-clock budget for one file, checked between pages/blocks

Address = dict[str, int]

# Characters that would break the line/TAB structure or shift offsets in normalize_text.
_BREAKING = re.compile("[\t\n\r\x0b\x0c\x1c-\x1f\x85\u2028\u2029\xa0]")
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1b\x7f\ufeff\u200b\u200e\u200f\u00ad]")
_SPACES = re.compile(r"[ \u3000]{2,}")


def mb(n: int) -> int:
    return n // (1024 * 1024)


def clean(text: str) -> str:
    """One line of text: no TABs, no line breaks, no invisible characters, runs of spaces squeezed."""
    text = _INVISIBLE.sub("", text)
    text = _BREAKING.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


class Deadline:
    """Wall-clock budget for reading one file; readers call :meth:`check` between units of work."""

    def __init__(self, seconds: float = MAX_SECONDS) -> None:
        self._end = time.monotonic() + seconds
        self._seconds = seconds

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise ReadError(f"解析超时（超过 {self._seconds:.0f} 秒），文件过于复杂，不像是一份年度报告")

    def remaining(self) -> float:
        """Seconds left (never negative), for waits that must end with the budget."""
        return max(0.0, self._end - time.monotonic())


class LocatedText:
    """Accumulates lines and table rows with their addresses; :meth:`build` returns text and locator."""

    def __init__(self) -> None:
        self._lines: list[str] = []
        self._length = 0
        self._starts: list[int] = []
        self._addresses: list[Address] = []

    def _mark(self, offset: int, address: Address | None) -> None:
        if address is None:
            return
        if self._starts and self._starts[-1] == offset:
            self._addresses[-1] = address
        else:
            self._starts.append(offset)
            self._addresses.append(address)

    def _append(self, line: str) -> None:
        self._lines.append(line)
        self._length += len(line) + 1

    def line(self, text: str, address: Address | None = None) -> None:
        """One paragraph as one line (it is cleaned here)."""
        self._mark(self._length, address)
        self._append(clean(text))

    def blank(self) -> None:
        """A blank line, unless the text is empty or already ends with one."""
        if self._lines and self._lines[-1] != "":
            self._append("")

    def row(self, cells: list[tuple[str, Address | None]]) -> None:
        """One table row: cells joined by TAB, each cell's start marked with its address."""
        offset = self._length
        texts = []
        for text, address in cells:
            text = clean(text)
            self._mark(offset, address)
            texts.append(text)
            offset += len(text) + 1
        self._append("\t".join(texts))

    def pieces(self, parts: list[tuple[str, Address | None]]) -> None:
        """One line assembled from already clean pieces (a reflowed paragraph), each piece marked."""
        offset = self._length
        for text, address in parts:
            self._mark(offset, address)
            offset += len(text)
        self._append("".join(text for text, _ in parts))

    def __len__(self) -> int:
        return len(self._lines)

    def build(self) -> tuple[str, Locator]:
        while self._lines and self._lines[-1] == "":
            self._lines.pop()
        text = "\n".join(self._lines) + ("\n" if self._lines else "")
        normalized = normalize_text(text)
        # normalize_text only maps full-width digits here, one character for one, so offsets hold.
        assert len(normalized) == len(text)
        starts, addresses = self._starts, self._addresses

        def locate(offset: int) -> Address | None:
            index = bisect.bisect_right(starts, offset) - 1
            return dict(addresses[index]) if index >= 0 else None

        return normalized, locate

