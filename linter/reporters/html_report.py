"""One report as an HTML fragment: header, findings, tables, sections outline.

Every piece of text that comes from the report or a finding passes through
:func:`html.escape`; nothing of the draft is ever inserted as markup.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from html import escape

from linter.diagnostics import Diagnostic, Severity, Span
from linter.form import SECTIONS
from linter.parsing.model import Report
from linter.reporters.html_tables import Marks, render_tables
from linter.results import FileResult
from linter.source import Source

LAYOUT_NAMES = {"2021": "2021 年格式（国办公开办函〔2021〕30号）", "2019": "2019 年试行格式（国办公开办函〔2019〕60号）"}
_EXCERPT_LINES = 3  # a span over more lines is shown by its first lines
_CONTEXT = 60  # characters shown either side of a span on a long line (web text comes as one line)
_MARKED = 200  # characters of a long span shown


def address(result: FileResult, diagnostic: Diagnostic) -> str:
    """Where the author finds the finding: for Word and PDF the report address an official can
    follow (表三「…」行「总计」列), elsewhere line and column."""
    place = result.placed(diagnostic).place
    if result.document and place.location is not None:
        return place.location.full
    pos = result.position(diagnostic)
    return f"第{pos.line}行 第{pos.column}列"


def severity_counts(result: FileResult) -> Counter:
    return Counter(d.severity for d in result.diagnostics)


def counts_html(counts: Counter) -> str:
    if not counts:
        return '<span class="count clean">未发现问题</span>'
    return "".join(f'<span class="count {s.value}" data-severity="{s.value}">{s.label} {counts[s]}</span>'
                   for s in Severity if counts[s])


def render_report(result: FileResult, prefix: str, back_link: str | None = None) -> str:
    """The whole report of one file; ``prefix`` keeps element ids unique on a page of several."""
    report = result.report
    marks = Marks(report, result.diagnostics, prefix)
    counts = severity_counts(result)
    title = report.title.text.strip(" \u3000#*") if report is not None and report.title else result.path
    meta = [f"文件：{escape(result.path)}"]
    if report is not None:
        meta.append(f"年度：{result.year}" if result.year else "年度：未知")
        meta.append(f"表格格式：{escape(LAYOUT_NAMES.get(result.layout or '', result.layout or '未知'))}")
    parts = [f'<section class="report" id="{prefix}" data-path="{escape(result.path)}" '
             f'data-errors="{counts[Severity.ERROR]}" data-warnings="{counts[Severity.WARNING]}" '
             f'data-infos="{counts[Severity.INFO]}">']
    if back_link:
        parts.append(f'<p class="no-print"><a href="{escape(back_link)}">← 返回总览</a></p>')
    parts.append(f"<h1>{escape(title)}</h1>")
    parts.append('<div class="meta">' + "".join(f"<span>{m}</span>" for m in meta) + "</div>")
    parts.append(f'<div class="counts">{counts_html(counts)}</div>')
    parts.append(f"<h2>问题（{len(result.diagnostics)}）</h2>")
    parts.append(_findings(result, marks, prefix))
    if report is not None:
        parts.append("<h2>表格（按读取结果绘制）</h2>")
        parts.append(render_tables(report, marks))
        parts.append("<h2>报告结构</h2>")
        parts.append(_outline(report, result.diagnostics))
    else:
        parts.append('<p class="notice error">文件无法读取，没有可显示的表格和结构。</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _findings(result: FileResult, marks: Marks, prefix: str) -> str:
    if not result.diagnostics:
        return '<p class="muted">没有发现问题。</p>'
    items = []
    for number, diagnostic in enumerate(result.diagnostics):
        pos = result.position(diagnostic)
        severity = diagnostic.severity
        head = (f'<div class="head"><span class="badge {severity.value}">{severity.label}</span>'
                f'<span class="code">{escape(diagnostic.code)}</span>'
                f'<span class="name muted">{escape(diagnostic.name)}</span>'
                f'<span class="where">{escape(address(result, diagnostic))}</span>')
        target = marks.finding_target.get(number)
        if target:
            head += f'<a class="to-cell no-print" href="#{target}">在表格中查看</a>'
        head += "</div>"
        body = [head, f'<div class="message">{escape(diagnostic.message)}</div>']
        if result.source is not None:
            body.append(_excerpt(result.source, diagnostic.span.start, diagnostic.span.end))
            for related in diagnostic.related:
                body.append(f'<div class="related">相关位置（{escape(related.message)}）：'
                            f"{escape(address(result, _at(diagnostic, related.span)))}</div>")
        if diagnostic.fix is not None and diagnostic.fix.safe:
            body.append(f'<div class="fix">可安全修复（--fix，仅 .txt/.md）：改为“{escape(diagnostic.fix.replacement)}”</div>')
        doc = _rule_doc(result, diagnostic.code)
        if doc:
            body.append(f'<details class="doc"><summary>规则说明</summary><pre>{escape(doc)}</pre></details>')
        items.append(f'<li class="finding {severity.value}" id="{prefix}-f{number + 1}" '
                     f'data-code="{escape(diagnostic.code)}" data-filter-codes="{escape(diagnostic.code)}" '
                     f'data-severity="{severity.value}" data-line="{pos.line}" data-column="{pos.column}">'
                     + "".join(body) + "</li>")
    return '<ol class="findings">' + "\n".join(items) + "</ol>"


def _at(diagnostic: Diagnostic, span: Span) -> Diagnostic:
    """A stand-in finding at ``span``, so a related location is addressed like a finding."""
    return replace(diagnostic, span=span, related=())


def _rule_doc(result: FileResult, code: str) -> str:
    rule = result.pack.rules.get(code) if result.pack is not None else None
    if rule is None:
        from linter.packs import all_rules

        rule = all_rules().get(code)
    return rule.doc.strip() if rule is not None else ""


def _excerpt(source: Source, start: int, end: int) -> str:
    """The source lines of a span, the span itself marked; numbered as in the text."""
    first, first_col = source.line_col(start)
    last, last_col = source.line_col(end)
    if end > start and last_col == 1 and last > first:
        last, last_col = last - 1, len(source.line_text(last - 1)) + 1  # a span ending at a newline
    numbers = range(first, min(last, first + _EXCERPT_LINES - 1) + 1)
    if not any(source.line_text(n).strip() for n in numbers):
        return ""
    lines = []
    for number in numbers:
        text = source.line_text(number)
        begin = first_col - 1 if number == first else 0
        stop = last_col - 1 if number == last else len(text)
        if stop <= begin:  # an empty span is shown on the character it points at
            stop = min(len(text), begin + 1)
        lines.append(f'<span class="lineno">{number:>4} │ </span>' + _marked_line(text, begin, stop))
    return '<pre class="excerpt">' + "\n".join(lines) + "</pre>"


def _marked_line(text: str, begin: int, stop: int) -> str:
    """``text`` with ``[begin, stop)`` marked, long context and long spans shortened with "…"."""
    before = text[:begin] if begin <= _CONTEXT else "…" + text[begin - _CONTEXT:begin]
    marked = text[begin:stop] if stop - begin <= _MARKED else text[begin:begin + _MARKED] + "…"
    after = text[stop:] if len(text) - stop <= _CONTEXT else text[stop:stop + _CONTEXT] + "…"
    return f"{escape(before)}<mark>{escape(marked or '⟵')}</mark>{escape(after)}"


def _outline(report: Report, diagnostics: Sequence[Diagnostic]) -> str:
    items = []
    for section_def in SECTIONS:
        key, canonical = section_def.key, section_def.title
        section = report.section(key)
        inside = []
        if section is not None:
            span = section.span
            inside = [d for d in diagnostics if span.start <= d.span.start < span.end]
        if section is None:
            items.append(f'<li data-section="{key}" data-present="false"><span class="mark-bad">✗</span> '
                         f"{section_def.numeral}、{escape(canonical)} <span class=\"muted\">（缺少）</span></li>")
            continue
        standard = section.title in section_def.standard_titles
        written = section.title if standard else f"{section.title}（规定表述：{canonical}）"
        note = f' <span class="muted">— {len(inside)} 个问题</span>' if inside else ""
        items.append(f'<li data-section="{key}" data-present="true"><span class="mark-ok">✓</span> '
                     f"{section_def.numeral}、{escape(written)}{note}</li>")
    return '<ul class="outline">' + "".join(items) + "</ul>"
