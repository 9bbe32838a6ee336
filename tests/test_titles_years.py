"""Where the report year comes from: the title (however it is written), then the 统计期限,
then a sentence naming the year, then the file name; D603 only when none of them has one."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, lint_text

from linter.engine import parse
from linter.source import Source

TITLE = "云溪县交通运输局2024年政府信息公开工作年度报告"
PERIOD = "报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止。"


def example(**edits: str) -> str:
    text = (EXAMPLES / "2024-yunxi-transport.txt").read_text(encoding="utf-8")
    for old, new in edits.get("replace", ()):
        assert old in text
        text = text.replace(old, new, 1)
    return text


def report(text: str, path: str = "report.txt"):
    return parse(Source(path, text))[0]


def untitled(*more) -> str:
    return example(replace=[(TITLE, "云溪县交通运输局政府信息公开工作年度报告"), *more])


def test_a_title_broken_over_two_lines_with_a_space_before_nian():
    text = example(replace=[(TITLE, "2024 年云溪县交通运输局政府信息公开工作\n年度报告")])
    parsed = report(text)
    assert (parsed.year, parsed.year_source) == (2024, "title")
    assert text[parsed.title.span.start:parsed.title.span.end] == "2024 年云溪县交通运输局政府信息公开工作\n年度报告"


def test_the_agency_on_the_line_above_the_title():
    parsed = report(example(replace=[(TITLE, "云溪县人民政府\n\n2024 年度政府信息公开工作年度报告")]))
    assert parsed.year == 2024 and parsed.is_government


def test_a_title_after_a_web_page_header_block():
    header = "云溪县人民政府门户网站\n首页 > 政务公开 > 政府信息公开年报\n发布时间：2025-01-20 09:30　来源：云溪县交通运输局\n【字体：大 中 小】　【打印本页】\n\n"
    parsed = report(header + example())
    assert parsed.year == 2024 and parsed.title.text == TITLE


def test_a_title_glued_to_the_preamble_ends_with_the_title():
    text = example(replace=[(TITLE + "\n\n", TITLE + " ")])
    parsed = report(text)
    assert parsed.title.text == TITLE and parsed.year == 2024


def test_a_preamble_sentence_citing_the_format_notice_is_not_a_title():
    parsed = report(untitled((PERIOD, "")).replace("云溪县交通运输局政府信息公开工作年度报告\n", ""))
    assert parsed.title is None and parsed.year is None


def test_year_from_the_period_when_the_title_has_none():
    parsed = report(untitled())
    assert (parsed.year, parsed.year_source) == (2024, "period")


def test_year_from_a_sentence_naming_the_report_year():
    parsed = report(untitled((PERIOD, "本报告反映2024年度政府信息公开工作情况。")))
    assert (parsed.year, parsed.year_source) == (2024, "statement")


def test_year_from_the_file_name_last():
    text = untitled((PERIOD, ""))
    assert (report(text, "reports/2024年报.txt").year, report(text, "reports/2024年报.txt").year_source) == (
        2024, "filename")
    assert report(text, "2023-2024.txt").year is None  # two years in the name: no guess
    assert report(text, "a1f2024b.txt").year is None  # digits inside a hash are no year


@pytest.mark.parametrize("name, expected", [("report.txt", ["D603"]), ("2024年报.txt", [])])
def test_d603_only_when_no_source_of_the_year_exists(tmp_path, name, expected):
    _, data = lint_text(tmp_path, untitled((PERIOD, "")), name)
    assert [d["code"] for d in data["files"][0]["diagnostics"] if d["code"] == "D603"] == expected


def test_the_title_year_wins_over_the_other_sources():
    text = example(replace=[(PERIOD, PERIOD.replace("2024", "2023"))])
    parsed = report(text, "2022年报.txt")
    assert (parsed.year, parsed.year_source) == (2024, "title")
