"""Units of the table reader: splitting a line into cells, placing a row's values, matching labels,
and building a table from lines — each on its own, with the cases that decide whether a sum is checked."""

from __future__ import annotations

from decimal import Decimal

import pytest

from linter.diagnostics import Span
from linter.form import APPLICANT_COLUMNS, LayoutName, TableKind
from linter.parsing.cells import RawCell, place, split_line, structural_gap, to_cell
from linter.parsing.labels import edit_distance, normalize, similarity, within_distance
from linter.parsing.model import CellKind, Line, LineKind
from linter.parsing.structure import build_report
from linter.parsing.tables import read_tables
from linter.source import Source

WIDTH = len(APPLICANT_COLUMNS)


def line(text: str, kind: LineKind = LineKind.ROW, start: int = 100) -> Line:
    return Line(kind, Span(start, start + len(text)), text)


# --- splitting ---------------------------------------------------------------------------------

def test_tab_cells_keep_their_place_blanks_included():
    split = split_line(line("（一）予以公开\t3\t\t0\t0\t0\t0\t3"))
    assert split is not None and split.gridded and split.label == "（一）予以公开"
    assert [c.text for c in split.after] == ["3", "", "0", "0", "0", "0", "3"]
    # every cell's span points at its text in the source (offset 100 is where the line starts)
    text = "（一）予以公开\t3\t\t0\t0\t0\t0\t3"
    for cell in split.after:
        assert text[cell.span.start - 100:cell.span.end - 100] == cell.text


def test_pipe_rows_with_and_without_outer_pipes_read_alike():
    outer = split_line(line("| 行政许可 | 12 |  | 3 |"))
    bare = split_line(line("行政许可 | 12 |  | 3"))
    assert outer is not None and bare is not None
    assert [c.text for c in outer.after] == [c.text for c in bare.after] == ["12", "", "3"]
    assert split_line(line("|---|---|")) is None  # a delimiter row is no row


def test_space_separated_values_after_a_label_broken_by_spaces():
    split = split_line(line("二、上年结转政府信息 公开申请数量 1 0 0 0 0 0 1", LineKind.TEXT))
    assert split is not None and not split.gridded
    assert split.label == "二、上年结转政府信息 公开申请数量" and [c.text for c in split.after] == ["1", "0", "0", "0", "0", "0", "1"]


# --- placing ----------------------------------------------------------------------------------

def test_a_full_row_is_placed_as_it_is():
    split = split_line(line("一、本年新收\t1\t2\t0\t0\t0\t0\t3"))
    assert split is not None
    assert [c.text for c in place(split, WIDTH, None) or []] == ["1", "2", "0", "0", "0", "0", "3"]


def test_a_blank_cell_inside_a_tab_row_stays_blank_and_in_place():
    split = split_line(line("一、本年新收\t1\t\t0\t0\t0\t0\t1"))
    assert split is not None
    placed = place(split, WIDTH, None)
    assert placed is not None and placed[1].text == "" and placed[-1].text == "1"


def test_spaced_values_one_short_are_never_guessed():
    split = split_line(line("一、本年新收 1 0 0 0 0 1", LineKind.TEXT))
    assert split is not None and place(split, WIDTH, None) is None


def test_values_that_fit_two_ways_need_the_tables_own_gap():
    # A label cell, two structural blanks, then the values: with one value missing the row could
    # start at either blank — the gap learned from full rows of the same shape decides.
    full = split_line(line("一、本年新收\t\t\t1\t2\t0\t0\t0\t0\t3\t"))
    short = split_line(line("二、上年结转\t\t\t\t0\t0\t0\t0\t0\t0\t"))
    assert full is not None and short is not None
    gap = structural_gap(full, WIDTH)
    assert gap == 2
    assert place(short, WIDTH, None) is None
    placed = place(short, WIDTH, gap)
    assert placed is not None and [c.text for c in placed] == ["", "0", "0", "0", "0", "0", "0"]


def test_cells_keep_number_blank_placeholder_and_text_apart():
    kinds = {text: to_cell(RawCell(text, Span(0, len(text))), "总计").kind for text in ("12", "/", "—", "二", "")}
    assert kinds == {"12": CellKind.NUMBER, "/": CellKind.PLACEHOLDER, "—": CellKind.PLACEHOLDER,
                     "二": CellKind.TEXT, "": CellKind.BLANK}
    amount = to_cell(RawCell("0.35", Span(0, 4)), "本年收费金额（单位：万元）")
    assert amount.kind is CellKind.NUMBER and amount.value == Decimal("0.35")


# --- labels -----------------------------------------------------------------------------------

@pytest.mark.parametrize("written, canonical", [
    ("（ 一 ）予以公开", "（一）予以公开"),
    ("(一)予以公开", "（一）予以公开"),
    ("**四、结转下年度\n继续办理**", "四、结转下年度继续办理"),
])
def test_labels_compare_after_normalizing_brackets_spaces_and_breaks(written, canonical):
    assert normalize(written) == normalize(canonical)


def test_near_misses_are_measured_not_guessed():
    assert edit_distance("本年度止件数", "本年废止件数") == 1
    assert within_distance("本年度止件数", "本年废止件数", 1) == 1
    assert within_distance("本年新制作数量", "本年废止件数", 2) is None
    assert similarity("规范性文件", "行政规范性文件") > 0.8 > similarity("行政许可", "行政规范性文件")


# --- building a table -------------------------------------------------------------------------

REPORT = """某某县某某局2024年政府信息公开工作年度报告
一、总体情况
本局全年主动公开政府信息。
二、主动公开政府信息情况
第二十条第（一）项
信息内容\t本年制发件数\t本年废止件数\t现行有效件数
规章\t0\t0\t0
行政规范性文件\t1\t0\t5
第二十条第（五）项
信息内容\t本年处理决定数量
行政许可\t3
第二十条第（六）项
信息内容\t本年处理决定数量
行政处罚\t2
行政强制\t0
第二十条第（八）项
信息内容\t本年收费金额（单位：万元）
行政事业性收费\t0
三、收到和处理政府信息公开申请情况
{rows}
四、政府信息公开行政复议、行政诉讼情况
0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
五、存在的主要问题及改进情况
无。
六、其他需要报告的事项
本机关未收取信息处理费。
"""


def _applications_rows(new: str = "2\t0\t0\t0\t0\t0\t2") -> str:
    from linter.form import LAYOUTS

    rows = []
    for row in LAYOUTS[LayoutName.V2021].application_rows:
        label = row.label.split("·")[-1]
        values = new if row.key == "new" else ("2\t0\t0\t0\t0\t0\t2" if row.key in ("open", "total") else "0\t" * 6 + "0")
        rows.append(f"{label}\t{values}")
    return "\n".join(rows)


def _tables(text: str):
    source = Source("r.txt", text)
    return read_tables(build_report(source), LayoutName.V2021).tables


def test_a_table_is_built_row_by_row_under_its_canonical_keys():
    tables = _tables(REPORT.format(rows=_applications_rows()))
    applications = tables[TableKind.APPLICATIONS]
    assert applications.readable and not applications.missing
    assert applications.rows["new"].cells["总计"].value == Decimal(2)
    assert applications.rows["other.3"].label.endswith("3.其他")
    disclosure = tables[TableKind.DISCLOSURE]
    assert disclosure.rows["20.1/normative"].cells["现行有效件数"].value == Decimal(5)
    assert tables[TableKind.REVIEW].rows["data"].cells["行政复议·总计"].kind is CellKind.NUMBER


def test_an_unplaceable_row_makes_the_table_unreadable_not_wrong():
    tables = _tables(REPORT.format(rows=_applications_rows().replace("\t", " ")).replace(
        "一、本年新收政府信息公开申请数量 2 0 0 0 0 0 2", "一、本年新收政府信息公开申请数量 2 0 0 0 2"))
    applications = tables[TableKind.APPLICATIONS]
    assert not applications.readable and applications.unreadable[0].reason == "value-count"


def test_a_missing_row_is_missing_not_shifted():
    rows = "\n".join(r for r in _applications_rows().splitlines() if not r.startswith("（二）部分公开"))
    applications = _tables(REPORT.format(rows=rows))[TableKind.APPLICATIONS]
    assert "partial" not in applications.rows and any("部分公开" in m for m in applications.missing)
    assert applications.rows["withheld.1"].cells["总计"].raw == "0"
