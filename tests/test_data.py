"""The grammar and the packs are found inside an installed package, beside a checkout's, or through
importlib.resources for any other kind of install."""

from __future__ import annotations

from importlib import resources

import pytest

from linter import data


@pytest.mark.parametrize("layout", ["installed", "checkout"])
def test_the_folders_are_found_in_either_layout(tmp_path, monkeypatch, layout):
    package = tmp_path / "site" / "linter"
    base = package if layout == "installed" else package.parent
    for name in ("grammar", "rules"):
        (base / name).mkdir(parents=True)
        (base / name / "x.txt").write_text(name, encoding="utf-8")
    package.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(data, "_PACKAGE", package)
    assert data.data_dir("grammar") == base / "grammar"
    assert data.read_data("rules", "x.txt") == "rules"


def test_any_other_install_is_asked_through_importlib_resources(tmp_path, monkeypatch):
    monkeypatch.setattr(data, "_PACKAGE", tmp_path / "zipped.whl" / "linter")
    asked = []
    monkeypatch.setattr(resources, "files", lambda name: asked.append(name) or tmp_path)
    assert data.data_dir("rules") == tmp_path and asked == ["linter.rules"]


def test_the_real_folders_hold_the_grammar_and_the_builtin_packs():
    assert data.data_dir("grammar").joinpath("report.lark").is_file()
    assert data.data_dir("rules").joinpath("format-2021.yaml").is_file()
