"""``python -m linter`` is the same command as ``nianbao-lint``."""

from linter.cli import run

run()
