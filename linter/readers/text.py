"""Plain text and Markdown: decode the bytes, whatever encoding a Chinese office used.

UTF-8 (with or without BOM) and UTF-16 with a BOM are recognized first; otherwise
GB18030 (a superset of GBK and GB2312) is tried, because many Chinese Windows
tools still save in it.  Binary files are refused before any decoding is tried:
GB18030 would happily "decode" most byte soups.
"""

from __future__ import annotations

import re

from linter.readers import ReadError
from linter.source import Source, normalize_text

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`ReadError`."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                raise ReadError(f"文件以 {encoding} 字节序标记开头，但内容无法按该编码解码") from None
    if b"\x00" in data[:8192]:
        raise ReadError("这是二进制文件，不是文本（含空字节）；请提供 .txt、.md 或其他支持的格式")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_binary(text):
            raise ReadError("这是二进制文件，不是文本（含大量控制字符）")
        return text, encoding
    raise ReadError("无法识别文件编码：既不是 UTF-8，也不是 GB18030/GBK")


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    return len(_CONTROLS.findall(sample)) / len(sample) > 0.01


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # control characters but TAB, LF, CR and FF


def read_text(path: str, data: bytes) -> Source:
    text, encoding = decode(data)
    return Source(path=path, text=normalize_text(text), encoding=encoding, kind="text")
