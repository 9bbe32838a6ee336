"""C401 when a report cites a province's notice on the annual reports instead of the national
format document: still reported (the omission is real), as a warning naming that notice."""

from __future__ import annotations

import pytest
from conftest import EXAMPLES, lint_text

NATIONAL = "和《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）"
PROVINCIAL = "和《青山省人民政府办公厅关于编制公布2023年政府信息公开工作年度报告有关事项的通知》"


def _c401(tmp_path, replacement: str, *args: str) -> list[dict]:
    text = (EXAMPLES / "content" / "clean-2023.txt").read_text(encoding="utf-8")
    assert NATIONAL in text
    _, data = lint_text(tmp_path, text.replace(NATIONAL, replacement), "report.txt", *args)
    return [d for d in data["files"][0]["diagnostics"] if d["code"] == "C401"]


@pytest.mark.parametrize("replacement, severity", [("", "error"), (PROVINCIAL, "warning")])
def test_severity_depends_on_what_is_cited_instead(tmp_path, replacement, severity):
    hits = _c401(tmp_path, replacement)
    assert [d["severity"] for d in hits] == [severity]


def test_a_province_task_notice_that_is_not_about_the_annual_reports_changes_nothing(tmp_path):
    hits = _c401(tmp_path, "和《青山省人民政府办公厅关于印发青山省2023年政务公开工作要点的通知》")
    assert [d["severity"] for d in hits] == ["error"]
