"""Output formats behind one interface, chosen by name from a registry.

A reporter is a function ``(results, out, options) -> None``.  Adding a format is
adding a module that calls :func:`register`; the command line never branches on
the format name.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable, Sequence, TextIO

from linter.results import FileResult


@dataclass(frozen=True)
class ReportOptions:
    color: bool = False
    show_source: bool = True
    statistics: bool = False
    quiet: int = 0  # text: 1 = only error-severity findings, 2 = only the summary


Reporter = Callable[[Sequence[FileResult], TextIO, ReportOptions], None]

# name -> "module:function"; imported on use so start-up stays cheap.
REPORTERS: dict[str, str] = {
    "text": "linter.reporters.text:report",
    "json": "linter.reporters.json_format:report",
    "sarif": "linter.reporters.sarif:report",
    "github": "linter.reporters.github:report",
    "junit": "linter.reporters.junit:report",
    "gitlab": "linter.reporters.gitlab:report",
    "html": "linter.reporters.html:report",
    "auto": "linter.reporters.auto:report",
}


def get_reporter(name: str) -> Reporter:
    module_name, func = REPORTERS[name].split(":")
    return getattr(importlib.import_module(module_name), func)
