"""Hypothesis strategies for the fuzz target: mangled reports as text, HTML and .docx bytes.

Every input starts from a valid report (the examples, the format fixtures) so that the
mutations reach the parser, the tables and the checks instead of stopping at the first
byte.  A mutation inserts a fragment (report vocabulary, markup, long runs of one
character), deletes or duplicates a slice, or swaps lines; the result is encoded as one
of the encodings Chinese offices use.  Word files are rebuilt from the fixture's zip
entries with a mutated ``word/document.xml`` (sometimes ``numbering.xml``, or a part
left out).
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ROOT / "tests" / "fixtures" / "formats"

# Report vocabulary: headings, table labels and values, citations, contact details,
# narrative figures, suppressions.
WORDS = [
    "一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况", "六、其他需要报告的事项", "。二、主动公开政府信息情况", "（一）", "(二)", "十一、",
    "## ", "# ", "**", " ", "\u3000", "\t", "|", "| --- |", "\n", "\n\n", "\r\n", "\ufeff",
    "本年新收", "上年结转", "予以公开", "部分公开", "（七）总计", "四、结转下年度继续办理", "第二十条第（一）项",
    "信息内容", "本年制发件数", "行政许可", "结果维持", "尚未审结", "三安全一稳定", "其他处理", "逾期不补正",
    "0", "1", "12", "-3", "1.5", "/", "—", "－", "无", "x", "元", "万元", " 1 2 3", "\t1\t2\t3",
    "国办公开办函〔2021〕30号", "[2019]60号", "国务院令第711号", "国务院令第492号", "2023年", "2023年1月1日至12月31日",
    "统计期限", "电话：0955-8812012", "电话：", "(", ")", "）", "邮箱：", "a@b.gov.cn", "@", ".", "www.x.cn/a@b",
    "地址：", "邮编：", "共", "其中", "其中：", "1件，", "占", "50%", "、", "，", "；", "。", "均获维持", "未收到申请",
    "受理申请12件", "微信", "微博", "发布信息10条", "信息处理费", "未收取", "人民政府",
    "<!-- nianbao-lint: disable=T303 原因：复核 -->", "<!-- nianbao-lint: disable=", "-->", "<!--",
]
MARKUP = [
    "<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<th>", "<td rowspan=\"3\">", "<td colspan=\"9\">",
    "<td rowspan=\"0\">", "<td colspan=\"-1\">", "<td rowspan=\"99999\">", "<td colspan=\"abc\">", "<p>", "</p>",
    "<br>", "<div>", "</div>", "<span>", "<script>", "</script>", "<style>", "</style>", "<h1>", "<b>", "</b>",
    "<nav>", "<header>", "<footer>", "&nbsp;", "&#12290;", "&#x0;", "&#99999999;", "&amp", "&lt;", "<![CDATA[",
    "<meta charset=\"gbk\">", "<meta charset=\"utf-16\">", "<tbody>", "<thead>", "<caption>", "<li>", "<!DOCTYPE html>",
]
DOCX_XML = [
    "<w:p><w:r><w:t>一、总体情况</w:t></w:r></w:p>", "<w:p>", "</w:p>", "<w:r><w:t>", "</w:t></w:r>",
    "<w:gridSpan w:val=\"3\"/>", "<w:gridSpan w:val=\"0\"/>", "<w:gridSpan w:val=\"-2\"/>", "<w:gridSpan w:val=\"x\"/>",
    "<w:vMerge/>", "<w:vMerge w:val=\"restart\"/>", "<w:tc><w:p/></w:tc>", "</w:tr><w:tr>", "<w:tr>", "</w:tr>",
    "<w:tbl>", "</w:tbl>", "<w:tab/>", "<w:br/>", "<w:b/>", "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>",
    "<w:numPr><w:ilvl w:val=\"9\"/><w:numId w:val=\"999\"/></w:numPr>", "<w:pStyle w:val=\"Heading1\"/>",
    "<w:t xml:space=\"preserve\">  1  </w:t>", "&#12290;", "&amp;", "<", ">", "\"", "w:",
]
NUMBERING_XML = [
    "<w:start w:val=\"0\"/>", "<w:start w:val=\"-5\"/>", "<w:start w:val=\"2000\"/>", "<w:numFmt w:val=\"upperLetter\"/>",
    "<w:numFmt w:val=\"chineseCounting\"/>", "<w:numFmt w:val=\"bullet\"/>", "<w:lvlText w:val=\"%1.%2.%3\"/>",
    "<w:lvlText w:val=\"%9\"/>", "<w:lvlRestart w:val=\"0\"/>",
]
TEXT_ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "gb18030", "utf-16"]


@cache
def text_bases() -> tuple[str, ...]:
    paths = sorted((ROOT / "examples").rglob("*.txt")) + sorted((ROOT / "examples").rglob("*.md"))
    return tuple(p.read_text(encoding="utf-8") for p in paths) + ((FORMATS / "report.txt").read_text(encoding="utf-8"),)


@cache
def html_bases() -> tuple[str, ...]:
    return ((FORMATS / "report.html").read_text(encoding="utf-8"),
            (FORMATS / "report-gbk.html").read_bytes().decode("gb18030"))


@cache
def docx_base() -> tuple[tuple[str, bytes], ...]:
    """The fixture's zip entries, without the parts that only cost time (a second copy of the styles, a thumbnail)."""
    with zipfile.ZipFile(FORMATS / "report.docx") as archive:
        entries = [(info.filename, archive.read(info)) for info in archive.infolist()]
    heavy = ("word/stylesWithEffects.xml", "docProps/thumbnail.jpeg")
    kept = []
    for name, data in entries:
        if name in heavy:
            continue
        if name.endswith(".rels") or name == "[Content_Types].xml":
            text = data.decode("utf-8")
            for part in heavy:
                text = _drop_reference(text, part.rsplit("/", 1)[-1])
            data = text.encode("utf-8")
        kept.append((name, data))
    return tuple(kept)


def _drop_reference(xml: str, target: str) -> str:
    """Remove the <Relationship>/<Override> element that names ``target``."""
    at = xml.find(target)
    while at != -1:
        start, end = xml.rfind("<", 0, at), xml.find("/>", at) + 2
        xml = xml[:start] + xml[end:]
        at = xml.find(target)
    return xml


def _mutations(pieces: list[str]):
    """(kind, where, size, fragment) tuples; ``where`` and ``size`` are fractions of the text."""
    fragment = st.one_of(st.sampled_from(pieces), st.text(max_size=12))
    return st.lists(st.tuples(
        st.sampled_from(["insert", "insert", "repeat", "delete", "duplicate", "swap", "truncate"]),
        st.floats(0, 1), st.floats(0, 1), fragment), max_size=8)


def mutate(text: str, mutations) -> str:
    for kind, where, size, fragment in mutations:
        at = int(where * len(text))
        if kind == "insert":
            text = text[:at] + fragment + text[at:]
        elif kind == "repeat":  # long runs of one thing are what made patterns backtrack
            text = text[:at] + fragment * int(1 + size * 400) + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + int(size * len(text) / 4) + 1:]
        elif kind == "duplicate":
            piece = text[at:at + int(size * len(text) / 4) + 1]
            text = text[:at] + piece + piece + text[at:]
        elif kind == "swap":
            lines = text.split("\n")
            i, j = int(where * (len(lines) - 1)), int(size * (len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
        elif kind == "truncate":
            text = text[:max(at, len(text) // 4)]
    return text


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace")


@st.composite
def text_files(draw) -> tuple[str, bytes]:
    """(suffix, bytes) of a mangled plain-text or Markdown report."""
    text = mutate(draw(st.sampled_from(text_bases())), draw(_mutations(WORDS)))
    if draw(st.booleans()):  # a slice of the report lints faster and still holds its structure
        lines = text.split("\n")
        start = draw(st.integers(0, len(lines) - 1))
        text = "\n".join(lines[start:start + draw(st.integers(1, len(lines)))])
    data = _encode(text, draw(st.sampled_from(TEXT_ENCODINGS)))
    if draw(st.integers(0, 19)) == 0:  # now and then, bytes that are no text at all
        data = draw(st.binary(max_size=64)) + data[:draw(st.integers(0, 200))]
    return draw(st.sampled_from([".txt", ".txt", ".md"])), data


@st.composite
def html_files(draw) -> tuple[str, bytes]:
    """(suffix, bytes) of a mangled web page report."""
    text = mutate(draw(st.sampled_from(html_bases())), draw(_mutations(MARKUP + WORDS)))
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "gb18030", "utf-16", "utf-8-sig"]))
    return draw(st.sampled_from([".html", ".htm"])), _encode(text, encoding)


_ELEMENTS = {kind: re.compile(rf"<w:{kind}[ >].*?</w:{kind}>", re.S) for kind in ("p", "r", "tc", "tr", "tbl")}
_TEXT_NODE = re.compile(r"<w:t(?: [^>]*)?>")
_PROPERTIES = re.compile(r"<w:(?:tcPr|pPr|rPr)>")
_LEVEL_SETTING = re.compile(r"<w:(?:start|numFmt|lvlText|lvlRestart) [^>]*/>")


def mutate_document(xml: str, mutations) -> str:
    """Mostly well-formed changes: text into text nodes, whole elements duplicated or removed,
    cell and paragraph properties added; now and then raw markup at a tag boundary."""
    for kind, where, size, fragment in mutations:
        if kind in ("text", "repeat"):
            nodes = list(_TEXT_NODE.finditer(xml))
            if nodes:
                at = nodes[int(where * (len(nodes) - 1))].end()
                words = escape(fragment) * (int(1 + size * 400) if kind == "repeat" else 1)
                xml = xml[:at] + words + xml[at:]
        elif kind in ("duplicate", "delete"):
            found = list(_ELEMENTS[("p", "r", "tc", "tr", "tbl")[int(size * 4.99)]].finditer(xml))
            if found:
                element = found[int(where * (len(found) - 1))]
                keep = element.group() * 2 if kind == "duplicate" else ""
                xml = xml[:element.start()] + keep + xml[element.end():]
        elif kind == "property":
            found = list(_PROPERTIES.finditer(xml))
            if found:
                at = found[int(where * (len(found) - 1))].end()
                xml = xml[:at] + fragment + xml[at:]
        else:  # raw: markup that may break the XML (inside the body: a broken prolog says nothing new)
            at = xml.find("<", max(int(where * len(xml)), xml.find("<w:body>")))
            at = len(xml) if at == -1 else at
            xml = xml[:at] + fragment + xml[at:]
    return xml


@st.composite
def docx_files(draw) -> tuple[str, bytes]:
    """(suffix, bytes) of a Word file whose document.xml (or numbering.xml, or zip) is mangled."""
    entries = dict(docx_base())
    document = entries["word/document.xml"].decode("utf-8")
    kinds = st.sampled_from(["text", "text", "repeat", "duplicate", "duplicate", "delete", "property", "property", "raw"])
    text = st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=12)  # what XML can hold
    mutations = draw(st.lists(st.tuples(kinds, st.floats(0, 1), st.floats(0, 1),
                                        st.one_of(st.sampled_from(DOCX_XML + WORDS), text)), max_size=8))
    entries["word/document.xml"] = mutate_document(document, mutations).encode("utf-8")
    if draw(st.booleans()):  # a level's start, format or text replaced
        numbering = entries["word/numbering.xml"].decode("utf-8")
        for where, fragment in draw(st.lists(st.tuples(st.floats(0, 1), st.sampled_from(NUMBERING_XML)), max_size=4)):
            found = list(_LEVEL_SETTING.finditer(numbering))
            setting = found[int(where * (len(found) - 1))]
            numbering = numbering[:setting.start()] + fragment + numbering[setting.end():]
        entries["word/numbering.xml"] = numbering.encode("utf-8")
    if draw(st.integers(0, 19)) == 0:
        entries.pop(draw(st.sampled_from(sorted(entries))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    data = buffer.getvalue()
    if draw(st.integers(0, 29)) == 0:  # a damaged archive
        at = draw(st.integers(0, len(data) - 1))
        data = data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at + 8:]
    return ".docx", data
