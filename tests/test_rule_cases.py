"""Each rule's firing and silent cases, as data (``tests/cases/<CODE>.yaml``).

A case starts from an example report (or inline ``text``), applies literal
replacements, lints the result and compares the lines where the rule fired with
``expect`` (an empty list means the rule must stay silent).  ``pytest -k T303``
runs one rule's cases.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES, ROOT, lint_text

from linter.packs import all_rules

CASES_DIR = Path(__file__).parent / "cases"


def _load_cases():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{data['rule']}-{case['name']}")


def _args(case: dict) -> list[str]:
    return [arg.format(root=ROOT) for arg in case.get("args", [])]


def _build_text(case: dict) -> str:
    text = case["text"] if "text" in case else (EXAMPLES / case["base"]).read_text(encoding="utf-8")
    for old, new in case.get("replace", []):
        assert old in text, f"case text to replace not found: {old!r}"
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize("code, case", list(_load_cases()))
def test_rule_case(tmp_path, code, case):
    if "files" in case:  # several reports linted together (cross-year rules)
        for name, spec in case["files"].items():
            (tmp_path / name).write_text(_build_text(spec), encoding="utf-8")
        exit_code, data = lint_text(tmp_path, None, ".", *_args(case))
        data["files"] = [f for f in data["files"] if f["path"].endswith(case["target"])]
    elif "bytes" in case:  # raw bytes, written as given (latin-1 maps each char to one byte)
        path = tmp_path / case.get("filename", "report.txt")
        path.write_bytes(case["bytes"].encode("latin-1"))
        exit_code, data = lint_text(tmp_path, None, path.name, *_args(case))
    else:
        exit_code, data = lint_text(tmp_path, _build_text(case), case.get("filename", "report.txt"), *_args(case))
    hits = [d for d in data["files"][0]["diagnostics"] if d["code"] == code]
    assert sorted(d["line"] for d in hits) == sorted(case["expect"]), [d["message"] for d in hits]
    for fragment in case.get("message_contains", []):
        assert any(fragment in d["message"] for d in hits), (fragment, [d["message"] for d in hits])
    if hits and code == "R001":
        assert exit_code == 2
    elif hits and hits[0]["severity"] == "error":
        assert exit_code == 1


def test_every_rule_has_firing_and_silent_cases():
    covered: dict[str, set[str]] = {}
    for path in CASES_DIR.glob("*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kinds = covered.setdefault(data["rule"], set())
        for case in data["cases"]:
            kinds.add("fires" if case["expect"] else "silent")
    missing = {code: {"fires", "silent"} - covered.get(code, set()) for code in all_rules()}
    assert {code: sorted(kinds) for code, kinds in missing.items() if kinds} == {}
