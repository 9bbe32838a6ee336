"""nianbao-lint: a compliance linter for 政府信息公开工作年度报告.

The pipeline is read (``linter.readers``) → parse (``linter.parsing``) → check
(``linter.checks`` instantiated by the YAML packs in ``linter.rules``) → report
(``linter.reporters``).  ``linter.engine.lint_path`` runs it for one file.
"""

__version__ = "0.1.0"
