"""Write ``docs/rules.md`` and the README's rule table from the rule packs and the rule cases.

    python docs/make_rules_doc.py          # rewrite both
    python docs/make_rules_doc.py --check  # exit 1 if either is stale (the test suite runs this)

Every rule's code, name, severity in each built-in pack, message templates, documentation
and related locations come from ``rules/*.yaml``; its firing and silent examples are its
cases in ``tests/cases/<CODE>.yaml``, linted here so that the message shown is the one the
linter really gives.  Nothing in either file is written by hand.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import sys
import tempfile
from contextlib import redirect_stdout
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.cli import main  # noqa: E402
from linter.packs import BUILTIN_PACKS, Rule, all_rules, builtin_pack  # noqa: E402

RULES_DOC = ROOT / "docs" / "rules.md"
README = ROOT / "README.md"
CASES = ROOT / "tests" / "cases"
EXAMPLES = ROOT / "examples"
TABLE_BEGIN, TABLE_END = "<!-- rules:begin (docs/make_rules_doc.py) -->", "<!-- rules:end -->"
_SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}
_EXCERPT = 60


def _severities(code: str) -> dict[str, str]:
    """Severity (or 关闭) of a rule in each built-in pack."""
    out = {}
    for name in BUILTIN_PACKS:
        rule = builtin_pack(name).rules.get(code)
        if rule is not None:
            out[name] = _SEVERITY[rule.severity.value] if rule.enabled else "关闭"
    return out


def _short(text: str) -> str:
    text = text.replace("\t", " ⇥ ").replace("\n", " ⏎ ")
    return text if len(text) <= _EXCERPT else text[: _EXCERPT - 1] + "…"


def _lint_case(case: dict) -> list[dict]:
    """Lint one case as the case runner does; the diagnostics of its file, as JSON."""
    import yaml  # noqa: F401  (the cases are YAML; imported by the caller)

    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        args = [arg.format(root=ROOT) for arg in case.get("args", [])]
        if "files" in case:
            for name, spec in case["files"].items():
                (tmp / name).write_text(_build_text(spec), encoding="utf-8")
            target = tmp
        elif "bytes" in case:
            target = tmp / case.get("filename", "report.txt")
            target.write_bytes(case["bytes"].encode("latin-1"))
        else:
            target = tmp / case.get("filename", "report.txt")
            target.write_text(_build_text(case), encoding="utf-8")
        out = io.StringIO()
        with redirect_stdout(out):
            main(["check", "--format", "json", "--isolated", *args, str(target)])
        files = json.loads(out.getvalue())["files"]
        if "files" in case:
            files = [f for f in files if f["path"].endswith(case["target"])]
        diagnostics = files[0]["diagnostics"]
        for diagnostic in diagnostics:  # paths inside the temporary folder, as the user would write them
            diagnostic["message"] = diagnostic["message"].replace(f"{tmp}/", "")
        return diagnostics


def _build_text(case: dict) -> str:
    text = case["text"] if "text" in case else (EXAMPLES / case["base"]).read_text(encoding="utf-8")
    for old, new in case.get("replace", []):
        text = text.replace(old, new, 1)
    return text


def _describe(case: dict) -> str:
    """What the case does to its starting report, in a few words."""
    if "bytes" in case:
        return f"文件内容为字节 `{_short(repr(case['bytes']))}`"
    if "files" in case:
        return "同时检查 " + "、".join(f"`{name}`" for name in case["files"])
    start = f"`examples/{case['base']}`" if "base" in case else f"文本 `{_short(case['text'])}`"
    edits = "；".join(f"把“{_short(old)}”改为“{_short(new)}”" for old, new in case.get("replace", []))
    return f"{start}{'，' + edits if edits else '（原样）'}"


def _examples(code: str) -> list[str]:
    import yaml

    path = CASES / f"{code}.yaml"
    if not path.is_file():
        return []
    lines = []
    for case in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]:
        hits = [d for d in _lint_case(case) if d["code"] == code]
        if case["expect"]:
            said = "；".join(f"第{d['line']}行：{d['message']}" for d in hits[:2])
            lines.append(f"- 报告（`{case['name']}`）：{_describe(case)} → {said}")
        else:
            lines.append(f"- 不报告（`{case['name']}`）：{_describe(case)}")
    return lines


def rule_section(rule: Rule) -> str:
    severities = "；".join(f"{pack} {level}" for pack, level in _severities(rule.code).items())
    raised = f"检查类型 `{rule.check}`" if rule.check else f"由 {rule.stage} 阶段产生"
    parts = [f"## {rule.code} {rule.name}", "", f"级别：{severities}。{raised}。", ""]
    parts += ["消息："] + [f"- `{variant}`：{template}" if len(rule.messages) > 1 else f"- {template}"
                          for variant, template in rule.messages.items()]
    if rule.related:
        parts += ["", "关联位置：" + "、".join(rule.related.values())]
    parts += ["", rule.doc.rstrip(), "", "测试用例中的例子：", *_examples(rule.code), ""]
    return "\n".join(parts)


def rules_doc() -> str:
    header = ("# 规则\n\n"
              "本文件由 `python docs/make_rules_doc.py` 从规则包（`rules/*.yaml`）和规则测试用例（`tests/cases/`）生成，"
              "请勿手工修改。`nianbao-lint rule CODE` 在命令行显示同样的说明。\n")
    return header + "\n" + "\n".join(rule_section(rule) for rule in all_rules().values())


def rules_table() -> str:
    rows = ["| 代码 | 名称 | 级别（2019–2020 / 2021 起） | 说明 |", "|---|---|---|---|"]
    for rule in all_rules().values():
        levels = _severities(rule.code)
        level = f"{levels.get('format-2019', '')} / {levels.get('format-2021', '')}"
        summary = rule.doc.strip().splitlines()[0].replace("|", "\\|")
        rows.append(f"| [{rule.code}](docs/rules.md#{rule.code.lower()}-{rule.name}) | {rule.name} | {level} | {summary} |")
    return "\n".join(rows)


def readme_with_table(readme: str) -> str:
    pattern = re.compile(re.escape(TABLE_BEGIN) + r".*?" + re.escape(TABLE_END), re.S)
    if not pattern.search(readme):
        raise SystemExit(f"README.md has no {TABLE_BEGIN} … {TABLE_END} markers")
    return pattern.sub(lambda _: f"{TABLE_BEGIN}\n{rules_table()}\n{TABLE_END}", readme)


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only report whether the files are up to date")
    check = parser.parse_args(argv).check
    wanted = {RULES_DOC: rules_doc(), README: readme_with_table(README.read_text(encoding="utf-8"))}
    stale = [path for path, text in wanted.items() if not path.is_file() or path.read_text(encoding="utf-8") != text]
    if check:
        for path in stale:
            print(f"{path.relative_to(ROOT)} is stale: run python docs/make_rules_doc.py")
        return 1 if stale else 0
    for path in stale:
        path.write_text(wanted[path], encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main_())
