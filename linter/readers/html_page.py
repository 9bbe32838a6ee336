"""Stream an HTML page into lines of visible text, without building a tree.

The standard library's ``html.parser`` feeds a stack of open elements — tag names
and, for the few elements that matter, a small frame.  Implied end tags are applied
as browsers do (``</p>``, ``</li>``, ``</td>``, ``</tr>``, ``</head>``); a page
nested deeper than browsers render is refused.  Text goes straight to a compact
:class:`~linter.readers.html_text.Tape`.  Decisions that need an element's
content are taken when it closes, by cutting the tape back to where it began:

* site chrome — script, style and the like are never read; nav, header, footer,
  hidden elements and those whose id/class says menu, nav, footer, header,
  breadcrumb or sidebar are dropped unless they hold report sections or the dated
  report title;
* a content element (id/class content, article, zoom, TRS_Editor, main …) holding
  most of the report's sections: the innermost such element is the report body;
* a statistics table replaces its text by its grid (:mod:`linter.readers.html_tables`);
* a short heading naming an annual report, and the page's ``<title>``, are kept
  aside for the report title.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from html.parser import HTMLParser

from linter.readers import ReadError
from linter.readers.common import Deadline
from linter.readers.html_tables import LONG_CELL, MAX_CELLS, TableFrame, grid, span, too_large
from linter.readers.html_text import BREAK, LineBuilder, LineState, Mark, Tape, pieces

MAX_DEPTH = 512  # open elements; browsers stop nesting at this depth

_VOID = frozenset([
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
])
# Never rendered, whatever they contain.
_UNSEEN = frozenset([
    "script", "style", "noscript", "template", "head", "title", "iframe", "select", "option", "button",
    "textarea", "svg", "math", "object", "canvas", "audio", "video",
])
_HEAD_CONTENT = frozenset(["title", "meta", "link", "style", "script", "base", "noscript", "template"])
_BLOCKS = frozenset((
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr td th table tbody thead tfoot caption section article aside "
    "main nav header footer blockquote pre address center form fieldset figure figcaption hr body html"
).split())
# A start tag of one of these closes an open <p> (the HTML rule, abridged).
_CLOSES_P = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl table pre blockquote section article address center form hr li".split()
)
_P_SCOPE = ("td", "th", "table", "div", "li", "body")


def _implied_end() -> dict[str, tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]]:
    """For a start tag, the open elements it closes: (their tags, tags that shield them)."""
    rules: dict[str, list[tuple[tuple[str, ...], tuple[str, ...]]]] = {tag: [(("p",), _P_SCOPE)] for tag in _CLOSES_P}
    rules.setdefault("li", []).append((("li",), ("ul", "ol", "table", "td", "th")))
    for tag in ("dt", "dd"):
        rules.setdefault(tag, []).append((("dt", "dd"), ("dl", "table", "td", "th")))
    for tag in ("td", "th"):
        rules.setdefault(tag, []).append((("td", "th"), ("tr", "table")))
    for tag in ("tr", "thead", "tbody", "tfoot"):
        rules.setdefault(tag, []).extend([(("td", "th"), ("table",)), (("tr",), ("table",))])
        if tag != "tr":
            rules[tag].append((("thead", "tbody", "tfoot"), ("table",)))
    rules.setdefault("a", []).append((("a",), ("td", "th", "table")))
    rules.setdefault("option", []).append((("option",), ("select",)))
    return {tag: tuple(found) for tag, found in rules.items()}


_IMPLIED_END = _implied_end()
_TABLE_TAGS = frozenset(["table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup", "col"])
_TABLE_PARTS = frozenset(["thead", "tbody", "tfoot", "tr", "td", "th", "caption", "colgroup"])
_CHROME_TAGS = frozenset(["nav", "header", "footer"])
# Elements that have a role whatever their attributes (see PageReader._open).
_ROLE_TAGS = frozenset(["nav", "header", "footer", "h1", "h2", "h3", "table", "tr", "td", "th", "pre", "caption"])
_CHROME = re.compile(r"menu|nav|footer|header|breadcrumb|crumb|sidebar", re.I)
_CONTENT = re.compile(r"content|article|zoom|trs_editor|main|detail|zhengwen", re.I)
_SECTIONS = re.compile(
    "(总体情况)|(主动公开)|(收到和处理|依申请)|(行政复议)|(存在.{0,4}问题)|(其他需要报告)")
_DATED_TITLE = re.compile(r"(19|20)\d{2}\s*年.{0,30}年度报告")
_TITLE_CHARS = 120


def _section_index(match: re.Match[str]) -> int:
    """Which report section a match of ``_SECTIONS`` names (0 for 总体情况 …)."""
    # Every alternative of _SECTIONS is a group of its own: a match always has a last group.
    assert match.lastindex is not None
    return match.lastindex - 1


@dataclass
class Candidate:
    """An element that may be the report body or hold its title: a range of tape lines."""

    start: int
    end: int
    score: int = 0
    chars: int = 0


class _Frame:
    """What an open element needs when it closes (only elements with a role get one)."""

    __slots__ = (
        "caption",
        "cell",
        "cell_state",
        "cell_table",
        "chrome",
        "colspan",
        "content",
        "line_state",
        "point",
        "position",
        "pre",
        "rowspan",
        "table",
        "table_state",
        "title",
    )

    def __init__(self) -> None:
        self.chrome = self.content = self.title = self.caption = self.pre = False
        self.table: TableFrame | None = None
        self.cell: LineBuilder | None = None
        self.cell_table: TableFrame | None = None
        self.point = (0, 0, 0, 0)
        # Set when the element tracks its text (chrome, content or title): see PageReader._open.
        self.line_state: LineState | None = None
        self.cell_state: tuple[LineBuilder, LineState] | None = None
        self.table_state: tuple[TableFrame, tuple[int, int]] | None = None
        self.position = (1, 1)
        self.colspan = self.rowspan = 1


_UNSEEN_FRAME = _Frame()
_TITLE_FRAME = _Frame()


class PageReader(HTMLParser):
    """Feed it the decoded page, then :meth:`close`; the results are its public attributes."""

    def __init__(self, deadline: Deadline) -> None:
        self._raw = 0  # index in ``rawdata`` where the parser stands (see updatepos)
        super().__init__(convert_charrefs=True)
        self.tape = Tape()
        self.body: Candidate | None = None  # the best content element so far
        self.headings: list[Candidate] = []  # short headings naming an annual report
        self.page_title: tuple[str, list[Mark]] | None = None
        self._line = LineBuilder()
        self._cell: LineBuilder | None = None
        self._title: LineBuilder | None = None
        self._tags: list[str] = []
        self._frames: list[_Frame | None] = []
        self._where: dict[str, list[int]] = {}
        self._unseen = 0
        self._pre = 0
        self._tracking = 0  # open chrome and content elements: their lines' sections are counted
        self._hits = [array("i") for _ in range(_SECTIONS.groups)]  # tape lines naming each section
        self._tables: list[TableFrame] = []
        self._cells = MAX_CELLS
        self._budget = [MAX_CELLS]
        self._deadline = deadline
        self._events = 0

    # --- the stack ------------------------------------------------------------------------

    def _push(self, tag: str, frame: _Frame | None) -> None:
        if len(self._tags) >= MAX_DEPTH:
            raise ReadError(f"网页元素嵌套过深（超过 {MAX_DEPTH} 层），无法可靠读取，拒绝读取")
        where = self._where.get(tag)
        if where is None:
            self._where[tag] = [len(self._tags)]
        else:
            where.append(len(self._tags))
        self._tags.append(tag)
        self._frames.append(frame)

    def _find_open(self, tags: tuple[str, ...], boundary: tuple[str, ...]) -> int:
        """Stack index of the innermost open element among ``tags`` not behind a ``boundary`` element."""
        best = -1
        for tag in tags:
            where = self._where.get(tag)
            if where and where[-1] > best:
                best = where[-1]
        if best >= 0:
            for tag in boundary:
                where = self._where.get(tag)
                if where and where[-1] > best:
                    return -1
        return best

    def _close_open(self, tags: tuple[str, ...], boundary: tuple[str, ...]) -> None:
        index = self._find_open(tags, boundary)
        if index >= 0:
            while len(self._tags) > index:
                self._pop()

    # --- parser events --------------------------------------------------------------------

    def _tick(self) -> None:
        self._events += 1
        if not self._events & 4095:
            self._deadline.check()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tick()
        if self._where.get("head") and (tag == "body" or tag not in _HEAD_CONTENT):
            self._close_open(("head",), ())
        for tags, boundary in _IMPLIED_END.get(tag, ()):
            self._close_open(tags, boundary)
        if tag in _VOID:
            if not self._unseen:
                if tag == "br":
                    self._break()
                elif tag == "hr":
                    self._flush()
            return
        if self._unseen or tag in _UNSEEN:
            capture = tag == "title" and self.page_title is None and self._title is None
            if capture:
                self._title = LineBuilder()
            self._push(tag, _TITLE_FRAME if capture else _UNSEEN_FRAME)
            self._unseen += 1
            return
        if not attrs and tag not in _ROLE_TAGS:  # the common case, kept quick
            if tag in _BLOCKS:
                self._break()
            self._push(tag, None)
            return
        self._push(tag, self._open(tag, {name: value or "" for name, value in attrs}))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        self._tick()
        if tag == "br":  # "</br>" is read as <br> by browsers
            self.handle_starttag(tag, [])
            return
        if tag in ("body", "html"):
            return  # the end of the input closes everything
        if tag in _TABLE_PARTS:
            boundary: tuple[str, ...] = ("table",)
        elif tag == "table":
            boundary = ()
        else:  # browsers ignore an end tag whose element is outside the current table cell
            boundary = ("td", "th", "table", "caption")
        index = self._find_open((tag,), boundary)
        if index >= 0:
            while len(self._tags) > index:
                self._pop()
        elif tag == "p" and not self._unseen:
            self._flush()  # a stray </p> is an empty paragraph

    def parse_html_declaration(self, i: int) -> int:
        try:
            return super().parse_html_declaration(i)
        except AssertionError:  # a malformed <![...]> (Word writes <![if ...]>): a bogus comment, as in browsers
            end = self.rawdata.find(">", i + 2)
            return end + 1 if end >= 0 else -1

    def goahead(self, end: bool) -> None:
        self._raw = 0  # each pass starts at the beginning of what is left of rawdata
        super().goahead(end)

    def updatepos(self, i: int, j: int) -> int:
        self._raw = j  # handle_data is called with the text that starts here, entities decoded
        return super().updatepos(i, j)

    def handle_data(self, data: str) -> None:
        self._tick()
        if self._unseen:
            if self._tags[-1] == "head" and data.strip():
                self._close_open(("head",), ())  # text starts the body
            elif self._frames[-1] is _TITLE_FRAME and self._title is not None:
                for piece, line, column in self._pieces(data):
                    self._title.feed(piece, line, column)
            if self._unseen:
                return
        if self.rawdata.startswith(data, self._raw):  # no entities: one piece, where the parser stands
            found: list[tuple[str, int, int]] = [(data, self.lineno, self.offset + 1)]
        else:
            found = self._pieces(data)
        for piece, line, column in found:
            if self._pre:
                for i, part in enumerate(piece.split("\n")):
                    if i:
                        self._flush()
                    self._line.feed(part, line + i, column if i == 0 else 1)
            else:
                self._line.feed(piece, line, column)
            if self._cell is not None:
                self._cell.feed(piece, line, column)
                if self._cell.length > LONG_CELL:
                    self._tables[-1].make_layout()
                    self._cell = None

    def _pieces(self, data: str) -> list[tuple[str, int, int]]:
        line, offset = self.getpos()
        return pieces(self.rawdata, self._raw, data, line, offset + 1)

    def close(self) -> None:
        super().close()
        while self._tags:
            self._pop()
        self._flush()

    # --- opening and closing elements -------------------------------------------------------

    def _open(self, tag: str, attrs: dict[str, str]) -> _Frame | None:
        names = f"{attrs.get('id', '')} {attrs.get('class', '')}"
        style = attrs.get("style", "").replace(" ", "").lower()
        hidden = "display:none" in style or "visibility:hidden" in style or "hidden" in attrs
        chrome = tag in _CHROME_TAGS or hidden or (tag not in _TABLE_TAGS and _CHROME.search(names) is not None)
        content = _CONTENT.search(names) is not None
        title = tag in ("h1", "h2", "h3") or "title" in names.lower()
        is_table, is_cell = tag == "table", tag in ("td", "th") and bool(self._tables)
        if tag in _BLOCKS:
            self._break()
        if tag == "tr" and self._tables:
            self._tables[-1].start_row(self._here())
        if not (chrome or content or title or is_table or is_cell or tag in ("pre", "caption")):
            return None
        frame = _Frame()
        frame.position = self._here()
        if is_table:
            if self._tables:
                self._tables[-1].make_layout()  # a table inside a table: the outer one is page layout
                self._cell = None
            frame.table = TableFrame(self.tape.checkpoint())
            self._tables.append(frame.table)
        if is_cell:
            table = self._tables[-1]
            frame.cell_table = table
            frame.colspan = span(attrs.get("colspan")) or 1
            frame.rowspan = span(attrs.get("rowspan"))
            if not table.layout:
                self._cells -= 1
                if self._cells < 0:
                    raise too_large()
                frame.cell = self._cell = LineBuilder()
        frame.pre = tag == "pre"
        self._pre += frame.pre
        frame.caption = tag == "caption"
        if chrome or content or title:
            frame.chrome, frame.content, frame.title = chrome, content, title
            frame.point = self.tape.checkpoint()
            frame.line_state = self._line.snapshot()
            if self._cell is not None:
                frame.cell_state = (self._cell, self._cell.snapshot())
            if self._tables:
                frame.table_state = (self._tables[-1], self._tables[-1].size)
            self._tracking += chrome + content
        return frame

    def _here(self) -> tuple[int, int]:
        line, column = self.getpos()
        return line, column + 1

    def _pop(self) -> None:
        tag = self._tags.pop()
        frame = self._frames.pop()
        self._where[tag].pop()
        if frame is _UNSEEN_FRAME or frame is _TITLE_FRAME:
            self._unseen -= 1
            if frame is _TITLE_FRAME and self._title is not None:
                self.page_title = (self._title.text()[:300], self._title.marks)
                self._title = None
            return
        if tag in _BLOCKS:
            self._break()
        if frame is None:
            return
        self._pre -= frame.pre
        if frame.cell is not None:
            self._end_cell(frame, frame.cell)
        if frame.caption and self._tables and not self._tables[-1].rows:
            self._tables[-1].start = self.tape.checkpoint()  # a caption stays above the grid
        if frame.table is not None:
            self._end_table(frame.table)
        if frame.title:
            self._end_heading(frame)
        if frame.content:
            self._tracking -= 1
            self._end_content(frame)
        if frame.chrome:
            self._tracking -= 1
            self._end_chrome(frame)

    def _end_cell(self, frame: _Frame, builder: LineBuilder) -> None:
        if self._cell is builder:
            self._cell = None
        table = frame.cell_table
        if table is not None and not table.layout:
            table.add_cell(builder.text(), builder.marks, frame.position, frame.colspan, frame.rowspan)

    def _end_table(self, table: TableFrame) -> None:
        self._tables.pop()
        if table.layout:
            return
        self._deadline.check()
        found = grid(table, self._budget)
        if found is not None:
            self._cut(table.start)
            found.write(self.tape)

    def _end_heading(self, frame: _Frame) -> None:
        start = frame.point[0]
        if self.tape.lines - start > 3 or self.tape.chars - frame.point[1] > _TITLE_CHARS * 2:
            return
        text = self.tape.text(start, self.tape.lines).replace("\n", "")
        if "年度报告" in text and len(text) < _TITLE_CHARS and len(self.headings) < 8:
            self.headings.append(Candidate(start, self.tape.lines))

    def _end_content(self, frame: _Frame) -> None:
        start = frame.point[0]
        score = len(self._sections_since(frame))
        if score < 3:
            return
        candidate = Candidate(start, self.tape.lines, score, self.tape.chars - frame.point[1])
        best = self.body
        if best is None or (score, -candidate.chars) > (best.score, -best.chars):
            self.body = candidate

    def _end_chrome(self, frame: _Frame) -> None:
        """Drop the element's text unless it holds the report (sections or its dated title)."""
        if len(self._sections_since(frame)) >= 2:
            return
        line_state = frame.line_state
        assert line_state is not None  # _open sets it on every chrome element
        committed = self.tape.lines != frame.point[0]
        own = self._line.text() if committed else self._line.since(line_state)
        if self.tape.chars - frame.point[1] + len(own) < _TITLE_CHARS:
            text = self.tape.text(frame.point[0], self.tape.lines) + own
            if _DATED_TITLE.search(text.replace("\n", "")):
                return
        if not committed:
            self._line.restore(line_state)
        else:
            # The line the element began in was committed with the element's first text: keep
            # the part before the element as a line of its own, with its marks.
            lines, chars, marks, merged = frame.point
            prefix_length, prefix_marks = line_state[1], line_state[4]
            prefix = self.tape.line(lines)[:prefix_length] if prefix_length else ""
            self._cut((lines, chars, marks + (prefix_marks if prefix else 0), merged))
            if prefix:
                self._commit(prefix, [])
            self._line = LineBuilder()
        if frame.cell_state is not None and frame.cell_state[0] is self._cell:
            self._cell.restore(frame.cell_state[1])
        if frame.table_state is not None:
            table, size = frame.table_state
            table.cut(size)

    # --- text -------------------------------------------------------------------------------

    def _break(self) -> None:
        """A line break: the paragraph ends, and inside a table cell its text wraps."""
        self._flush()
        if self._cell is not None:
            self._cell.space(BREAK)

    def _flush(self) -> None:
        line = self._line
        if line.length:
            self._commit("".join(line.parts), line.marks)
            self._line = LineBuilder()

    def _commit(self, text: str, marks: list[Mark]) -> None:
        if self._tracking:
            for match in _SECTIONS.finditer(text):
                self._hits[_section_index(match)].append(self.tape.lines)
        self.tape.commit(text, marks)

    def _sections_since(self, frame: _Frame) -> set[int]:
        """The report sections named in the element's text (committed lines and the open line)."""
        start = frame.point[0]
        line_state = frame.line_state
        assert line_state is not None  # asked only of content and chrome elements: _open sets it on them
        found = {i for i, hits in enumerate(self._hits) if hits and hits[-1] >= start}
        own = self._line.text() if self.tape.lines != start else self._line.since(line_state)
        found.update(_section_index(match) for match in _SECTIONS.finditer(own))
        return found

    def _cut(self, point: tuple[int, int, int, int]) -> None:
        """Cut the tape back to ``point``; forget what was learned about the lines cut."""
        self.tape.truncate(point)
        lines = point[0]
        for hits in self._hits:
            while hits and hits[-1] >= lines:
                hits.pop()
        if self.body is not None and self.body.end > lines:
            self.body = None
        self.headings = [heading for heading in self.headings if heading.end <= lines]
