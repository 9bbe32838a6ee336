"""Label normalization and fuzzy comparison, shared by headings and tables.

Real reports write the same label with full- or half-width punctuation, spaces
and line breaks inside it (PDF extraction), so every comparison happens on a
normalized key: no whitespace, no Markdown emphasis, ASCII brackets and dots.
"""

from __future__ import annotations

import re
from functools import lru_cache

_PUNCT = str.maketrans({
    "（": "(", "）": ")", "．": ".", "、": "、", "，": ",", "：": ":", "；": ";",
    "〈": "<", "〉": ">", "“": '"', "”": '"', "【": "[", "】": "]", "－": "-", "／": "/",
})
_SPACES = re.compile(r"[\s\u3000*#|]+")

@lru_cache(maxsize=8192)  # labels repeat across rows and reports: each is normalized once
def normalize(text: str) -> str:
    """The comparison key of a label."""
    return _SPACES.sub("", text.translate(_PUNCT))


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """:func:`normalize` of ``text`` and, for each character kept, its offset in ``text``."""
    translated = text.translate(_PUNCT)  # one character for one: offsets stay valid
    kept = [(i, ch) for i, ch in enumerate(translated) if not _SPACES.match(ch)]
    return "".join(ch for _, ch in kept), [i for i, _ in kept]


def similarity(a: str, b: str) -> float:
    from difflib import SequenceMatcher  # only labels that match no canonical one get here

    return SequenceMatcher(None, normalize(a), normalize(b), autojunk=False).ratio()


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


def within_distance(a: str, b: str, limit: int) -> int | None:
    """Levenshtein distance of ``a`` and ``b`` when it is at most ``limit``, else None.

    Only the diagonal band of width ``limit`` is computed, so the cost is
    O(len × limit): cheap enough to try every candidate heading in a long line.
    """
    if abs(len(a) - len(b)) > limit:
        return None
    big = limit + 1
    previous = [j if j <= limit else big for j in range(len(b) + 1)]
    for i in range(1, len(a) + 1):
        current = [big] * (len(b) + 1)
        if i <= limit:
            current[0] = i
        for j in range(max(1, i - limit), min(len(b), i + limit) + 1):
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] != b[j - 1]))
        if min(current) > limit:
            return None
        previous = current
    return previous[-1] if previous[-1] <= limit else None
