"""The HTML reader on Word-exported pages of a fictitious agency (tests/fixtures/html/).

The fixtures are written by tests/fixtures/html/make_html_fixtures.py; the expected
cells below are the numbers written into them there.  What is checked: tables come
out as exact grids (rowspan group labels, colspan headers, numbers split across
spans, rows of empty cells left out), blank cells are blank cells (T203, never an
unreadable table), the report title goes first whatever the page does with it,
site chrome is dropped, and every line and cell points back into the HTML file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import tab_tables

from linter.cli import main
from linter.readers import ReadError, read_bytes, read_path
from linter.source import Source

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "html"
TITLE = "白鹭县农业农村局2023年政府信息公开工作年度报告"
BLANKED = "商业企业、科研机构、社会公益组织、法律服务机构、其他、总计"


def read(name: str) -> Source:
    return read_path(str(FIXTURES / name))


def row_starting(table: list[list[str]], *cells: str) -> list[str]:
    return next(row for row in table if row[: len(cells)] == list(cells))


def file_position(name: str, needle: str, after: str = "<body") -> dict[str, int]:
    """Line and column (1-based) of the first ``needle`` after ``after`` in a fixture file."""
    raw = (FIXTURES / name).read_bytes().decode("gb18030" if "gbk" in name else "utf-8")
    index = raw.index(needle, raw.index(after))
    return {"line": raw.count("\n", 0, index) + 1, "column": index - raw.rfind("\n", 0, index)}


def lint(capsys, path: Path) -> tuple[int, dict]:
    capsys.readouterr()
    code = main(["check", "--format", "json", str(path)])
    return code, json.loads(capsys.readouterr().out)


def diagnostics(data: dict) -> list[dict]:
    return [d for f in data["files"] for d in f["diagnostics"]]


@pytest.fixture(scope="module")
def report() -> Source:
    return read("report.html")


# --- tables are exact grids ----------------------------------------------------------------------

def test_rowspan_group_labels_fill_every_row_they_span(report):
    applications = tab_tables(report.text)[1]
    assert {len(row) for row in applications} == {10}
    assert row_starting(applications, "三、本年度办理结果") == [
        "三、本年度办理结果", "（一）予以公开", "", "8", "2", "0", "0", "0", "0", "10"]
    assert row_starting(applications, "", "（三）不予公开") == [
        "", "（三）不予公开", "1.属于国家秘密", "0", "0", "0", "0", "0", "0", "0"]
    assert row_starting(applications, "", "", "4.保护第三方合法权益") == [
        "", "", "4.保护第三方合法权益", "1", "0", "0", "0", "0", "0", "1"]
    assert row_starting(applications, "", "（七）总计") == ["", "（七）总计", "", "14", "3", "0", "0", "0", "0", "17"]


def test_colspan_headers_keep_their_columns(report):
    applications = tab_tables(report.text)[1]
    assert applications[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
                               "", "", "申请人情况", "", "", "", "", "", ""]
    assert applications[1] == ["", "", "", "自然人", "法人或其他组织", "", "", "", "", "总计"]
    # "商业<br>企业": a line break between two CJK characters is a wrap, not a space
    assert applications[2] == ["", "", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""]
    disclosure = tab_tables(report.text)[0]
    assert row_starting(disclosure, "信息内容", "本年制发件数") == ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"]
    assert row_starting(disclosure, "行政许可") == ["行政许可", "845", "", ""]


def test_numbers_split_across_spans_are_one_number(report):
    applications = tab_tables(report.text)[1]
    assert row_starting(applications, "一、本年新收政府信息公开申请数量") == [
        "一、本年新收政府信息公开申请数量", "", "", "14", "3", "0", "0", "0", "0", "17"]


def test_rows_of_empty_cells_are_left_out(report):
    assert not any(line and not line.strip("\t") for line in report.text.split("\n"))
    disclosure, applications, review = tab_tables(report.text)
    assert len(applications) == 3 + 2 + 21 + 2  # Word's hidden row of empty cells is gone
    assert len(review) == 4  # and so is the row of &nbsp; cells after the table
    assert review[3] == ["1", "0", "0", "0", "1"] + ["0"] * 10


def test_cells_that_continue_a_merged_cell_are_recorded(report):
    text = report.text

    def cell_offsets(row_start: str) -> list[int]:
        start = text.index(row_start)
        line = text[start:text.index("\n", start)]
        offsets, offset = [], start
        for cell in line.split("\t"):
            offsets.append(offset)
            offset += len(cell) + 1
        return offsets

    new = cell_offsets("一、本年新收政府信息公开申请数量")
    assert [o in report.merged_cells for o in new] == [False, True, True] + [False] * 7
    opened = cell_offsets("三、本年度办理结果\t（一）予以公开")
    assert [o in report.merged_cells for o in opened] == [False, False, True] + [False] * 7
    withheld = cell_offsets("\t\t2.其他法律行政法规禁止公开")
    assert [o in report.merged_cells for o in withheld] == [True, True] + [False] * 8
    licensing = cell_offsets("行政许可\t845")
    assert [o in report.merged_cells for o in licensing] == [False, False, True, True]


def test_only_read_tables_record_merged_cells(tmp_path):
    assert read_bytes("x.txt", "一、总体情况\n甲\t乙\n".encode(), ".txt").merged_cells is None
    assert read_bytes("x.html", "<p>一、总体情况</p>".encode(), ".html").merged_cells == frozenset()


def test_blank_trailing_cells_are_blank_cells_in_their_columns(capsys):
    code, data = lint(capsys, FIXTURES / "blank-cells.html")
    found = diagnostics(data)
    blanks = {d["message"].split("”")[0].lstrip("“"): d["message"] for d in found if d["code"] == "T203"}
    assert set(blanks) == {"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                           "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "四、结转下年度继续办理"}
    assert all(f"6 个单元格未填写数字：{BLANKED}（" in message for message in blanks.values())
    assert not {"R002", "T201", "T202"} & {d["code"] for d in found}
    capsys.readouterr()
    assert main(["tables", "--format", "json", str(FIXTURES / "blank-cells.html")]) == 0
    rows = {row["key"]: row["cells"] for row in json.loads(capsys.readouterr().out)["tables"]["applications"]["rows"]}
    assert list(rows["new"].values()) == ["14", "", "", "", "", "", ""]
    assert list(rows["forward"].values()) == ["1", "", "", "", "", "", ""]
    assert list(rows["open"].values()) == ["8", "2", "0", "0", "0", "0", "10"]


def test_a_hidden_row_is_not_part_of_the_grid():
    page = ("<p>表</p><table><tr><td>项目</td><td>数量</td></tr>"
            "<tr style='display:none'><td>隐藏</td><td>9</td></tr><tr><td>甲</td><td>1</td></tr></table>")
    assert read_bytes("x.html", page.encode(), ".html").text == "表\n\n项目\t数量\n甲\t1\n"


# --- the clean page, the GBK page and the site around them ------------------------------------------

@pytest.mark.parametrize("name", ["report.html", "report-gbk.html", "title-in-title-tag.html", "title-after-header.html"])
def test_clean_pages_give_no_findings(capsys, name):
    code, data = lint(capsys, FIXTURES / name)
    assert data["files"][0]["report"] == {"year": 2023, "layout": "2021"}
    assert diagnostics(data) == [] and code == 0


def test_gbk_page_reads_like_the_utf8_page(report):
    gbk = read("report-gbk.html")
    assert gbk.encoding == "gb18030"
    assert gbk.text == report.text and gbk.merged_cells == report.merged_cells
    offset = report.text.index("845")
    assert gbk.location(offset) == report.location(offset) == file_position("report.html", "845")


def test_site_chrome_is_dropped(report):
    for chrome in ("首页", "当前位置", "版权所有", "网站标识码", "统计代码", "访问统计", "门户网站</", "政务公开年报"):
        assert chrome not in report.text
    assert report.text.endswith("白鹭县农业农村局\n2024年1月18日\n")


# --- the title goes first ------------------------------------------------------------------------

def test_title_broken_over_two_paragraphs_is_one_line(report):
    assert report.text.split("\n")[0] == TITLE
    assert report.location(0) == file_position("report.html", "白鹭县农业农村局2023年", "TRS_Editor")
    second = report.text.index("政府信息公开工作年度报告")
    assert report.location(second) == file_position("report.html", "政府信息公开工作年度报告", "TRS_Editor")


def test_title_only_in_the_title_element():
    source = read("title-in-title-tag.html")
    assert source.text.split("\n")[0] == TITLE  # without the site's name after it
    assert source.location(0) == file_position("title-in-title-tag.html", TITLE, "<title>")
    assert TITLE not in source.text[1:]


def test_title_after_a_page_header_block():
    source = read("title-after-header.html")
    lines = source.text.split("\n")
    assert lines[0] == TITLE
    assert lines[1:4] == ["白鹭县人民政府门户网站", "首页 | 政务公开 | 互动交流 | 办事服务", "当前位置：首页 > 政务公开 > 年度报告"]
    assert source.text.count(TITLE) == 1
    assert source.location(0) == file_position("title-after-header.html", TITLE)


def test_a_title_already_first_is_left_alone():
    page = f"<p>本局</p><h1>{TITLE}</h1><p>一、总体情况</p>"
    assert read_bytes("x.html", page.encode(), ".html").text == f"本局\n{TITLE}\n一、总体情况\n"


def test_a_date_line_is_not_taken_for_part_of_the_title(capsys, tmp_path):
    page = "<p>发布日期：2024年1月18日</p><p>政府信息公开工作年度报告</p><p>一、总体情况</p>"
    assert read_bytes("x.html", page.encode(), ".html").text == (
        "发布日期：2024年1月18日\n政府信息公开工作年度报告\n一、总体情况\n")
    path = tmp_path / "undated.html"
    path.write_text(page, encoding="utf-8")
    code, data = lint(capsys, path)
    assert data["files"][0]["report"]["year"] is None and "D603" in {d["code"] for d in diagnostics(data)}


def test_a_site_title_without_the_report_is_not_used():
    page = "<title>白鹭县人民政府</title><p>政府信息公开工作年度报告</p><p>一、总体情况</p>"
    assert read_bytes("x.html", page.encode(), ".html").text == "政府信息公开工作年度报告\n一、总体情况\n"


# --- every line and cell points into the file -----------------------------------------------------

def test_cells_and_text_after_entities_are_located_exactly(report):
    assert report.location(report.text.index("根据《中华人民共和国")) == file_position("report.html", "根据《中华人民共和国")
    inside = report.text.index("编制本报告")  # in the middle of a paragraph
    assert report.location(inside) == file_position("report.html", "编制本报告")
    total = report.text.index("\t17\n", report.text.index("（七）总计")) + 1  # written as <span>1</span><span>7</span>
    assert report.location(total) == file_position("report.html", "1</span><span lang=EN-US>7", "（七）总计")
    merged = report.text.index("行政许可\t845\t") + len("行政许可\t845\t")  # continues the 845 cell
    raw = (FIXTURES / "report.html").read_text(encoding="utf-8")
    cell = raw.rindex("<td", 0, raw.index("845"))
    assert report.location(merged) == {"line": raw.count("\n", 0, cell) + 1, "column": cell - raw.rfind("\n", 0, cell)}


# --- hostile and unusual markup ------------------------------------------------------------------

def test_a_page_nested_too_deep_is_refused(capsys, tmp_path):
    with pytest.raises(ReadError, match="嵌套过深"):
        read_bytes("x.html", b"<div>" * 600 + "一、总体情况".encode(), ".html")
    path = tmp_path / "deep.html"
    path.write_bytes(b"<div><span>" * 400 + b"x")
    code, data = lint(capsys, path)
    assert code == 2 and [d["code"] for d in diagnostics(data)] == ["R001"]
    assert "嵌套过深" in diagnostics(data)[0]["message"]


def test_nesting_below_the_cap_and_unclosed_inline_tags_are_read():
    assert read_bytes("x.html", b"<div>" * 400 + b"text", ".html").text == "text\n"
    sloppy = "".join(f"<p><font size=3>第{i}段" for i in range(2000)).encode()  # <p> closes each <font>
    assert read_bytes("x.html", sloppy, ".html").text.count("\n") == 2000


def test_hostile_tables_are_refused_before_they_are_built():
    with pytest.raises(ReadError, match="表格过大"):
        read_bytes("x.html", b"<table><tr><td colspan=1000 rowspan=1000>x<td>y" + b"<tr>" * 100 + b"</table>", ".html")
    many = b"<table>" + b"<tr>" + b"<td>1" * 60_000 + b"</table>"
    with pytest.raises(ReadError, match="表格过大"):
        read_bytes("x.html", many, ".html")


def test_malformed_word_sections_are_skipped_like_browsers_do():
    page = "<p>甲<![endifx>乙</p><p><![if !supportLists]>1.<![endif]>丙</p>"
    assert read_bytes("x.html", page.encode(), ".html").text == "甲乙\n1.丙\n"


def test_a_dated_page_title_goes_before_an_undated_title_line():
    page = f"<title>{TITLE}_白鹭县人民政府</title><p>政府信息公开工作年度报告</p><p>一、总体情况</p>"
    source = read_bytes("x.html", page.encode(), ".html")
    assert source.text == f"{TITLE}\n政府信息公开工作年度报告\n一、总体情况\n"
    assert source.location(source.text.index("2023")) == {"line": 1, "column": 8 + len("白鹭县农业农村局")}


@pytest.mark.parametrize("page, text", [
    # chrome that holds the report is the report; a footer is not
    ('<div class="main-header"><p>一、总体情况</p><p>二、主动公开政府信息情况</p></div><div class="footer">版权所有</div>',
     "一、总体情况\n二、主动公开政府信息情况\n"),
    ('<p>甲<span style="display:none">隐藏</span>乙</p>', "甲乙\n"),  # hidden inside a line
    ('<div>甲<span class="nav"><div>菜单</div></span>乙</div>', "甲\n乙\n"),  # a menu with a block inside
    ("<table><caption>表一</caption><tr><td>a<td>1</table>", "表一\n\na\t1\n"),  # the caption stays
    ("<table><tr><td>甲</td><td>乙<table><tr><td>x</td><td>1</td></tr></table></td></tr></table>",
     "甲\n乙\n\nx\t1\n"),  # a table holding a table is page layout
    ("<pre>一、总体情况\n  第一行   有空格\n第二行</pre>", "一、总体情况\n第一行 有空格\n第二行\n"),
    ("<ul><li>一<li>二</ul>", "一\n二\n"),
])
def test_small_pages(page, text):
    assert read_bytes("x.html", page.encode(), ".html").text == text


def test_the_time_budget_is_checked_while_the_page_streams_in():
    from linter.readers.common import Deadline
    from linter.readers.html_page import PageReader

    reader = PageReader(Deadline(seconds=0))
    with pytest.raises(ReadError, match="超时"):
        reader.feed("</x>" * 5000)  # end tags only: no text, no element is ever opened
