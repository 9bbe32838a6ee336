"""PDF: the text layer read with pdfium, ruled tables as TAB-separated grids.

pdfium (through pypdfium2's library) gives each page's characters and ruling lines
(:mod:`pdf_extract`), in a child process that is killed when it overruns
(:mod:`pdf_sandbox`), after a size check of every compressed stream (:mod:`pdf_streams`);
:mod:`pdf_layout` turns them into text lines and ruled tables by pdfplumber's rules.
Per page, tables drawn with ruling lines become one line per row, merged cells as empty
strings; the text outside them comes as lines in reading order.  Three repairs undo
what pagination and line wrapping do to a report, because each would otherwise break
the table parser or hide a narrative number: a table that runs over a page break is
joined back into one (and a row that Word split across the break is glued together
again); bare page numbers at the top or bottom of a page ("- 3 -", "第3页") are
dropped; and lines of running text that reach the right margin are rejoined with the
next line unless that one is indented or is a heading.  Encrypted, corrupt, image-only
(scanned), oversized and hostile files are refused with a ReadError.  Addresses are
``{"page": p, "line": l}``, l counting text lines and table rows from the top of the
page; a rejoined paragraph keeps every physical line's address.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from linter.readers import ReadError
from linter.readers.common import MAX_PDF_BYTES, Deadline, LocatedText, clean, mb
from linter.readers.pdf_extract import read_pages
from linter.readers.pdf_layout import BOTTOM, TOP, X0, X1, CharIndex, dedupe, find_tables, text_lines
from linter.readers.pdf_pdfium import library
from linter.readers.pdf_sandbox import ITEM_SECONDS, isolated
from linter.readers.pdf_streams import check_streams
from linter.source import Source

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
_WRAP_CJK = re.compile(f"(?<=[{_CJK}])\\s*\\n\\s*|\\s*\\n\\s*(?=[{_CJK}])")
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－]\s*(\d{1,4})\s*[-—–－]|第\s*(\d{1,4})\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|(\d{1,4}))\s*$")
_HEADING = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}[.、．](?!\d))")
_NUMBER = re.compile(r"^\s*-?[\d,，.]+\s*$")
_LATIN_WORD = re.compile(r"[A-Za-z0-9@._:/\-]+")
_CID = re.compile(r"\(cid:\d+\)")


@dataclass
class _Line:
    text: str
    page: int
    line: int
    x0: float = 0.0
    x1: float = 0.0
    size: float = 0.0


@dataclass
class _Table:
    rows: list[tuple[list[str], int, int]] = field(default_factory=list)  # (cells, page, line)


Block = _Line | _Table


def read_pdf(path: str, data: bytes) -> Source:
    if len(data) > MAX_PDF_BYTES:
        raise ReadError(f"PDF 文件过大（{mb(len(data))} MB），超过 {mb(MAX_PDF_BYTES)} MB 上限")
    if b"%PDF-" not in data[:1024]:
        if data.startswith(b"PK"):
            raise ReadError("这不是 PDF 文件，而是 zip 压缩包（可能是 Word .docx），请检查扩展名")
        raise ReadError("PDF 文件已损坏：文件开头没有 %PDF- 标记，不是 PDF 文件")
    deadline = Deadline()
    check_streams(data, deadline)
    library()  # loaded here, once: every extracting process inherits it
    pages: list[list[Block]] = []
    chars = 0
    extracted = isolated(lambda: read_pages(data, deadline), deadline, _stalled)
    try:
        for number, page_chars, edges in extracted:
            deadline.check()
            page_chars = dedupe(page_chars)  # some producers fake bold by printing every glyph twice
            chars += len(page_chars)
            pages.append(_read_page(page_chars, edges, number, deadline) if page_chars else [])
    finally:
        extracted.close()  # stops the extracting process at once when this page failed
    if chars == 0:
        raise ReadError("PDF 没有文字层（可能是扫描件或图片），无法检查；请提供可复制文字的 PDF 或 Word 原件")
    text, locator = _emit(pages)
    return Source(path=path, text=text, encoding="utf-8", kind="pdf", locator=locator)


def _stalled(page: int) -> str:
    return f"PDF 第 {page} 页内容过于复杂，{ITEM_SECONDS:.0f} 秒内未能解析，拒绝读取"


def _read_page(chars: list, edges: list, number: int, deadline: Deadline) -> list[Block]:
    tables = find_tables(edges, deadline)
    boxes = [t.bbox for t in tables]

    def outside(char: tuple) -> bool:
        x = (char[X0] + char[X1]) / 2
        y = (char[TOP] + char[BOTTOM]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    # (top, kind, payload): text lines and tables interleaved by vertical position
    items: list[tuple[float, int, Any]] = [
        (line.top, 0, line) for line in text_lines([c for c in chars if outside(c)] if tables else chars)
    ]
    if tables:
        index = CharIndex(chars)
        items += [(table.bbox[1], 1, table.extract(index)) for table in tables]
    items.sort(key=lambda item: (item[0], item[1]))
    blocks: list[Block] = []
    count = 0
    for _, kind, payload in items:
        if kind == 0:
            if payload.text.strip():
                count += 1
                blocks.append(_Line(payload.text, number, count, payload.x0, payload.x1, payload.bottom - payload.top))
            continue
        width = max((len(row) for row in payload), default=0)
        table = _Table()
        for row in payload:
            count += 1
            table.rows.append(([_unwrap(cell) for cell in row] + [""] * (width - len(row)), number, count))
        if table.rows:
            blocks.append(table)
    return blocks


def _unwrap(cell: str | None) -> str:
    """Cell text wrapped over several lines: CJK joins without a space, anything else with one."""
    if not cell:
        return ""
    return _WRAP_CJK.sub("", cell).replace("\n", " ")


def _is_page_number(block: Block, page: int) -> bool:
    if not isinstance(block, _Line):
        return False
    match = _PAGE_NUMBER.match(block.text)
    return match is not None and (match.group(3) is None or int(match.group(3)) == page)


def _join_tables(first: _Table, second: _Table) -> None:
    """Append a table's continuation from the next page, gluing a row split by the page break."""
    width = max(len(first.rows[0][0]), len(second.rows[0][0]))
    for table in (first, second):
        table.rows = [(cells + [""] * (width - len(cells)), page, line) for cells, page, line in table.rows]
    last, head = first.rows[-1][0], second.rows[0][0]
    if _split_row(last, head):
        glued = [a + b if a and b and not (_NUMBER.match(a) or _NUMBER.match(b)) else a or b
                 for a, b in zip(last, head, strict=True)]
        first.rows[-1] = (glued, *first.rows[-1][1:])
        second.rows.pop(0)
    first.rows.extend(second.rows)


def _split_row(upper: list[str], lower: list[str]) -> bool:
    """True when two rows are the halves of one row: one half holds no numbers and only
    text in columns the other half also fills (a label that wrapped onto the next page)."""
    def filled(cells: list[str]) -> set[int]:
        return {i for i, c in enumerate(cells) if c.strip()}

    def numeric(cells: list[str]) -> set[int]:
        return {i for i, c in enumerate(cells) if _NUMBER.match(c)}

    for part, other in ((lower, upper), (upper, lower)):
        if filled(part) and not numeric(part) and filled(part) <= filled(other) - numeric(other):
            return True
    return False


def _emit(pages: list[list[Block]]) -> tuple[str, Any]:
    blocks: list[Block] = []
    for number, page in enumerate(pages, start=1):
        page = list(page)
        while page and _is_page_number(page[-1], number):
            page.pop()
        while page and _is_page_number(page[0], number):
            page.pop(0)
        head, previous = (page[0], blocks[-1]) if page and blocks else (None, None)
        if isinstance(head, _Table) and isinstance(previous, _Table):
            _join_tables(previous, head)  # the same table, continued on the next page
            page.pop(0)
        blocks.extend(page)
    out = LocatedText()
    paragraph: list[_Line] = []
    margins = _Margins([b for b in blocks if isinstance(b, _Line)])
    for block in blocks:
        if isinstance(block, _Line):
            if paragraph and not margins.continues(paragraph[-1], block):
                _paragraph(out, paragraph)
                paragraph = []
            paragraph.append(block)
            continue
        if paragraph:
            _paragraph(out, paragraph)
            paragraph = []
        out.blank()
        for cells, page_no, line_no in block.rows:
            address = {"page": page_no, "line": line_no}
            out.row([(cell, address) for cell in cells])
        out.blank()
    if paragraph:
        _paragraph(out, paragraph)
    text, locator = out.build()
    if sum(len(m) for m in _CID.findall(text)) > 0.3 * len(text):
        raise ReadError("PDF 字体缺少 Unicode 映射，提取出的文字是乱码（cid 编码）；请提供 Word 原件或重新导出 PDF")
    return text, locator


def _paragraph(out: LocatedText, lines: list[_Line]) -> None:
    parts: list[tuple[str, dict[str, int] | None]] = []
    previous = ""
    for line in lines:
        text = clean(line.text)
        if previous and previous[-1].isascii() and previous[-1].isalnum() and text[:1].isascii() and text[:1].isalnum():
            text = " " + text  # an English word or number wrapped at the margin
        parts.append((text, {"page": line.page, "line": line.line}))
        previous = text
    out.pieces(parts)


class _Margins:
    """The text block's left and right edges, taken as the most common line starts and ends
    (justified running text fills the measure exactly), to tell wrapped lines from paragraph ends."""

    def __init__(self, lines: list[_Line]) -> None:
        self.left = _mode([ln.x0 for ln in lines])
        self.right = _mode([ln.x1 for ln in lines])
        sizes = sorted(ln.size for ln in lines)
        self.size = sizes[len(sizes) // 2] if sizes else 10.0

    def continues(self, previous: _Line, line: _Line) -> bool:
        if previous.page not in (line.page, line.page - 1):
            return False
        # The line broke because the next word did not fit: the gap is narrower than that word.
        word = _LATIN_WORD.match(line.text.lstrip())
        next_word = 0.55 * self.size * len(word.group()) if word else self.size
        reaches_right = self.right - previous.x1 <= max(1.5 * self.size, next_word + 0.5 * self.size)
        indented = line.x0 > self.left + 0.8 * self.size
        ends_clause = previous.text.rstrip()[-1:] in "。：:；;！？"
        return reaches_right and not indented and not (ends_clause and _HEADING.match(line.text))


def _mode(values: list[float]) -> float:
    if not values:
        return 0.0
    return float(Counter(round(v) for v in values).most_common(1)[0][0])
