"""Load and validate YAML rule packs.

A pack names check types (or the stage that raises a rule, :mod:`linter.stages`)
and gives each rule its code, name, severity, Chinese message templates (one per
variant the check declares), the labels of its related locations, documentation
and parameters.  ``base`` holds every rule; the
format packs (``format-2021``, ``format-2019``) extend it, declare the years and
table layout they cover and override what differs.  Every problem in a pack is a
:class:`PackError` whose message names the file and the offending key.
"""

import re
import string
import typing
from functools import lru_cache
from typing import Any, NamedTuple

from linter.checks import DEFAULT, Check, load_check_types
from linter.data import read_data
from linter.diagnostics import Severity
from linter.form import LayoutName
from linter.stages import STAGE_RULES
from linter.validation import InputError, build, excerpt, load_yaml, read_text

BUILTIN_PACKS = ("base", "format-2019", "format-2021")
_CODE = re.compile(r"^[RSTCKDN]\d{3}$")
_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_PACK_KEYS = {"name", "description", "extends", "layout", "years", "rules"}
_RULE_KEYS = {"code", "name", "check", "stage", "severity", "message", "related", "doc", "params", "enabled"}


class PackError(InputError):
    """A malformed rule pack; the message is one line naming file and key."""


class Rule(NamedTuple):
    code: str
    name: str
    check: str | None  # the check type; None for a rule raised by a stage
    severity: Severity
    messages: dict[str, str]  # variant -> template
    doc: str
    params: Any
    enabled: bool
    related: dict[str, str]  # role -> label of a related location
    stage: str | None  # the stage that raises it, for a rule without a check

    @property
    def message(self) -> str:
        """The template of the default (or first) variant, for listings."""
        return self.messages.get(DEFAULT) or next(iter(self.messages.values()))

    def instantiate(self) -> Check:
        """A new check for the rule (a pack makes one per rule: :meth:`Pack.check_of`)."""
        assert self.check is not None, f"{self.code} is raised by the {self.stage} stage"
        return load_check_types()[self.check](self.params)

    def format(self, variant: str, args: typing.Mapping[str, Any]) -> str:
        return self.messages[variant].format_map(args)


class Pack(NamedTuple):
    name: str
    description: str
    extends: str | None
    layout: LayoutName | None
    years: tuple[int | None, int | None]
    rules: dict[str, Rule]  # filled in as the pack's entries are read
    checks: dict[str, Check]  # the rules' checks, each made on first use

    def check_of(self, rule: Rule) -> Check:
        """The check of one of the pack's rules, made once (checks keep no state between reports)."""
        made = self.checks.get(rule.code)
        if made is None:
            made = self.checks[rule.code] = rule.instantiate()
        return made

    def covers(self, year: int | None) -> bool:
        low, high = self.years
        if year is None or (low is None and high is None):
            return False  # a pack without years (base) is never picked by year
        return (low is None or year >= low) and (high is None or year <= high)


def _fail(where: str, message: str) -> typing.NoReturn:
    raise PackError(f"{where}: {message}")


def _read_yaml(path: str, text: str) -> dict:
    data = load_yaml(path, text, PackError)
    if not isinstance(data, dict):
        _fail(path, "规则包应是一个 YAML 映射（键: 值）")
    return data


def _convert_params(where: str, check_cls: type[Check], raw: Any) -> Any:
    return build(f"{where}.params", check_cls.Params, raw, PackError)


def _declared(merged: dict[str, Any]) -> tuple[typing.Mapping[str, tuple[str, ...]], tuple[str, ...]]:
    """The message variants (with their placeholders) and related roles the check or stage provides."""
    if merged.get("check") is not None:
        check_cls = load_check_types()[merged["check"]]
        return check_cls.messages, check_cls.related_roles
    stage_rule = STAGE_RULES[merged["code"]]
    return stage_rule.messages, stage_rule.related_roles


def _messages(where: str, raw: Any, variants: typing.Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Message templates, one per variant, each using only the placeholders its variant provides."""
    if isinstance(raw, str):
        raw = {DEFAULT: raw}
    if not isinstance(raw, dict) or not raw or not all(isinstance(k, str) and isinstance(v, str) for k, v in raw.items()):
        _fail(where, "应是消息模板文本，或 {变体: 模板} 映射")
    if set(raw) != set(variants):
        names = "、".join(sorted(variants))
        _fail(where, f"消息变体应恰为：{names}（现为：{'、'.join(sorted(raw))}）" if len(variants) > 1 or DEFAULT not in variants
              else f"应是一条消息模板文本（现为变体映射：{'、'.join(sorted(raw))}）")
    for variant, template in raw.items():
        _check_template(f"{where}.{variant}" if variant != DEFAULT else where, template, variants[variant])
    return dict(raw)


def _check_template(where: str, template: str, provided: tuple[str, ...]) -> None:
    """Only named placeholders that the variant provides; no format specs, conversions or indexing,
    which could fail at run time or widen the output."""
    if not template.strip():
        _fail(where, "模板为空")
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError as exc:
        _fail(where, f"模板中的花括号不成对（{exc}）；字面花括号请写成 {{{{ 和 }}}}")
    for _, name, spec, conversion in parsed:
        if name is None:
            continue
        if not name.isidentifier():
            _fail(where, f"占位符 {{{name}}} 无效：只能是命名占位符，如 {{row}}（不能为空、不能取属性或下标）")
        if spec or conversion:
            _fail(where, f"占位符 {{{name}}} 不能带格式说明或转换（如 :>10、!r）")
        if name not in provided:
            _fail(where, f"模板占位符 {{{name}}} 不是此规则提供的值（可用：{'、'.join(provided) or '无'}）")


def _validate_rule(where: str, entry: Any, base: Rule | None) -> Rule:
    if not isinstance(entry, dict):
        _fail(where, "每条规则应是映射")
    unknown = set(entry) - _RULE_KEYS
    if unknown:
        _fail(f"{where}.{str(sorted(unknown, key=str)[0])[:40]}", f"未知键；可用键：{'、'.join(sorted(_RULE_KEYS))}")
    code = entry.get("code")
    if not isinstance(code, str) or not _CODE.match(code):
        _fail(f"{where}.code", f"规则代码 {excerpt(code)} 无效，应为一个字母（R/S/T/C/K/D/N）加三位数字")
    merged: dict[str, Any] = {}
    if base:
        merged = {k: getattr(base, k) for k in ("name", "check", "stage", "doc", "enabled")}
        merged.update(severity=base.severity.value, message=base.messages, related=base.related)
    merged.update({k: v for k, v in entry.items() if k != "params"})
    merged["code"] = code
    for key in ("name", "severity", "doc"):
        if not isinstance(merged.get(key), str) or not str(merged.get(key)).strip():
            _fail(f"{where}({code}).{key}", "缺失或不是文本")
    if not _NAME.match(merged["name"]):
        _fail(f"{where}({code}).name", f"规则名 {excerpt(merged['name'])} 应为小写英文加连字符")
    checks = load_check_types()
    if ("check" in entry) + ("stage" in entry) > 1:
        _fail(f"{where}({code})", "check 和 stage 只能有一个")
    if "check" in entry:
        merged["stage"] = None
    elif "stage" in entry:
        merged["check"] = None
    if merged.get("check") is not None and merged["check"] not in checks:
        _fail(f"{where}({code}).check", f"未知检查类型 {excerpt(merged['check'])}；可用：{'、'.join(sorted(checks))}")
    if merged.get("check") is None:
        stage_rule = STAGE_RULES.get(code)
        if stage_rule is None:
            _fail(f"{where}({code}).check", "缺失：每条规则须指定检查类型（check）")
        if merged.get("stage") != stage_rule.stage:
            _fail(f"{where}({code}).stage", f"{code} 由 {stage_rule.stage} 阶段产生，应写 stage: {stage_rule.stage}")
    try:
        severity = Severity(merged["severity"])
    except ValueError:
        _fail(f"{where}({code}).severity", f"{excerpt(merged['severity'])} 不是 error/warning/info")
    variants, roles = _declared(merged)
    messages = _messages(f"{where}({code}).message", merged.get("message"), variants)
    related = merged.get("related") or {}
    if not isinstance(related, dict) or set(related) != set(roles) or not all(
            isinstance(v, str) and v.strip() for v in related.values()):
        _fail(f"{where}({code}).related", f"应为每个关联位置命名：{'、'.join(roles)}" if roles else "此规则没有关联位置")
    if merged.get("check") is None:
        if "params" in entry:
            _fail(f"{where}({code}).params", "由阶段产生的规则没有参数")
        params = None
    elif "params" in entry or base is None:
        params = _convert_params(f"{where}({code})", checks[merged["check"]], entry.get("params"))
    else:
        same_check = base.check == merged["check"]
        params = base.params if same_check else _convert_params(f"{where}({code})", checks[merged["check"]], None)
    enabled = merged.get("enabled", True)
    if not isinstance(enabled, bool):
        _fail(f"{where}({code}).enabled", "应为 true 或 false")
    return Rule(code, merged["name"], merged.get("check"), severity, messages, merged["doc"], params, enabled,
                dict(related), merged.get("stage"))


def parse_pack(path: str, text: str, parent: Pack | None = None) -> tuple[Pack, str | None]:
    """Validate a pack's text; ``parent`` is the pack it extends (already loaded)."""
    return _parse(path, _read_yaml(path, text), parent)


def _parse(path: str, data: dict, parent: Pack | None) -> tuple[Pack, str | None]:
    unknown = set(data) - _PACK_KEYS
    if unknown:
        _fail(f"{path}: {str(sorted(unknown, key=str)[0])[:40]}", f"未知键；可用键：{'、'.join(sorted(_PACK_KEYS))}")
    name = data.get("name")
    if not isinstance(name, str) or not name:
        _fail(f"{path}: name", "缺失或不是文本")
    extends = data.get("extends")
    if extends is not None and not isinstance(extends, str):
        _fail(f"{path}: extends", "应为规则包名称")
    layout = data.get("layout", parent.layout if parent else None)
    if layout is not None:
        try:
            layout = LayoutName(layout)
        except ValueError:
            _fail(f"{path}: layout", f"{excerpt(layout)} 不是 2019 或 2021")
    years = data.get("years", {})
    if not isinstance(years, dict) or set(years) - {"from", "to"} or not all(
            isinstance(v, int) for v in years.values()):
        _fail(f"{path}: years", "应为 {from: 年份, to: 年份}")
    rules_raw = data.get("rules", [])
    if not isinstance(rules_raw, list):
        _fail(f"{path}: rules", "应为列表")
    description = data.get("description", "")
    if not isinstance(description, str):
        _fail(f"{path}: description", "应为文本")
    pack = Pack(name, description, extends, layout, (years.get("from"), years.get("to")),
                dict(parent.rules) if parent else {}, {})
    for index, entry in enumerate(rules_raw):
        where = f"{path}: rules[{index}]"
        code = entry.get("code") if isinstance(entry, dict) else None
        inherited = pack.rules.get(code) if parent and isinstance(code, str) else None  # rules are keyed by text codes
        rule = _validate_rule(where, entry, inherited)
        if rule.code in pack.rules and not parent:
            _fail(f"{where}.code", f"代码 {rule.code} 重复定义")
        pack.rules[rule.code] = rule
    return pack, extends


def builtin_pack(name: str) -> Pack:
    if name not in BUILTIN_PACKS:
        raise PackError(f"没有名为 {excerpt(name)} 的内置规则包；可用：{'、'.join(BUILTIN_PACKS)}")
    return _builtin_packs()[name]


@lru_cache(maxsize=1)
def _builtin_packs() -> dict[str, Pack]:
    """The built-in packs, validated once and kept (pickled in the user's cache folder, keyed by the
    packs' text and the linter's own code) so that a run need not parse YAML at all."""
    from linter.cache import code_fingerprint, fingerprint, load_pickle, save_pickle

    texts = {name: _builtin_text(name) for name in BUILTIN_PACKS}
    key = fingerprint(code_fingerprint(), sorted(texts.items()))
    packs = load_pickle("packs", key)
    if isinstance(packs, dict) and set(packs) == set(BUILTIN_PACKS):
        return packs
    packs = {}
    for name in BUILTIN_PACKS:  # in order: a pack's parent comes before it
        where, text = texts[name]
        data = _read_yaml(where, text)
        parent = packs[data["extends"]] if isinstance(data.get("extends"), str) else None
        packs[name] = _parse(where, data, parent)[0]
    save_pickle("packs", key, packs)
    return packs


def _builtin_text(name: str) -> tuple[str, str]:
    return f"rules/{name}.yaml", read_data("rules", f"{name}.yaml")


def load_pack_file(path: str) -> Pack:
    """A user's pack, which may extend a built-in one."""
    data = _read_yaml(path, read_text(path, "规则包", PackError))
    parent = builtin_pack(data["extends"]) if isinstance(data.get("extends"), str) else None
    return _parse(path, data, parent)[0]


def pack_for_year(year: int | None) -> Pack:
    for name in BUILTIN_PACKS:
        pack = builtin_pack(name)
        if pack.covers(year):
            return pack
    return builtin_pack("base")


AREAS = "RSTCKDN"  # read, structure, tables, citations, contact, dates, narrative


def all_rules() -> dict[str, Rule]:
    """Every rule of the built-in packs, documented by its base definition, in the order of the areas."""
    rules: dict[str, Rule] = {}
    for name in BUILTIN_PACKS:
        for code, rule in builtin_pack(name).rules.items():
            rules.setdefault(code, rule)
    return dict(sorted(rules.items(), key=lambda item: (AREAS.index(item[0][0]), item[0])))
