"""A correct blank annual report for a year and agency (``nianbao-lint init``).

Everything the form fixes is taken from the linter's own data, so that the template
and the checks cannot disagree: the section titles from
:mod:`linter.form` (section titles, table labels and columns, the format documents),
the layout and the format document number of the year from the
rule pack that covers it, the 总体情况 aspects from the pack's S104 parameters.  What
only the agency knows is a placeholder ``【请填写：…】``, which rule R004 reports until
it is filled in.  Tables come with 0 in every cell (the form wants 0, never blank).

The template is first built as neutral blocks (title, headings, paragraphs, tables of
``(text, colspan, rowspan)`` cells) and then rendered as Word (real tables with the
form's merged header cells), Markdown or plain text.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linter.form import (
    APPLICANT_COLUMNS,
    LAYOUTS,
    OUTCOME_GROUPS,
    REVIEW_GROUPS,
    REVIEW_RESULTS,
    SECTION_BY_KEY,
    Layout,
    LayoutName,
    TableKind,
    numeral,
)

if TYPE_CHECKING:
    from linter.packs import Pack

PLACEHOLDER = "【请填写：{}】"
_BALANCE_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
_FEE_FROM = 2021  # 国办函〔2020〕109号: reports from 2021 on state whether 信息处理费 was collected


def blank(what: str) -> str:
    return PLACEHOLDER.format(what)


class CarryOverError(ValueError):
    """Last year's report gives no usable 结转下年度 row; the message is Chinese."""


def carry_over(path: str, year: int) -> tuple[str, ...]:
    """Last year's 四、结转下年度继续办理 (seven numbers), read from its report (any format).

    The report must be of ``year - 1`` and its table under 三 readable, with a number in
    every cell of that row: a blank or unreadable cell is never carried as 0.
    """
    from linter import Linter, Settings

    result = Linter(Settings(isolated=True)).run([path])[0]
    if result.read_failed:
        raise CarryOverError(f"{path}: {result.diagnostics[0].message if result.diagnostics else '无法读取'}")
    if result.year != year - 1:
        found = f"{result.year} 年度" if result.year else "年度不明"
        raise CarryOverError(f"{path} 是{found}的报告，不是 {year - 1} 年度的报告")
    table = result.report.tables.get(TableKind.APPLICATIONS) if result.report is not None else None
    row = table.rows.get("forward") if table is not None and table.readable else None
    if row is None:
        raise CarryOverError(f"{path}: 未能可靠读出表三“四、结转下年度继续办理”一行")
    cells = [row.cells.get(column) for column in APPLICANT_COLUMNS]
    numbers = [cell.number for cell in cells if cell is not None and cell.number is not None]
    if len(numbers) < len(cells):
        raise CarryOverError(f"{path}: 表三“四、结转下年度继续办理”一行有未填写数字的单元格，无法结转")
    return tuple(format(number.normalize(), "f") for number in numbers)


@dataclass(frozen=True)
class Template:
    year: int
    agency: str
    government: bool = False
    carried: tuple[str, ...] | None = None  # last year's 结转下年度, for this year's 上年结转 (--from)

    # --- what the year's rule pack decides -------------------------------------------------

    @property
    def pack(self) -> Pack:
        from linter.packs import pack_for_year

        return pack_for_year(self.year)

    @property
    def layout(self) -> Layout:
        return LAYOUTS[self.pack.layout or LayoutName.V2021]

    @property
    def layout_name(self) -> str:
        return f"{self.layout.name}年表格格式，国办公开办函〔{self._format_document[0]}〕{self._format_document[1]}号"

    @property
    def _format_document(self) -> tuple[int, int]:
        params = self.pack.rules["C401"].params
        return params.year, params.number

    @property
    def title(self) -> str:
        return f"{self.agency}{self.year}年政府信息公开工作年度报告"

    def _aspects(self) -> list[str]:
        aspects = list(self.pack.rules["S104"].params.aspects)
        names = {"平台建设": "政府信息公开平台建设"}  # the pack's key is the short form of the 30号 wording
        names["监督保障"] = "监督保障（含工作考核、社会评议和责任追究结果情况）" if self.government else "监督保障"
        return [names.get(aspect, aspect) for aspect in aspects]

    # --- the report as blocks --------------------------------------------------------------

    def blocks(self) -> list[tuple[str, Any]]:
        year = self.year
        doc_year, doc_number = self._format_document
        preamble = (
            f"本报告根据《中华人民共和国政府信息公开条例》（国务院令第711号，以下简称《条例》）和"
            f"{self.layout.document}（国办公开办函〔{doc_year}〕{doc_number}号）要求编制。"
            f"报告中所列数据的统计期限自{year}年1月1日起至{year}年12月31日止。"
            f"本报告电子版可在{blank('网站名称')}下载。"
            f"如对本报告有疑问，请与{self.agency}{blank('承办科室')}联系（地址：{blank('通讯地址')}；"
            f"邮编：{blank('6位邮政编码')}；电话：{blank('区号-号码，如0000-0000000')}；"
            f"电子邮箱地址：{blank('电子邮箱')}）。"
        )
        blocks: list[tuple[str, Any]] = [("title", self.title), ("p", preamble)]
        blocks += [("h1", self._heading(1)),
                   ("p", f"{year}年，{self.agency}{blank('本年度政府信息公开工作的总体情况')}。")]
        for i, aspect in enumerate(self._aspects(), start=1):
            blocks += [("h2", f"（{numeral(i)}）{aspect}"), ("p", blank(f"{aspect}方面的工作情况"))]
        blocks += [("h1", self._heading(2)), ("table", self.disclosure_table())]
        blocks += [("h1", self._heading(3)), ("table", self.applications_table())]
        blocks += [("h1", self._heading(4)), ("table", self.review_table())]
        blocks += [("h1", self._heading(5)),
                   ("p", blank("本年度政府信息公开工作存在的主要问题，以及改进情况和下一年度的工作措施"))]
        blocks += [("h1", self._heading(6))]
        if year >= _FEE_FROM:
            blocks += [
                ("p", f"（一）信息处理费收取情况。{year}年，本机关{blank('未收取信息处理费；如有收取，写明收取金额')}。"),
                ("p", f"（二）人大代表建议和政协提案办理结果公开情况。{blank('办理和公开情况')}"),
                ("p", f"（三）落实上级年度政务公开工作要点情况。{blank('落实情况')}"),
            ]
        else:
            blocks += [("p", blank("其他需要报告的事项；没有的写“无”"))]
        blocks += [("right", self.agency), ("right", blank("成文日期"))]
        return blocks

    @staticmethod
    def _heading(key: int) -> str:
        return f"{numeral(key)}、{SECTION_BY_KEY[key].title}"

    # --- the three tables, from the layout -------------------------------------------------

    def disclosure_table(self) -> list[list[Any]]:
        width = 1 + max(len(block.columns) for block in self.layout.disclosure)
        rows: list[list[Any]] = []
        for block in self.layout.disclosure:
            rows.append([(f"第二十条第（{block.item}）项", width, 1)])
            rows.append(["信息内容", *_spread(list(block.columns), width - 1)])
            for _key, label in block.rows:
                rows.append([label, *_spread(["0"] * len(block.columns), width - 1)])
        return rows

    def applications_table(self) -> list[list[Any]]:
        zeros = ["0"] * len(APPLICANT_COLUMNS)
        parts = APPLICANT_COLUMNS[1:-1]
        rows: list[list[Any]] = [
            [(_BALANCE_NOTE, 3, 3), ("申请人情况", len(APPLICANT_COLUMNS), 1)],
            [(APPLICANT_COLUMNS[0], 1, 2), ("法人或其他组织", len(parts), 1), (APPLICANT_COLUMNS[-1], 1, 2)],
            list(parts),
        ]
        by_key = {row.key: row for row in self.layout.application_rows}
        outcomes = [(row, row.group) for row in self.layout.application_rows if row.group is not None]
        rows.append([(by_key["new"].label, 3, 1), *zeros])
        rows.append([(by_key["carried"].label, 3, 1), *(self.carried or zeros)])
        group_sizes = {g: sum(1 for _, outcome in outcomes if outcome == g) for g in OUTCOME_GROUPS}
        seen: set[str] = set()
        for i, (row, outcome) in enumerate(outcomes):
            cells: list[Any] = []
            if i == 0:
                cells.append(("三、本年度办理结果", 1, len(outcomes) + 1))
            if "·" in row.label:
                group, sub = row.label.split("·", 1)
                if outcome not in seen:
                    cells.append((group, 1, group_sizes[outcome]))
                cells.append(sub)
            else:
                cells.append((row.label, 2, 1))
            seen.add(outcome)
            rows.append(cells + zeros)
        rows.append([(by_key["total"].label, 2, 1), *zeros])
        rows.append([(by_key["forward"].label, 3, 1), *zeros])
        return rows

    def review_table(self) -> list[list[Any]]:
        results = len(REVIEW_RESULTS)
        review, *litigation = REVIEW_GROUPS
        court = litigation[0].split("（")[0]  # 行政诉讼
        kinds = [group.split("（", 1)[1].rstrip("）") for group in litigation]
        return [
            [(review, results, 1), (court, results * len(litigation), 1)],
            [*[(label, 1, 2) for label in REVIEW_RESULTS], *[(kind, results, 1) for kind in kinds]],
            list(REVIEW_RESULTS) * len(litigation),
            ["0"] * (results * len(REVIEW_GROUPS)),
        ]

    # --- rendering -------------------------------------------------------------------------

    def render(self, output_format: str) -> bytes:
        if output_format == "docx":
            return render_docx(self.blocks())
        if output_format == "md":
            return render_markdown(self.blocks()).encode("utf-8")
        return render_text(self.blocks()).encode("utf-8")


def _spread(values: list[str], width: int) -> list[Any]:
    """Values across ``width`` columns, the last one merged over the columns left over."""
    if len(values) >= width:
        return values
    return [*values[:-1], (values[-1], width - len(values) + 1, 1)]


def place(rows: list[list[Any]]) -> Iterator[tuple[int, int, int, int, str]]:
    """Where each ``(text, colspan, rowspan)`` cell of ``rows`` lands (a bare string is a 1×1 cell):
    ``(row, column, colspan, rowspan, text)``, a cell taking the first column not covered from above."""
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            text, colspan, rowspan = (cell, 1, 1) if isinstance(cell, str) else cell
            while (r, c) in taken:
                c += 1
            taken.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            yield r, c, colspan, rowspan, text
            c += colspan


def grid(rows: list[list[Any]]) -> tuple[list[list[str]], list[tuple[int, int, int, int]]]:
    """Resolve ``(text, colspan, rowspan)`` rows into a full grid of texts and the merges."""
    placed: dict[tuple[int, int], str] = {}
    merges = []
    for r, c, colspan, rowspan, text in place(rows):
        for dr in range(rowspan):
            for dc in range(colspan):
                placed[(r + dr, c + dc)] = text if dr == dc == 0 else ""
        if colspan > 1 or rowspan > 1:
            merges.append((r, c, rowspan, colspan))
    width = max(c for _, c in placed) + 1
    return [[placed.get((r, c), "") for c in range(width)] for r in range(len(rows))], merges


def render_text(blocks: list[tuple[str, Any]]) -> str:
    """Plain text: one paragraph a line, table rows TAB-separated, blank lines around tables."""
    lines: list[str] = []
    for kind, value in blocks:
        if kind == "table":
            if lines and lines[-1]:
                lines.append("")
            lines += ["\t".join(row) for row in grid(value)[0]]
        elif kind in ("title", "h1"):
            if lines and lines[-1]:
                lines.append("")
            lines.append(value)
        else:
            lines.append(value)
        if kind in ("title", "h1", "table"):
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def render_markdown(blocks: list[tuple[str, Any]]) -> str:
    """Markdown: ``#`` headings and pipe tables (merged cells written once, the rest blank)."""
    out: list[str] = []
    for kind, value in blocks:
        if kind == "title":
            out += [f"# {value}", ""]
        elif kind == "h1":
            out += [f"## {value}", ""]
        elif kind == "h2":
            out += [f"### {value}", ""]
        elif kind == "table":
            texts = grid(value)[0]
            out.append("| " + " | ".join(texts[0]) + " |")
            out.append("|" + "---|" * len(texts[0]))
            out += ["| " + " | ".join(row) + " |" for row in texts[1:]]
            out.append("")
        else:
            out += [value, ""]
    return "\n".join(out).rstrip("\n") + "\n"


def render_docx(blocks: list[tuple[str, Any]]) -> bytes:
    """Word: heading styles, a centred title, real tables with the form's merged cells."""
    import docx
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt, RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(26)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)

    def font(style_or_run: Any, east_asia: str, size: float, bold: bool = False) -> None:
        style_or_run.font.size = Pt(size)
        style_or_run.font.bold = bold
        style_or_run.font.color.rgb = RGBColor(0, 0, 0)
        element = style_or_run.element
        element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), east_asia)

    font(document.styles["Normal"], "仿宋", 16)
    font(document.styles["Heading 1"], "黑体", 16)
    font(document.styles["Heading 2"], "楷体", 16)
    for kind, value in blocks:
        if kind == "table":
            docx_table(document, value)
        elif kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            font(paragraph.add_run(value), "宋体", 22, bold=True)
        elif kind in ("h1", "h2"):
            document.add_paragraph(value, style="Heading 1" if kind == "h1" else "Heading 2")
        elif kind == "right":
            document.add_paragraph(value).alignment = WD_ALIGN_PARAGRAPH.RIGHT
        else:
            document.add_paragraph(value).paragraph_format.first_line_indent = Pt(32)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_TEXT_WIDTH_MM = 158  # A4 less the 26 mm margins
# Column widths in millimetres by table width: the label columns wide, the number columns narrow.
_WIDTHS = {4: [50, 36, 36, 36], 10: [14, 20, 54] + [10] * 7}


def docx_table(document: Any, rows: list[list[Any]], widths: Mapping[int, Sequence[float]] | None = None,
               size: float = 9) -> None:
    """A table of the form in a python-docx ``document``: cells merged as ``rows`` place them, column widths
    in millimetres by the table's number of columns (by default the blank report's), text centred in ``size``
    points."""
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    texts, merges = grid(rows)
    columns = len(texts[0])
    table = document.add_table(rows=len(texts), cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for r, c, rowspan, colspan in merges:
        table.cell(r, c).merge(table.cell(r + rowspan - 1, c + colspan - 1))
    millimetres = (widths or _WIDTHS).get(columns, [_TEXT_WIDTH_MM / columns] * columns)
    for column, width in zip(table.columns, millimetres, strict=True):
        column.width = Mm(width)
    for tr in table._tbl.tr_lst:
        start = 0
        for tc in tr.tc_lst:
            tc.width = Mm(sum(millimetres[start:start + tc.grid_span]))
            start += tc.grid_span
    for r, row in enumerate(texts):
        for c, text in enumerate(row):
            if text:
                paragraph = table.cell(r, c).paragraphs[0]
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                paragraph.add_run(text).font.size = Pt(size)
