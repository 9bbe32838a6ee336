"""nianbao-lint: a compliance linter for 政府信息公开工作年度报告.

The pipeline is read (``linter.readers``) → parse (``linter.parsing``) → check
(``linter.checks`` instantiated by the YAML packs in ``linter.rules``) → report
(``linter.reporters``).  :class:`linter.linter.Linter` runs every stage; it is the
Python API (``from linter import Linter, Settings``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Linter", "Settings", "__version__"]

if TYPE_CHECKING:
    from linter.linter import Linter, Settings


def __getattr__(name: str) -> Any:
    # Imported on first use: ``nianbao-lint --version`` and the readers need none of it.
    if name in ("Linter", "Settings"):
        from linter import linter

        return getattr(linter, name)
    raise AttributeError(f"module 'linter' has no attribute {name!r}")
