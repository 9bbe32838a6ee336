"""Compiled patterns kept between runs: the same pattern objects, and never a failure of their own."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from array import array

import pytest
from conftest import EXAMPLES, ROOT

from linter import regex_cache

pytestmark = pytest.mark.skipif(regex_cache._compiler is None, reason="the interpreter has no re._compiler")

# Shapes the checks use: named groups, flags, CJK classes, look-around, alternation, repeats.
SHAPES = [
    (r"(?P<verb>新收|收到)(?P<gap>[^。；]{0,14}?)申请(?P<n>\d+)件", 0),
    (r"(?<![\d.])(\d{4})\s*年(?:度)?(?=[^\n]{0,25}报告)", re.M),
    (r"[\u4e00-\u9fff\d \u3000（）()]{0,60}?(?:政府信息公开|政务公开)", 0),
    (r"^contact:\s*(?:tel|fax)\b.*$", re.I | re.M),
    (r"(a|b)*?c{2,5}(?:x|y)+", re.S),
]
SAMPLES = ["本年新收政府信息公开申请12件", "2023年度政府信息公开工作年度报告", "CONTACT: Tel 0571\nfax", "ababccccxy"]


@pytest.fixture
def memory(tmp_path, monkeypatch):
    """The cache in a folder of its own, and the standard compiler back afterwards."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    regex_cache.uninstall()
    yield tmp_path / "nianbao-lint"
    regex_cache.uninstall()


def _fresh(shapes):
    """The shapes made unique to this test, so that ``re``'s own in-process cache never answers."""
    tag = uuid.uuid4().hex
    return [(f"(?:{tag})?{pattern}", flags) for pattern, flags in shapes]


def _compile_all(patterns):
    return [re._compiler.compile(pattern, flags) for pattern, flags in patterns]


def _same(one: re.Pattern, other: re.Pattern) -> None:
    assert one == other  # the pattern text, the flags and the opcodes
    assert (one.groups, one.groupindex) == (other.groups, other.groupindex)
    for sample in SAMPLES:
        found, expected = one.search(sample), other.search(sample)
        assert (found and (found.span(), found.groups(), found.groupdict())) == \
               (expected and (expected.span(), expected.groups(), expected.groupdict()))


def test_a_later_run_builds_the_same_patterns_from_the_file_without_parsing_them(memory, monkeypatch):
    patterns = _fresh(SHAPES)
    regex_cache.install()
    first = _compile_all(patterns)
    regex_cache.save()
    regex_cache.uninstall()
    assert [path.name for path in memory.glob("re-*.pickle")]

    regex_cache.install()  # as the next run does: the file is read
    monkeypatch.setattr(re._parser, "parse", lambda *args: pytest.fail("parsed again"))
    again = _compile_all(patterns)
    monkeypatch.undo()
    for pattern, flags, one, two in zip(*zip(*patterns), first, again):
        _same(two, regex_cache._STANDARD(pattern, flags))
        _same(one, two)


def test_patterns_compiled_in_a_run_are_the_standard_ones(memory):
    regex_cache.install()
    for (pattern, flags), compiled in zip(patterns := _fresh(SHAPES), _compile_all(patterns)):
        _same(compiled, regex_cache._STANDARD(pattern, flags))
    tag = uuid.uuid4().hex  # and through the functions of ``re``
    assert re.compile(f"(?:{tag})?(?P<x>中)").search("…中").group("x") == "中"
    assert re.fullmatch(f"(?:{tag})?(\\d+)件", "12件").group(1) == "12"


def test_a_damaged_file_is_ignored_and_written_anew(memory):
    memory.mkdir(parents=True)
    patterns = _fresh(SHAPES)
    (memory / f"re-{regex_cache._build_key()[:24]}.pickle").write_bytes(b"\x80\x05garbage")
    regex_cache.install()
    for (pattern, flags), compiled in zip(patterns, _compile_all(patterns)):
        _same(compiled, regex_cache._STANDARD(pattern, flags))
    regex_cache.save()
    regex_cache.uninstall()
    regex_cache.install()
    assert {(pattern, flags) for pattern, flags in patterns} <= set(regex_cache._memory.known)


def test_an_entry_the_interpreter_refuses_is_compiled_anew(memory):
    (pattern, flags), = _fresh(SHAPES[:1])
    regex_cache.install()
    regex_cache._memory.known[(pattern, flags)] = (32, array("I", [999_999, 1, 2]), 0, {}, (None,))
    _same(re._compiler.compile(pattern, flags), regex_cache._STANDARD(pattern, flags))
    assert regex_cache._memory.known[(pattern, flags)][1] != array("I", [999_999, 1, 2])  # replaced


def test_an_interpreter_that_compiles_otherwise_is_left_to_its_own_compiler(memory, monkeypatch):
    regex_cache.install()
    real = regex_cache._pieces
    monkeypatch.setattr(regex_cache, "_pieces", lambda p, f: (lambda x: (x[0] | re.I, *x[1:]))(real(p, f)))
    (pattern, flags), = _fresh(SHAPES[:1])
    _same(re._compiler.compile(pattern, flags), regex_cache._STANDARD(pattern, flags))
    assert re._compiler.compile is regex_cache._STANDARD and regex_cache._memory is None
    regex_cache.save()
    assert not list(memory.glob("re-*.pickle"))


def test_a_save_past_the_bound_keeps_only_this_runs_patterns(memory, monkeypatch):
    old, new = _fresh(SHAPES[:2]), _fresh(SHAPES[2:4])
    regex_cache.install()
    _compile_all(old)
    regex_cache.save()
    regex_cache.uninstall()
    monkeypatch.setattr(regex_cache, "_MAX_ENTRIES", 3)
    regex_cache.install()
    _compile_all(new)
    regex_cache.save()
    regex_cache.uninstall()
    regex_cache.install()
    assert set(regex_cache._memory.known) == set(new)


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # the cache folder would be inside a file
    regex_cache.uninstall()
    try:
        regex_cache.install()
        (pattern, flags), = _fresh(SHAPES[:1])
        _same(re._compiler.compile(pattern, flags), regex_cache._STANDARD(pattern, flags))
        regex_cache.save()
    finally:
        regex_cache.uninstall()


def test_the_command_saves_its_patterns_once_and_gives_the_same_output_from_them(tmp_path):
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path)}
    command = [sys.executable, "-m", "linter", "check", "--no-cache", str(EXAMPLES / "defects" / "tables.txt")]
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    [saved] = (tmp_path / "nianbao-lint").glob("re-*.pickle")
    written = saved.stat().st_mtime_ns
    second = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    assert (first.returncode, first.stdout, first.stderr) == (second.returncode, second.stdout, second.stderr)
    assert first.returncode == 1 and "T30" in first.stdout
    assert saved.stat().st_mtime_ns == written  # nothing new the second time: the file is not rewritten
