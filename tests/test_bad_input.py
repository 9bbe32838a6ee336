"""Bad input: one clear line, the documented exit code, no traceback, nothing modified."""

from __future__ import annotations

import hashlib

import pytest
from conftest import EXAMPLES, seed

from linter.cli import main

CLEAN = EXAMPLES / "2024-yunxi-transport.txt"


def _run(capsys, *args):
    capsys.readouterr()
    code = main(["check", "--no-source", *map(str, args)])
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    return code, captured.out, captured.err


def test_empty_file_is_not_a_report(tmp_path, capsys):
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    code, out, _ = _run(capsys, path)
    assert code == 1 and "R003" in out and "文件为空" in out


def test_binary_file(tmp_path, capsys):
    path = tmp_path / "scan.txt"
    path.write_bytes(bytes(range(256)) * 20)
    code, out, _ = _run(capsys, path)
    assert code == 2 and f"{path}:1:1: R001" in out and "二进制" in out


@pytest.mark.parametrize("name, megabytes", [("huge.txt", 50), ("huge.html", 100), ("huge.pdf", 60), ("huge.docx", 60)])
def test_huge_file_is_refused_quickly(tmp_path, capsys, name, megabytes):
    import time

    path = tmp_path / name
    with open(path, "wb") as handle:
        handle.truncate(megabytes * 1024 * 1024)
    before = path.stat().st_mtime
    start = time.monotonic()
    code, out, _ = _run(capsys, path)
    assert code == 2 and "R001" in out and "文件过大" in out
    assert time.monotonic() - start < 5
    assert path.stat().st_mtime == before


def test_gbk_copy_of_a_seed_reads_like_the_original(tmp_path, capsys):
    original = seed("000")
    copy = tmp_path / "gbk.txt"
    copy.write_bytes(original.read_text(encoding="utf-8").encode("gb18030"))
    _, out_utf8, _ = _run(capsys, original)
    code, out_gbk, _ = _run(capsys, copy)
    assert code == 0
    assert out_gbk.replace(str(copy), "X") == out_utf8.replace(str(original), "X")


def test_utf8_bom_crlf_and_fullwidth_digits(tmp_path, capsys):
    text = CLEAN.read_text(encoding="utf-8").replace("行政处罚\t48", "行政处罚\t４８").replace("\n", "\r\n")
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    code, out, _ = _run(capsys, path)
    assert code == 0, out
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # never modified


def test_missing_file_and_directory_arguments(tmp_path, capsys):
    code, out, _ = _run(capsys, tmp_path / "nope.txt", CLEAN)
    assert code == 2 and "文件不存在" in out and "检查了 2 个文件" in out


def test_folder_is_scanned_recursively_skipping_lock_files(tmp_path, capsys):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text(CLEAN.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "~$a.docx").write_bytes(b"lock")
    (tmp_path / "notes.json").write_text("{}", encoding="utf-8")
    (tmp_path / "README.md").write_text("# 年报仓库说明\n", encoding="utf-8")
    code, out, _ = _run(capsys, tmp_path)
    assert code == 0 and "检查了 1 个文件" in out


def test_malformed_rule_pack_is_one_line_exit_2(tmp_path, monkeypatch, capsys):
    import linter.packs as packs

    bad = tmp_path / "base.yaml"
    bad.write_text("name: base\nrules:\n  - code: T999\n    name: x\n    check: no-such-check\n"
                   "    severity: error\n    message: m\n    doc: d\n", encoding="utf-8")
    monkeypatch.setattr(packs, "_builtin_text", lambda name: (f"{bad}", bad.read_text(encoding="utf-8")))
    packs._builtin_packs.cache_clear()
    try:
        code, out, err = _run(capsys, CLEAN)
    finally:
        packs._builtin_packs.cache_clear()
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "no-such-check" in err and str(bad) in err


def test_usage_error_exit_2(capsys):
    code = main(["check", "--format", "nope", str(CLEAN)])
    assert code == 2
