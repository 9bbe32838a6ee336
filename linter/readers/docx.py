"""Word .docx: body paragraphs as lines, tables as full grids of TAB-separated cells.

The zip's central directory is checked before any part is read, so a zip bomb or a
renamed .doc/.pdf/.xlsx is refused cheaply with a clear message.  The main document
(found through the package relationships, as Word finds it) and its numbering and
styles parts are parsed with lxml, and the body is walked in document order
(paragraphs, tables, and the content controls that wrap them).  Merged cells are resolved into the table grid
(``gridSpan`` and ``vMerge``: text in the first covered cell, empty strings in the
rest), because the table parser needs every row to be as wide as the grid.  Word's
automatic list numbering ("一、", "（一）", "1.") is not part of the paragraph text
but is what the reader sees, so it is rendered from numbering.xml.  Addresses:
``{"paragraph": n}`` for the n-th body paragraph, ``{"table": t, "row": r,
"column": c}`` for grid cells (all 1-based); the locator also knows each grid cell's
visible position in its row (a merged cell counts once).  :func:`walk` is shared with
``linter.annotate`` so that both name the same elements.

Hostile files are refused before anything is built: table cells and gridSpan widths
are counted in the raw XML before it is parsed, and list start values are
checked against Word's own range before a label is rendered.
"""

from __future__ import annotations

import contextlib
import io
import posixpath
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple

from linter.form import numeral
from linter.readers import ReadError
from linter.readers.common import (
    MAX_DOCX_BYTES,
    MAX_DOCX_ENTRIES,
    MAX_DOCX_TOTAL_BYTES,
    MAX_DOCX_XML_BYTES,
    MAX_ZIP_RATIO,
    Deadline,
    LocatedText,
    mb,
)
from linter.source import Source

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAX_SPAN = 1000  # columns one cell may cover; Word's own limit is 63
_MAX_CELLS = 200_000  # grid cells in one table; the largest form has 28 × 10
_MAX_NUMBER_START = 32767  # Word accepts list start values 0–32767
_MAX_LETTER_NUMBER = 780  # Word's letter numbering stops at ZZ…Z (30 letters)
_WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag", W + "ins")


def read_docx(path: str, data: bytes) -> Source:
    check_container(data)
    try:
        document = word_xml(data)
    except ReadError:
        raise
    except Exception as exc:  # KeyError for a missing part, lxml's errors for broken XML …
        raise ReadError(f"不是有效的 Word .docx 文件（{_describe(exc)}）") from None
    try:
        text, locator = _render(document)
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"无法读取 Word 文件内容（{_describe(exc)}）") from None
    return Source(path=path, text=text, encoding="utf-8", kind="docx", locator=locator)


class WordXml(NamedTuple):
    """What the walk over a .docx needs: the body, and the numbering and styles behind its list labels."""

    body: Any
    numbering: Any | None
    styles: Callable[[], Any | None]  # parsed when a paragraph first needs a style's numbering: it is big

    @classmethod
    def of(cls, document: Any) -> WordXml:
        """The parts of a python-docx ``Document`` (the copy ``annotate`` edits)."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        try:
            numbering = document.part.part_related_by(RT.NUMBERING).element
        except Exception:
            numbering = None
        try:
            styles = document.styles.element
        except Exception:
            styles = None
        return cls(document.element.body, numbering, lambda: styles)


_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_REL_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"


def word_xml(data: bytes) -> WordXml:
    """The parts of a .docx read straight from its zip: the main document (found, as Word finds it,
    through the package's relationships) and the numbering and styles it relates to.

    Reading three XML parts with lxml is all the reader needs; a full python-docx
    package would load every part and costs more to import than the rest of a run.
    """
    from lxml import etree

    # As python-docx parses: no entities resolved, no network, ignorable whitespace dropped.
    parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, no_network=True)
    archive = zipfile.ZipFile(io.BytesIO(data))

    def part(name: str) -> Any:
        return etree.fromstring(read_member(archive, name), parser)

    main = _related(archive, part, "").get("officeDocument")
    if main is None:
        raise KeyError("/word/document.xml")
    if main != "word/document.xml":  # check_container counted the cells of the usual part only
        _check_grid_size(read_member(archive, main))
    root = part(main)
    body = root.find(W + "body")
    if root.tag != W + "document" or body is None:
        raise ReadError("不是有效的 Word .docx 文件（主文档不是 Word 正文）")
    related = _related(archive, part, main)
    present = set(archive.namelist())

    def optional(kind: str) -> Any | None:  # without its list definitions the text is still there to read
        name = related.get(kind)
        return part(name) if name in present else None

    # The styles part is unzipped now (a damaged member is a read error, as every other is) but
    # parsed only if some paragraph takes its numbering from a style: most never do.
    name = related.get("styles")
    styles = read_member(archive, name) if name in present else None
    return WordXml(body, optional("numbering"), lambda: None if styles is None else etree.fromstring(styles, parser))


def _related(archive: zipfile.ZipFile, part: Any, source: str) -> dict[str, str]:
    """The zip names of the parts ``source`` ("" for the package) relates to, by kind of relationship."""
    folder, name = posixpath.split(source)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    found: dict[str, str] = {}
    if rels not in archive.namelist():
        return found
    for rel in part(rels).iter(_RELS):
        kind = rel.get("Type", "")
        if kind.startswith(_REL_TYPES) and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            joined = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            found.setdefault(kind[len(_REL_TYPES):], posixpath.normpath(joined))
    return found


def check_container(data: bytes) -> None:
    """Refuse what is not a sane .docx before any XML is parsed."""
    if len(data) > MAX_DOCX_BYTES:
        raise ReadError(f"Word 文件过大（{mb(len(data))} MB），超过 {mb(MAX_DOCX_BYTES)} MB 上限")
    if data.startswith(_OLE_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise ReadError("Word 文件已加密（设置了打开密码），无法读取；"
                            "请去掉密码后另存为 .docx")
        raise ReadError("这是旧版 Word 97-2003 .doc 文件（只是扩展名为 .docx）；"
                        "请在 Word 或 WPS 中另存为 .docx 后再检查")
    if data.startswith(b"%PDF"):
        raise ReadError("这是 PDF 文件（只是扩展名为 .docx）；请把扩展名改为 .pdf")
    if data.lstrip()[:5].lower() == b"{\\rtf":
        raise ReadError("这是 RTF 文件（只是扩展名为 .docx）；请在 Word 中另存为 .docx 后再检查")
    if not data.startswith(b"PK"):
        raise ReadError("不是有效的 Word .docx 文件（不是 zip 压缩包）")
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError) as exc:
        raise ReadError(f"不是有效的 Word .docx 文件（压缩包已损坏：{exc}）") from None
    if len(infos) > MAX_DOCX_ENTRIES:
        raise ReadError(f"不是有效的 Word .docx 文件（压缩包含 {len(infos)} 个条目，过多）")
    names = {info.filename for info in infos}
    if "word/document.xml" not in names and "[Content_Types].xml" in names:
        for marker, kind in (("xl/workbook.xml", "Excel 表格"), ("ppt/presentation.xml", "PowerPoint 演示文稿")):
            if marker in names:
                raise ReadError(f"这是 {kind}，不是 Word 文档")
    if "mimetype" in names and "content.xml" in names:
        raise ReadError("这是 OpenDocument（.odt 等）文件，不是 Word .docx；请另存为 .docx 后再检查")
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise ReadError("Word 文件的压缩包已加密，无法读取")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1024 * 1024 and ratio > MAX_ZIP_RATIO:
            raise ReadError(
                f"Word 文件疑似“压缩炸弹”：{info.filename} 解压后 {mb(info.file_size)} MB"
                f"（压缩比 {ratio:.0f}:1），拒绝读取"
            )
        if info.filename.endswith(".xml") and info.file_size > MAX_DOCX_XML_BYTES:
            raise ReadError(f"Word 文件的 {info.filename} 解压后 {mb(info.file_size)} MB，"
                            f"超过 {mb(MAX_DOCX_XML_BYTES)} MB 上限，不像是一份年度报告")
    if total > MAX_DOCX_TOTAL_BYTES:
        raise ReadError(f"Word 文件解压后共 {mb(total)} MB，超过 {mb(MAX_DOCX_TOTAL_BYTES)} MB 上限，拒绝读取")
    if "word/document.xml" in names:
        _check_grid_size(read_member(zipfile.ZipFile(io.BytesIO(data)), "word/document.xml"))


def read_member(archive: zipfile.ZipFile, name: str) -> bytes:
    """One member of the zip; a damaged one (bad header, broken deflate data) is a ReadError."""
    try:
        return archive.read(name)
    except KeyError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, NotImplementedError, ValueError, OSError,
            EOFError) as exc:
        raise ReadError(f"不是有效的 Word .docx 文件（压缩包已损坏：{name}：{exc}）") from None


_W_NAMESPACE = re.compile(rb'xmlns(?::([\w.-]+))?="http://schemas.openxmlformats.org/wordprocessingml/2006/main"')


def _check_grid_size(xml: bytes) -> None:
    """Count table cells and their gridSpan widths in the raw XML, before it is parsed.

    Parsing a body of half a million cells costs hundreds of megabytes by itself, so
    the cap on grid cells is applied to the bytes: a cheap scan, no tree built.
    """
    declared = _W_NAMESPACE.search(xml[:65536])
    prefix = (declared.group(1) + b":") if declared and declared.group(1) else b""
    tc = b"<" + prefix + b"tc"
    cells = xml.count(tc + b">") + xml.count(tc + b" ") + xml.count(tc + b"/>")
    if cells > _MAX_CELLS:
        raise ReadError("Word 文件中的表格过大（超过 20 万格），不像是一份年度报告")
    span = re.compile(b"<" + re.escape(prefix) + rb"gridSpan\s[^>]*?val=\"(\d{1,9})\"")
    width = cells
    for match in span.finditer(xml):
        width += min(int(match.group(1)), _MAX_SPAN) - 1
        if width > _MAX_CELLS:
            raise ReadError("Word 文件中的表格过大（合并单元格共超过 20 万格），不像是一份年度报告")


def _describe(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    if isinstance(exc, KeyError):
        return f"缺少部件 {text}"
    return f"{type(exc).__name__}: {text}"[:200] if text else type(exc).__name__


def _render(document: WordXml) -> tuple[str, Any]:
    out = LocatedText()
    cells: dict[tuple[int, int, int], int] = {}
    for kind, number, _element, content in walk(document):
        if kind == "p":
            out.line(content, {"paragraph": number})
        else:
            out.blank()
            for r, row in enumerate(content, start=1):
                out.row([(cell.text, {"table": number, "row": r, "column": c}) for c, cell in enumerate(row, start=1)])
                for c, cell in enumerate(row, start=1):
                    cells[(number, r, c)] = cell.ordinal
            out.blank()
    if not out:
        raise ReadError("Word 文件中没有正文内容")
    text, locate = out.build()
    return text, WordLocator(locate, cells)


class WordLocator:
    """The reader's locator (offset → paragraph or grid cell), plus what a Word user sees.

    ``visible_cell`` turns a grid address into the cell's position in its row as Word
    shows it: a merged cell counts once, however many grid columns it covers.
    """

    def __init__(self, locate: Any, cells: dict[tuple[int, int, int], int]) -> None:
        self._locate = locate
        self._cells = cells

    def __call__(self, offset: int) -> dict[str, int] | None:
        return self._locate(offset)

    def visible_cell(self, table: int, row: int, column: int) -> int | None:
        return self._cells.get((table, row, column))


class GridCell(NamedTuple):
    """One grid position: its text, the ``w:tc`` that shows it and that cell's place in the row."""

    text: str
    tc: Any  # for the continuation of a vertical merge, the cell where the merge starts
    ordinal: int  # 1-based position of the visible cell in its row


def walk(document: WordXml) -> Iterator[tuple[str, int, Any, Any]]:
    """Body blocks in document order: ``("p", n, w:p, text)`` and ``("tbl", n, w:tbl, grid)``.

    The reader and the annotator both walk the body through here, so that the
    paragraph and table ordinals of an address always name the same element.
    """
    numbering = _Numbering(document)
    deadline = Deadline()
    paragraphs = tables = 0
    for block in _blocks(document.body):
        deadline.check()
        if block.tag == W + "p":
            paragraphs += 1
            yield "p", paragraphs, block, numbering.label(block) + _paragraph_text(block)
        else:
            tables += 1
            yield "tbl", tables, block, _grid(block, numbering)


def _blocks(parent: Any) -> Iterator[Any]:
    """Body-level paragraphs and tables in document order, looking through content controls."""
    for child in parent:
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag in _WRAPPERS:
            yield from _blocks(child)


def _paragraph_text(p: Any) -> str:
    parts: list[str] = []
    _collect(p, parts)
    return "".join(parts)


def _collect(el: Any, parts: list[str]) -> None:
    for child in el:
        tag = child.tag
        if tag == W + "t":
            parts.append(child.text or "")
        elif tag in (W + "tab", W + "ptab", W + "br", W + "cr"):
            parts.append(" ")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
        elif tag in (W + "pPr", W + "rPr", W + "del", W + "moveFrom") or tag == MC_FALLBACK:
            continue  # formatting, deleted text, and the duplicate of a text box for old readers
        elif tag == W + "r" and _hidden(child):
            continue
        else:
            if tag == W + "p" and parts:
                parts.append(" ")  # paragraph inside a text box
            _collect(child, parts)


def _hidden(run: Any) -> bool:
    vanish = run.find(f"{W}rPr/{W}vanish")
    return vanish is not None and vanish.get(W + "val", "true") not in ("0", "false", "off")


def _int(el: Any, path: str, default: int) -> int:
    found = el.find(path)
    if found is None:
        return default
    try:
        return int(found.get(W + "val", default))
    except ValueError:
        return default


def _grid(tbl: Any, numbering: _Numbering) -> list[list[GridCell]]:
    """The table as a rectangular grid; merged cells keep their text in their first grid cell only.

    Each row's width (gridBefore + the cells' gridSpan + gridAfter) is summed and
    checked against the cap before the row is built: a row of half a million wide
    cells is refused without allocating it.
    """
    rows: list[list[GridCell]] = []
    cells = 0
    starts: dict[int, Any] = {}  # grid column -> the w:tc where the vertical merge covering it starts
    for tr in _children(tbl, W + "tr"):
        tcs = list(_children(tr, W + "tc"))
        before = _clamp(_int(tr, f"{W}trPr/{W}gridBefore", 0), 0)
        after = _clamp(_int(tr, f"{W}trPr/{W}gridAfter", 0), 0)
        spans = [_clamp(_int(tc, f"{W}tcPr/{W}gridSpan", 1), 1) for tc in tcs]
        cells += before + sum(spans) + after
        if cells > _MAX_CELLS:
            raise ReadError("Word 文件中的表格过大（超过 20 万格），不像是一份年度报告")
        row = [GridCell("", None, 0) for _ in range(before)]
        for ordinal, (tc, span) in enumerate(zip(tcs, spans), start=1):
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            hmerge = tc.find(f"{W}tcPr/{W}hMerge")
            continued = (vmerge is not None and vmerge.get(W + "val", "continue") != "restart") or (
                hmerge is not None and hmerge.get(W + "val", "continue") != "restart"
            )
            column = len(row)
            if vmerge is not None and continued:
                anchor = starts.get(column, tc)
            elif hmerge is not None and continued and row and row[-1].tc is not None:
                anchor = row[-1].tc
            else:
                anchor = tc
            if not continued or vmerge is None:
                starts[column] = anchor
            row.append(GridCell("" if continued else _cell_text(tc, numbering), anchor, ordinal))
            row.extend(GridCell("", anchor, ordinal) for _ in range(span - 1))
        row.extend(GridCell("", None, 0) for _ in range(after))
        rows.append(row)
    declared = len(tbl.findall(f"{W}tblGrid/{W}gridCol"))
    width = max([declared] + [len(r) for r in rows])
    if width * len(rows) > _MAX_CELLS:
        raise ReadError("Word 文件中的表格过大（超过 20 万格），不像是一份年度报告")
    return [r + [GridCell("", None, 0) for _ in range(width - len(r))] for r in rows]


def _clamp(value: int, low: int) -> int:
    return max(low, min(value, _MAX_SPAN))


def _children(parent: Any, tag: str) -> Iterator[Any]:
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _WRAPPERS:
            yield from _children(child, tag)


def _cell_text(tc: Any, numbering: _Numbering) -> str:
    texts: list[str] = []
    for block in _blocks(tc):
        if block.tag == W + "p":
            texts.append(numbering.label(block) + _paragraph_text(block))
        else:  # a table nested in a cell: its text, flattened
            texts.extend(" ".join(cell.text for cell in row) for row in _grid(block, numbering))
    return " ".join(t.strip() for t in texts if t.strip())


class _Numbering:
    """Renders Word's automatic list labels ("一、", "（二）", "3.") the way Word displays them."""

    def __init__(self, document: WordXml) -> None:
        self._levels: dict[str, dict[int, tuple[str, str, int, str]]] = {}
        self._nums: dict[str, tuple[str, dict[int, int]]] = {}
        self._styles = document.styles
        self._style_num: dict[str, tuple[str | None, int | None]] | None = None  # read on first use
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        if document.numbering is not None:
            self._load_numbering(document.numbering)

    def _load_numbering(self, root: Any) -> None:
        for abstract in root.findall(W + "abstractNum"):
            levels = {}
            for lvl in abstract.findall(W + "lvl"):
                fmt = lvl.find(W + "numFmt")
                text = lvl.find(W + "lvlText")
                suff = lvl.find(W + "suff")
                levels[int(lvl.get(W + "ilvl", "0"))] = (
                    fmt.get(W + "val", "decimal") if fmt is not None else "decimal",
                    text.get(W + "val", "") if text is not None else "",
                    _int(lvl, W + "start", 1),
                    suff.get(W + "val", "tab") if suff is not None else "tab",
                )
            self._levels[abstract.get(W + "abstractNumId", "")] = levels
            _check_start(level[2] for level in levels.values())
        for num in root.findall(W + "num"):
            ref = num.find(W + "abstractNumId")
            overrides = {
                int(o.get(W + "ilvl", "0")): _int(o, W + "startOverride", 1)
                for o in num.findall(W + "lvlOverride")
                if o.find(W + "startOverride") is not None
            }
            _check_start(overrides.values())
            if ref is not None:
                self._nums[num.get(W + "numId", "")] = (ref.get(W + "val", ""), overrides)

    def _style_numbering(self) -> dict[str, tuple[str | None, int | None]]:
        """Each style's list numbering (its own or one it is based on): a broken part numbers nothing."""
        if self._style_num is None:
            self._style_num = {}
            with contextlib.suppress(Exception):
                root = self._styles()
                if root is not None:
                    self._load_styles(root, self._style_num)
        return self._style_num

    @staticmethod
    def _load_styles(root: Any, style_num: dict[str, tuple[str | None, int | None]]) -> None:
        raw: dict[str, tuple[str | None, str | None, int | None]] = {}
        for style in root.findall(W + "style"):
            num_pr = style.find(f"{W}pPr/{W}numPr")
            based = style.find(W + "basedOn")
            num_id = ilvl = None
            if num_pr is not None:
                node = num_pr.find(W + "numId")
                num_id = node.get(W + "val") if node is not None else None
                ilvl = _int(num_pr, W + "ilvl", 0)
            raw[style.get(W + "styleId", "")] = (
                based.get(W + "val") if based is not None else None, num_id, ilvl)
        for style_id in raw:
            seen: set[str] = set()
            current: str | None = style_id  # None past a style based on no other
            while current is not None and current in raw and current not in seen:
                seen.add(current)
                based, num_id, ilvl = raw[current]
                if num_id is not None:
                    style_num[style_id] = (num_id, ilvl)
                    break
                current = based

    def label(self, p: Any) -> str:
        if not self._nums:
            return ""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        num_id: str | None = None
        ilvl: int | None = None
        if num_pr is not None:
            node = num_pr.find(W + "numId")
            num_id = node.get(W + "val") if node is not None else None
            if num_pr.find(W + "ilvl") is not None:
                ilvl = _int(num_pr, W + "ilvl", 0)
        if num_id is None:
            style = p.find(f"{W}pPr/{W}pStyle")
            style_num = self._style_numbering().get(style.get(W + "val", "")) if style is not None else None
            if style_num:
                num_id, ilvl = style_num[0], ilvl if ilvl is not None else style_num[1]
        if not num_id or num_id == "0" or num_id not in self._nums:
            return ""
        ilvl = min(max(ilvl or 0, 0), 8)
        abstract_id, overrides = self._nums[num_id]
        levels = self._levels.get(abstract_id, {})
        if ilvl not in levels:
            return ""
        counters = self._counters.setdefault(abstract_id, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        start = levels[ilvl][2]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        fmt, template, _, suff = levels[ilvl]
        if fmt in ("bullet", "none"):
            return ""
        text = template
        for level in range(ilvl + 1):
            if f"%{level + 1}" in text:
                lvl_fmt, _, lvl_start, _ = levels.get(level, ("decimal", "", 1, "tab"))
                value = counters.get(level, lvl_start)
                text = text.replace(f"%{level + 1}", _format_number(value, lvl_fmt))
        if not text or suff == "nothing":
            return text
        wide = unicodedata.east_asian_width(text[-1]) in ("W", "F")
        return text if wide else text + " "


def _check_start(values: Iterator[int] | Any) -> None:
    """Refuse list start values Word itself would not accept, before any label is rendered."""
    for value in values:
        if not 0 <= value <= _MAX_NUMBER_START:
            raise ReadError(f"Word 文件的自动编号起始值 {value} 超出 Word 允许的范围"
                            f"（0–{_MAX_NUMBER_START}），文件已损坏或被篡改")


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_TIANGAN = "甲乙丙丁戊己庚辛壬癸"


def _format_number(n: int, fmt: str) -> str:
    if fmt.startswith("chinese") or fmt in ("taiwaneseCounting", "taiwaneseCountingThousand"):
        return numeral(n)
    if fmt in ("ideographTraditional",) and 1 <= n <= 10:
        return _TIANGAN[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return _CIRCLED[n - 1]
    if fmt == "decimalFullWidth":
        return str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if fmt == "decimalEnclosedParen":
        return f"({n})"
    if fmt in ("upperLetter", "lowerLetter") and 1 <= n <= _MAX_LETTER_NUMBER:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero" and n < 10:
        return f"0{n}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += letters
            n -= value
    return out
