"""The five real published reports in ../shared/seeds (SPEC.md §9), and edits of them.

The edits are made on copies in a temporary folder; the seeds are never copied
into the project.
"""

from __future__ import annotations

import json
import re

import pytest
from conftest import codes, lint_text, seed

from linter.cli import main

ISSUE_2_CODES = re.compile(r"^(R00[123]|S10\d|T[23]\d\d)$")
ARITHMETIC = {"T301", "T302", "T303"}


def _lint_seed(prefix: str, tmp_path, edit=None):
    text = seed(prefix).read_text(encoding="utf-8")
    if edit:
        text = edit(text)
    return lint_text(tmp_path, text, f"{prefix}.txt")


def _errors(data: dict) -> list[str]:
    return [d["code"] for f in data["files"] for d in f["diagnostics"] if d["severity"] == "error"]


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_clean_seeds_have_no_errors(tmp_path, prefix):
    code, data = _lint_seed(prefix, tmp_path)
    assert [c for c in _errors(data) if ISSUE_2_CODES.match(c)] == []


def test_seed_002_is_read_with_2019_layout_and_blank_review_cells(tmp_path):
    code, data = _lint_seed("002", tmp_path)
    report = data["files"][0]["report"]
    assert report == {"year": 2020, "layout": "2019"}
    blanks = [d for d in data["files"][0]["diagnostics"] if d["code"] == "T203"]
    assert len(blanks) == 1
    lines = seed("002").read_text(encoding="utf-8").splitlines()
    assert lines[blanks[0]["line"] - 1].startswith("\t\t\t\t\t0")  # the data row of the table under 四
    for column in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计"):
        assert f"行政复议·{column}" in blanks[0]["message"]
    assert "行政诉讼" not in blanks[0]["message"]


def test_seed_001_gets_label_wording(tmp_path):
    code, data = _lint_seed("001", tmp_path)
    hits = [d for d in data["files"][0]["diagnostics"] if d["code"] == "T206"]
    assert len(hits) == 1 and "本年度止件数" in hits[0]["message"] and "本年废止件数" in hits[0]["message"]


def test_all_seeds_parse_in_one_run(capsys):
    paths = [str(seed(p)) for p in ("000", "001", "002", "003", "004")]
    exit_code = main(["check", "--format", "json", *paths])
    data = json.loads(capsys.readouterr().out)
    assert len(data["files"]) == 5
    assert all(len(f["diagnostics"]) < 10 for f in data["files"])
    assert "R003" not in codes(data) and "R002" not in codes(data)
    assert exit_code in (0, 1)


def test_tables_of_pdf_extracted_seed_003(capsys):
    assert main(["tables", "--format", "json", str(seed("003"))]) == 0
    data = json.loads(capsys.readouterr().out)
    tables = data["tables"]
    assert set(tables) == {"disclosure", "applications", "review"}
    assert all(t["readable"] and not t["missing"] for t in tables.values())
    disclosure = {row["key"]: row["cells"] for row in tables["disclosure"]["rows"]}
    assert disclosure["20.1/normative"] == {"本年制发件数": "0", "本年废止件数": "1", "现行有效件数": "1"}
    others = [v for key, cells in disclosure.items() if key != "20.1/normative" for v in cells.values()]
    assert others == ["0"] * 3 + ["0"] * 4
    applications = tables["applications"]["rows"]
    assert len(applications) == 25
    assert all(v == "0" for row in applications for v in row["cells"].values())
    assert all(len(row["cells"]) == 7 for row in applications)
    review = tables["review"]["rows"]
    assert len(review) == 1 and list(review[0]["cells"].values()) == ["0"] * 15


def _table3_numbers(text: str) -> list[tuple[int, str]]:
    """Offsets of the cell values in the data rows of the table under 三."""
    start = text.index("一、本年新收", text.index("三、收到和处理政府信息公开申请情况"))
    end = text.index("四、政府信息公开行政复议", start)
    return [(start + m.start(), m.group()) for m in re.finditer(r"(?<=[\t \n])\d+(?=[\t \n])", text[start:end])]


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_changing_any_number_in_table_three_is_caught_on_its_row(tmp_path, prefix):
    text = seed(prefix).read_text(encoding="utf-8")
    numbers = _table3_numbers(text)
    assert len(numbers) >= 25 * 7
    for pos, _ in numbers:
        changed = text[:pos] + "3" + text[pos + 1:]
        line = text.count("\n", 0, pos) + 1
        code, data = lint_text(tmp_path, changed, f"{prefix}.txt")
        hits = [d for d in data["files"][0]["diagnostics"] if d["code"] in ARITHMETIC]
        assert any(d["line"] == line for d in hits), (line, changed.splitlines()[line - 1], hits)


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_blanking_a_cell_gives_blank_cell_or_unreadable(tmp_path, prefix):
    text = seed(prefix).read_text(encoding="utf-8")
    row = text.index("（一）予以公开") if "（一）予以公开" in text else text.index("(一) 予以公开")
    pos = text.index("0", row)
    code, data = lint_text(tmp_path, text[:pos] + text[pos + 1:], f"{prefix}.txt")
    found = codes(data)
    if prefix == "000":  # a TAB-separated grid keeps the blank cell's place
        assert "T203" in found
    else:  # space-separated values cannot show a blank: the row is unreadable, never mis-summed
        assert "R002" in found and not ARITHMETIC & set(found)


def _line_start(text: str, heading: str) -> int:
    return text.rfind("\n", 0, text.index(heading)) + 1


def _five_and_six(text: str) -> tuple[int, int]:
    return _line_start(text, "五、存在的主要问题及改进情况"), _line_start(text, "六、其他需要报告的事项")


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_deleting_section_five_gives_missing_section(tmp_path, prefix):
    def edit(text):
        five, six = _five_and_six(text)
        return text[:five] + text[six:]

    code, data = _lint_seed(prefix, tmp_path, edit)
    assert "S101" in codes(data) and code == 1


@pytest.mark.parametrize("prefix", ["000", "003"])
def test_swapping_sections_five_and_six_gives_section_order(tmp_path, prefix):
    def edit(text):
        five, six = _five_and_six(text)
        return text[:five] + text[six:] + "\n" + text[five:six]

    code, data = _lint_seed(prefix, tmp_path, edit)
    assert "S102" in codes(data)


# ---------------------------------------------------------------- the published HTML pages in ../shared/corpus

def _corpus_page(name: str):
    from conftest import ROOT

    path = ROOT.parent / "shared" / "corpus" / name
    if not path.is_file():
        pytest.skip(f"{path} is not present: the real published pages are only available beside the repo")
    return path


def _mutation_sample(table) -> list[tuple[str, str]]:
    """(row key, column) of the cells to change: every column of the rows the balance uses and of
    one outcome row, one column (in turn) of every other row; every cell with NIANBAO_MUTATE_ALL=1."""
    import os

    rows = list(table.rows)
    columns = list(table.columns)
    if os.environ.get("NIANBAO_MUTATE_ALL") == "1":
        return [(row, column) for row in rows for column in columns]
    full = {"new", "carried", "open", "total", "forward"}
    return [(row, column) for i, row in enumerate(rows)
            for column in (columns if row in full else [columns[i % len(columns)]])]


def test_changing_a_number_of_table_three_in_a_published_html_page_is_caught_at_that_cell(tmp_path):
    from linter.engine import lint_path, parse
    from linter.readers import read_path

    page = _corpus_page("004_pingtan_2022.html")
    html = page.read_text(encoding="utf-8")
    source = read_path(str(page))
    table = parse(source)[0].tables["applications"]
    assert table.readable and not table.missing and len(table.rows) == 25
    line_starts = [0] + [i + 1 for i, ch in enumerate(html) if ch == "\n"]
    misses = []
    for row_key, column in _mutation_sample(table):
        cell = table.rows[row_key].cells[column]
        where = source.location(cell.span.start)
        at = line_starts[where["line"] - 1] + where["column"] - 1
        assert html[at:at + len(cell.raw)] == cell.raw, (row_key, column)
        changed = html[:at] + str(int(cell.raw) + 1) + html[at + len(cell.raw):]
        copy = tmp_path / page.name
        copy.write_text(changed, encoding="utf-8")
        result = lint_path(str(copy))
        codes = {d.code for d in result.diagnostics}
        row_total = [d for d in result.diagnostics if d.code == "T301" and f"“{table.rows[row_key].label}”" in d.message]
        column_sums = [d for d in result.diagnostics if d.code in ("T302", "T303") and f"“{column}”列" in d.message]
        total_cell = result.source.location(row_total[0].span.start) if row_total else None
        total_where = source.location(table.rows[row_key].cells["总计"].span.start)
        if not (row_total and column_sums and total_cell == total_where) or "R002" in codes:
            misses.append((row_key, column, sorted(codes)))
    assert misses == []
