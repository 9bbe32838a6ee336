"""What every command of the command line shares: exit codes, the one-line usage error,
the options that mean the same everywhere, the code check of --select/--ignore, the
examples at the end of each ``--help``.

Kept apart from :mod:`linter.cli` so that the commands defined in other modules
(``annotate``, ``init``, ``serve``) can use them without importing the command line.
"""

from __future__ import annotations

import re
from typing import IO, Any

import click

from linter.selection import parse_codes

EXIT_CLEAN, EXIT_FINDINGS, EXIT_TOOL = 0, 1, 2


class ToolError(click.ClickException):
    """A usage or configuration failure: one line on stderr, exit code 2."""

    exit_code = EXIT_TOOL

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"nianbao-lint: 错误：{self.message}", err=True)


EXIT_CODES_HELP = """\b
退出码：0 没有错误级诊断；1 有错误级诊断；2 工具无法完成工作（文件无法读取、用法或配置错误）。"""


# Options that mean the same in every command that lints (check, annotate, tables).
year_option = click.option("--year", type=click.IntRange(1990, 2100), help="报告年度（覆盖标题中的年份）。")
select_option = click.option("--select", multiple=True,
                             help="只启用这些代码或前缀（可逗号分隔、可重复），如 T3,S101；取代配置中的 select。")
ignore_option = click.option("--ignore", multiple=True, help="忽略这些代码或前缀（与配置中的 ignore 合并）。")
config_option = click.option("--config", "config_path", type=click.Path(dir_okay=False),
                             help="使用此配置文件（不再向上查找）。")
isolated_option = click.option("--isolated", is_flag=True, help="忽略所有配置文件。")


def epilog(*examples: str) -> str:
    """Examples and the exit codes at the end of a command's ``--help``."""
    lines = "\n".join(f"  {example}" for example in examples)
    return f"\b\n示例：\n{lines}\n\n{EXIT_CODES_HELP}"


def check_codes(values: tuple[str, ...]) -> None:
    """A typo in --select/--ignore would silently select nothing: refuse what is not a code or prefix."""
    for code in parse_codes(values):
        if not re.fullmatch(r"[RSTCKDN]\d{0,3}", code):
            raise ToolError(f"--select/--ignore 中的“{code}”不是规则代码或前缀（一个字母 R/S/T/C/K/D/N 加至多三位数字）；"
                            "用 nianbao-lint rules 查看全部规则")
