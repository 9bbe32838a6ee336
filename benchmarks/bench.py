"""Time nianbao-lint the way it is used, each figure against a baseline measured in the same run.

    python benchmarks/bench.py                 # 1,000-report batches, cold runs, the cache
    python benchmarks/bench.py --big           # also 10,000 reports: throughput and peak memory
    python benchmarks/bench.py --runs 7

Run it with the interpreter of an environment where the package is installed (``pip install .``):
that is what users get.  It builds its corpora in a temporary folder — distinct copies of the
example reports (and of ``../shared/seeds`` when present), each slightly different so that no
two are the same file — and times whole processes: wall and CPU seconds (the process and its
workers) and peak memory, medians over the runs.  Every figure is printed with its ratio to a
baseline timed alongside it, because on a shared machine absolute times drift:

* ``python -c pass`` — the bare interpreter;
* ``python -c "import click, lark, yaml"`` — the libraries the linter cannot do without;
* reading every file of the corpus — the I/O floor of a batch.

PDF pages are timed by ``benchmarks/pdf_pages.py``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LINT = [PYTHON, "-m", "linter", "check", "--no-source", "-q"]


@dataclass
class Figure:
    wall: float
    cpu: float
    rss_mib: float


def measure(command: list[str], runs: int, cwd: Path | None = None) -> Figure:
    """Medians over ``runs`` runs (after one not counted; ``runs`` 0: a single run, counted) of a
    whole process — its CPU includes the worker processes it waited for, its peak is the largest."""
    walls, cpus, peaks = [], [], []
    warmup = 1 if runs else 0
    for index in range(max(runs, 1) + warmup):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
        _, _, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        if index < warmup:
            continue  # the warm-up: file cache, grammar and pack caches
        walls.append(wall)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peaks.append(usage.ru_maxrss / 1024)
    return Figure(statistics.median(walls), statistics.median(cpus), statistics.median(peaks))


def corpus(folder: Path, count: int) -> list[Path]:
    """``count`` distinct text reports in ``folder``."""
    sources = sorted((ROOT / "examples").rglob("*.txt"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        sources += sorted(seeds.glob("*.txt"))
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for index in range(count):
        source = sources[index % len(sources)]
        target = folder / f"{index:05d}-{source.name}"
        target.write_text(source.read_text(encoding="utf-8") + f"\n（第{index}份）\n", encoding="utf-8")
        files.append(target)
    return files


def line(name: str, figure: Figure, base: Figure | None = None, base_name: str = "", per: int = 0) -> None:
    ratio = f"  ×{figure.wall / base.wall:5.2f} wall  ×{figure.cpu / base.cpu:5.2f} cpu  vs {base_name}" if base else ""
    rate = f"  {per / figure.wall:7.0f} reports/s  {figure.cpu / per * 1000:5.2f} ms cpu/report" if per else ""
    print(f"{name:<34} wall {figure.wall * 1000:8.1f} ms  cpu {figure.cpu * 1000:8.1f} ms  "
          f"peak {figure.rss_mib:6.1f} MiB{rate}{ratio}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="counted runs of each command")
    parser.add_argument("--big", action="store_true", help="also lint 10,000 reports")
    args = parser.parse_args()
    runs = args.runs
    work = Path(tempfile.mkdtemp(prefix="nianbao-bench-"))
    # Away from the checkout: ``python -m linter`` run from the repository would import its sources
    # (compiled anew on every run where bytecode is not written) instead of the installed package.
    os.chdir(work)
    try:
        bare = measure([PYTHON, "-c", "pass"], runs)
        libs = measure([PYTHON, "-c", "import click, lark, yaml"], runs)
        line("python -c pass", bare)
        line('python -c "import click, lark, yaml"', libs, bare, "bare interpreter")

        single = ROOT / "examples" / "2024-yunxi-transport.txt"
        copy = work / "single.txt"
        shutil.copy(single, copy)
        line("cold single .txt (no cache)", measure(LINT + ["--no-cache", str(copy)], runs), libs, "click+lark+yaml")
        cache = work / "cache"
        line("cold single .txt (cached)", measure(LINT + ["--cache-dir", str(cache), str(copy)], runs), libs,
             "click+lark+yaml")
        docx = ROOT / "tests" / "fixtures" / "formats" / "report.docx"
        line("cold single .docx", measure(LINT + ["--no-cache", str(docx)], runs), libs, "click+lark+yaml")
        pdf = ROOT / "tests" / "fixtures" / "formats" / "report.pdf"
        line("cold single .pdf (3 pages)", measure(LINT + ["--no-cache", str(pdf)], runs), libs, "click+lark+yaml")

        batch = work / "batch1k"
        files = corpus(batch, 1000)
        read_all = measure([PYTHON, "-c", "import sys, pathlib; [p.read_bytes() for p in "
                                          "pathlib.Path(sys.argv[1]).iterdir()]", str(batch)], runs)
        line("read 1,000 files", read_all, libs, "click+lark+yaml")
        batch_runs = max(1, runs // 2)
        for jobs in (1, 2):
            figure = measure(LINT + ["--no-cache", "-j", str(jobs), str(batch)], batch_runs)
            line(f"1,000 reports, --jobs {jobs}", figure, read_all, "reading them", per=len(files))
        first = measure(LINT + ["--cache-dir", str(work / "cache1k"), "-j", "2", str(batch)], 0)
        cached = measure(LINT + ["--cache-dir", str(work / "cache1k"), "-j", "2", str(batch)], batch_runs)
        line("1,000 reports, first run (cache)", first, read_all, "reading them", per=len(files))
        line("1,000 reports, unchanged (cached)", cached, first, "the first run", per=len(files))

        if args.big:
            big = work / "batch10k"
            files = corpus(big, 10000)
            for jobs in (1, 2):
                figure = measure(LINT + ["--no-cache", "-j", str(jobs), str(big)], 0)
                line(f"10,000 reports, --jobs {jobs}", figure, read_all, "reading 1,000", per=len(files))
            for fmt in ("json",):
                figure = measure(LINT + ["--no-cache", "-j", "2", "--format", fmt, str(big)], 0)
                line(f"10,000 reports, --format {fmt}", figure, read_all, "reading 1,000", per=len(files))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
