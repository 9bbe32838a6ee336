"""What linting one file produced: the unit every reporter consumes.

A :class:`FileResult` holds the diagnostics and, while the file is being processed, its
source and parsed report.  Reporters ask it where each diagnostic is (:meth:`placed`):
line and column, the place in the report an official can find, the source line for the
caret, the text a baseline keys it by.  :meth:`detach` computes all of that once and
drops the source and the report, so that a batch of ten thousand files — or a worker
process handing its result back — carries a few kilobytes per file, not the file.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, NamedTuple

from linter.diagnostics import Diagnostic, Position, Severity, Span, locate
from linter.locations import DOCUMENT_KINDS, Location, Locations
from linter.source import Source

if TYPE_CHECKING:
    from linter.crossyear import CarrySummary
    from linter.packs import Pack
    from linter.parsing.model import Report

MATCH_CONTEXT = 12  # characters of context on each side of a span, within its line, that key a baseline entry


class Excerpt(NamedTuple):
    """The source line of a span (tabs as spaces) and where the span lies in it."""

    text: str
    start: int  # character index in ``text``
    end: int  # end index, clipped to the line


class Place(NamedTuple):
    position: Position  # line/column (of the file itself for HTML) and the reader's native address
    location: Location | None  # the place in the report: 表三「…」行「总计」列, a section's paragraph
    excerpt: Excerpt | None


class Placed(NamedTuple):
    """Where a diagnostic and its related locations are, and the text that identifies it."""

    place: Place
    related: tuple[Place, ...]
    matched: str  # the span's text with a little context on its line (baselines, fingerprints)


UNPLACED = Placed(Place(Position(1, 1, 1, 1), None, None), (), "")


class FileResult:
    """One linted file: its diagnostics, and while it is processed its source, report and pack."""

    def __init__(self, path: str, source: Source | None, year: int | None = None, layout: str | None = None,
                 diagnostics: list[Diagnostic] | None = None, read_failed: bool = False,
                 report: Report | None = None, pack: Pack | None = None) -> None:
        self.path = path
        self.source = source
        self.year = year
        self.layout = layout
        self.diagnostics: list[Diagnostic] = [] if diagnostics is None else diagnostics
        self.read_failed = read_failed
        self.report = report  # the parsed model, while the file is processed
        self.pack = pack  # the rule pack in force: every diagnostic's wording
        self.from_stdin = False
        # Word or PDF: addresses rather than lines of extracted text
        self.document = source is not None and source.kind in DOCUMENT_KINDS
        self.notices: list[str] = []  # what the processing of this file has to tell the user
        self.carry: CarrySummary | None = None  # what the cross-year check needs
        self.baselined = 0  # findings the baseline absorbed
        self.write_failed = False  # --fix could not write the file (exit code 2)
        self._placed: dict[Diagnostic, Placed] = {}
        self._locations_cache: Locations | None = None

    def __repr__(self) -> str:
        return f"FileResult({self.path!r}, {len(self.diagnostics)} diagnostics)"

    def selected(self, codes: frozenset[str] | None = None) -> list[Diagnostic]:
        """Its diagnostics, only those with one of ``codes`` when given (a reporter's part of a file)."""
        return self.diagnostics if codes is None else [d for d in self.diagnostics if d.code in codes]

    def placed(self, diagnostic: Diagnostic) -> Placed:
        """Where ``diagnostic`` is; computed from the source once, or kept from :meth:`detach`."""
        found = self._placed.get(diagnostic)
        if found is None:
            if self.source is None:
                return UNPLACED
            found = self._placed[diagnostic] = self._place(diagnostic)
        return found

    def position(self, diagnostic: Diagnostic) -> Position:
        """Line/column of a diagnostic; a file that could not be read has only 1:1."""
        return self.placed(diagnostic).place.position

    def detach(self) -> FileResult:
        """The same result with every place computed and the source and report dropped."""
        for diagnostic in self.diagnostics:
            self.placed(diagnostic)
        detached = copy.copy(self)
        detached.source = detached.report = detached.pack = detached._locations_cache = None
        detached._placed = {d: self._placed[d] for d in self.diagnostics if d in self._placed}
        return detached

    def count(self, severity: Severity) -> int:
        return sum(1 for d in self.diagnostics if d.severity is severity)

    # --- computing places from the source --------------------------------------------------

    def _locations(self) -> Locations:
        cached = self._locations_cache
        if cached is None:
            cached = self._locations_cache = Locations(self.source, self.report)
        return cached

    def _place(self, diagnostic: Diagnostic) -> Placed:
        assert self.source is not None
        locations = None if self.read_failed else self._locations()
        location = locations.of(diagnostic) if locations is not None else None
        related = tuple(self._place_span(r.span, locations.at(r.span) if locations is not None else None)
                        for r in diagnostic.related)
        return Placed(self._place_span(diagnostic.span, location), related, self._matched(diagnostic.span))

    def _place_span(self, span: Span, location: Location | None) -> Place:
        assert self.source is not None
        source = self.source
        return Place(locate(span, source), location, _excerpt(source, span))

    def _matched(self, span: Span) -> str:
        assert self.source is not None
        text = self.source.text
        start, end = span.start, min(span.end, len(text))
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end == -1 else line_end
        return text[max(line_start, start - MATCH_CONTEXT):min(line_end, end + MATCH_CONTEXT)].strip()


EXCERPT_WINDOW = 500  # characters of a source line kept each side of a span: a wide terminal's worth, not a web copy's whole line


def _excerpt(source: Source, span: Span) -> Excerpt | None:
    """The span's source line, cut to a window around the span (with … where cut): a report
    with thousands of findings on one long line keeps a few hundred characters for each."""
    line, column = source.line_col(span.start)
    text = source.line_text(line).replace("\t", " ")  # one cell per tab keeps the caret aligned
    if not text.strip():
        return None
    start = column - 1
    end = max(start + 1, min(start + (span.end - span.start), len(text)))
    left, right = max(0, start - EXCERPT_WINDOW), min(len(text), end + EXCERPT_WINDOW)
    prefix = "…" if left > 0 else ""
    shown = prefix + text[left:right] + ("…" if right < len(text) else "")
    return Excerpt(shown, start - left + len(prefix), end - left + len(prefix))
