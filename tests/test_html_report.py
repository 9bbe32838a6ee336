"""``--format html`` and ``--output-dir``: the page's content, read back as a DOM (no browser).

The same page in a real browser is tested in ``test_browser.py``; here the markup itself:
every finding of ``--format json``, the tables as grids with the wrong cells marked,
escaping, and nothing loaded from outside the file.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import json
import re
from pathlib import Path

import lxml.html
from conftest import EXAMPLES, ROOT

from linter.cli import main
from linter.packs import all_rules
from linter.reporters.html import page_names
from linter.reporters.html_assets import SCRIPT, STYLE

TABLES = EXAMPLES / "defects" / "tables.txt"
CLEAN = EXAMPLES / "2024-yunxi-transport.txt"
WRONG_TOTAL_DOCX = ROOT / "tests" / "fixtures" / "formats" / "report-wrong-total.docx"
HOSTILE = """云溪县<script>window.__pwned = 1</script>交通运输局2024年政府信息公开工作年度报告
一、总体情况
本局<img src=x onerror="window.__pwned = 2">坚持公开。"引号"与&amp;符号</td></table>
二、主动公开政府信息情况
"""


def run_cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*map(str, args)])
    return code, out.getvalue(), err.getvalue()


def html_of(*paths: Path) -> tuple[int, lxml.html.HtmlElement, str]:
    code, out, _ = run_cli("check", "--format", "html", *paths)
    return code, lxml.html.document_fromstring(out), out


def json_of(*paths: Path) -> dict:
    return json.loads(run_cli("check", "--format", "json", *paths)[1])


def test_every_json_finding_is_on_the_page_in_order():
    _, dom, _ = html_of(TABLES)
    data = json_of(TABLES)["files"][0]["diagnostics"]
    items = dom.cssselect("li.finding")
    assert len(items) == len(data) > 5
    for item, expected in zip(items, data):
        assert item.get("data-code") == expected["code"]
        assert item.get("data-severity") == expected["severity"]
        assert item.cssselect(".message")[0].text_content() == expected["message"]
        assert (int(item.get("data-line")), int(item.get("data-column"))) == (expected["line"], expected["column"])
        assert f"第{expected['line']}行 第{expected['column']}列" in item.cssselect(".where")[0].text_content()


def test_header_counts_match_the_json_summary():
    _, dom, _ = html_of(TABLES)
    summary = json_of(TABLES)["summary"]
    section = dom.cssselect("section.report")[0]
    assert int(section.get("data-errors")) == summary["errors"]
    assert int(section.get("data-warnings")) == summary["warnings"]
    assert dom.cssselect('.count[data-severity="error"]')[0].text_content() == f"错误 {summary['errors']}"
    assert dom.cssselect("h1")[0].text_content() == "云溪县交通运输局2024年政府信息公开工作年度报告"
    assert "2021 年格式" in dom.cssselect(".meta")[0].text_content()


def test_each_finding_folds_its_rule_documentation():
    _, dom, _ = html_of(TABLES)
    for item in dom.cssselect("li.finding"):
        details = item.cssselect("details.doc")
        assert len(details) == 1 and details[0].get("open") is None
        assert details[0].cssselect("pre")[0].text_content() == all_rules()[item.get("data-code")].doc.strip()


def test_source_excerpt_marks_the_span():
    _, dom, _ = html_of(TABLES)
    line = next(l for l in TABLES.read_text(encoding="utf-8").splitlines() if l.startswith("一、本年新收"))
    total = line.split()[-1]
    finding = dom.cssselect('li.finding[data-code="T301"]')[0]
    excerpt = finding.cssselect("pre.excerpt")[0]
    assert [m.text_content() for m in excerpt.cssselect("mark")] == [total]
    assert excerpt.text_content().endswith(line)


def test_wrong_total_cell_is_highlighted_with_its_expected_value():
    _, dom, _ = html_of(TABLES)
    line = next(l for l in TABLES.read_text(encoding="utf-8").splitlines() if l.startswith("一、本年新收"))
    numbers = [int(n) for n in line.split()[1:]]
    written, expected = numbers[-1], sum(numbers[:-1])
    assert written != expected
    cell = dom.cssselect('table[data-table="applications"] tr[data-row="new"] td.cell')[-1]
    assert "flagged" in cell.get("class").split() and "T301" in cell.get("data-codes").split()
    assert cell.get("data-expected") == str(expected)
    assert cell.cssselect(".written")[0].text_content() == str(written)
    assert cell.cssselect(".expected")[0].text_content() == f"→ 应为 {expected}"
    # the finding links to that cell
    link = dom.cssselect('li.finding[data-code="T301"] a.to-cell')[0]
    assert link.get("href") == f"#{cell.get('id')}"


def test_cells_without_findings_are_not_highlighted():
    _, dom, _ = html_of(CLEAN)
    assert dom.cssselect("li.finding") == []
    assert dom.cssselect("td.flagged") == [] and dom.cssselect("td[data-expected]") == []
    assert dom.cssselect("td.blank") == []
    cells = dom.cssselect('table[data-table="applications"] td.cell')
    assert len(cells) == 25 * 7 and all(c.get("data-kind") == "number" for c in cells)


def test_blank_cells_are_marked_as_read():
    _, dom, _ = html_of(TABLES)
    line = next(l for l in TABLES.read_text(encoding="utf-8").splitlines() if "2.重复申请" in l)
    values = line.split("\t")[-7:]
    row = dom.cssselect('table[data-table="applications"] tr[data-row="declined.2"]')[0]
    cells = row.cssselect("td.cell")
    assert [c.get("data-kind") == "blank" for c in cells] == [v == "" for v in values]
    assert all(c.text_content() == "空白" for c in cells if c.get("data-kind") == "blank")
    assert "T203" in row.cssselect("td.label")[0].get("data-codes")


def test_missing_row_drawn_where_it_belongs():
    _, dom, _ = html_of(TABLES)
    missing = dom.cssselect('table[data-table="disclosure"] tr.missing')
    assert [row.get("data-row") for row in missing] == ["20.5/licensing"]
    assert "缺少此行" in missing[0].text_content()


def test_sections_outline_ticks_present_and_crosses_missing():
    data = json_of(EXAMPLES / "defects" / "missing-section.txt")
    _, dom, _ = html_of(EXAMPLES / "defects" / "missing-section.txt")
    missing = [li for li in dom.cssselect("ul.outline li") if li.get("data-present") == "false"]
    s101 = [d["message"] for d in data["files"][0]["diagnostics"] if d["code"] == "S101"]
    assert len(missing) == len(s101) >= 1
    for li in missing:
        assert li.cssselect(".mark-bad")[0].text_content() == "✗"
        title = li.text_content().split("、", 1)[1].split(" ")[0].replace("（缺少）", "")
        assert any(title in message for message in s101)
    _, clean, _ = html_of(CLEAN)
    assert [li.cssselect("span")[0].text_content() for li in clean.cssselect("ul.outline li")] == ["✓"] * 6


def test_word_findings_use_the_word_address():
    _, dom, _ = html_of(WRONG_TOTAL_DOCX)
    data = json_of(WRONG_TOTAL_DOCX)["files"][0]["diagnostics"]
    for item, expected in zip(dom.cssselect("li.finding"), data):
        loc, where = expected["location"], item.cssselect(".where")[0].text_content()
        assert loc["table"] in where  # 表三, by content, not the Word ordinal
        for label in ("row_label", "column_label"):
            if loc.get(label):
                assert loc[label] in where
    assert dom.cssselect('td.flagged[data-codes~="T301"]')


def test_unreadable_file_gets_its_finding_and_no_tables():
    code, dom, _ = html_of(ROOT / "tests" / "fixtures" / "formats" / "corrupt.docx")
    assert code == 2
    assert [li.get("data-code") for li in dom.cssselect("li.finding")] == ["R001"]
    assert dom.cssselect("table.grid") == [] and "无法读取" in dom.cssselect("p.notice")[0].text_content()


def test_report_text_is_escaped(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    _, dom, raw = html_of(path)
    scripts = dom.cssselect("script")
    assert [s.text for s in scripts] == [SCRIPT]  # ours, and nothing else
    assert dom.cssselect("img") == [] and "onerror" not in [a for el in dom.iter() for a in el.attrib]
    assert "<script>window.__pwned" not in raw and "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in raw
    # the draft's markup is shown as the text it is (in the excerpts of the findings on its first line)
    assert "<script>window.__pwned = 1</script>" in dom.cssselect("body")[0].text_content()


def test_page_is_self_contained_and_its_policy_admits_only_its_own_script_and_style():
    _, dom, raw = html_of(TABLES)
    assert dom.cssselect("link") == [] and dom.cssselect("[src]") == []
    assert not re.search(r"https?://|@import|url\(", raw)
    policy = dom.cssselect('meta[http-equiv="Content-Security-Policy"]')[0].get("content")

    def digest(text: str) -> str:
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    assert "default-src 'none'" in policy
    assert f"script-src {digest(SCRIPT)};" in policy and f"style-src {digest(STYLE)};" in policy
    assert "@page { size: A4" in STYLE and "@media print" in STYLE


def test_several_files_on_one_page_get_an_index():
    paths = [TABLES, CLEAN, EXAMPLES / "defects" / "missing-table.txt"]
    _, dom, _ = html_of(*paths)
    data = json_of(*paths)
    rows = dom.cssselect("table.index tbody tr")
    assert [r.get("data-path") for r in rows] == [f["path"] for f in data["files"]]
    summary = dom.get_element_by_id("summary")
    assert (int(summary.get("data-errors")), int(summary.get("data-warnings"))) == (
        data["summary"]["errors"], data["summary"]["warnings"])
    sections = dom.cssselect("section.report")
    assert [s.get("data-path") for s in sections] == [f["path"] for f in data["files"]]
    assert [r.cssselect("a")[0].get("href") for r in rows] == [f"#{s.get('id')}" for s in sections]
    assert len({el.get("id") for el in dom.iter() if el.get("id")}) == len([el for el in dom.iter() if el.get("id")])


def test_output_file_writes_the_page_and_keeps_the_exit_code(tmp_path):
    target = tmp_path / "r.html"
    code, out, _ = run_cli("check", "--format", "html", "--output-file", target, TABLES)
    assert code == 1 and out == ""
    assert lxml.html.document_fromstring(target.read_text(encoding="utf-8")).cssselect("li.finding")
    code, out, _ = run_cli("check", "--format", "html", "--output-file", target, CLEAN)
    assert code == 0 and "未发现问题" in target.read_text(encoding="utf-8")


def test_output_dir_writes_an_index_and_one_page_per_report(tmp_path):
    code, out, _ = run_cli("check", "--output-dir", tmp_path / "site", EXAMPLES)
    data = json_of(EXAMPLES)
    assert code == 1 and out == ""
    index = lxml.html.document_fromstring((tmp_path / "site" / "index.html").read_text(encoding="utf-8"))
    rows = index.cssselect("table.index tbody tr")
    assert len(rows) == data["summary"]["files"] == len(list((tmp_path / "site").glob("*.html"))) - 1
    for row, expected in zip(rows, data["files"]):
        page = tmp_path / "site" / row.cssselect("a")[0].get("href")
        dom = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
        assert [li.get("data-code") for li in dom.cssselect("li.finding")] == [d["code"] for d in expected["diagnostics"]]
        errors = sum(d["severity"] == "error" for d in expected["diagnostics"])
        assert int(row.cssselect("td.errors")[0].text_content()) == errors
        assert dom.cssselect('a[href="index.html"]')


def test_output_dir_only_for_html(tmp_path):
    code, _, err = run_cli("check", "--format", "json", "--output-dir", tmp_path / "x", TABLES)
    assert code == 2 and "--output-dir" in err and not (tmp_path / "x").exists()


def test_page_names_are_distinct_and_never_the_index():
    names = page_names(["a/b.txt", "a-b.txt", "index", "a/b.txt", "报告/2024.docx", "../../etc/passwd"])
    assert len(set(names)) == len(names) and "index.html" not in names
    assert names[4] == "报告-2024.docx.html"
    assert all("/" not in name and not name.startswith(".") for name in names)


def test_excerpt_of_a_very_long_line_is_shortened_around_the_span(tmp_path):
    # Text copied from a web page often arrives as one line of thousands of characters.
    text = CLEAN.read_text(encoding="utf-8")
    filler = "本局坚持以公开为常态、不公开为例外。" * 600
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("一、总体情况")) + 1
    lines[at] = filler + "依据国办公开办函[2021]30号编制。" + filler + lines[at]
    path = tmp_path / "long.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, dom, raw = html_of(path)
    finding = dom.cssselect('li.finding[data-code="C403"]')[0]
    excerpt = finding.cssselect("pre.excerpt")[0].text_content()
    assert len(excerpt) < 300 and excerpt.count("…") == 2
    assert "[2021]" in finding.cssselect("pre.excerpt mark")[0].text_content()
    assert filler[:300] not in raw  # the long line is not copied whole into the page


def test_every_link_to_a_cell_lands_on_a_drawn_cell(tmp_path):
    # Blank cells in the table under 四: T203 points at the whole row, which has no label to draw.
    row = "1\t0\t0\t1\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0"
    text = CLEAN.read_text(encoding="utf-8")
    assert row in text
    path = tmp_path / "blank-review.txt"
    path.write_text(text.replace(row, "\t\t\t\t\t" + row.split("\t", 5)[5]), encoding="utf-8")
    _, dom, _ = html_of(path)
    assert [li.get("data-code") for li in dom.cssselect("li.finding")] == ["T203"]
    assert len(dom.cssselect('table[data-table="review"] td.blank')) == 5
    _, tables, _ = html_of(TABLES, path)
    links = tables.cssselect("a.to-cell")
    assert links and all(tables.get_element_by_id(link.get("href")[1:]) is not None for link in links)
