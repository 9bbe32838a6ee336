"""``--statistics`` for every format: counts per code.

Text and GitHub output print the table on stdout after the findings; machine
formats (json, sarif, junit, gitlab) keep stdout parseable and print it on stderr.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence, TextIO

from linter.results import FileResult


def write_statistics(results: Sequence[FileResult], out: TextIO) -> None:
    counts = Counter((d.code, d.name) for r in results for d in r.diagnostics)
    for (code, name), count in sorted(counts.items()):
        out.write(f"{count:>5}  {code}  {name}\n")

