"""``nianbao-lint serve``: the command that starts the local page (:mod:`linter.serve_http`).

Kept apart from the server so that registering the command costs the command line
nothing at start-up.
"""

from __future__ import annotations

import click

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765


@click.command("serve")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="端口（0 表示任选一个空闲端口）。")
@click.option("--host", default=None,
              help=f"监听地址，默认 {DEFAULT_HOST}（只有本机可以访问）；其他地址会让局域网内的其他计算机也能访问。")
@click.option("--open", "open_browser", is_flag=True, help="启动后在浏览器中打开页面。")
def serve(port: int, host: str | None, open_browser: bool) -> int:
    """在本机启动检查页面：选择或拖入报告，查看 HTML 检查结果，下载 JSON 和批注版 Word 文件。"""
    from linter.cli_support import ToolError
    from linter.serve_http import is_loopback, make_server, wait_for_checks

    bind = host or DEFAULT_HOST
    if not is_loopback(bind):
        click.echo(f"nianbao-lint: 警告：监听 {bind}，同一网络中的其他计算机也能打开此页面并上传文件；"
                   f"只在本机使用时请去掉 --host（默认 {DEFAULT_HOST}）", err=True)
    try:
        server = make_server(bind, port)
    except OSError as error:
        raise ToolError(f"无法在 {bind}:{port} 上启动：{error.strerror or error}"
                        "（端口被占用时用 --port 指定其他端口，0 表示任选）") from None
    shown = f"[{bind.strip('[]')}]" if ":" in bind else bind
    url = f"http://{shown}:{server.server_address[1]}/"
    click.echo(f"nianbao-lint 检查页面：{url}  （按 Ctrl-C 停止）")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("正在停止……")
    finally:
        server.server_close()
        wait_for_checks()
    click.echo("已停止。")
    return 0
