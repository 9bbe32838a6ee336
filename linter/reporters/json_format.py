"""``--format json``: one object, exactly the shape DESIGN.md promises other tools.

Each diagnostic keeps ``line``/``column`` and carries a ``location`` object: the
reader's own address (``page``/``line`` for PDF; ``word_table``/``row``/``column``/``cell``
or ``word_paragraph`` for Word) and the place in the report (``table`` 表二/表三/表四,
``row_label``, ``column_label``, ``section``, ``paragraph``, ``opening``, ``address``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, TextIO

from linter.reporters import Format, ReportOptions, Totals
from linter.results import FileResult


def file_entry(result: FileResult, codes: frozenset[str] | None = None) -> dict:
    diagnostics = []
    for diagnostic in result.selected(codes):
        place = result.placed(diagnostic).place
        pos = place.position
        entry: dict[str, Any] = {
            "code": diagnostic.code,
            "name": diagnostic.name,
            "severity": diagnostic.severity.value,
            "message": diagnostic.message,
            "line": pos.line,
            "column": pos.column,
            "end_line": pos.end_line,
            "end_column": pos.end_column,
        }
        if place.location is not None:
            entry["location"] = place.location.as_dict()
        elif pos.location:
            entry["location"] = pos.location
        diagnostics.append(entry)
    return {"path": result.path, "report": {"year": result.year, "layout": result.layout}, "diagnostics": diagnostics}


def as_dict(results: Sequence[FileResult]) -> dict:
    return {"version": 1, "files": [file_entry(result) for result in results], "summary": Totals.of(results).as_dict()}


def indented(data: object, level: int) -> str:
    """``data`` as ``json.dump(..., indent=2)`` writes it ``level`` levels deep in a document."""
    return "\n".join(" " * (2 * level) + line for line in json.dumps(data, ensure_ascii=False, indent=2).split("\n"))


class Json(Format):
    def fragment(self, result: FileResult, options: ReportOptions, codes: frozenset[str] | None = None) -> str:
        return indented(file_entry(result, codes), 2)

    def write(self, fragments: Iterable[str], totals: Totals, out: TextIO, options: ReportOptions) -> None:
        # The same bytes as json.dump(as_dict(results), indent=2), written a file at a time.
        out.write('{\n  "version": 1,\n  "files": [')
        first = True
        for fragment in fragments:
            out.write(("\n" if first else ",\n") + fragment)
            first = False
        out.write("]" if first else "\n  ]")
        out.write(',\n  "summary": ' + indented(totals.as_dict(), 1).lstrip() + "\n}\n")


FORMAT = Json()
