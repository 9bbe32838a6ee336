"""``--format gitlab``: GitLab Code Quality JSON (a list of issues).

The fingerprint hashes path, code and matched text — not the line — so GitLab
recognizes the same finding across commits that move it.  For Word and PDF files the
description names the place in the report (line numbers count extracted text there).
"""

from __future__ import annotations

import json
from typing import Sequence, TextIO

from linter.baseline import display_path, fingerprints
from linter.diagnostics import Severity
from linter.reporters import ReportOptions
from linter.results import FileResult

SEVERITIES = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def as_issues(results: Sequence[FileResult]) -> list[dict]:
    prints = fingerprints(results)
    issues = []
    for result in results:
        for diagnostic in result.diagnostics:
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


def report(results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
    json.dump(as_issues(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
