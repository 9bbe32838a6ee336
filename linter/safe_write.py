"""Every file the tool writes goes through :func:`write_file`, so that no write loses a byte.

The new bytes go to a temporary file created with ``O_CREAT|O_EXCL|O_NOFOLLOW`` under a
random name in the target's own folder (a name planted in advance, or a symlink, is never
followed or reused), are fsync'ed, receive the target's owner, group and mode, and replace
the target by an atomic rename; the folder is then fsync'ed.  A reader sees the old file or
the new one, never a mix, and an interrupted run leaves the old file (and at worst a hidden
``.NAME.XXXXXXXX.tmp``).

What the target is decides how it is written:

- **a symbolic link** is written *through*: its final target is replaced in its own folder
  and the link stays a link.  A dangling link is refused (nothing is created at the place it
  points to).
- **a file with hard links**, or one whose owner or group the current user cannot give to
  a new file (or the file system will not), cannot be replaced by a rename without cutting
  off its other names or changing its owner.  It is rewritten *in place* instead (not
  atomic, hence only then): its current bytes are first copied to a hidden
  ``.NAME.XXXXXXXX.bak`` beside it and the copy is verified (read back, same hash); then the
  file is overwritten, truncated and fsync'ed, and the copy removed.  Should the overwrite
  fail, the old bytes are put back from the copy; should even that fail, the copy is kept
  and the error names it.
- **a read-only file or folder** (no write permission for us, or no write bit at all, which
  even root respects here: somebody made it read-only on purpose) is not written.
- **anything but a regular file** (folder, FIFO, device) is refused.

With ``expected`` (a :class:`Snapshot` taken when the file was read), the target is re-read
right before the rename or the in-place write and must still have the same inode, size,
modification time and content hash; otherwise nothing is written, so an edit saved while the
tool ran is kept.  (The window left between this check and the rename is microseconds; only a
lock every editor honoured could close it.)

Every failure is a :class:`WriteError`: one line in Chinese naming the file; the target is
then as it was.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
import tempfile
from dataclasses import dataclass

_CHUNK = 1 << 20
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_READ_FLAGS = os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0)
_NAME_CHARS = 60  # of the target's name kept in a temporary name, well under NAME_MAX in UTF-8


class WriteError(Exception):
    """A file the tool meant to write was left as it was; ``str()`` is one line naming it."""

    def __init__(self, path: str, reason: str, untouched: bool = True) -> None:
        super().__init__(f"{path}: {reason}" + ("，未写入" if untouched else ""))
        self.path = path
        self.reason = reason  # without the path, for callers that name the file themselves
        self.untouched = untouched  # False only when a failed in-place write kept a backup copy


@dataclass(frozen=True)
class Snapshot:
    """What a file was when it was read: identity, size, modification time, content hash."""

    device: int
    inode: int
    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, status: os.stat_result, data: bytes) -> Snapshot:
        return cls(status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns,
                   hashlib.sha256(data).hexdigest())

    def same_status(self, status: os.stat_result) -> bool:
        return (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns) == \
            (self.device, self.inode, self.size, self.mtime_ns)


class _OwnerNotKept(Exception):
    """The temporary file could not be given the target's owner: replacing would change it."""


_CHANGED = "文件在读取后已被修改（可能正在被编辑）；为保留这些修改"
_GONE = "文件已不存在"


def write_file(path: str | os.PathLike, data: bytes, expected: Snapshot | None = None) -> None:
    """Write ``data`` to ``path`` safely (see the module docstring); raises :class:`WriteError`.

    ``expected``: the file must still be as it was when read, or it is left alone.
    Without it, a missing file is created (mode 0666 less the umask, like any new file).
    """
    shown = os.fspath(path)
    try:
        target, status = _resolve(shown, must_exist=expected is not None)
        folder = os.path.dirname(target) or "."
        _check_folder(shown, folder)
        if status is None:  # a new file: nothing to keep, so it is always replaced
            _replace(shown, target, folder, None, data, expected)
        elif status.st_nlink > 1 or not _can_give_owner(status):
            _write_in_place(shown, target, folder, status, data, expected)
        else:
            try:
                _replace(shown, target, folder, status, data, expected)
            except _OwnerNotKept:  # e.g. a file system that refuses chown even to root
                _write_in_place(shown, target, folder, status, data, expected)
    except WriteError:
        raise
    except OSError as error:
        raise WriteError(shown, _reason(error)) from None


def _resolve(shown: str, must_exist: bool) -> tuple[str, os.stat_result | None]:
    """The real path to write (symlinks followed) and its status, or None for a new file."""
    target = os.path.realpath(shown)
    try:
        status = os.stat(target, follow_symlinks=False)
    except FileNotFoundError:
        if must_exist:
            raise WriteError(shown, _GONE) from None
        if os.path.islink(shown):
            raise WriteError(shown, "符号链接指向的文件不存在") from None
        return target, None
    if stat.S_ISDIR(status.st_mode):
        raise WriteError(shown, "这是一个文件夹，不是文件")
    if not stat.S_ISREG(status.st_mode):
        raise WriteError(shown, "不是普通文件（设备、命名管道或套接字）")
    if not status.st_mode & 0o222:
        raise WriteError(shown, "文件为只读")
    if not os.access(target, os.W_OK):
        raise WriteError(shown, "没有写入此文件的权限")
    return target, status


def _check_folder(shown: str, folder: str) -> None:
    try:
        status = os.stat(folder)
    except FileNotFoundError:
        raise WriteError(shown, "所在文件夹不存在") from None
    if not stat.S_ISDIR(status.st_mode):
        raise WriteError(shown, "所在路径不是文件夹")
    if not status.st_mode & 0o222:
        raise WriteError(shown, "所在文件夹为只读")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise WriteError(shown, "没有在所在文件夹中写入的权限")


def _can_give_owner(status: os.stat_result) -> bool:
    """Whether a new file can be given this file's owner and group (root, or ours and one of our groups)."""
    if not hasattr(os, "geteuid"):
        return True  # no POSIX ownership to keep
    euid = os.geteuid()
    return euid == 0 or (status.st_uid == euid and status.st_gid in {os.getegid(), *os.getgroups()})


def _temporary(folder: str, target: str, suffix: str) -> tuple[int, str]:
    """A new, empty file with a unique name beside ``target`` (mkstemp: O_EXCL|O_NOFOLLOW, mode 0600)."""
    name = os.path.basename(target)[:_NAME_CHARS]
    return tempfile.mkstemp(prefix=f".{name}.", suffix=suffix, dir=folder)


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


def _replace(shown: str, target: str, folder: str, status: os.stat_result | None, data: bytes,
             expected: Snapshot | None) -> None:
    fd, temporary = _temporary(folder, target, ".tmp")
    leftover: str | None = temporary  # removed on the way out, unless it has replaced the target
    try:
        try:
            _write_all(fd, data)
            if status is not None:
                mine = os.fstat(fd)
                if hasattr(os, "fchown") and (status.st_uid, status.st_gid) != (mine.st_uid, mine.st_gid):
                    try:
                        os.fchown(fd, status.st_uid, status.st_gid)  # before chmod: chown clears set-id bits
                    except PermissionError:
                        raise _OwnerNotKept from None
                _chmod(fd, temporary, stat.S_IMODE(status.st_mode))
            else:
                _chmod(fd, temporary, 0o666 & ~_umask())
            os.fsync(fd)
        finally:
            os.close(fd)
        if expected is not None:
            _verify_unchanged(shown, target, expected)
        os.replace(temporary, target)
        leftover = None
        _sync_folder(folder)
    finally:
        if leftover is not None:
            _remove(leftover)


def _write_in_place(shown: str, target: str, folder: str, status: os.stat_result, data: bytes,
                    expected: Snapshot | None) -> None:
    fd = os.open(target, os.O_RDWR | _NOFOLLOW | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    try:
        current = os.fstat(fd)
        if (current.st_dev, current.st_ino) != (status.st_dev, status.st_ino) or \
                (expected is not None and not expected.same_status(current)):
            raise WriteError(shown, _CHANGED)
        backup, digest = _backup(fd, folder, target)
        intact = True  # the backup is removed only while the file holds whole bytes, old or new
        try:
            if expected is not None and digest != expected.sha256:
                raise WriteError(shown, _CHANGED)
            intact = False
            try:
                _put(fd, data)
            except OSError as error:
                try:
                    with open(backup, "rb") as handle:
                        _put(fd, handle.read())
                except OSError:
                    raise WriteError(shown, f"{_reason(error)}；写入中断，原内容保存在 {backup}",
                                     untouched=False) from None
                intact = True
                raise WriteError(shown, _reason(error)) from None
            intact = True
        finally:
            if intact:
                _remove(backup)
    finally:
        os.close(fd)


def _backup(fd: int, folder: str, target: str) -> tuple[str, str]:
    """Copy what ``fd`` holds to a new hidden file beside it; return its name and the verified hash."""
    backup_fd, backup = _temporary(folder, target, ".bak")
    try:
        try:
            digest = hashlib.sha256()
            os.lseek(fd, 0, os.SEEK_SET)
            while chunk := os.read(fd, _CHUNK):
                digest.update(chunk)
                _write_all(backup_fd, chunk)
            os.fsync(backup_fd)
            if _hash_fd(backup_fd) != digest.hexdigest():
                raise OSError(errno.EIO, "备份副本校验不一致")
        finally:
            os.close(backup_fd)
    except BaseException:
        _remove(backup)
        raise
    return backup, digest.hexdigest()


def _put(fd: int, data: bytes) -> None:
    """Make the open file hold exactly ``data``, on disk."""
    os.lseek(fd, 0, os.SEEK_SET)
    _write_all(fd, data)
    os.ftruncate(fd, len(data))
    os.fsync(fd)


def _verify_unchanged(shown: str, target: str, expected: Snapshot) -> None:
    try:
        fd = os.open(target, _READ_FLAGS)
    except FileNotFoundError:
        raise WriteError(shown, _GONE) from None
    except OSError:  # a symlink or FIFO put in its place: not the file that was read
        raise WriteError(shown, _CHANGED) from None
    try:
        if not expected.same_status(os.fstat(fd)) or _hash_fd(fd, expected.size + 1) != expected.sha256:
            raise WriteError(shown, _CHANGED)
    finally:
        os.close(fd)


def _hash_fd(fd: int, limit: int | None = None) -> str:
    digest = hashlib.sha256()
    os.lseek(fd, 0, os.SEEK_SET)
    left = limit
    while left is None or left > 0:
        chunk = os.read(fd, _CHUNK if left is None else min(_CHUNK, left))
        if not chunk:
            break
        digest.update(chunk)
        if left is not None:
            left -= len(chunk)
    return digest.hexdigest()


def _chmod(fd: int, name: str, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(fd, mode)
    else:
        os.chmod(name, mode)


def _umask() -> int:
    """The process's umask, read without changing it where the system tells it (Linux 4.7+)."""
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)  # elsewhere the only way is to set it and put it back at once
    os.umask(mask)
    return mask


def _sync_folder(folder: str) -> None:
    """Make the rename itself durable; not every platform can open a folder, which is harmless."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _remove(name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(name)


_REASONS = {
    errno.ENOENT: "文件或所在文件夹不存在",
    errno.EACCES: "没有写入权限",
    errno.EPERM: "没有写入权限",
    errno.EROFS: "文件系统为只读",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.ELOOP: "符号链接层数过多或成环",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EISDIR: "这是一个文件夹，不是文件",
    errno.ENOTDIR: "路径中有一部分不是文件夹",
    errno.EXDEV: "不能跨文件系统替换",
}


def _reason(error: OSError) -> str:
    return _REASONS.get(error.errno or 0) or f"写入失败（{error.strerror or error}）"
