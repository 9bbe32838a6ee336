"""Generated documentation is never stale: docs/rules.md and the README's rule table come from the packs."""

from __future__ import annotations

import importlib.util

from conftest import ROOT


def test_rules_doc_and_readme_table_are_up_to_date(capsys):
    spec = importlib.util.spec_from_file_location("make_rules_doc", ROOT / "docs" / "make_rules_doc.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main_(["--check"]) == 0, capsys.readouterr().out
