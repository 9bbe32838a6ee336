"""``--format html``: a self-contained page officials look at rather than read.

One file, no external style sheet, script or font (it works offline and as an
e-mail attachment, and prints on A4): per report a header with title, year, layout
and counts, every finding with its location, message, marked source excerpt and
the rule's documentation, the three tables drawn as grids with the offending cells
highlighted, and the sections outline.  Several reports on one page get an index
first; :func:`write_site` (``--output-dir``) writes the index and one page per
report instead.

The page's Content-Security-Policy admits only its own inline style and script (by
hash): escaping keeps a draft's ``<script>`` as text, and the policy would stop it
even if escaping ever failed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from html import escape
from pathlib import Path
from typing import TextIO

from linter import __version__
from linter.diagnostics import Severity
from linter.reporters import Format, ReportOptions, Totals
from linter.reporters.html_assets import SCRIPT, STYLE, content_security_policy
from linter.reporters.html_report import LAYOUT_NAMES, render_report, severity_counts
from linter.results import FileResult

INDEX_NAME = "index.html"


class Html(Format):
    """The page is drawn from each report's source and tables, so its results are not detached."""

    needs_sources = True

    def report(self, results: Sequence[FileResult], out: TextIO, options: ReportOptions) -> None:
        out.write(page(results))


FORMAT = Html()


def page(results: Sequence[FileResult]) -> str:
    """One page: the report itself, or an index followed by every report."""
    if len(results) == 1:
        return document(_title(results[0]), render_report(results[0], "r1"))
    body = index(results, lambda number: f"#r{number}")
    body += "\n".join(render_report(result, f"r{number}") for number, result in enumerate(results, 1))
    return document("年度报告检查结果总览", body)


def write_site(results: Sequence[FileResult], directory: str, options: ReportOptions | None = None) -> list[Path]:
    """``--output-dir``: ``index.html`` and one page per report; returns the files written."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    names = page_names([result.path for result in results])
    written = []
    for result, name in zip(results, names):
        target = folder / name
        target.write_text(document(_title(result), render_report(result, "r1", back_link=INDEX_NAME)),
                          encoding="utf-8")
        written.append(target)
    target = folder / INDEX_NAME
    target.write_text(document("年度报告检查结果总览", index(results, lambda number: names[number - 1])),
                      encoding="utf-8")
    written.append(target)
    return written


def page_names(paths: Sequence[str]) -> list[str]:
    """A distinct, readable file name for each report's page (never ``index.html``)."""
    used = {INDEX_NAME}
    names = []
    for path in paths:
        stem = re.sub(r"[^\w.\-]+", "-", path).strip("-.")[:120] or "report"
        name, counter = f"{stem}.html", 1
        while name.lower() in used:
            counter += 1
            name = f"{stem}-{counter}.html"
        used.add(name.lower())
        names.append(name)
    return names


def index(results: Sequence[FileResult], href: Callable[[int], str]) -> str:
    """The files × errors/warnings table, sortable and filterable by code."""
    totals = Totals.of(results).as_dict()
    codes = sorted({d.code for result in results for d in result.diagnostics})
    options = "".join(f'<option value="{escape(code)}">{escape(code)}</option>' for code in codes)
    rows = []
    for number, result in enumerate(results, 1):
        counts = severity_counts(result)
        file_codes = Counter(d.code for d in result.diagnostics)
        code_list = " ".join(f"{code}×{n}" if n > 1 else code for code, n in sorted(file_codes.items()))
        layout = LAYOUT_NAMES.get(result.layout or "", "—").split("（")[0]
        rows.append(
            f'<tr data-filter-codes="{escape(" ".join(sorted(file_codes)))}" data-path="{escape(result.path)}">'
            f'<td><a href="{escape(href(number))}">{escape(result.path)}</a></td>'
            f'<td class="num" data-value="{result.year or ""}">{result.year or "—"}</td><td>{escape(layout)}</td>'
            f'<td class="num errors">{counts[Severity.ERROR]}</td><td class="num warnings">{counts[Severity.WARNING]}</td>'
            f'<td class="num infos">{counts[Severity.INFO]}</td><td class="codes">{escape(code_list)}</td></tr>')
    infos = sum(severity_counts(result)[Severity.INFO] for result in results)
    return (
        '<section class="index">'
        "<h1>年度报告检查结果总览</h1>"
        f'<p class="meta" id="summary" data-files="{totals["files"]}" data-errors="{totals["errors"]}" '
        f'data-warnings="{totals["warnings"]}">共 {totals["files"]} 个文件：{totals["errors"]} 个错误，'
        f'{totals["warnings"]} 个警告，{infos} 个提示</p>'
        '<div class="toolbar no-print"><label>按代码筛选：<select id="code-filter"><option value="">全部</option>'
        f"{options}</select></label><span class=\"muted\">点击表头排序</span></div>"
        '<table class="index" data-sortable><thead><tr>'
        '<th data-sort>文件</th><th class="num" data-sort>年度</th><th data-sort>表格格式</th>'
        '<th class="num" data-sort>错误</th><th class="num" data-sort>警告</th><th class="num" data-sort>提示</th>'
        "<th data-sort>问题代码</th></tr></thead><tbody>" + "\n".join(rows) + "</tbody>"
        f'<tfoot><tr><td>合计 {totals["files"]} 个文件</td><td></td><td></td>'
        f'<td class="num">{totals["errors"]}</td><td class="num">{totals["warnings"]}</td><td class="num">{infos}</td>'
        "<td></td></tr></tfoot></table></section>")


def document(title: str, body: str, scripts: tuple[str, ...] = (SCRIPT,), form_action: str = "'none'") -> str:
    """A complete page around ``body``; ``scripts`` are inline and the only ones allowed to run."""
    policy = content_security_policy(scripts, (STYLE,), form_action)
    script_tags = "".join(f"<script>{script}</script>" for script in scripts)
    return (
        '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>\n<body>\n{body}\n"
        f'<footer>nianbao-lint {escape(__version__)} 生成；页面自包含，可离线打开、作为邮件附件发送或打印。</footer>'
        f"{script_tags}</body></html>\n")


def _title(result: FileResult) -> str:
    report = result.report
    if report is not None and report.title:
        return f"{report.title.text.strip(' #*')} — 检查结果"
    return f"{result.path} — 检查结果"
