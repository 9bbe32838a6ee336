"""The linter as one object that owns every stage, from paths to the findings a user sees.

Built once from :class:`Settings` (what a command line or a caller decides for the whole
run), a :class:`Linter` resolves each file's configuration and rule pack, lints it
(read → parse → checks), runs the project checks that need every file (T305), and
applies, per file and in this order: inline suppressions, waivers, selection, severity
overrides and the baseline.  The command line only parses flags and picks a reporter;
batch jobs and the local web page use the same object::

    from linter import Linter, Settings

    linter = Linter(Settings(select=("T3",)))
    for result in linter.run(["reports/"]):
        for diagnostic in result.diagnostics:
            print(result.path, diagnostic.code, diagnostic.message)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Sequence

from linter.config import Config, Resolver
from linter import engine
from linter.engine import LintOptions
from linter.packs import Pack
from linter.results import FileResult
from linter.selection import Selection, parse_codes


@dataclass(frozen=True)
class Settings:
    """Run-wide choices; per-file configuration files refine them."""

    year: int | None = None
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config: str | None = None  # one configuration file for every file (``--config``)
    isolated: bool = False  # ignore configuration files
    baseline: str | None = None  # report only findings not recorded here
    stdin_filename: str = "-"  # the name standard input is linted under


class Linter:
    """Lints files with every stage applied; see the module docstring."""

    def __init__(self, settings: Settings = Settings(), notify: Callable[[str], None] | None = None) -> None:
        self.settings = settings
        self._resolver = Resolver(settings.config, settings.isolated)
        self._choosers: dict[str | None, Callable[[int | None], Pack] | None] = {}
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
        return self._resolver.for_file(self._name(path))

    def selection_for(self, path: str) -> Selection:
        config = self.config_for(path)
        chosen = parse_codes(self.settings.select) or config.select
        return Selection(chosen, config.ignore + parse_codes(self.settings.ignore) + config.ignores_for(self._name(path)))

    def options_for(self, path: str) -> LintOptions:
        config = self.config_for(path)
        if config.path not in self._choosers:
            from linter.config import pack_chooser

            self._choosers[config.path] = pack_chooser(config)
        return LintOptions(year=self.settings.year or config.year, selection=self.selection_for(path),
                           choose_pack=self._choosers[config.path])

    # --- the lint stage ---------------------------------------------------------------------

    def lint_path(self, path: str) -> FileResult:
        """Read, parse and check one file (no suppression, selection or baseline yet)."""
        return engine.lint_path(path, self.options_for(path))

    def lint_bytes(self, name: str, data: bytes) -> FileResult:
        """The same for content already in memory (standard input, an upload)."""
        return engine.lint_bytes(name, data, self.options_for(name))

    # --- every stage ------------------------------------------------------------------------

    def run(self, paths: Sequence[str], stdin: bytes | None = None) -> list[FileResult]:
        """Lint ``paths`` (files, folders, ``-``) with every stage applied."""
        return self.finish(self.lint_all(paths, stdin))

    def lint_all(self, paths: Sequence[str], stdin: bytes | None = None) -> list[FileResult]:
        """The lint stage over ``paths`` (files, folders, ``-`` for ``stdin``)."""
        return [self.lint_stdin(stdin or b"") if path == "-" else self.lint_path(path) for path in collect(paths)]

    def lint_stdin(self, data: bytes) -> FileResult:
        result = self.lint_bytes(self._name("-"), data)
        result.from_stdin = True
        return result

    def check_bytes(self, name: str, data: bytes) -> FileResult:
        """One in-memory file, with every stage applied (the web page, ``annotate``)."""
        return self.finish([self.lint_bytes(name, data)])[0]

    def finish(self, results: list[FileResult]) -> list[FileResult]:
        """Project checks over all results, then the per-file stages, in place."""
        from linter import crossyear

        crossyear.check(results, lambda result, code: self.selection_for(result.path).selects(code))
        for result in results:
            self._apply_file_stages(result)
        if self._baseline is not None:
            from linter import baseline

            dropped = baseline.apply(self._baseline, results)
            if dropped:
                self._notify(f"基线 {self.settings.baseline} 中已有的 {dropped} 条诊断未报告")
        return results

    def _apply_file_stages(self, result: FileResult) -> None:
        from linter import suppressions

        config = self.config_for(result.path)
        suppressions.apply_inline(result, config)
        waiver_file = suppressions.find_waivers(result.path, config)
        if waiver_file:
            suppressions.apply_waivers(result, suppressions.load_waivers(waiver_file))
        selection = self.selection_for(result.path)
        result.diagnostics[:] = [d for d in result.diagnostics if d.code == "R001" or selection.selects(d.code)]
        suppressions.override_severity(result, config)

    # --- fixes ------------------------------------------------------------------------------

    def fix(self, results: list[FileResult], write: bool) -> FixRun:
        """Plan the safe fixes of each result; with ``write``, apply them and re-lint the file."""
        from linter import fixes

        run = FixRun([], [])
        for result in results:
            if result.read_failed or result.from_stdin:
                run.results.append(result)
                continue
            options = self.options_for(result.path)
            outcome = fixes.plan(result, lambda path, data: engine.lint_bytes(path, data, options))
            if write and outcome.fixed is not None:
                fixes.write(outcome)
            for line in outcome.suggestions:
                self._notify(f"修复建议（未写入，仅 .txt/.md 可自动修复）：{line}")
            if outcome.problem:
                self._notify(f"{result.path}: {outcome.problem}")
            run.suggested = run.suggested or bool(outcome.suggestions)
            run.failed = run.failed or outcome.failed
            if outcome.fixed is None or outcome.failed:
                run.results.append(result)
                continue
            run.diffs.append(fixes.unified_diff(outcome, result.source.encoding if result.source else "utf-8"))
            if write:
                self._notify(f"{result.path}: 已应用 {outcome.applied} 处安全修复")
                run.results.append(engine.lint_bytes(result.path, outcome.fixed, options))
            else:
                run.results.append(result)
        return run


@dataclass
class FixRun:
    """What ``--fix``/``--diff`` did: the results to report, the diffs, whether a file could not be written."""

    results: list[FileResult]
    diffs: list[str]
    failed: bool = False
    suggested: bool = False  # fixes shown as suggestions (Word, PDF, HTML: not written)


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
