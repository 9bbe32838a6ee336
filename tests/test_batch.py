"""Batches: worker processes, a budget per file, the cache, streaming, and the same output every way."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT, cli

FORMATS = ["text", "json", "sarif", "github", "gitlab", "junit"]
FIXTURES = ROOT / "tests" / "fixtures" / "formats"


def run(capsys, *args) -> tuple[int, str, str]:
    return cli(capsys, "check", *args)


@pytest.fixture
def batch(tmp_path) -> Path:
    """The examples and the format fixtures, as one folder."""
    folder = tmp_path / "batch"
    shutil.copytree(EXAMPLES, folder / "examples")
    for name in ("report.docx", "report-wrong-total.docx", "report.html", "report.pdf", "report-gbk.html"):
        shutil.copy(FIXTURES / name, folder / name)
    return folder


@pytest.mark.parametrize("fmt", FORMATS)
def test_jobs_1_and_2_give_the_same_bytes_and_exit_code(capsys, batch, fmt):
    one = run(capsys, "--format", fmt, "--no-source", "-j", "1", batch)
    two = run(capsys, "--format", fmt, "--no-source", "-j", "2", batch)
    assert one[0] == two[0] == 1 and one[1] == two[1]


def test_cached_and_uncached_runs_give_the_same_bytes(capsys, batch, tmp_path, monkeypatch):
    monkeypatch.delenv("NIANBAO_LINT_NO_CACHE")
    cache = tmp_path / "cache"
    for fmt in ("text", "json"):
        fresh = run(capsys, "--format", fmt, "--no-cache", batch)
        first = run(capsys, "--format", fmt, "--cache-dir", cache, batch)
        again = run(capsys, "--format", fmt, "--cache-dir", cache, batch)
        assert fresh[:2] == first[:2] == again[:2]
    from linter.linter import collect

    # One entry per file and format, and one more for each file the cross-year check (T305) processed again.
    again = sum(any(d["code"] == "T305" for d in f["diagnostics"]) for f in json.loads(fresh[1])["files"])
    assert again and len(_entries(cache)) == 2 * (len(collect([str(batch)])) + again)


def test_a_changed_file_or_configuration_is_linted_again(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("NIANBAO_LINT_NO_CACHE")
    report = tmp_path / "r.txt"
    report.write_text((EXAMPLES / "2024-yunxi-transport.txt").read_text(encoding="utf-8"), encoding="utf-8")
    cache = tmp_path / "cache"
    assert run(capsys, "--cache-dir", cache, report)[0] == 0
    text = report.read_text(encoding="utf-8").replace("五、存在的主要问题及改进情况", "五、存在的问题及改进情况")
    report.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, "--cache-dir", cache, report)
    assert "S103" in out
    (tmp_path / ".nianbao-lint.yaml").write_text("ignore: [S103]\n", encoding="utf-8")
    code, out, _ = run(capsys, "--cache-dir", cache, report)
    assert "S103" not in out


def test_a_batch_all_in_the_cache_starts_no_worker(capsys, batch, tmp_path, monkeypatch):
    import linter.pool

    monkeypatch.delenv("NIANBAO_LINT_NO_CACHE")
    cache = tmp_path / "cache"
    first = run(capsys, "-j", "2", "--cache-dir", cache, batch)
    monkeypatch.setattr(linter.pool.Pool, "_spawn", lambda self: pytest.fail("a worker for a cached file"))
    assert run(capsys, "-j", "2", "--cache-dir", cache, batch)[:2] == first[:2]


def test_a_cached_cross_year_finding_follows_the_other_years_report(capsys, tmp_path, monkeypatch):
    """The second pass (T305) is cached too, keyed by its findings: editing last year's report changes it."""
    monkeypatch.delenv("NIANBAO_LINT_NO_CACHE")
    for year in ("2023", "2024"):
        shutil.copy(EXAMPLES / "crossyear" / f"{year}.txt", tmp_path / f"{year}.txt")
    cache, last_year = tmp_path / "cache", tmp_path / "2023.txt"
    for _ in range(2):
        assert "“四、结转下年度继续办理”为 1" in run(capsys, "--no-source", "--cache-dir", cache, tmp_path)[1]
    row = "四、结转下年度继续办理\t\t{}\t0\t0\t0\t0\t0\t{}"
    for before, carried, expected in (("1", "3", "“四、结转下年度继续办理”为 3"), ("3", "2", None)):
        text = last_year.read_text(encoding="utf-8")
        last_year.write_text(text.replace(row.format(before, before), row.format(carried, carried)), encoding="utf-8")
        out = run(capsys, "--no-source", "--cache-dir", cache, tmp_path)[1]
        assert (expected in out) if expected else "T305" not in out


def test_a_waiver_file_added_in_one_folder_is_applied_on_the_next_cached_run(capsys, tmp_path, monkeypatch):
    """Each folder may have its own waiver file under one configuration: each is part of its files' key."""
    monkeypatch.delenv("NIANBAO_LINT_NO_CACHE")
    broken = (EXAMPLES / "2024-yunxi-transport.txt").read_text(encoding="utf-8").replace(
        "五、存在的主要问题及改进情况", "五、存在的问题及改进情况")
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "r.txt").write_text(broken, encoding="utf-8")
    waivers = {"waivers": [{"file": "r.txt", "code": "S103", "text": "存在的问题及改进情况", "reason": "沿用本地表述"}]}
    (tmp_path / "a" / ".nianbao-lint-waivers.yaml").write_text(json.dumps(waivers, ensure_ascii=False), encoding="utf-8")
    cache = tmp_path / "cache"
    first = run(capsys, "-j", "1", "--cache-dir", cache, "--no-source", tmp_path / "a", tmp_path / "b")[1]
    assert "a/r.txt" not in first and "b/r.txt" in first and "S103" in first
    (tmp_path / "b" / ".nianbao-lint-waivers.yaml").write_text(json.dumps(waivers, ensure_ascii=False), encoding="utf-8")
    assert "S103" not in run(capsys, "-j", "1", "--cache-dir", cache, "--no-source", tmp_path / "a", tmp_path / "b")[1]


def _entries(cache: Path) -> dict[str, list[str]]:
    """Every entry of a cache folder, by key, oldest first (the JSON text of each line)."""
    found: dict[str, list[str]] = {}
    for shard in sorted(cache.glob("*.jsonl")):
        for line in shard.read_text(encoding="utf-8").splitlines():
            if line:
                key, _, value = line.partition("\t")
                found.setdefault(key, []).append(value)
    return found


@pytest.mark.parametrize("damage", [
    lambda line: line.split("\t")[0] + "\t{not json",  # garbled
    lambda line: line[: len(line) // 2],  # cut short: a run killed while appending
    lambda line: line.split("\t")[0] + "\t[1, 2]",  # JSON, but not an entry
])
def test_a_damaged_cache_entry_is_ignored_and_written_anew(capsys, tmp_path, monkeypatch, damage):
    monkeypatch.delenv("NIANBAO_LINT_NO_CACHE")
    cache = tmp_path / "cache"
    report = EXAMPLES / "defects" / "tables.txt"
    expected = run(capsys, "--cache-dir", cache, report)
    for shard in cache.glob("*.jsonl"):
        lines = shard.read_text(encoding="utf-8").splitlines()
        shard.write_text("".join("\n" + damage(line) for line in lines if line), encoding="utf-8")
    assert run(capsys, "--cache-dir", cache, report)[:2] == expected[:2]
    entries = _entries(cache)
    assert entries and all(isinstance(json.loads(values[-1]), dict) for values in entries.values())
    assert run(capsys, "--cache-dir", cache, report)[:2] == expected[:2]  # served from the new entry
    assert _entries(cache) == entries


def test_runs_sharing_a_cache_folder_at_the_same_time_give_the_same_bytes(batch, tmp_path):
    cache = tmp_path / "cache"
    env = {key: value for key, value in os.environ.items() if key != "NIANBAO_LINT_NO_CACHE"}
    command = [sys.executable, "-m", "linter", "check", "--format", "json", "--no-source", "-j", "2"]
    fresh = subprocess.run([*command, "--no-cache", str(batch)], capture_output=True, text=True, env=env, cwd=ROOT)
    together = [subprocess.Popen([*command, "--cache-dir", str(cache), str(batch)], stdout=subprocess.PIPE,
                                 text=True, env=env, cwd=ROOT) for _ in range(3)]
    outputs = [process.communicate()[0] for process in together]
    assert all(output == fresh.stdout for output in outputs)
    entries = _entries(cache)
    assert entries and all(isinstance(json.loads(value), dict) for values in entries.values() for value in values)
    again = subprocess.run([*command, "--cache-dir", str(cache), str(batch)], capture_output=True, text=True, env=env,
                           cwd=ROOT)
    assert again.stdout == fresh.stdout


def test_the_cache_keeps_each_shard_under_its_share_of_the_bound(tmp_path):
    from linter.cache import Cache

    cache = Cache(tmp_path / "cache")
    keys = [f"ab{index:062x}" for index in range(40)]  # one shard: the keys share their first two digits
    for index, key in enumerate(keys):
        cache.put(key, {"index": index, "padding": "x" * 1000})
    cache.trim(limit=10_000)
    shard = tmp_path / "cache" / "ab.jsonl"
    assert shard.stat().st_size <= 5_000
    assert cache.get(keys[-1]) == {"index": 39, "padding": "x" * 1000}  # the newest are kept
    assert cache.get(keys[0]) is None


def test_a_shard_grown_far_past_its_bound_is_not_read_and_trim_reads_only_its_tail(tmp_path):
    from linter.cache import MAX_BYTES, Cache

    cache = Cache(tmp_path / "cache")
    key = "cd" + "0" * 62
    cache.put(key, {"kept": True})
    shard = tmp_path / "cache" / "cd.jsonl"
    with shard.open("ab") as handle:  # 10 MB of someone else's bytes after the entry
        handle.write(b"\n" + b"y" * (10 * 1024 * 1024))
    assert cache.get(key) is None
    cache.trim()
    assert shard.stat().st_size <= MAX_BYTES // 256 // 2
    assert cache.get(key) is None  # the entry was in the dropped, older half
    cache.put(key, {"kept": True})
    assert cache.get(key) == {"kept": True}


def test_the_cache_folder_keeps_itself_out_of_version_control(capsys, tmp_path, monkeypatch):
    monkeypatch.delenv("NIANBAO_LINT_NO_CACHE")
    cache = tmp_path / "cache"
    run(capsys, "--cache-dir", cache, EXAMPLES / "defects" / "tables.txt")
    assert (cache / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    assert (cache / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")


def test_a_run_served_from_the_cache_loads_neither_the_parser_nor_the_checks(tmp_path):
    """What makes a cached pre-commit run fast: no grammar, Lark, rule checks or YAML are imported."""
    cache, report = tmp_path / "cache", EXAMPLES / "defects" / "tables.txt"
    code = ("import sys; from linter.cli import main; code = main(sys.argv[1:]);"
            "print(sorted(m for m in ('lark', 'yaml', 'linter.engine', 'linter.checks.tables', 'linter.parsing.structure')"
            " if m in sys.modules)); sys.exit(code)")
    command = [sys.executable, "-c", code, "check", "-qq", "--cache-dir", str(cache), str(report)]
    env = {key: value for key, value in os.environ.items() if key != "NIANBAO_LINT_NO_CACHE"}
    first = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    second = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    assert first.returncode == second.returncode == 1
    assert "lark" in first.stdout  # the first run did parse
    assert second.stdout.splitlines()[-1] == "[]"


def _slow_when_named(monkeypatch, word: str, action) -> None:
    """Make linting of files whose name contains ``word`` misbehave (the workers are forked from here)."""
    import linter.engine

    real = linter.engine.lint_source

    def lint_source(source, *args, **kwargs):
        if word in source.path:
            action()
        return real(source, *args, **kwargs)

    monkeypatch.setattr(linter.engine, "lint_source", lint_source)


@pytest.mark.parametrize("behaviour, reason", [
    (lambda: time.sleep(60), "超时"),
    (lambda: bytearray(8 * 1024 ** 3), "超出内存"),
    (lambda: os._exit(9), "意外退出"),
])
def test_a_file_over_its_budget_is_r001_and_the_others_are_linted(capsys, tmp_path, monkeypatch, behaviour, reason):
    for name in ("a.txt", "hostile.txt", "c.txt"):
        shutil.copy(EXAMPLES / "defects" / "tables.txt", tmp_path / name)
    _slow_when_named(monkeypatch, "hostile", behaviour)
    started = time.monotonic()
    code, out, err = run(capsys, "--format", "json", "-j", "2", "--timeout", "2", tmp_path)
    assert time.monotonic() - started < 30 and code == 2 and "Traceback" not in err
    files = {Path(f["path"]).name: f["diagnostics"] for f in json.loads(out)["files"]}
    assert [d["code"] for d in files["hostile.txt"]] == ["R001"] and reason in files["hostile.txt"][0]["message"]
    assert "T301" in [d["code"] for d in files["a.txt"]] and "T301" in [d["code"] for d in files["c.txt"]]


def test_text_output_streams_and_cross_year_findings_come_last(capsys, tmp_path):
    for year in ("2023", "2024"):
        shutil.copy(EXAMPLES / "crossyear" / f"{year}.txt", tmp_path / f"{year}.txt")
    shutil.copy(EXAMPLES / "defects" / "tables.txt", tmp_path / "2025-other.txt")
    code, out, _ = run(capsys, "--no-source", "-j", "2", tmp_path)
    lines = out.splitlines()
    t305 = [i for i, line in enumerate(lines) if ": T305 " in line]
    other = [i for i, line in enumerate(lines) if "2025-other.txt" in line]
    assert t305 and other and min(t305) > max(other)  # after every file's own lines, before the summary
    _, data = code, json.loads(run(capsys, "--format", "json", tmp_path)[1])
    in_file = [d["code"] for f in data["files"] if f["path"].endswith("2024.txt") for d in f["diagnostics"]]
    assert in_file.count("T305") == len(t305)  # buffered formats keep them with their file


def test_an_inline_suppression_of_the_cross_year_check_holds_in_a_batch(capsys, tmp_path):
    shutil.copy(EXAMPLES / "crossyear" / "2023.txt", tmp_path / "2023.txt")
    text = (EXAMPLES / "crossyear" / "2024.txt").read_text(encoding="utf-8")
    (tmp_path / "2024.md").write_text("<!-- nianbao-lint: disable-file=T305 原因：上年数据已更正 -->\n" + text,
                                      encoding="utf-8")
    for jobs in ("1", "2"):
        code, out, _ = run(capsys, "--no-source", "-j", jobs, tmp_path)
        assert code == 0 and "T305" not in out and "R010" not in out


def test_stdin_and_a_single_file_run_in_this_process(capsys, monkeypatch):
    import linter.pool

    monkeypatch.setattr(linter.pool.Pool, "map", lambda *a: pytest.fail("no worker for a single file"))
    assert run(capsys, "-j", "2", EXAMPLES / "2024-yunxi-transport.txt")[0] == 0


def test_a_file_over_its_time_in_this_process_is_r001_too(capsys, tmp_path, monkeypatch):
    for name in ("a.txt", "hostile.txt"):
        shutil.copy(EXAMPLES / "defects" / "tables.txt", tmp_path / name)
    _slow_when_named(monkeypatch, "hostile", lambda: time.sleep(60))
    started = time.monotonic()
    code, out, err = run(capsys, "--format", "json", "-j", "1", "--timeout", "1", tmp_path)
    assert time.monotonic() - started < 10 and code == 2
    files = {Path(f["path"]).name: f["diagnostics"] for f in json.loads(out)["files"]}
    assert [d["code"] for d in files["hostile.txt"]] == ["R001"] and "超时" in files["hostile.txt"][0]["message"]
    assert "T301" in [d["code"] for d in files["a.txt"]]


def test_the_user_cache_folder_keeps_only_the_newest_versions_of_its_derived_files(tmp_path, monkeypatch):
    """Each version of the tool writes its own parser tables and validated packs: old ones are removed."""
    from linter import cache
    from linter.parsing.grammar import build_parser

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = cache.user_folder()
    folder.mkdir(parents=True)
    for age in range(6):  # left by six older versions, the oldest first
        for name in (f"lark-old{age}.cache", f"packs-old{age}.pickle"):
            (folder / name).write_bytes(b"x")
            os.utime(folder / name, (1_000_000 + age, 1_000_000 + age))
    build_parser()
    cache.save_pickle("packs", "new", {"a": 1})
    for pattern, new in (("lark-*.cache", None), ("packs-*.pickle", "packs-new.pickle")):
        kept = sorted(path.name for path in folder.glob(pattern))
        assert len(kept) == 4
        assert all(f"old{age}" not in name for name in kept for age in (0, 1, 2))  # the oldest went first
        assert new is None or new in kept
    assert cache.load_pickle("packs", "new") == {"a": 1}
