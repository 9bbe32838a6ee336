"""The linter as one object that owns every stage, from paths to the findings a user sees.

Built once from :class:`Settings` (what a command line or a caller decides for the whole
run), a :class:`Linter` processes each file through every per-file stage — configuration
and rule pack of the file, read → parse → checks, safe fixes, inline suppressions,
waivers, selection, severity overrides, the baseline — then runs the project checks that
need every file (T305, cross-year) and processes again the few files they find
something in.  The command line only parses flags and picks an output format; batch
jobs and the local web page use the same object::

    from linter import Linter, Settings

    linter = Linter(Settings(select=("T3",)))
    for result in linter.run(["reports/"]):
        for diagnostic in result.diagnostics:
            print(result.path, diagnostic.code, diagnostic.message)

For a batch, :meth:`Linter.outcomes` runs the files in worker processes (``jobs``), each
under a time and memory budget, reads unchanged files from the cache, and keeps per file
only its rendered part of the output and a few counts: memory stays flat however many
reports a province lints.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from linter.config import Config, Resolver
from linter.crossyear import CODE as CROSS_YEAR
from linter.crossyear import CarryCell, CarrySummary, carry_over, summarize
from linter.results import FileResult
from linter.selection import Selection, parse_codes
from linter.validation import InputError

if TYPE_CHECKING:
    from linter.cache import Cache
    from linter.checks import Finding
    from linter.lint_options import LintOptions
    from linter.packs import Pack
    from linter.pool import Pool
    from linter.reporters import Format, ReportOptions

def _engine() -> ModuleType:
    """The lint engine, imported on first use: a run whose files all come from the cache never
    loads the grammar, the parser or the checks."""
    from linter import engine

    return engine


DEFAULT_TIMEOUT = 10.0  # seconds one file may take, every phase included
DEFAULT_MEMORY = 1024  # megabytes of address space a worker may use (beyond what it inherits)


class Settings(NamedTuple):
    """Run-wide choices; per-file configuration files refine them."""

    year: int | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: str | None = None  # one configuration file for every file (``--config``)
    isolated: bool = False  # ignore configuration files
    baseline: str | None = None  # report only findings not recorded here
    stdin_filename: str = "-"  # the name standard input is linted under
    fix: bool = False  # write safe fixes to .txt/.md files before the other stages
    jobs: int = 1  # worker processes for a batch (1: in this process)
    timeout: float = DEFAULT_TIMEOUT  # per file, in a worker
    memory: int = DEFAULT_MEMORY  # per worker, in megabytes


class Outcome(NamedTuple):
    """One file as a batch keeps it: its part of the output and what the end of the run needs."""

    path: str
    fragment: str
    diagnostics: list[tuple[str, str, str]]  # (code, name, severity) — totals, statistics, exit code
    read_failed: bool = False
    carry: CarrySummary | None = None
    notices: Sequence[str] = ()
    baselined: int = 0
    defer: bool = False  # a suppression or waiver here may cover a cross-year finding: print it last
    write_failed: bool = False  # --fix could not write the file

    def as_json(self) -> dict:
        # By hand rather than _asdict: the carried cells are named tuples too, and JSON needs mappings.
        carry = self.carry
        return {
            "path": self.path, "fragment": self.fragment, "diagnostics": [list(d) for d in self.diagnostics],
            "read_failed": self.read_failed, "notices": list(self.notices), "baselined": self.baselined,
            "defer": self.defer, "write_failed": self.write_failed,
            "carry": None if carry is None else {
                "agency": carry.agency, "year": carry.year,
                "carried": {k: {"raw": c.raw, "value": c.value, "span": list(c.span)} for k, c in carry.carried.items()},
                "forward": {k: {"raw": c.raw, "value": c.value, "span": list(c.span)} for k, c in carry.forward.items()}},
        }

    @classmethod
    def from_json(cls, data: dict) -> Outcome:
        def cells(column: dict) -> dict[str, CarryCell]:
            return {k: CarryCell(v["raw"], v["value"], tuple(v["span"])) for k, v in column.items()}

        carry = data.get("carry")
        if carry is not None:
            carry = CarrySummary(carry["agency"], carry["year"], cells(carry["carried"]), cells(carry["forward"]))
        return cls(data["path"], data["fragment"], [tuple(d) for d in data["diagnostics"]], data["read_failed"],
                   carry, list(data["notices"]), data["baselined"], data["defer"], data["write_failed"])


class Linter:
    """Lints files with every stage applied; see the module docstring."""

    def __init__(self, settings: Settings = Settings(), notify: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self._resolver = Resolver(settings.config, settings.isolated)
        self._choosers: dict[str | None, Callable[[int | None], Pack] | None] = {}
        # Per file, asked for by every stage: resolved once.
        self._configs: dict[str, Config] = {}
        self._selections: dict[str, Selection] = {}
        self._waiver_files: dict[str, str | None] = {}  # folder -> the waiver file nearest to it
        self._file_waivers: dict[str, str | None] = {}  # file -> its waiver file
        self._prepared: set[str] = set()  # the files whose configuration has been read and checked
        self._notify = notify or (lambda message: None)
        self._baseline = None
        if settings.baseline:
            from linter import baseline

            self._baseline = baseline.load(settings.baseline)

    # --- configuration ----------------------------------------------------------------------

    def _name(self, path: str) -> str:
        """The name a file is configured and reported under (stdin takes ``stdin_filename``)."""
        return self.settings.stdin_filename if path == "-" else path

    def config_for(self, path: str) -> Config:
        if path not in self._configs:
            self._configs[path] = self._resolver.for_file(self._name(path))
        return self._configs[path]

    def selection_for(self, path: str) -> Selection:
        if path not in self._selections:
            config = self.config_for(path)
            chosen = parse_codes(self.settings.select) or config.select
            ignored = config.ignore + parse_codes(self.settings.ignore) + config.ignores_for(self._name(path))
            self._selections[path] = Selection(chosen, ignored)
        return self._selections[path]

    def waiver_file(self, path: str) -> str | None:
        if path not in self._file_waivers:
            from linter import suppressions

            self._file_waivers[path] = suppressions.find_waivers(self._name(path), self.config_for(path),
                                                                 self._waiver_files)
        return self._file_waivers[path]

    def options_for(self, path: str) -> LintOptions:
        from linter.lint_options import LintOptions

        config = self.config_for(path)
        if config.path not in self._choosers:
            from linter.config import pack_chooser

            self._choosers[config.path] = pack_chooser(config)
        return LintOptions(year=self.settings.year or config.year, selection=self.selection_for(path),
                           choose_pack=self._choosers[config.path])

    # --- one file, every per-file stage -------------------------------------------------------

    def lint_path(self, path: str) -> FileResult:
        """Read, parse and check one file (no fix, suppression, selection or baseline yet)."""
        return _engine().lint_path(path, self.options_for(path))

    def lint_bytes(self, name: str, data: bytes) -> FileResult:
        """The same for content already in memory (standard input, an upload)."""
        return _engine().lint_bytes(name, data, self.options_for(name))

    def lint_stdin(self, data: bytes) -> FileResult:
        result = self.lint_bytes(self._name("-"), data)
        result.from_stdin = True
        return result

    def process(self, path: str, data: bytes | None = None,
                project: dict[str, Sequence[Finding]] | None = None) -> FileResult:
        """One file through every per-file stage (``data``: its content, already read;
        ``project``: findings of the project checks to raise in it, by code)."""
        from linter.budget import OverBudget, time_budget

        name = self._name(path)
        options = self.options_for(path)
        engine = _engine()
        try:
            with time_budget(self.settings.timeout):
                if data is not None or path == "-":
                    result = engine.lint_bytes(name, data or b"", options, project)
                else:
                    result = engine.lint_path(path, options, project)
        except OverBudget:
            from linter.readers import ReadError

            result = engine.read_failure(name, ReadError(timeout_reason(self.settings.timeout)), options)
        result.from_stdin = path == "-"
        if self.settings.fix and not result.read_failed and not result.from_stdin:
            result = self._fix(result, options, project)
        self._apply_file_stages(result)
        result.carry = summarize(result.report) if self.selection_for(path).selects(CROSS_YEAR) else None
        return result

    def check_bytes(self, name: str, data: bytes) -> FileResult:
        """One in-memory file, with every stage applied (the web page, ``annotate``)."""
        return self.process(name, data)

    def run(self, paths: Sequence[str], stdin: bytes | None = None) -> list[FileResult]:
        """Files, folders and ``-`` (``stdin``) with every stage applied, project checks included."""
        files = collect(paths)
        results = [self.process(path, stdin or b"" if path == "-" else None) for path in files]
        found = carry_over([r.path for r in results], [r.carry for r in results])
        for index, findings in found.items():
            results[index] = self.process(files[index], stdin if files[index] == "-" else None, {CROSS_YEAR: findings})
        return results

    def _apply_file_stages(self, result: FileResult) -> None:
        from linter import suppressions

        config = self.config_for(result.path)
        suppressions.apply_inline(result, config)
        waiver_file = self.waiver_file(result.path)
        if waiver_file:
            suppressions.apply_waivers(result, suppressions.load_waivers(waiver_file))
        selection = self.selection_for(result.path)
        result.diagnostics[:] = [d for d in result.diagnostics if d.code == "R001" or selection.selects(d.code)]
        suppressions.override_severity(result, config)
        if self._baseline is not None:
            from linter import baseline

            result.baselined = baseline.apply(self._baseline, [result])

    def _fix(self, result: FileResult, options: LintOptions, project: dict[str, Sequence[Finding]] | None) -> FileResult:
        """``--fix``: write the safe fixes of a .txt/.md file, then lint what was written."""
        from linter import fixes

        outcome = fixes.plan(result, lambda path, data: _engine().lint_bytes(path, data, options))
        notices = [f"修复建议（未写入，仅 .txt/.md 可自动修复）：{line}" for line in outcome.suggestions]
        if outcome.fixed is not None:
            fixes.write(outcome)
        if outcome.problem:
            notices.append(f"{result.path}: {outcome.problem}")
        if outcome.fixed is not None and not outcome.failed:
            notices.append(f"{result.path}: 已应用 {outcome.applied} 处安全修复")
            result = _engine().lint_bytes(result.path, outcome.fixed, options, project)
        result.notices.extend(notices)
        result.write_failed = outcome.failed
        return result

    # --- a batch ----------------------------------------------------------------------------

    def prepare(self, files: Sequence[str]) -> None:
        """Read and validate every configuration, rule pack and waiver file the files need, here and
        now: a malformed one stops the run with one line before any file is linted."""
        from linter import suppressions

        waiver_files: set[str] = set()
        for path in files:
            if path in self._prepared:
                continue
            self.options_for(path)
            waiver_file = self.waiver_file(path)
            if waiver_file is not None:
                waiver_files.add(waiver_file)
        for waiver_file in sorted(waiver_files):
            suppressions.load_waivers(waiver_file)
        self._prepared.update(files)

    def outcomes(self, files: Sequence[str], fmt: Format, options: ReportOptions, stdin: bytes | None = None,
                 cache: Cache | None = None) -> Iterator[Outcome]:
        """Every file's outcome, in order — in worker processes when ``jobs`` > 1 and there are
        several files — with its part of the output rendered in ``fmt``."""
        self.prepare(files)
        run = _Run(self, fmt, options, stdin, cache)
        if self.settings.jobs > 1 and len(files) > 1 and not fmt.needs_sources:
            from linter.pool import Pool

            global _RUN
            _RUN = run  # forked workers inherit it; spawned ones rebuild it in _start_worker
            # The worker keeps the budget itself (linter.budget); the pool's watch, a little later, is
            # for what a timer cannot interrupt (a long call inside a C library).
            pool: Pool[str, Outcome] = Pool(self.settings.jobs, _work, _failed, timeout=self.settings.timeout + 2,
                                            memory=self.settings.memory, initializer=_start_worker,
                                            initargs=(self.settings, fmt, options, cache))
            yield from _in_order(files, run, pool)
        else:
            for path in files:
                yield run.outcome(path)

    def project(self, files: Sequence[str], outcomes: Sequence[Outcome], fmt: Format, options: ReportOptions,
                stdin: bytes | None = None, only: frozenset[str] | None = None,
                whole: set[int] | frozenset[int] = frozenset(), cache: Cache | None = None) -> dict[int, Outcome]:
        """The project checks (T305) over the batch: the outcomes of the files they find something in,
        processed again with those findings (rendering only the ``only`` codes, except for ``whole`` files)."""
        run = _Run(self, fmt, options, stdin, cache)
        found = carry_over([o.path for o in outcomes], [o.carry for o in outcomes])
        return {index: run.outcome(files[index], {CROSS_YEAR: findings}, None if index in whole else only)
                for index, findings in found.items()}

    def known_codes(self) -> set[str]:
        """The codes of the built-in packs and of every user pack a configuration of this run named."""
        from linter.packs import all_rules, load_pack_file

        codes = set(all_rules())
        for config in self._resolver.configs():
            for path in config.packs:
                codes.update(load_pack_file(path).rules)
        return codes

    # --- fixes shown, not written -----------------------------------------------------------

    def diff(self, files: Sequence[str], stdin: bytes | None = None) -> FixRun:
        """``--diff``: the safe fixes of each file as a unified diff, nothing written."""
        from linter import fixes

        run = FixRun()
        for path in files:
            result = self.lint_stdin(stdin or b"") if path == "-" else self.lint_path(path)
            if result.read_failed or result.from_stdin:
                continue
            options = self.options_for(path)
            def relint(name: str, data: bytes, options: LintOptions = options) -> FileResult:
                return _engine().lint_bytes(name, data, options)

            outcome = fixes.plan(result, relint)
            for line in outcome.suggestions:
                self._notify(f"修复建议（未写入，仅 .txt/.md 可自动修复）：{line}")
            if outcome.problem:
                self._notify(f"{result.path}: {outcome.problem}")
            run.suggested = run.suggested or bool(outcome.suggestions)
            if outcome.fixed is not None and not outcome.failed:
                run.diffs.append(fixes.unified_diff(outcome, result.source.encoding if result.source else "utf-8"))
        return run


class FixRun:
    """What ``--diff`` found: the diffs, and whether fixes were shown as suggestions (Word, PDF, HTML)."""

    def __init__(self) -> None:
        self.diffs: list[str] = []
        self.suggested = False


class _Run:
    """What one worker (or this process) needs to turn a path into an :class:`Outcome`."""

    def __init__(self, linter: Linter, fmt: Format, options: ReportOptions, stdin: bytes | None,
                 cache: Cache | None) -> None:
        self.linter, self.fmt, self.options, self.stdin, self.cache = linter, fmt, options, stdin, cache
        self._run_keys: dict[tuple[str | None, str | None], str] = {}

    def outcome(self, path: str, project: dict[str, Sequence[Finding]] | None = None,
                only: frozenset[str] | None = None, look: bool = True) -> Outcome:
        """The outcome of ``path``: from the cache (unless ``look`` is False: already looked for), or
        processed and then cached."""
        data, key = self._content_and_key(path, project, only)
        if look and key is not None:
            hit = self._hit(key)
            if hit is not None:
                return hit
        try:
            result = self.linter.process(path, data, project)
        except InputError:
            raise  # a configuration, pack or waiver file that cannot be used stops the run
        except Exception as error:  # a bug: that file's R001, the batch goes on
            result = _engine().internal_failure(self.linter._name(path), error, self.linter.options_for(path))
        outcome = self._outcome(result, only)
        if key is not None and self.cache is not None:
            self.cache.put(key, outcome.as_json())
        return outcome

    def cached(self, path: str) -> Outcome | None:
        """The outcome the cache holds for ``path`` as it is now, if any."""
        key = self._content_and_key(path)[1]
        return self._hit(key) if key is not None else None

    def _content_and_key(self, path: str, project: dict[str, Sequence[Finding]] | None = None,
                         only: frozenset[str] | None = None) -> tuple[bytes | None, str | None]:
        """The file's content when it has been read (standard input, or for the cache) and its cache
        key; no key without a cache, with ``--fix``, or when the file cannot be read."""
        data = self.stdin or b"" if path == "-" else None
        if self.cache is None or self.linter.settings.fix:
            return data, None
        data = data if data is not None else _read_for_cache(path)
        if data is None:
            return None, None
        run = self._run_key(path)
        if project is not None or only is not None:
            from linter.cache import fingerprint

            # The second pass, with the project checks' findings (T305): they are part of the output.
            run = fingerprint(run, repr(sorted(project.items())) if project else None, sorted(only or ()))
        return data, self.cache.key(run, path, data)

    def _hit(self, key: str) -> Outcome | None:
        assert self.cache is not None
        hit = self.cache.get(key)
        if hit is not None:
            try:
                return Outcome.from_json(hit)
            except (KeyError, TypeError, ValueError):
                pass  # an entry of another shape: linted again and rewritten
        return None

    def _outcome(self, result: FileResult, only: frozenset[str] | None = None) -> Outcome:
        from linter import suppressions

        config = self.linter.config_for(result.path)
        defer = result.carry is not None and suppressions.may_suppress(
            result, config, CROSS_YEAR, self.linter.waiver_file(result.path))
        if not self.fmt.needs_sources:
            result = result.detach()
        return Outcome(result.path, self.fmt.fragment(result, self.options, only),
                       [(d.code, d.name, d.severity.value) for d in result.diagnostics], result.read_failed,
                       result.carry, result.notices, result.baselined, defer, result.write_failed)

    def _run_key(self, path: str) -> str:
        """Everything besides the file that decides its output, hashed once per configuration and
        waiver file (folders under one configuration may each have their own waivers)."""
        from linter.cache import file_digest, fingerprint

        config = self.linter.config_for(path)
        waivers = self.linter.waiver_file(path)
        if (config.path, waivers) not in self._run_keys:
            settings = self.linter.settings
            self._run_keys[config.path, waivers] = fingerprint(
                settings._asdict(), config.as_dict(), [file_digest(p) for p in config.packs], file_digest(waivers),
                file_digest(config.path), file_digest(settings.baseline), type(self.fmt).__name__,
                self.options._asdict())
        return self._run_keys[config.path, waivers]


def _in_order(files: Sequence[str], run: _Run, pool: Pool[str, Outcome]) -> Iterator[Outcome]:
    """The outcomes of ``files`` in order: what the cache holds from here, the rest from the workers
    (which start only when a file is not in the cache)."""
    found: dict[int, Outcome] = {}
    sent: deque[int] = deque()  # the indices of the files sent to the workers, in order

    def missing() -> Iterator[str]:
        for index, path in enumerate(files):
            hit = run.cached(path)
            if hit is not None:
                found[index] = hit
                continue
            if not sent:
                _engine().load()  # before the workers are forked: loaded once, not once in each
            sent.append(index)
            yield path

    done = 0
    for outcome in pool.map(missing()):
        index = sent.popleft()
        while done < index:
            yield found.pop(done)
            done += 1
        yield outcome
        done += 1
    while done < len(files):
        yield found.pop(done)
        done += 1


def _read_for_cache(path: str) -> bytes | None:
    from linter.readers import ReadError, limit_for, read_file

    try:
        return read_file(path, limit_for(path))[0]
    except ReadError:
        return None  # linted the usual way, which says what is wrong with it


_RUN: _Run | None = None


def _start_worker(settings: Settings, fmt: Format, options: ReportOptions, cache: Cache | None) -> None:
    global _RUN
    if _RUN is None:  # spawned, not forked: rebuild what the parent had
        _RUN = _Run(Linter(settings), fmt, options, None, cache)


def _work(path: str) -> Outcome:
    assert _RUN is not None
    return _RUN.outcome(path, look=False)  # sent to a worker: not in the cache


def _failed(path: str, why: str) -> Outcome:
    """A file whose worker ran out of time or memory, or died: its R001."""
    assert _RUN is not None
    linter = _RUN.linter
    reason = {"timeout": timeout_reason(linter.settings.timeout),
              "memory": _engine().OUT_OF_MEMORY,
              "crashed": "处理这个文件的进程意外退出，已跳过（可能超出内存）"}.get(why)
    from linter.readers import ReadError

    options = linter.options_for(path)
    if reason is None:  # a bug the worker reported
        result = _engine().internal_failure(linter._name(path), RuntimeError(why), options)
    else:
        result = _engine().read_failure(linter._name(path), ReadError(reason), options)
    linter._apply_file_stages(result)
    return _RUN._outcome(result)


def timeout_reason(seconds: float) -> str:
    return f"处理超时（超过 {seconds:g} 秒），已跳过；文件可能过于复杂或已损坏"


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - macOS, Windows
        return os.cpu_count() or 1


def collect(paths: Iterable[str]) -> list[str]:
    """Files named or found (recursively, skipping hidden folders) under the folders named."""
    from linter.readers import is_supported

    files: list[str] = []
    for raw in paths:
        path = Path(raw)
        if raw != "-" and path.is_dir():
            files.extend(sorted(str(p) for p in path.rglob("*") if p.is_file() and is_supported(p)
                                and not any(part.startswith(".") for part in p.relative_to(path).parts)))
        else:
            files.append(raw)
    return files


# What a folder holds that cannot be linted as it is, and what to do about it.
_UNLINTABLE = {
    "旧版 Word 97-2003 .doc 文件，请在 Word 中另存为 .docx": (".doc", ".wps"),
    "图片/扫描件，需要先 OCR 识别成文字": (".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".webp"),
}


def unlintable(folder: str) -> str:
    """A note on the files of ``folder`` that are reports in a form the linter cannot read."""
    root = Path(folder)
    if not root.is_dir():
        return ""
    suffixes = [p.suffix.lower() for p in root.rglob("*") if p.is_file()]
    notes = [f"{count} 个{what}" for what, kinds in _UNLINTABLE.items()
             if (count := sum(suffix in kinds for suffix in suffixes))]
    return f"；其中有 {'，'.join(notes)}" if notes else ""

