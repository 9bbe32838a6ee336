"""What a file is, from its first bytes rather than its name.

Offices rename files freely: a legacy Word .doc saved as 年报.txt, a scan saved as .pdf
or .docx, a PDF attached as .txt.  Binary formats are recognized by their signature
and read by the right reader (or refused with what to do) whatever the suffix says;
text is left to the suffix.
"""

from __future__ import annotations

from linter.readers import ReadError

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Word 97-2003 .doc, WPS .wps, old Excel …
_IMAGES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
)


def reader_suffix(data: bytes, suffix: str) -> str:
    """The suffix whose reader fits ``data``; raises :class:`ReadError` for what cannot be read."""
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data:
            return ".docx"  # a password-protected .docx is an OLE2 container: the Word reader says so
        raise ReadError("这是旧版 Word 97-2003 .doc 文件（或其他旧版 Office 文件）；请在 Word 或 WPS 中另存为 .docx 后再检查")
    for signature, name in _IMAGES:
        if data.startswith(signature):
            raise ReadError(f"这是一张 {name} 图片（扫描件），不是文字；需要先 OCR 识别成文字，或提供 Word/PDF 原件")
    if (data[:4] == b"RIFF" and data[8:12] == b"WEBP") or (data[:2] == b"BM" and len(data) > 14 and data[6:10] == b"\0\0\0\0"):
        raise ReadError("这是一张图片（扫描件），不是文字；需要先 OCR 识别成文字，或提供 Word/PDF 原件")
    if data.startswith(b"%PDF-"):
        return ".pdf"
    if data.startswith(b"PK\x03\x04"):
        return ".docx"  # a zip: the Word reader says so if it is not a .docx
    return suffix
