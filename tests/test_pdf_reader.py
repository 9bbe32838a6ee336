"""The pdfium reader's own machinery: the extracting process, its fallback, the lazy loading."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from linter.readers import ReadError, pdf_sandbox, read_path
from linter.readers.common import Deadline
from linter.readers.pdf_sandbox import can_fork, isolated

FIXTURES = Path(__file__).resolve().parent / "fixtures"
needs_fork = pytest.mark.skipif(not can_fork(), reason="the extracting process needs fork")


def _stalled(n: int) -> str:
    return f"第 {n} 项太慢"


@needs_fork
def test_items_come_back_in_order_from_the_child():
    pid = os.getpid()

    def produce():
        for n in range(3):
            yield n, os.getpid() != pid, ("文字", 1.5, True, None)

    assert list(isolated(produce, Deadline(), _stalled)) == [(n, True, ("文字", 1.5, True, None)) for n in range(3)]


@needs_fork
def test_a_read_error_in_the_child_is_a_read_error_here():
    def produce():
        yield 1
        raise ReadError("第二页坏了")

    items = isolated(produce, Deadline(), _stalled)
    assert next(items) == 1
    with pytest.raises(ReadError, match="第二页坏了"):
        next(items)


@needs_fork
def test_any_other_exception_in_the_child_is_a_corrupt_file():
    def produce():
        raise ZeroDivisionError
        yield  # pragma: no cover

    with pytest.raises(ReadError, match="PDF 文件已损坏，无法解析（ZeroDivisionError）"):
        list(isolated(produce, Deadline(), _stalled))


@needs_fork
def test_a_child_that_dies_is_a_read_error():
    def produce():
        yield 1
        os.kill(os.getpid(), signal.SIGABRT)  # what pdfium does when it runs out of memory
        yield 2  # pragma: no cover

    items = isolated(produce, Deadline(), _stalled)
    assert next(items) == 1
    with pytest.raises(ReadError, match=r"异常终止.*内存上限"):
        next(items)


@needs_fork
def test_the_child_cannot_allocate_without_limit():
    def produce():
        hog = bytearray(2 * pdf_sandbox.MEMORY_BYTES)  # MemoryError under the ceiling
        yield len(hog)  # pragma: no cover

    with pytest.raises(ReadError, match="内存上限"):
        list(isolated(produce, Deadline(), _stalled))


@needs_fork
def test_one_item_that_takes_too_long_is_stopped(monkeypatch):
    monkeypatch.setattr(pdf_sandbox, "ITEM_SECONDS", 0.5)

    def produce():
        yield 1
        time.sleep(30)
        yield 2  # pragma: no cover

    start = time.monotonic()
    items = isolated(produce, Deadline(), _stalled)
    assert next(items) == 1
    with pytest.raises(ReadError, match="第 2 项太慢"):
        next(items)
    assert time.monotonic() - start < 5


@needs_fork
def test_the_child_is_reaped_when_the_reader_stops_early():
    def produce():
        yield os.getpid()
        time.sleep(30)
        yield 0  # pragma: no cover

    items = isolated(produce, Deadline(), _stalled)
    child = next(items)
    items.close()
    with pytest.raises(ChildProcessError):
        os.waitpid(child, os.WNOHANG)  # already waited for: no zombie left behind
    with pytest.raises(ProcessLookupError):
        os.kill(child, 0)


def test_without_fork_the_same_items_come_from_this_process(monkeypatch):
    monkeypatch.setattr(pdf_sandbox, "can_fork", lambda: False)
    pid = os.getpid()
    assert list(isolated(lambda: iter([os.getpid()]), Deadline(), _stalled)) == [pid]


@pytest.mark.parametrize("name", ["formats/report.pdf", "pdf/report-rotated.pdf"])
def test_in_process_reading_gives_the_same_source(monkeypatch, name):
    isolated_source = read_path(str(FIXTURES / name))
    monkeypatch.setattr(pdf_sandbox, "can_fork", lambda: False)
    direct = read_path(str(FIXTURES / name))
    assert direct.text == isolated_source.text
    assert [direct.location(o) for o in range(len(direct.text))] == [
        isolated_source.location(o) for o in range(len(direct.text))]


def test_pdfium_is_loaded_only_for_pdf_files():
    code = (
        "import sys, linter.readers as r; r.read_path(sys.argv[1]);"
        "print(any(m.startswith(('linter.readers.pdf', 'pypdfium2', 'pdfplumber')) for m in sys.modules))"
    )
    root = FIXTURES.parent.parent
    for name, loaded in (("formats/report.txt", "False"), ("formats/report.pdf", "True")):
        out = subprocess.run([sys.executable, "-c", code, str(FIXTURES / name)], capture_output=True, text=True,
                             check=True, cwd=root)
        assert out.stdout.split() == [loaded]


def test_the_pdf_reader_does_not_import_pdfplumber_or_pypdfium2_bindings():
    code = ("import sys, linter.readers as r; r.read_path(sys.argv[1]);"
            "print(sorted(m for m in ('pdfplumber', 'pdfminer', 'pypdfium2', 'pypdfium2_raw') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, str(FIXTURES / "formats/report.pdf")], capture_output=True,
                         text=True, check=True, cwd=FIXTURES.parent.parent)
    assert out.stdout.strip() == "[]"


def test_a_file_locked_only_against_editing_is_read():
    # Government PDFs are often encrypted with an owner password and no user password.
    sys.path.insert(0, str(FIXTURES / "pdf"))
    import pdfgen

    from linter.readers import read_bytes

    locked = pdfgen.text_page(["一、总体情况", "全年新收申请12件。"], encrypt=True)
    assert b"/Encrypt" in locked
    assert read_bytes("locked.pdf", locked, ".pdf").text.replace("\n", "") == "一、总体情况全年新收申请12件。"


@pytest.mark.parametrize("forking", [True, False], ids=["child process", "in process"])
def test_threads_reading_pdfs_at_once_get_the_right_text(monkeypatch, forking):
    # A server lints uploads in threads; pdfium is not thread-safe.
    from concurrent.futures import ThreadPoolExecutor

    if forking and not can_fork():
        pytest.skip("needs fork")
    monkeypatch.setattr(pdf_sandbox, "can_fork", lambda: forking)
    names = ["formats/report.pdf", "pdf/report-rotated.pdf", "pdf/report-in-forms.pdf"] * 3
    expected = {name: read_path(str(FIXTURES / name)).text for name in set(names)}
    with ThreadPoolExecutor(max_workers=4) as pool:
        texts = list(pool.map(lambda name: read_path(str(FIXTURES / name)).text, names))
    assert texts == [expected[name] for name in names]
