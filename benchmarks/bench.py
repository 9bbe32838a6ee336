"""Time nianbao-lint the way users run it: cold single-file runs and one batch run.

    python benchmarks/bench.py            # examples/ and, when present, ../shared/seeds
    python benchmarks/bench.py --copies 100

Cold runs start a new process each time (what a pre-commit hook pays); the
batch lints N copies of the example and seed reports in one invocation.  The
interpreter running this script is the one measured: run it from an environment
where the wheel is installed to see what users get (an editable install and the
test extras add import time).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _reports() -> list[Path]:
    reports = sorted((ROOT / "examples").rglob("*.txt"))
    seeds = ROOT.parent / "shared" / "seeds"
    if seeds.is_dir():
        reports += sorted(seeds.glob("*.txt"))
    return reports


def _time(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=100, help="reports in the batch run")
    parser.add_argument("--repeat", type=int, default=5, help="cold runs per file")
    args = parser.parse_args()
    exe = [sys.executable, "-m", "linter", "check", "--no-source"]
    reports = _reports()
    _time(exe + [str(reports[0])])  # warm the OS file cache and Lark's grammar cache
    cold = []
    for report in reports:
        runs = [_time(exe + [str(report)]) for _ in range(args.repeat)]
        cold.append(statistics.median(runs))
        print(f"cold single file  {statistics.median(runs) * 1000:7.1f} ms  {report.name}")
    print(f"cold single file: median {statistics.median(cold) * 1000:.1f} ms, max {max(cold) * 1000:.1f} ms")
    with tempfile.TemporaryDirectory() as folder:
        for i in range(args.copies):
            source = reports[i % len(reports)]
            shutil.copy(source, Path(folder) / f"{i:04d}-{source.name}")
        batch = statistics.median(_time(exe + [folder]) for _ in range(3))
    print(f"batch: {args.copies} reports in one invocation: {batch:.2f} s ({batch / args.copies * 1000:.1f} ms/report)")


if __name__ == "__main__":
    main()
