"""Check types: the code behind the rules that the YAML packs instantiate.

A check type is a small class registered under a name with :func:`check_type`.
It declares its parameters as a named tuple (validated when a pack is loaded), its
message variants with the placeholders each fills in, and the roles of the related
locations it points at; the pack entry supplies code, severity, the wording of every
variant and role, and parameter values.  A check returns data, never a sentence.
"""

import importlib
from collections.abc import Callable, Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, NamedTuple, TypeVar

from linter.diagnostics import Fix, Severity, Span
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
    "linter.checks.placeholders",
)


class Pointer(NamedTuple):
    """A related location (the other side of a mismatch), named by its role in the pack."""

    span: Span
    role: str


class Finding(NamedTuple):
    span: Span
    args: Mapping[str, Any] = MappingProxyType({})  # read-only: the default is shared
    variant: str = "default"  # which of the rule's message templates
    related: tuple[Pointer, ...] = ()
    fix: Fix | None = None
    # Where one rule has a lesser case (D604: a department's report late but within
    # 3月31日), the check lowers the severity for that finding only.
    severity: Severity | None = None


class NoParams(NamedTuple):
    """The parameters of a check that takes none."""


DEFAULT = "default"


class Check:
    """Base of all check types; subclasses set ``Params``, ``messages`` and ``related_roles``."""

    Params: ClassVar[type] = NoParams
    # variant -> the placeholders a finding of that variant fills in
    messages: ClassVar[Mapping[str, tuple[str, ...]]] = {DEFAULT: ()}
    related_roles: ClassVar[tuple[str, ...]] = ()
    # Year-dependent checks are skipped when the report year is unknown.
    needs_year: ClassVar[bool] = False

    def __init__(self, params: Any) -> None:
        self.params = params

    def run(self, report: Report) -> Iterable[Finding]:
        raise NotImplementedError


CHECKS: dict[str, type[Check]] = {}


CheckT = TypeVar("CheckT", bound=Check)


def check_type(name: str) -> Callable[[type[CheckT]], type[CheckT]]:
    def register(cls: type[CheckT]) -> type[CheckT]:
        if name in CHECKS:
            raise ValueError(f"check type {name!r} registered twice")
        CHECKS[name] = cls
        return cls
    return register


def load_check_types() -> dict[str, type[Check]]:
    if not _LOADED:
        for module in CHECK_MODULES:
            importlib.import_module(module)
        _LOADED.append(True)
    return CHECKS


_LOADED: list[bool] = []
