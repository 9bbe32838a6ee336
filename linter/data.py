"""Where the grammar and the rule packs are found, however the package was installed.

``grammar/`` and ``rules/`` live once, at the top of the repository.  An installed wheel maps
them into the package (``linter/grammar``, ``linter/rules``); a checkout on ``sys.path``
(``python -m pytest``, an editable install) has them beside ``linter/``.  Anything else (a
zipped install) is asked through :mod:`importlib.resources`, which costs a few milliseconds
of start-up to import and so is not the first resort.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from importlib.abc import Traversable

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Traversable:
    """The ``grammar`` or ``rules`` folder."""
    for folder in (_PACKAGE / name, _PACKAGE.parent / name):
        if folder.is_dir():
            return folder
    from importlib import resources

    return resources.files(f"linter.{name}")


def read_data(folder: str, name: str) -> str:
    return data_dir(folder).joinpath(name).read_text(encoding="utf-8")
