"""The visible text of an HTML page, kept compactly while the page streams in.

:class:`LineBuilder` collapses white space as a browser does (one space for a run,
none across a line break between two CJK characters, a lone ideographic space kept)
and records *marks*: where each verbatim run of text sits in the HTML file.
:class:`Tape` stores committed lines in chunks of joined strings and the marks in
flat integer arrays, so that memory stays proportional to the text, not to the
number of elements; it can be cut back to a checkpoint when an element turns out to
be site chrome or a data table (whose flow text is then replaced by grid rows).
"""

from __future__ import annotations

import bisect
import html
import re
from array import array
from dataclasses import dataclass

# White space: what browsers collapse, plus the separators that would break a line or a TAB row.
_WS = " \t\n\r\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_INVISIBLE = "\x00-\x08\x0e-\x1b\x7f\ufeff\u200b\u200e\u200f\u00ad"
_TOKENS = re.compile(f"([{_WS}]+)|[{_INVISIBLE}]+|([^{_WS}{_INVISIBLE}]+)")
_PLAIN = re.compile(f"[^{_WS}{_INVISIBLE}]+\\Z")
_NEWLINES = re.compile("[\n\r\x0b\x0c\x85\u2028\u2029]")
_CJK = re.compile("[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]")

# The character references html.unescape decodes (the pattern of the html module).
_CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")

# Pending white space between two runs of text.
NONE, SPACE, BREAK, IDEOGRAPHIC = 0, 1, 2, 3

Mark = tuple[int, int, int, int]  # (offset in the line, file line, file column, verbatim length)


def _cjk(char: str) -> bool:
    return _CJK.match(char) is not None


def pieces(raw: str, start: int, data: str, line: int, column: int) -> list[tuple[str, int, int]]:
    """``data``, decoded by the parser from ``raw`` at ``start`` (line/column), as pieces of text
    each with its own line and column: split at each character reference, so that the text
    after one keeps its exact position in the file."""
    end = raw.find("<", start + 1 if raw.startswith("<", start) else start)
    segment = raw[start:end if end >= 0 else len(raw)]
    if "&" not in segment or html.unescape(segment) != data:
        return [(data, line, column)]  # not the text the parser decoded: its start is all that is known
    found = []
    done = last = 0

    def position(offset: int) -> tuple[int, int]:
        nonlocal line, column, done
        newline = segment.rfind("\n", done, offset)
        if newline >= 0:
            line += segment.count("\n", done, offset)
            column = offset - newline
        else:
            column += offset - done
        done = offset
        return line, column

    for match in _CHARREF.finditer(segment):
        if match.start() > last:
            found.append((segment[last:match.start()], *position(last)))
        found.append((html.unescape(match.group()), *position(match.start())))
        last = match.end()
    if last < len(segment):
        found.append((segment[last:], *position(last)))
    return found


# What LineBuilder.restore needs to undo later additions: (parts, length, pending, last, marks).
LineState = tuple[int, int, int, str, int]


class LineBuilder:
    """One line (a paragraph or a table cell) being assembled from runs of text."""

    __slots__ = ("last", "length", "marks", "parts", "pending")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0
        self.pending = NONE
        self.last = ""
        self.marks: list[Mark] = []

    def text(self) -> str:
        return "".join(self.parts)

    def feed(self, data: str, line: int, column: int) -> None:
        """Text found at ``line``/``column`` (1-based) of the file."""
        if _PLAIN.match(data):  # one run of visible characters: the usual case
            self.run(data, line, column)
            return
        for match in _TOKENS.finditer(data):
            space, run = match.group(1), match.group(2)
            if space is not None:
                self.space(BREAK if _NEWLINES.search(space) else IDEOGRAPHIC if space == "\u3000" else SPACE)
            elif run is not None:
                start = match.start()
                newline = data.rfind("\n", 0, start)
                if newline < 0:
                    self.run(run, line, column + start)
                else:
                    self.run(run, line + data.count("\n", 0, start), start - newline)

    def space(self, kind: int) -> None:
        if self.pending == NONE:
            self.pending = kind
        else:  # two runs of white space in a row: a line break wins, anything else is one space
            self.pending = BREAK if BREAK in (kind, self.pending) else SPACE

    def run(self, run: str, line: int, column: int) -> None:
        """A run of visible characters, verbatim from the file."""
        if self.length:
            pending = self.pending
            if pending == IDEOGRAPHIC:
                self._append("\u3000")
            elif pending == SPACE or (pending == BREAK and not (_cjk(self.last) and _cjk(run[0]))):
                self._append(" ")
        self.pending = NONE
        offset = self.length
        marks = self.marks
        if marks:
            m_offset, m_line, m_column, _ = marks[-1]
            if m_line == line and column - m_column == offset - m_offset:
                marks[-1] = (m_offset, m_line, m_column, offset - m_offset + len(run))
                self._append(run)
                return
        marks.append((offset, line, column, len(run)))
        self._append(run)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)
        self.last = text[-1]

    def snapshot(self) -> LineState:
        return len(self.parts), self.length, self.pending, self.last, len(self.marks)

    def restore(self, state: LineState) -> None:
        """Forget what was added since :meth:`snapshot` (nothing was committed in between)."""
        parts, self.length, self.pending, self.last, marks = state
        del self.parts[parts:]
        del self.marks[marks:]

    def since(self, state: LineState) -> str:
        return "".join(self.parts[state[0]:])


class Tape:
    """Committed lines (each followed by a newline in the final text) and their marks."""

    CHUNK = 1024

    def __init__(self) -> None:
        self._chunks: list[str] = []  # CHUNK lines each, every line followed by "\n"
        self._chunk_starts = array("q")
        self._tail: list[str] = []
        self._tail_start = 0
        self.lines = 0
        self.chars = 0
        self._last_blank = False
        # Marks, by offset into the text: offset, file line, file column, verbatim length.
        self.offsets = array("i")
        self.file_lines = array("i")
        self.file_columns = array("i")
        self.lengths = array("i")
        # Offsets of table cells that only continue a merged cell or pad a short row.
        self.merged = array("i")

    # --- writing --------------------------------------------------------------------------

    def commit(self, text: str, marks: list[Mark]) -> None:
        chars = self.chars
        for offset, line, column, length in marks:  # offsets only grow: no mark to replace
            self.offsets.append(chars + offset)
            self.file_lines.append(line)
            self.file_columns.append(column)
            self.lengths.append(length)
        self._tail.append(text)
        self._last_blank = not text
        self.lines += 1
        self.chars = chars + len(text) + 1
        if len(self._tail) == self.CHUNK:
            self._chunk_starts.append(self._tail_start)
            self._chunks.append("\n".join(self._tail) + "\n")
            self._tail = []
            self._tail_start = self.chars

    def blank(self) -> None:
        """A blank line, unless there is no text yet or the last line is already blank."""
        if self.lines and not self._last_blank:
            self.commit("", [])

    # --- reading and cutting back ---------------------------------------------------------

    def checkpoint(self) -> tuple[int, int, int, int]:
        return self.lines, self.chars, len(self.offsets), len(self.merged)

    def truncate(self, point: tuple[int, int, int, int]) -> None:
        lines, chars, marks, merged = point
        chunked = len(self._chunks) * self.CHUNK
        if lines < chunked:
            index = lines // self.CHUNK
            self._tail = self._chunks[index].split("\n")[: lines - index * self.CHUNK]
            self._tail_start = self._chunk_starts[index]
            del self._chunks[index:]
            del self._chunk_starts[index:]
        else:
            del self._tail[lines - chunked:]
        self.lines, self.chars = lines, chars
        self._last_blank = bool(lines) and self.line(lines - 1) == ""
        for column in (self.offsets, self.file_lines, self.file_columns, self.lengths):
            del column[marks:]
        del self.merged[merged:]

    def _locate_line(self, index: int) -> tuple[list[str], int, int]:
        """The lines of the chunk (or tail) holding line ``index``, that part's start offset and first index."""
        chunked = len(self._chunks) * self.CHUNK
        if index >= chunked:
            return self._tail, self._tail_start, chunked
        chunk = index // self.CHUNK
        return self._chunks[chunk].split("\n")[:-1], self._chunk_starts[chunk], chunk * self.CHUNK

    def line(self, index: int) -> str:
        lines, _, first = self._locate_line(index)
        return lines[index - first]

    def line_start(self, index: int) -> int:
        """Offset of line ``index`` (``self.lines`` gives the end of the text)."""
        if index >= self.lines:
            return self.chars
        lines, start, first = self._locate_line(index)
        return start + sum(len(line) + 1 for line in lines[: index - first])

    def text(self, start: int, end: int) -> str:
        """Lines ``[start, end)``, each followed by a newline."""
        pieces = []
        index = start
        while index < end:
            lines, _, first = self._locate_line(index)
            stop = min(end, first + len(lines))
            if index == first and stop == first + len(lines) and lines is not self._tail:
                pieces.append(self._chunks[first // self.CHUNK])
            else:
                pieces.append("".join(line + "\n" for line in lines[index - first: stop - first]))
            index = stop
        return "".join(pieces)

    def marks_between(self, start: int, end: int) -> list[Mark]:
        """Marks whose offset lies in ``[start, end)``, with offsets relative to ``start``."""
        low = bisect.bisect_left(self.offsets, start)
        high = bisect.bisect_left(self.offsets, end)
        return [(self.offsets[i] - start, self.file_lines[i], self.file_columns[i], self.lengths[i])
                for i in range(low, high)]

    def merged_between(self, start: int, end: int) -> list[int]:
        low = bisect.bisect_left(self.merged, start)
        high = bisect.bisect_left(self.merged, end)
        return [self.merged[i] - start for i in range(low, high)]


@dataclass
class Address:
    """The file position of an offset, found from the marks at or before it."""

    offsets: array[int] | list[int]
    lines: array[int] | list[int]
    columns: array[int] | list[int]
    lengths: array[int] | list[int]

    def __call__(self, offset: int) -> dict[str, int] | None:
        index = bisect.bisect_right(self.offsets, offset) - 1
        if index < 0:
            return None
        # Inside a verbatim run the column advances with the text; past its end it stays there.
        delta = min(offset - self.offsets[index], self.lengths[index])
        return {"line": self.lines[index], "column": self.columns[index] + delta}
