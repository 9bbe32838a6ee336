"""Placeholders left in a draft: ``【请填写：…】``, ``××局``, ``20XX年``.

``nianbao-lint init`` writes its template with ``【请填写：…】`` where only the agency
knows what to say; drafts copied from a circular carry ``××`` and ``XX`` for the same
purpose.  Each pattern comes from the pack (users add their own office's markers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from linter.checks import Check, Finding, check_type
from linter.diagnostics import Span
from linter.parsing.model import Report

_SHOWN = 40  # characters of a placeholder quoted in the message


class PlaceholderParams(NamedTuple):
    patterns: tuple[str, ...] = ()

    def validate(self) -> None:
        for pattern in self.patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise ValueError(f"正则表达式“{pattern[:60]}”有误：{exc}") from None


@check_type("placeholder")
class Placeholder(Check):
    """R004: text that stands for something still to be filled in."""

    Params = PlaceholderParams
    messages = {"default": ("text",)}

    def run(self, report: Report) -> Iterable[Finding]:
        text = report.source.text
        found: list[tuple[int, int]] = []
        for pattern in self.params.patterns:
            found.extend(m.span() for m in re.finditer(pattern, text) if m.end() > m.start())
        last_end = -1
        for start, end in sorted(found):
            if start < last_end:
                continue  # two patterns matched the same place: one finding
            last_end = end
            shown = text[start:end]
            yield Finding(Span(start, end), {"text": shown if len(shown) <= _SHOWN else shown[:_SHOWN] + "…"})
