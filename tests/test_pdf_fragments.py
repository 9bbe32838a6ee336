"""PDF-extracted text in fragments: page numbers between the pieces of a table, the table
header repeated after a page break, labels broken over lines, sentences broken by a page."""

from __future__ import annotations

from conftest import lint_text
from forms import as_pdf_text, example

from linter.engine import parse
from linter.form import TableKind
from linter.parsing.grammar import parse_lines
from linter.parsing.model import LineKind
from linter.source import Source


def pdf_text() -> str:
    """The example as PDF text, with a sentence of the prose broken by a page number too."""
    return as_pdf_text(example()).replace("全年新收政府信息公开申请14件，上年结转1件",
                                          "全年新收政府信息公开申请14件，上\n\n— 1 —\n\n年结转1件")


def test_page_numbers_are_their_own_kind_of_line():
    lines = parse_lines("正文。\n— 3 —\n- 12 -\n第 2 页 共 5 页\n3 2 1\n")[0]
    assert [line.kind for line in lines] == [LineKind.TEXT, LineKind.PAGE, LineKind.PAGE, LineKind.PAGE, LineKind.TEXT]


def test_a_table_split_by_a_page_break_is_read_whole():
    report = parse(Source("r.txt", pdf_text()))[0]
    tab = parse(Source("r.txt", example()))[0]
    for kind in TableKind:
        table = report.tables[kind]
        assert table.readable and not table.missing, (kind, table.unreadable, table.missing)
        assert {k: [c.raw for c in r.cells.values()] for k, r in table.rows.items()} == \
               {k: [c.raw for c in r.cells.values()] for k, r in tab.tables[kind].rows.items()}


def test_a_pdf_copy_of_a_clean_report_is_clean(tmp_path):
    _, data = lint_text(tmp_path, pdf_text())
    assert data["files"][0]["diagnostics"] == []


def test_a_sentence_broken_by_a_page_number_is_still_one_sentence(tmp_path):
    wrong = pdf_text().replace("年结转1件", "年结转3件")
    _, data = lint_text(tmp_path, wrong)
    hits = [d for d in data["files"][0]["diagnostics"] if d["code"] == "N701"]
    assert len(hits) == 1 and "上年结转3件" in hits[0]["message"]


def test_a_changed_number_after_the_page_break_is_caught_on_its_row(tmp_path):
    text = pdf_text().replace("1.本机关不掌握相关政府信息 2 1 0 0 1 0 4", "1.本机关不掌握相关政府信息 2 1 0 0 1 0 5")
    _, data = lint_text(tmp_path, text)
    codes = {d["code"] for d in data["files"][0]["diagnostics"]}
    assert {"T301", "T302"} <= codes and "R002" not in codes


def test_rows_that_cannot_be_placed_give_one_r002_for_the_table_and_nothing_else(tmp_path):
    text = pdf_text()
    for row in ("（一）予以公开 5 1 0 0 0 0 6", "1.本机关不掌握相关政府信息 2 1 0 0 1 0 4"):
        assert row in text
        text = text.replace(row, row[:-4] + row[-2:])  # one value gone: which column is blank?
    diagnostics = lint_text(tmp_path, text)[1]["files"][0]["diagnostics"]
    assert [d["code"] for d in diagnostics] == ["R002"] and "收到和处理" in diagnostics[0]["message"]
