"""The two published HTML pages in ../shared/corpus, against the ground truth in its README.

002 (2020, 2019 layout): 表三's （七）总计 is wrong in the 自然人 and 总计 columns (sub-rows sum to
26 and 27, the table says 20 and 21) — two real T302 — and nothing else is an error; its title
is broken over two paragraphs, three of its numbers are split across ``<span>``s and its
表四 is followed by a row of empty cells.  004 (2022): the narrative's 75 against the table's
74 (N701) and the misspelled heading 四 (S103) are real; nothing else is an error.  The
pages are read in place, and edited only in copies in a temporary folder.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from linter.cli import main

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
ARITHMETIC = {"T301", "T302", "T303"}


def page(name: str) -> Path:
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"{path} is not present: the real published pages are only available beside the repo")
    return path


def lint(capsys, path: Path) -> dict:
    capsys.readouterr()
    main(["check", "--format", "json", str(path)])
    return json.loads(capsys.readouterr().out)["files"][0]


def at(raw: str, diagnostic: dict) -> int:
    """The index in the page of the line and column a diagnostic names."""
    lines = raw.split("\n")
    return sum(len(line) + 1 for line in lines[: diagnostic["line"] - 1]) + diagnostic["column"] - 1


def test_2020_page_year_tables_and_its_two_real_defects(capsys):
    path = page("002_pingtan_2020.html")
    found = lint(capsys, path)
    assert found["report"] == {"year": 2020, "layout": "2019"}
    codes = {d["code"] for d in found["diagnostics"]}
    assert not codes & {"D603", "R001", "R002", "T201", "T202", "T203"}
    errors = [d for d in found["diagnostics"] if d["severity"] == "error"]
    assert sorted(d["message"].split("：")[0] for d in errors) == ["“总计”列", "“自然人”列"]
    assert {d["code"] for d in errors} == {"T302"}
    raw = path.read_text(encoding="utf-8")
    located = {d["message"].split("：")[0]: raw[at(raw, d):at(raw, d) + 2] for d in errors}
    assert located == {"“自然人”列": "20", "“总计”列": "2<"}  # 21 is written as <span>2</span><span>1</span>


def test_2020_page_tables_read_as_published(capsys):
    capsys.readouterr()
    assert main(["tables", "--format", "json", str(page("002_pingtan_2020.html"))]) == 0
    tables = json.loads(capsys.readouterr().out)["tables"]
    assert all(t["readable"] and not t["missing"] for t in tables.values())
    rows = {row["key"]: list(row["cells"].values()) for row in tables["applications"]["rows"]}
    assert rows["new"] == ["20", "0", "0", "0", "0", "1", "21"]
    assert rows["total"] == ["20", "0", "0", "0", "0", "1", "21"]
    assert rows["open"] == ["6", "0", "0", "0", "0", "1", "7"]
    assert [rows[key][0] for key in ("partial", "unable.1", "unable.3", "declined.2", "other")] == ["6", "4", "3", "3", "4"]
    disclosure = {row["key"]: list(row["cells"].values()) for row in tables["disclosure"]["rows"]}
    assert disclosure["20.1/rules"] == ["0", "0", "7"]
    assert disclosure["20.1/normative"] == ["77", "77", "166"]
    assert disclosure["20.9/procurement"] == ["395", "73802895.90元"]
    assert [list(r["cells"].values()) for r in tables["review"]["rows"]] == [["0"] * 15]


def test_2022_page_keeps_its_real_defects_and_nothing_else_is_an_error(capsys):
    found = lint(capsys, page("004_pingtan_2022.html"))
    assert found["report"] == {"year": 2022, "layout": "2021"}
    codes = [d["code"] for d in found["diagnostics"]]
    assert "N701" in codes and any(d["code"] == "S103" and "行政法复议" in d["message"] for d in found["diagnostics"])
    assert {d["code"] for d in found["diagnostics"] if d["severity"] == "error"} == {"N701"}
    assert not {"R002", "T201", "T202", "T203"} & set(codes)


def _table_three_cell(raw: str, label: str, column: int) -> tuple[int, str]:
    """Index and text of the number in the ``column``-th value cell of the row labelled ``label``."""
    start = raw.index(label)
    cells = list(re.finditer(r"<td\b", raw[start:raw.index("</tr>", start)]))
    number = re.compile(r">(\d+)<").search(raw, start + cells[column].start())
    return number.start(1), number.group(1)


@pytest.mark.parametrize("label, column", [
    ("一、本年新收政府信息公开申请数量", 1),
    ("（一）予以公开", 0),
    ("5.属于三类内部事务信息", 0),
    ("3.其他&nbsp;</span>", 1),
    ("（七）总计", 6),
    ("四、结转下年度继续办理", 3),
])
def test_changing_a_number_of_table_three_is_caught_on_its_row(capsys, tmp_path, label, column):
    raw = page("004_pingtan_2022.html").read_text(encoding="utf-8")
    index, number = _table_three_cell(raw, label, column)
    changed = tmp_path / "004.html"
    changed.write_text(raw[:index] + str(int(number) + 3) + raw[index + len(number):], encoding="utf-8")
    row = (raw.rindex("<tr", 0, index), raw.index("</tr>", index))
    hits = [d for d in lint(capsys, changed)["diagnostics"] if d["code"] in ARITHMETIC]
    assert any(row[0] <= at(raw, d) < row[1] for d in hits), (label, column, hits)
    assert all(raw[at(raw, d)].isdigit() for d in hits)  # each finding points at a number in the page
