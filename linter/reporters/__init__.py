"""Output formats behind one interface, chosen by name from a registry.

A :class:`Format` renders one file's part of the output (:meth:`Format.fragment`) and
writes the parts with whatever comes around them (:meth:`Format.write`).  Fragments are
rendered where the file was processed — in a worker process for a batch — so the run
keeps a few hundred bytes of text per file, not the file; line-oriented formats
(``streams``) write each as soon as it is ready.  Adding a format is adding a module
with a ``FORMAT`` and a line in :data:`REPORTERS`; the command line never branches on
the format name.
"""

from __future__ import annotations

import importlib
from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple, TextIO

from linter.diagnostics import Severity
from linter.results import FileResult


class ReportOptions(NamedTuple):
    color: bool = False
    show_source: bool = True
    statistics: bool = False
    quiet: int = 0  # text: 1 = only error-severity findings, 2 = only the summary
    width: int = 80  # terminal cells a source line may take (text)


class Totals:
    """What the end of a report says: files, errors, warnings, and counts per code for ``--statistics``."""

    def __init__(self) -> None:
        self.files = self.errors = self.warnings = 0
        self.codes: Counter = Counter()  # (code, name) -> count

    def add_codes(self, diagnostics: Iterable[tuple[str, str, str]], sign: int = 1) -> None:
        """One file's (code, name, severity) triples; ``sign`` -1 takes a file back out."""
        self.files += sign
        for code, name, severity in diagnostics:
            self.errors += sign * (severity == Severity.ERROR.value)
            self.warnings += sign * (severity == Severity.WARNING.value)
            self.codes[(code, name)] += sign

    @classmethod
    def of(cls, results: Iterable[FileResult]) -> Totals:
        totals = cls()
        for result in results:
            totals.add_codes((d.code, d.name, d.severity.value) for d in result.diagnostics)
        return totals

    def as_dict(self) -> dict[str, int]:
        return {"files": self.files, "errors": self.errors, "warnings": self.warnings}

    @property
    def line(self) -> str:
        return f"检查了 {self.files} 个文件：{self.errors} 个错误，{self.warnings} 个警告"


class Format:
    """One output format."""

    streams = False  # fragments may be written as each file is done (line-oriented formats)
    prints_statistics = False  # --statistics goes into the output itself (else to stderr)
    needs_sources = False  # renders from the source and parsed report (html): results are not detached

    def fragment(self, result: FileResult, options: ReportOptions, codes: frozenset[str] | None = None) -> str:
        """One file's part of the output (only its diagnostics with ``codes``, when given)."""
        raise NotImplementedError

    def write(self, fragments: Iterable[str], totals: Totals, out: TextIO, options: ReportOptions) -> None:
        """The fragments and what comes around them; ``totals`` is complete once they are exhausted."""
        raise NotImplementedError

    def report(self, results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
        """The whole output for results in hand."""
        self.write((self.fragment(result, options) for result in results), Totals.of(results), out, options)


def write_statistics(totals: Totals, out: TextIO) -> None:
    for (code, name), count in sorted(totals.codes.items()):
        if count:
            out.write(f"{count:>5}  {code}  {name}\n")


# name -> module defining FORMAT; imported on use so start-up stays cheap.
REPORTERS: dict[str, str] = {
    "text": "linter.reporters.text",
    "json": "linter.reporters.json_format",
    "sarif": "linter.reporters.sarif",
    "github": "linter.reporters.github",
    "junit": "linter.reporters.junit",
    "gitlab": "linter.reporters.gitlab",
    "html": "linter.reporters.html",
    "auto": "linter.reporters.auto",
}


def get_format(name: str) -> Format:
    if name == "auto":
        from linter.reporters.auto import resolve

        name = resolve()
    return importlib.import_module(REPORTERS[name]).FORMAT
