"""Lint one file: read, parse, pick the rule pack for the report year, run its checks.

Linting never stops at the first fault: a table that cannot be read is one more
diagnostic, and the remaining checks still run.  Only a file that cannot be read
at all ends early, with R001.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from linter.checks import Finding
from linter.diagnostics import Diagnostic, Span
from linter.packs import Pack, Rule, builtin_pack, pack_for_year
from linter.parsing.cells import cell_positions_of
from linter.parsing.model import Report
from linter.parsing.structure import build_report
from linter.parsing.tables import read_tables
from linter.readers import ReadError, read_bytes, read_path
from linter.results import FileResult
from linter.selection import Selection
from linter.source import Source


@dataclass(frozen=True)
class LintOptions:
    year: int | None = None
    selection: Selection = Selection()
    pack: Pack | None = None  # a user pack replaces the one chosen by year
    # Picks the pack for a report year (configured user packs); default pack_for_year.
    choose_pack: Callable[[int | None], Pack] | None = None


def _diagnostic(rule: Rule, finding: Finding) -> Diagnostic:
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=finding.severity or rule.severity,
        message=rule.format(finding.args),
        span=finding.span,
        related=finding.related,
        fix=finding.fix,
        args=tuple(sorted(finding.args.items())),
    )


def parse(source: Source, options: LintOptions = LintOptions()) -> tuple[Report, Pack]:
    """The report model, with its tables read in the layout of the pack its year picks."""
    report = build_report(source, year_override=options.year)
    pack = options.pack or (options.choose_pack or pack_for_year)(report.year)
    with cell_positions_of(source):
        read_tables(report, expected_layout=pack.layout)
    return report, pack


def lint_source(source: Source, options: LintOptions = LintOptions()) -> FileResult:
    report, pack = parse(source, options)
    result = FileResult(source.path, source, year=report.year, layout=report.layout, report=report)
    for rule in pack.rules.values():
        if not rule.enabled or not options.selection.selects(rule.code):
            continue
        check = rule.instantiate()
        if check.needs_year and report.year is None:
            continue
        result.diagnostics.extend(_diagnostic(rule, finding) for finding in check.run(report))
    result.diagnostics.sort(key=lambda d: (d.span.start, d.code))
    return result


def raised(code: str, span: Span, **args) -> Diagnostic:
    """A diagnostic for a rule raised outside the per-report checks (R001, R010–R012, T305)."""
    return _diagnostic(builtin_pack("base").rules[code], Finding(span, args))


def read_failure(path: str, error: ReadError) -> FileResult:
    return FileResult(path, None, diagnostics=[raised("R001", Span(0, 0), reason=str(error))], read_failed=True)


def lint_path(path: str, options: LintOptions = LintOptions()) -> FileResult:
    return _lint(path, lambda: read_path(path), options)


def lint_bytes(path: str, data: bytes, options: LintOptions = LintOptions()) -> FileResult:
    return _lint(path, lambda: read_bytes(path, data), options)


def _lint(path: str, read, options: LintOptions) -> FileResult:
    try:
        source = read()
    except ReadError as error:
        return read_failure(path, error)
    try:
        return lint_source(source, options)
    except Exception as error:  # a bug must not cost the other files of a batch their results
        return read_failure(path, ReadError(f"内部错误（{type(error).__name__}: {error}），请报告此问题"))
