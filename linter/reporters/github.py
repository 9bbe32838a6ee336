"""``--format github``: GitHub Actions workflow commands, one annotation per finding.

Messages escape ``%``, CR and LF; properties additionally escape ``:`` and ``,``
(the runner's own rules), so a message can never inject a second command.
Findings are grouped per file with ``::group::`` / ``::endgroup::``.  For Word and PDF
files, whose line numbers count lines of the extracted text, the title carries the
place in the report (``表三「…」行「总计」列``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from linter.diagnostics import Diagnostic, Severity
from linter.reporters import Format, ReportOptions, Totals, write_statistics
from linter.results import FileResult

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def unescape(text: str) -> str:
    """Inverse of both escapes (what the runner does); used by the tests."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def annotation(result: FileResult, diagnostic: Diagnostic) -> str:
    from linter.baseline import display_path

    place = result.placed(diagnostic).place
    pos = place.position
    title = f"{diagnostic.code} {diagnostic.name}"
    if result.document and place.location is not None:
        title += f" · {place.location.full}"
    props = {"file": display_path(result.path), "line": pos.line, "col": pos.column,
             "endLine": pos.end_line, "endColumn": pos.end_column, "title": title}
    rendered = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{COMMANDS[diagnostic.severity]} {rendered}::{escape_data(diagnostic.message)}"


class GitHub(Format):
    streams = True
    prints_statistics = True

    def fragment(self, result: FileResult, options: ReportOptions, codes: frozenset[str] | None = None) -> str:
        diagnostics = result.selected(codes)
        if not diagnostics:
            return ""
        lines = [f"::group::{escape_data(result.path)}"] + [annotation(result, d) for d in diagnostics]
        return "\n".join(lines + ["::endgroup::"]) + "\n"

    def write(self, fragments: Iterable[str], totals: Totals, out: TextIO, options: ReportOptions) -> None:
        for fragment in fragments:
            out.write(fragment)
        if options.statistics:
            write_statistics(totals, out)
        out.write(totals.line + "\n")


FORMAT = GitHub()
