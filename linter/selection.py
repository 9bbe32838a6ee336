"""``--select`` / ``--ignore`` by code or prefix, as ruff does: the longest match wins."""

from __future__ import annotations

from typing import NamedTuple


class Selection(NamedTuple):
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def selects(self, code: str) -> bool:
        chosen = max((len(p) for p in self.select if code.startswith(p)), default=-1 if self.select else 0)
        ignored = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        # A more specific prefix wins; on a tie, ignoring wins.
        return chosen >= 0 and chosen > ignored


def parse_codes(values: tuple[str, ...]) -> tuple[str, ...]:
    """Accept ``--select T3,S101`` and repeated options alike; upper-case the codes."""
    codes: list[str] = []
    for value in values:
        codes.extend(part.strip().upper() for part in value.split(",") if part.strip())
    return tuple(codes)
