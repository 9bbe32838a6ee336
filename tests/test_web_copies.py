"""Web pages copied as text: the whole body on one line, headings glued to their neighbours,
table cells run together (issue: read real published reports truthfully).

The inputs are made here from the shipped example report by flattening it the way a browser
copy does: every line joined, TABs between cells dropped.
"""

from __future__ import annotations

import pytest
from conftest import lint_text
from forms import example, flatten

from linter.engine import parse
from linter.form import TableKind
from linter.parsing.flat import splits
from linter.parsing.headings import find_headings
from linter.source import Source

RUN_TOGETHER = "各单元格的数值连在一起"


def _diagnostics(tmp_path, text: str, name: str = "report.txt") -> list[dict]:
    return lint_text(tmp_path, text, name)[1]["files"][0]["diagnostics"]


# ---------------------------------------------------------------- headings inside a line

def test_headings_are_found_inside_the_line_after_sentences_and_numbers():
    text = ("前言。一、总体情况2024年，本局工作有序推进。二、主动公开政府信息情况第二十条第（一）项规章000"
            "行政事业性收费24252.3110三、收到和处理政府信息公开申请情况（本列数据…）四、结转下年度继续办理0000000 "
            "四、政府信息公开行政复议、行政诉讼情况行政复议000五、存在的主要问题及改进情况问题。六、其他需要报告的事项 无")
    found = find_headings(text)
    assert [h.key for h in found] == [1, 2, 3, 4, 5, 6]
    assert [text[h.start:h.end] for h in found][2] == "三、收到和处理政府信息公开申请情况"  # ends where the title ends
    assert text[found[5].start:found[5].end] == "六、其他需要报告的事项"


def test_a_misspelled_heading_is_found_but_table_labels_and_references_are_not():
    text = ("一、本年新收政府信息公开申请数量5三、本年度办理结果（一）予以公开3。详见三、收到和处理政府信息公开申请情况。"
            "0000000四、政府信息公开行政法复议、行政诉讼情况行政复议")
    found = find_headings(text)
    assert [(h.key, text[h.start:h.end]) for h in found] == [(4, "四、政府信息公开行政法复议、行政诉讼情况")]


def test_the_statutory_and_variant_wordings_are_headings_too():
    text = "。四、因政府信息公开申请提起行政复议、行政诉讼情况甲。五、存在的主要问题及整改措施乙。五、政府信息公开工作存在的主要问题及改进情况丙"
    assert [h.key for h in find_headings(text)] == [4, 5, 5]


def test_a_heading_with_text_after_it_on_its_own_line_ends_with_its_title(tmp_path):
    text = example().replace("六、其他需要报告的事项\n\n", "六、其他需要报告的事项 ")
    codes = [d["code"] for d in _diagnostics(tmp_path, text)]
    assert "S103" not in codes and "S106" not in codes
    report, _ = parse(Source("r.txt", text))
    assert report.section(6).title == "其他需要报告的事项"


# ---------------------------------------------------------------- tables run together

def test_a_flattened_report_has_its_six_sections_and_one_unreadable_diagnostic_per_table(tmp_path):
    diagnostics = _diagnostics(tmp_path, flatten(example()))
    assert sorted(d["code"] for d in diagnostics) == ["R002", "R002", "R002"], diagnostics
    assert all(RUN_TOGETHER in d["message"] and ".html" in d["message"] for d in diagnostics)
    assert {d["message"][:2] for d in diagnostics} == {"二、", "三、", "四、"}


def test_flattened_tables_are_not_checked_but_the_prose_is(tmp_path):
    text = flatten(example())
    # a broken row total in the table and a wrong carried-over figure in the prose
    assert text.count("二、上年结转政府信息公开申请数量1000001") == 1 and text.count("上年结转1件") == 1
    broken = text.replace("二、上年结转政府信息公开申请数量1000001", "二、上年结转政府信息公开申请数量1000002")
    assert [d["code"] for d in _diagnostics(tmp_path, broken)].count("T301") == 0
    wrong = text.replace("上年结转1件", "上年结转3件")
    hits = [d for d in _diagnostics(tmp_path, wrong) if d["code"] == "N701"]
    assert len(hits) == 1 and "上年结转3件" in hits[0]["message"] and "为 1" in hits[0]["message"]


def test_rows_are_recovered_only_where_the_digits_split_one_way():
    report, _ = parse(Source("r.txt", flatten(example())))
    applications = report.tables[TableKind.APPLICATIONS]
    assert not applications.readable and applications.missing == []
    carried = applications.rows["carried"]
    assert [c.raw for c in carried.cells.values()] == ["1", "0", "0", "0", "0", "0", "1"]
    # 10 3 0 0 1 0 14 and 1 0 3 0 0 10 14 both add up: that row stays unknown
    assert "new" not in applications.rows
    review = report.tables[TableKind.REVIEW].rows["data"]
    assert [c.raw for c in review.cells.values()] == ["1", "0", "0", "1", "2", "1", "0", "0", "0", "1", "0", "0", "0", "0", "0"]
    # every recovered cell points at its own digits
    text = report.source.text
    assert all(text[c.span.start:c.span.end] == c.raw for row in applications.rows.values() for c in row.cells.values())


def test_table_numbers_do_not_read_as_figures_of_the_prose(tmp_path):
    text = flatten(example()).replace("全年新收政府信息公开申请14件，", "")
    # "一、本年新收政府信息公开申请数量10300114" must not be taken for a sentence about 新收 applications
    assert "N701" not in [d["code"] for d in _diagnostics(tmp_path, text)]


@pytest.mark.parametrize("digits, groups, summed, expected", [
    ("713000074", (7,), True, [["71", "3", "0", "0", "0", "0", "74"]]),
    ("230000023", (7,), True, [["23", "0", "0", "0", "0", "0", "23"]]),
    ("270020130", (7,), True, [["2", "7", "0", "0", "20", "1", "30"], ["27", "0", "0", "2", "0", "1", "30"]]),
    ("00000002", (7,), True, []),  # the next label's "2." is not a value
    ("10203120001200000", (5, 5, 5), True, [["1", "0", "2", "0", "3", "12", "0", "0", "0", "12"] + ["0"] * 5]),
    ("000", (3,), False, [["0", "0", "0"]]),
    ("05", (1,), False, []),  # no leading zeros
])
def test_splitting_a_run_of_digits(digits, groups, summed, expected):
    assert splits(digits, groups, summed) == expected


def test_signed_cells_may_carry_a_minus_sign():
    assert splits("2-18", (3,), False, frozenset({1})) == [["2", "-1", "8"]]
    assert splits("2-18", (3,), False) == []  # a count never has a sign


def test_a_run_with_too_many_ways_to_cut_stays_unknown_quickly():
    import time

    start = time.perf_counter()
    assert splits("1" * 30, (7,), True) is None
    assert time.perf_counter() - start < 1


def test_hostile_headings_and_runs_take_bounded_time():
    import time

    text = "标题\n" + "二、主动公开政府信息情况第二十条第（一）项规章" + "1" * 40 + "四、政府信息公开行政法复议、行政诉讼情况" * 2000
    start = time.perf_counter()
    parse(Source("r.txt", text))
    assert time.perf_counter() - start < 10


def test_prose_after_the_table_under_four_may_repeat_its_header_words():
    text = flatten(example()).replace("五、存在的主要问题及改进情况", "其中1件尚未审结，结果维持1件。五、存在的主要问题及改进情况")
    review = parse(Source("r.txt", text))[0].tables[TableKind.REVIEW]
    assert [c.raw for c in review.rows["data"].cells.values()][:5] == ["1", "0", "0", "1", "2"]


def test_headings_that_cannot_be_followed_give_r004_not_missing_sections(tmp_path):
    text = "某局2024年政府信息公开工作年度报告\n前言。一、基本总体情况概述如下。二、主动公开的情况如下。三、收到和处理申请的有关情况。\n"
    codes = [d["code"] for d in _diagnostics(tmp_path, text)]
    assert codes.count("R005") == 3 and "R003" not in codes and "S101" not in codes


def test_a_flattened_table_under_four_with_blank_cells_is_one_r002_not_a_missing_row(tmp_path):
    row = "1\t0\t0\t1\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0"
    text = example().replace(row, "\t\t\t\t\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0")
    codes = [d["code"] for d in _diagnostics(tmp_path, flatten(text))]
    assert sorted(codes) == ["R002", "R002", "R002"]


def test_a_list_of_the_sections_in_the_preamble_is_not_six_headings():
    text = ("本报告包括一、总体情况；二、主动公开政府信息情况；三、收到和处理政府信息公开申请情况；"
            "四、政府信息公开行政复议、行政诉讼情况；五、存在的主要问题及改进情况；六、其他需要报告的事项等六个部分。"
            "一、总体情况2024年，本局工作有序推进。")
    found = find_headings(text)
    assert [(h.key, text[h.start:h.end]) for h in found] == [(1, "一、总体情况")]


def test_a_category_is_compared_only_when_every_row_of_it_was_recovered(tmp_path):
    text = example().replace("全年新收政府信息公开申请14件，", "全年新收政府信息公开申请14件，无法提供申请9件，")
    # 无法提供: 1. is "2100104" (one way to cut it) and 2., 3. are zeros: 4 in all, not 9
    hits = [d for d in _diagnostics(tmp_path, flatten(text)) if d["code"] == "N701"]
    assert len(hits) == 1 and "“无法提供申请9件”" in hits[0]["message"] and "为 4" in hits[0]["message"]
    # with 1. written 10 3 0 0 1 0 14 it cuts two ways: the category is unknown, nothing is said
    ambiguous = text.replace("1.本机关不掌握相关政府信息\t2\t1\t0\t0\t1\t0\t4", "1.本机关不掌握相关政府信息\t10\t3\t0\t0\t1\t0\t14")
    hits = [d for d in _diagnostics(tmp_path, flatten(ambiguous)) if d["code"] == "N701"]
    assert hits == []
