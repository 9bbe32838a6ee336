"""A file's real path and folder, resolved once per folder, are what ``Path.resolve`` says."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from linter.paths import real_folder, resolved

CASES = ["a/b/f.txt", "lnk/f.txt", "lnk/../c/g.txt", "a/flink.txt", "a/rel/g.txt", "./a/b/f.txt", "a/b/../b/f.txt",
         "a/b", "a/b/", ".", "missing/x.txt", "a/b/missing.txt"]


@pytest.mark.skipif(not hasattr(os, "symlink") or os.name == "nt", reason="needs symbolic links")
def test_resolved_agrees_with_path_resolve_through_links_and_folder_changes(tmp_path, monkeypatch):
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "c").mkdir()
    (tmp_path / "a" / "b" / "f.txt").write_text("x", encoding="utf-8")
    (tmp_path / "c" / "g.txt").write_text("y", encoding="utf-8")
    os.symlink(tmp_path / "a" / "b", tmp_path / "lnk")
    os.symlink(tmp_path / "c" / "g.txt", tmp_path / "a" / "flink.txt")
    os.symlink("../c", tmp_path / "a" / "rel")
    for cwd in (tmp_path, tmp_path / "a"):  # the same relative name from another folder is another file
        monkeypatch.chdir(cwd)
        for case in CASES + [str(tmp_path / case) for case in CASES]:
            assert resolved(case) == Path(case).resolve(), (cwd, case)
            assert real_folder(case) == str(Path(case).resolve().parent), (cwd, case)
