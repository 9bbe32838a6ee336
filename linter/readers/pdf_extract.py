"""What pdfium sees on each page, in the coordinates and shapes the layout code works with.

Per page: the characters, each with its box in top-down page coordinates, whether it
is upright, its size and font name; and the ruling edges — the horizontal and vertical
sides of every painted line, rectangle and polyline.  The conventions are pdfminer's,
which the table and line code was tuned with: a character's box is as tall as its
font size and stands on the font's descent below the baseline; a four-sided closed
rectilinear path is a rectangle, a two-point path a line (of any slope), anything else
a polyline of its points; page rotation is applied.  Characters come in content-stream
order (pdfium's text page moves some), and a character pdfium cannot map to Unicode is
written ``(cid:N)`` as pdfminer wrote it, so the garbled-font check still sees it.
Every loop is bounded: characters and drawing objects per page are capped, and the
deadline is checked inside a page, not only between pages.
"""

from __future__ import annotations

import ctypes
import re
from collections.abc import Callable, Iterator
from ctypes import c_double, c_float
from functools import partial
from itertools import pairwise
from math import isfinite
from typing import Any

from linter.readers import ReadError
from linter.readers.common import MAX_PDF_PAGES, Deadline
from linter.readers.pdf_pdfium import (
    ERR_PASSWORD,
    ERR_SECURITY,
    LOCK,
    OBJ_FORM,
    OBJ_PATH,
    OBJ_TEXT,
    SEG_BEZIERTO,
    SEG_MOVETO,
    Matrix,
    RectF,
    library,
)

MAX_PAGE_CHARS = 20_000  # a dense A4 page of small print holds ~5,000
MAX_PAGE_OBJECTS = 100_000  # drawing objects on one page, forms included
MAX_PAGE_SEGMENTS = 200_000  # path segments on one page
CHECK_EVERY = 512  # units of work between deadline checks

Char = tuple  # (text, x0, top, x1, bottom, upright, size, fontname)
Edge = tuple  # (orientation "h" | "v", x0, top, x1, bottom)
Affine = tuple  # (a, b, c, d, e, f), PDF's row-vector convention

ENCRYPTED = "PDF 已加密（需要密码才能打开），无法读取；请提供未加密的 PDF 或 Word 原件"


def read_pages(data: bytes, deadline: Deadline) -> Iterator[tuple[int, list[Char], list[Edge]]]:
    """(page number, characters, edges) for every page; ReadError for files that cannot be read."""
    with LOCK:
        yield from _pages(library(), data, deadline)


def _pages(lib: Any, data: bytes, deadline: Deadline) -> Iterator[tuple[int, list[Char], list[Edge]]]:
    document = lib.FPDF_LoadMemDocument64(data, len(data), None)
    if not document:
        raise ReadError(_open_failure(lib.FPDF_GetLastError(), data))
    try:
        count = lib.FPDF_GetPageCount(document)
        if count > MAX_PDF_PAGES:
            raise ReadError(f"PDF 页数过多（超过 {MAX_PDF_PAGES} 页），不像是一份年度报告，拒绝读取")
        if count <= 0:
            raise ReadError("PDF 文件已损坏：找不到任何页面")
        for index in range(count):
            deadline.check()
            page = lib.FPDF_LoadPage(document, index)
            if not page:
                raise ReadError(f"PDF 文件已损坏，无法解析（第 {index + 1} 页无法加载）")
            try:
                yield (index + 1, *_Page(lib, page, index + 1, deadline).read())
            finally:
                lib.FPDF_ClosePage(page)
    finally:
        lib.FPDF_CloseDocument(document)


def _open_failure(code: int, data: bytes) -> str:
    if code in (ERR_PASSWORD, ERR_SECURITY):
        return ENCRYPTED
    # Worded as before the reader moved to pdfium, for the commonest case: nothing that names a root object.
    detail = "文件结构无法识别" if re.search(rb"/Root\b", data) else "No /Root object! - Is this really a PDF?"
    return f"PDF 文件已损坏，无法解析（{detail}）"


def _multiply(m: Affine, n: Affine) -> Affine:
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


class _Page:
    """One loaded page: its device transform, its drawing objects walked once, its text page."""

    def __init__(self, lib: Any, page: int, number: int, deadline: Deadline) -> None:
        self.lib, self.page, self.number, self.deadline = lib, page, number, deadline
        x0, y0, x1, y1 = c_float(), c_float(), c_float(), c_float()
        if lib.FPDFPage_GetMediaBox(page, ctypes.byref(x0), ctypes.byref(y0), ctypes.byref(x1), ctypes.byref(y1)):
            left, right = sorted((x0.value, x1.value))
            bottom, top = sorted((y0.value, y1.value))
        else:
            left, bottom, right, top = 0.0, 0.0, 612.0, 792.0
        rotation = lib.FPDFPage_GetRotation(page) % 4
        # pdfminer's device matrix for a rotated page; then y is flipped so that 0 is the top edge.
        self.rotate: Affine = (
            (1, 0, 0, 1, -left, -bottom), (0, -1, 1, 0, -bottom, right),
            (-1, 0, 0, -1, right, top), (0, 1, -1, 0, top, -left),
        )[rotation]
        self.height = (top - bottom) if rotation in (0, 2) else (right - left)
        self.work = 0
        self.segments = 0
        self.text_order: dict[int, int] = {}
        self.lines: list[Edge] = []
        self.rect_edges: list[Edge] = []
        self.curve_edges: list[Edge] = []
        self._matrix = Matrix()

    def tick(self, amount: int = 1) -> None:
        self.work += amount
        if self.work >= CHECK_EVERY:
            self.work = 0
            self.deadline.check()

    def read(self) -> tuple[list[Char], list[Edge]]:
        lib = self.lib
        self.objects(lib.FPDFPage_CountObjects(self.page), lambda i: lib.FPDFPage_GetObject(self.page, i),
                     self.rotate, 0)
        chars = self.chars()
        return chars, self.lines + self.rect_edges + self.curve_edges

    # --- drawing objects ---------------------------------------------------------------------

    def objects(self, count: int, get: Callable[[int], int], outer: Affine, seen: int) -> int:
        lib = self.lib
        for i in range(count):
            seen += 1
            if seen > MAX_PAGE_OBJECTS:
                raise ReadError(f"PDF 第 {self.number} 页的图形对象过多（超过 {MAX_PAGE_OBJECTS} 个），拒绝读取")
            self.tick()
            obj = get(i)
            kind = lib.FPDFPageObj_GetType(obj)
            if kind == OBJ_TEXT:
                self.text_order[obj] = len(self.text_order)
            elif kind == OBJ_PATH:
                self.path(obj, _multiply(self.matrix_of(obj), outer))
            elif kind == OBJ_FORM:
                inner = _multiply(self.matrix_of(obj), outer)
                seen = self.objects(lib.FPDFFormObj_CountObjects(obj), partial(lib.FPDFFormObj_GetObject, obj),
                                    inner, seen)
        return seen

    def matrix_of(self, obj: int) -> Affine:
        m = self._matrix
        if not self.lib.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
            return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
        return (m.a, m.b, m.c, m.d, m.e, m.f)

    def path(self, obj: int, matrix: Affine) -> None:
        lib = self.lib
        count = lib.FPDFPath_CountSegments(obj)
        self.segments += max(count, 0)
        if self.segments > MAX_PAGE_SEGMENTS:
            raise ReadError(f"PDF 第 {self.number} 页的线条过多（超过 {MAX_PAGE_SEGMENTS} 段），拒绝读取")
        self.tick(count // 8)
        a, b, c, d, e, f = matrix
        x, y = c_float(), c_float()
        px, py = ctypes.byref(x), ctypes.byref(y)
        ops: list[str] = []
        points: list[tuple[float, float]] = []
        beziers = 0
        for j in range(count):
            segment = lib.FPDFPath_GetPathSegment(obj, j)
            kind = lib.FPDFPathSegment_GetType(segment)
            lib.FPDFPathSegment_GetPoint(segment, px, py)
            point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
            if kind == SEG_MOVETO:
                self.subpath(ops, points)
                ops, points, beziers = ["m"], [point], 0
            elif kind == SEG_BEZIERTO:
                beziers += 1
                if beziers % 3 == 0:  # two control points, then the end point: pdfminer keeps the end
                    ops.append("c")
                    points.append(point)
            else:
                ops.append("l")
                points.append(point)
            if lib.FPDFPathSegment_GetClose(segment) and points:
                ops.append("h")
                points.append(points[0])
        self.subpath(ops, points)

    def subpath(self, ops: list[str], points: list[tuple[float, float]]) -> None:
        """One painted subpath as pdfminer classified it: line, rectangle or polyline."""
        if not ops or ops[0] != "m" or not all(isfinite(x + y) for x, y in points):
            return
        shape = "".join(ops)
        if len(shape) > 3 and shape[-2:] == "lh" and points[-2] == points[0]:
            shape = shape[:-2] + "h"  # a redundant line back to the start before closing
            points = points[:-1]
        height = self.height
        if shape in ("ml", "mlh"):
            (x0, y0), (x1, y1) = points[0], points[1]
            left, right = min(x0, x1), max(x0, x1)
            top, bottom = height - max(y0, y1), height - min(y0, y1)
            self.lines.append(("h" if top == bottom else "v", left, top, right, bottom))
            return
        if shape in ("mlllh", "mllll"):
            (x0, y0), (x1, y1), (x2, y2), (x3, y3) = points[:4]
            square = (x0 == x1 and y1 == y2 and x2 == x3 and y3 == y0) or (
                y0 == y1 and x1 == x2 and y2 == y3 and x3 == x0)
            if points[0] == points[4] and square:
                left, right = min(x0, x2), max(x0, x2)
                top, bottom = height - max(y0, y2), height - min(y0, y2)
                self.rect_edges += [("h", left, top, right, top), ("h", left, bottom, right, bottom),
                                    ("v", left, top, left, bottom), ("v", right, top, right, bottom)]
                return
        for (x0, y0), (x1, y1) in pairwise(points):
            if x0 == x1:
                orientation = "v"
            elif y0 == y1:
                orientation = "h"
            else:
                continue  # a slanted segment of a curve is never a ruling line
            self.curve_edges.append((orientation, min(x0, x1), height - max(y0, y1), max(x0, x1),
                                     height - min(y0, y1)))

    # --- characters --------------------------------------------------------------------------

    def chars(self) -> list[Char]:
        lib = self.lib
        textpage = lib.FPDFText_LoadPage(self.page)
        if not textpage:
            return []
        try:
            count = lib.FPDFText_CountChars(textpage)
            if count > MAX_PAGE_CHARS:
                raise ReadError(f"PDF 第 {self.number} 页的字符过多（超过 {MAX_PAGE_CHARS} 个），"
                                "不像是年度报告的页面，拒绝读取")
            return self.page_chars(textpage, count) if count > 0 else []
        finally:
            lib.FPDFText_ClosePage(textpage)

    def page_chars(self, textpage: int, count: int) -> list[Char]:
        lib = self.lib
        text = _all_text(lib, textpage, count)
        box, ox, oy = RectF(), c_double(), c_double()
        pbox, pox, poy = ctypes.byref(box), ctypes.byref(ox), ctypes.byref(oy)
        get_object, loose_box, origin = lib.FPDFText_GetTextObject, lib.FPDFText_GetLooseCharBox, \
            lib.FPDFText_GetCharOrigin
        unmapped, generated = lib.FPDFText_HasUnicodeMapError, lib.FPDFText_IsGenerated
        styles: dict[int, tuple] = {}
        fonts: dict[int, tuple[str, float]] = {}
        mapping: dict[int, list] = {}  # font: [glyphs without Unicode, positions in out of the others]
        # A rotation by quarter turns maps the page's x (or y) alone onto the device's x.
        r = self.rotate
        along_x, sign, shift = r[0] != 0, r[0] or r[2], r[4]
        out: list[tuple[int, int, Char]] = []
        for i in range(count):
            if i % CHECK_EVERY == 0:
                self.deadline.check()
            obj = get_object(textpage, i)
            if not obj:
                continue  # a space or line break pdfium generated, not a glyph on the page
            style = styles.get(obj)
            if style is None:
                style = styles[obj] = self.style(textpage, i, obj, fonts)
            ch = text[i] if text is not None else chr(lib.FPDFText_GetUnicode(textpage, i))
            order, forward, upright, top, bottom, size, font, font_id = style
            counts = mapping.setdefault(font_id, [0, []])
            if unmapped(textpage, i):
                ch = f"(cid:{ord(ch)})"
                counts[0] += 1
            elif not ch or ch == "\0" or (ch.isspace() and generated(textpage, i)):
                continue  # pdfium inserts spaces for wide gaps inside one text object
            else:
                counts[1].append(len(out))
            loose_box(textpage, i, pbox)
            if order < 0:  # not upright on the device's axes: the loose box, rotated
                x0, top, x1, bottom, size = self.turned(box)
            else:
                origin(textpage, i, pox, poy)
                start = sign * (ox.value if along_x else oy.value) + shift
                a, b = (box.left, box.right) if along_x else (box.bottom, box.top)
                a, b = sign * a + shift, sign * b + shift
                # from the origin to the advance (the loose box also covers a glyph hanging left of it)
                x0, x1 = (start, max(a, b)) if forward else (min(a, b), start)
            if not isfinite(x0 + x1 + top + bottom + size):
                continue  # a degenerate matrix: no place on the page
            out.append((abs(order), i, (ch, x0, top, x1, bottom, upright, size, font)))
        # pdfium does not flag every glyph of a font that has no Unicode mapping (some codes fall in
        # ranges it treats apart): a font flagged for most of its glyphs has none for any of them.
        for flagged, plain in mapping.values():
            if flagged and flagged >= len(plain):
                for at in plain:
                    place, index, char = out[at]
                    out[at] = (place, index, (f"(cid:{ord(char[0])})", *char[1:]))
        out.sort(key=_reading_order)
        return [char for _, _, char in out]

    def turned(self, box: RectF) -> tuple[float, float, float, float, float]:
        r, xs, ys = self.rotate, [], []
        for px, py in ((box.left, box.bottom), (box.right, box.top)):
            xs.append(r[0] * px + r[2] * py + r[4])
            ys.append(r[1] * px + r[3] * py + r[5])
        low, high = min(ys), max(ys)
        return min(xs), self.height - high, max(xs), self.height - low, high - low

    def style(self, textpage: int, index: int, obj: int, fonts: dict[int, tuple[str, float]]) -> tuple:
        """What every character of one text object shares: place in the content stream (negative
        when the object is not upright on the device's axes), direction, vertical extent, size, font."""
        lib = self.lib
        order = self.text_order.get(obj, len(self.text_order)) + 1
        m = self._matrix
        lib.FPDFText_GetMatrix(textpage, index, ctypes.byref(m))
        a, b, c, d, _, _ = _multiply((m.a, m.b, m.c, m.d, 0.0, 0.0), self.rotate)
        upright = a * d > 0 and b * c <= 0
        axes = abs(b) <= 1e-6 * abs(a) and abs(c) <= 1e-6 * abs(d) and d != 0
        x, y = c_double(), c_double()
        lib.FPDFText_GetCharOrigin(textpage, index, ctypes.byref(x), ctypes.byref(y))
        r = self.rotate
        base = r[1] * x.value + r[3] * y.value + r[5]
        fs = c_float()
        if not lib.FPDFTextObj_GetFontSize(obj, ctypes.byref(fs)) or fs.value <= 0:
            fs.value = 1.0
        font = lib.FPDFTextObj_GetFont(obj) or 0
        name, descent = fonts.get(font) or fonts.setdefault(font, _font(lib, font))
        # pdfminer's box: from the descent to one font size above it, scaled by the text matrix
        low, high = sorted((base + descent * fs.value * d, base + (descent + 1.0) * fs.value * d))
        return (order if axes else -order), a > 0, upright, self.height - high, self.height - low, \
            abs(fs.value * d), name, font


def _reading_order(item: tuple) -> tuple[int, int]:
    return item[0], item[1]


# The descent (per 1000 units) pdfminer takes from the standard AFM metrics, over the font's own
# descriptor, for a simple font whose BaseFont is exactly one of these names.
_STANDARD_DESCENT = {
    **dict.fromkeys(("Courier", "Courier-Bold", "Courier-BoldOblique", "Courier-Oblique", "CourierNew",
                     "CourierNew,Italic", "CourierNew,Bold", "CourierNew,BoldItalic"), -194.0),
    **dict.fromkeys(("Helvetica", "Helvetica-Bold", "Helvetica-BoldOblique", "Helvetica-Oblique", "Arial",
                     "Arial,Italic", "Arial,Bold", "Arial,BoldItalic"), -207.0),
    **dict.fromkeys(("Times-Roman", "Times-Bold", "Times-BoldItalic", "Times-Italic", "TimesNewRoman",
                     "TimesNewRoman,Italic", "TimesNewRoman,Bold", "TimesNewRoman,BoldItalic"), -217.0),
    "Symbol": 0.0, "ZapfDingbats": 0.0,
}


def _font(lib: Any, font: int) -> tuple[str, float]:
    """A font's name and its descent as a fraction of the font size (negative)."""
    if not font:
        return "", 0.0
    buffer = ctypes.create_string_buffer(256)
    length = lib.FPDFFont_GetBaseFontName(font, buffer, 256)
    name = buffer.raw[: max(0, min(length, 256) - 1)].decode("latin-1")
    if name in _STANDARD_DESCENT:
        return name, _STANDARD_DESCENT[name] / 1000
    descent = c_float()
    if not lib.FPDFFont_GetDescent(font, c_float(1.0), ctypes.byref(descent)):
        descent.value = 0.0
    return name, -abs(descent.value)


def _all_text(lib: Any, textpage: int, count: int) -> str | None:
    """The page's characters in one call; None when surrogate pairs break the one-to-one indexing."""
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    written = lib.FPDFText_GetText(textpage, 0, count, buffer)
    text = buffer.raw[: max(0, written - 1) * 2].decode("utf-16-le", errors="surrogatepass")
    if len(text) != count or any("\ud800" <= ch <= "\udfff" for ch in text):
        return None
    return text
