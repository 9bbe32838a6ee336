"""Speaking Word: ``annotate`` (comments in a reviewed copy) and locations an official can find."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
import word_draft
from conftest import ROOT

from linter.cli import main

FORMATS = ROOT / "tests" / "fixtures" / "formats"


def _run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def _json(*args: str) -> dict:
    return json.loads(_run("check", "--format", "json", *args)[1])


@pytest.fixture(scope="module")
def draft(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("draft") / "2024年报.docx"
    word_draft.write(path)
    return path


@pytest.fixture(scope="module")
def annotated(draft) -> tuple[Path, bytes, bytes, dict]:
    """(annotated copy, draft bytes before, draft bytes after, check --format json of the draft)."""
    before = draft.read_bytes()
    code, out, err = _run("annotate", draft)
    assert code == 1, err  # the draft has errors: the exit code is check's
    target = draft.with_name("2024年报.批注.docx")
    assert str(target) in out
    return target, before, draft.read_bytes(), _json(draft)


def _by_code(comments: dict) -> dict[str, dict]:
    return {c["text"].split(" ", 1)[0]: c for c in comments.values() if c["text"][:1] in "RSTCKDN"}


# --- annotate ---------------------------------------------------------------------------------

def test_every_defect_family_is_found(annotated):
    *_, data = annotated
    found = {d["code"] for d in data["files"][0]["diagnostics"]}
    assert set(word_draft.DEFECTS) <= found


def test_one_comment_per_finding_with_code_and_message(annotated):
    target, *_, data = annotated
    comments = word_draft.comment_anchors(target.read_bytes())
    diagnostics = data["files"][0]["diagnostics"]
    assert len(comments) == len(diagnostics) + 1  # and the summary
    texts = [c["text"] for c in comments.values()]
    for diagnostic in diagnostics:
        assert any(t.startswith(f"{diagnostic['code']} {diagnostic['message']}") for t in texts), diagnostic
    assert {c["author"] for c in comments.values()} == {"nianbao-lint"}


def test_comments_sit_on_the_exact_words(annotated):
    target, *_ = annotated
    comments = _by_code(word_draft.comment_anchors(target.read_bytes()))
    for code in ("S103", "K503", "D604", "R004"):
        assert comments[code]["covered"] == word_draft.DEFECTS[code], code
        assert comments[code]["tc"] is None
    assert comments["C403"]["covered"].startswith("[2021]")
    assert comments["N701"]["covered"] == "3" and comments["N701"]["p"] is not None


def test_comments_sit_on_the_right_cells(annotated):
    import docx

    target, *_ = annotated
    document = docx.Document(str(target))
    table = document.tables[1]  # the second Word table is the table under 三
    comments = _by_code(word_draft.comment_anchors(target.read_bytes(), document))
    blank = table.cell(word_draft.CARRIED_ROW, word_draft.SCIENCE_COLUMN)
    assert comments["T203"]["tc"] is blank._tc and blank.text == ""  # at the blank cell, not the label
    total = table.cell(word_draft.OPEN_ROW, word_draft.TOTAL_COLUMN)
    assert comments["T301"]["tc"] is total._tc and total.text == "6"


def test_comment_carries_suggestion_and_other_side(annotated):
    target, *_ = annotated
    comments = _by_code(word_draft.comment_anchors(target.read_bytes()))
    assert "建议改为：“存在的主要问题及改进情况”" in comments["S103"]["text"]
    assert "建议改为：“〔2021〕”" in comments["C403"]["text"] or "〔2021〕30号" in comments["C403"]["text"]
    assert "另见 表三「四、结转下年度继续办理」行「总计」列" in comments["N701"]["text"]


def test_summary_on_the_title_matches_check(annotated):
    target, *_, data = annotated
    comments = word_draft.comment_anchors(target.read_bytes())
    summary = next(c for c in comments.values() if c["text"].startswith("nianbao-lint"))
    assert summary["covered"] == "青山县市场监督管理局2024年政府信息公开工作年度报告"
    totals = data["summary"]
    infos = sum(d["severity"] == "info" for d in data["files"][0]["diagnostics"])
    assert f"错误 {totals['errors']} 条，警告 {totals['warnings']} 条，提示 {infos} 条" in summary["text"]
    assert "format-2021" in summary["text"] and "nianbao-lint 0." in summary["text"]


def test_original_bytes_unchanged_and_copy_relints_the_same(annotated):
    target, before, after, data = annotated
    assert hashlib.sha256(before).digest() == hashlib.sha256(after).digest()
    again = _json(target)["files"][0]["diagnostics"]
    assert [d["code"] for d in again] == [d["code"] for d in data["files"][0]["diagnostics"]]


def test_existing_output_needs_force(annotated, draft):
    target, *_ = annotated
    stamp = target.read_bytes()
    code, _, err = _run("annotate", draft)
    assert code == 2 and "已存在" in err and "--force" in err and target.read_bytes() == stamp
    code, _, _ = _run("annotate", draft, "--force")
    assert code == 1
    code, _, err = _run("annotate", draft, "-o", draft, "--force")
    assert code == 2 and "原文件" in err


def test_selection_and_baseline_apply_as_in_check(draft, tmp_path):
    out = tmp_path / "only-t3.docx"
    assert _run("annotate", draft, "-o", out, "--select", "T3")[0] == 1
    codes = {c["text"].split(" ")[0] for c in word_draft.comment_anchors(out.read_bytes()).values()}
    assert codes == {"T301", "T302", "nianbao-lint"}
    baseline = tmp_path / "base.json"
    assert _run("check", "--write-baseline", baseline, draft)[0] == 0
    clean = tmp_path / "baselined.docx"
    assert _run("annotate", draft, "-o", clean, "--baseline", baseline)[0] == 0
    comments = word_draft.comment_anchors(clean.read_bytes())
    assert len(comments) == 1 and "未发现问题" in next(iter(comments.values()))["text"]


@pytest.mark.parametrize("name", ["report.txt", "report.html", "report.pdf"])
def test_other_formats_are_refused_with_a_clear_message(name, tmp_path):
    code, _, err = _run("annotate", FORMATS / name, "-o", tmp_path / "x.docx")
    assert code == 2 and "只能为 Word .docx" in err and "nianbao-lint check" in err
    assert not (tmp_path / "x.docx").exists()


def test_unreadable_docx_is_one_line_exit_2(tmp_path):
    code, _, err = _run("annotate", FORMATS / "corrupt.docx", "-o", tmp_path / "x.docx")
    assert code == 2 and len(err.strip().splitlines()) == 1 and not (tmp_path / "x.docx").exists()


def test_library_function_for_the_web_page(draft):
    from linter import Linter, Settings
    from linter.annotate import annotate_docx

    data = draft.read_bytes()
    result = Linter(Settings()).check_bytes(draft.name, data)
    copy = annotate_docx(data, result)
    assert zipfile.ZipFile(io.BytesIO(copy)).read("word/comments.xml")
    assert len(word_draft.comment_anchors(copy)) == len(result.diagnostics) + 1


def test_comments_survive_libreoffice(annotated, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui")
    target, *_, data = annotated
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "odt", "--outdir", str(tmp_path), str(target)], check=True, capture_output=True, timeout=180)
    content = zipfile.ZipFile(tmp_path / (target.stem + ".odt")).read("content.xml")
    root = ET.fromstring(content)
    office = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
    dc = "{http://purl.org/dc/elements/1.1/}"
    notes = [n for n in root.iter(office + "annotation") if n.findtext(dc + "creator") == "nianbao-lint"]
    texts = ["".join(n.itertext()) for n in notes]
    assert len(notes) == len(data["files"][0]["diagnostics"]) + 1
    assert any("T301" in t for t in texts) and any("检查结果" in t for t in texts)


# --- locations --------------------------------------------------------------------------------

def _diagnostic(data: dict, code: str) -> dict:
    return next(d for d in data["files"][0]["diagnostics"] if d["code"] == code)


def test_merged_label_row_is_located_by_label_and_header(draft):
    import docx

    location = _diagnostic(_json(draft), "T301")["location"]
    assert location["table"] == "表三" and location["word_table"] == 2
    assert location["row_label"] == "（一）予以公开" and location["column_label"] == "总计"
    assert location["address"] == "表三「（一）予以公开」行「总计」列"
    row = docx.Document(str(draft)).tables[1].rows[word_draft.OPEN_ROW]
    assert location["cell"] == len(row._tr.tc_lst)  # 总计 is the row's last visible cell
    assert location["column"] == word_draft.TOTAL_COLUMN + 1 > location["cell"]  # the grid counts merges


def test_blank_cell_is_located_at_the_cell(draft):
    location = _diagnostic(_json(draft), "T203")["location"]
    assert location["column_label"] == "科研机构" and location["row_label"] == "二、上年结转政府信息公开申请数量"
    assert location["column"] == word_draft.SCIENCE_COLUMN + 1 and location["cell"] == 4


def test_blank_cell_in_a_text_report_is_located_at_the_cell(tmp_path):
    text = (ROOT / "examples" / "2024-yunxi-transport.txt").read_text(encoding="utf-8")
    text = text.replace("二、上年结转政府信息公开申请数量\t\t1\t0\t0", "二、上年结转政府信息公开申请数量\t\t1\t0\t")
    path = tmp_path / "r.txt"
    path.write_text(text, encoding="utf-8")
    location = _diagnostic(_json(path), "T203")["location"]
    assert location["address"] == "表三「二、上年结转政府信息公开申请数量」行「科研机构」列"


def test_paragraph_is_located_by_section_and_opening_words(draft):
    data = _json(draft)
    location = _diagnostic(data, "N701")["location"]
    assert location["section"] == "一、总体情况" and location["table"] is None
    assert location["opening"].startswith("全年新收政府信息公开申请")
    assert location["address"] == f"一、总体情况 第{location['paragraph']}段“{location['opening']}”"
    # the paragraph count is the section's own: （一）主动公开, its text, （二）依申请公开, its text …
    assert location["paragraph"] == 5 and location["word_paragraph"] > 5
    heading = _diagnostic(data, "S103")["location"]
    assert heading["paragraph"] == 0 and heading["address"] == "五、存在的问题… 标题"


def test_machine_formats_carry_the_word_address(draft):
    address = "表三「（一）予以公开」行「总计」列"
    sarif = json.loads(_run("check", "--format", "sarif", draft)[1])
    jsonschema = pytest.importorskip("jsonschema")
    schema = ROOT / "tests" / "fixtures" / "gate" / "sarif-schema-2.1.0.json"
    jsonschema.validate(sarif, json.loads(schema.read_text(encoding="utf-8")))
    result = next(r for r in sarif["runs"][0]["results"] if r["ruleId"] == "T301")
    logical = result["locations"][0]["logicalLocations"][0]
    assert logical["fullyQualifiedName"].startswith(address) and logical["name"] == "总计"
    assert address in result["message"]["text"]
    github = _run("check", "--format", "github", draft)[1]
    line = next(l for l in github.splitlines() if "T301" in l)
    from linter.reporters.github import unescape

    assert address in unescape(line.split("title=", 1)[1].split("::", 1)[0])
    junit = ET.fromstring(_run("check", "--format", "junit", draft)[1])
    assert int(junit.get("tests")) == len(list(junit.iter("testcase"))) >= int(junit.get("failures")) > 0
    case = next(c for c in junit.iter("testcase") if c.get("name").startswith("T301"))
    assert address in case.get("name") and address in case.find("failure").text
    gitlab = json.loads(_run("check", "--format", "gitlab", draft)[1])
    assert any(address in issue["description"] for issue in gitlab)
    text = _run("check", draft)[1]
    assert f"{draft}:{address}（文中第2个表格 第6行第9格）: T301" in text


def test_text_reports_keep_line_numbers(tmp_path):
    """Line numbers mean something in a text file: its address stays path:line:col."""
    code, out, _ = _run("check", "--format", "github", FORMATS / "report-wrong-total.txt")
    assert "title=T301 row-total::" in out
    sarif = json.loads(_run("check", "--format", "sarif", FORMATS / "report-wrong-total.txt")[1])
    result = sarif["runs"][0]["results"][0]
    assert "位置" not in result["message"]["text"]
    assert result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].startswith("表三")


def test_fix_suggestions_for_word_are_located(draft):
    code, out, err = _run("check", "--diff", draft)
    suggestions = [line for line in err.splitlines() if "修复建议" in line]
    assert any("五、存在的问题… 标题: S103" in line for line in suggestions), err
    assert any("前言 第1段" in line and "C403" in line for line in suggestions), err


# --- text output ------------------------------------------------------------------------------

def test_related_location_is_shown_under_the_finding(draft):
    out = _run("check", ROOT / "examples" / "defects" / "tables.txt")[1]
    lines = out.splitlines()
    index = next(i for i, l in enumerate(lines) if ": N701 " in l)
    assert any(l.strip().startswith("另见 第40行：") for l in lines[index + 1:index + 5])
    word = _run("check", draft)[1].splitlines()
    index = next(i for i, l in enumerate(word) if ": N701 " in l)
    assert any(l.strip().startswith("另见 表三「四、结转下年度继续办理」行「总计」列") for l in word[index + 1:index + 5])
    quiet = _run("check", "--no-source", draft)[1]
    assert "另见" not in quiet


def test_long_line_is_cut_around_the_caret(tmp_path, monkeypatch):
    from linter.source import display_width

    text = (ROOT / "examples" / "2024-yunxi-transport.txt").read_text(encoding="utf-8")
    path = tmp_path / "long.txt"
    path.write_text(text.replace("电话：0736-5201234", "电话：0736-52012"), encoding="utf-8")
    monkeypatch.setenv("COLUMNS", "60")
    out = _run("check", path)[1].splitlines()
    index = next(i for i, l in enumerate(out) if ": K503 " in l)
    shown, caret = out[index + 1], out[index + 2]
    assert display_width(shown) <= 60 and shown.startswith("    …") and shown.endswith("…")
    start = display_width(caret) - len(caret.lstrip(" "))
    marked = caret.strip()
    # the caret sits under the number, whatever was cut before it
    cells, i = 0, 0
    while cells < start:
        cells += display_width(shown[i])
        i += 1
    assert shown[i:].startswith("0736-52012") and len(marked) == len("0736-52012")
    monkeypatch.setenv("COLUMNS", "1000")
    wide = _run("check", path)[1].splitlines()
    index = next(i for i, l in enumerate(wide) if ": K503 " in l)
    assert "…" not in wide[index + 1]


def test_junit_counts_a_clean_file_as_one_passing_case(tmp_path):
    clean = ROOT / "examples" / "2024-yunxi-transport.txt"
    suite = ET.fromstring(_run("check", "--format", "junit", clean, FORMATS / "report-wrong-total.txt")[1])
    cases = list(suite.iter("testcase"))
    failing = [c for c in cases if c.find("failure") is not None]
    assert suite.get("tests") == str(len(cases)) and suite.get("failures") == str(len(failing)) == "2"
    assert [c.get("classname") for c in cases if c.find("failure") is None] == [str(clean)]
    broken = ET.fromstring(_run("check", "--format", "junit", FORMATS / "corrupt.docx")[1])
    assert broken.get("tests") == "1" and broken.get("errors") == "1" and broken.get("failures") == "0"


def test_cut_keeps_short_lines_and_wide_spans():
    from linter.reporters.text import cut

    assert cut("短行", 0, 1, 40) == ("短行", 0, 1)
    line = "甲" * 200 + "ABC" + "乙" * 200
    shown, first, last = cut(line, 200, 203, 40)
    assert shown[first:last] == "ABC" and shown.startswith("…") and shown.endswith("…")
    shown, first, last = cut("x" * 100, 10, 90, 30)  # a span wider than the line: cut at its end
    assert first >= 1 and last - first <= 28 and shown[first:last] == "x" * (last - first)
