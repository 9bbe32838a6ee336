"""The shipped example reports rewritten in the forms real reports arrive in, for tests.

A web-page copy flattened onto one line, GFM pipe tables (with or without outer pipes),
PDF-extracted text in fragments, and a Word-exported HTML page — each made from the same
TAB-separated report, so that every form can be compared with the TAB reading.
"""

from __future__ import annotations

import html
import re

from conftest import EXAMPLES

# The table header under 三 as PDF extraction leaves it: one word fragment per line.
PDF_HEADER = ("申请人情况\n\n自然\n\n人\n\n法人或其他组织\n\n总计商业\n\n企业\n\n科研\n\n机构\n\n社会\n\n公益\n\n组织\n\n"
              "法律\n\n服务\n\n机构\n\n其他\n")


def example(name: str = "2024-yunxi-transport.txt") -> str:
    return (EXAMPLES / name).read_text(encoding="utf-8")


def flatten(text: str, header: str = "") -> str:
    """A web-page copy: the title, then everything else on one line, TABs between cells dropped."""
    lines = [line.replace("\t", "") for line in text.split("\n") if line.strip()]
    return header + lines[0] + "\n" + "".join(lines[1:]) + "\n"


def as_pipe_tables(text: str, outer: bool) -> str:
    """Every TAB table written as a GFM pipe table."""
    out, in_table = [], False
    for line in text.split("\n"):
        if "\t" not in line:
            in_table = False
            out.append(line)
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        row = " | ".join(cells)
        out.append(f"| {row} |" if outer else row)
        if not in_table:
            rule = " | ".join("---" for _ in cells)
            out.append(f"| {rule} |" if outer else rule)
            in_table = True
    return "\n".join(out)


def as_pdf_text(text: str, page_break_before: str = "（四）无法提供") -> str:
    """PDF text extraction: space-separated values, a page number and the repeated table
    header where the table under 三 breaks, a long label broken over two lines."""
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n")]
    text = "\n".join(lines)
    at = text.index(page_break_before)
    text = text[:at] + "\n— 3 —\n\n" + PDF_HEADER + "\n" + text[at:]
    return text.replace("2.没有现成信息需要另行制作 0", "2.没有现成信息需要另\n行制作\n0")


def as_html(text: str) -> str:
    """A Word-exported page: paragraphs as <p>, TAB tables as <table> (one per block of rows)."""
    body, rows = [], []

    def flush() -> None:
        if rows:
            cells = "".join("<tr>" + "".join(f"<td><p><span>{html.escape(c) or '&nbsp;'}</span></p></td>"
                                             for c in row) + "</tr>" for row in rows)
            body.append(f'<table border="1">{cells}</table>')
            rows.clear()

    for line in text.split("\n"):
        if "\t" in line:
            rows.append(line.split("\t"))
            continue
        flush()
        if line.strip():
            body.append(f"<p>{html.escape(line)}</p>")
    flush()
    return ("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>年度报告</title></head><body>"
            "<div class=\"TRS_Editor\">" + "".join(body) + "</div></body></html>")
