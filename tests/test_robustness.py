"""No draft, however mangled, makes the linter crash: seeded mutations of the examples.

``NIANBAO_FUZZ=20000 NIANBAO_FUZZ_SEED=7 pytest tests/test_robustness.py`` runs a longer search.
"""

from __future__ import annotations

import os
import random

from conftest import EXAMPLES

from linter.engine import lint_source
from linter.source import Source, normalize_text

NOISE = ["\t", "|", "（", "一、", "0", "/", "  ", "#", "**", "七", "〔", "年", "月", "-", "%", "五、存在的主要问题"]


def _mutate(rng: random.Random, text: str) -> str:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 6)):
        if not lines:
            break
        a, b = rng.randrange(len(lines)), rng.randrange(len(lines))
        op = rng.choice(["delete", "duplicate", "swap", "noise", "untab", "truncate"])
        if op == "delete":
            lines.pop(a)
        elif op == "duplicate":
            lines.insert(a, lines[b])
        elif op == "swap":
            lines[a], lines[b] = lines[b], lines[a]
        elif op == "noise" and lines[a]:
            k = rng.randrange(len(lines[a]))
            lines[a] = lines[a][:k] + rng.choice(NOISE) + lines[a][k + 1:]
        elif op == "untab":
            lines[a] = lines[a].replace("\t", rng.choice([" ", "", "\t\t", "|"]))
        elif op == "truncate":
            lines = lines[:a]
    return normalize_text("\n".join(lines))


def test_mutated_reports_never_crash():
    rng = random.Random(int(os.environ.get("NIANBAO_FUZZ_SEED", "20261122")))
    texts = [p.read_text(encoding="utf-8") for p in sorted(EXAMPLES.rglob("*.txt"))]
    for _ in range(int(os.environ.get("NIANBAO_FUZZ", "400"))):
        text = _mutate(rng, rng.choice(texts))
        result = lint_source(Source("mutated.txt", text))
        for diagnostic in result.diagnostics:
            result.position(diagnostic)


def test_review_data_row_above_its_header():
    text = (EXAMPLES / "2024-yunxi-transport.txt").read_text(encoding="utf-8")
    data = "1\t0\t0\t1\t2\t1\t0\t0\t0\t1\t0\t0\t0\t0\t0\n"
    header = "行政复议\t\t\t\t\t行政诉讼"
    moved = text.replace(data, "").replace(header, data + header)
    result = lint_source(Source("moved.txt", moved))
    assert "R001" not in [d.code for d in result.diagnostics]
