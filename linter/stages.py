"""Rules raised by a stage of the run rather than by a check over one report.

R001 comes from the readers, R010–R012 from the suppression stage, T305 from the
project check that compares two years.  The packs declare their code, severity and
wording like every other rule (``stage:`` instead of ``check:``); this table says
which stage raises each and which placeholders each message variant may use.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple


class StageRule(NamedTuple):
    stage: str
    messages: Mapping[str, tuple[str, ...]]
    related_roles: tuple[str, ...] = ()


STAGE_RULES: Mapping[str, StageRule] = {
    "R001": StageRule("reader", {"read": ("reason",), "internal": ("error",)}),
    "R010": StageRule("suppressions", {"inline": ("codes",), "waiver": ("codes", "origin", "text")}),
    "R011": StageRule("suppressions", {"default": ("codes",)}),
    "R012": StageRule("suppressions", {"default": ("codes", "config")}),
    "T305": StageRule("cross-year", {"default": ("column", "carried", "forward", "last_year", "last_file")}),
}
