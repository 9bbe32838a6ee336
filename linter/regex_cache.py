"""Compiled regular expressions kept between runs, like the grammar's tables and the validated packs.

A cold run compiles about 170 patterns (the checks' and the packs', Click's and Lark's): some 17 ms,
more than linting a report takes.  CPython compiles a pattern in two steps: Python code turns the
pattern into a list of opcodes, then ``_sre.compile`` builds the pattern object from that list.  The
list depends only on the pattern, its flags and the interpreter, so :func:`install` makes the first
step look in a file of the user's cache folder (one per interpreter build) and :func:`save` adds what
was new.  The interpreter checks every list it is given (``_sre`` validates the opcodes).

It only ever saves time: a pattern is remembered only when what the file would give compares equal
to what the standard compiler gives (an interpreter whose compiler works otherwise is left alone); a
damaged or unreadable file, an entry the interpreter refuses, or a folder that cannot be written
means patterns are compiled as usual.  Interpreters without CPython's ``re._compiler`` (3.10, PyPy)
are not touched.
"""

from __future__ import annotations

import hashlib
import re
import sys
from array import array
from typing import Any

try:
    import _sre  # type: ignore[import-not-found]  # CPython's regex engine, no stubs

    _compiler: Any = re._compiler  # type: ignore[attr-defined]
    _parser: Any = re._parser  # type: ignore[attr-defined]
    _STANDARD = _compiler.compile
except (ImportError, AttributeError):  # not CPython 3.11+
    _compiler = None

_NAME = "re"
_MAX_ENTRIES = 4096  # past this, a save keeps only the patterns of its own run (old versions' go)

# A pattern as ``_sre.compile`` takes it, after the pattern text: flags, opcodes, group count,
# group names to numbers, numbers to names.
Pieces = tuple[int, array, int, dict[str, int], tuple[str | None, ...]]


class _Memory:
    def __init__(self, key: str, known: dict[tuple[str, int], Pieces]) -> None:
        self.key, self.known = key, known
        self.used: set[tuple[str, int]] = set()
        self.new = False


_memory: _Memory | None = None


def _build_key() -> str:
    build = f"{sys.implementation.cache_tag}|{sys.version}|{_sre.MAGIC}|{_sre.CODESIZE}"
    return hashlib.sha256(build.encode()).hexdigest()


def install() -> None:
    """From now on, compile patterns from (and into) this interpreter's file in the user's cache folder."""
    global _memory
    if _compiler is None or _memory is not None:
        return
    from linter.cache import load_pickle

    key = _build_key()
    known = load_pickle(_NAME, key)
    _memory = _Memory(key, known if isinstance(known, dict) else {})
    _compiler.compile = _compile


def uninstall() -> None:
    """Compile patterns the standard way again (what was learnt is not saved)."""
    global _memory
    if _compiler is not None:
        _compiler.compile = _STANDARD
    _memory = None


def save() -> None:
    """Add the patterns compiled for the first time in this run to the file."""
    memory = _memory
    if memory is None or not memory.new:
        return
    from linter.cache import save_pickle

    entries = memory.known
    if len(entries) > _MAX_ENTRIES:
        entries = {key: pieces for key, pieces in entries.items() if key in memory.used}
    memory.new = False
    save_pickle(_NAME, memory.key, entries)


def _compile(pattern: Any, flags: int = 0) -> re.Pattern:
    """``re._compiler.compile``, for ``re.compile`` and every function of ``re`` that takes a pattern."""
    memory = _memory
    if memory is None or type(pattern) is not str or flags & re.DEBUG:
        return _STANDARD(pattern, flags)
    key = (pattern, flags)
    pieces = memory.known.get(key)
    if pieces is not None:
        try:
            compiled = _build(pattern, pieces)
        except Exception:  # a damaged entry, refused by _sre: compiled anew below
            del memory.known[key]
        else:
            memory.used.add(key)
            return compiled
    standard = _STANDARD(pattern, flags)
    try:
        pieces = _pieces(pattern, flags)
        same = _build(pattern, pieces) == standard  # equal patterns have equal flags and opcodes
    except Exception:
        return standard
    if not same:  # this interpreter compiles otherwise than the steps below: leave it alone
        uninstall()
        return standard
    memory.known[key] = pieces
    memory.used.add(key)
    memory.new = True
    return standard


def _pieces(pattern: str, flags: int) -> Pieces:
    """What ``re._compiler.compile`` hands to ``_sre.compile`` (the same steps, CPython 3.11–3.13)."""
    parsed = _parser.parse(pattern, flags)
    code = _compiler._code(parsed, flags)
    names = parsed.state.groupdict
    numbers: list[str | None] = [None] * parsed.state.groups
    for name, index in names.items():
        numbers[index] = name
    return (flags | parsed.state.flags, array("I", code), parsed.state.groups - 1, dict(names), tuple(numbers))


def _build(pattern: str, pieces: Pieces) -> re.Pattern:
    flags, code, groups, names, numbers = pieces
    return _sre.compile(pattern, flags, code.tolist(), groups, dict(names), numbers)
