"""The 2019 trial format's table under 二 (国办公开办函〔2019〕60号) in every input form:
新制作/新公开/对外公开总数量, 上一年项目数量/本年增减/处理决定数量, 政府集中采购 with its amount."""

from __future__ import annotations

import pytest
from conftest import lint_text
from forms import as_html, as_pdf_text, as_pipe_tables, example, flatten

from linter.engine import parse
from linter.form import LAYOUT_2019, TableKind
from linter.readers import read_bytes
from linter.source import Source

FORMS = {
    "pipe": ("r.md", lambda text: as_pipe_tables(text, outer=True)),
    "pipe-without-outer-pipes": ("r.md", lambda text: as_pipe_tables(text, outer=False)),
    "pdf": ("r.txt", lambda text: as_pdf_text(text, page_break_before="（四）无法提供")),
    "html": ("r.html", as_html),
}


def _cells(table) -> dict:
    return {key: [cell.raw for cell in row.cells.values()] for key, row in table.rows.items()}


def _tab():
    return parse(Source("r.txt", example("2020-yunxi-transport.txt")))[0]


def test_the_tab_reading_has_every_2019_row():
    table = _tab().tables[TableKind.DISCLOSURE]
    expected = {f"{block.key}/{key}" for block in LAYOUT_2019.disclosure for key, _ in block.rows}
    assert table.readable and not table.missing and set(table.rows) == expected
    cells = _cells(table)
    assert cells["20.5/licensing"] == ["42", "-2", "356"] and cells["20.9/procurement"] == ["4", "251000元"]


@pytest.mark.parametrize("form", FORMS)
def test_every_form_reads_the_2019_tables_as_the_tab_form_does(form):
    name, render = FORMS[form]
    data = render(example("2020-yunxi-transport.txt")).encode("utf-8")
    report = parse(read_bytes(name, data, suffix="." + name.rsplit(".", 1)[1]))[0]
    assert report.layout == "2019" and report.year == 2020
    tab = _tab()
    for kind in TableKind:
        table = report.tables[kind]
        assert table.readable and not table.missing, (form, kind, table.unreadable, table.missing)
        assert _cells(table) == _cells(tab.tables[kind]), (form, kind)


@pytest.mark.parametrize("form", FORMS)
def test_a_clean_2019_report_is_clean_in_every_form(tmp_path, form):
    name, render = FORMS[form]
    path = tmp_path / name
    path.write_text(render(example("2020-yunxi-transport.txt")), encoding="utf-8")
    _, data = lint_text(tmp_path, None, name)
    assert data["files"][0]["diagnostics"] == []


def test_a_flattened_2019_report_gives_one_r002_per_table_and_no_missing_rows(tmp_path):
    _, data = lint_text(tmp_path, flatten(example("2020-yunxi-transport.txt")))
    codes = sorted(d["code"] for d in data["files"][0]["diagnostics"])
    assert codes == ["R002", "R002", "R002"]
