"""What linting one file produced: the unit every reporter consumes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from linter.diagnostics import Diagnostic, Position, Severity, locate
from linter.source import Source

if TYPE_CHECKING:
    from linter.packs import Pack
    from linter.parsing.model import Report


@dataclass
class FileResult:
    path: str
    source: Source | None
    year: int | None = None
    layout: str | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    read_failed: bool = False
    report: Report | None = field(default=None, repr=False)  # the parsed model, for checks across files
    pack: Pack | None = field(default=None, repr=False)  # the rule pack in force: every diagnostic's wording
    from_stdin: bool = False

    def position(self, diagnostic: Diagnostic) -> Position:
        """Line/column of a diagnostic; a file that could not be read has only 1:1."""
        if self.source is None:
            return Position(1, 1, 1, 1)
        return locate(diagnostic.span, self.source)

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)


def summary(results: list[FileResult]) -> dict[str, int]:
    return {
        "files": len(results),
        "errors": sum(r.count(Severity.ERROR) for r in results),
        "warnings": sum(r.count(Severity.WARNING) for r in results),
    }
