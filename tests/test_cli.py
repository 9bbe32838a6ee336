"""The command line contract: formats, carets, selection, exit codes, the rules/tables commands."""

from __future__ import annotations

import json

from conftest import EXAMPLES, codes

from linter.cli import main
from linter.source import display_width

CLEAN = EXAMPLES / "2024-yunxi-transport.txt"
TABLES = EXAMPLES / "defects" / "tables.txt"


def test_json_shape(run_json):
    code, data = run_json(TABLES)
    assert code == 1 and data["version"] == 1
    file = data["files"][0]
    assert file["report"] == {"year": 2024, "layout": "2021"}
    keys = {"code", "name", "severity", "message", "line", "column", "end_line", "end_column"}
    assert all(keys <= set(d) for d in file["diagnostics"])
    assert data["summary"]["files"] == 1 and data["summary"]["errors"] >= 1


def test_text_line_format_and_caret_under_cjk(capsys):
    assert main(["check", "--color", "never", str(TABLES)]) == 1
    lines = capsys.readouterr().out.splitlines()
    index = next(i for i, line in enumerate(lines) if ": T206 [warning] " in line)
    assert lines[index].startswith(f"{TABLES}:22:13: T206 [warning] ")
    source, caret = lines[index + 1][4:], lines[index + 2][4:]
    # The caret starts under 本年度止件数, counted in display cells.
    assert display_width(source[:source.index("本年度止件数")]) == caret.index("^")
    assert caret.count("^") == display_width("本年度止件数")


def test_select_and_ignore_by_prefix(run_json):
    _, data = run_json("--select", "T3", "--ignore", "T303", TABLES)
    assert set(codes(data)) == {"T301", "T302", "T304"}
    _, data = run_json("--select", "T3,T206", TABLES)
    assert set(codes(data)) == {"T206", "T301", "T302", "T303", "T304"}


def test_unknown_code_in_select_is_a_usage_error(capsys):
    assert main(["check", "--select", "T3O1", str(TABLES)]) == 2
    assert "T3O1" in capsys.readouterr().err
    assert main(["check", "--ignore", "X", str(TABLES)]) == 2


def test_exit_zero_and_clean_exit(capsys):
    assert main(["check", "--exit-zero", str(TABLES)]) == 0
    assert main(["check", str(CLEAN)]) == 0


def test_stdin(monkeypatch, capsys):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(TABLES.read_bytes())))
    assert main(["check", "--format", "json", "-"]) == 1
    assert "T301" in codes(json.loads(capsys.readouterr().out))


def test_no_color_for_pipes(capsys, monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    main(["check", "--color", "auto", str(TABLES)])
    assert "\x1b[" not in capsys.readouterr().out


def test_rules_and_rule(capsys):
    assert main(["rules"]) == 0
    listing = capsys.readouterr().out
    for code in ("R001", "S101", "T206", "T303"):
        assert code in listing
    assert main(["rule", "t303"]) == 0
    assert "勾稽关系" in capsys.readouterr().out
    assert main(["rule", "X999"]) == 2


def test_tables_csv(capsys):
    assert main(["tables", "--format", "csv", str(CLEAN)]) == 0
    rows = capsys.readouterr().out.splitlines()
    assert rows[0] == "path,year,table,row_key,row,column,value,kind"
    assert any(",applications,new,一、本年新收政府信息公开申请数量,总计,14,number" in row for row in rows)


def test_version_and_help(capsys):
    assert main(["--version"]) == 0
    assert main(["check", "--help"]) == 0
    assert "PATHS" in capsys.readouterr().out
