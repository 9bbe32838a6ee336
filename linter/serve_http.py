"""The local page behind ``nianbao-lint serve``: drop a draft on it and see the HTML report.

The draft never leaves the machine: the server listens on 127.0.0.1 unless
``--host`` names another address (with a warning), answers only requests addressed
to that loopback name (a web page elsewhere cannot reach it by DNS rebinding), and
keeps nothing — each upload is checked in a private temporary folder removed when
the answer is sent, and the JSON and the annotated Word copy travel back inside
the page as ``data:`` links.

The standard library's :class:`~http.server.ThreadingHTTPServer` is enough for two
routes and one user: it handles concurrent uploads (one thread each, the checks
themselves limited to a few at a time), needs no dependency and no front-end build;
a framework would add a dependency and a server to run it under for nothing the
page uses.
"""

from __future__ import annotations

import json
import re
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from linter.results import FileResult

ACCEPTED = (".docx", ".pdf", ".html", ".htm", ".txt", ".md")
FIELD = "report"  # the form field that carries the file
_MULTIPART_SLACK = 64 * 1024  # headers and boundaries around the file in the request body
_MB = 1024 * 1024
_CHECKS_AT_ONCE = 4
_CHECK_SLOTS = threading.BoundedSemaphore(_CHECKS_AT_ONCE)  # more uploads wait their turn
_DRAIN_LIMIT = 128 * _MB  # a refused body up to this size is read away so the browser sees the answer

UPLOAD_SCRIPT = """
(function () {
  var form = document.getElementById('upload');
  if (!form) return;
  var input = form.querySelector('input[type=file]'), drop = document.getElementById('drop');
  var message = document.getElementById('message');
  function size(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.ceil(n / 1024) + ' KB'; }
  function say(text, error) {
    message.textContent = text; message.className = error ? 'notice error' : 'notice'; message.hidden = false;
  }
  function send() {
    var file = input.files[0];
    if (!file) return;
    var dot = file.name.lastIndexOf('.'), suffix = dot < 0 ? '' : file.name.slice(dot).toLowerCase();
    var limits = JSON.parse(form.getAttribute('data-limits'));
    var limit = limits[suffix] || limits[''];
    if (file.size > limit) {
      say('文件“' + file.name + '”过大（' + size(file.size) + '），超过 ' + size(limit) + ' 上限，不像是一份年度报告', true);
      input.value = '';
      return;
    }
    say('正在检查“' + file.name + '”……', false);
    form.submit();
  }
  input.addEventListener('change', send);
  ['dragenter', 'dragover'].forEach(function (type) {
    drop.addEventListener(type, function (event) { event.preventDefault(); drop.classList.add('over'); });
  });
  ['dragleave', 'drop'].forEach(function (type) {
    drop.addEventListener(type, function () { drop.classList.remove('over'); });
  });
  drop.addEventListener('drop', function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) { input.files = event.dataTransfer.files; send(); }
  });
})();
"""


class UploadError(Exception):
    """An upload refused; ``status`` is the HTTP status, the message is shown to the user."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def size_text(size: int) -> str:
    return f"{size / _MB:.1f} MB" if size >= _MB else f"{-(-size // 1024)} KB"


def limit_for(suffix: str) -> int:
    """The readers' own cap for a file of this kind (read at call time, so it is the one in force)."""
    from linter import readers

    return readers.MAX_BYTES.get(suffix.lower(), readers.MAX_TEXT_BYTES)


def request_limit() -> int:
    """The largest request body worth reading: the largest file any reader accepts, plus the form around it."""
    return max(limit_for(suffix) for suffix in ACCEPTED) + _MULTIPART_SLACK


def too_large(name: str, size: int, limit: int) -> str:
    return f"文件“{name}”过大（{size_text(size)}），超过 {size_text(limit)} 上限，不像是一份年度报告"


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def parse_upload(content_type: str, body: bytes) -> tuple[str, bytes]:
    """The file name and content of the ``report`` field of a multipart/form-data body."""
    match = re.search(r'boundary="?([^";]+)"?', content_type or "")
    if not (content_type or "").lower().startswith("multipart/form-data") or not match:
        raise UploadError(400, "请求格式不对：请通过页面上的表单上传文件")
    delimiter = b"--" + match.group(1).encode("latin-1")
    for part in body.split(delimiter)[1:-1]:
        head, separator, content = part.partition(b"\r\n\r\n")
        if not separator:
            continue
        headers = head.decode("utf-8", "replace")  # browsers send the file name as raw UTF-8
        disposition = re.search(r"(?im)^content-disposition:(.*)$", headers)
        if not disposition:
            continue
        name = re.search(r'\bname="([^"]*)"', disposition.group(1))
        filename = re.search(r'\bfilename="([^"]*)"', disposition.group(1))
        if name and name.group(1) == FIELD and filename:
            return filename.group(1), content[:-2] if content.endswith(b"\r\n") else content
    raise UploadError(400, "没有收到文件：请选择或拖入一份报告")


def display_name(filename: str) -> str:
    """The file's own name, without any folder a browser may send along."""
    return PurePosixPath(filename.replace("\\", "/")).name[:200]


def check_upload(filename: str, data: bytes) -> dict:
    """Check one uploaded file; returns the result, its JSON and the annotated copy (or why not).

    The file is written to a private temporary folder (created 0700, removed on return,
    whatever happens) so that it is read exactly as ``check`` reads a file of its kind.
    """
    import tempfile

    from linter import Linter, Settings
    from linter.reporters.json_format import as_dict

    name = display_name(filename)
    suffix = Path(name).suffix.lower()
    if not name or suffix not in ACCEPTED:
        raise UploadError(415, f"不支持的文件类型“{suffix or name or '（无扩展名）'}”：请上传 {'、'.join(ACCEPTED)} 文件")
    if len(data) > limit_for(suffix):
        raise UploadError(413, too_large(name, len(data), limit_for(suffix)))
    with _CHECK_SLOTS, tempfile.TemporaryDirectory(prefix="nianbao-lint-serve-") as folder:
        path = Path(folder) / f"report{suffix}"
        path.write_bytes(data)
        result = Linter(Settings(isolated=True)).run([str(path)])[0]
    result.path = name
    annotated, note = _annotated(data, result) if suffix == ".docx" else (None, "批注版 Word 文件只适用于 .docx 文件")
    return {"result": result, "json": json.dumps(as_dict([result]), ensure_ascii=False, indent=2),
            "annotated": annotated, "annotated_note": note}


def wait_for_checks(timeout: float = 120) -> None:
    """Return once no check is under way (so every upload's temporary folder is gone)."""
    import time

    deadline = time.monotonic() + timeout
    taken = 0
    try:
        while taken < _CHECKS_AT_ONCE and _CHECK_SLOTS.acquire(timeout=max(0.0, deadline - time.monotonic())):
            taken += 1
    finally:
        for _ in range(taken):
            _CHECK_SLOTS.release()


def _annotated(data: bytes, result: FileResult) -> tuple[bytes | None, str]:
    """The annotated .docx from :mod:`linter.annotate`, imported only when needed and only if present."""
    if result.read_failed:
        return None, "文件无法读取，不能生成批注版"
    try:
        from linter.annotate import annotate_docx
    except ModuleNotFoundError as error:
        if error.name not in ("linter.annotate", None):
            return None, f"批注版生成失败：缺少模块 {error.name}"
        return None, "批注版 Word 文件不可用：此版本未包含批注功能"
    try:
        return annotate_docx(data, result), ""
    except Exception as error:  # the report is still useful without the annotated copy
        return None, f"批注版生成失败：{error}"


def _data_url(mime: str, data: bytes) -> str:
    import base64

    return f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"


def upload_page() -> str:
    from html import escape

    from linter.reporters.html import document
    from linter.reporters.html_assets import SCRIPT

    limits = {suffix: limit_for(suffix) for suffix in ACCEPTED}
    limits[""] = limit_for(".txt")
    body = (
        '<section class="upload"><h1>政府信息公开工作年度报告检查</h1>'
        "<p>选择或拖入一份年度报告（.docx、.pdf、.html、.txt、.md），即可看到检查结果、下载 JSON 和批注版 Word 文件。"
        "文件只在本机处理，检查完即删除，不会发送到其他任何地方。</p>"
        f'<form id="upload" method="post" action="/check" enctype="multipart/form-data" '
        f'data-limits="{escape(json.dumps(limits))}">'
        '<label id="drop" class="drop">把文件拖到这里，或点击选择文件<br>'
        f'<input type="file" name="{FIELD}" accept="{",".join(ACCEPTED)}"></label>'
        '<noscript><button type="submit">检查</button></noscript></form>'
        '<p id="message" class="notice" role="alert" hidden></p></section>')
    return document("年度报告检查", body, scripts=(SCRIPT, UPLOAD_SCRIPT), form_action="'self'")


def result_page(outcome: dict) -> str:
    from html import escape

    from linter.reporters.html import document
    from linter.reporters.html_report import render_report

    result = outcome["result"]
    stem = Path(result.path).stem or "report"
    json_link = (f'<a id="download-json" download="{escape(stem)}-检查结果.json" '
                 f'href="{_data_url("application/json", outcome["json"].encode("utf-8"))}">下载 JSON</a>')
    if outcome["annotated"] is not None:
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        annotated = (f'<a id="annotated" data-available="true" download="{escape(stem)}-批注.docx" '
                     f'href="{_data_url(mime, outcome["annotated"])}">下载批注版 Word</a>')
    else:
        annotated = f'<span id="annotated" data-available="false" class="muted">{escape(outcome["annotated_note"])}</span>'
    toolbar = f'<div class="toolbar no-print"><a href="/">← 检查另一份文件</a>{json_link}{annotated}</div>'
    return document(f"{result.path} — 检查结果", toolbar + render_report(result, "r1"), form_action="'self'")


def error_page(message: str) -> str:
    from html import escape

    from linter.reporters.html import document

    body = (f'<section class="upload"><h1>无法检查</h1><p id="error" class="notice error" role="alert">{escape(message)}</p>'
            '<p><a href="/">← 返回</a></p></section>')
    return document("无法检查", body)


class LocalServer(ThreadingHTTPServer):
    """The page's server: a thread per request."""

    # Idle connections (a browser's preconnected sockets) must not hold up Ctrl-C; the checks
    # under way are waited for by wait_for_checks, so that their temporary folders go too.
    daemon_threads = True
    allowed_hosts: set[str] | None = None  # the Host headers a request may carry (None: any); see make_server


def make_server(host: str, port: int) -> LocalServer:
    """A server bound to ``host:port`` (port 0: any free port), not yet serving."""

    class Server(LocalServer):
        address_family = socket.AF_INET6 if ":" in host else socket.AF_INET

    server = Server((host.strip("[]"), port), _handler_class())
    bound_port = server.server_address[1]
    names = ("127.0.0.1", "localhost", "[::1]", host if ":" not in host else f"[{host.strip('[]')}]")
    # Requests must name this server; a foreign Host is a web page reaching in by DNS rebinding.
    server.allowed_hosts = {f"{name}:{bound_port}" for name in names} if is_loopback(host) else None
    return server


def _handler_class() -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        server: LocalServer  # make_server serves it with no other
        server_version = "nianbao-lint"
        sys_version = ""
        timeout = 60  # a stalled client does not hold a thread (or Ctrl-C) for ever

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if not self._host_ok():
                return
            if self.path.split("?")[0] == "/":
                self._send(200, upload_page())
            else:
                self._send(404, error_page("没有这个页面"))

        def do_POST(self) -> None:
            if not self._host_ok():
                return
            if self.path.split("?")[0] != "/check":
                self._send(404, error_page("没有这个页面"))
                return
            try:
                body = self._read_body()
                filename, data = parse_upload(self.headers.get("Content-Type", ""), body)
                self._send(200, result_page(check_upload(filename, data)))
            except UploadError as error:
                self._send(error.status, error_page(str(error)))
            except Exception as error:  # one bad upload must not stop the server
                self._send(500, error_page(f"内部错误（{type(error).__name__}），请报告此问题"))

        def _read_body(self) -> bytes:
            length_header = self.headers.get("Content-Length")
            if length_header is None or not length_header.isdigit():
                raise UploadError(411, "请求没有说明长度：请通过页面上的表单上传文件")
            length = int(length_header)
            if length > request_limit():
                if length <= _DRAIN_LIMIT:  # read it away, so that the browser shows the answer
                    remaining = length
                    while remaining > 0:
                        chunk = self.rfile.read(min(remaining, _MB))
                        if not chunk:
                            break
                        remaining -= len(chunk)
                self.close_connection = True
                raise UploadError(413, too_large("上传的文件", length, request_limit() - _MULTIPART_SLACK))
            return self.rfile.read(length)

        def _host_ok(self) -> bool:
            allowed = self.server.allowed_hosts
            if allowed is not None and self.headers.get("Host", "") not in allowed:
                self._send(403, error_page("拒绝访问：请从本机地址打开此页面"))
                return False
            return True

        def _send(self, status: int, page: str) -> None:
            data = page.encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
            self.send_header("Referrer-Policy", "no-referrer")
            self.send_header("Content-Security-Policy", "frame-ancestors 'none'")
            if self.close_connection:
                self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(data)

    return Handler
