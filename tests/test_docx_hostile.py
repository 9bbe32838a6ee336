"""Hostile Word files: refused with one R001 line, in bounded time and memory (issue: hostile input).

Each file is written by the test, linted in a subprocess, and the subprocess's own peak
RSS is read with ``os.wait4`` (so other processes of the test run do not count).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def _docx(document_xml: str, numbering_xml: str | None = None, stored: bool = False) -> bytes:
    """A python-docx document with its body (and numbering) replaced by the given XML."""
    import docx

    base = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("x", style="List Number")  # makes python-docx write numbering.xml
    document.save(base)
    source = zipfile.ZipFile(io.BytesIO(base.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "word/document.xml":
                content = document_xml.encode()
            elif info.filename == "word/numbering.xml" and numbering_xml is not None:
                content = numbering_xml.encode()
            target.writestr(info.filename, content)
    return out.getvalue()


def numbering_bomb(start: int = 2_000_000_000) -> bytes:
    numbering = (f'{HEAD}<w:numbering {W}><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0">'
                 f'<w:start w:val="{start}"/><w:numFmt w:val="upperLetter"/><w:lvlText w:val="%1."/></w:lvl>'
                 '</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>')
    paragraph = ('<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr>'
                 '<w:r><w:t>一项</w:t></w:r></w:p>')
    return _docx(f"{HEAD}<w:document {W}><w:body>{paragraph * 20}</w:body></w:document>", numbering)


def gridspan_bomb(cells: int = 561_000, span: int = 9) -> bytes:
    # Stored, not deflated: a compressed copy would already be refused as a zip bomb.
    row = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr></w:tc>' * cells
    return _docx(f"{HEAD}<w:document {W}><w:body><w:tbl><w:tr>{row}</w:tr></w:tbl></w:body></w:document>",
                 stored=True)


def _lint(path: Path) -> tuple[int, str, float, int]:
    """Exit code, stdout, wall seconds and peak RSS (MB) of ``nianbao-lint check path``."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "linter", "check", "--no-source", str(path)], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out = process.stdout.read().decode()
    process.stderr.read()
    _pid, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    return process.returncode, out, time.monotonic() - started, usage.ru_maxrss // 1024


@pytest.mark.parametrize("make, reason", [
    (numbering_bomb, "自动编号起始值"),
    (gridspan_bomb, "表格过大"),
    (lambda: gridspan_bomb(cells=30_000, span=1000), "表格过大"),  # few cells, each 1000 columns wide
])
def test_hostile_docx_is_refused_quickly_with_bounded_memory(tmp_path, make, reason):
    path = tmp_path / "hostile.docx"
    path.write_bytes(make())
    code, out, seconds, rss_mb = _lint(path)
    findings = [line for line in out.splitlines() if ": R001 " in line]
    assert code == 2 and len(findings) == 1 and reason in findings[0] and str(path) in findings[0], out
    assert seconds <= 10, seconds
    assert rss_mb <= 500, rss_mb


def test_numbering_and_spans_within_word_limits_are_still_read(tmp_path):
    """The caps refuse only what Word itself would never write."""
    from linter.readers import read_bytes

    source = read_bytes("ok.docx", numbering_bomb(start=27), ".docx")
    assert "AA.一项" in source.text.replace(" ", "")
    assert "TT.一项" in source.text.replace(" ", "")  # Word counts on AA, BB … : the 20th is 46 = TT
    wide = read_bytes("wide.docx", suffix=".docx", data=_docx(f'{HEAD}<w:document {W}><w:body><w:tbl><w:tr>'
                                         '<w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr><w:p><w:r><w:t>甲</w:t></w:r></w:p></w:tc>'
                                         '<w:tc><w:p><w:r><w:t>乙</w:t></w:r></w:p></w:tc>'
                                         '</w:tr></w:tbl></w:body></w:document>'))
    assert wide.text.strip() == "甲\t\t\t乙"


def test_letter_numbering_beyond_word_range_falls_back_to_digits():
    from linter.readers.docx import _format_number

    assert _format_number(780, "upperLetter") == "Z" * 30
    assert _format_number(781, "upperLetter") == "781"
