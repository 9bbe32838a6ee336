"""``--format gitlab``: GitLab Code Quality JSON (a list of issues).

The fingerprint hashes path, code and matched text — not the line — so GitLab
recognizes the same finding across commits that move it.  For Word and PDF files the
description names the place in the report (line numbers count extracted text there).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TextIO

from linter.baseline import display_path, fingerprints
from linter.diagnostics import Severity
from linter.reporters import Format, ReportOptions, Totals
from linter.reporters.json_format import indented
from linter.results import FileResult

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def file_issues(result: FileResult, codes: frozenset[str] | None = None) -> list[dict]:
    prints = fingerprints([result])  # a fingerprint keys on the path: files never share one
    issues = []
    for diagnostic in result.selected(codes):
        place = result.placed(diagnostic).place
        pos = place.position
        description = f"{diagnostic.code} {diagnostic.message}"
        if result.document and place.location is not None:
            description += f"（位置：{place.location.full}）"
        issues.append({
            "type": "issue",
            "description": description,
            "check_name": f"{diagnostic.code} {diagnostic.name}",
            "categories": ["Style"],
            "fingerprint": prints[id(diagnostic)],
            "severity": SEVERITIES[diagnostic.severity],
            "location": {"path": display_path(result.path), "lines": {"begin": pos.line, "end": pos.end_line}},
        })
    return issues


class GitLab(Format):
    def fragment(self, result: FileResult, options: ReportOptions, codes: frozenset[str] | None = None) -> str:
        return ",\n".join(indented(issue, 1) for issue in file_issues(result, codes))

    def write(self, fragments: Iterable[str], totals: Totals, out: TextIO, options: ReportOptions) -> None:
        out.write("[")
        first = True
        for fragment in fragments:
            if fragment:
                out.write(("\n" if first else ",\n") + fragment)
                first = False
        out.write("]\n" if first else "\n]\n")


FORMAT = GitLab()
