"""Reads that stay bounded: devices and FIFOs refused before they are opened, standard input capped.

Reproductions: ``check /dev/zero`` read forever, a FIFO waited for a writer, and a gigabyte piped
into ``check -`` was read whole before its size was checked.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from conftest import EXAMPLES, ROOT, cli

from linter.cli import main


def run(capsys, *args) -> tuple[int, str, str]:
    code, out, err = cli(capsys, "check", "--no-source", *args)
    assert "Traceback" not in out + err
    return code, out, err


def _cli_in_subprocess(*args: str, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    """The same ``main`` in a child with a time limit: a regression here would hang, not fail."""
    script = "import sys; from linter.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=60, stdin=stdin)


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="no /dev/zero on this system")
def test_dev_zero_is_refused(tmp_path):
    done = _cli_in_subprocess("check", "--no-source", "/dev/zero", str(EXAMPLES / "2024-yunxi-transport.txt"))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    lines = [line for line in done.stdout.splitlines() if line.startswith("/dev/zero")]
    assert len(lines) == 1 and "R001" in lines[0] and "设备文件" in lines[0]
    assert "检查了 2 个文件" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    done = _cli_in_subprocess("check", "--no-source", str(fifo))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{fifo}:1:1: R001" in done.stdout and "命名管道" in done.stdout


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_annotate_refuses_a_fifo_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "draft.docx"
    os.mkfifo(fifo)
    done = _cli_in_subprocess("annotate", str(fifo))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"nianbao-lint: 错误：{fifo}: ") and "命名管道" in done.stderr
    assert not (tmp_path / "draft.批注.docx").exists()


def test_read_file_refuses_what_becomes_a_fifo_after_the_check(tmp_path, monkeypatch):
    """A name swapped for a FIFO between the status check and the open is refused on the open descriptor."""
    import linter.readers as readers

    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    regular = os.stat(EXAMPLES / "2024-yunxi-transport.txt")
    monkeypatch.setattr(readers.os, "stat", lambda path, *a, **k: regular)
    with pytest.raises(readers.ReadError, match="命名管道"):
        readers.read_file(str(fifo), readers.MAX_TEXT_BYTES)


class EndlessInput(io.RawIOBase):
    """Standard input that never ends; reading it whole would never return."""

    def __init__(self) -> None:
        self.given = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        buffer[:] = b"a" * len(buffer)
        self.given += len(buffer)
        return len(buffer)

    def readall(self):
        raise AssertionError("standard input read without a bound")


def test_oversized_stdin_is_refused_after_a_bounded_read(monkeypatch, capsys):
    from linter.readers import MAX_TEXT_BYTES

    endless = EndlessInput()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(endless)))
    code, out, _ = run(capsys, "-")
    assert code == 2 and "-:1:1: R001" in out and "输入过大" in out
    assert endless.given <= MAX_TEXT_BYTES + 2 * 1024 * 1024  # the cap, plus at most a buffer's read-ahead


def test_oversized_stdin_to_tables_is_one_line(monkeypatch, capsys):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(EndlessInput())))
    capsys.readouterr()
    assert main(["tables", "-"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "输入过大" in err


def test_stdin_within_the_cap_is_read_whole(monkeypatch, capsys):
    data = (EXAMPLES / "2024-yunxi-transport.txt").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, _ = run(capsys, "--format", "json", "-")
    assert code == 0 and json.loads(out)["files"][0]["report"]["year"] == 2024


def test_stdin_filename_suffix_picks_the_reader(monkeypatch, capsys):
    page = ROOT / "tests" / "fixtures" / "formats" / "report.html"
    _, direct, _ = run(capsys, "--format", "json", page)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(page.read_bytes())))
    _, piped, _ = run(capsys, "--format", "json", "--stdin-filename", str(page), "-")
    assert json.loads(piped)["files"] == json.loads(direct)["files"]
