"""Milliseconds per page of the PDF reader, after imports, on the fixtures and on long generated PDFs.

    python benchmarks/pdf_pages.py                 # 7 runs per file
    python benchmarks/pdf_pages.py --runs 15 --copies 40

Each file is read once to warm up, then ``--runs`` times; the figures are medians of
wall time and of CPU time (this process and the extracting child together), per page.
The reader runs as shipped (pdfium in a child process) and in-process (the fallback
where ``fork`` is missing).  Two long files are generated, never committed: the
LibreOffice fixture's pages repeated ``--copies`` times (real fonts and tables), and
the generated report set ``--copies`` times in one layout.  When pdfplumber is
installed (the test extra), the same pages are also run through what the reader used
before — pdfplumber's de-duplication, table finder, table extraction and text lines —
as a baseline measured in the same run, and the ratio is printed.
"""

from __future__ import annotations

import argparse
import io
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
sys.path[:0] = [str(ROOT), str(FIXTURES), str(FIXTURES / "pdf")]

from linter.readers import pdf_sandbox  # noqa: E402
from linter.readers.pdf import read_pdf  # noqa: E402
from linter.readers.pdf_pdfium import library  # noqa: E402


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(read, runs: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``read()`` after one warm-up run."""
    read()
    walls, cpus = [], []
    for _ in range(runs):
        cpu, wall = _cpu(), time.perf_counter()
        read()
        walls.append(time.perf_counter() - wall)
        cpus.append(_cpu() - cpu)
    return statistics.median(walls), statistics.median(cpus)


def repeated_fixture(copies: int) -> bytes:
    """The LibreOffice fixture's pages, ``copies`` times over, as one file (pypdfium2 does the merge)."""
    import pypdfium2 as pdfium

    source = pdfium.PdfDocument(str(FIXTURES / "formats" / "report.pdf"))
    target = pdfium.PdfDocument.new()
    for _ in range(copies):
        target.import_pages(source)
    out = io.BytesIO()
    target.save(out)
    return out.getvalue()


def generated_report(copies: int) -> bytes:
    import make_fixtures
    import pdfgen

    layout = pdfgen.Layout()
    for _ in range(copies):
        for kind, value in make_fixtures.report(break_total=True):
            layout.block(kind, value)
    return layout.pdf()


def pages_of(data: bytes) -> int:
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(data))


def pdfplumber_baseline(data: bytes):
    """What the reader did per page before pdfium, as a callable; None without pdfplumber."""
    try:
        import pdfplumber
    except ImportError:
        return None

    def read() -> None:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for page in pdf.pages:
                view = page.dedupe_chars()
                tables = view.find_tables()
                [t.extract() for t in tables]
                view.extract_text_lines(return_chars=False)

    return read


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", type=int, default=20, help="how often the long files repeat their source")
    parser.add_argument("--no-baseline", action="store_true", help="skip the pdfplumber baseline")
    args = parser.parse_args()
    library()
    files = {
        "formats/report.pdf": (FIXTURES / "formats" / "report.pdf").read_bytes(),
        "pdf/report-wrong-total.pdf": (FIXTURES / "pdf" / "report-wrong-total.pdf").read_bytes(),
        "pdf/report-rotated.pdf": (FIXTURES / "pdf" / "report-rotated.pdf").read_bytes(),
        f"report.pdf x{args.copies}": repeated_fixture(args.copies),
        f"generated x{args.copies}": generated_report(args.copies),
    }
    forks = pdf_sandbox.can_fork
    print(f"{'file':<28}{'pages':>6}  {'mode':<11}{'ms/page wall':>13}{'ms/page cpu':>12}{'ms/file':>9}")
    for name, data in files.items():
        pages = pages_of(data)
        shipped = (0.0, 0.0)
        for mode in ("child", "in-process"):
            pdf_sandbox.can_fork = forks if mode == "child" else (lambda: False)
            wall, cpu = measure(lambda name=name, data=data: read_pdf(name, data), args.runs)
            shipped = (wall, cpu) if mode == "child" else shipped
            print(f"{name:<28}{pages:>6}  {mode:<11}{wall / pages * 1e3:>13.1f}{cpu / pages * 1e3:>12.1f}"
                  f"{wall * 1e3:>9.0f}")
        pdf_sandbox.can_fork = forks
        baseline = None if args.no_baseline else pdfplumber_baseline(data)
        if baseline is not None:
            base_wall, base_cpu = measure(baseline, max(3, args.runs // 2))
            print(f"{'':<28}{'':>6}  {'pdfplumber':<11}{base_wall / pages * 1e3:>13.1f}"
                  f"{base_cpu / pages * 1e3:>12.1f}{base_wall * 1e3:>9.0f}   "
                  f"pdfplumber/reader: wall x{base_wall / shipped[0]:.1f}, cpu x{base_cpu / shipped[1]:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
