"""HTML pages: the report as published on a government website, without the page around it.

Decoding follows what browsers do for Chinese sites: a BOM wins, then the charset
declared in ``<meta>``, then UTF-8, then GB18030 (a superset of GBK/GB2312, which
many government sites still serve).  The standard library's ``html.parser`` feeds a
small, forgiving tree builder (implied ``</p>``, ``</td>``, ``</tr>``; a nesting cap
so hostile markup cannot exhaust the stack).  Site chrome is dropped — script,
style, nav, header, footer and elements whose id/class says menu, nav, footer,
header, breadcrumb or sidebar — unless it contains report sections; and when an
element whose id/class says content/article/zoom/TRS_Editor/main holds the report,
only that element (plus the report title, usually just outside it) is read.  Data
tables become TAB-separated grids with rowspan/colspan resolved; layout tables
(nested tables, a single column, or page-length cells) are read as ordinary flow.
Each line and cell is located by the line and column of its text in the HTML file.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from html.parser import HTMLParser

from linter.readers import ReadError
from linter.readers.common import MAX_HTML_BYTES, Deadline, LocatedText, clean, mb
from linter.source import Locator, Source

_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_DROPPED_TAGS = frozenset(
    "script style nav header footer noscript template iframe select option button textarea "
    "head title svg object".split()
)
_BLOCKS = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd tr td th table tbody thead tfoot caption section article "
    "aside main blockquote pre address center form fieldset figure figcaption hr body html".split()
)
# A start tag of one of these closes an open <p> (the HTML rule, abridged).
_CLOSES_P = frozenset(
    "p div h1 h2 h3 h4 h5 h6 ul ol dl table pre blockquote section article address center form hr li".split()
)
_CHROME = re.compile(r"menu|nav|footer|header|breadcrumb|crumb|sidebar", re.I)
_CONTENT = re.compile(r"content|article|zoom|trs_editor|main|detail|zhengwen", re.I)
_SECTIONS = [re.compile(p) for p in (
    "总体情况", "主动公开", "收到和处理|依申请", "行政复议", "存在.{0,4}问题", "其他需要报告")]
_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_WS = re.compile(r"[ \t\n\r\f\xa0]+")
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
# Browsers drop a source line break between two CJK characters (CSS Text segment-break rules).
_CJK_BREAK = re.compile(f"(?<=[{_CJK}])[ \\t\\r\\f]*\\n[ \\t\\r\\n\\f]*(?=[{_CJK}])")
_TABLE_TAGS = frozenset("table thead tbody tfoot tr td th caption colgroup col".split())
_DATED_TITLE = re.compile(r"(19|20)\d{2}年.{0,30}年度报告")
_MAX_DEPTH = 300
_MAX_CELLS = 200_000
_MAX_SPAN = 1000
_LONG_CELL = 500  # characters: a cell this long is page layout, not a statistics table


def read_html(path: str, data: bytes) -> Source:
    if len(data) > MAX_HTML_BYTES:
        raise ReadError(f"网页文件过大（{mb(len(data))} MB），超过 {mb(MAX_HTML_BYTES)} MB 上限")
    markup, encoding = decode_html(data)
    deadline = Deadline()
    try:
        builder = _TreeBuilder(deadline)
        builder.feed(markup)
        builder.close()
        text, locator = _Renderer(builder, deadline).render()
    except ReadError:
        raise
    except (RecursionError, MemoryError):
        raise ReadError("网页结构过于复杂（嵌套过深或过大），拒绝读取") from None
    except Exception as exc:
        raise ReadError(f"无法解析网页（{type(exc).__name__}: {exc}）"[:200]) from None
    if not text.strip():
        raise ReadError("网页中没有正文文字")
    return Source(path=path, text=text, encoding=encoding, kind="html", locator=locator)


def decode_html(data: bytes) -> tuple[str, str]:
    """Decode as a browser would for a Chinese site; raise :class:`ReadError` if nothing fits."""
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding.replace("-sig", "")
            except UnicodeDecodeError:
                raise ReadError(f"网页以 {encoding} 字节序标记开头，但内容无法按该编码解码") from None
    if b"\x00" in data[:8192]:
        raise ReadError("这不是网页文本（含空字节），可能是二进制文件")
    declared = _declared_charset(data[:8192])
    candidates = ["utf-8", "gb18030"]
    if declared in ("utf-8", "gb18030", "big5", "big5hkscs"):
        candidates.insert(0, declared)
    elif declared:
        candidates.append(declared)  # a Western single-byte charset decodes anything, so try it last
    candidates = list(dict.fromkeys(candidates))
    for encoding in candidates:
        try:
            return data.decode(encoding), encoding
        except (UnicodeDecodeError, LookupError):
            continue
    # A few broken bytes (a multi-byte character cut by a CMS) should not lose the whole page,
    # as they do not in a browser; a page that is mostly undecodable is refused.
    decoded = [(data.decode(e, errors="replace"), e) for e in candidates[:2]]
    text, encoding = min(decoded, key=lambda pair: pair[0].count("\ufffd"))
    if text.count("\ufffd") <= max(3, len(text) // 1000):
        return text, encoding
    said = f"声明为 {declared}，但" if declared else ""
    raise ReadError(f"无法识别网页编码：{said}内容既不是 UTF-8，也不是 GB18030/GBK")


def _declared_charset(head: bytes) -> str | None:
    match = _CHARSET.search(head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "ignore").lower()
    if label in ("gbk", "gb2312", "gb_2312-80", "x-gbk", "gb18030", "cp936", "euc-cn", "csgb2312"):
        return "gb18030"  # browsers decode all of these as GB18030's superset
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


class _Node:
    __slots__ = ("tag", "attrs", "children", "pos", "start", "end", "data")

    def __init__(self, tag: str, pos: tuple[int, int], start: int, attrs: dict[str, str] | None = None,
                 data: str = "") -> None:
        self.tag = tag
        self.attrs = attrs or {}
        self.children: list[_Node] = []
        self.pos = pos  # (line, column) in the HTML file, 1-based
        self.start = start  # span in the builder's whitespace-free text index
        self.end = start
        self.data = data

    def elements(self, tag: str | None = None) -> Iterator[_Node]:
        stack = list(reversed(self.children))
        while stack:
            node = stack.pop()
            if node.tag != "#text":
                if tag is None or node.tag == tag:
                    yield node
                stack.extend(reversed(node.children))


class _TreeBuilder(HTMLParser):
    """Forgiving tree builder; also indexes all visible text (whitespace removed) for quick scoring."""

    def __init__(self, deadline: Deadline) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("#root", (1, 1), 0)
        self.stack = [self.root]
        self.index_parts: list[str] = []
        self.index_length = 0
        self._deadline = deadline
        self._events = 0

    def _pos(self) -> tuple[int, int]:
        line, offset = self.getpos()
        return line, offset + 1

    def _tick(self) -> None:
        self._events += 1
        if self._events % 5000 == 0:
            self._deadline.check()

    def _close_to(self, index: int) -> None:
        while len(self.stack) > index:
            self.stack.pop().end = self.index_length

    def _find_open(self, tags: tuple[str, ...], boundary: tuple[str, ...]) -> int:
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag in tags:
                return i
            if tag in boundary:
                return -1
        return -1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tick()
        if tag in _CLOSES_P:
            self._implied_close(("p",), ("td", "th", "table", "div", "li", "body"))
        if tag == "li":
            self._implied_close(("li",), ("ul", "ol", "table"))
        elif tag in ("td", "th"):
            self._implied_close(("td", "th"), ("tr", "table"))
        elif tag == "tr":
            self._implied_close(("tr",), ("table",))
        elif tag in ("thead", "tbody", "tfoot"):
            self._implied_close(("thead", "tbody", "tfoot"), ("table",))
        node = _Node(tag, self._pos(), self.index_length, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(node)
        if tag not in _VOID and len(self.stack) < _MAX_DEPTH:
            self.stack.append(node)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tick()
        self.stack[-1].children.append(_Node(tag, self._pos(), self.index_length, {k: v or "" for k, v in attrs}))

    def _implied_close(self, tags: tuple[str, ...], boundary: tuple[str, ...]) -> None:
        index = self._find_open(tags, boundary)
        if index > 0:
            self._close_to(index)

    def handle_endtag(self, tag: str) -> None:
        self._tick()
        if tag == "br":  # "</br>" is read as <br> by browsers
            self.stack[-1].children.append(_Node("br", self._pos(), self.index_length))
            return
        boundary = ("table",) if tag in ("td", "th", "tr", "tbody", "thead", "tfoot") else ()
        index = self._find_open((tag,), boundary)
        if index > 0:
            self._close_to(index)

    def handle_data(self, data: str) -> None:
        self._tick()
        parent = self.stack[-1]
        parent.children.append(_Node("#text", self._pos(), self.index_length, data=data))
        if parent.tag not in ("script", "style"):
            squeezed = _WS.sub("", data)
            self.index_parts.append(squeezed)
            self.index_length += len(squeezed)

    def close(self) -> None:
        super().close()
        self._close_to(1)
        self.root.end = self.index_length


def _advance(pos: tuple[int, int], text: str, count: int) -> tuple[int, int]:
    """The file position ``count`` characters into ``text`` that starts at ``pos``."""
    prefix = text[:count]
    newlines = prefix.count("\n")
    if not newlines:
        return pos[0], pos[1] + count
    return pos[0] + newlines, count - prefix.rfind("\n")


def _classes(node: _Node) -> str:
    return f"{node.attrs.get('id', '')} {node.attrs.get('class', '')}"


class _Renderer:
    def __init__(self, builder: _TreeBuilder, deadline: Deadline) -> None:
        self.root = builder.root
        self.index = "".join(builder.index_parts)
        self.deadline = deadline
        self.out = LocatedText()
        self.buffer: list[str] = []
        self.buffer_pos: tuple[int, int] | None = None
        self.pre = 0

    def score(self, node: _Node) -> int:
        text = self.index[node.start:node.end]
        return sum(1 for pattern in _SECTIONS if pattern.search(text))

    def render(self) -> tuple[str, Locator]:
        container = self._container()
        start = container or next(self.root.elements("body"), None) or self.root
        if container is not None:
            title = self._title(container)
            if title is not None:
                self._walk(title)
                self._flush()
        self._walk(start)
        self._flush()
        return self.out.build()

    def _container(self) -> _Node | None:
        """The innermost content-like element holding most of the report's sections."""
        best: tuple[int, int] | None = None
        chosen = None
        for node in self.root.elements():
            if not _CONTENT.search(_classes(node)):
                continue
            score = self.score(node)
            key = (score, -(node.end - node.start))
            if score >= 3 and (best is None or key > best):
                best, chosen = key, node
        return chosen

    def _title(self, container: _Node) -> _Node | None:
        if _DATED_TITLE.search(self.index[container.start:container.start + 80]):
            return None  # the container starts with the report's own title
        for node in self.root.elements():
            if node.start >= container.start and node.end <= container.end and node.end > node.start:
                continue
            looks_title = node.tag in ("h1", "h2", "h3") or "title" in _classes(node).lower()
            text = self.index[node.start:node.end]
            if looks_title and node.tag != "title" and "年度报告" in text and len(text) < 120:
                return node
        return None

    def _dropped(self, node: _Node) -> bool:
        style = node.attrs.get("style", "").replace(" ", "").lower()
        chrome = (
            node.tag in _DROPPED_TAGS
            # table parts are never chrome: a header cell may well be class="header"
            or (node.tag not in _TABLE_TAGS and _CHROME.search(_classes(node)) is not None)
            or "display:none" in style
            or "hidden" in node.attrs
        )
        return chrome and not self._holds_report(node)

    def _holds_report(self, node: _Node) -> bool:
        """Chrome never holds report sections or the dated report title; keep anything that does."""
        if self.score(node) >= 2:
            return True
        text = self.index[node.start:node.end]
        return len(text) < 120 and _DATED_TITLE.search(text) is not None

    def _flush(self) -> None:
        text = "".join(self.buffer)
        if text.strip():
            self.out.line(text, {"line": self.buffer_pos[0], "column": self.buffer_pos[1]} if self.buffer_pos else None)
        self.buffer = []
        self.buffer_pos = None

    def _text(self, node: _Node) -> None:
        data = node.data
        if self.pre:
            lines = data.split("\n")
            for i, piece in enumerate(lines):
                if i:
                    self._flush()
                self._append(piece, node, data, sum(len(x) + 1 for x in lines[:i]))
            return
        self._append(data, node, data, 0)

    def _append(self, piece: str, node: _Node, whole: str, base: int) -> None:
        if self.buffer_pos is None:
            stripped = len(piece) - len(piece.lstrip())
            if stripped < len(piece):
                self.buffer_pos = _advance(node.pos, whole, base + stripped)
        self.buffer.append(_WS.sub(" ", _CJK_BREAK.sub("", piece)))

    def _walk(self, node: _Node) -> None:
        for child in node.children:
            if child.tag == "#text":
                self._text(child)
                continue
            if self._dropped(child):
                continue
            tag = child.tag
            if tag in ("br", "hr"):
                self._flush()
                continue
            if tag == "table":
                grid = self._data_table(child)
                if grid is not None:
                    self._flush()
                    self.out.blank()
                    for row in grid:
                        self.out.row([(text, {"line": pos[0], "column": pos[1]}) for text, pos in row])
                    self.out.blank()
                    continue
            self.deadline.check()
            block = tag in _BLOCKS
            if block:
                self._flush()
            self.pre += tag == "pre"
            self._walk(child)
            self.pre -= tag == "pre"
            if block:
                self._flush()

    def _rows(self, table: _Node) -> list[_Node]:
        rows = []
        for child in table.children:
            if child.tag == "tr":
                rows.append(child)
            elif child.tag in ("thead", "tbody", "tfoot"):
                rows.extend(c for c in child.children if c.tag == "tr")
        return rows

    def _data_table(self, table: _Node) -> list[list[tuple[str, tuple[int, int]]]] | None:
        """The table as a full grid, or None when it is page layout rather than a statistics table."""
        if next(table.elements("table"), None) is not None:
            return None
        rows = self._rows(table)
        cells: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
        for r, tr in enumerate(rows):
            c = 0
            for td in tr.children:
                if td.tag not in ("td", "th"):
                    continue
                while (r, c) in cells:
                    c += 1
                colspan = _span(td.attrs.get("colspan")) or 1
                rowspan = _span(td.attrs.get("rowspan")) or len(rows) - r  # rowspan="0": to the end
                text, pos = self._cell_text(td)
                if len(text) > _LONG_CELL:
                    return None
                rowspan = min(rowspan, len(rows) - r)
                if len(cells) + colspan * rowspan > _MAX_CELLS:
                    raise ReadError("网页中的表格过大（合并单元格展开后超过 20 万格），拒绝读取")
                for dr in range(rowspan):
                    for dc in range(min(colspan, _MAX_SPAN)):
                        cells[(r + dr, c + dc)] = (text if dr == dc == 0 else "", pos)
                c += colspan
        width = max((c for _, c in cells), default=-1) + 1
        if width <= 1:
            return None
        if width * len(rows) > _MAX_CELLS:
            raise ReadError("网页中的表格过大（合并单元格展开后超过 20 万格），拒绝读取")
        grid = []
        for r, tr in enumerate(rows):
            if not any((r, c) in cells for c in range(width)):
                continue  # a <tr> without cells, as Word's HTML export leaves behind
            grid.append([cells.get((r, c), ("", tr.pos)) for c in range(width)])
        return grid

    def _cell_text(self, td: _Node) -> tuple[str, tuple[int, int]]:
        parts: list[str] = []
        pos: tuple[int, int] | None = None
        stack = [td]
        while stack:
            node = stack.pop()
            if node.tag == "#text":
                stripped = len(node.data) - len(node.data.lstrip())
                if pos is None and stripped < len(node.data):
                    pos = _advance(node.pos, node.data, stripped)
                parts.append(_WS.sub(" ", _CJK_BREAK.sub("", node.data)))
                continue
            if node is not td and self._dropped(node):
                continue
            if node.tag in _BLOCKS or node.tag == "br":
                parts.append(" ")
            stack.extend(reversed(node.children))
        return clean("".join(parts)), pos or td.pos


def _span(value: str | None) -> int:
    try:
        return max(0, min(int((value or "1").strip().rstrip(";")), _MAX_SPAN))
    except ValueError:
        return 1
