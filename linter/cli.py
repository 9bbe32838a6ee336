"""The command line: ``nianbao-lint check|rules|rule|tables``.

:func:`main` takes ``argv`` and returns the exit code (0 clean, 1 findings, 2 the
tool could not do its job), so tests call it directly; only :func:`linter.start.run` exits.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, TextIO

import click

from linter import __version__
from linter.cli_support import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    EXIT_TOOL,
    ToolError,
    check_codes,
    config_option,
    epilog,
    ignore_option,
    isolated_option,
    select_option,
    year_option,
)
from linter.reporters import REPORTERS, ReportOptions, get_format, write_statistics
from linter.selection import parse_codes

if TYPE_CHECKING:
    from linter.cache import Cache
    from linter.linter import Linter
    from linter.reporters import Format
    from linter.results import FileResult

def _use_color(choice: str, stream: IO[str]) -> bool:
    """``--color``; in ``auto``, NO_COLOR switches colour off and FORCE_COLOR on, else only on a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR", "0") not in ("", "0"):
        return True
    return hasattr(stream, "isatty") and stream.isatty()


class _Commands(click.Group):
    """The command group.  Commands defined in other modules (Word, the local page) are imported
    when named or listed: ``check`` runs on every commit and need not load them."""

    elsewhere = {"annotate": "linter.commands", "init": "linter.commands", "serve": "linter.serve"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.elsewhere})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.elsewhere and name not in self.commands:
            self.add_command(getattr(importlib.import_module(self.elsewhere[name]), name))
        return super().get_command(ctx, name)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=epilog("nianbao-lint check 2024年报.docx", "nianbao-lint check reports/",
                            "nianbao-lint rule T303"))
@click.version_option(__version__, prog_name="nianbao-lint")
def cli() -> None:
    """政府信息公开工作年度报告检查工具。

    检查年度报告的六个部分、三张法定表格的数字勾稽关系等，给出带位置的诊断。
    """


@cli.command(epilog=epilog("nianbao-lint check 2024年报.txt", "nianbao-lint check --format json reports/",
                            "nianbao-lint check --select T3 --ignore T303 2024年报.docx"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="auto", show_default=True,
              help="输出格式（auto：GitHub Actions 中为 github，否则为 text）。")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False), help="把报告写入此文件，而不是标准输出。")
@year_option
@select_option
@ignore_option
@click.option("--exit-zero", is_flag=True, help="有诊断时也以 0 退出（读取失败仍为 2）。")
@click.option("--statistics", is_flag=True, help="按代码统计诊断数量（机器格式输出到标准错误）。")
@click.option("-q", "--quiet", count=True, help="文本输出只列错误级诊断和汇总；-qq 只输出汇总行。")
@click.option("--no-source", is_flag=True, help="不显示源文本行和下划线。")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="彩色输出（auto：在终端中着色；设置 NO_COLOR 时不着色，设置 FORCE_COLOR 时着色）。")
@click.option("--stdin-filename", default="-", help="从标准输入读取时显示的文件名（其扩展名决定读取方式，如 x.docx）。")
@config_option
@isolated_option
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="只报告基线文件中没有的诊断。")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="把当前全部诊断写入基线文件后退出（退出码 0）。")
@click.option("--fix", is_flag=True, help="应用安全修复（仅 .txt/.md），然后报告剩余诊断。")
@click.option("--diff", "show_diff", is_flag=True, help="以统一差异格式显示安全修复，不写入文件；有可修复之处时退出码为 1。")
@click.option("--output-dir", type=click.Path(file_okay=False),
              help="HTML 报告：在此文件夹写入总览页 index.html 和每份报告一页。")
@click.option("-j", "--jobs", type=click.IntRange(1, 64), help="并行检查的进程数（默认：可用的 CPU 核数；1 = 在本进程中检查）。")
@click.option("--timeout", type=click.FloatRange(1, 3600), default=10, show_default=True,
              help="每个文件最多用时（秒，多进程检查时生效），超时的文件报告 R001，其余照常检查。")
@click.option("--no-cache", is_flag=True, help="不使用也不写入结果缓存。")
@click.option("--cache-dir", type=click.Path(file_okay=False),
              help="结果缓存的文件夹（默认：配置文件旁的 .nianbao-lint-cache，或用户缓存目录）。")
def check(paths: tuple[str, ...], output_format: str, output_file: str | None, year: int | None,
          select: tuple[str, ...], ignore: tuple[str, ...], exit_zero: bool, statistics: bool, quiet: int,
          no_source: bool, color: str, stdin_filename: str, config_path: str | None, isolated: bool,
          baseline_path: str | None, write_baseline_path: str | None, fix: bool, show_diff: bool,
          output_dir: str | None, jobs: int | None, timeout: float, no_cache: bool, cache_dir: str | None) -> int:
    """检查年度报告。PATHS 可以是文件、文件夹（递归查找 .txt .md .docx .pdf .html）或 -（标准输入）。"""
    from linter.batch import Batch
    from linter.linter import Linter, Settings, usable_cores
    from linter.readers import read_stdin

    check_codes(select + ignore)
    if output_dir and output_format not in ("auto", "html"):
        raise ToolError("--output-dir 只用于 HTML 报告（--format html）")
    settings = Settings(year=year, select=select, ignore=ignore, config=config_path, isolated=isolated,
                        baseline=None if write_baseline_path else baseline_path, stdin_filename=stdin_filename,
                        fix=fix, jobs=jobs or usable_cores(), timeout=timeout)
    notify = (lambda message: None) if quiet else (lambda message: click.echo(message, err=True))
    linter = Linter(settings, notify=notify)
    files = _files(paths)
    stdin_data = read_stdin(stdin_filename) if "-" in paths else None
    if show_diff:  # like ruff --diff: only the diff; exit 1 when there is something to fix
        fixed = linter.diff(files, stdin_data)
        _write_output(output_file, lambda out: out.write("".join(fixed.diffs)))
        return EXIT_FINDINGS if fixed.diffs or fixed.suggested else EXIT_CLEAN
    if write_baseline_path:  # every finding is recorded: a baseline in force does not filter them
        from linter import baseline

        results = linter.run(files, stdin_data)
        count = baseline.write(write_baseline_path, results)
        click.echo(f"已将 {count} 条诊断写入基线 {write_baseline_path}", err=True)
        return EXIT_TOOL if any(r.read_failed for r in results) else EXIT_CLEAN
    fmt = get_format("html" if output_dir else output_format)
    options = ReportOptions(color=output_file is None and _use_color(color, sys.stdout), show_source=not no_source,
                            statistics=statistics, quiet=quiet, width=shutil.get_terminal_size().columns)
    if fmt.needs_sources:  # the HTML page draws each report's tables: whole results, in this process
        failed, errors = _html(fmt, linter.run(files, stdin_data), options, output_file, output_dir)
    else:
        linter.prepare(files)
        _settle()
        cache = None if no_cache or fix or os.environ.get("NIANBAO_LINT_NO_CACHE") else _cache(cache_dir, linter, files)
        batch = Batch(linter, files, fmt, options, stdin_data, cache, notify, quiet=bool(quiet))
        _write_output(output_file, batch.write)
        failed, errors = batch.failed, batch.errors
        if batch.baselined:
            notify(f"基线 {baseline_path} 中已有的 {batch.baselined} 条诊断未报告")
        if statistics and not fmt.prints_statistics:
            write_statistics(batch.totals, sys.stderr)
    _warn_unknown_codes(select + ignore, linter)
    if failed:
        return EXIT_TOOL
    if exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if errors else EXIT_CLEAN


def _html(fmt: Format, results: list[FileResult], options: ReportOptions, output_file: str | None,
          output_dir: str | None) -> tuple[bool, bool]:
    if output_dir:
        from linter.reporters.html import write_site

        write_site(results, output_dir, options)
    else:
        _write_output(output_file, lambda out: fmt.report(results, out, options))
    failed = any(r.read_failed or r.write_failed for r in results)
    return failed, any(d.is_error for r in results for d in r.diagnostics)


def _settle() -> None:
    """What start-up made lives until the end: move it out of the collector's sight, then collect as usual."""
    import gc

    gc.freeze()
    # Linting one report makes tens of thousands of short-lived objects and almost no cycles:
    # the default (a young collection every 700 allocations) spends ~7 % of a batch finding nothing.
    gc.set_threshold(10_000)
    gc.enable()


def _cache(folder: str | None, linter: Linter, files: Sequence[str]) -> Cache:
    from linter.cache import Cache, default_folder

    config = linter.config_for(files[0]) if files else None
    return Cache(Path(folder) if folder else default_folder(config.path if config else None))


def _files(paths: Sequence[str]) -> list[str]:
    """The files to lint; a folder with nothing lintable in it is a usage error, said out loud."""
    from linter.linter import collect, unlintable

    files = []
    for path in paths:
        found = collect([path])
        if not found:
            raise ToolError(f"{path}: 文件夹中没有可检查的报告（支持 .txt .md .docx .pdf .html）{unlintable(path)}")
        files.extend(found)
    return files


def _write_output(output_file: str | None, write: Callable[[TextIO], object]) -> None:
    """The report to stdout, or to ``--output-file`` (written whole, never half)."""
    if output_file is None:
        write(sys.stdout)
        return
    import io

    from linter.safe_write import WriteError, write_file

    buffer = io.StringIO()
    write(buffer)
    try:
        write_file(output_file, buffer.getvalue().encode("utf-8"))
    except WriteError as error:
        raise ToolError(str(error)) from None


def _warn_unknown_codes(values: tuple[str, ...], linter: Linter) -> None:
    """A well-formed code that no pack in force defines (--ignore T399) selects nothing: say so."""
    codes = parse_codes(values)
    if not codes:
        return
    known = linter.known_codes()
    for code in codes:
        if not any(rule.startswith(code) for rule in known):
            click.echo(f"nianbao-lint: 警告：--select/--ignore 中的“{code}”不是任何规则的代码或前缀；"
                       "用 nianbao-lint rules 查看全部规则", err=True)


@cli.command("config", epilog=epilog("nianbao-lint config", "nianbao-lint config reports/2024年报.docx"))
@click.argument("path", required=False, default=".")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="使用此配置文件。")
@isolated_option
def show_config(path: str, config_path: str | None, isolated: bool) -> int:
    """显示对 PATH（文件或文件夹）生效的配置。"""
    import json

    from linter.config import Resolver

    config = Resolver(config_path, isolated).for_file(path)
    click.echo(json.dumps(config.as_dict(), ensure_ascii=False, indent=2))
    return EXIT_CLEAN


@cli.command("rules", epilog=epilog("nianbao-lint rules", "nianbao-lint rule T303"))
def list_rules() -> int:
    """列出全部规则。"""
    from linter.packs import all_rules

    for rule in all_rules().values():
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.doc.strip().splitlines()[0]}")
    return EXIT_CLEAN


@cli.command("rule", epilog=epilog("nianbao-lint rule T303", "nianbao-lint rule s101"))
@click.argument("code")
def explain_rule(code: str) -> int:
    """解释一条规则，如 nianbao-lint rule T303。"""
    from linter.packs import all_rules, builtin_pack

    rules = all_rules()
    rule = rules.get(code.upper())
    if rule is None:
        raise ToolError(f"没有代码为 {code!r} 的规则；用 nianbao-lint rules 查看全部规则")
    click.echo(f"{rule.code} {rule.name}（{rule.severity.label}）\n")
    click.echo(rule.doc.rstrip())
    click.echo(f"\n消息模板：{rule.message}")
    for pack_name in ("format-2019", "format-2021"):
        override = builtin_pack(pack_name).rules.get(rule.code)
        if override and override.severity is not rule.severity:
            click.echo(f"在 {pack_name} 规则包中的级别：{override.severity.label}")
    return EXIT_CLEAN


@cli.command("tables", epilog=epilog("nianbao-lint tables 2024年报.docx",
                                     "nianbao-lint tables --format csv reports/ > 汇总.csv"))
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="输出格式。")
@year_option
def tables(paths: tuple[str, ...], output_format: str, year: int | None) -> int:
    """显示从报告中读出的三张表格（各单元格原样：数字、空白或“/”）。PATHS 可以是文件、文件夹或 -。"""
    from linter.readers import ReadError, read_bytes, read_path, read_stdin
    from linter.table_export import export

    failed = False
    sources = []
    for path in _files(paths):
        try:
            sources.append(read_bytes("-", read_stdin()) if path == "-" else read_path(path))
        except ReadError as error:
            click.echo(f"nianbao-lint: {path}: {error}", err=True)
            failed = True
    export(sources, year, output_format, sys.stdout)
    return EXIT_TOOL if failed else EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code; nothing escapes as a traceback."""
    from linter import click_zh
    from linter.validation import InputError

    click_zh.install()
    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="nianbao-lint",
                          standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        click.echo("nianbao-lint: 已中断", err=True)
        return EXIT_TOOL
    except click.ClickException as error:
        error.show()
        return EXIT_TOOL
    except InputError as error:  # a pack, configuration, waiver file or baseline that cannot be used
        click.echo(f"nianbao-lint: 错误：{error}", err=True)
        return EXIT_TOOL
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as error:  # a bug: one line, exit 2 — never a traceback, never "findings" (1)
        click.echo(f"nianbao-lint: 内部错误：{type(error).__name__}: {error}（请报告此问题）", err=True)
        return EXIT_TOOL
    return result if isinstance(result, int) else EXIT_CLEAN
