"""Label normalization and fuzzy comparison, shared by headings and tables.

Real reports write the same label with full- or half-width punctuation, spaces
and line breaks inside it (PDF extraction), so every comparison happens on a
normalized key: no whitespace, no Markdown emphasis, ASCII brackets and dots.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

_PUNCT = str.maketrans({
    "（": "(", "）": ")", "．": ".", "、": "、", "，": ",", "：": ":", "；": ";",
    "〈": "<", "〉": ">", "“": '"', "”": '"', "【": "[", "】": "]", "－": "-", "／": "/",
})
_SPACES = re.compile(r"[\s\u3000*#|]+")

CN_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def normalize(text: str) -> str:
    """The comparison key of a label."""
    return _SPACES.sub("", text.translate(_PUNCT))


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, normalize(a), normalize(b), autojunk=False).ratio()


def cn_number(numeral: str) -> int | None:
    """一 → 1 … 十 → 10, 十一 → 11; None for anything else."""
    if not numeral:
        return None
    if len(numeral) == 1:
        return CN_NUMERALS.get(numeral)
    if numeral[0] == "十":
        rest = CN_NUMERALS.get(numeral[1])
        return 10 + rest if rest else None
    if numeral[1] == "十":
        first = CN_NUMERALS.get(numeral[0])
        return first * 10 if first else None
    return None


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, for "one character off" label wording checks."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]
