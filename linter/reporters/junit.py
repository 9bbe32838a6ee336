"""``--format junit``: one ``<testsuite>``, one ``<testcase>`` per finding.

Each finding is a failing test case (a file that could not be read: an ``<error>``),
and a file without findings is one passing test case, so ``tests`` ≥ ``failures``
and CI dashboards count findings, not files.  For Word and PDF files the
description names the place in the report rather than a line of extracted text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Sequence, TextIO

from linter.reporters import ReportOptions
from linter.results import FileResult


def as_xml(results: Sequence[FileResult]) -> ET.Element:
    suite = ET.Element("testsuite", name="nianbao-lint")
    tests = failures = errors = 0
    for result in results:
        if not result.diagnostics:
            ET.SubElement(suite, "testcase", classname=result.path, name="nianbao-lint")
            tests += 1
            continue
        for diagnostic in result.diagnostics:
            found = result.placed(diagnostic).place
            if result.document and found.location is not None:
                place = found.location.full
            else:
                place = f"{found.position.line}:{found.position.column}"
            where = f"{result.path}:{place}"
            case = ET.SubElement(suite, "testcase", classname=result.path, name=f"{diagnostic.code} {place}")
            read_error = result.read_failed and diagnostic.code == "R001"
            outcome = ET.SubElement(case, "error" if read_error else "failure", type=diagnostic.code,
                                    message=f"{diagnostic.code} [{diagnostic.severity.value}] {diagnostic.message}")
            outcome.text = f"{where}: {diagnostic.code} [{diagnostic.severity.value}] {diagnostic.message}"
            tests += 1
            errors += read_error
            failures += not read_error
    suite.set("tests", str(tests))
    suite.set("failures", str(failures))
    suite.set("errors", str(errors))
    suite.set("skipped", "0")
    return suite


def report(results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
    tree = as_xml(results)
    ET.indent(tree)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(tree, encoding="unicode"))
    out.write("\n")
