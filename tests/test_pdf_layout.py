"""The pdfium reader against pdfplumber, the library it replaced.

Two layers are compared.  The layout rules (pdf_layout.py) get the very characters and
edges pdfplumber extracted and must give the same de-duplicated characters, tables,
cell texts and text lines — on every page of the fixtures and on seeded random pages
built to sit on the tolerances (jittered rulings, broken lines, duplicate glyphs,
rotated text).  The extraction (pdf_extract.py) must give the characters and ruling
edges pdfplumber gives: the same characters in the same order, the same horizontal
extents and the same edges; vertical extents too, except where a font's descriptor
states no ascent or descent (LibreOffice writes 0 and 0: pdfminer keeps the zero,
pdfium measures the glyphs, and pdfium does not expose the descriptor).
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from linter.readers.common import Deadline
from linter.readers.pdf_layout import CharIndex, dedupe, find_tables, text_lines

pdfplumber = pytest.importorskip("pdfplumber", reason="pdfplumber (the test extra) is the reference")
from pdfplumber.table import TableFinder, TableSettings  # noqa: E402
from pdfplumber.utils.text import chars_to_textmap, dedupe_chars  # noqa: E402

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PDFS = [FIXTURES / "formats" / "report.pdf", *sorted((FIXTURES / "pdf").glob("*.pdf"))]
# pdfium drops a glyph overprinted on itself before anyone sees it, keeping the later copy; in the
# sideways report's rotated headings that copy sits just past pdfplumber's de-duplication tolerance.
EXTRACTED = [path for path in PDFS if path.name != "report-sideways.pdf"]


def as_tuple(char: dict) -> tuple:
    return (char["text"], char["x0"], char["top"], char["x1"], char["bottom"], char["upright"], char["size"],
            char["fontname"])


def as_dict(char: tuple) -> dict:
    text, x0, top, x1, bottom, upright, size, font = char
    return {"text": text, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "upright": upright, "size": size,
            "fontname": font, "doctop": top, "width": x1 - x0, "height": bottom - top}


def edge_dict(edge: tuple) -> dict:
    orientation, x0, top, x1, bottom = edge
    return {"orientation": orientation, "x0": x0, "top": top, "x1": x1, "bottom": bottom, "doctop": top,
            "width": x1 - x0, "height": bottom - top, "object_type": "line"}


class _Page:
    """What pdfplumber's table finder and Table.extract read from a page."""

    def __init__(self, chars: list[dict], edges: list[dict]) -> None:
        self.chars, self.edges, self.bbox = chars, edges, (0, 0, 1000, 1000)


def reference(chars: list[tuple], edges: list[tuple]) -> dict:
    """pdfplumber's results for characters and edges given as the reader's tuples."""
    unique = dedupe_chars([as_dict(c) for c in chars])
    page = _Page(unique, [edge_dict(e) for e in edges])
    tables = TableFinder(page, TableSettings()).tables
    boxes = [t.bbox for t in tables]

    def outside(c: dict) -> bool:
        x, y = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    def lines(of: list[dict]) -> list[tuple]:
        found = chars_to_textmap(of, layout_bbox=page.bbox).extract_text_lines(strip=True, return_chars=False)
        return [(line["text"], line["x0"], line["top"], line["x1"], line["bottom"]) for line in found]

    return {"chars": [as_tuple(c) for c in unique], "boxes": boxes,
            "cells": [t.extract(x_tolerance=3, y_tolerance=3) for t in tables],
            "lines": lines(unique), "outside": lines([c for c in unique if outside(c)])}


def ours(chars: list[tuple], edges: list[tuple]) -> dict:
    unique = dedupe(chars)
    tables = find_tables(edges, Deadline())
    boxes = [t.bbox for t in tables]

    def outside(c: tuple) -> bool:
        x, y = (c[1] + c[3]) / 2, (c[2] + c[4]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    def lines(of: list[tuple]) -> list[tuple]:
        return [(line.text, line.x0, line.top, line.x1, line.bottom) for line in text_lines(of)]

    index = CharIndex(unique)
    return {"chars": unique, "boxes": boxes, "cells": [t.extract(index) for t in tables],
            "lines": lines(unique), "outside": lines([c for c in unique if outside(c)])}


def _pages(path: Path):
    with pdfplumber.open(str(path)) as pdf:
        for page in pdf.pages:
            edges = [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in page.edges]
            yield page.page_number, [as_tuple(c) for c in page.chars], edges


@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_layout_rules_match_pdfplumber_on_the_fixtures(path):
    pages = list(_pages(path))
    assert pages
    for number, chars, edges in pages:
        assert ours(chars, edges) == reference(chars, edges), f"page {number}"


def _random_page(rng: random.Random) -> tuple[list[tuple], list[tuple]]:
    """Text lines and ruled grids placed on the tolerances: tops and rulings jittered by up to the
    tolerance, ruling lines broken into pieces with small gaps, glyphs printed twice, rotated runs."""
    alphabet = "一二三四五六七八九十年月日政府信息公开abcdefﬁ0123456789 ，。（）"
    chars: list[tuple] = []
    for line in range(rng.randint(3, 25)):
        top = 40 + line * rng.choice([9.0, 12.0, 14.0]) + rng.uniform(-2.5, 2.5)
        x = rng.uniform(40, 80)
        upright = rng.random() > 0.1
        font, size = rng.choice([("F1", 12.0), ("F2", 8.0), ("F1", 8.0)])
        for _ in range(rng.randint(1, 30)):
            width = size * rng.choice([0.5, 1.0])
            jitter = rng.uniform(-1.0, 1.0) if rng.random() < 0.1 else 0.0
            char = (rng.choice(alphabet), x, top + jitter, x + width, top + jitter + size, upright, size, font)
            chars.append(char)
            if rng.random() < 0.1:  # printed again, a little off: a fake bold or an unlucky overprint
                dx, dy = rng.uniform(0, 1.5), rng.uniform(0, 1.5)
                chars.append((char[0], char[1] + dx, char[2] + dy, char[3] + dx, char[4] + dy, *char[5:]))
            x += width + rng.choice([0.0, 0.0, 0.5, 2.9, 3.1, 6.0])
    rng.shuffle(chars) if rng.random() < 0.2 else None
    edges: list[tuple] = []
    for _ in range(rng.randint(0, 3)):
        left, top = rng.uniform(20, 300), rng.uniform(20, 500)
        xs = [left + sum(rng.uniform(15, 60) for _ in range(i)) for i in range(rng.randint(2, 8))]
        ys = [top + sum(rng.uniform(8, 30) for _ in range(i)) for i in range(rng.randint(2, 10))]
        for x in xs:
            if rng.random() < 0.9:
                edges += _broken("v", x + rng.uniform(-1.4, 1.4), ys[0], ys[-1], rng)
        for y in ys:
            if rng.random() < 0.9:
                edges += _broken("h", y + rng.uniform(-1.4, 1.4), xs[0], xs[-1], rng)
        for _ in range(rng.randint(0, 4)):  # stray short ticks and a slanted line
            x, y = rng.uniform(xs[0], xs[-1]), rng.uniform(ys[0], ys[-1])
            edges.append(("v", x, y, x + rng.choice([0.0, 5.0]), y + rng.uniform(0.5, 6)))
    return chars, edges


def _broken(orientation: str, at: float, start: float, end: float, rng: random.Random) -> list[tuple]:
    pieces, position = [], start
    while position < end:
        stop = min(end, position + rng.uniform(10, 200))
        pieces.append((orientation, position, at, stop, at) if orientation == "h" else
                      (orientation, at, position, at, stop))
        position = stop + rng.choice([0.0, 0.0, 1.0, 2.9, 3.5])
    return pieces


@pytest.mark.parametrize("seed", range(60))
def test_layout_rules_match_pdfplumber_on_random_pages(seed):
    chars, edges = _random_page(random.Random(seed))
    assert ours(chars, edges) == reference(chars, edges)


def test_random_pages_do_exercise_the_rules():
    found = {"tables": 0, "cells": 0, "dupes": 0, "rotated": 0}
    for seed in range(60):
        chars, edges = _random_page(random.Random(seed))
        result = ours(chars, edges)
        found["tables"] += len(result["boxes"])
        found["cells"] += sum(len(row) for table in result["cells"] for row in table)
        found["dupes"] += len(chars) - len(result["chars"])
        found["rotated"] += sum(not c[5] for c in chars)
    assert found["tables"] > 30 and found["cells"] > 500 and found["dupes"] > 50 and found["rotated"] > 50


# --- extraction -----------------------------------------------------------------------------------

@pytest.mark.parametrize("path", EXTRACTED, ids=[p.name for p in EXTRACTED])
def test_extraction_matches_pdfplumber(path):
    from linter.readers.pdf_extract import read_pages

    descriptor_without_metrics = path.name == "report.pdf"  # LibreOffice: /Ascent 0 /Descent 0
    for (number, chars, edges), (_, theirs, their_edges) in zip(read_pages(path.read_bytes(), Deadline()),
                                                                 _pages(path), strict=True):
        theirs = dedupe(theirs)  # pdfium drops a glyph printed twice on the spot by itself
        chars = dedupe(chars)
        assert [c[0] for c in chars] == [c[0] for c in theirs], f"page {number}"
        for mine, ref in zip(chars, theirs, strict=True):
            assert abs(mine[1] - ref[1]) < 0.02 and abs(mine[3] - ref[3]) < 0.02, (number, mine, ref)
            assert mine[5] == ref[5] and abs(mine[6] - ref[6]) < 1e-3, (number, mine, ref)
            if not descriptor_without_metrics:
                assert abs(mine[2] - ref[2]) < 1e-3 and abs(mine[4] - ref[4]) < 1e-3, (number, mine, ref)
        assert len(edges) == len(their_edges)
        for mine, ref in zip(edges, their_edges, strict=True):
            assert mine[0] == ref[0] and all(abs(a - b) < 1e-3 for a, b in zip(mine[1:], ref[1:], strict=True))
