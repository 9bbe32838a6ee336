"""A cache of results for unchanged files, as ruff and pre-commit users expect.

An entry is keyed by everything that decides a file's output: the tool version, the
file's path and content, the effective configuration, the rule packs' contents, the
waiver and baseline files, the run's options and the output format.  A re-run over
unchanged files only reads, hashes and looks up.  Entries are JSON (a cache folder
committed to a repository by mistake can do no harm when read), written to a temporary
file and renamed (safe when two runs share the folder), and a corrupt or unreadable
entry is ignored and rewritten.  The folder is kept under a size bound by dropping the
least recently used entries.
"""

from __future__ import annotations

import contextlib
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
_FORMAT = 1  # bump when the entry layout changes


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


def code_fingerprint() -> str:
    """The linter's own files (code, grammar, packs) by size and modification time: an edited or
    reinstalled linter never reads results the old one wrote, whatever its version says."""
    from linter.data import data_dir

    package = Path(__file__).resolve().parent
    folders = [package, Path(str(data_dir("grammar"))), Path(str(data_dir("rules")))]
    stats = sorted((str(p), p.stat().st_size, p.stat().st_mtime_ns)
                   for folder in folders for p in folder.rglob("*") if p.suffix in (".py", ".lark", ".yaml"))
    return fingerprint(__version__, stats)


class Cache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.written = 0
        self._folders: set[str] = set()  # the entry folders known to exist
        self._code = code_fingerprint()

    def key(self, run: str, path: str, data: bytes) -> str:
        return hashlib.sha256(f"{_FORMAT}\0{self._code}\0{run}\0{path}\0".encode() + data).hexdigest()

    def _entry(self, key: str) -> str:
        # A string, not a Path: a cached run makes one per file, and a Path costs ten times more.
        return os.path.join(self.folder, key[:2], f"{key}.json")

    def get(self, key: str) -> dict | None:
        entry = self._entry(key)
        try:
            with open(entry, encoding="utf-8") as handle:
                data = json.loads(handle.read())
        except (OSError, ValueError):
            return None  # absent, or corrupt: linted again and rewritten
        if not isinstance(data, dict):
            return None
        with contextlib.suppress(OSError):
            os.utime(entry)  # recently used: kept when the folder is trimmed
        return data

    def put(self, key: str, value: dict) -> None:
        entry = self._entry(key)
        folder, name = os.path.split(entry)
        # Written whole under a name no other process uses, then renamed: a reader never sees half
        # an entry, whatever runs at the same time.
        tmp = os.path.join(folder, f".{name}.{os.getpid()}.{threading.get_ident()}.tmp")
        try:
            if not self.written:
                self._mark_folder()
            if folder not in self._folders:
                os.makedirs(folder, exist_ok=True)
                self._folders.add(folder)
            with open(tmp, "xb") as handle:  # "x": never through a link someone left under that name
                handle.write(json.dumps(value, ensure_ascii=False).encode("utf-8"))
            os.replace(tmp, entry)
            self.written += 1
        except OSError:  # a read-only or full disk costs the cache, never the run
            with contextlib.suppress(OSError):
                os.unlink(tmp)

    def _mark_folder(self) -> None:
        """Keep the folder out of version control and backups, as ruff and pytest do with theirs."""
        self.folder.mkdir(parents=True, exist_ok=True)
        marks = {".gitignore": "# Written by nianbao-lint: results of unchanged files.\n*\n",
                 "CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n"
                                 "# This folder is a cache of nianbao-lint results.\n"}
        for name, text in marks.items():
            if not (self.folder / name).exists():
                (self.folder / name).write_text(text, encoding="utf-8")

    def trim(self, limit: int = MAX_BYTES) -> None:
        """Drop the least recently used entries while the folder is over ``limit`` bytes."""
        if not self.written:
            return
        try:
            entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.folder.glob("*/*.json")]
        except OSError:
            return
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= limit:
                break
            try:
                path.unlink()
                total -= size
            except OSError:
                pass
