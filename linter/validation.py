"""One validation layer for every file a user hands the linter besides reports.

Rule packs, configuration files, waiver files and baselines are read here and checked
against a schema written as a named tuple: field names are the keys (``_`` for ``-``),
type hints the allowed values, defaults make a key optional, and a ``validate`` method
raising ``ValueError`` checks what types cannot say.  Every problem is an
:class:`InputError` with one line ``path: key: problem``; the command line turns it
into exit code 2.  Values are echoed only as short excerpts, and YAML aliases are
refused, so a hostile or mistaken file (a credentials file named as a pack, an anchor
bomb) can neither flood the terminal nor leak its content.
"""

from __future__ import annotations

import types
import typing
from typing import Any, Literal, NoReturn, TypeVar

T = TypeVar("T")
EXCERPT = 40  # characters of a value shown in an error message
MAX_YAML_BYTES = 1024 * 1024  # configuration, packs and waivers are a few kilobytes


class InputError(Exception):
    """A malformed pack, configuration, waiver file or baseline: one line naming file and key."""


def fail(where: str, problem: str, error: type[InputError] = InputError) -> NoReturn:
    raise error(f"{where}: {problem}")


def excerpt(value: Any) -> str:
    """A value as an error message may show it: ``repr``, cut to a few dozen characters."""
    text = repr(value)
    return text if len(text) <= EXCERPT else text[: EXCERPT - 1] + "…"


def read_text(path: str, what: str, error: type[InputError] = InputError) -> str:
    """A small UTF-8 file (``what``: 配置文件, 规则包 …), bounded: never a device, never megabytes."""
    from linter.readers import ReadError, read_file

    try:
        data, _ = read_file(path, MAX_YAML_BYTES)
        return data.decode("utf-8-sig")
    except ReadError as exc:
        fail(path, f"无法读取{what}（{exc}）", error)
    except UnicodeDecodeError:
        fail(path, f"无法读取{what}：不是 UTF-8 文本", error)


def load_yaml(path: str, text: str, error: type[InputError] = InputError) -> Any:
    """Parse YAML safely: no aliases (anchor bombs), bounded size, errors with the line number."""
    import yaml  # here, not at import: a run whose packs come from the cache reads no YAML at all

    if len(text) > MAX_YAML_BYTES:
        fail(path, f"文件过大（{len(text) // 1024} KB），不像是配置或规则包", error)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's loader is several times faster
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.AliasEvent):
                mark = event.start_mark
                fail(f"{path}:{mark.line + 1}" if mark else path, "不支持 YAML 别名（*引用）；请把内容直接写出", error)
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = str(getattr(exc, "problem", None) or "无法解析")
        fail(f"{path}:{mark.line + 1}" if mark else path, f"YAML 语法错误：{problem[:EXCERPT * 2]}", error)


def key_name(attr: str) -> str:
    return attr.replace("_", "-")


def child(where: str, key: object) -> str:
    """``path`` + key → ``path: key``; ``path: a`` + key → ``path: a.key`` (list items as ``a[0]``)."""
    if isinstance(key, int):
        return f"{where}[{key}]"
    name = str(key)[:EXCERPT]
    return f"{where}.{name}" if ": " in where else f"{where}: {name}"


def type_name(hint: Any) -> str:
    """How a type hint reads in an error message."""
    origin = typing.get_origin(hint)
    if origin is Literal:
        return " 或 ".join(str(v) for v in typing.get_args(hint))
    if origin in (typing.Union, types.UnionType):
        return " 或 ".join(type_name(a) for a in typing.get_args(hint) if a is not type(None))
    if origin in (list, tuple):
        return f"{type_name(typing.get_args(hint)[0])} 的列表"
    if origin is dict:
        key, value = typing.get_args(hint)
        return f"{{{type_name(key)}: {type_name(value)}}} 映射"
    if is_schema(hint):
        return "映射"
    return {int: "整数", str: "文本", bool: "true 或 false", float: "数字"}.get(hint, getattr(hint, "__name__", str(hint)))


def convert(where: str, value: Any, hint: Any, error: type[InputError] = InputError) -> Any:
    """``value`` checked against ``hint`` (lists become tuples, mappings of a schema become one)."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        for arg in typing.get_args(hint):
            try:
                return convert(where, value, arg, error)
            except InputError:
                continue
        fail(where, f"类型不对，应为 {type_name(hint)}（现为 {excerpt(value)}）", error)
    if hint is type(None):
        if value is None:
            return None
    elif origin is Literal:
        if value in typing.get_args(hint):
            return value
        fail(where, f"{excerpt(value)} 不是 {type_name(hint)}", error)
    elif origin in (list, tuple):
        if isinstance(value, list):
            item = typing.get_args(hint)[0]
            return tuple(convert(child(where, i), v, item, error) for i, v in enumerate(value))
    elif origin is dict:
        if isinstance(value, dict):
            key_hint, value_hint = typing.get_args(hint)
            return {convert(where, k, key_hint, error): convert(child(where, k), v, value_hint, error)
                    for k, v in value.items()}
    elif is_schema(hint):
        return build(where, hint, value, error)
    elif hint is int:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif hint is float:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value
    elif isinstance(value, hint):
        return value
    fail(where, f"类型不对，应为 {type_name(hint)}（现为 {excerpt(value)}）", error)


def is_schema(hint: Any) -> bool:
    """A named tuple class: its fields are the keys, its defaults make them optional."""
    return isinstance(hint, type) and issubclass(hint, tuple) and hasattr(hint, "_fields")


def build(where: str, cls: type[T], raw: Any, error: type[InputError] = InputError) -> T:
    """An instance of the schema ``cls`` from a mapping whose keys are its fields (``-`` for ``_``).

    Unknown keys, missing required keys and values of the wrong type are refused; a
    ``ValueError`` from the schema's own ``validate`` becomes the same one-line error.
    """
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        fail(where, f"应是映射（键: 值），现为 {excerpt(raw)}", error)
    hints = typing.get_type_hints(cls)
    schema: Any = cls  # a named tuple class
    fields: tuple[str, ...] = schema._fields
    defaults: dict[str, Any] = schema._field_defaults
    values: dict[str, Any] = {}
    for key, value in raw.items():
        attr = str(key).replace("-", "_")
        if attr not in fields or not isinstance(key, str):
            known = "、".join(key_name(f) for f in fields) or "（无）"
            fail(child(where, key), f"未知键；可用键：{known}", error)
        values[attr] = convert(child(where, key), value, hints[attr], error)
    missing = [key_name(name) for name in fields if name not in values and name not in defaults]
    if missing:
        fail(where, f"缺少键：{'、'.join(missing)}", error)
    instance = cls(**values)
    validate = getattr(instance, "validate", None)
    if validate is not None:
        try:
            validate()
        except ValueError as exc:
            fail(where, str(exc), error)
    return instance
