"""A Word draft written with python-docx the way offices write them, with one defect per rule family.

Real tables with the form's merged header cells, section headings in Word's "Heading 1"
style numbered by Word itself (a chineseCounting list: "一、" is not in the text), sub-headings
in "Heading 2".  The report is the fixtures' 青山县 report (tests/fixtures/make_fixtures.py);
the defects are introduced here and each is named in ``DEFECTS``.
"""

from __future__ import annotations

import io
from pathlib import Path

from fixtures.make_fixtures import TABLE_2, TABLE_4, add_heading_numbering, number_heading, report

from linter.template import grid

# code -> the text (or cell) the finding must be anchored on
DEFECTS = {
    "S103": "存在的问题及改进情况",  # a variant heading (safe fix: 存在的主要问题及改进情况)
    "T203": "blank 科研机构 cell of 二、上年结转",
    "T301": "总计 cell of （一）予以公开",
    "C403": "[2021]",  # 发文字号 in square brackets (safe fix)
    "K503": "0999-12345",  # a phone number too short
    "D604": "2024年1月20日",  # signed before the reporting year ended
    "N701": "3",  # 结转下年度继续办理3件: the table says 1
    "R004": "【请填写：网站名称】",
}
CARRIED_ROW, SCIENCE_COLUMN = 4, 5  # grid position of the blanked cell in table 三
OPEN_ROW, TOTAL_COLUMN = 5, 9  # grid position of the broken 总计 in table 三


def blocks() -> list[tuple[str, object]]:
    replaced = {
        "（国办公开办函〔2021〕30号）": "（国办公开办函[2021]30号）",
        "电话：0999-1234567": "电话：0999-12345",
        "本报告电子版可在青山县人民政府门户网站（http://www.qingshan.gov.cn）下载。": "本报告电子版可在【请填写：网站名称】下载。",
        "结转下年度继续办理1件": "结转下年度继续办理3件",
        "2025年1月20日": "2024年1月20日",
        "五、存在的主要问题及改进情况": "五、存在的问题及改进情况",
    }
    out = []
    for kind, value in report(break_total=True):
        if kind == "table" and value is not TABLE_2 and value is not TABLE_4:
            value = [list(row) for row in value]
            carried = value[CARRIED_ROW]
            carried[1 + 2] = ""  # cells after the merged label: 自然人, 商业企业, 科研机构 …
        elif isinstance(value, str):
            for old, new in replaced.items():
                value = value.replace(old, new)
        out.append((kind, value))
    return out


def write(path: Path) -> bytes:
    """Write the draft and return its bytes."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    document = docx.Document()
    add_heading_numbering(document)
    for kind, value in blocks():
        if kind == "table":
            texts, merges = grid(value)
            table = document.add_table(rows=len(texts), cols=len(texts[0]))
            table.style = "Table Grid"
            for r, c, rowspan, colspan in merges:
                table.cell(r, c).merge(table.cell(r + rowspan - 1, c + colspan - 1))
            for r, row in enumerate(texts):
                for c, text in enumerate(row):
                    if text:
                        table.cell(r, c).paragraphs[0].add_run(text)
        elif kind == "h1":
            paragraph = document.add_paragraph(style="Heading 1")
            number_heading(paragraph)
            paragraph.add_run(value.partition("、")[2])
        elif kind == "h2":
            document.add_paragraph(value, style="Heading 2")
        elif kind == "title":
            document.add_paragraph(value, style="Title")
        elif kind == "right":
            document.add_paragraph(value).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            # Prose in several runs, as Word saves it after editing: the anchor must split them.
            paragraph = document.add_paragraph()
            half = len(value) // 2
            paragraph.add_run(value[:half])
            paragraph.add_run(value[half:]).italic = False
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def comment_anchors(data: bytes, document=None) -> dict[str, dict]:
    """Each comment of a .docx: its text, author, the text it covers and the cell it sits in
    (elements of ``document`` when given, a python-docx Document of the same bytes)."""
    import docx

    document = document or docx.Document(io.BytesIO(data))
    comments = {str(c.comment_id): {"text": c.text, "author": c.author, "covered": "", "tc": None, "p": None}
                for c in document.comments}
    open_ids: set[str] = set()
    for element in document.element.body.iter():
        if element.tag == W + "commentRangeStart":
            cid = element.get(W + "id")
            open_ids.add(cid)
            tc = next((a for a in element.iterancestors(W + "tc")), None)
            comments[cid]["tc"] = tc
            comments[cid]["p"] = next((a for a in element.iterancestors(W + "p")), None)
        elif element.tag == W + "commentRangeEnd":
            open_ids.discard(element.get(W + "id"))
        elif element.tag == W + "t":
            for cid in open_ids:
                comments[cid]["covered"] += element.text or ""
    return comments
