"""Hostile PDFs: each ends in seconds with one R001 line, exit 2, bounded memory, no traceback.

The files are built here (tests/fixtures/pdf/pdfgen.py): object graphs that point to
themselves, a form that draws itself, Flate streams that inflate to gigabytes (plain,
under an ASCIIHex wrapper, encrypted), pages with tens of thousands of characters.
Each goes through the real command line in a child process whose peak memory (its
own and its children's) is measured.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.readers import ReadError, read_bytes
from linter.readers.common import Deadline

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path.insert(0, str(FIXTURES / "pdf"))

import pdfgen  # noqa: E402

SECONDS, MEGABYTES = 10, 500

# Runs the command line and reports how it went, with the peak resident memory of the process tree.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
start = time.monotonic()
run = subprocess.run([sys.executable, "-m", "linter", "check", "--isolated", "--no-source", *sys.argv[1:]],
                     capture_output=True, text=True)
print(json.dumps({"code": run.returncode, "out": run.stdout, "err": run.stderr,
                  "seconds": time.monotonic() - start,
                  "peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))
"""


def _lint(*paths: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", _WRAPPER, *map(str, paths)], cwd=ROOT, capture_output=True,
                            text=True, timeout=120)
    return json.loads(result.stdout)


def _fork_only(reason: str):
    from linter.readers.pdf_sandbox import can_fork

    return pytest.mark.skipif(not can_fork(), reason=reason)


# name: (builder, a phrase of the message); the first six are the audit's reproductions.
HOSTILE = {
    **{f"loop-{name}": (lambda name=name: pdfgen.looping_pdfs()[name], "")
       for name in ("root", "kids", "resources", "contents")},
    "flate-4gib": (lambda: pdfgen.flate_bomb(4.0), "压缩炸弹"),
    "chars-40k": (lambda: pdfgen.many_chars(40_000), "字符过多"),
    "loop-parent": (lambda: pdfgen.looping_pdfs()["parent"], ""),
    "self-drawing-form": (pdfgen.self_drawing_form, ""),
    "flate-under-hex": (lambda: pdfgen.flate_bomb(1.0, wrap_hex=True), "压缩炸弹"),
    "chars-100k-one-place": (lambda: pdfgen.many_chars(100_000, same_place=True), "字符过多"),
}
THROUGH_THE_COMMAND_LINE = list(HOSTILE)[:6]
IN_PROCESS = list(HOSTILE)[6:]


def test_the_reproductions_are_what_the_audit_describes():
    root = HOSTILE["loop-root"][0]()
    assert len(root) == 138 and b"1 0 obj\n1 0 R\nendobj" in root and b"/Root 1 0 R" in root
    assert len(HOSTILE["flate-4gib"][0]()) < 5 * 1024 * 1024  # ~4 MB on disk for 4 GiB inflated
    assert len(HOSTILE["chars-40k"][0]()) < 3000


@pytest.mark.parametrize("name", THROUGH_THE_COMMAND_LINE)
def test_hostile_pdf_is_one_read_error(tmp_path, name):
    build, message = HOSTILE[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build())
    run = _lint(path)
    lines = [line for line in run["out"].splitlines() if line.startswith(str(path))]
    assert run["code"] == 2, run
    assert len(lines) == 1 and " R001 " in lines[0] and message in lines[0], run["out"]
    assert "Traceback" not in run["err"]
    assert run["seconds"] < SECONDS
    if sys.platform.startswith("linux"):
        assert run["peak_mb"] < MEGABYTES, run


@pytest.mark.parametrize("name", IN_PROCESS)
def test_more_hostile_pdfs_are_read_errors(name):
    build, message = HOSTILE[name]
    start = time.monotonic()
    with pytest.raises(ReadError, match=message or "PDF") as caught:
        read_bytes(f"{name}.pdf", build(), ".pdf")
    assert time.monotonic() - start < SECONDS
    assert "\n" not in str(caught.value)


@_fork_only("an encrypted stream is only bounded by the extracting process's memory ceiling")
def test_encrypted_flate_bomb_is_stopped_by_the_memory_ceiling(tmp_path):
    # The size check cannot read an encrypted stream; pdfium decrypts and inflates it in the
    # child process, which dies at its ceiling.
    path = tmp_path / "encrypted-bomb.pdf"
    path.write_bytes(pdfgen.flate_bomb(1.0, encrypt=True))
    run = _lint(path)
    assert run["code"] == 2 and run["out"].count(" R001 ") == 1 and "内存上限" in run["out"]
    assert "Traceback" not in run["err"] and run["seconds"] < SECONDS
    assert run["peak_mb"] < MEGABYTES


def test_a_batch_with_hostile_files_lints_the_good_ones(tmp_path):
    names = ("loop-root", "flate-4gib", "chars-40k", "self-drawing-form", "flate-under-hex")
    for name in names:
        (tmp_path / f"{name}.pdf").write_bytes(HOSTILE[name][0]())
    good = tmp_path / "good.pdf"
    good.write_bytes((FIXTURES / "pdf" / "report-wrong-total.pdf").read_bytes())
    run = _lint(tmp_path)
    assert run["code"] == 2
    for name in names:
        lines = [line for line in run["out"].splitlines() if line.startswith(str(tmp_path / f"{name}.pdf"))]
        assert len(lines) == 1 and " R001 " in lines[0]
    found = [line for line in run["out"].splitlines() if line.startswith(str(good))]
    assert any(" T301 " in line and "第2页 第16行" in line for line in found), run["out"]
    assert f"检查了 {len(names) + 1} 个文件" in run["out"]
    assert "Traceback" not in run["err"] and run["seconds"] < 3 * SECONDS
    if sys.platform.startswith("linux"):
        assert run["peak_mb"] < MEGABYTES, run


# --- the size check must not refuse what is merely large --------------------------------------

def test_a_large_flate_image_is_not_a_bomb():
    import zlib

    writer = pdfgen.Writer()
    catalog, tree = writer.reserve(), writer.reserve()
    fonts = pdfgen.add_fonts(writer)  # b"<< /Font << ... >> >>"
    pixels = zlib.compress(b"\xff" * (48 * 1024 * 1024), 9)  # a blank 48 MB scan, a few dozen KB compressed
    image = writer.add(b"<< /Type /XObject /Subtype /Image /Width 8192 /Height 6144 /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n" % len(pixels)
                       + pixels + b"\nendstream")
    content = writer.stream(b"q 100 0 0 100 0 0 cm /Im0 Do Q\n" + pdfgen.show(72, 700, 12, "一、总体情况"))
    resources = fonts[:-2] + b"/XObject << /Im0 %d 0 R >> >>" % image
    page = writer.add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources %s >>"
                      % (tree, content, resources))
    writer.set(tree, b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page)
    writer.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % tree)
    source = read_bytes("scan.pdf", writer.build(catalog), ".pdf")
    assert source.text == "一、总体情况\n"


def test_streams_just_under_the_cap_are_read():
    from linter.readers.pdf_streams import MAX_STREAM_BYTES

    text = pdfgen.show(72, 770, 12, "一、总体情况")
    padding = b" " * (MAX_STREAM_BYTES - len(text) - 16)
    import zlib

    data = zlib.compress(text + padding, 9)
    pdf = pdfgen._one_page(b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream")
    assert read_bytes("x.pdf", pdf, ".pdf").text == "一、总体情况\n"


# --- the deadline inside a page, not only between pages -------------------------------------------

class TripWire(Deadline):
    """A deadline that expires at the n-th check and remembers how many checks it saw."""

    def __init__(self, checks: int) -> None:
        super().__init__()
        self.limit, self.calls = checks, 0

    def check(self) -> None:
        self.calls += 1
        if self.calls > self.limit:
            raise ReadError("解析超时（测试）")


def test_deadline_is_checked_inside_a_page_while_extracting():
    from linter.readers.pdf_extract import read_pages

    data = pdfgen.many_chars(15_000)
    counter = TripWire(10**9)
    assert len(list(read_pages(data, counter))) == 1 and counter.calls > 20  # one page, many checks
    pages = read_pages(data, TripWire(2))  # one check before the page, the next ones inside it
    with pytest.raises(ReadError, match="测试"):
        next(pages)


def test_deadline_is_checked_inside_a_page_while_finding_tables():
    from linter.readers.pdf_layout import find_tables

    n = 120
    edges = [("v", 10 + i * 5.0, 10.0, 10 + i * 5.0, 10 + (n - 1) * 5.0) for i in range(n)]
    edges += [("h", 10.0, 10 + i * 5.0, 10 + (n - 1) * 5.0, 10 + i * 5.0) for i in range(n)]
    counter = TripWire(10**9)
    assert len(find_tables(edges, counter)) == 1 and counter.calls > n
    with pytest.raises(ReadError, match="测试"):
        find_tables(edges, TripWire(5))


def test_deadline_stops_the_extracting_process_mid_page():
    from linter.readers.pdf_sandbox import can_fork, isolated

    if not can_fork():
        pytest.skip("needs fork")

    def slow():
        yield 1
        time.sleep(30)  # stands for pdfium stuck inside one page
        yield 2

    start = time.monotonic()
    items = isolated(slow, Deadline(1.0), lambda n: f"第 {n} 页太慢")
    assert next(items) == 1
    with pytest.raises(ReadError, match="解析超时"):
        next(items)
    assert time.monotonic() - start < 5


# --- de-duplication is no longer quadratic ------------------------------------------------------

def test_dedupe_of_glyphs_at_one_place_grows_linearly():
    from linter.readers.pdf_layout import dedupe

    def timed(n: int) -> float:
        chars = [("a", 72.0 + (i % 3) * 0.1, 700.0, 78.0, 712.0, True, 12.0, "F") for i in range(n)]
        start = time.process_time()
        assert len(dedupe(chars)) == 1
        return time.process_time() - start

    timed(1000)
    small, large = min(timed(20_000) for _ in range(3)), min(timed(40_000) for _ in range(3))
    assert large < 1.0
    assert large <= 2.5 * small + 0.01
