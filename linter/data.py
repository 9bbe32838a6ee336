"""Where the grammar and the rule packs are found, however the package was imported.

``grammar/`` and ``rules/`` live once, at the top of the repository.  An installed
wheel (or an editable install) maps them into the package as ``linter.grammar`` and
``linter.rules``; a plain checkout on ``sys.path`` (``python -m pytest`` or
``python -m linter`` from the repository root) has no such subpackages, so the
folders beside ``linter/`` are used instead.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path


def data_dir(name: str) -> Traversable:
    """The ``grammar`` or ``rules`` folder."""
    try:
        return resources.files(f"linter.{name}")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / name


def read_data(folder: str, name: str) -> str:
    return data_dir(folder).joinpath(name).read_text(encoding="utf-8")
