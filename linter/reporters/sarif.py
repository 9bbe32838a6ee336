"""``--format sarif``: SARIF 2.1.0 as GitHub code scanning accepts it.

Rule metadata (name, short/full description, help, default level) comes from the
rule packs; columns are counted in Unicode code points, which the run states
with ``columnKind``.  Each result carries a line-independent fingerprint and a
``logicalLocations`` entry naming the place in the report (表三「…」行「总计」列, or a
section's paragraph); for Word and PDF files, whose regions count lines of the
extracted text, the message ends with that place too.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import TextIO
from urllib.parse import quote

from linter import __version__
from linter.baseline import display_path, fingerprints
from linter.diagnostics import Severity
from linter.locations import Location
from linter.reporters import Format, ReportOptions, Totals
from linter.reporters.json_format import indented
from linter.results import FileResult, Place

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _uri(path: str) -> str:
    return quote(display_path(path), safe="/:._-~")


@lru_cache(maxsize=1)
def _rules() -> list[dict]:
    from linter.packs import all_rules

    rules = []
    for rule in all_rules().values():
        doc = rule.doc.strip()
        rules.append({
            "id": rule.code,
            "name": rule.name,
            "shortDescription": {"text": doc.splitlines()[0] if doc else rule.name},
            "fullDescription": {"text": doc or rule.name},
            "help": {"text": f"{doc}\n\n消息模板：{rule.message}"},
            "defaultConfiguration": {"level": LEVELS[rule.severity]},
            "properties": {"tags": ["nianbao-lint"]},
        })
    return rules


def _region(place: Place) -> dict:
    pos = place.position
    return {"startLine": pos.line, "startColumn": pos.column, "endLine": pos.end_line, "endColumn": pos.end_column}


def _logical(location: Location) -> dict:
    """The place in the report as a SARIF logical location (the address is its full name)."""
    if location.table:
        name = location.column_label or location.row_label or location.table
        kind = "element"
    else:
        name = f"第{location.paragraph}段" if location.paragraph else (location.section or "全文")
        kind = "text"
    return {"name": name, "fullyQualifiedName": location.full, "kind": kind}


def file_results(result: FileResult, index: dict[str, int], codes: frozenset[str] | None = None) -> list[dict]:
    uri = _uri(result.path)
    prints = fingerprints([result])  # a fingerprint keys on the path: files never share one
    entries = []
    for diagnostic in result.selected(codes):
        placed = result.placed(diagnostic)
        location = placed.place.location
        message = diagnostic.message
        if result.document and location is not None:
            message += f"（位置：{location.full}）"
        physical: dict = {"physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(placed.place)}}
        if location is not None:
            physical["logicalLocations"] = [_logical(location)]
        entry: dict = {
            "ruleId": diagnostic.code,
            "level": LEVELS[diagnostic.severity],
            "message": {"text": message},
            "locations": [physical],
            "partialFingerprints": {"nianbaoLint/v1": prints[id(diagnostic)]},
        }
        if diagnostic.code in index:
            entry["ruleIndex"] = index[diagnostic.code]
        if diagnostic.related:
            entry["relatedLocations"] = [
                {"id": i, "message": {"text": rel.message},
                 "physicalLocation": {"artifactLocation": {"uri": uri}, "region": _region(place)},
                 **({"logicalLocations": [_logical(place.location)]} if place.location is not None else {})}
                for i, (rel, place) in enumerate(zip(diagnostic.related, placed.related))]
        entries.append(entry)
    return entries


def _document(results: list[dict]) -> dict:
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "nianbao-lint", "version": __version__, "semanticVersion": __version__,
                                "rules": _rules()}},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def _rule_index() -> dict[str, int]:
    return {rule["id"]: i for i, rule in enumerate(_rules())}


class Sarif(Format):
    def fragment(self, result: FileResult, options: ReportOptions, codes: frozenset[str] | None = None) -> str:
        return ",\n".join(indented(entry, 4) for entry in file_results(result, _rule_index(), codes))

    def write(self, fragments: Iterable[str], totals: Totals, out: TextIO, options: ReportOptions) -> None:
        # The document as json.dump(indent=2) writes it, its results written a file at a time.
        head, _, tail = json.dumps(_document([]), ensure_ascii=False, indent=2).rpartition('"results": []')
        out.write(head + '"results": [')
        first = True
        for fragment in fragments:
            if fragment:
                out.write(("\n" if first else ",\n") + fragment)
                first = False
        out.write(("]" if first else "\n      ]") + tail + "\n")


FORMAT = Sarif()
