"""The shipped data files: the grammar builds strictly, every pack validates, bad packs are refused."""

from __future__ import annotations

import pytest

from linter.packs import BUILTIN_PACKS, PackError, builtin_pack, parse_pack
from linter.parsing.grammar import build_parser


def test_grammar_builds_with_strict_collision_checks():
    pytest.importorskip("interegular")
    build_parser(strict=True, cache=False)


@pytest.mark.parametrize("name", BUILTIN_PACKS)
def test_builtin_packs_validate(name):
    pack = builtin_pack(name)
    assert pack.rules
    for rule in pack.rules.values():
        assert rule.doc.strip() and rule.message.strip()
        assert "通过" in rule.doc and "不通过" in rule.doc


def test_format_packs_cover_their_years():
    assert builtin_pack("format-2021").covers(2024) and not builtin_pack("format-2021").covers(2020)
    assert builtin_pack("format-2019").covers(2020) and builtin_pack("format-2019").layout == "2019"


GOOD_RULE = ("  - code: T206\n    name: label-wording\n    check: label-wording\n    severity: error\n"
             "    message: \"{written}\"\n    doc: d\n")


@pytest.mark.parametrize("text, fragment", [
    ("name: p\nrules:\n  - [unclosed\n", "YAML"),
    ("- just a list\n", "映射"),
    ("name: p\nbogus: 1\nrules: []\n", "bogus"),
    ("name: p\nrules:\n" + GOOD_RULE.replace("error", "fatal"), "severity"),
    ("name: p\nrules:\n" + GOOD_RULE.replace("T206", "X1"), "code"),
    ("name: p\nrules:\n" + GOOD_RULE.replace("check: label-wording", "check: nothing"), "nothing"),
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '"{nope}"'), "nope"),
    # Templates that would fail or widen the output at run time are refused when the pack loads.
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '"{}"'), "命名占位符"),
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '"{written.x}"'), "属性"),
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '"{written:{standard}}"'), "格式说明"),
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '"{written:>400000000}"'), "格式说明"),
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '"{written!r}"'), "转换"),
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '"{written"'), "花括号"),
    ("name: p\nrules:\n" + GOOD_RULE.replace('"{written}"', '{a: "{written}"}'), "一条消息模板"),
    # A rule with variants must word every one of them, and name its related locations.
    ("name: p\nrules:\n" + GOOD_RULE.replace("T206", "T301").replace("label-wording", "row-total")
     .replace('"{written}"', '"{row}"'), "blank、default"),
    ("name: p\nrules:\n  - code: N702\n    name: narrative-sum\n    check: narrative-sum\n    severity: warning\n"
     "    message: m\n    doc: d\n", "related"),
    # Stage rules name their stage; a check rule cannot claim one.
    ("name: p\nrules:\n  - code: R010\n    name: unused\n    stage: reader\n    severity: warning\n"
     "    message: {inline: a, waiver: b}\n    doc: d\n", "suppressions"),
    ("name: p\nrules:\n" + GOOD_RULE.replace("check: label-wording", "check: label-wording\n    stage: reader"), "只能有一个"),
    ("name: p\nrules:\n" + GOOD_RULE + "    params: {x: 1}\n", "params.x"),
    ("name: p\nrules:\n" + GOOD_RULE + GOOD_RULE, "重复"),
    ("name: p\nlayout: '1999'\nrules: []\n", "layout"),
])
def test_malformed_packs_give_one_line_errors(text, fragment):
    with pytest.raises(PackError) as error:
        parse_pack("my-pack.yaml", text)
    message = str(error.value)
    assert "\n" not in message and message.startswith("my-pack.yaml") and fragment in message


def test_param_types_are_checked():
    text = ("name: p\nrules:\n  - code: S104\n    name: overview-aspect\n    check: overview-aspect\n"
            "    severity: warning\n    message: m\n    doc: d\n    params: {aspects: [a, b]}\n")
    with pytest.raises(PackError, match="aspects"):
        parse_pack("p.yaml", text)


def test_override_in_extending_pack():
    base = builtin_pack("base")
    pack, extends = parse_pack("p.yaml", "name: p\nextends: base\nrules:\n  - code: T206\n    severity: error\n", base)
    assert extends == "base" and pack.rules["T206"].severity.value == "error"
    assert pack.rules["T206"].message == base.rules["T206"].message
