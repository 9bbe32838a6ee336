"""``--format junit``: one ``<testsuite>``, one ``<testcase>`` per finding.

Each finding is a failing test case (a file that could not be read: an ``<error>``),
and a file without findings is one passing test case, so ``tests`` ≥ ``failures``
and CI dashboards count findings, not files.  For Word and PDF files the
description names the place in the report rather than a line of extracted text.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from typing import TextIO

from linter.reporters import Format, ReportOptions, Totals
from linter.results import FileResult


def file_cases(result: FileResult, codes: frozenset[str] | None = None) -> list[ET.Element]:
    """A failing case per finding (an ``<error>`` for a file that could not be read); a passing one if none."""
    diagnostics = result.selected(codes)
    if not diagnostics:
        return [] if codes is not None else [ET.Element("testcase", classname=result.path, name="nianbao-lint")]
    cases = []
    for diagnostic in diagnostics:
        found = result.placed(diagnostic).place
        if result.document and found.location is not None:
            place = found.location.full
        else:
            place = f"{found.position.line}:{found.position.column}"
        case = ET.Element("testcase", classname=result.path, name=f"{diagnostic.code} {place}")
        read_error = result.read_failed and diagnostic.code == "R001"
        outcome = ET.SubElement(case, "error" if read_error else "failure", type=diagnostic.code,
                                message=f"{diagnostic.code} [{diagnostic.severity.value}] {diagnostic.message}")
        outcome.text = f"{result.path}:{place}: {diagnostic.code} [{diagnostic.severity.value}] {diagnostic.message}"
        cases.append(case)
    return cases


def _count(suite: ET.Element, cases: Sequence[ET.Element]) -> None:
    suite.set("tests", str(len(cases)))
    suite.set("failures", str(sum(case.find("failure") is not None for case in cases)))
    suite.set("errors", str(sum(case.find("error") is not None for case in cases)))
    suite.set("skipped", "0")


class JUnit(Format):
    def fragment(self, result: FileResult, options: ReportOptions, codes: frozenset[str] | None = None) -> str:
        return "".join(ET.tostring(case, encoding="unicode") for case in file_cases(result, codes))

    def write(self, fragments: Iterable[str], totals: Totals, out: TextIO, options: ReportOptions) -> None:
        # The suite's counts are attributes of its first tag: the cases are read back before writing.
        suite = ET.Element("testsuite", name="nianbao-lint")
        cases = [case for fragment in fragments if fragment for case in ET.fromstring(f"<x>{fragment}</x>")]
        suite.extend(cases)
        _count(suite, cases)
        ET.indent(suite)
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(ET.tostring(suite, encoding="unicode"))
        out.write("\n")


FORMAT = JUnit()
