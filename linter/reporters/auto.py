"""``--format auto`` (the default): GitHub annotations inside GitHub Actions, text elsewhere.

Resolved when a report is written (:func:`linter.reporters.get_format`), not when this
module is imported.  Colour for the text format is decided by the command line
(terminal, ``NO_COLOR``, ``FORCE_COLOR``), so on a terminal this is coloured text and in
a pipe plain text.
"""

from __future__ import annotations

import os


def resolve() -> str:
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
