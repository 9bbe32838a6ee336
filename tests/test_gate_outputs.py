"""CI formats, baseline, config, fixes, suppressions and T305 (the "gate" features)."""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, cli, seed

from linter.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "gate"
FORMATS = ["text", "json", "sarif", "github", "junit", "gitlab"]


def run(capsys, *args) -> tuple[int, str, str]:
    return cli(capsys, "check", *args)


@pytest.fixture
def wrong_total() -> Path:
    return ROOT / "tests" / "fixtures" / "formats" / "report-wrong-total.txt"


def test_sarif_validates_against_schema(capsys, wrong_total):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((FIXTURES / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    code, out, _ = run(capsys, "--format", "sarif", wrong_total, EXAMPLES / "crossyear")
    data = json.loads(out)
    jsonschema.validate(data, schema)
    run_ = data["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run_["tool"]["driver"]["rules"]}
    assert rules["T303"]["defaultConfiguration"]["level"] == "error" and rules["T303"]["fullDescription"]["text"]
    result = run_["results"][0]
    region = result["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] >= 1 and region["startColumn"] >= 1
    assert {r["ruleId"] for r in run_["results"]} >= {"T305"}


def test_exit_code_does_not_depend_on_format(capsys, wrong_total):
    codes = {fmt: run(capsys, "--format", fmt, wrong_total)[0] for fmt in FORMATS + ["auto"]}
    assert set(codes.values()) == {1}, codes
    clean = {fmt: run(capsys, "--format", fmt, EXAMPLES / "crossyear" / "2023.txt")[0] for fmt in FORMATS}
    assert set(clean.values()) == {0}, clean


def test_github_escaping_round_trips():
    from linter.diagnostics import Diagnostic, Severity, Span
    from linter.reporters.github import annotation, unescape
    from linter.results import FileResult
    from linter.source import Source

    message = "第一行 100% 完成\n第二行,a:b\r末尾"
    result = FileResult("a,b:c.txt", Source("a,b:c.txt", "abc\ndef\n"))
    line = annotation(result, Diagnostic("T303", "balance", Severity.ERROR, message, Span(4, 6)))
    assert "\n" not in line and "\r" not in line
    head, _, body = line[2:].partition("::")
    assert unescape(body) == message
    props = dict(p.split("=", 1) for p in head.split(" ", 1)[1].split(","))
    assert unescape(props["file"]) == "a,b:c.txt" and props["line"] == "2" and props["col"] == "1"


def test_github_groups_and_auto(capsys, wrong_total, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    code, out, _ = run(capsys, wrong_total)
    assert code == 1 and out.startswith("::group::") and "::endgroup::" in out and "::error file=" in out


def test_junit_and_gitlab(capsys, wrong_total):
    _, out, _ = run(capsys, "--format", "junit", wrong_total, EXAMPLES / "crossyear" / "2023.txt")
    suite = ET.fromstring(out)
    cases = suite.findall("testcase")
    assert suite.tag == "testsuite" and len(cases) == 3  # two findings, and the clean file's passing case
    assert [case.find("failure") is not None for case in cases] == [True, True, False]
    _, out, _ = run(capsys, "--format", "gitlab", wrong_total)
    issues = json.loads(out)
    assert issues and all(i["severity"] in {"major", "minor", "info"} and i["location"]["lines"]["begin"] >= 1
                          and len(i["fingerprint"]) == 64 for i in issues)
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_statistics_on_stderr_for_machine_formats(capsys, wrong_total):
    _, out, err = run(capsys, "--format", "json", "--statistics", wrong_total)
    json.loads(out)
    assert "T301" in err and err.count("T301") == 1


def test_baseline_reports_only_new(tmp_path, capsys):
    paths = []
    for prefix in ("000", "001", "002", "003", "004"):
        src = seed(prefix)
        shutil.copy(src, tmp_path / src.name)
        paths.append(tmp_path / src.name)
    baseline = tmp_path / "baseline.json"
    assert run(capsys, "--write-baseline", baseline, tmp_path)[0] == 0
    code, out, _ = run(capsys, "--format", "json", "--baseline", baseline, tmp_path)
    assert code == 0 and not [d for f in json.loads(out)["files"] for d in f["diagnostics"]]
    # Move lines around: insert blank lines and a paragraph at the top; nothing resurrects.
    target = paths[1]
    raw = target.read_bytes()
    from linter.readers.text import decode
    decoded, encoding = decode(raw)
    lines = decoded.split("\n")
    moved = "\n".join(lines[:3] + ["", "", ""] + lines[3:])
    # New defect: a misspelled section heading.
    moved = moved.replace("五、存在的主要问题及改进情况", "五、存在的问题及改进情况", 1)
    target.write_bytes(moved.encode(encoding))
    code, out, _ = run(capsys, "--format", "json", "--baseline", baseline, tmp_path)
    found = [(f["path"], d["code"]) for f in json.loads(out)["files"] for d in f["diagnostics"]]
    assert found == [(str(target), "S103")], found


GB_REPORT_PATH = EXAMPLES / "crossyear" / "2023.txt"


def _gb_crlf(text: str) -> bytes:
    return text.replace("\n", "\r\n").encode("gb18030")


def test_fix_label_keeps_encoding_and_line_endings(tmp_path, capsys):
    text = GB_REPORT_PATH.read_text(encoding="utf-8")
    broken = text.replace("本年废止件数", "本年度止件数")
    from linter.packs import all_rules
    if "C403" in all_rules():  # doc-number brackets (another pack block): [2021] -> 〔2021〕
        broken = broken.replace("〔2021〕", "[2021]")
    report = tmp_path / "report.txt"
    report.write_bytes(_gb_crlf(broken))
    code, out, _ = run(capsys, "--diff", report)
    assert code == 1 and "-信息内容\t本年制发件数\t本年度止件数" in out and "+信息内容\t本年制发件数\t本年废止件数" in out
    assert report.read_bytes() == _gb_crlf(broken)  # --diff writes nothing
    code, out, err = run(capsys, "--format", "json", "--fix", report)
    assert code == 0 and "T206" not in out, out
    assert report.read_bytes() == _gb_crlf(text)  # every other byte untouched: GB18030 and CRLF kept
    assert not [p for p in tmp_path.iterdir() if p.name != "report.txt"]  # no temporary file left


def test_fix_heading_label_and_brackets(tmp_path, capsys):
    text = GB_REPORT_PATH.read_text(encoding="utf-8")
    assert "〔2021〕30号" in text
    broken = text.replace("四、政府信息公开行政复议、行政诉讼情况", "四、政府信息公开行政法复议、行政诉讼情况") \
        .replace("本年废止件数", "本年度止件数").replace("〔2021〕30号", "[2021]30号")
    report = tmp_path / "report.txt"
    report.write_bytes(_gb_crlf(broken))
    code, out, err = run(capsys, "--format", "json", "--fix", report)
    assert "S103" not in out and "T206" not in out and "C403" not in out, (out, err)
    assert report.read_bytes() == _gb_crlf(text)


def test_fix_refused_when_result_gains_a_code(tmp_path):
    from linter import fixes
    from linter.diagnostics import Diagnostic, Fix, Severity, Span
    from linter.engine import lint_bytes, lint_path

    report = tmp_path / "r.txt"
    report.write_text(GB_REPORT_PATH.read_text(encoding="utf-8"), encoding="utf-8")
    result = lint_path(str(report))
    start = result.source.text.index("## 六、其他需要报告的事项")
    bad = Diagnostic("S103", "section-title", Severity.WARNING, "x", Span(start, start + 5),
                     fix=Fix(Span(start, start + 16), "乱码", safe=True))
    result.diagnostics.append(bad)
    outcome = fixes.plan(result, lambda path, data: lint_bytes(path, data))
    assert outcome.fixed is None and "新的问题" in outcome.problem


def test_crossyear_carry_over(capsys):
    code, out, _ = run(capsys, "--format", "json", EXAMPLES / "crossyear")
    data = json.loads(out)
    found = [(Path(f["path"]).name, d["code"], d["line"]) for f in data["files"] for d in f["diagnostics"]]
    assert {c for _, c, _ in found} == {"T305"} and all(name == "2024.txt" for name, _, _ in found)
    assert "2023.txt" in data["files"][1]["diagnostics"][0]["message"]
    for year in ("2023", "2024"):
        code, out, _ = run(capsys, "--format", "json", EXAMPLES / "crossyear" / f"{year}.txt")
        assert code == 0 and not json.loads(out)["files"][0]["diagnostics"]


def test_config_unknown_key_exit_2(tmp_path, capsys):
    shutil.copy(GB_REPORT_PATH, tmp_path / "r.txt")
    (tmp_path / ".nianbao-lint.yaml").write_text("selct: [T3]\n", encoding="utf-8")
    code, out, err = run(capsys, tmp_path / "r.txt")
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert ".nianbao-lint.yaml" in err and "selct" in err


def test_config_per_file_ignores_and_nearest_wins(tmp_path, capsys, wrong_total):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(wrong_total, tmp_path / "a" / "r.txt")
    shutil.copy(wrong_total, tmp_path / "b" / "r.txt")
    (tmp_path / "pyproject.toml").write_text('[tool.nianbao-lint]\nper-file-ignores = {"a/*.txt" = ["T3"]}\n',
                                             encoding="utf-8")
    (tmp_path / "b" / ".nianbao-lint.yaml").write_text("severity: {T303: warning, T301: warning, T302: warning}\n",
                                                       encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", tmp_path / "a" / "r.txt")
    assert not any(d["code"].startswith("T3") for f in json.loads(out)["files"] for d in f["diagnostics"])
    code, out, _ = run(capsys, "--format", "json", tmp_path / "b" / "r.txt")
    diags = [d for f in json.loads(out)["files"] for d in f["diagnostics"]]
    assert any(d["code"] == "T301" for d in diags) and all(d["severity"] != "error" for d in diags if d["code"].startswith("T30"))
    assert main(["config", str(tmp_path / "b" / "r.txt")]) == 0


def _markdown(tmp_path: Path, comment: str) -> Path:
    text = (ROOT / "tests" / "fixtures" / "formats" / "report-wrong-total.txt").read_text(encoding="utf-8")
    marker = "## 三、收到和处理政府信息公开申请情况" if "## 三、" in text else "三、收到和处理政府信息公开申请情况"
    path = tmp_path / "r.md"
    path.write_text(text.replace(marker, comment + "\n" + marker, 1) if comment else text, encoding="utf-8")
    return path


def test_inline_suppression_file_reason_and_unused(tmp_path, capsys):
    path = _markdown(tmp_path, "<!-- nianbao-lint: disable-file=T3 原因：数据经复核 -->")
    code, out, _ = run(capsys, "--format", "json", path)
    codes = [d["code"] for f in json.loads(out)["files"] for d in f["diagnostics"]]
    assert not any(c.startswith("T3") for c in codes)
    path = _markdown(tmp_path, "<!-- nianbao-lint: disable-file=T3 -->")
    code, out, _ = run(capsys, "--format", "json", path)
    codes = [d["code"] for f in json.loads(out)["files"] for d in f["diagnostics"]]
    assert "R011" in codes and any(c.startswith("T30") for c in codes) and code == 1
    path = _markdown(tmp_path, "<!-- nianbao-lint: disable-file=K999 原因：无 -->")
    code, out, _ = run(capsys, "--format", "json", path)
    assert "R010" in [d["code"] for f in json.loads(out)["files"] for d in f["diagnostics"]]
    (tmp_path / ".nianbao-lint.yaml").write_text("allow-inline-suppressions: false\n", encoding="utf-8")
    path = _markdown(tmp_path, "<!-- nianbao-lint: disable-file=T3 原因：数据经复核 -->")
    code, out, _ = run(capsys, "--format", "json", path)
    assert "R012" in [d["code"] for f in json.loads(out)["files"] for d in f["diagnostics"]] and code == 1


def test_waiver_file(tmp_path, capsys, wrong_total):
    shutil.copy(wrong_total, tmp_path / "r.txt")
    code, out, _ = run(capsys, "--format", "json", tmp_path / "r.txt")
    diags = json.loads(out)["files"][0]["diagnostics"]
    first = diags[0]
    line = (tmp_path / "r.txt").read_text(encoding="utf-8").splitlines()[first["line"] - 1].strip()
    (tmp_path / ".nianbao-lint-waivers.yaml").write_text(json.dumps({"waivers": [
        {"file": "r.txt", "code": first["code"], "text": line[:6], "reason": "已核实"}]}, ensure_ascii=False),
        encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", tmp_path / "r.txt")
    after = json.loads(out)["files"][0]["diagnostics"]
    assert len([d for d in after if d["code"] == first["code"]]) < len([d for d in diags if d["code"] == first["code"]])


def test_block_suppression_covers_only_the_next_block(tmp_path, capsys):
    text = (EXAMPLES / "2024-yunxi-transport.txt").read_text(encoding="utf-8")
    broken = text.replace("五、存在的主要问题及改进情况", "<!-- nianbao-lint: disable=S103 原因：沿用本地表述 -->\n五、存在的问题及改进情况")
    path = tmp_path / "r.md"
    path.write_text(broken, encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", path)
    assert code == 0 and not json.loads(out)["files"][0]["diagnostics"]
    far = text.replace("一、总体情况", "<!-- nianbao-lint: disable=S103 原因：沿用本地表述 -->\n\n\n一、总体情况", 1) \
        .replace("五、存在的主要问题及改进情况", "五、存在的问题及改进情况")
    path.write_text(far, encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", path)
    assert sorted(d["code"] for d in json.loads(out)["files"][0]["diagnostics"]) == ["R010", "S103"]


def test_config_override_isolated_and_user_pack(tmp_path, capsys, wrong_total):
    shutil.copy(wrong_total, tmp_path / "r.txt")
    (tmp_path / ".nianbao-lint.yaml").write_text("ignore: [T3]\n", encoding="utf-8")
    other = tmp_path / "other.yaml"
    other.write_text("select: [T301]\n", encoding="utf-8")

    def found(*args):
        _, out, _ = run(capsys, "--format", "json", *args, tmp_path / "r.txt")
        return {d["code"] for d in json.loads(out)["files"][0]["diagnostics"]}

    assert not any(c.startswith("T3") for c in found())
    assert found("--config", other) == {"T301"}
    assert {"T301", "T302"} <= found("--isolated")
    (tmp_path / "province.yaml").write_text(
        "name: province\nextends: format-2021\nrules:\n  - code: T302\n    enabled: false\n"
        "  - code: T301\n    severity: warning\n", encoding="utf-8")
    (tmp_path / ".nianbao-lint.yaml").write_text("packs: [province.yaml]\n", encoding="utf-8")
    code, out, _ = run(capsys, "--format", "json", tmp_path / "r.txt")
    diags = json.loads(out)["files"][0]["diagnostics"]
    assert "T302" not in {d["code"] for d in diags}
    assert all(d["severity"] == "warning" for d in diags if d["code"] == "T301")
    (tmp_path / ".nianbao-lint.yaml").write_text("severity: {T301: fatal}\n", encoding="utf-8")
    code, _, err = run(capsys, tmp_path / "r.txt")
    assert code == 2 and "severity.T301" in err


def test_config_in_pyproject_and_show(tmp_path, capsys):
    (tmp_path / "pyproject.toml").write_text("[tool.nianbao-lint]\nyear = 2024\nbogus = 1\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["config", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "pyproject.toml" in err and "bogus" in err
    (tmp_path / "pyproject.toml").write_text("[tool.nianbao-lint]\nyear = 2024\n", encoding="utf-8")
    assert main(["config", str(tmp_path)]) == 0
    assert json.loads(capsys.readouterr().out)["year"] == 2024
