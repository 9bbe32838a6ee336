"""docs/officials.md: the commands it shows run as written, and its screenshots exist."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

from conftest import ROOT

from linter.cli import main

DOC = ROOT / "docs" / "officials.md"


def _commands(name: str) -> list[list[str]]:
    text = DOC.read_text(encoding="utf-8")
    return [shlex.split(line.split("#")[0])[1:] for line in re.findall(rf"^nianbao-lint {name} [^\n`]*", text, re.M)]


def test_init_and_annotate_commands_run_as_written(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    inits = _commands("init")
    assert len(inits) >= 3
    for args in inits:
        assert main(args) == 0, args
    assert main(["init", "--year", "2025", "--agency", "某某县某某局", "-o", "2025年报.docx"]) == 0
    annotates = _commands("annotate")
    assert annotates
    for args in annotates:
        assert main(args) in (0, 1), args  # the template has placeholders: findings, exit 1
    assert Path("2025年报.批注.docx").exists()


def test_screenshots_exist_and_are_made_by_the_script():
    images = re.findall(r"\]\((images/[^)]+\.png)\)", DOC.read_text(encoding="utf-8"))
    assert images and all((ROOT / "docs" / image).is_file() for image in images)
    assert "make_word_screenshots.py" in DOC.read_text(encoding="utf-8") and (ROOT / "docs" / "make_word_screenshots.py").is_file()
