"""Configuration files: ``.nianbao-lint.yaml`` or ``[tool.nianbao-lint]`` in ``pyproject.toml``.

The nearest configuration walking up from each linted file wins (a
``pyproject.toml`` without the section does not count; in one folder the YAML
file wins).  ``--config`` names one file for all; ``--isolated`` ignores them
all.  Every unknown key or bad value is a :class:`ConfigError` whose one-line
message names the file and the key; the command line turns it into exit code 2.
"""

from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from linter.diagnostics import Severity
from linter.paths import real_folder, resolved
from linter.validation import InputError, build, excerpt, load_yaml, read_text

if TYPE_CHECKING:
    from linter.packs import Pack

YAML_NAME = ".nianbao-lint.yaml"
PYPROJECT = "pyproject.toml"
WAIVERS_NAME = ".nianbao-lint-waivers.yaml"


class ConfigError(InputError):
    """A bad configuration file; the message is one line naming file and key."""


Codes = tuple[str, ...] | str


class ConfigFile(NamedTuple):
    """The schema of a configuration file (``[tool.nianbao-lint]`` has the same keys)."""

    select: Codes = ()
    ignore: Codes = ()
    per_file_ignores: dict[str, Codes] = {}  # read, never changed: one shared default is safe
    year: int | None = None
    severity: dict[str, Literal["error", "warning", "info"]] = {}
    packs: tuple[str, ...] = ()
    allow_inline_suppressions: bool = True
    waivers: str | None = None

    def validate(self) -> None:
        if self.year is not None and not 1990 <= self.year <= 2100:
            raise ValueError(f"year: {self.year} 不是 1990–2100 之间的年份")


class Config(NamedTuple):
    path: str | None = None  # None: built-in defaults
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    year: int | None = None
    severity: tuple[tuple[str, Severity], ...] = ()
    packs: tuple[str, ...] = ()  # absolute paths
    allow_inline_suppressions: bool = True
    waivers: str | None = None  # absolute path of the waiver file, if any

    @property
    def root(self) -> Path:
        return resolved(self.path).parent if self.path else Path.cwd()

    def ignores_for(self, file: str) -> tuple[str, ...]:
        """Codes ignored for ``file`` by ``per-file-ignores`` (globs relative to the config's folder)."""
        if not self.per_file_ignores:
            return ()
        try:
            relative = resolved(file).relative_to(self.root).as_posix()
        except ValueError:
            relative = Path(file).as_posix()
        name = Path(file).name
        codes: list[str] = []
        for pattern, pattern_codes in self.per_file_ignores:
            if fnmatch.fnmatch(relative, pattern) or fnmatch.fnmatch(name, pattern) or (
                    pattern.startswith("**/") and fnmatch.fnmatch(relative, pattern[3:])):
                codes.extend(pattern_codes)
        return tuple(codes)

    def as_dict(self) -> dict[str, Any]:
        return {
            "config-file": self.path,
            "select": list(self.select),
            "ignore": list(self.ignore),
            "per-file-ignores": {k: list(v) for k, v in self.per_file_ignores},
            "year": self.year,
            "severity": {k: v.value for k, v in self.severity},
            "packs": list(self.packs),
            "allow-inline-suppressions": self.allow_inline_suppressions,
            "waivers": self.waivers,
        }


def _codes(value: tuple[str, ...] | str) -> tuple[str, ...]:
    from linter.selection import parse_codes

    return parse_codes((value,) if isinstance(value, str) else value)


def _inside(path: str, root: Path, key: str, item: str) -> str:
    """A file a configuration names must lie under the configuration's folder: a configuration
    committed to a repository must not make the linter read (and quote) files elsewhere."""
    resolved = (root / item).resolve()
    if not resolved.is_relative_to(root):
        raise ConfigError(f"{path}: {key}: {excerpt(item)} 不在配置文件所在的文件夹 {root} 之内，出于安全考虑不读取")
    return str(resolved)


def parse(path: str, data: Any) -> Config:
    """Validate a configuration mapping read from ``path``."""
    schema = build(path, ConfigFile, data, ConfigError)
    base = Path(path).resolve().parent
    packs = []
    for item in schema.packs:
        pack_path = _inside(path, base, "packs", item)
        if not Path(pack_path).is_file():
            raise ConfigError(f"{path}: packs: 规则包文件 {excerpt(item)} 不存在")
        packs.append(pack_path)
    waivers = None
    if schema.waivers:
        waivers = _inside(path, base, "waivers", schema.waivers)
    elif (base / WAIVERS_NAME).is_file():
        waivers = str(base / WAIVERS_NAME)
    return Config(
        path=str(Path(path).resolve()),
        select=_codes(schema.select),
        ignore=_codes(schema.ignore),
        per_file_ignores=tuple((glob, _codes(codes)) for glob, codes in schema.per_file_ignores.items()),
        year=schema.year,
        severity=tuple((code.upper(), Severity(level)) for code, level in schema.severity.items()),
        packs=tuple(packs),
        allow_inline_suppressions=schema.allow_inline_suppressions,
        waivers=waivers,
    )


def _load_toml(path: Path) -> dict | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise ConfigError(f"{path}: 读取 pyproject.toml 需要 Python 3.11 或安装 tomli") from None
    try:
        data = tomllib.loads(read_text(str(path), "配置文件", ConfigError))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: 无法读取（{str(exc)[:80]}）") from None
    return data.get("tool", {}).get("nianbao-lint")


def load_file(path: str) -> Config:
    """Read one configuration file (either kind)."""
    file = Path(path)
    if file.name == PYPROJECT:
        section = _load_toml(file)
        return parse(path, section or {})
    return parse(path, load_yaml(path, read_text(path, "配置文件", ConfigError), ConfigError))


def _find_in(directory: str) -> str | None:
    folder = Path(directory)
    candidate = folder / YAML_NAME
    if candidate.is_file():
        return str(candidate)
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _load_toml(pyproject) is not None:
        return str(pyproject)
    return None


def find_config(file: str, known: dict[str, str | None] | None = None) -> str | None:
    """The nearest configuration file walking up from ``file``'s folder (``known``: folders
    already searched, and what was found from each — a batch walks each folder once)."""
    if file == "-" or os.path.isdir(file):
        where = str(Path(file if file != "-" else os.getcwd()).resolve())
    else:
        where = real_folder(file)
    known = {} if known is None else known
    if where in known:  # the usual case in a batch: a folder already searched
        return known[where]
    walked: list[str] = []
    found: str | None = None
    folder = Path(where)
    for directory in (folder, *folder.parents):
        key = str(directory)
        if key in known:
            found = known[key]
            break
        walked.append(key)
        found = _find_in(key)
        if found:
            break
    for key in walked:
        known[key] = found
    return found


class Resolver:
    """Configuration per linted file, honouring ``--config`` and ``--isolated``."""

    def __init__(self, override: str | None = None, isolated: bool = False) -> None:
        self.override = override
        self.isolated = isolated
        self._cache: dict[str | None, Config] = {}
        self._found: dict[str, str | None] = {}  # folder -> its nearest configuration

    def configs(self) -> list[Config]:
        """The configurations resolved so far."""
        return list(self._cache.values())

    def for_file(self, file: str) -> Config:
        if self.isolated:
            return Config()
        path = self.override or find_config(file, self._found)
        if path not in self._cache:
            self._cache[path] = load_file(path) if path else Config()
        return self._cache[path]


def pack_chooser(config: Config) -> Callable[[int | None], Pack] | None:
    """For ``packs:`` — pick the user pack for a report year, else the built-in one."""
    if not config.packs:
        return None
    from linter.packs import builtin_pack, load_pack_file, pack_for_year

    loaded = []
    for path in config.packs:
        pack = load_pack_file(path)
        loaded.append((pack, builtin_pack(pack.extends) if pack.extends else None))

    def choose(year: int | None) -> Pack:
        for pack, parent in loaded:
            if pack.covers(year):
                return pack
            if pack.years == (None, None) and parent is not None and (
                    parent.covers(year) or parent.years == (None, None)):
                return pack
        return pack_for_year(year)

    return choose
