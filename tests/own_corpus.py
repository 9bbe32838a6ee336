"""Build the project's own corpus of real-looking reports (tests/corpus/) from its ground truth.

    python tests/own_corpus.py          # rewrite tests/corpus/*.txt|md|html
    python tests/own_corpus.py --check  # exit 1 when a committed file differs from its source

Each report is a prose template (``tests/corpus/src/NAME.tmpl``, fictitious agencies) plus the
table values written in ``tests/groundtruth/own-corpus.yaml``; the tables are rendered in the
form the file imitates — a web-page copy flattened onto one line, GFM pipe tables without outer
pipes, PDF-extracted text in fragments, a Word-exported HTML page, TAB-separated text.  A
defective variant names the file it is ``based_on`` and lists its changed ``cells``, ``labels``
and text ``edits``, so every number of every file is stated once, in the ground truth.

The arithmetic of the tables (SPEC.md §5) is recomputed here from those values by
:func:`broken_relations`, independently of the linter.
"""

from __future__ import annotations

import copy
import html
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"
SOURCES = CORPUS / "src"
GROUNDTRUTH = ROOT / "tests" / "groundtruth" / "own-corpus.yaml"

APPLICANTS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
OUTCOMES = "三、本年度办理结果"

# (key, group label or None, row label) in the order of the form (SPEC.md §3–4).
_HEAD = [
    ("new", None, "一、本年新收政府信息公开申请数量"),
    ("carried", None, "二、上年结转政府信息公开申请数量"),
    ("open", OUTCOMES, "（一）予以公开"),
    ("partial", OUTCOMES, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
] + [(f"withheld.{i}", "（三）不予公开", label) for i, label in enumerate((
    "1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”", "4.保护第三方合法权益",
    "5.属于三类内部事务信息", "6.属于四类过程性信息", "7.属于行政执法案卷", "8.属于行政查询事项"), 1)
] + [(f"unable.{i}", "（四）无法提供", label) for i, label in enumerate((
    "1.本机关不掌握相关政府信息", "2.没有现成信息需要另行制作", "3.补正后申请内容仍不明确"), 1)
] + [(f"declined.{i}", "（五）不予处理", label) for i, label in enumerate((
    "1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物", "4.无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息"), 1)]
_TAIL = [("total", OUTCOMES, "（七）总计"), ("forward", None, "四、结转下年度继续办理")]
APPLICATION_ROWS = {
    "2021": _HEAD + [(f"other.{i}", "（六）其他处理", label) for i, label in enumerate((
        "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
        "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "3.其他"), 1)] + _TAIL,
    "2019": _HEAD + [("other", OUTCOMES, "（六）其他处理")] + _TAIL,
}
OUTCOME_KEYS = {layout: [k for k, group, _ in rows if group and k != "total"]
                for layout, rows in APPLICATION_ROWS.items()}

# Table under 二: blocks of (item, columns, ((key, label), …)).
DISCLOSURE = {
    "2021": [
        ("第二十条第（一）项", ("本年制发件数", "本年废止件数", "现行有效件数"),
         (("rules", "规章"), ("normative", "行政规范性文件"))),
        ("第二十条第（五）项", ("本年处理决定数量",), (("licensing", "行政许可"),)),
        ("第二十条第（六）项", ("本年处理决定数量",), (("penalty", "行政处罚"), ("enforcement", "行政强制"))),
        ("第二十条第（八）项", ("本年收费金额（单位：万元）",), (("fees", "行政事业性收费"),)),
    ],
    "2019": [
        ("第二十条第（一）项", ("本年新制作数量", "本年新公开数量", "对外公开总数量"),
         (("rules", "规章"), ("normative", "规范性文件"))),
        ("第二十条第（五）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("licensing", "行政许可"), ("other-services", "其他对外管理服务事项"))),
        ("第二十条第（六）项", ("上一年项目数量", "本年增/减", "处理决定数量"),
         (("penalty", "行政处罚"), ("enforcement", "行政强制"))),
        ("第二十条第（八）项", ("上一年项目数量", "本年增/减"), (("fees", "行政事业性收费"),)),
        ("第二十条第（九）项", ("采购项目数量", "采购总金额"), (("procurement", "政府集中采购"),)),
    ],
}
REVIEW_GROUPS = ("行政复议", "未经复议直接起诉", "复议后起诉")
REVIEW_RESULTS = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")


class CorpusError(ValueError):
    """The own-corpus ground truth or a template is inconsistent."""


# ---------------------------------------------------------------- ground truth → file specs

def load(path: Path = GROUNDTRUTH) -> dict[str, dict]:
    """Every corpus file's resolved spec: form, source, layout, tables, labels, edits, render options."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["files"]
    return {name: resolve(name, entries) for name in entries}


def resolve(name: str, entries: dict) -> dict:
    entry = entries[name]
    if "based_on" not in entry:
        spec = {"tables": copy.deepcopy(entry.get("tables", {})), "labels": {}, "edits": [], "render": {}}
    else:
        spec = resolve(entry["based_on"], entries)
        for table, rows in (entry.get("cells") or {}).items():
            if table == "review":
                spec["tables"]["review"] = list(rows)
            else:
                for key, values in rows.items():
                    if key not in spec["tables"][table]:
                        raise CorpusError(f"{name}: {table} has no row {key}")
                    spec["tables"][table][key] = list(values)
    for field in ("form", "source", "layout"):
        spec[field] = str(entry.get(field, spec.get(field)))
    spec["labels"] = {**spec["labels"], **(entry.get("labels") or {})}
    spec["edits"] = spec["edits"] + [tuple(edit) for edit in entry.get("edits") or []]
    spec["render"] = {**spec["render"], **(entry.get("render") or {})}
    spec["clean"] = not entry.get("expect") or all(e.get("status") == "allowed" for e in entry["expect"])
    return spec


# ---------------------------------------------------------------- arithmetic (SPEC.md §5)

def _number(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def broken_relations(tables: dict, layout: str) -> list[tuple[str, str]]:
    """The sums of SPEC.md §5 that do not hold, as (rule code, where).

    A blank (or any non-number) is not zero: a relation over it is not computed, except that a
    blank 总计 next to non-zero applicant cells breaks the row total (§5.5).
    """
    broken = []
    rows = tables.get("applications", {})
    keys = [k for k, _, _ in APPLICATION_ROWS[layout]]
    missing = [k for k in keys if k not in rows] + [k for k in rows if k not in keys]
    if missing:
        raise CorpusError(f"table 三 rows missing or unknown: {missing}")
    for key in keys:
        values = rows[key]
        if len(values) != 7:
            raise CorpusError(f"table 三 row {key} has {len(values)} values, not 7")
        parts, total = [_number(v) for v in values[:6]], _number(values[6])
        if (total is None and any(parts)) or (total is not None and None not in parts and sum(parts) != total):
            broken.append(("T301", key))
    for column, name in enumerate(APPLICANTS):
        cells = {k: _number(rows[k][column]) for k in keys}
        outcomes = [cells[k] for k in OUTCOME_KEYS[layout]]
        if cells["total"] is not None and None not in outcomes and sum(outcomes) != cells["total"]:
            broken.append(("T302", name))
        balance = [cells[k] for k in ("new", "carried", "total", "forward")]
        if None not in balance and balance[0] + balance[1] != balance[2] + balance[3]:
            broken.append(("T303", name))
    review = tables.get("review", [])
    if len(review) != 15:
        raise CorpusError(f"table 四 has {len(review)} values, not 15")
    for g, group in enumerate(REVIEW_GROUPS):
        values = [_number(v) for v in review[g * 5:g * 5 + 5]]
        if None not in values and sum(values[:4]) != values[4]:
            broken.append(("T304", group))
    return broken


# ---------------------------------------------------------------- templates

def template(spec: dict) -> str:
    text = (SOURCES / f"{spec['source']}.tmpl").read_text(encoding="utf-8")
    for old, new in spec["edits"]:
        if text.count(old) != 1:
            raise CorpusError(f"edit {old!r} matches {text.count(old)} times in {spec['source']}.tmpl")
        text = text.replace(old, new)
    return text


def _cell(value) -> str:
    return "" if value is None else str(value)


def _disclosure_rows(spec: dict):
    """(item, columns, [(label, values)]) per block of the table under 二."""
    values = spec["tables"]["disclosure"]
    for item, columns, rows in DISCLOSURE[spec["layout"]]:
        yield item, columns, [(spec["labels"].get(key, label), [_cell(v) for v in values[key]]) for key, label in rows]


def _application_rows(spec: dict):
    rows = spec["tables"]["applications"]
    for key, group, label in APPLICATION_ROWS[spec["layout"]]:
        yield key, group, spec["labels"].get(key, label), [_cell(v) for v in rows[key]]


def _review_values(spec: dict) -> list[str]:
    return [_cell(v) for v in spec["tables"]["review"]]


def _groups(group: str | None) -> tuple[str, ...]:
    """The group labels above a row of table 三, outermost first."""
    if group is None:
        return ()
    return (OUTCOMES,) if group == OUTCOMES else (OUTCOMES, group)


# ---------------------------------------------------------------- TAB-separated (copied from Word)

def tab_tables(spec: dict) -> dict[str, str]:
    width = 1 + max(len(columns) for _, columns, _ in DISCLOSURE[spec["layout"]])

    def pad(cells: list[str]) -> str:
        return "\t".join(cells + [""] * (width - len(cells)))

    lines = []
    for item, columns, rows in _disclosure_rows(spec):
        lines += [pad([item]), pad(["信息内容", *columns])] + [pad([label, *v]) for label, v in rows]
    disclosure = "\n".join(lines)
    lines = [f"{NOTE}\t\t申请人情况\t\t\t\t\t\t", "\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
             "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t"]
    seen = set()
    for key, group, label, values in _application_rows(spec):
        # Merged Word cells collapse unevenly when copied: two or three label columns.
        if group is None:
            heads = [label, ""]
        elif group == OUTCOMES:
            heads = ["" if OUTCOMES in seen else OUTCOMES, label] + ([""] if key == "total" else [])
        else:
            heads = ["", "" if group in seen else group, label]
        seen.update({OUTCOMES, group} if group else set())
        lines.append("\t".join([*heads, *values]))
    applications = "\n".join(lines)
    head = "\t".join(REVIEW_RESULTS)
    review = "\n".join([
        "行政复议\t\t\t\t\t行政诉讼" + "\t" * 9,
        "\t" * 5 + "未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t",
        f"{head}\t{head}\t{head}",
        "\t".join(_review_values(spec)),
    ])
    return {"disclosure": disclosure, "applications": applications, "review": review}


# ---------------------------------------------------------------- web page copied to one line

def flat_tables(spec: dict) -> dict[str, str]:
    """Cells run together with no separator, as a copied web page gives them."""
    loose = set(spec["render"].get("loose_rows", []))
    repeat = spec["render"].get("repeat_group_before")
    parts = []
    for item, columns, rows in _disclosure_rows(spec):
        parts.append(item + "信息内容" + "".join(columns) + "".join(label + "".join(v) for label, v in rows))
    disclosure = "".join(parts)
    header = NOTE + "申请人情况自然人法人或其他组织总计" + "".join(APPLICANTS[1:6])
    parts, group_seen = [header], set()
    for key, group, label, values in _application_rows(spec):
        if key == repeat:
            group_seen.discard(OUTCOMES)
        for g in _groups(group):
            if g not in group_seen:
                parts.append(g)
                group_seen.add(g)
        if key in loose:  # spaced, but with the last two values still run together
            cells = " ".join(values[:-2]) + " " + values[-2] + values[-1]
            parts.append(f"{label} {cells} ")
        else:
            parts.append(label + "".join(values))
    applications = "".join(parts)
    review = ("行政复议行政诉讼" + "".join(REVIEW_RESULTS) + "未经复议直接起诉复议后起诉"
              + "".join(REVIEW_RESULTS) * 2 + "".join(_review_values(spec)))
    return {"disclosure": disclosure, "applications": applications, "review": review}


# ---------------------------------------------------------------- GFM pipe tables without outer pipes

def _pipe(rows: list[list[str]]) -> str:
    """A GFM table without leading and trailing pipes: every row has the header's cell count."""
    lines = [" | ".join(rows[0]), " | ".join(["---"] * len(rows[0]))] + [" | ".join(r) for r in rows[1:]]
    return "\n".join(line.rstrip() for line in lines)


def pipe_tables(spec: dict) -> dict[str, str]:
    """Table 二 as one small table per 第二十条 item, tables 三 and 四 as one table each."""
    blocks = [f"**{item}**\n\n" + _pipe([["信息内容", *columns]] + [[label, *v] for label, v in block])
              for item, columns, block in _disclosure_rows(spec)]
    disclosure = "\n\n".join(blocks)
    rows, seen = [["项目", *APPLICANTS]], set()
    for _key, group, label, values in _application_rows(spec):
        prefix = ""
        for g in _groups(group):
            if g not in seen:
                prefix += g
                seen.add(g)
        if values[-1] == "":
            raise CorpusError("a blank last cell cannot be written in a pipe table without outer pipes")
        rows.append([prefix + label, *values])
    applications = _pipe(rows)
    head = [f"{g}{r}" for g in REVIEW_GROUPS for r in REVIEW_RESULTS]
    review = _pipe([head, _review_values(spec)])
    return {"disclosure": disclosure, "applications": applications, "review": review}


# ---------------------------------------------------------------- PDF text extraction

def _broken(label: str, width: int) -> list[str]:
    return [label[i:i + width] for i in range(0, len(label), width)] or [""]


def pdf_tables(spec: dict) -> dict[str, str]:
    """Space-separated numbers, long labels broken over lines, page breaks inside tables."""
    breaks = spec["render"].get("page_breaks", {})  # row key or block item → page number shown
    out = []

    def page(number) -> None:
        out.extend(["", f"— {number} —", ""])

    for item, columns, rows in _disclosure_rows(spec):
        if item in breaks:
            page(breaks[item])
        out += [item, "", "信息内容 " + " ".join(columns), ""]
        out += [f"{label} {' '.join(v)}" for label, v in rows] + [""]
    disclosure = "\n".join(out).rstrip("\n")

    header = ["申请人情况", "", "自然", "", "人", "", "法人或其他组织", "", "总计商业", "", "企业", "",
              "科研", "", "机构", "", "社会", "", "公益", "", "组织", "", "法律", "", "服务", "", "机构", "", "其他", ""]
    out = ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三", "", "项加第四项之和）", ""] + header
    seen = set()
    for key, group, label, values in _application_rows(spec):
        if key in breaks:
            page(breaks[key])
            out += header  # the header row repeated at the top of the new page
            seen.discard(group)
        for g in _groups(group):
            if g not in seen:
                out += [part for piece in _broken(g, 4) for part in (piece, "")]
                seen.add(g)
        numbers = " ".join(values)
        pieces = _broken(label, 22)
        if len(pieces) == 1:
            out.append(f"{label} {numbers}")
        else:
            out += [pieces[0], ""] + pieces[1:-1] + [pieces[-1], numbers, ""]
    applications = "\n".join(out)

    out = []
    for _ in range(3):
        out += ["结果", "", "维持", "", "结果", "", "纠正", "", "其他", "", "结果", "", "尚未", "", "审结", "总计", ""]
    out = [" 行政复议 行政诉讼", ""] + out[:17] + ["未经复议直接起诉 复议后起诉", ""] + out[17:]
    review = "\n".join(out + [" ".join(_review_values(spec))])
    return {"disclosure": disclosure, "applications": applications, "review": review}


_WRAP = 28


def pdf_prose(text: str) -> str:
    """Each template line is a paragraph, wrapped as PDF extraction returns it; ``@`` lines verbatim."""
    out = []
    for line in text.split("\n"):
        if line.startswith("@"):
            out.append(line[1:])
            continue
        if not line.strip() or line.startswith("{{"):
            out.append(line)
            continue
        while len(line) > _WRAP:
            cut = _WRAP
            while cut > 1 and re.match(r"[0-9A-Za-z.@:/\-]", line[cut]) and re.match(r"[0-9A-Za-z.@:/\-]", line[cut - 1]):
                cut -= 1  # never break inside a number, an address or a phone
            if line[cut] in "，。；：、）”":
                cut += 1  # nor start a line with closing punctuation
            out += [line[:cut], ""]
            line = line[cut:]
        out += [line, ""]
    return "\n".join(out)


# ---------------------------------------------------------------- Word-exported HTML

_TD = "<td{attrs} valign=middle style='border:solid windowtext 1.0pt;padding:0cm 5.4pt 0cm 5.4pt'>"
_P = "<p class=MsoNormal align=center style='text-align:center'>{spans}</p></td>"
_SPAN = "<span style='font-size:10.5pt;font-family:宋体'>{text}</span>"
_SPAN_NUM = "<span lang=EN-US style='font-size:10.5pt'>{text}</span>"


def _td(text: str, rowspan: int = 1, colspan: int = 1, split: bool = False) -> str:
    attrs = (f" rowspan={rowspan}" if rowspan > 1 else "") + (f" colspan={colspan}" if colspan > 1 else "")
    if text == "":
        spans = _SPAN_NUM.format(text="&nbsp;")
    elif split and text.isdigit() and len(text) > 1:  # Word splits a number across two runs
        spans = _SPAN_NUM.format(text=text[0]) + _SPAN_NUM.format(text=text[1:])
    elif re.fullmatch(r"-?[\d.]+元?", text):
        spans = _SPAN_NUM.format(text=text)
    else:
        spans = _SPAN.format(text=html.escape(text, quote=False))
    return " " + _TD.format(attrs=attrs) + _P.format(spans=spans) + "\n"


def _table(rows: list[str]) -> str:
    body = "".join(f" <tr>\n{row} </tr>\n" for row in rows)
    return ("<table class=MsoNormalTable border=1 cellspacing=0 cellpadding=0 width=624 "
            "style='width:468.0pt;border-collapse:collapse;border:none'>\n" + body + "</table>")


def html_tables(spec: dict) -> dict[str, str]:
    split = spec["render"].get("split_numbers", False)
    rows = []
    for item, columns, block in _disclosure_rows(spec):
        rows.append(_td(item, colspan=4))
        rows.append(_td("信息内容") + "".join(_td(c, colspan=3 if len(columns) == 1 else 1) for c in columns)
                    + (_td("", colspan=4 - 1 - len(columns)) if 1 < len(columns) < 3 else ""))
        for label, values in block:
            cells = [_td(v, colspan=3 if len(values) == 1 else 1) for v in values]
            if 1 < len(values) < 3:
                cells.append(_td("", colspan=3 - len(values)))
            rows.append(_td(label) + "".join(cells))
    disclosure = _table(rows)

    layout_rows = list(_application_rows(spec))
    rows = [_td(NOTE, rowspan=3, colspan=3) + _td("申请人情况", colspan=7),
            _td("自然人", rowspan=2) + _td("法人或其他组织", colspan=5) + _td("总计", rowspan=2),
            "".join(_td(c) for c in APPLICANTS[1:6])]
    outcome_rows = sum(1 for _, group, _, _ in layout_rows if group)
    group_sizes: dict[str, int] = {}
    for _, group, _, _ in layout_rows:
        if group and group != OUTCOMES:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    seen = set()
    for index, (_key, group, label, values) in enumerate(layout_rows):
        cells = "".join(_td(v, split=split and index % 2 == 0) for v in values)
        head = ""
        if group and OUTCOMES not in seen:
            head += _td(OUTCOMES, rowspan=outcome_rows)
            seen.add(OUTCOMES)
        if group is None:
            head += _td(label, colspan=3)
        elif group == OUTCOMES:
            head += _td(label, colspan=2)
        else:
            if group not in seen:
                head += _td(group, rowspan=group_sizes[group])
                seen.add(group)
            head += _td(label)
        rows.append(head + cells)
    applications = _table(rows)

    rows = [_td("行政复议", colspan=5) + _td("行政诉讼", colspan=10),
            "".join(_td(r, rowspan=2) for r in REVIEW_RESULTS) + _td("未经复议直接起诉", colspan=5)
            + _td("复议后起诉", colspan=5),
            "".join(_td(r) for r in REVIEW_RESULTS) * 2,
            "".join(_td(v, split=split) for v in _review_values(spec))]
    if spec["render"].get("empty_row_after_review"):
        rows.append("".join(_td("") for _ in range(15)))
    review = _table(rows)
    return {"disclosure": disclosure, "applications": applications, "review": review}


def html_prose(text: str) -> str:
    """Lines starting with ``<`` are markup; other non-empty lines become Word-style paragraphs."""
    out = []
    for line in text.split("\n"):
        if not line.strip() or line.startswith("<") or line.startswith("{{"):
            out.append(line)
        else:
            out.append("<p class=MsoNormal style='text-indent:32.0pt;line-height:28.0pt'>"
                       f"<span style='font-size:16.0pt;font-family:仿宋_GB2312'>{html.escape(line, quote=False)}"
                       "</span></p>")
    return "\n".join(out)


# ---------------------------------------------------------------- assembling a file

FORMS = {
    "tab": (tab_tables, None),
    "flat": (flat_tables, None),
    "pipe": (pipe_tables, None),
    "pdf": (pdf_tables, pdf_prose),
    "html": (html_tables, html_prose),
}


def render(spec: dict) -> str:
    tables, prose = FORMS[spec["form"]]
    text = template(spec)
    if prose:
        text = prose(text)
    for name, rendered in tables(spec).items():
        marker = "{{" + name + "}}"
        if text.count(marker) != 1:
            raise CorpusError(f"{spec['source']}.tmpl must hold {marker} exactly once")
        text = text.replace(marker, rendered)
    return text


def build(write: bool) -> list[str]:
    """Render every corpus file; write it, or return the names whose committed copy differs."""
    stale = []
    for name, spec in load().items():
        text = render(spec)
        path = CORPUS / name
        if write:
            path.write_text(text, encoding="utf-8")
        elif not path.is_file() or path.read_text(encoding="utf-8") != text:
            stale.append(name)
    return stale


if __name__ == "__main__":
    if "--check" in sys.argv[1:]:
        stale = build(write=False)
        print("\n".join(f"out of date: {name}" for name in stale) or "up to date")
        sys.exit(1 if stale else 0)
    build(write=True)
