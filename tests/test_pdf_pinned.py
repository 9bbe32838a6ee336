"""The PDF reader's output, pinned: the same diagnostics and the same text and page/line addresses
on every PDF fixture as the pdfplumber reader gave before the reader moved to pdfium.

The expected files in tests/fixtures/pdf/expected/ were written once by
``tests/fixtures/pdf/make_pdf_fixtures.py --expected`` from that reader; see its docstring.
The text and addresses are the reader's own; the diagnostics also depend on the parser, and
``some-unmapped-glyphs.check.json`` was recorded again when the parser learned to find headings
glued into a line (its 一、总体情况 is found now: no S101 for it, S104 instead).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
sys.path.insert(0, str(FIXTURES / "pdf"))

from make_pdf_fixtures import CHECKS, EXPECTED, SOURCES, source_dump  # noqa: E402


def _expected(name: str) -> dict:
    return json.loads((EXPECTED / name).read_text(encoding="utf-8"))


def _diagnostics(run: dict) -> dict:
    """What must not change: the exit code, the report's year and layout, and per diagnostic its code,
    severity, message, span and page/line (reporters may add fields; those do not count)."""
    keys = ("code", "severity", "message", "line", "column", "end_line", "end_column")
    return {"exit": run["exit"], "files": [
        {"report": entry["report"], "diagnostics": [
            {**{k: d.get(k) for k in keys}, "page_line": {k: d.get("location", {}).get(k) for k in ("page", "line")}}
            for d in entry["diagnostics"]]}
        for entry in run["output"]["files"]]}


@pytest.mark.parametrize("name, args, stem", CHECKS, ids=[stem for _, _, stem in CHECKS])
def test_check_output_is_unchanged(capsys, name, args, stem):
    from linter.cli import main

    capsys.readouterr()
    code = main(["check", "--isolated", "--format", "json", *args, str(FIXTURES / name)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    actual = _diagnostics({"exit": code, "output": json.loads(captured.out)})
    assert actual == _diagnostics(_expected(f"{stem}.check.json"))


@pytest.mark.parametrize("name", SOURCES, ids=[Path(n).stem for n in SOURCES])
def test_text_and_addresses_are_unchanged(name):
    expected = _expected(f"{Path(name).stem}.source.json")
    actual = source_dump(FIXTURES / name)
    assert actual["text"] == expected["text"]
    assert actual["addresses"] == expected["addresses"]


def test_the_pinned_files_say_something():
    # The pins are only worth something if they hold located findings and tables.
    located = [d["location"] for _, _, stem in CHECKS
               for f in _expected(f"{stem}.check.json")["output"]["files"] for d in f["diagnostics"]
               if "location" in d]
    assert {"page", "line"} <= set().union(*located) and len({loc["page"] for loc in located}) >= 3
    codes = {d["code"] for _, _, stem in CHECKS
             for f in _expected(f"{stem}.check.json")["output"]["files"] for d in f["diagnostics"]}
    assert {"R001", "T301", "T302", "D602"} <= codes
    assert _expected("report.source.json")["text"].count("\t") > 100
