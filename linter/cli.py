"""The command line: ``nianbao-lint check|rules|rule|tables``.

:func:`main` takes ``argv`` and returns the exit code (0 clean, 1 findings, 2 the
tool could not do its job), so tests call it directly; only :func:`run` exits.
"""

from __future__ import annotations

import os
import sys
from dataclasses import replace
from typing import Sequence

import click

from linter import __version__
from linter.reporters import REPORTERS, ReportOptions, get_reporter
from linter.selection import parse_codes

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TOOL = 0, 1, 2


class ToolError(click.ClickException):
    """A usage or configuration failure: one line on stderr, exit code 2."""

    exit_code = EXIT_TOOL

    def show(self, file=None) -> None:
        click.echo(f"nianbao-lint: 错误：{self.message}", err=True)


def _use_color(choice: str, stream) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="nianbao-lint")
def cli() -> None:
    """政府信息公开工作年度报告检查工具。

    检查年度报告的六个部分、三张法定表格的数字勾稽关系等，给出带位置的诊断。
    """


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "output_format", type=click.Choice(sorted(REPORTERS)), default="auto", show_default=True,
              help="输出格式（auto：GitHub Actions 中为 github，否则为 text）。")
@click.option("--year", type=click.IntRange(1990, 2100), help="报告年度（覆盖标题中的年份）。")
@click.option("--select", multiple=True, help="只启用这些代码或前缀（可逗号分隔、可重复），如 T3,S101；取代配置中的 select。")
@click.option("--ignore", multiple=True, help="忽略这些代码或前缀（与配置中的 ignore 合并）。")
@click.option("--exit-zero", is_flag=True, help="有诊断时也以 0 退出（读取失败仍为 2）。")
@click.option("--statistics", is_flag=True, help="按代码统计诊断数量（机器格式输出到标准错误）。")
@click.option("--no-source", is_flag=True, help="不显示源文本行和下划线。")
@click.option("--color", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="彩色输出（auto：仅在终端且未设置 NO_COLOR 时）。")
@click.option("--stdin-filename", default="-", help="从标准输入读取时显示的文件名（其扩展名决定读取方式）。")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="使用此配置文件（不再向上查找）。")
@click.option("--isolated", is_flag=True, help="忽略所有配置文件。")
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="只报告基线文件中没有的诊断。")
@click.option("--write-baseline", "write_baseline_path", type=click.Path(dir_okay=False),
              help="把当前全部诊断写入基线文件后退出（退出码 0）。")
@click.option("--fix", is_flag=True, help="应用安全修复（仅 .txt/.md），然后报告剩余诊断。")
@click.option("--diff", "show_diff", is_flag=True, help="以统一差异格式显示安全修复，不写入文件。")
def check(paths, output_format, year, select, ignore, exit_zero, statistics, no_source, color, stdin_filename,
          config_path, isolated, baseline_path, write_baseline_path, fix, show_diff) -> int:
    """检查年度报告。PATHS 可以是文件、文件夹（递归查找 .txt/.md 等）或 -（标准输入）。"""
    from linter.baseline import BaselineError
    from linter.config import ConfigError
    from linter.linter import Linter, Settings

    _check_codes(select + ignore)
    settings = Settings(year=year, select=select, ignore=ignore, config=config_path, isolated=isolated,
                        baseline=baseline_path, stdin_filename=stdin_filename)
    notify = lambda message: click.echo(message, err=True)  # noqa: E731
    try:
        linter = Linter(settings, notify=notify)
        stdin_data = sys.stdin.buffer.read() if "-" in paths else None
        results = linter.lint_all(paths, stdin_data)
        if show_diff or fix:
            results, diffs = linter.fix(results, write=fix)
            if show_diff:  # like ruff --diff: only the diff; exit 1 when there is something to fix
                sys.stdout.write("".join(diffs))
                return EXIT_FINDINGS if diffs else EXIT_CLEAN
        if write_baseline_path:
            linter = Linter(replace(settings, baseline=None), notify=notify)
        results = linter.finish(results)
    except (ConfigError, BaselineError) as error:
        raise ToolError(str(error)) from None
    if write_baseline_path:
        from linter import baseline

        count = baseline.write(write_baseline_path, results)
        click.echo(f"已将 {count} 条诊断写入基线 {write_baseline_path}", err=True)
        return EXIT_TOOL if any(r.read_failed for r in results) else EXIT_CLEAN
    out = sys.stdout
    report_options = ReportOptions(color=_use_color(color, out), show_source=not no_source, statistics=statistics)
    reporter = get_reporter(output_format)
    reporter(results, out, report_options)
    if statistics and not getattr(reporter, "prints_statistics", False):
        from linter.reporters.statistics import write_statistics

        write_statistics(results, sys.stderr)
    if any(r.read_failed for r in results):
        return EXIT_TOOL
    if exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if any(d.is_error for r in results for d in r.diagnostics) else EXIT_CLEAN


def _check_codes(values: tuple[str, ...]) -> None:
    """A typo in --select/--ignore would silently select nothing: refuse what is not a code or prefix."""
    import re

    for code in parse_codes(values):
        if not re.fullmatch(r"[RSTCKDN]\d{0,3}", code):
            raise ToolError(f"--select/--ignore 中的“{code}”不是规则代码或前缀（一个字母 R/S/T/C/K/D/N 加至多三位数字）；"
                            "用 nianbao-lint rules 查看全部规则")


@cli.command("config")
@click.argument("path", required=False, default=".")
@click.option("--config", "config_path", type=click.Path(dir_okay=False), help="使用此配置文件。")
@click.option("--isolated", is_flag=True, help="忽略所有配置文件。")
def show_config(path: str, config_path: str | None, isolated: bool) -> int:
    """显示对 PATH（文件或文件夹）生效的配置。"""
    import json

    from linter.config import ConfigError, Resolver

    try:
        config = Resolver(config_path, isolated).for_file(path)
    except ConfigError as error:
        raise ToolError(str(error)) from None
    click.echo(json.dumps(config.as_dict(), ensure_ascii=False, indent=2))
    return EXIT_CLEAN


@cli.command("rules")
def list_rules() -> int:
    """列出全部规则。"""
    from linter.packs import all_rules

    for rule in all_rules().values():
        click.echo(f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.doc.strip().splitlines()[0]}")
    return EXIT_CLEAN


@cli.command("rule")
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


@cli.command("tables")
@click.argument("path")
@click.option("--format", "output_format", type=click.Choice(["text", "json", "csv"]), default="text",
              show_default=True, help="输出格式。")
@click.option("--year", type=click.IntRange(1990, 2100), help="报告年度（覆盖标题中的年份）。")
def tables(path: str, output_format: str, year: int | None) -> int:
    """显示从报告中读出的三张表格（各单元格原样：数字、空白或“/”）。"""
    from linter.readers import ReadError, read_bytes, read_path
    from linter.table_export import export

    try:
        source = read_bytes("-", sys.stdin.buffer.read()) if path == "-" else read_path(path)
    except ReadError as error:
        raise ToolError(f"{path}: {error}") from None
    export(source, year, output_format, sys.stdout)
    return EXIT_CLEAN


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code."""
    from linter.packs import PackError

    try:
        result = cli.main(args=list(argv) if argv is not None else None, prog_name="nianbao-lint",
                          standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("nianbao-lint: 已中断", err=True)
        return EXIT_TOOL
    except click.ClickException as error:
        error.show()
        return EXIT_TOOL
    except PackError as error:
        click.echo(f"nianbao-lint: 规则包错误：{error}", err=True)
        return EXIT_TOOL
    except BrokenPipeError:
        return EXIT_CLEAN
    return result if isinstance(result, int) else EXIT_CLEAN


def run() -> None:
    """Console-script entry point."""
    import colorama

    colorama.just_fix_windows_console()
    sys.exit(main())


from linter import commands as _word_commands  # noqa: E402  (annotate, init; they import this module)

cli.add_command(_word_commands.annotate)
cli.add_command(_word_commands.init)
