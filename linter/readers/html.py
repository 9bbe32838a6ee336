"""HTML pages: the report as published on a government website, without the page around it.

Decoding follows what browsers do for Chinese sites: a BOM wins, then the charset
declared in ``<meta>``, then UTF-8, then GB18030 (a superset of GBK/GB2312, which
many government sites still serve).  The page is then streamed through the standard
library's ``html.parser`` (:mod:`linter.readers.html_page`), which keeps only the
visible text and the tables — memory grows with the text, not with the markup — and
drops the site around the report.  Statistics tables become TAB-separated grids with
``rowspan``/``colspan`` resolved (:mod:`linter.readers.html_tables`); the cells that
only continue a merged cell are recorded on the :class:`Source`, so that every row's
values are placed exactly.  The report title goes first (:mod:`linter.readers.html_title`).
Each line and cell is located by the line and column of its text in the HTML file.
"""

from __future__ import annotations

import codecs
import re

from linter.readers import ReadError
from linter.readers.common import MAX_HTML_BYTES, Deadline, mb
from linter.readers.html_page import PageReader
from linter.readers.html_title import assemble
from linter.source import Source, normalize_text

_CHARSET = re.compile(rb"<meta[^>]*?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)


def read_html(path: str, data: bytes) -> Source:
    if len(data) > MAX_HTML_BYTES:
        raise ReadError(f"网页文件过大（{mb(len(data))} MB），超过 {mb(MAX_HTML_BYTES)} MB 上限")
    markup, encoding = decode_html(data)
    page = PageReader(Deadline())
    try:
        page.feed(markup)
        del markup
        page.close()
        text, locator, merged = assemble(page)
    except ReadError:
        raise
    except (RecursionError, MemoryError):
        raise ReadError("网页结构过于复杂，拒绝读取") from None
    except Exception as exc:
        raise ReadError(f"无法解析网页（{type(exc).__name__}: {exc}）"[:200]) from None
    if not text.strip():
        raise ReadError("网页中没有正文文字")
    text = normalize_text(text)
    return Source(path=path, text=text, encoding=encoding, kind="html", locator=locator,
                  merged_cells=frozenset(merged))


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
