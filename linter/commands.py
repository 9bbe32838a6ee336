"""``nianbao-lint annotate`` and ``nianbao-lint init``: the commands that speak Word.

``annotate`` lints a .docx exactly as ``check`` does (configuration, suppressions,
waivers, selection, baseline) and writes a reviewed copy with one Word comment per
finding; ``init`` writes a correct blank report for a year and agency.  Both write
a new file only: an existing one is replaced only with ``--force``, and never the
draft itself.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import click

from linter.cli_support import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    ToolError,
    check_codes,
    config_option,
    ignore_option,
    isolated_option,
    select_option,
    year_option,
)

ANNOTATABLE = (".docx",)


@click.command("annotate")
@click.argument("path")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="批注版的保存位置（默认：原文件旁的“原文件名.批注.docx”）。")
@click.option("--force", is_flag=True, help="批注版已存在时覆盖它（原文件永远不会被修改）。")
@year_option
@select_option
@ignore_option
@click.option("--exit-zero", is_flag=True, help="有诊断时也以 0 退出（失败仍为 2）。")
@config_option
@isolated_option
@click.option("--baseline", "baseline_path", type=click.Path(dir_okay=False), help="只批注基线文件中没有的诊断。")
def annotate(path: str, output: str | None, force: bool, year: int | None, select: tuple[str, ...],
             ignore: tuple[str, ...], exit_zero: bool, config_path: str | None, isolated: bool,
             baseline_path: str | None) -> int:
    """为 Word 草稿生成带批注的审阅版：每个问题一条批注，标在对应的文字或表格单元格上。

    原文件不会被修改。只支持 .docx；文本、Markdown 和网页文件请用 nianbao-lint check。

    \b
    示例：
      nianbao-lint annotate 2025年报.docx                 # 写出 2025年报.批注.docx
      nianbao-lint annotate 2025年报.docx -o 审阅版.docx --force

    退出码：0 无错误级问题，1 有错误级问题，2 无法完成（文件无法读取、输出已存在等）。
    """
    from linter.annotate import AnnotateError, annotate_docx
    from linter.baseline import BaselineError
    from linter.config import ConfigError
    from linter.linter import Linter, Settings
    from linter.readers import ReadError, limit_for, read_file

    source = Path(path)
    if source.suffix.lower() not in ANNOTATABLE:
        raise ToolError(f"{path}: annotate 只能为 Word .docx 文件添加批注；"
                        "文本、Markdown、网页和 PDF 文件请用 nianbao-lint check 查看带行号的诊断")
    target = Path(output) if output else source.with_name(f"{source.stem}.批注.docx")
    if target.exists() and _same_file(source, target):
        raise ToolError(f"{target}: 输出文件就是原文件；批注版必须另存为新文件")
    if target.exists() and not force:
        raise ToolError(f"{target} 已存在；如要覆盖请加 --force")
    check_codes(select + ignore)
    try:
        data, _ = read_file(path, limit_for(path))  # bounded: no device, FIFO or oversized file
    except ReadError as error:
        raise ToolError(f"{path}: {error}") from None
    notify = lambda message: click.echo(message, err=True)  # noqa: E731
    try:
        linter = Linter(Settings(year=year, select=select, ignore=ignore, config=config_path, isolated=isolated,
                                 baseline=baseline_path), notify=notify)
        result = linter.check_bytes(path, data)
    except (ConfigError, BaselineError) as error:
        raise ToolError(str(error)) from None
    if result.read_failed:
        reason = result.diagnostics[0].message if result.diagnostics else "无法读取"
        raise ToolError(f"{path}: {reason}")
    try:
        annotated = annotate_docx(data, result)
    except AnnotateError as error:
        raise ToolError(f"{path}: {error}") from None
    try:
        write_new(target, annotated, force)
    except OSError as error:
        raise ToolError(f"{target}: 无法写入：{error.strerror or error}") from None
    errors = sum(d.is_error for d in result.diagnostics)
    click.echo(f"已写出批注版 {target}：{len(result.diagnostics)} 条批注（其中错误 {errors} 条）")
    if exit_zero:
        return EXIT_CLEAN
    return EXIT_FINDINGS if errors else EXIT_CLEAN


@click.command("init")
@click.option("--year", type=click.IntRange(2019, 2100), required=True, help="报告年度（2019 年起）。")
@click.option("--agency", required=True, help="机关全称，如 某某县某某局。")
@click.option("--government", is_flag=True, help="本级人民政府自身的报告（总体情况含工作考核、社会评议和责任追究）。")
@click.option("--format", "output_format", type=click.Choice(["docx", "md", "txt"]), default="docx",
              show_default=True, help="模板格式。")
@click.option("-o", "--output", "output", type=click.Path(dir_okay=False),
              help="保存位置（默认：当前目录下的“机关YYYY年政府信息公开工作年度报告.扩展名”）。")
@click.option("--force", is_flag=True, help="文件已存在时覆盖它。")
@click.option("--from", "last_year", type=click.Path(dir_okay=False),
              help="上一年度的报告：把其“四、结转下年度继续办理”填入本年“二、上年结转”。")
def init(year: int, agency: str, government: bool, output_format: str, output: str | None, force: bool,
         last_year: str | None) -> int:
    """生成某年度、某机关的年度报告空白模板：六个部分、三张法定表格（已填 0）、统计期限、格式文件引用等。

    模板中【请填写：…】处为待填写内容，nianbao-lint check 会以 R004 提示，填写完毕后即可通过检查。
    用 --from 结转上年数据时，在填写本年数据之前表三的勾稽关系（T303）不成立，这是应有的提醒。

    \b
    示例：
      nianbao-lint init --year 2025 --agency 某某县某某局
      nianbao-lint init --year 2025 --agency 某某县人民政府 --government --format md
      nianbao-lint init --year 2025 --agency 某某县某某局 --from 2024年报.docx

    退出码：0 已生成，2 无法生成（参数有误、文件已存在等）。
    """
    from linter.template import CarryOverError, Template, carry_over

    carried = None
    if last_year:
        try:
            carried = carry_over(last_year, year)
        except CarryOverError as error:
            raise ToolError(str(error)) from None
    template = Template(year=year, agency=agency.strip(), government=government, carried=carried)
    if not template.agency:
        raise ToolError("--agency 不能为空")
    target = Path(output) if output else Path(f"{template.title}.{output_format}")
    if target.exists() and not force:
        raise ToolError(f"{target} 已存在；如要覆盖请加 --force")
    try:
        write_new(target, template.render(output_format), force)
    except OSError as error:
        raise ToolError(f"{target}: 无法写入：{error.strerror or error}") from None
    click.echo(f"已生成 {target}（{year} 年度，{template.layout_name}）；请填写其中的【请填写：…】部分")
    return EXIT_CLEAN


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def write_new(target: Path, data: bytes, force: bool) -> None:
    """Write ``data`` to ``target`` through a unique temporary file and an atomic rename.

    Without ``force`` an existing ``target`` is never replaced, even one created
    while this ran.
    """
    directory = target.parent if str(target.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        if force:
            os.replace(tmp, target)
            return
        try:
            os.link(tmp, target)  # fails if the target appeared meanwhile
        except FileExistsError:
            raise
        except OSError:  # no hard links on this file system
            if target.exists():
                raise FileExistsError(17, "已存在") from None
            os.replace(tmp, target)
            return
        os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise

