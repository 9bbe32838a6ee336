"""``--format junit``: one ``<testsuite>``, a ``<testcase>`` per file, a ``<failure>`` per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Sequence, TextIO

from linter.reporters import ReportOptions
from linter.results import FileResult


def as_xml(results: Sequence[FileResult]) -> ET.Element:
    failures = sum(len(r.diagnostics) for r in results)
    suite = ET.Element("testsuite", name="nianbao-lint", tests=str(len(results)), failures=str(failures),
                       errors=str(sum(1 for r in results if r.read_failed)), skipped="0")
    for result in results:
        case = ET.SubElement(suite, "testcase", classname="nianbao-lint", name=result.path)
        for diagnostic in result.diagnostics:
            pos = result.position(diagnostic)
            failure = ET.SubElement(case, "failure", type=diagnostic.code,
                                    message=f"{diagnostic.code} [{diagnostic.severity.value}] {diagnostic.message}")
            failure.text = (f"{result.path}:{pos.line}:{pos.column}: {diagnostic.code} "
                            f"[{diagnostic.severity.value}] {diagnostic.message}")
    return suite


def report(results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
    tree = as_xml(results)
    ET.indent(tree)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(ET.tostring(tree, encoding="unicode"))
    out.write("\n")
