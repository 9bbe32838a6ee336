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


def test_the_readme_says_true_things_about_the_example_folders(run_json):
    """The README's list of which rules fire in which example folder."""
    fired: dict[str, set[str]] = {}
    _, data = run_json(EXAMPLES)
    for file in data["files"]:
        folder = file["path"].split("examples/")[1].split("/")[0]
        fired.setdefault(folder, set()).update(d["code"] for d in file["diagnostics"])
    rules = set(all_rules())
    assert {c for c in rules if c[0] in "ST"} - {"T305"} <= fired["defects"]
    assert {"R002", "R003", "R004", "R005", "R010", "R011"} <= fired["defects"]
    assert {c for c in rules if c[0] in "CKDN"} <= fired["content"] | fired["defects"]
    assert "T305" in fired["crossyear"] and "R012" in fired["strict-gate"]
