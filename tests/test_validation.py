"""One validation layer for packs, configuration and waivers; the pack in force words every diagnostic."""

from __future__ import annotations

import importlib
import json
import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from conftest import EXAMPLES, ROOT, cli

from linter.validation import InputError, build, load_yaml

WRONG_TOTAL = ROOT / "tests" / "fixtures" / "formats" / "report-wrong-total.txt"


def run(capsys, *args) -> tuple[int, str, str]:
    return cli(capsys, "check", *args)


class Schema(NamedTuple):
    name: str
    sizes: tuple[int, ...] = ()
    flag: bool = False


def test_build_converts_and_refuses_with_one_line_path_key_problem():
    assert build("f.yaml", Schema, {"name": "a", "sizes": [1, 2], "flag": True}) == Schema("a", (1, 2), True)
    for raw, fragment in (({"name": "a", "bogus": 1}, "f.yaml: bogus: 未知键"),
                          ({"sizes": [1]}, "f.yaml: 缺少键：name"),
                          ({"name": "a", "sizes": [1, "x"]}, "f.yaml: sizes[1]: 类型不对"),
                          ({"name": "a", "flag": "yes"}, "f.yaml: flag: 类型不对"),
                          (["a"], "f.yaml: 应是映射")):
        with pytest.raises(InputError) as error:
            build("f.yaml", Schema, raw)
        assert str(error.value).startswith(fragment) and "\n" not in str(error.value)


@pytest.mark.parametrize("schema, raw, fragment", [
    ("linter.config:ConfigFile", {"year": 3000}, "1990–2100"),
    ("linter.checks.citations:MissingFormatParams", {"relayed-severity": "fatal"}, "relayed-severity"),
    ("linter.checks.dates:WindowParams", {"department-late-severity": "fatal"}, "department-late-severity"),
    ("linter.checks.placeholders:PlaceholderParams", {"patterns": ["(unclosed"]}, "正则表达式"),
    ("linter.suppressions:WaiverEntry", {"file": "r.txt", "code": "T301", "text": "15", "reason": " "}, "reason 为空"),
])
def test_a_schemas_own_validation_is_the_same_one_line_error(schema, raw, fragment):
    module, name = schema.split(":")
    cls = getattr(importlib.import_module(module), name)
    with pytest.raises(InputError) as error:
        build("p.yaml", cls, raw)
    assert str(error.value).startswith("p.yaml: ") and fragment in str(error.value)
    fine = {key: "已核实" if key == "reason" else value for key, value in raw.items()} if "reason" in raw else {}
    assert build("p.yaml", cls, fine) == cls(**{key.replace("-", "_"): value for key, value in fine.items()})


def test_error_messages_show_only_a_short_excerpt():
    with pytest.raises(InputError) as error:
        build("f.yaml", Schema, {"name": "x" * 10_000, "flag": "y" * 10_000})
    assert len(str(error.value)) < 200


def test_yaml_aliases_are_refused_before_they_expand():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))
    with pytest.raises(InputError, match="别名"):
        load_yaml("c.yaml", bomb)
    assert load_yaml("c.yaml", "a: [1, 2]\n") == {"a": [1, 2]}


def test_config_anchor_bomb_is_one_short_line_exit_2(tmp_path, capsys):
    shutil.copy(EXAMPLES / "2024-yunxi-transport.txt", tmp_path / "r.txt")
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    (tmp_path / ".nianbao-lint.yaml").write_text("\n".join(lines) + "\nyear: *a8\n", encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "r.txt")
    assert code == 2 and "别名" in err and len(err) < 300 and "Traceback" not in err


@pytest.mark.parametrize("key", ["packs", "waivers"])
def test_files_outside_the_configuration_folder_are_not_read(tmp_path, capsys, key):
    project = tmp_path / "project"
    project.mkdir()
    secret = tmp_path / "credentials"
    secret.write_text("aws_secret_access_key: abc123\n", encoding="utf-8")
    shutil.copy(EXAMPLES / "2024-yunxi-transport.txt", project / "r.txt")
    value = "[../credentials]" if key == "packs" else "../credentials"
    (project / ".nianbao-lint.yaml").write_text(f"{key}: {value}\n", encoding="utf-8")
    code, _, err = run(capsys, project / "r.txt")
    assert code == 2 and "不在配置文件所在的文件夹" in err
    assert "aws_secret_access_key" not in err and "abc123" not in err


def test_waiver_schema_errors_name_the_entry(tmp_path, capsys):
    shutil.copy(WRONG_TOTAL, tmp_path / "r.txt")
    waivers = tmp_path / ".nianbao-lint-waivers.yaml"
    waivers.write_text("waivers:\n  - {file: r.txt, code: T301, text: '15', reason: ''}\n", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "r.txt")
    assert code == 2 and "waivers[0]" in err and "reason" in err
    waivers.write_text("waivers:\n  - {file: r.txt, code: T301, text: '15', reason: 已核实, extra: 1}\n", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "r.txt")
    assert code == 2 and "waivers[0].extra: 未知键" in err


def test_a_user_pack_words_and_grades_stage_raised_rules(tmp_path, capsys):
    """R010 and T305 are raised by stages, not checks, yet take severity and wording from the pack in force."""
    for year in ("2023", "2024"):
        shutil.copy(EXAMPLES / "crossyear" / f"{year}.txt", tmp_path / f"{year}.txt")
    text = (tmp_path / "2024.txt").read_text(encoding="utf-8")
    (tmp_path / "2024.md").write_text("<!-- nianbao-lint: disable-file=K999 原因：无 -->\n" + text, encoding="utf-8")
    (tmp_path / "2024.txt").unlink()
    (tmp_path / "province.yaml").write_text(
        "name: province\nextends: format-2021\nrules:\n"
        "  - code: R010\n    severity: error\n"
        "    message: {inline: '多余的抑制：{codes}', waiver: '多余的豁免：{codes}'}\n"
        "  - code: T305\n    severity: error\n    message: '跨年度结转不一致（{column}）'\n", encoding="utf-8")
    (tmp_path / ".nianbao-lint.yaml").write_text("packs: [province.yaml]\n", encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", tmp_path)
    diagnostics = {d["code"]: d for f in json.loads(out)["files"] for d in f["diagnostics"]}
    assert diagnostics["R010"]["severity"] == "error" and diagnostics["R010"]["message"] == "多余的抑制：K999"
    assert diagnostics["T305"]["severity"] == "error" and diagnostics["T305"]["message"].startswith("跨年度结转不一致（")
    assert code == 1
    (tmp_path / ".nianbao-lint.yaml").unlink()
    code, out, _ = run(capsys, "--format", "json", tmp_path)
    diagnostics = {d["code"]: d for f in json.loads(out)["files"] for d in f["diagnostics"]}
    assert diagnostics["R010"]["severity"] == "warning" and diagnostics["T305"]["severity"] == "warning"


def test_every_template_of_every_pack_renders_with_its_declared_arguments():
    from linter.checks import load_check_types
    from linter.packs import BUILTIN_PACKS, builtin_pack
    from linter.stages import STAGE_RULES

    checks = load_check_types()
    for name in BUILTIN_PACKS:
        for rule in builtin_pack(name).rules.values():
            declared = checks[rule.check].messages if rule.check else STAGE_RULES[rule.code].messages
            assert set(rule.messages) == set(declared), rule.code
            for variant, template in rule.messages.items():
                rendered = rule.format(variant, {arg: f"<{arg}>" for arg in declared[variant]})
                assert "{" not in rendered and all(f"<{arg}>" in rendered for arg in declared[variant]
                                                    if f"{{{arg}}}" in template), (rule.code, variant)


def test_checks_build_no_chinese_sentences():
    """User-facing wording lives in the packs: check modules hold data (labels, patterns), not sentences."""
    import re

    sentence = re.compile(r"[\u4e00-\u9fff][^\"'\n]*[，。；：！？][^\"'\n]*[\u4e00-\u9fff]")
    for module in (Path(ROOT) / "linter" / "checks").glob("*.py"):
        for number, line in enumerate(module.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            for prefix, text in re.findall(r"\b([rbfRBF]*)\"([^\"]*)\"", code):
                if "r" in prefix.lower() or re.search(r"\(\?|\||\[", text):
                    continue  # a regular expression: what the check looks for, not what it says
                assert not sentence.search(text), f"{module.name}:{number}: {text}"


def test_a_waiver_file_is_read_again_once_it_changes_and_its_marks_are_fresh_each_time(tmp_path):
    """Read once while unchanged (every file of a batch asks), but an edit — in a long-lived ``serve`` —
    is seen, a broken file fails every time, and no file's used marks carry over to the next."""
    import os

    from linter.config import ConfigError
    from linter.suppressions import load_waivers

    path = tmp_path / ".nianbao-lint-waivers.yaml"
    path.write_text("- {file: a.txt, code: t301, text: '15', reason: 已核实}\n", encoding="utf-8")
    first = load_waivers(str(path))
    first.entries[0].used = True
    assert [(w.code, w.used) for w in load_waivers(str(path)).entries] == [("T301", False)]
    path.write_text("- {file: a.txt, code: N701, text: '21', reason: 口径不同}\n"
                    "- {file: b.txt, code: K501, text: 电话, reason: 统一发布}\n", encoding="utf-8")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))  # a different stamp even on a coarse clock
    assert [w.code for w in load_waivers(str(path)).entries] == ["N701", "K501"]
    path.write_text("- {file: a.txt}\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError, match="缺少键"):
            load_waivers(str(path))
