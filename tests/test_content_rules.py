"""Content rules: citations (C4xx), contact details (K5xx), dates (D6xx), narrative against tables (N7xx).

Seed reports are edited in memory and written to a temporary folder; the
synthetic reports in examples/content/ (a fictitious agency) cover the
narrative checks with non-zero tables.
"""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, codes, lint_text, seed

from linter.engine import lint_path

CONTENT = EXAMPLES / "content"
MINE = ("C4", "K5", "D60", "N7")


def _seed_text(prefix: str) -> str:
    return seed(prefix).read_text(encoding="utf-8")


def _clean() -> str:
    return (CONTENT / "clean-2023.txt").read_text(encoding="utf-8")


def _replace(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def line_of(text: str, needle: str) -> int:
    index = text.index(needle)
    return text.count("\n", 0, index) + 1


def diags(data: dict, code: str) -> list[dict]:
    return [d for f in data["files"] for d in f["diagnostics"] if d["code"] == code]


def mine(data: dict) -> list[str]:
    return [c for c in codes(data) if c.startswith(MINE)]


def lint(tmp_path, text: str) -> dict:
    return lint_text(tmp_path, text)[1]


# ---------------------------------------------------------------- seeds as published

def test_seed_001_lacks_citation_period_and_contact(tmp_path):
    data = lint(tmp_path, _seed_text("001"))
    assert {"C401", "D601", "K501"} <= set(codes(data))
    assert [d["line"] for d in diags(data, "C401")] == [3]  # the title


def test_seed_004_foot_date_inside_reporting_year(tmp_path):
    text = _seed_text("004")
    data = lint(tmp_path, text)
    (d604,) = diags(data, "D604")
    assert d604["line"] == line_of(text, "\n2023年1月17日") + 1 and d604["column"] == 1
    assert "2023年1月17日" in d604["message"] and d604["severity"] == "error"


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_clean_seeds_get_no_content_diagnostics(tmp_path, prefix):
    data = lint(tmp_path, _seed_text(prefix))
    assert mine(data) == []
    assert [d for f in data["files"] for d in f["diagnostics"] if d["severity"] == "error"] == []


def test_seed_002_2020_report_citing_60_is_fine(tmp_path):
    data = lint(tmp_path, _seed_text("002"))
    assert [c for c in codes(data) if c.startswith("C4")] == []
    assert "N703" not in codes(data)  # "无。" is fine before the fee regime of 2021


# ---------------------------------------------------------------- C4xx citations

def test_c401_citation_removed(tmp_path):
    text = _replace(_seed_text("000"), "（国办公开办函〔2021〕30 号）", "")
    data = lint(tmp_path, text)
    (d,) = diags(data, "C401")
    assert d["line"] == 3 and d["severity"] == "error" and "〔2021〕30号" in d["message"]


def test_c401_is_a_warning_for_2019_format(tmp_path):
    text = _replace(_seed_text("002"), "（国办公开办函〔2019〕60号）", "")
    (d,) = diags(lint(tmp_path, text), "C401")
    assert d["severity"] == "warning" and "〔2019〕60号" in d["message"]


def test_c401_silent_on_citation_broken_across_pdf_lines(tmp_path):
    assert "C401" not in codes(lint(tmp_path, _seed_text("003")))


def test_c402_other_period_document(tmp_path):
    text = _replace(_seed_text("000"), "〔2021〕30 号", "〔2019〕60号")
    data = lint(tmp_path, text)
    (d,) = diags(data, "C402")
    assert d["line"] == 5 and d["severity"] == "error"
    assert "C401" not in codes(data)


def test_c402_2020_report_citing_30(tmp_path):
    text = _replace(_seed_text("002"), "〔2019〕60号", "〔2021〕30号")
    (d,) = diags(lint(tmp_path, text), "C402")
    assert d["line"] == 7


@pytest.mark.parametrize("brackets", ["[2021]", "（2021）", "【2021】", "(2021)"])
def test_c403_wrong_brackets(tmp_path, brackets):
    text = _replace(_seed_text("000"), "〔2021〕", brackets)
    data = lint(tmp_path, text)
    (d,) = diags(data, "C403")
    assert d["line"] == 5 and d["severity"] == "warning"
    assert "C401" not in codes(data)  # still a citation of the format document


def test_c403_fix_replaces_the_brackets(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_replace(_seed_text("000"), "〔2021〕", "[2021]"), encoding="utf-8")
    (d,) = [d for d in lint_path(str(path)).diagnostics if d.code == "C403"]
    assert d.fix is not None and d.fix.safe and d.fix.replacement == "〔2021〕"
    text = lint_path(str(path)).source.text
    assert text[d.fix.span.start:d.fix.span.end] == "[2021]"


def test_c403_silent_on_other_bracketed_years(tmp_path):
    text = _replace(_seed_text("000"), "有关规定和",
                    "有关规定（2021年修订）、（2022）宁0502行初12号判决和")
    assert "C403" not in codes(lint(tmp_path, text))


def test_c404_decree_492_across_line_break(tmp_path):
    text = _seed_text("003")
    edited = _replace(text, "711号）规定", "492号）规定")
    (d,) = diags(lint(tmp_path, edited), "C404")
    assert d["line"] == line_of(text, "国务院令第") and d["severity"] == "error"


def test_c404_decree_with_spaces(tmp_path):
    text = _replace(_seed_text("000"), "国务院令 711 号", "国务院令 492 号")
    (d,) = diags(lint(tmp_path, text), "C404")
    assert d["line"] == 5


def test_c404_silent_when_492_is_history(tmp_path):
    text = _replace(_seed_text("000"), "国务院令 711 号", "国务院令 711 号，原国务院令第492号同时废止")
    assert "C404" not in codes(lint(tmp_path, text))


def test_citations_example(tmp_path):
    code, data = lint_text(tmp_path, (CONTENT / "citations.txt").read_text(encoding="utf-8"))
    assert sorted(mine(data)) == ["C403", "C404"]


# ---------------------------------------------------------------- K5xx contact

def test_k501_contact_block_removed(tmp_path):
    text = _seed_text("000")
    edited = text[: text.index("如有疑问和建议")]
    (d,) = diags(lint(tmp_path, edited), "K501")
    assert d["line"] == 3 and d["severity"] == "error"


def test_k501_url_digits_are_not_a_phone(tmp_path):
    text = _replace(_seed_text("001"), "2023年度本单位",
                    "本报告可在 http://www.example.gov.cn/0951-5035245/13912345678.html 下载。2023年度本单位")
    assert "K501" in codes(lint(tmp_path, text))


def test_k501_silent_when_contact_at_the_end(tmp_path):
    text = _seed_text("001") + "\n如有疑问，请与本局办公室联系（地址：卫滨区人民路1号；电话：0373-1234567）。\n"
    assert mine(lint(tmp_path, text)) == ["C401", "D601"]


def test_k502_address_missing(tmp_path):
    text = _replace(_seed_text("004"), "地址：博山区县前街46号；", "")
    (d,) = diags(lint(tmp_path, text), "K502")
    assert d["line"] == 7 and "地址" in d["message"] and d["severity"] == "warning"


@pytest.mark.parametrize("old, new, kind", [
    ("0533-4180826", "4180826", "电话"),
    ("255200", "25520", "邮编"),
    ("bsqkjbbgs@zb.shandong.cn", "bsqkjbbgs.zb.shandong.cn", "电子邮箱"),
])
def test_k503_malformed(tmp_path, old, new, kind):
    text = _replace(_seed_text("004"), old, new)
    (d,) = diags(lint(tmp_path, text), "K503")
    assert d["line"] == 7 and kind in d["message"] and new in d["message"]


@pytest.mark.parametrize("phone", ["0533—4180826", "13953312345", "（0533）4180826", "0533-4180826转801"])
def test_k503_silent_on_good_numbers(tmp_path, phone):
    text = _replace(_seed_text("004"), "0533-4180826", phone)
    assert "K503" not in codes(lint(tmp_path, text))


def test_contact_example(tmp_path):
    data = lint(tmp_path, (CONTENT / "contact.txt").read_text(encoding="utf-8"))
    assert sorted(mine(data)) == ["K502", "K503", "K503", "K503"]


# ---------------------------------------------------------------- D6xx dates

def test_d601_period_removed(tmp_path):
    text = _replace(_seed_text("000"), "本报告统计数据从 2023 年 1 月 1 日至 2023 年 12 月 31 日。", "")
    (d,) = diags(lint(tmp_path, text), "D601")
    assert d["line"] == 3 and d["severity"] == "warning"


def test_d601_silent_on_period_broken_across_lines(tmp_path):
    assert "D601" not in codes(lint(tmp_path, _seed_text("003")))


def test_d602_period_year_changed(tmp_path):
    text = _replace(_seed_text("000"), "从 2023 年 1 月 1 日至 2023 年 12 月 31 日", "从 2022 年 1 月 1 日至 2022 年 12 月 31 日")
    (d,) = diags(lint(tmp_path, text), "D602")
    assert d["line"] == 5 and d["severity"] == "error"
    assert "2022年1月1日" in d["message"] and "2023" in d["message"]


def test_d602_period_in_pdf_extraction(tmp_path):
    text = _seed_text("003")
    edited = _replace(text, "起至 2024 年 12月 31日止", "起至 2024 年 6月 30日止")
    (d,) = diags(lint(tmp_path, edited), "D602")
    assert d["line"] == line_of(text, "统计期限自")


def test_d602_silent_on_other_years_in_doc_numbers(tmp_path):
    # 2023 report citing 〔2021〕30号 and 〔2020〕109号: not a period.
    text = _replace(_seed_text("000"), "有关规定和", "有关规定、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）和")
    assert [c for c in mine(lint(tmp_path, text)) if c.startswith("D")] == []


@pytest.mark.parametrize("foot, expected", [
    ("2024年1月17日", []),
    ("2024年3月31日", ["warning"]),  # a department's report after 1月31日
    ("2024年2月5日", ["warning"]),
    ("2024年4月2日", ["error"]),
    ("2023年12月30日", ["error"]),
    ("二〇二四年一月十七日", []),
])
def test_d604_foot_date(tmp_path, foot, expected):
    text = _replace(_seed_text("004"), "2023年1月17日", foot)
    data = lint(tmp_path, text)
    assert [d["severity"] for d in diags(data, "D604")] == expected
    for d in diags(data, "D604"):
        assert d["line"] == line_of(text, foot)


def test_d604_late_is_fine_for_peoples_government(tmp_path):
    text = _replace(_seed_text("004"), "博山区科学技术局\n", "博山区人民政府\n")
    text = _replace(text, "2023年1月17日", "2024年3月20日")
    assert [c for c in codes(lint(tmp_path, text)) if c == "D604"] == []


def test_dates_example(tmp_path):
    data = lint(tmp_path, (CONTENT / "dates.txt").read_text(encoding="utf-8"))
    assert sorted(mine(data)) == ["D602", "D604"]


# ---------------------------------------------------------------- N70x narrative

def test_clean_example_is_clean(tmp_path):
    code, data = lint_text(tmp_path, _clean())
    assert code == 0 and codes(data) == []


@pytest.mark.parametrize("old, new", [
    ("全年新收政府信息公开申请20件", "全年新收政府信息公开申请19件"),
    ("上年结转2件", "上年结转3件"),
    ("结转下年度继续办理2件", "结转下年度继续办理3件"),
    ("共办结政府信息公开申请20件，其中", "共办结政府信息公开申请21件，其中"),
    ("不予公开2件", "不予公开3件"),
    ("无法提供5件", "无法提供4件"),
    ("其他处理1件", "其他处理2件"),
    ("行政复议3件", "行政复议2件"),
    ("行政诉讼1件", "行政诉讼0件"),
    ("本年制发行政规范性文件3件", "本年制发行政规范性文件2件"),
    ("废止行政规范性文件1件", "废止行政规范性文件3件"),
    ("现行有效行政规范性文件12件", "现行有效行政规范性文件11件"),
])
def test_n701_synthetic_counts(tmp_path, old, new):
    text = _replace(_clean(), old, new)
    data = lint(tmp_path, text)
    found = diags(data, "N701")
    assert len(found) == 1, codes(data)
    assert found[0]["line"] == line_of(text, new) and found[0]["severity"] == "error"


def test_n701_message_names_both_numbers(tmp_path):
    text = _replace(_clean(), "不予公开2件", "不予公开1件")
    (d,) = diags(lint(tmp_path, text), "N701")
    assert "1" in d["message"] and "（三）不予公开" in d["message"] and "为 2" in d["message"]


def test_n701_related_location_is_the_table_cell(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(_replace(_clean(), "上年结转2件", "上年结转3件"), encoding="utf-8")
    result = lint_path(str(path))
    (d,) = [d for d in result.diagnostics if d.code == "N701"]
    (related,) = d.related
    text = result.source.text
    row_start = text.index("二、上年结转政府信息公开申请数量")
    assert related.span.start > row_start and text[related.span.start:related.span.end] == "2"


def test_n701_accepted_count_including_carried_over_says_so(tmp_path):
    text = _replace(_clean(), "全年新收政府信息公开申请20件，上年结转2件。", "全年共受理政府信息公开申请22件。")
    (d,) = diags(lint(tmp_path, text), "N701")
    assert "上年结转" in d["message"] and "22" in d["message"]


def test_n701_zero_claims_against_nonzero_tables(tmp_path):
    text = _replace(_clean(), "行政诉讼1件，结果维持。", "行政诉讼1件，结果维持。所有申请均已办理完成。")
    data = lint(tmp_path, text)
    (d,) = diags(data, "N701")
    assert d["line"] == line_of(text, "所有申请均已办理完成")
    upheld = _replace(_clean(), "行政诉讼1件，结果维持。", "行政诉讼1件，行政复议和行政诉讼均获维持。")
    assert len(diags(lint(tmp_path, upheld), "N701")) == 1  # 行政复议 has one 尚未审结


def test_n701_litigation_all_upheld_is_fine(tmp_path):
    text = _replace(_clean(), "行政诉讼1件，结果维持。", "行政诉讼1件，均获维持。")
    assert "N701" not in codes(lint(tmp_path, text))


def test_n701_seed_000_said_none_received_but_table_has_one(tmp_path):
    text = _seed_text("000")
    row = "一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0"
    edited = _replace(text, row, "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1")
    found = diags(lint(tmp_path, edited), "N701")
    assert [d["line"] for d in found] == [line_of(text, "未收到政府信息公开申请")]


def test_n701_seed_000_no_review_but_table_has_one(tmp_path):
    text = _seed_text("000")
    edited = _replace(text, "\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "\n1\t0\t0\t0\t1\t0\t0\t0\t0\t0")
    found = diags(lint(tmp_path, edited), "N701")
    assert [d["line"] for d in found] == [line_of(text, "没有因政府信息公开申请引起的行政复议")]


def test_n701_seed_000_count_instead_of_none(tmp_path):
    text = _replace(_seed_text("000"), "2023 年未收到政府信息公开申请", "2023 年收到政府信息公开申请 3 件")
    (d,) = diags(lint(tmp_path, text), "N701")
    assert d["line"] == 19


def test_narrative_example(tmp_path):
    data = lint(tmp_path, (CONTENT / "narrative.txt").read_text(encoding="utf-8"))
    assert sorted(mine(data)) == ["N701", "N701", "N702", "N703", "N704"]


def test_n702_seed_000_channel_sum(tmp_path):
    text = _seed_text("000")
    data = lint(tmp_path, _replace(text, "微信公众号发布信息 190 条", "微信公众号发布信息 191 条"))
    (d,) = diags(data, "N702")
    assert d["line"] == line_of(text, "638 条") and "638" in d["message"] and "639" in d["message"]


@pytest.mark.parametrize("old, new", [("部门工作动态 67条", "部门工作动态 68条"), ("发布共 31条", "发布共 32条")])
def test_n702_seed_003_sums(tmp_path, old, new):
    text = _seed_text("003")
    (d,) = diags(lint(tmp_path, _replace(text, old, new)), "N702")
    assert d["line"] == line_of(text, "91条，其中") and d["severity"] == "warning"


def test_n702_partial_list_with_deng_is_silent(tmp_path):
    text = _replace(_clean(), "（三）政府信息管理情况。",
                    "（三）政府信息管理情况。全年共审核信息300条，其中政策解读20条、图解10条等。")
    assert "N702" not in codes(lint(tmp_path, text))


def test_n703_fee_sentence_removed(tmp_path):
    text = _seed_text("000")
    edited = _replace(text, "**（二）收取信息处理费的情况。**本机关 2023 年未收取信息处理费。", "")
    (d,) = diags(lint(tmp_path, edited), "N703")
    assert d["line"] == line_of(text, "六、其他需要报告的事项") and d["severity"] == "error"


def test_n703_none_alone_is_not_a_statement(tmp_path):
    text = _seed_text("003")
    edited = _replace(text, "收取信息处理费情况：2024年度未收取信息处理费。", "无。")
    assert "N703" in codes(lint(tmp_path, edited))


@pytest.mark.parametrize("sentence", ["2023年收取信息处理费120元。", "本年度没有产生信息公开处理费。", "不存在收费情况。"])
def test_n703_accepted_wordings(tmp_path, sentence):
    text = _replace(_clean(), "2023年，我局未收取信息处理费。", sentence)
    assert "N703" not in codes(lint(tmp_path, text))


@pytest.mark.parametrize("percent, fires", [("33.3%", False), ("33%", False), ("33.33%", False), ("35%", True), ("30%", True)])
def test_n704_percentages(tmp_path, percent, fires):
    text = _replace(_clean(), "（三）政府信息管理情况。",
                    f"（三）政府信息管理情况。全年共收到群众咨询30件，其中电话咨询10件，占{percent}。")
    found = diags(lint(tmp_path, text), "N704")
    assert bool(found) is fires
    if fires:
        assert found[0]["line"] == line_of(text, "全年共收到群众咨询")


@pytest.mark.parametrize("sentence", [
    "本年度共受理政府信息公开申请22件（其中上年结转2件）。",  # says it includes the carried-over
    "全年新收政府信息公开申请（含网上申请12件）20件。",  # the aside is not the count
    "全年共收到群众来信来访12件。",  # not an application for disclosure
    "本局法制科全年办理行政复议案件12件，行政诉讼5件。",  # not about 信息公开
    "全年共发布信息240条，其中政策解读20条、图片新闻30条。",  # a partial list, not a slip
    "截至12月31日，累计发布信息1200条，其中本年发布240条。",
    "网址：www.qf.gov.cn/13912345678。",
])
def test_narrative_silent_on_ambiguous_sentences(tmp_path, sentence):
    text = _replace(_clean(), "（三）政府信息管理情况。", "（三）政府信息管理情况。" + sentence)
    assert mine(lint(tmp_path, text)) == []
