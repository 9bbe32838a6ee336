"""A reviewed copy of a Word draft: every finding as a Word comment (批注) where it is.

Officials review drafts in Word or WPS with comments in the margin; this hands them
back their own document the same way.  Each diagnostic becomes one comment by
``nianbao-lint``, anchored on the words it is about (the run is split so that the
comment covers exactly them), on the table cell (a merged cell where the merge
starts; a blank cell gets an empty run to hold the comment), or on the paragraph.
The comment reads ``CODE message``, then the suggested wording of a safe fix and
the other side of a mismatch.  A summary comment on the title gives the counts by
severity, the tool version and the rule pack.

Anchors come from the reader's own addresses: the copy is walked with the same
walker as the reader (:func:`linter.readers.docx.walk`), so paragraph and table
ordinals name the same elements.  The input bytes are never modified; the copy is
built in memory and returned.
"""

from __future__ import annotations

import copy
import io
from typing import TYPE_CHECKING, Any

from linter.diagnostics import Diagnostic, Severity, Span
from linter.locations import Locations
from linter.readers.docx import W, WordXml, walk
from linter.results import FileResult
from linter.source import Source

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.run import Run

AUTHOR = "nianbao-lint"
INITIALS = "NB"
_RUN_WRAPPERS = (W + "hyperlink", W + "ins", W + "smartTag", W + "customXml", W + "fldSimple")


class AnnotateError(ValueError):
    """The file cannot be annotated (not a readable Word document); the message is Chinese."""


def annotate_docx(data: bytes, result: FileResult) -> bytes:
    """The .docx ``data`` with one comment per diagnostic of ``result`` and a summary comment.

    ``result`` is what linting these same bytes produced (``Linter.check_bytes``), so
    that its offsets match the document.
    """
    source = result.source
    if result.read_failed or source is None or source.kind != "docx":
        raise AnnotateError("只能为可以读取的 Word .docx 文件添加批注")
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # the same bytes were read by the reader: this is unexpected
        raise AnnotateError(f"无法打开 Word 文件（{type(exc).__name__}）") from None
    anchors = _Anchors(document)
    locations = Locations(result.source, result.report)
    for diagnostic in result.diagnostics:
        location = locations.of(diagnostic)
        runs = anchors.runs(source, location.span or diagnostic.span)
        document.add_comment(runs, text=comment_text(diagnostic, locations), author=AUTHOR, initials=INITIALS)
    title_span = result.report.title.span if result.report is not None and result.report.title else None
    summary_runs = anchors.runs(source, title_span) if title_span else anchors.first_runs()
    document.add_comment(summary_runs, text=summary(result), author=AUTHOR, initials=INITIALS)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def comment_text(diagnostic: Diagnostic, locations: Locations) -> str:
    """``CODE message``, the suggested wording of a safe fix, the other side of a mismatch."""
    lines = [f"{diagnostic.code} {diagnostic.message}"]
    if diagnostic.fix is not None and diagnostic.fix.safe:
        lines.append(f"建议改为：“{diagnostic.fix.replacement}”")
    for related in diagnostic.related:
        lines.append(f"另见 {locations.at(related.span).full}：{related.message}")
    return "\n".join(lines)


def summary(result: FileResult) -> str:
    """The summary comment: counts by severity, tool version, rule pack."""
    from linter import __version__

    counts = {severity: result.count(severity) for severity in Severity}
    pack = result.pack.name if result.pack is not None else "base"
    total = len(result.diagnostics)
    head = (f"nianbao-lint {__version__} 检查结果：共 {total} 条（错误 {counts[Severity.ERROR]} 条，"
            f"警告 {counts[Severity.WARNING]} 条，提示 {counts[Severity.INFO]} 条）。")
    packs = f"规则包：{pack}" + ("（在 base 基础上）" if pack != "base" else "")
    year = f"；报告年度：{result.year}" if result.year else ""
    return f"{head}\n{packs}{year}。每条问题见对应位置的批注。" if total else f"{head}\n{packs}{year}。未发现问题。"


class _Anchors:
    """Body paragraphs and table cells of the copy, by the reader's addresses."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.paragraphs: dict[int, Any] = {}
        self.cells: dict[tuple[int, int, int], Any] = {}
        for kind, number, element, content in walk(WordXml.of(document)):
            if kind == "p":
                self.paragraphs[number] = element
            else:
                for r, row in enumerate(content, start=1):
                    for c, cell in enumerate(row, start=1):
                        if cell.tc is not None:
                            self.cells[(number, r, c)] = cell.tc

    def runs(self, source: Source, span: Span) -> list[Run]:
        """The first and last run to anchor a comment on ``span``."""
        address = source.location(span.start) or {}
        if "paragraph" in address and address["paragraph"] in self.paragraphs:
            p = self.paragraphs[address["paragraph"]]
            text = source.text[span.start:span.end]
            line, column = source.line_col(span.start)
            exact = _runs_for_text(p, text, column - 1, len(source.line_text(line)))
            return self._wrap(exact or _paragraph_runs(p))
        key = (address.get("table"), address.get("row"), address.get("column"))
        if key in self.cells:
            return self._wrap(_cell_runs(self.cells[key]))
        return self.first_runs()

    def first_runs(self) -> list[Run]:
        """The first paragraph with text (or the first paragraph) of the body."""
        for p in self.paragraphs.values():
            runs = _paragraph_runs(p, create=False)
            if runs:
                return self._wrap(runs)
        p = next(iter(self.paragraphs.values()), None)
        if p is None:
            p = self.document.add_paragraph()._p
        return self._wrap(_paragraph_runs(p))

    def _wrap(self, runs: list[Any]) -> list[Run]:
        """The first and last of the run elements ``runs``, as runs of the body (comments anchor only there)."""
        from docx.text.run import Run

        return [Run(runs[0], self.document), Run(runs[-1], self.document)]


def _text_runs(p: Any) -> list[Any]:
    """Runs of a paragraph's own text (directly, or inside hyperlinks and insertions)."""
    found = []
    for child in p:
        if child.tag == W + "r":
            found.append(child)
        elif child.tag in _RUN_WRAPPERS:
            found.extend(_text_runs(child))
    return found


def _paragraph_runs(p: Any, create: bool = True) -> list[Any]:
    runs = [r for r in _text_runs(p) if _run_text(r)] or _text_runs(p)
    if not runs and create:
        runs = [_new_run(p)]
    return runs


def _cell_runs(tc: Any) -> list[Any]:
    paragraphs = [p for p in tc.iter(W + "p")]
    runs = [r for p in paragraphs for r in _text_runs(p) if _run_text(r)]
    if runs:
        return runs
    if not paragraphs:
        from docx.oxml import OxmlElement

        p = OxmlElement("w:p")
        tc.append(p)
        paragraphs = [p]
    return [_new_run(paragraphs[0])]


def _new_run(p: Any) -> Any:
    from docx.oxml import OxmlElement

    r = OxmlElement("w:r")
    p.append(r)
    return r


def _run_text(r: Any) -> str:
    parts = []
    for child in r:
        if child.tag == W + "t":
            parts.append(child.text or "")
        elif child.tag in (W + "tab", W + "br", W + "cr"):
            parts.append(" ")
    return "".join(parts)


def _runs_for_text(p: Any, text: str, column: int, line_length: int) -> list[Any] | None:
    """The runs covering exactly ``text`` in paragraph ``p``, splitting runs at its ends.

    ``column`` is where the text starts in the reader's line, which may begin with an
    automatic number the runs do not contain: the occurrence nearest to that place wins.
    """
    if not text.strip():
        return None
    runs = [r for r in _text_runs(p) if _run_text(r)]
    texts = [_run_text(r) for r in runs]
    joined = "".join(texts)
    expected = column - max(0, line_length - len(joined))
    starts = []
    position = joined.find(text)
    while position >= 0:
        starts.append(position)
        position = joined.find(text, position + 1)
    if not starts:
        return None
    start = min(starts, key=lambda s: abs(s - expected))
    end = start + len(text)
    _split_at(runs, texts, start)
    runs = [r for r in _text_runs(p) if _run_text(r)]
    texts = [_run_text(r) for r in runs]
    _split_at(runs, texts, end)
    runs = [r for r in _text_runs(p) if _run_text(r)]
    texts = [_run_text(r) for r in runs]
    covered, offset = [], 0
    for r, t in zip(runs, texts):
        if offset + len(t) > start and offset < end:
            covered.append(r)
        offset += len(t)
    return covered or None


def _split_at(runs: list[Any], texts: list[str], at: int) -> None:
    """Split the run containing offset ``at`` there, when it is a plain text run."""
    offset = 0
    for r, t in zip(runs, texts):
        if offset < at < offset + len(t):
            pieces = [child for child in r if child.tag != W + "rPr"]
            if len(pieces) != 1 or pieces[0].tag != W + "t":
                return  # a run with tabs or fields stays whole: the comment covers all of it
            left = at - offset
            tail = copy.deepcopy(r)
            _set_text(r, t[:left])
            _set_text(tail, t[left:])
            r.addnext(tail)
            return
        offset += len(t)


def _set_text(r: Any, text: str) -> None:
    t = r.find(W + "t")
    t.text = text
    if text != text.strip():
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
