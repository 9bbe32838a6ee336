"""Shared test helpers: the seed reports (when ``../shared`` is present), CLI runners, a local server."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from linter.cli import main

# The tests lint the same files again and again with code they monkeypatch: results are never
# read from (or written to) the user's cache unless a test asks for a cache folder of its own.
os.environ["NIANBAO_LINT_NO_CACHE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEEDS = ROOT.parent / "shared" / "seeds"


def seed(prefix: str) -> Path:
    """The seed report whose file name starts with ``prefix`` (e.g. "003")."""
    if not SEEDS.is_dir():
        pytest.skip("../shared/seeds is not present: the real published reports are only available beside the repo")
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.skip(f"seed {prefix} not found in {SEEDS}")
    return matches[0]


@pytest.fixture
def run_json(capsys):
    """Run ``nianbao-lint check --format json`` on paths; return (exit code, parsed JSON)."""

    def run(*args: str) -> tuple[int, dict]:
        capsys.readouterr()
        code = main(["check", "--format", "json", *map(str, args)])
        out = capsys.readouterr().out
        return code, json.loads(out)

    return run


def cli(capsys, *args) -> tuple[int, str, str]:
    """Run ``nianbao-lint ARGS`` in this process; return (exit code, stdout, stderr)."""
    capsys.readouterr()
    code = main([*map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def tab_tables(text: str) -> list[list[list[str]]]:
    """Tables of a reader's text as lists of rows of cells: runs of lines containing a TAB."""
    found: list[list[list[str]]] = []
    current: list[list[str]] = []
    for line in text.split("\n"):
        if "\t" in line:
            current.append(line.split("\t"))
        elif current:
            found.append(current)
            current = []
    return found + ([current] if current else [])


@pytest.fixture
def server():
    """``serve``'s HTTP server on 127.0.0.1 and a free port, in a thread; shut down after the test."""
    import threading

    from linter.serve import DEFAULT_HOST
    from linter.serve_http import make_server

    httpd = make_server(DEFAULT_HOST, 0)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Temporary folders of the code under test go here, so the test can see what is left."""
    import tempfile

    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def codes(data: dict) -> list[str]:
    return [d["code"] for f in data["files"] for d in f["diagnostics"]]


def lint_text(tmp_path: Path, text: str | None, name: str = "report.txt", *args: str) -> tuple[int, dict]:
    """Write ``text`` (unless None: the file exists) to a file and lint it; returns (exit code, JSON)."""
    import contextlib
    import io

    path = tmp_path / name
    if text is not None:
        path.write_text(text, encoding="utf-8")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        code = main(["check", "--format", "json", *args, str(path)])
    return code, json.loads(buffer.getvalue())
