"""What applies to linting one file: a forced report year, the codes selected and the rule pack.

Kept apart from the engine so that a run whose files all come from the cache can work
out each file's options without importing the grammar, the parser or the checks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from linter.selection import Selection

if TYPE_CHECKING:
    from linter.packs import Pack


class LintOptions(NamedTuple):
    year: int | None = None
    selection: Selection = Selection()
    pack: Pack | None = None  # a user pack replaces the one chosen by year
    # Picks the pack for a report year (configured user packs); default pack_for_year.
    choose_pack: Callable[[int | None], Pack] | None = None
