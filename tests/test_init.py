"""``nianbao-lint init``: a blank report that lints with placeholder findings only, and clean once filled in."""

from __future__ import annotations

import contextlib
import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from linter.cli import main
from linter.form import LAYOUTS, SECTIONS

AGENCY = "某某县某某局"
PLACEHOLDER = re.compile(r"【请填写：([^】]*)】")


def _run(*args) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in args])
    return code, out.getvalue(), err.getvalue()


def _lint(path: Path) -> tuple[int, dict]:
    code, out, _ = _run("check", "--format", "json", path)
    return code, json.loads(out)


def _init(tmp_path: Path, year: int, fmt: str, *extra: str, agency: str = AGENCY) -> Path:
    path = tmp_path / f"{year}.{fmt}"
    code, out, err = _run("init", "--year", year, "--agency", agency, "--format", fmt, "-o", path, *extra)
    assert code == 0 and path.exists(), err
    return path


def fill(what: str, year: int) -> str:
    """What an official writes in place of one placeholder."""
    for key, value in (("网站", "某某县人民政府门户网站"), ("科室", "办公室"), ("地址", "某某县人民路1号"),
                       ("邮政编码", "415300"), ("区号", "0736-5201234"), ("邮箱", "gk@example.gov.cn"),
                       ("成文日期", f"{year + 1}年1月20日"), ("信息处理费", "未收取信息处理费"),
                       ("其他需要报告", "无")):
        if key in what:
            return value
    return "按照要求认真开展了相关工作"


def _fill_text(text: str, year: int) -> str:
    return PLACEHOLDER.sub(lambda m: fill(m.group(1), year), text)


def _fill_docx(path: Path, year: int) -> None:
    import docx

    document = docx.Document(str(path))
    runs = [r for p in document.paragraphs for r in p.runs]
    runs += [r for t in document.tables for row in t.rows for cell in row.cells for p in cell.paragraphs for r in p.runs]
    for run in runs:
        if "【" in run.text:
            run.text = _fill_text(run.text, year)
    document.save(str(path))


CASES = [(year, fmt) for year in (2020, 2025) for fmt in ("docx", "md", "txt")]


@pytest.mark.parametrize("year, fmt", CASES)
def test_untouched_template_gives_placeholder_findings_only(tmp_path, year, fmt):
    code, data = _lint(_init(tmp_path, year, fmt))
    diagnostics = data["files"][0]["diagnostics"]
    assert code == 1 and diagnostics
    assert {d["code"] for d in diagnostics} == {"R004"}, [(d["code"], d["message"]) for d in diagnostics]
    assert data["files"][0]["report"] == {"year": year, "layout": "2019" if year < 2021 else "2021"}


@pytest.mark.parametrize("year, fmt", CASES)
def test_filled_in_template_lints_clean(tmp_path, year, fmt):
    path = _init(tmp_path, year, fmt)
    if fmt == "docx":
        _fill_docx(path, year)
    else:
        path.write_text(_fill_text(path.read_text(encoding="utf-8"), year), encoding="utf-8")
    code, data = _lint(path)
    assert code == 0 and data["files"][0]["diagnostics"] == [], data["files"][0]["diagnostics"]


@pytest.mark.parametrize("year", [2020, 2025])
def test_template_has_the_year_layout_and_standard_parts(tmp_path, year):
    from linter.readers import read_path

    path = _init(tmp_path, year, "txt")
    text = path.read_text(encoding="utf-8")
    for key, title in ((s.key, s.title) for s in SECTIONS):
        assert f"{'一二三四五六'[key - 1]}、{title}" in text
    layout = LAYOUTS["2019" if year < 2021 else "2021"]
    other = LAYOUTS["2021" if year < 2021 else "2019"]
    for block in layout.disclosure:
        assert f"第二十条第（{block.item}）项" in text
        assert all(column in text for column in block.columns)
    assert not any(marker in text for marker in other.markers if marker not in layout.markers)
    assert f"统计期限自{year}年1月1日起至{year}年12月31日止" in text
    assert ("〔2019〕60号" if year < 2021 else "〔2021〕30号") in text
    assert ("信息处理费" in text) == (year >= 2021)
    assert read_path(str(path)).text.count("\t0") > 100  # zeros, not blanks


def test_2020_docx_has_the_2019_layout_in_real_merged_tables(tmp_path):
    import docx

    path = _init(tmp_path, 2020, "docx")
    document = docx.Document(str(path))
    assert len(document.tables) == 3
    disclosure = "\n".join(cell.text for row in document.tables[0].rows for cell in row.cells)
    assert "第二十条第（九）项" in disclosure and "政府集中采购" in disclosure and "本年新制作数量" in disclosure
    xml = zipfile.ZipFile(path).read("word/document.xml").decode()
    assert "w:gridSpan" in xml and 'w:vMerge w:val="restart"' in xml
    applications = document.tables[1]
    assert applications.cell(0, 0).text.startswith("（本列数据的勾稽关系为")
    assert applications.cell(0, 0)._tc is applications.cell(2, 2)._tc  # the note covers 3 × 3 grid cells
    assert [p.style.name for p in document.paragraphs if p.text.startswith("一、")] == ["Heading 1"]
    code, data = _lint(path)
    assert data["files"][0]["report"]["layout"] == "2019"


def test_government_template_covers_oversight(tmp_path):
    path = _init(tmp_path, 2025, "txt", "--government", agency="某某县人民政府")
    assert "工作考核、社会评议和责任追究" in path.read_text(encoding="utf-8")
    code, data = _lint(path)
    assert {d["code"] for d in data["files"][0]["diagnostics"]} == {"R004"}


def test_government_report_without_the_flag_is_warned(tmp_path):
    """Without --government, a 人民政府's template lacks the oversight wording: S105 says so."""
    path = _init(tmp_path, 2025, "txt", agency="某某县人民政府")
    code, data = _lint(path)
    assert "S105" in {d["code"] for d in data["files"][0]["diagnostics"]}


def test_existing_file_is_not_overwritten_without_force(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("mine", encoding="utf-8")
    code, _, err = _run("init", "--year", 2025, "--agency", AGENCY, "--format", "md", "-o", path)
    assert code == 2 and "已存在" in err and path.read_text(encoding="utf-8") == "mine"
    assert _run("init", "--year", 2025, "--agency", AGENCY, "--format", "md", "-o", path, "--force")[0] == 0
    assert path.read_text(encoding="utf-8").startswith(f"# {AGENCY}2025年")


def test_default_name_and_bad_year(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert _run("init", "--year", 2025, "--agency", AGENCY)[0] == 0
    assert (tmp_path / f"{AGENCY}2025年政府信息公开工作年度报告.docx").exists()
    assert _run("init", "--year", 2018, "--agency", AGENCY)[0] == 2  # no format before 2019


def test_from_last_year_carries_the_forward_row(tmp_path):
    last = Path(__file__).resolve().parent.parent / "examples" / "crossyear" / "2024.txt"
    agency = "青禾县农业农村局"  # the same agency: T305 compares reports of one agency
    path = _init(tmp_path, 2025, "txt", "--from", last, agency=agency)
    carried = next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("二、上年结转"))
    forward = next(line for line in last.read_text(encoding="utf-8").splitlines() if line.startswith("四、结转下年度"))
    assert carried.split("\t")[-7:] == forward.split("\t")[-7:] == ["1", "0", "0", "0", "0", "0", "1"]
    code, out, _ = _run("check", "--format", "json", path, last)
    mine = next(f for f in json.loads(out)["files"] if f["path"] == str(path))
    # T305 (this year's 上年结转 = last year's 结转下年度) holds; until this year's figures are filled in,
    # the table's own balance (T303) does not, and says so.
    assert {d["code"] for d in mine["diagnostics"]} == {"R004", "T303"}
    (tmp_path / "plain").mkdir()
    plain = _init(tmp_path / "plain", 2025, "txt", agency=agency)  # without --from: T305
    code, out, _ = _run("check", "--format", "json", plain, last)
    assert "T305" in {d["code"] for f in json.loads(out)["files"] for d in f["diagnostics"]}


def test_from_refuses_the_wrong_year_or_an_unreadable_row(tmp_path):
    last = Path(__file__).resolve().parent.parent / "examples" / "crossyear" / "2024.txt"
    code, _, err = _run("init", "--year", 2026, "--agency", AGENCY, "-o", tmp_path / "x.txt", "--format", "txt",
                        "--from", last)
    assert code == 2 and "不是 2025 年度的报告" in err and not (tmp_path / "x.txt").exists()
    blanked = tmp_path / "2024.txt"
    blanked.write_text(last.read_text(encoding="utf-8").replace("四、结转下年度继续办理\t\t1\t0", "四、结转下年度继续办理\t\t\t0"),
                       encoding="utf-8")
    code, _, err = _run("init", "--year", 2025, "--agency", AGENCY, "-o", tmp_path / "y.txt", "--format", "txt",
                        "--from", blanked)
    assert code == 2 and "未填写数字" in err
