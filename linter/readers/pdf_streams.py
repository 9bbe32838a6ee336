"""A size check of a PDF's compressed streams before anything decodes them.

pdfium inflates a content stream completely before parsing it and has no ceiling: a
4 MB file can hold a Flate stream that inflates to 4 GiB.  So before the file reaches
pdfium every stream that a zlib decoder can read (directly, or under an ASCIIHex or
ASCII85 wrapper) is inflated here in bounded chunks, counting bytes and keeping none;
a stream above :data:`MAX_STREAM_BYTES`, or all of them together above
:data:`MAX_DECODED_BYTES`, refuses the file before the cap is passed.  Images are
skipped: extracting text never decodes them.  Filters this does not decode (LZW,
RunLength, encrypted streams) are bounded by the memory ceiling of the process that
runs pdfium (see :mod:`linter.readers.pdf_sandbox`).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from linter.readers import ReadError
from linter.readers.common import Deadline, mb

MAX_STREAM_BYTES = 32 * 1024 * 1024  # a fully embedded CJK font is ~16 MB; a page's content well under 1 MB
MAX_DECODED_BYTES = 256 * 1024 * 1024
CHUNK = 1 << 16

_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\r|\n)")
_IMAGE = re.compile(rb"/Subtype\s*/Image\b")
_HEX = re.compile(rb"/(?:ASCIIHexDecode|AHx)\b")
_A85 = re.compile(rb"/(?:ASCII85Decode|A85)\b")


def check_streams(data: bytes, deadline: Deadline) -> None:
    """ReadError when a stream would inflate beyond the caps."""
    total = 0
    for match in _STREAM.finditer(data):
        deadline.check()
        start = match.end()
        window = max(0, match.start() - 4096)
        obj = data.rfind(b"obj", window, match.start())
        head = data[obj if obj >= 0 else window:match.start()]  # the stream's dictionary
        if _IMAGE.search(head):
            continue
        end = data.find(b"endstream", start)
        body = memoryview(data)[start:end if end >= 0 else len(data)]
        size = _inflated_size(_unwrap(head, body), min(MAX_STREAM_BYTES, MAX_DECODED_BYTES - total), deadline)
        if size > MAX_STREAM_BYTES:
            raise ReadError(f"PDF 中有数据流解压后超过 {mb(MAX_STREAM_BYTES)} MB（疑似压缩炸弹），拒绝读取")
        total += size
        if total > MAX_DECODED_BYTES:
            raise ReadError(f"PDF 的数据流解压后合计超过 {mb(MAX_DECODED_BYTES)} MB（疑似压缩炸弹），拒绝读取")


def _unwrap(head: bytes, body: memoryview) -> bytes | memoryview:
    """The bytes under an ASCIIHex or ASCII85 wrapper (which only ever shrink when decoded)."""
    try:
        if _HEX.search(head):
            text = bytes(body).split(b">", 1)[0]
            return binascii.unhexlify(re.sub(rb"\s+", b"", text) + (b"0" if len(text) % 2 else b""))
        if _A85.search(head):
            text = bytes(body).split(b"~>", 1)[0]
            return base64.a85decode(re.sub(rb"\s+", b"", text))
    except (ValueError, binascii.Error):
        return b""
    return body


def _inflated_size(body: bytes | memoryview, cap: int, deadline: Deadline) -> int:
    """Bytes a zlib decoder gets out of ``body``, counted up to just past ``cap``; 0 if it is not zlib."""
    decoder = zlib.decompressobj()
    total = 0
    view = memoryview(body)
    try:
        for position in range(0, len(view), CHUNK):
            pending: bytes | memoryview = view[position:position + CHUNK]
            while pending and not decoder.eof:
                total += len(decoder.decompress(pending, CHUNK))
                if total > cap:
                    return total
                pending = decoder.unconsumed_tail
                deadline.check()
            if decoder.eof:
                break
    except zlib.error:
        pass  # not (or no longer) zlib data: what decoded so far is what a reader would get
    return total
