"""Check types: the code behind the rules that the YAML packs instantiate.

A check type is a small class registered under a name with :func:`check_type`.
It declares its parameters as a dataclass (validated when a pack is loaded) and
the placeholders its findings fill in the rule's message template; the pack
entry supplies code, severity, wording and parameter values.  A check never
formats user-facing text itself beyond the values it hands to the template.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, ClassVar, Iterable

from linter.diagnostics import Fix, Related, Severity, Span
from linter.parsing.model import Report

CHECK_MODULES = (
    "linter.checks.meta",
    "linter.checks.structure",
    "linter.checks.tables",
    "linter.checks.arithmetic",
    "linter.checks.citations",
    "linter.checks.contact",
    "linter.checks.dates",
    "linter.checks.narrative",
    "linter.checks.crossyear",
    "linter.checks.placeholders",
)


@dataclass(frozen=True)
class Finding:
    span: Span
    args: dict[str, Any] = field(default_factory=dict)
    related: tuple[Related, ...] = ()
    fix: Fix | None = None
    # Where one rule has a lesser case (D604: a department's report late but within
    # 3月31日), the check lowers the severity for that finding only.
    severity: Severity | None = None


@dataclass(frozen=True)
class NoParams:
    pass


class Check:
    """Base of all check types; subclasses set ``Params`` and ``provides``."""

    Params: ClassVar[type] = NoParams
    provides: ClassVar[tuple[str, ...]] = ()
    # Year-dependent checks are skipped when the report year is unknown.
    needs_year: ClassVar[bool] = False

    def __init__(self, params: Any) -> None:
        self.params = params

    def run(self, report: Report) -> Iterable[Finding]:
        raise NotImplementedError


CHECKS: dict[str, type[Check]] = {}


def check_type(name: str):
    def register(cls: type[Check]) -> type[Check]:
        if name in CHECKS:
            raise ValueError(f"check type {name!r} registered twice")
        CHECKS[name] = cls
        return cls
    return register


def load_check_types() -> dict[str, type[Check]]:
    for module in CHECK_MODULES:
        importlib.import_module(module)
    return CHECKS
