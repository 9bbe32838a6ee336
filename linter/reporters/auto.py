"""``--format auto`` (the default): GitHub annotations inside GitHub Actions, text elsewhere.

Colour for the text format is decided by the command line (terminal and
``NO_COLOR``), so on a terminal this is coloured text and in a pipe plain text.
"""

from __future__ import annotations

import os
from typing import Sequence, TextIO

from linter.reporters import ReportOptions, get_reporter
from linter.results import FileResult


def resolve() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def report(results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
    get_reporter(resolve())(results, out, options)


report.prints_statistics = True  # type: ignore[attr-defined]
