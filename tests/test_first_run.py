"""A new user's first ten minutes: no traceback ever, nothing silently empty, the conventions of ruff/flake8."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT, codes
from conftest import cli as run

TABLES = EXAMPLES / "defects" / "tables.txt"
CLEAN = EXAMPLES / "2024-yunxi-transport.txt"
FORMATS = ROOT / "tests" / "fixtures" / "formats"


def cli(*args: str, env: dict | None = None, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    """The real command in a child process (``python -m linter`` from the repository root)."""
    return subprocess.run([sys.executable, "-m", "linter", *args], cwd=ROOT, capture_output=True, input=stdin,
                          env={**os.environ, **(env or {})}, timeout=120)


# --- no traceback, never exit 1 for a crash ------------------------------------------------------

def test_python_m_linter_from_the_checkout_root():
    done = cli("check", "--no-source", "examples/")
    assert done.returncode == 1 and b"Traceback" not in done.stderr
    assert "个文件".encode() in done.stdout


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_an_output_encoding_without_chinese_gives_escapes_not_a_crash(encoding):
    reference = cli("check", "--format", "json", str(TABLES))
    done = cli("check", "--no-source", str(TABLES), env={"PYTHONIOENCODING": encoding})
    assert done.returncode == reference.returncode == 1 and b"Traceback" not in done.stderr
    text = done.stdout.decode(encoding)
    assert "\\u" in text  # Chinese written as escapes
    found = [line.split(": ")[1].split(" ")[0] for line in text.splitlines() if ": " in line and "[" in line]
    assert sorted(found) == sorted(codes(json.loads(reference.stdout)))


def test_a_bug_in_a_check_is_r001_for_that_file_and_exit_2(tmp_path, capsys, monkeypatch):
    from linter.checks.tables import BlankCell

    def broken(self, report):
        raise RuntimeError("boom")

    monkeypatch.setattr(BlankCell, "run", broken)
    code, out, err = run(capsys, "check", "--format", "json", CLEAN, TABLES)
    data = json.loads(out)
    assert code == 2 and "Traceback" not in err
    first, second = data["files"]
    assert [d["code"] for d in first["diagnostics"]] == ["R001"] and "内部错误" in first["diagnostics"][0]["message"]
    assert "RuntimeError: boom" in first["diagnostics"][0]["message"]
    assert second["diagnostics"][0]["code"] == "R001"


def test_a_bug_outside_the_files_is_one_line_and_exit_2(capsys, monkeypatch):
    import linter.reporters.json_format as json_format

    monkeypatch.setattr(json_format.Json, "write", lambda *args: 1 / 0)
    code, out, err = run(capsys, "check", "--format", "json", CLEAN)
    assert code == 2 and err.count("\n") == 1 and "内部错误" in err and "ZeroDivisionError" in err


# --- inputs that give nothing to lint ----------------------------------------------------------------

def test_an_empty_folder_is_a_usage_error(tmp_path, capsys):
    code, out, err = run(capsys, "check", tmp_path)
    assert code == 2 and "没有可检查的报告" in err and out == ""


def test_a_folder_of_doc_files_and_scans_says_what_to_do(tmp_path, capsys):
    (tmp_path / "2024年报.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100))
    (tmp_path / "扫描.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    code, _, err = run(capsys, "check", tmp_path)
    assert code == 2 and ".doc" in err and "另存为 .docx" in err and "OCR" in err


@pytest.mark.parametrize("name", ["年报.txt", "年报.docx", "年报.md"])
def test_a_legacy_doc_is_named_whatever_its_name(tmp_path, capsys, name):
    path = tmp_path / name
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600))
    code, out, _ = run(capsys, "check", "--format", "json", path)
    message = json.loads(out)["files"][0]["diagnostics"][0]["message"]
    assert code == 2 and "97-2003" in message and "另存为 .docx" in message


def test_a_docx_named_pdf_is_read_as_word(tmp_path, capsys):
    (tmp_path / "report.pdf").write_bytes((FORMATS / "report-wrong-total.docx").read_bytes())
    code, out, _ = run(capsys, "check", "--format", "json", tmp_path / "report.pdf")
    assert code == 1 and "T301" in codes(json.loads(out))


def test_an_unknown_but_well_formed_code_is_a_warning(capsys):
    code, _, err = run(capsys, "check", "--ignore", "T399", CLEAN)
    assert code == 0 and "T399" in err and "警告" in err
    code, _, err = run(capsys, "check", "--ignore", "T3", CLEAN)
    assert "警告" not in err


# --- standard input --------------------------------------------------------------------------------

def test_stdin_filename_chooses_the_reader():
    docx = FORMATS / "report-wrong-total.docx"
    from_file = cli("check", "--format", "json", str(docx))
    from_stdin = cli("check", "--format", "json", "--stdin-filename", "x.docx", "-", stdin=docx.read_bytes())
    assert from_stdin.returncode == from_file.returncode == 1
    assert codes(json.loads(from_stdin.stdout)) == codes(json.loads(from_file.stdout))


# --- conventions ------------------------------------------------------------------------------------

def test_quiet_shows_only_errors_then_only_the_summary(capsys):
    _, full, _ = run(capsys, "check", "--no-source", "--color", "never", TABLES)
    code, quiet, _ = run(capsys, "check", "-q", "--no-source", "--color", "never", TABLES)
    assert code == 1 and "[warning]" in full and "[warning]" not in quiet and "[error]" in quiet
    assert quiet.splitlines()[-1] == full.splitlines()[-1]
    code, very_quiet, _ = run(capsys, "check", "-qq", "--color", "never", TABLES)
    assert code == 1 and very_quiet.splitlines() == [full.splitlines()[-1]]


def test_output_file(tmp_path, capsys):
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    code, out, _ = run(capsys, "check", "--format", "json", "-o", target, TABLES)
    assert code == 1 and out == "" and "T301" in codes(json.loads(target.read_text(encoding="utf-8")))
    code, _, err = run(capsys, "check", "-o", tmp_path / "missing" / "r.txt", TABLES)
    assert code == 2 and "missing" in err


def test_force_color_and_no_color(capsys, monkeypatch):
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("FORCE_COLOR", "1")
    _, out, _ = run(capsys, "check", TABLES)
    assert "\x1b[" in out
    monkeypatch.setenv("NO_COLOR", "1")
    _, out, _ = run(capsys, "check", TABLES)
    assert "\x1b[" not in out


def test_diff_exits_1_when_it_would_change_something(tmp_path, capsys):
    text = CLEAN.read_text(encoding="utf-8")
    fixable = tmp_path / "r.txt"
    fixable.write_text(text.replace("五、存在的主要问题及改进情况", "五、存在的问题及改进情况"), encoding="utf-8")
    code, out, _ = run(capsys, "check", "--diff", fixable)
    assert code == 1 and out.startswith("---") and fixable.read_text(encoding="utf-8") != text
    clean = tmp_path / "clean.txt"
    clean.write_text(text, encoding="utf-8")
    assert run(capsys, "check", "--diff", clean)[0] == 0


def test_diff_on_word_exits_1_for_its_suggestions(tmp_path, capsys):
    from docx import Document

    document = Document(str(FORMATS / "report.docx"))
    heading = next(p for p in document.paragraphs if "存在的主要问题及改进情况" in p.text)
    for run_ in heading.runs:
        run_.text = run_.text.replace("存在的主要问题", "存在的问题")
    assert "存在的问题及改进情况" in heading.text
    path = tmp_path / "r.docx"
    document.save(str(path))
    before = path.read_bytes()
    code, _, err = run(capsys, "check", "--diff", path)
    assert code == 1 and "S103" in err and path.read_bytes() == before


def test_tables_takes_several_files_and_folders(capsys):
    code, out, _ = run(capsys, "tables", "--format", "csv", CLEAN, EXAMPLES / "crossyear")
    rows = out.splitlines()
    assert code == 0 and rows[0].startswith("path,") and rows.count(rows[0]) == 1
    assert {row.split(",")[0] for row in rows[1:]} == {str(CLEAN), str(EXAMPLES / "crossyear" / "2023.txt"),
                                                       str(EXAMPLES / "crossyear" / "2024.txt")}


def test_help_is_chinese_and_ends_with_examples_and_exit_codes(capsys):
    for command in ([], ["check"], ["tables"], ["rule"], ["rules"], ["config"]):
        code, out, _ = run(capsys, *command, "--help")
        assert code == 0 and out.startswith("用法：") and "选项" in out and "显示本帮助并退出" in out
        assert "Usage:" not in out and "Options:" not in out
        tail = out[out.index("示例："):]
        assert "nianbao-lint" in tail and "退出码" in tail


def test_click_errors_are_chinese(capsys):
    code, _, err = run(capsys, "check", "--year", "abc", CLEAN)
    assert code == 2 and "值无效" in err and "Invalid value" not in err
    code, _, err = run(capsys, "rule", "T303", "extra")
    assert code == 2 and "多余的参数" in err and "Got unexpected" not in err
