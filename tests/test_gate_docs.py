"""docs/ci.md: the jobs it shows use options that exist, and produce what the CI systems consume."""

from __future__ import annotations

import json
import re
import shlex

import pytest
import yaml
from conftest import EXAMPLES, ROOT

from linter.cli import main

DOC = ROOT / "docs" / "ci.md"


def _yaml_blocks() -> list[dict]:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)]


def _commands() -> list[list[str]]:
    commands = []
    for line in re.findall(r"nianbao-lint check [^\n`]*", DOC.read_text(encoding="utf-8")):
        commands.append(shlex.split(line.split(">")[0].split("#")[0]))
    return commands


def test_doc_yaml_blocks_parse_and_name_the_right_steps():
    blocks = _yaml_blocks()
    github = next(b for b in blocks if isinstance(b, dict) and "jobs" in b)
    steps = github["jobs"]["nianbao-lint"]["steps"]
    assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif") for s in steps)
    gitlab = next(b for b in blocks if isinstance(b, dict) and "nianbao-lint" in b)
    assert gitlab["nianbao-lint"]["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_doc_commands_produce_consumable_output(fmt, capsys, tmp_path):
    command = next(c for c in _commands() if "--format" in c and fmt in c)
    args = [a if a != "reports/" else str(EXAMPLES / "crossyear") for a in command[2:]]
    capsys.readouterr()
    main(["check", *args])
    data = json.loads(capsys.readouterr().out)
    if fmt == "sarif":
        assert data["version"] == "2.1.0" and data["runs"][0]["results"]
    else:
        assert data and all({"description", "check_name", "fingerprint", "severity", "location"} <= set(i) for i in data)


def test_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "nianbao-lint")
    assert hook["entry"] == "nianbao-lint check" and hook["language"] == "python"
    assert re.search(hook["files"], "年报.docx") and not re.search(hook["files"], "a.py")
