"""A run over many files, written as it goes: the command line's ``check`` for every format but HTML.

Each file's outcome arrives in order (from worker processes for a batch); line-oriented
formats write it at once, the others keep its rendered part until the end.  Only a
few counts and the cross-year summary stay per file, so memory does not grow with the
batch.  When every file is in, the project check (T305) runs over the summaries; the
files it finds something in are processed again with those findings — streamed output
then adds their cross-year lines after the others, and a file whose suppressions or
waivers could cover such a finding is written only then, whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from typing import TextIO

from linter.cache import Cache
from linter.crossyear import CODE as CROSS_YEAR
from linter.linter import Linter, Outcome
from linter.progress import Progress
from linter.reporters import Format, ReportOptions, Totals


class Batch:
    def __init__(self, linter: Linter, files: Sequence[str], fmt: Format, options: ReportOptions,
                 stdin: bytes | None, cache: Cache | None, notify: Callable[[str], None], quiet: bool) -> None:
        self.linter, self.files, self.fmt, self.options = linter, files, fmt, options
        self.stdin, self.cache, self.notify = stdin, cache, notify
        self.totals = Totals()
        self.progress = Progress(len(files), Progress.wanted(quiet))
        self.failed = False  # a file could not be read or written (exit code 2)
        self.errors = False  # an error-severity finding
        self.baselined = 0

    def write(self, out: TextIO) -> None:
        try:
            self.fmt.write(self._fragments(), self.totals, out, self.options)
        finally:
            self.progress.close()
            if self.cache is not None:
                self.cache.trim()

    def _fragments(self) -> Iterator[str]:
        streams = self.fmt.streams
        kept: list[Outcome] = []
        for outcome in self.linter.outcomes(self.files, self.fmt, self.options, self.stdin, self.cache):
            self._count(outcome)
            for notice in outcome.notices:
                self.notify(notice)
            self.progress.advance(sum(severity == "error" for _, _, severity in outcome.diagnostics))
            if streams and not outcome.defer:
                self.progress.close()
                yield outcome.fragment
                outcome = outcome._replace(fragment="")  # written: only its counts and summary stay
            kept.append(outcome)
        self.progress.close()
        again = self.linter.project(self.files, kept, self.fmt, self.options, self.stdin,
                                    only=None if not streams else frozenset({CROSS_YEAR}),
                                    whole={i for i, o in enumerate(kept) if o.defer}, cache=self.cache)
        for index, outcome in again.items():
            self._count(kept[index], -1)
            self._count(outcome)
        for index, outcome in enumerate(kept):
            final = again.get(index, outcome)
            if not streams or outcome.defer:
                yield final.fragment
            elif index in again:
                yield final.fragment  # the cross-year lines of a file already written

    def _count(self, outcome: Outcome, sign: int = 1) -> None:
        self.totals.add_codes(outcome.diagnostics, sign)
        if sign > 0:
            self.failed = self.failed or outcome.read_failed or outcome.write_failed
            self.baselined += outcome.baselined
        self.errors = self.totals.errors > 0
