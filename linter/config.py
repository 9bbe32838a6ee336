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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import yaml

from linter.diagnostics import Severity

YAML_NAME = ".nianbao-lint.yaml"
PYPROJECT = "pyproject.toml"
KEYS = ("select", "ignore", "per-file-ignores", "year", "severity", "packs", "allow-inline-suppressions", "waivers")
WAIVERS_NAME = ".nianbao-lint-waivers.yaml"


class ConfigError(Exception):
    """A bad configuration file; the message is one line naming file and key."""


@dataclass(frozen=True)
class Config:
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
        return Path(self.path).resolve().parent if self.path else Path.cwd()

    def ignores_for(self, file: str) -> tuple[str, ...]:
        """Codes ignored for ``file`` by ``per-file-ignores`` (globs relative to the config's folder)."""
        try:
            relative = Path(file).resolve().relative_to(self.root).as_posix()
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


def _fail(path: str, key: str, message: str) -> ConfigError:
    return ConfigError(f"{path}: {key}: {message}")


def _codes(path: str, key: str, value: Any) -> tuple[str, ...]:
    from linter.selection import parse_codes

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _fail(path, key, "应为代码或前缀的列表，如 [T3, S101]")
    return parse_codes(tuple(value))


def parse(path: str, data: Any) -> Config:
    """Validate a configuration mapping read from ``path``."""
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 配置应是一个映射（键: 值）")
    for key in data:
        if key not in KEYS:
            raise _fail(path, str(key), f"未知配置键；可用键：{'、'.join(KEYS)}")
    base = Path(path).resolve().parent
    values: dict[str, Any] = {"path": str(Path(path).resolve())}
    if "select" in data:
        values["select"] = _codes(path, "select", data["select"])
    if "ignore" in data:
        values["ignore"] = _codes(path, "ignore", data["ignore"])
    if "per-file-ignores" in data:
        raw = data["per-file-ignores"]
        if not isinstance(raw, dict):
            raise _fail(path, "per-file-ignores", "应为 {文件通配符: [代码, …]} 映射")
        values["per_file_ignores"] = tuple(
            (str(glob), _codes(path, f"per-file-ignores.{glob}", codes)) for glob, codes in raw.items())
    if "year" in data:
        year = data["year"]
        if not isinstance(year, int) or isinstance(year, bool) or not 1990 <= year <= 2100:
            raise _fail(path, "year", f"{year!r} 不是 1990–2100 之间的年份")
        values["year"] = year
    if "severity" in data:
        raw = data["severity"]
        if not isinstance(raw, dict):
            raise _fail(path, "severity", "应为 {代码: error|warning|info} 映射")
        severities = []
        for code, level in raw.items():
            try:
                severities.append((str(code).upper(), Severity(level)))
            except ValueError:
                raise _fail(path, f"severity.{code}", f"{level!r} 不是 error/warning/info") from None
        values["severity"] = tuple(severities)
    if "packs" in data:
        raw = data["packs"]
        if not isinstance(raw, list) or not all(isinstance(p, str) for p in raw):
            raise _fail(path, "packs", "应为规则包文件路径的列表")
        packs = []
        for item in raw:
            pack_path = (base / item).resolve()
            if not pack_path.is_file():
                raise _fail(path, "packs", f"规则包文件 {item} 不存在")
            packs.append(str(pack_path))
        values["packs"] = tuple(packs)
    if "allow-inline-suppressions" in data:
        if not isinstance(data["allow-inline-suppressions"], bool):
            raise _fail(path, "allow-inline-suppressions", "应为 true 或 false")
        values["allow_inline_suppressions"] = data["allow-inline-suppressions"]
    waivers = data.get("waivers")
    if waivers is not None and not isinstance(waivers, str):
        raise _fail(path, "waivers", "应为豁免文件的路径")
    default_waivers = base / WAIVERS_NAME
    if waivers:
        values["waivers"] = str((base / waivers).resolve())
    elif default_waivers.is_file():
        values["waivers"] = str(default_waivers)
    return Config(**values)


def _load_toml(path: Path) -> dict | None:
    try:
        import tomllib  # Python 3.11+
    except ModuleNotFoundError:  # pragma: no cover - Python 3.10
        try:
            import tomli as tomllib  # type: ignore[no-redef]
        except ModuleNotFoundError:
            raise ConfigError(f"{path}: 读取 pyproject.toml 需要 Python 3.11 或安装 tomli") from None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: 无法读取（{exc}）") from None
    return data.get("tool", {}).get("nianbao-lint")


def load_file(path: str) -> Config:
    """Read one configuration file (either kind)."""
    file = Path(path)
    if file.name == PYPROJECT:
        section = _load_toml(file)
        return parse(path, section or {})
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: 配置文件不存在") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: 无法读取（{exc}）") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else path
        raise ConfigError(f"{where}: YAML 语法错误：{getattr(exc, 'problem', exc)}") from None
    return parse(path, data)


def _find_in(directory: str) -> str | None:
    folder = Path(directory)
    candidate = folder / YAML_NAME
    if candidate.is_file():
        return str(candidate)
    pyproject = folder / PYPROJECT
    if pyproject.is_file() and _load_toml(pyproject) is not None:
        return str(pyproject)
    return None


def find_config(file: str) -> str | None:
    """The nearest configuration file walking up from ``file``'s folder."""
    start = Path(file if file != "-" else os.getcwd()).resolve()
    folder = start if start.is_dir() else start.parent
    for directory in (folder, *folder.parents):
        found = _find_in(str(directory))
        if found:
            return found
    return None


@dataclass
class Resolver:
    """Configuration per linted file, honouring ``--config`` and ``--isolated``."""

    override: str | None = None
    isolated: bool = False
    _cache: dict[str | None, Config] = field(default_factory=dict)

    def for_file(self, file: str) -> Config:
        if self.isolated:
            return Config()
        path = self.override or find_config(file)
        if path not in self._cache:
            self._cache[path] = load_file(path) if path else Config()
        return self._cache[path]


def pack_chooser(config: Config) -> Callable[[int | None], Any] | None:
    """For ``packs:`` — pick the user pack for a report year, else the built-in one."""
    if not config.packs:
        return None
    from linter.packs import builtin_pack, load_pack_file, pack_for_year

    loaded = []
    for path in config.packs:
        pack = load_pack_file(path)
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        extends = data.get("extends")
        loaded.append((pack, builtin_pack(extends) if isinstance(extends, str) else None))

    def choose(year: int | None):
        for pack, parent in loaded:
            if pack.covers(year):
                return pack
            if pack.years == (None, None) and parent is not None and (
                    parent.covers(year) or parent.years == (None, None)):
                return pack
        return pack_for_year(year)

    return choose
