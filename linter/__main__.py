"""``python -m linter`` is the same command as ``nianbao-lint``."""

from linter.start import run

run()
