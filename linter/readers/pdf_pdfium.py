"""The pdfium functions the PDF reader uses, bound with ctypes.

pypdfium2 ships pdfium as a shared library next to its generated bindings, which
declare about a thousand functions when imported (a third of a cold start).  The
reader binds the few dozen it calls itself, with plain ``c_void_p`` handles (cheaper
per call than typed pointers), and falls back to pypdfium2's own loader when the
library file is not where the package normally puts it.
"""

from __future__ import annotations

import ctypes
import importlib.util
import threading
from ctypes import POINTER, Structure, c_char, c_char_p, c_double, c_float, c_int, c_size_t, c_uint, c_ulong, c_void_p
from pathlib import Path
from typing import Any

from linter.readers import ReadError

ERR_FORMAT, ERR_PASSWORD, ERR_SECURITY = 3, 4, 5
OBJ_TEXT, OBJ_PATH, OBJ_FORM = 1, 2, 5
SEG_LINETO, SEG_BEZIERTO, SEG_MOVETO = 0, 1, 2


class Matrix(Structure):
    _fields_ = [(name, c_float) for name in "abcdef"]


class RectF(Structure):
    _fields_ = [(name, c_float) for name in ("left", "top", "right", "bottom")]


class _Config(Structure):
    _fields_ = [("version", c_int), ("m_pUserFontPaths", c_void_p), ("m_pIsolate", c_void_p),
                ("m_v8EmbedderSlot", c_uint)]


_H = c_void_p  # every pdfium handle
_SIGNATURES: dict[str, tuple[Any, tuple]] = {
    "FPDF_InitLibraryWithConfig": (None, (POINTER(_Config),)),
    "FPDF_LoadMemDocument64": (_H, (c_char_p, c_size_t, c_char_p)),
    "FPDF_GetLastError": (c_ulong, ()),
    "FPDF_CloseDocument": (None, (_H,)),
    "FPDF_GetPageCount": (c_int, (_H,)),
    "FPDF_LoadPage": (_H, (_H, c_int)),
    "FPDF_ClosePage": (None, (_H,)),
    "FPDFPage_GetRotation": (c_int, (_H,)),
    "FPDFPage_GetMediaBox": (c_int, (_H, POINTER(c_float), POINTER(c_float), POINTER(c_float), POINTER(c_float))),
    "FPDFPage_CountObjects": (c_int, (_H,)),
    "FPDFPage_GetObject": (_H, (_H, c_int)),
    "FPDFPageObj_GetType": (c_int, (_H,)),
    "FPDFPageObj_GetMatrix": (c_int, (_H, POINTER(Matrix))),
    "FPDFFormObj_CountObjects": (c_int, (_H,)),
    "FPDFFormObj_GetObject": (_H, (_H, c_ulong)),
    "FPDFPath_CountSegments": (c_int, (_H,)),
    "FPDFPath_GetPathSegment": (_H, (_H, c_int)),
    "FPDFPathSegment_GetPoint": (c_int, (_H, POINTER(c_float), POINTER(c_float))),
    "FPDFPathSegment_GetType": (c_int, (_H,)),
    "FPDFPathSegment_GetClose": (c_int, (_H,)),
    "FPDFText_LoadPage": (_H, (_H,)),
    "FPDFText_ClosePage": (None, (_H,)),
    "FPDFText_CountChars": (c_int, (_H,)),
    "FPDFText_GetText": (c_int, (_H, c_int, c_int, c_void_p)),
    "FPDFText_GetUnicode": (c_uint, (_H, c_int)),
    "FPDFText_GetTextObject": (_H, (_H, c_int)),
    "FPDFText_GetLooseCharBox": (c_int, (_H, c_int, POINTER(RectF))),
    "FPDFText_GetCharOrigin": (c_int, (_H, c_int, POINTER(c_double), POINTER(c_double))),
    "FPDFText_GetMatrix": (c_int, (_H, c_int, POINTER(Matrix))),
    "FPDFText_HasUnicodeMapError": (c_int, (_H, c_int)),
    "FPDFText_IsGenerated": (c_int, (_H, c_int)),
    "FPDFTextObj_GetFont": (_H, (_H,)),
    "FPDFTextObj_GetFontSize": (c_int, (_H, POINTER(c_float))),
    "FPDFFont_GetBaseFontName": (c_size_t, (_H, POINTER(c_char), c_size_t)),
    "FPDFFont_GetDescent": (c_int, (_H, c_float, POINTER(c_float))),
}

_lib: Any = None
_loading = threading.Lock()
# pdfium is not thread-safe: whoever calls it in this process holds this lock.  (Read in a child
# process, as the reader does where it can, nothing in this process calls it but the loading.)
LOCK = threading.Lock()


def library() -> Any:
    """pdfium, loaded and initialized once; a ReadError when it cannot be found."""
    global _lib
    with _loading:
        if _lib is None:
            _lib = _initialized()
    return _lib


def _initialized() -> Any:
    handle = _load()
    try:
        for name, (restype, argtypes) in _SIGNATURES.items():
            function = getattr(handle, name)
            function.restype, function.argtypes = restype, argtypes
    except AttributeError:
        raise ReadError("读取 PDF 需要较新的 pypdfium2 库（pip install 'pypdfium2>=5'）") from None
    config = _Config(version=2)
    handle.FPDF_InitLibraryWithConfig(ctypes.byref(config))  # a no-op when pypdfium2 did it already
    return handle


def _load() -> ctypes.CDLL:
    spec = importlib.util.find_spec("pypdfium2_raw")
    for folder in (spec.submodule_search_locations or []) if spec else []:
        for pattern in ("libpdfium.so", "libpdfium.dylib", "pdfium.dll", "*pdfium*.so*"):
            for candidate in sorted(Path(folder).glob(pattern)):
                try:
                    return ctypes.CDLL(str(candidate))
                except OSError:
                    continue
    try:  # an unusual layout: let pypdfium2 find its library
        from pypdfium2_raw import bindings  # type: ignore[import-untyped]

        return bindings._libs["pdfium"]
    except (ImportError, AttributeError, KeyError):
        raise ReadError("读取 PDF 需要 pypdfium2 库（pip install pypdfium2）") from None
