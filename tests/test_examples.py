"""The shipped examples: clean ones lint clean, and together they show every rule firing."""

from __future__ import annotations

import pytest

from conftest import EXAMPLES, codes
from linter.packs import all_rules

CLEAN = ["2024-yunxi-transport.txt", "2020-yunxi-transport.txt", "content/clean-2023.txt",
         "crossyear/2023.txt", "crossyear/2024.txt"]


@pytest.mark.parametrize("name", CLEAN)
def test_clean_examples_have_no_diagnostics(run_json, name):
    code, data = run_json(EXAMPLES / name)
    assert code == 0 and codes(data) == []


def test_examples_show_every_rule(run_json):
    code, data = run_json(EXAMPLES)
    assert code == 1
    # R001 needs a file that cannot be read; it is shown by the tests instead.
    assert set(all_rules()) - {"R001"} - set(codes(data)) == set()
