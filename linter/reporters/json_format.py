"""``--format json``: one object, exactly the shape DESIGN.md promises other tools.

Each diagnostic keeps ``line``/``column`` and carries a ``location`` object: the
reader's own address (``page``/``line`` for PDF; ``word_table``/``row``/``column``/``cell``
or ``word_paragraph`` for Word) and the place in the report (``table`` 表二/表三/表四,
``row_label``, ``column_label``, ``section``, ``paragraph``, ``opening``, ``address``).
"""

from __future__ import annotations

import json
from typing import Sequence, TextIO

from linter.reporters import ReportOptions
from linter.results import FileResult, summary


def as_dict(results: Sequence[FileResult]) -> dict:
    files = []
    for result in results:
        diagnostics = []
        for diagnostic in result.diagnostics:
            place = result.placed(diagnostic).place
            pos = place.position
            entry = {
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
        files.append({"path": result.path, "report": {"year": result.year, "layout": result.layout},
                      "diagnostics": diagnostics})
    return {"version": 1, "files": files, "summary": summary(list(results))}


def report(results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
    json.dump(as_dict(results), out, ensure_ascii=False, indent=2)
    out.write("\n")
