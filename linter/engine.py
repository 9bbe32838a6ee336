"""Lint one file: read, parse, pick the rule pack for the report year, run its checks.

Linting never stops at the first fault: a table that cannot be read is one more
diagnostic, and the remaining checks still run.  Only a file that cannot be read
at all ends early, with R001.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence

from linter.checks import Finding
from linter.diagnostics import Diagnostic, Related, Span
from linter.lint_options import LintOptions
from linter.packs import Pack, Rule, pack_for_year
from linter.parsing.cells import cell_positions_of
from linter.parsing.model import Report
from linter.parsing.structure import build_report
from linter.parsing.tables import read_tables
from linter.readers import ReadError, read_bytes, read_path
from linter.results import FileResult
from linter.source import Source


def _diagnostic(rule: Rule, finding: Finding) -> Diagnostic:
    return Diagnostic(
        code=rule.code,
        name=rule.name,
        severity=finding.severity or rule.severity,
        message=rule.format(finding.variant, finding.args),
        span=finding.span,
        related=tuple(Related(pointer.span, rule.related[pointer.role]) for pointer in finding.related),
        fix=finding.fix,
        args=tuple(sorted(finding.args.items())),
    )


def parse(source: Source, options: LintOptions = LintOptions()) -> tuple[Report, Pack]:
    """The report model, with its tables read in the layout of the pack its year picks."""
    outline = build_report(source, year_override=options.year)
    pack = options.pack or (options.choose_pack or pack_for_year)(outline.year)
    with cell_positions_of(source):  # exact grids (HTML): cells that only continue a merged one are not values
        return read_tables(outline, expected_layout=pack.layout), pack


def lint_source(source: Source, options: LintOptions = LintOptions(),
                project: Mapping[str, Sequence[Finding]] | None = None) -> FileResult:
    """The checks of the pack in force over one source; ``project`` adds findings of the project
    checks (T305), by code, raised like the checks' own."""
    report, pack = parse(source, options)
    result = FileResult(source.path, source, year=report.year, layout=report.layout, report=report, pack=pack)
    for rule in pack.rules.values():
        if not rule.enabled or rule.check is None or not options.selection.selects(rule.code):
            continue
        check = pack.check_of(rule)
        if check.needs_year and report.year is None:
            continue
        result.diagnostics.extend(_diagnostic(rule, finding) for finding in check.run(report))
    for code, findings in (project or {}).items():
        project_rule = pack.rules.get(code)
        if project_rule is not None and project_rule.enabled and options.selection.selects(code):
            result.diagnostics.extend(_diagnostic(project_rule, finding) for finding in findings)
    result.diagnostics.sort(key=lambda d: (d.span.start, d.code))
    return result


def load() -> None:
    """Load now what linting needs — the parser and the built-in packs with their checks — so that
    worker processes forked after this inherit it rather than each loading it again."""
    from linter.packs import BUILTIN_PACKS, builtin_pack
    from linter.parsing.grammar import parser

    parser()
    for name in BUILTIN_PACKS:
        pack = builtin_pack(name)
        for rule in pack.rules.values():
            if rule.check is not None:
                pack.check_of(rule)


def raised(pack: Pack, code: str, span: Span, variant: str = "default", **args: object) -> Diagnostic:
    """A diagnostic for a rule raised by a stage rather than a check (R001, R010–R012, T305),
    worded and graded by the pack in force for the file."""
    return _diagnostic(pack.rules[code], Finding(span, args, variant))


def default_pack(options: LintOptions) -> Pack:
    """The pack for a file whose year is unknown (it could not even be read)."""
    return options.pack or (options.choose_pack or pack_for_year)(None)


OUT_OF_MEMORY = "处理时超出内存上限，已跳过；文件可能过于复杂或已损坏"


def read_failure(path: str, error: ReadError, options: LintOptions = LintOptions()) -> FileResult:
    pack = default_pack(options)
    return FileResult(path, None, diagnostics=[raised(pack, "R001", Span(0, 0), "read", reason=str(error))],
                      read_failed=True, pack=pack)


def internal_failure(path: str, error: Exception, options: LintOptions = LintOptions()) -> FileResult:
    """A bug met while linting one file: R001 for that file, so the other files of a batch are kept."""
    pack = default_pack(options)
    return FileResult(path, None, read_failed=True, pack=pack, diagnostics=[
        raised(pack, "R001", Span(0, 0), "internal", error=f"{type(error).__name__}: {error}")])


def lint_path(path: str, options: LintOptions = LintOptions(),
              project: Mapping[str, Sequence[Finding]] | None = None) -> FileResult:
    return _lint(path, lambda: read_path(path), options, project)


def lint_bytes(path: str, data: bytes, options: LintOptions = LintOptions(),
               project: Mapping[str, Sequence[Finding]] | None = None) -> FileResult:
    return _lint(path, lambda: read_bytes(path, data, os.path.splitext(path)[1]), options, project)


def _lint(path: str, read: Callable[[], Source], options: LintOptions,
          project: Mapping[str, Sequence[Finding]] | None) -> FileResult:
    try:
        source = read()
    except ReadError as error:
        return read_failure(path, error, options)
    except MemoryError:
        return read_failure(path, ReadError(OUT_OF_MEMORY), options)
    try:
        return lint_source(source, options, project)
    except MemoryError:
        return read_failure(path, ReadError(OUT_OF_MEMORY), options)
    except Exception as error:  # a bug must not cost the other files of a batch their results
        return internal_failure(path, error, options)
