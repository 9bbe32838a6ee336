"""A cache of results for unchanged files, as ruff and pre-commit users expect.

An entry is keyed by everything that decides a file's output: the tool version, the
file's path and content, the effective configuration, the rule packs' contents, the
waiver and baseline files, the run's options and the output format.  A re-run over
unchanged files only reads, hashes and looks up.

Entries are lines of JSON (a cache folder committed to a repository by mistake can do
no harm when read) appended to one of 256 shard files chosen by the key: appending to
a file costs a small fraction of creating one, which on many disks is what a run over a
thousand new files would otherwise spend its time on.  Each entry is one ``write`` of
one line (the line break first), so runs sharing the folder can append at the same time;
a line that is not a whole, valid entry (a run killed while writing) is ignored, and the
file is linted again.  A shard over its share of the size bound keeps its newest half.
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Any

from linter import __version__

FOLDER_NAME = ".nianbao-lint-cache"
MAX_BYTES = 100 * 1024 * 1024  # the folder's size bound
_FORMAT = 2  # bump when the entry layout changes


def user_folder() -> Path:
    """The user's cache folder for this tool (``$XDG_CACHE_HOME/nianbao-lint``)."""
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "nianbao-lint"


def default_folder(config_path: str | None) -> Path:
    """Next to the configuration file when there is one, else the user's cache folder."""
    if config_path:
        return Path(config_path).resolve().parent / FOLDER_NAME
    return user_folder() / "results"


def load_pickle(name: str, key: str) -> Any:
    """What :func:`save_pickle` stored under ``name`` for ``key`` (the tool's own derived data, in the
    user's own folder: validated rule packs), or None."""
    import pickle

    try:
        with open(user_folder() / f"{name}-{key[:24]}.pickle", "rb") as handle:
            return pickle.load(handle)
    except Exception:
        return None


def save_pickle(name: str, key: str, value: Any) -> None:
    import pickle

    folder = user_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
        with os.fdopen(fd, "wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, folder / f"{name}-{key[:24]}.pickle")
    except OSError:
        return  # no cache: the packs are validated again next time
    prune(f"{name}-*.pickle")


_KEPT_VERSIONS = 4  # derived files kept per kind: a few installed versions of the tool, side by side


def prune(pattern: str, keep: int = _KEPT_VERSIONS) -> None:
    """Remove all but the ``keep`` newest files matching ``pattern`` in the user's cache folder: each
    new version of the tool (or of its grammar and packs) writes its own, and the old ones are dead."""
    try:
        found = sorted(user_folder().glob(pattern), key=lambda path: path.stat().st_mtime, reverse=True)
        for stale in found[keep:]:
            stale.unlink()
    except OSError:
        pass  # another run pruned them first, or the folder is read-only: the next run tries again


def fingerprint(*parts: Any) -> str:
    """A stable hash of JSON-able parts (the run-wide part of every key)."""
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def file_digest(path: str | None) -> str | None:
    """The content hash of a file the output depends on (a pack, waivers, a baseline), None if absent."""
    if not path:
        return None
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


@functools.cache
def code_fingerprint() -> str:
    """The linter's own files (code, grammar, packs) by size and modification time: an edited or
    reinstalled linter never reads results the old one wrote, whatever its version says."""
    from linter.data import data_dir

    # The grammar and packs sit inside the package when installed, beside it in a checkout.
    folders = {os.path.dirname(os.path.realpath(__file__)), str(data_dir("grammar")), str(data_dir("rules"))}
    stats = set()
    for folder in folders:
        for root, _, names in os.walk(folder):
            for name in names:
                if name.endswith((".py", ".lark", ".yaml")):
                    path = os.path.join(root, name)
                    status = os.stat(path)
                    stats.add((path, status.st_size, status.st_mtime_ns))
    return fingerprint(__version__, sorted(stats))


_SHARD_BYTES = MAX_BYTES // 256  # one shard's share of the size bound


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written = 0
        self._code = code_fingerprint()

    def key(self, run: str, path: str, data: bytes) -> str:
        return hashlib.sha256(f"{_FORMAT}\0{self._code}\0{run}\0{path}\0".encode() + data).hexdigest()

    def _shard(self, key: str) -> str:
        return os.path.join(self.folder, f"{key[:2]}.jsonl")

    def get(self, key: str) -> dict | None:
        try:
            with open(self._shard(key), "rb") as handle:
                if os.fstat(handle.fileno()).st_size > 4 * _SHARD_BYTES:
                    return None  # grown far past its bound (by another tool?): not read; trim() cuts it
                lines = handle.read()
        except OSError:
            return None
        # The newest entry for the key.  Every entry starts a line of its own, so a key found
        # inside a damaged line is not taken for an entry.
        at = lines.rfind(b"\n" + key.encode("ascii") + b"\t")
        if at < 0:
            return None
        end = lines.find(b"\n", at + 1)
        try:
            data = json.loads(lines[at + len(key) + 2:end if end >= 0 else len(lines)])
        except ValueError:
            return None  # damaged, or cut short: linted again and written anew
        return data if isinstance(data, dict) else None

    def put(self, key: str, value: dict) -> None:
        # The line break comes first: an entry cut short by a killed run is ended by the next one.
        line = f"\n{key}\t{json.dumps(value, ensure_ascii=False)}".encode()
        try:
            if not self.written:
                self._mark_folder()
            fd = os.open(self._shard(key), os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
            try:
                os.write(fd, line)  # one write of the whole entry: appends of other runs cannot split it
            finally:
                os.close(fd)
            self.written += 1
        except OSError:  # a read-only or full disk costs the cache, never the run
            pass

    def _mark_folder(self) -> None:
        """Keep the folder out of version control and backups, as ruff and pytest do with theirs."""
        self.folder.mkdir(parents=True, exist_ok=True)
        marks = {".gitignore": "# Written by nianbao-lint: results of unchanged files.\n*\n",
                 "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                                 "# This folder is a cache of nianbao-lint results.\n"}
        for name, text in marks.items():
            if not (self.folder / name).exists():
                (self.folder / name).write_text(text, encoding="utf-8")

    def trim(self, limit: int = _SHARD_BYTES) -> None:
        """Keep every shard under ``limit`` bytes (worker processes append too, so all are looked at): an
        oversized one keeps its newest half, written to a new file and renamed so that a reader sees the
        old shard or the new one."""
        try:
            shards = [entry.path for entry in os.scandir(self.folder)
                      if entry.name.endswith(".jsonl") and entry.stat().st_size > limit]
        except OSError:
            return
        for shard in shards:
            try:
                with open(shard, "rb") as handle:  # only the newest half is read, however large the file
                    handle.seek(max(0, os.fstat(handle.fileno()).st_size - limit // 2))
                    tail = handle.read()
                # Whole entries only: what precedes the first line break may be the end of an older one.
                start = tail.find(b"\n")
                tmp = f"{shard}.{os.getpid()}.{threading.get_ident()}.tmp"
                with open(tmp, "xb") as handle:
                    handle.write(tail[start:] if start >= 0 else b"")
                os.replace(tmp, shard)
            except OSError:
                pass  # another run trimmed it first, or the disk is read-only: the next run tries again
