"""Writes that never lose a byte, and reads that stay bounded: ``--fix``, baselines, devices, stdin.

Each test starts from a reproduction of a defect (an edit lost while ``--fix`` ran, a symlink
replaced by a copy, a planted ``base.json.tmp`` followed, a traceback on ``/dev/zero`` …) and checks
the command-line contract: exit code, one line naming the file, no traceback, files intact.
"""

from __future__ import annotations

import json
import os
import pwd
import stat
import subprocess
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, cli

CLEAN_TEXT = (EXAMPLES / "crossyear" / "2023.txt").read_text(encoding="utf-8")
BROKEN_TEXT = CLEAN_TEXT.replace("本年废止件数", "本年度止件数")  # T206, a safe fix
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(capsys, *args) -> tuple[int, str, str]:
    code, out, err = cli(capsys, "check", "--no-source", *args)
    assert "Traceback" not in out + err
    return code, out, err


def report(folder: Path, name: str = "r.txt", text: str = BROKEN_TEXT) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def leftovers(folder: Path, *expected: str) -> list[str]:
    """Files in ``folder`` other than ``expected`` (temporary or backup copies left behind)."""
    return sorted(p.name for p in folder.iterdir() if p.name not in expected)


@pytest.fixture
def open_folder():
    """A folder every user can enter (pytest's own is private to its user), for tests run as ``nobody``."""
    folder = Path(tempfile.mkdtemp(prefix="nianbao-writes-"))
    folder.chmod(0o755)
    yield folder
    subprocess.run(["chmod", "-R", "u+rwx", str(folder)], check=False)
    subprocess.run(["rm", "-rf", str(folder)], check=False)


def test_the_fix_itself_applies(tmp_path, capsys):
    """The control for every refusal below: a plain file is fixed, atomically (a new inode)."""
    path = report(tmp_path)
    inode = path.stat().st_ino
    code, out, err = run(capsys, "--fix", path)
    assert code == 0 and "已应用 1 处安全修复" in err, (out, err)
    assert path.read_text(encoding="utf-8") == CLEAN_TEXT
    assert path.stat().st_ino != inode  # replaced by a rename, not rewritten in place
    assert leftovers(tmp_path, "r.txt") == []


# --- an edit saved while --fix runs is kept -------------------------------------------------

def _edit_during_relint(monkeypatch, path: Path, edit) -> None:
    """Make the re-lint step of ``--fix`` (between planning and writing) also edit the file, as a user would."""
    import linter.engine

    real = linter.engine.lint_bytes
    calls = []

    def relint(*args, **kwargs):
        if not calls:
            edit(path)
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(linter.engine, "lint_bytes", relint)


def _append(path: Path) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write("（用户刚保存的修改）\n")


def _same_size_same_mtime(path: Path) -> None:
    """An edit that keeps size and modification time: only the content hash can tell."""
    before = path.stat()
    data = path.read_bytes().replace("一、总体情况".encode(), "一、总休情况".encode(), 1)
    assert len(data) == before.st_size
    with open(path, "r+b") as handle:  # in place: same inode
        handle.write(data)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


@pytest.mark.parametrize("links", [1, 2], ids=["plain", "hard-linked"])
@pytest.mark.parametrize("edit", [_append, _same_size_same_mtime], ids=["append", "same-size-and-mtime"])
def test_fix_keeps_an_edit_saved_while_it_runs(tmp_path, capsys, monkeypatch, links, edit):
    path = report(tmp_path)
    if links == 2:
        os.link(path, tmp_path / "copy.txt")
    _edit_during_relint(monkeypatch, path, edit)
    expected = path.read_bytes()
    edit_copy = tmp_path / "expected.txt"
    edit_copy.write_bytes(expected)
    edit(edit_copy)
    code, out, err = run(capsys, "--fix", path)
    assert path.read_bytes() == edit_copy.read_bytes()  # the user's edit, not the fix over the old text
    assert code == 2 and "T206" in out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and "已被修改" in lines[0], err
    assert leftovers(tmp_path, "r.txt", "copy.txt", "expected.txt") == []


def test_fix_keeps_an_edit_saved_between_linting_and_planning(tmp_path, capsys, monkeypatch):
    """Earlier still: the file changes after it was linted, before the fix is planned on it."""
    import linter.engine

    path = report(tmp_path)
    real = linter.engine.lint_path

    def lint_then_edit(*args, **kwargs):
        result = real(*args, **kwargs)
        _append(path)
        return result

    monkeypatch.setattr(linter.engine, "lint_path", lint_then_edit)
    code, _, err = run(capsys, "--fix", path)
    assert path.read_text(encoding="utf-8") == BROKEN_TEXT + "（用户刚保存的修改）\n"
    assert code == 2 and len(err.strip().splitlines()) == 1 and "已被修改" in err and str(path) in err


def test_fix_of_a_vanished_file_is_one_line_and_nothing_is_created(tmp_path, capsys, monkeypatch):
    path = report(tmp_path)
    _edit_during_relint(monkeypatch, path, Path.unlink)
    code, _, err = run(capsys, "--fix", path)
    assert code == 2 and not path.exists() and leftovers(tmp_path) == []
    assert len(err.strip().splitlines()) == 1 and str(path) in err and "不存在" in err


# --- links, owner, mode ---------------------------------------------------------------------

def test_fix_writes_through_a_symlink_and_keeps_it(tmp_path, capsys):
    (tmp_path / "real").mkdir()
    target = report(tmp_path / "real")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    code, _, err = run(capsys, "--fix", link)
    assert code == 0, err
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_text(encoding="utf-8") == CLEAN_TEXT
    assert leftovers(tmp_path / "real", "r.txt") == [] and leftovers(tmp_path, "real", "link.txt") == []


def test_fix_keeps_hard_links(tmp_path, capsys):
    path = report(tmp_path)
    other = tmp_path / "other-name.txt"
    os.link(path, other)
    inode = path.stat().st_ino
    code, _, err = run(capsys, "--fix", path)
    assert code == 0, err
    assert path.stat().st_ino == other.stat().st_ino == inode and path.stat().st_nlink == 2
    assert other.read_text(encoding="utf-8") == CLEAN_TEXT
    assert leftovers(tmp_path, "r.txt", "other-name.txt") == []  # the verified backup copy is gone


def test_fix_keeps_mode_and_owner(open_folder, capsys):
    path = report(open_folder)
    path.chmod(0o640)
    if IS_ROOT:
        nobody = pwd.getpwnam("nobody")
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    before = path.stat()
    code, _, err = run(capsys, "--fix", path)
    assert code == 0, err
    after = path.stat()
    assert after.st_ino != before.st_ino and path.read_text(encoding="utf-8") == CLEAN_TEXT
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    if not IS_ROOT:
        pytest.skip("ownership part needs root (chown to nobody); mode checked")
    readable = subprocess.run(["cat", str(path)], user=nobody.pw_uid, group=nobody.pw_gid, extra_groups=[],
                              capture_output=True)
    assert readable.returncode == 0 and readable.stdout == path.read_bytes()


@pytest.mark.parametrize("why", ["not-ours", "chown-refused"])
def test_owner_that_cannot_be_kept_by_a_rename_is_kept_by_writing_in_place(open_folder, capsys, monkeypatch, why):
    import linter.safe_write as safe_write

    path = report(open_folder)
    if why == "not-ours":  # what a user sees for a colleague's group-writable file
        monkeypatch.setattr(safe_write, "_can_give_owner", lambda status: False)
    else:
        if not IS_ROOT:
            pytest.skip("needs root to chown the file to nobody")
        nobody = pwd.getpwnam("nobody")
        os.chown(path, nobody.pw_uid, nobody.pw_gid)

        def refuse(*args):
            raise PermissionError(1, "Operation not permitted")

        monkeypatch.setattr(safe_write.os, "fchown", refuse)
    before = path.stat()
    code, _, err = run(capsys, "--fix", path)
    after = path.stat()
    assert code == 0, err
    assert after.st_ino == before.st_ino and (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
    assert path.read_text(encoding="utf-8") == CLEAN_TEXT and leftovers(open_folder, "r.txt") == []


# --- read-only files and folders: one line, the batch goes on -------------------------------

def test_read_only_file_is_skipped_and_the_batch_goes_on(tmp_path, capsys):
    locked = report(tmp_path, "locked.txt")
    locked.chmod(0o444)
    other = report(tmp_path, "other.txt")
    code, out, err = run(capsys, "--fix", locked, other)
    assert code == 2
    assert locked.read_text(encoding="utf-8") == BROKEN_TEXT and stat.S_IMODE(locked.stat().st_mode) == 0o444
    assert other.read_text(encoding="utf-8") == CLEAN_TEXT
    problems = [line for line in err.splitlines() if str(locked) in line]
    assert len(problems) == 1 and "只读" in problems[0], err
    assert f"{locked}:" in out and "T206" in out  # its findings are still printed


def test_read_only_folder_is_one_line_and_the_batch_goes_on(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    inside = report(folder)
    other = report(tmp_path, "other.txt")
    folder.chmod(0o555)
    try:
        code, out, err = run(capsys, "--fix", inside, other)
    finally:
        folder.chmod(0o755)
    assert code == 2
    assert inside.read_text(encoding="utf-8") == BROKEN_TEXT and leftovers(folder, "r.txt") == []
    assert other.read_text(encoding="utf-8") == CLEAN_TEXT
    problems = [line for line in err.splitlines() if str(inside) in line]
    assert len(problems) == 1 and "文件夹" in problems[0], err
    assert f"{inside}:" in out and "检查了 2 个文件" in out


def _immutable(path: Path, on: bool) -> bool:
    done = subprocess.run(["chattr", "+i" if on else "-i", str(path)], capture_output=True)
    return done.returncode == 0


def test_folder_the_kernel_refuses_is_one_line(tmp_path, capsys):
    """A refusal by the kernel, not by the mode bits: an immutable folder (root may not write it either)."""
    folder = tmp_path / "immutable"
    folder.mkdir()
    inside = report(folder)
    other = report(tmp_path, "other.txt")
    if not IS_ROOT or not _immutable(folder, True):
        pytest.skip("needs root and a file system with the immutable attribute (chattr +i)")
    try:
        code, out, err = run(capsys, "--fix", inside, other)
    finally:
        _immutable(folder, False)
    assert code == 2
    problems = [line for line in err.splitlines() if str(inside) in line]
    assert len(problems) == 1 and "权限" in problems[0], err
    assert inside.read_text(encoding="utf-8") == BROKEN_TEXT and leftovers(folder, "r.txt") == []
    assert other.read_text(encoding="utf-8") == CLEAN_TEXT and f"{inside}:" in out


def test_failure_at_the_rename_is_one_line_and_leaves_no_temporary_file(tmp_path, capsys, monkeypatch):
    """Whatever the system refuses at the last step (here a read-only file system) becomes one line."""
    import errno

    import linter.safe_write as safe_write

    def refuse(*args):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(safe_write.os, "replace", refuse)
    path = report(tmp_path)
    code, _, err = run(capsys, "--fix", path)
    assert code == 2 and path.read_text(encoding="utf-8") == BROKEN_TEXT and leftovers(tmp_path, "r.txt") == []
    assert len(err.strip().splitlines()) == 1 and str(path) in err and "只读" in err


@pytest.mark.parametrize("failures", [1, 2], ids=["restored", "restore-fails-too"])
def test_in_place_write_that_fails_keeps_the_old_bytes(tmp_path, monkeypatch, failures):
    """A hard-linked file is rewritten in place; a disk full half-way puts the old bytes back from the
    verified copy, and if even that fails, the copy is kept and named."""
    import errno

    import linter.safe_write as safe_write

    path = report(tmp_path)
    os.link(path, tmp_path / "other.txt")
    real_write, failed = safe_write.os.write, []

    def disk_full(fd, data):
        if len(data) > 100 and os.fstat(fd).st_ino == path.stat().st_ino and len(failed) < failures:
            failed.append(fd)
            real_write(fd, bytes(data[:100]))  # a partial write, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(safe_write.os, "write", disk_full)
    with pytest.raises(safe_write.WriteError, match="磁盘空间不足") as caught:
        safe_write.write_file(path, CLEAN_TEXT.encode("utf-8"))
    assert str(path) in str(caught.value) and "\n" not in str(caught.value)
    if failures == 1:
        assert caught.value.untouched and path.read_text(encoding="utf-8") == BROKEN_TEXT
        assert leftovers(tmp_path, "r.txt", "other.txt") == []
    else:
        kept = leftovers(tmp_path, "r.txt", "other.txt")
        assert not caught.value.untouched and len(kept) == 1 and kept[0] in str(caught.value)
        assert (tmp_path / kept[0]).read_text(encoding="utf-8") == BROKEN_TEXT


def test_dangling_symlink_and_non_regular_targets_are_refused(tmp_path):
    from linter.safe_write import WriteError, write_file

    dangling = tmp_path / "dangling.json"
    dangling.symlink_to(tmp_path / "nowhere" / "x.json")
    with pytest.raises(WriteError, match="符号链接指向的文件不存在"):
        write_file(dangling, b"{}")
    with pytest.raises(WriteError, match="文件夹"):
        write_file(tmp_path, b"{}")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe")
        with pytest.raises(WriteError, match="不是普通文件"):
            write_file(tmp_path / "pipe", b"{}")
    assert not (tmp_path / "nowhere").exists()


# --- baselines ------------------------------------------------------------------------------

def test_baseline_does_not_follow_a_planted_temporary_symlink(tmp_path, capsys):
    victim = tmp_path / "victim.txt"
    victim.write_text("不可改动\n", encoding="utf-8")
    planted = tmp_path / "base.json.tmp"
    planted.symlink_to(victim)
    baseline = tmp_path / "base.json"
    code, _, err = run(capsys, "--write-baseline", baseline, EXAMPLES / "defects")
    assert code == 0, err
    assert victim.read_text(encoding="utf-8") == "不可改动\n" and planted.is_symlink()
    assert not baseline.is_symlink() and json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    assert leftovers(tmp_path, "victim.txt", "base.json.tmp", "base.json") == []


def test_baseline_into_a_missing_folder_is_one_line(tmp_path, capsys):
    baseline = tmp_path / "missing" / "base.json"
    code, out, err = run(capsys, "--write-baseline", baseline, EXAMPLES / "2024-yunxi-transport.txt")
    assert code == 2 and not (tmp_path / "missing").exists()
    assert err.strip().splitlines() == [err.strip()] and str(baseline) in err and "不存在" in err


def test_read_only_baseline_is_one_line(tmp_path, capsys):
    baseline = tmp_path / "base.json"
    baseline.write_text("{}\n", encoding="utf-8")
    baseline.chmod(0o444)
    code, _, err = run(capsys, "--write-baseline", baseline, EXAMPLES / "2024-yunxi-transport.txt")
    assert code == 2 and baseline.read_text(encoding="utf-8") == "{}\n"
    assert len(err.strip().splitlines()) == 1 and "只读" in err


def test_baseline_written_through_a_symlink_keeps_it(tmp_path, capsys):
    (tmp_path / "store").mkdir()
    real = tmp_path / "store" / "base.json"
    real.write_text("{}\n", encoding="utf-8")
    real.chmod(0o640)
    link = tmp_path / "base.json"
    link.symlink_to(real)
    assert run(capsys, "--write-baseline", link, EXAMPLES / "defects")[0] == 0
    assert link.is_symlink() and json.loads(real.read_text(encoding="utf-8"))["findings"]
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    code, out, _ = run(capsys, "--format", "json", "--baseline", link, EXAMPLES / "defects")
    assert not [d for f in json.loads(out)["files"] for d in f["diagnostics"] if d["code"] != "R001"]


def test_new_baseline_gets_the_usual_mode(tmp_path, capsys):
    baseline = tmp_path / "base.json"
    mask = os.umask(0o027)
    try:
        assert run(capsys, "--write-baseline", baseline, EXAMPLES / "2024-yunxi-transport.txt")[0] == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(baseline.stat().st_mode) == 0o640  # 0666 less the umask, not mkstemp's 0600


@pytest.mark.parametrize("content", ["[" * 200_000, '{"findings": ' + "[" * 200_000 + "]" * 200_000 + "}"],
                         ids=["unclosed", "closed"])
def test_deeply_nested_baseline_is_one_line(tmp_path, capsys, content):
    baseline = tmp_path / "deep.json"
    baseline.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "--baseline", baseline, EXAMPLES / "2024-yunxi-transport.txt")
    assert code == 2 and len(err.strip().splitlines()) == 1 and str(baseline) in err and "嵌套" in err


def test_nesting_check_ignores_brackets_inside_strings(tmp_path, capsys):
    """Deep brackets inside the text of a finding (escaped quotes and backslashes too) are not nesting."""
    from linter.baseline import _too_deep

    text = json.dumps({"version": 1, "findings": [{"path": "a", "code": "T301", "text": '\\"[[[' + "[" * 100}]})
    assert not _too_deep(text) and _too_deep("[" * 33) and not _too_deep("[" * 32 + "]" * 32)
    baseline = tmp_path / "b.json"
    baseline.write_text(text, encoding="utf-8")
    assert run(capsys, "--baseline", baseline, EXAMPLES / "2024-yunxi-transport.txt")[0] == 0


def test_baseline_that_is_a_device_is_one_line(capsys):
    code, _, err = run(capsys, "--baseline", "/dev/zero", EXAMPLES / "2024-yunxi-transport.txt")
    assert code == 2 and len(err.strip().splitlines()) == 1 and "设备文件" in err
