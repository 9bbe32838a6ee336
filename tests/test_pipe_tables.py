"""GFM pipe tables with and without their leading and trailing pipes read alike."""

from __future__ import annotations

import pytest
from conftest import lint_text
from forms import as_pipe_tables, example

from linter.engine import parse
from linter.form import TableKind
from linter.parsing.grammar import parse_lines
from linter.parsing.model import LineKind
from linter.source import Source


@pytest.mark.parametrize("outer", [True, False])
def test_pipe_tables_read_like_tab_tables(outer):
    tab = parse(Source("r.txt", example()))[0].tables
    pipe = parse(Source("r.md", as_pipe_tables(example(), outer)))[0].tables
    for kind in TableKind:
        assert pipe[kind].readable and not pipe[kind].missing, kind
        assert {k: [c.raw for c in r.cells.values()] for k, r in pipe[kind].rows.items()} == \
               {k: [c.raw for c in r.cells.values()] for k, r in tab[kind].rows.items()}


@pytest.mark.parametrize("outer", [True, False])
def test_empty_fields_are_blank_cells(tmp_path, outer):
    text = as_pipe_tables(example(), outer)
    row = "一、本年新收政府信息公开申请数量 |  | 10 | 3 | 0 | 0 | 1 | 0 | 14"
    assert row in text
    text = text.replace(row, row.replace("| 3 | 0 | 0 |", "| 3 |  |  |"))
    _, data = lint_text(tmp_path, text, "r.md")
    blanks = [d for d in data["files"][0]["diagnostics"] if d["code"] == "T203"]
    assert len(blanks) == 1 and "科研机构、社会公益组织" in blanks[0]["message"]


def test_only_lines_of_a_table_with_a_delimiter_row_are_rows():
    text = "前言 a | b 不是表格\n\n甲 | 乙\n--- | ---\n规章 | 0\n行政许可 | 3\n\n正文里的 | 竖线\n"
    kinds = [line.kind for line in parse_lines(text)[0] if line.stripped]
    assert kinds == [LineKind.TEXT, LineKind.ROW, LineKind.ROW, LineKind.ROW, LineKind.ROW, LineKind.TEXT]
