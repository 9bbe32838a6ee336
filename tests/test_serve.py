"""``nianbao-lint serve``: the local page over HTTP on 127.0.0.1 (the browser side is in test_browser.py)."""

from __future__ import annotations

import base64
import json
import os
import re
import signal
import subprocess
import sys
import threading
import types
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner
from conftest import EXAMPLES, ROOT

from linter import Linter, Settings, readers
from linter.reporters.json_format import as_dict
from linter.serve import DEFAULT_HOST, serve
from linter.serve_http import make_server, parse_upload

FORMATS = ROOT / "tests" / "fixtures" / "formats"
WRONG_TOTAL_DOCX = FORMATS / "report-wrong-total.docx"


def leftovers(folder: Path) -> list[Path]:
    """What requests left in the temporary folder (the grammar's own parser cache, written once
    per process by Lark, is not an upload)."""
    return [p for p in folder.iterdir() if not p.name.startswith(".lark_cache")]


def url(httpd, path: str = "/") -> str:
    return f"http://127.0.0.1:{httpd.server_address[1]}{path}"


def multipart(filename: str, data: bytes, field: str = "report") -> tuple[bytes, str]:
    boundary = "----nianbaoTestBoundary7MA4YWxk"
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def post(httpd, filename: str, data: bytes, headers: dict | None = None) -> tuple[int, lxml.html.HtmlElement]:
    body, content_type = multipart(filename, data)
    request = urllib.request.Request(url(httpd, "/check"), data=body, method="POST",
                                     headers={"Content-Type": content_type, **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, lxml.html.document_fromstring(response.read().decode("utf-8"))
    except urllib.error.HTTPError as error:
        return error.code, lxml.html.document_fromstring(error.read().decode("utf-8"))


def data_url_bytes(href: str) -> bytes:
    return base64.b64decode(href.split(",", 1)[1])


def test_upload_page_offers_a_file_field_and_the_readers_caps(server):
    with urllib.request.urlopen(url(server), timeout=10) as response:
        assert response.headers["Cache-Control"] == "no-store"
        dom = lxml.html.document_fromstring(response.read().decode("utf-8"))
    form = dom.get_element_by_id("upload")
    assert form.get("action") == "/check" and form.get("enctype") == "multipart/form-data"
    assert form.cssselect('input[type="file"]')[0].get("name") == "report"
    limits = json.loads(form.get("data-limits"))
    assert limits[".docx"] == readers.MAX_BYTES[".docx"] and limits[".txt"] == readers.MAX_TEXT_BYTES


def test_upload_of_a_docx_with_a_wrong_total_shows_the_findings_of_check(server, private_tmp):
    status, dom = post(server, "2024年报.docx", WRONG_TOTAL_DOCX.read_bytes())
    expected = as_dict(Linter(Settings(isolated=True)).run([str(WRONG_TOTAL_DOCX)]))["files"][0]["diagnostics"]
    assert status == 200
    assert [li.get("data-code") for li in dom.cssselect("li.finding")] == [d["code"] for d in expected]
    assert "T301" in [d["code"] for d in expected]
    assert dom.cssselect("section.report")[0].get("data-path") == "2024年报.docx"
    assert dom.cssselect('td.flagged[data-codes~="T301"]')
    downloaded = json.loads(data_url_bytes(dom.get_element_by_id("download-json").get("href")))
    assert downloaded["files"][0]["diagnostics"] == expected
    assert downloaded["files"][0]["path"] == "2024年报.docx"
    assert leftovers(private_tmp) == []


def test_the_upload_exists_only_while_it_is_checked(server, private_tmp, monkeypatch):
    seen, modes = [], []
    original = Linter.run

    def spy(self, paths, stdin=None):
        seen.append(sorted(str(p.relative_to(private_tmp)) for p in private_tmp.rglob("report.*")))
        modes.append(os.stat(Path(paths[0]).parent).st_mode & 0o777)
        return original(self, paths, stdin)

    monkeypatch.setattr(Linter, "run", spy)
    status, _ = post(server, "report.txt", (EXAMPLES / "defects" / "tables.txt").read_bytes())
    assert status == 200
    assert len(seen) == 1 and len(seen[0]) == 1  # it was on disk, in a private folder …
    folder = private_tmp / Path(seen[0][0]).parent
    assert folder.name.startswith("nianbao-lint-serve-") and modes == [0o700]
    assert leftovers(private_tmp) == []  # … and is gone once answered


def test_stopping_waits_for_the_checks_under_way(server, private_tmp, monkeypatch):
    from linter.serve_http import wait_for_checks

    entered, release = threading.Event(), threading.Event()
    original = Linter.run

    def slow(self, paths, stdin=None):
        entered.set()
        release.wait(30)
        return original(self, paths, stdin)

    monkeypatch.setattr(Linter, "run", slow)
    upload = threading.Thread(target=post, args=(server, "report.txt", (EXAMPLES / "defects" / "tables.txt").read_bytes()))
    upload.start()
    assert entered.wait(30)
    waiter = threading.Thread(target=wait_for_checks)
    waiter.start()
    waiter.join(0.5)
    assert waiter.is_alive() and leftovers(private_tmp) != []  # the check is under way: stopping waits
    release.set()
    waiter.join(30)
    upload.join(30)
    assert not waiter.is_alive() and leftovers(private_tmp) == []


def test_a_failing_check_answers_with_a_message_and_leaves_nothing(server, private_tmp, monkeypatch):
    def broken(self, paths, stdin=None):
        raise RuntimeError("boom")

    monkeypatch.setattr(Linter, "run", broken)
    status, dom = post(server, "report.txt", b"x")
    assert status == 500 and "内部错误" in dom.get_element_by_id("error").text_content()
    assert leftovers(private_tmp) == []
    monkeypatch.undo()
    assert post(server, "report.txt", (EXAMPLES / "defects" / "tables.txt").read_bytes())[0] == 200


def test_oversized_upload_is_refused_with_a_message(server, private_tmp, monkeypatch):
    monkeypatch.setattr(readers, "MAX_TEXT_BYTES", 2048)
    status, dom = post(server, "big.txt", b"a" * 4096)
    assert status == 413
    assert "过大" in dom.get_element_by_id("error").text_content() and "big.txt" in dom.get_element_by_id("error").text_content()
    assert leftovers(private_tmp) == []
    assert post(server, "small.txt", b"a" * 1024)[0] == 200  # under the cap: checked


def test_request_larger_than_any_reader_accepts_is_refused_before_it_is_parsed(server, monkeypatch):
    monkeypatch.setattr(readers, "MAX_TEXT_BYTES", 1024)
    monkeypatch.setattr(readers, "MAX_BYTES", {".docx": 1024, ".pdf": 1024, ".html": 1024, ".htm": 1024})
    status, dom = post(server, "big.docx", b"a" * (200 * 1024))
    assert status == 413 and "过大" in dom.get_element_by_id("error").text_content()


def test_unsupported_kind_is_refused(server):
    status, dom = post(server, "report.exe", b"MZ")
    assert status == 415 and ".exe" in dom.get_element_by_id("error").text_content()


def test_requests_for_another_host_are_refused(server):
    request = urllib.request.Request(url(server), headers={"Host": f"attacker.example:{server.server_address[1]}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=10)
    assert refused.value.code == 403
    request = urllib.request.Request(url(server), headers={"Host": f"localhost:{server.server_address[1]}"})
    assert urllib.request.urlopen(request, timeout=10).status == 200


def test_binds_loopback_by_default():
    httpd = make_server(DEFAULT_HOST, 0)
    try:
        assert httpd.server_address[0] == "127.0.0.1"
    finally:
        httpd.server_close()


def test_concurrent_uploads_each_get_their_own_result(server, private_tmp):
    files = [EXAMPLES / "defects" / "tables.txt", EXAMPLES / "2024-yunxi-transport.txt",
             EXAMPLES / "defects" / "missing-table.txt", WRONG_TOTAL_DOCX] * 2
    expected = {p.name: [d["code"] for d in as_dict(Linter(Settings(isolated=True)).run([str(p)]))["files"][0]["diagnostics"]]
                for p in files}
    with ThreadPoolExecutor(max_workers=len(files)) as pool:
        answers = list(pool.map(lambda p: (p.name, post(server, p.name, p.read_bytes())), files))
    for name, (status, dom) in answers:
        assert status == 200
        assert dom.cssselect("section.report")[0].get("data-path") == name
        assert [li.get("data-code") for li in dom.cssselect("li.finding")] == expected[name]
    assert leftovers(private_tmp) == []


def test_annotated_copy_unavailable_without_the_annotate_module(server, monkeypatch):
    monkeypatch.setitem(sys.modules, "linter.annotate", None)  # as if the module were not installed
    status, dom = post(server, "r.docx", WRONG_TOTAL_DOCX.read_bytes())
    annotated = dom.get_element_by_id("annotated")
    assert status == 200 and annotated.get("data-available") == "false" and annotated.tag == "span"
    assert "不可用" in annotated.text_content()


def test_annotated_copy_comes_from_annotate_docx(server, monkeypatch):
    calls = []

    def annotate_docx(data: bytes, result) -> bytes:
        calls.append((data, [d.code for d in result.diagnostics]))
        return b"PK-annotated:" + data[:4]

    stand_in = types.ModuleType("linter.annotate")
    stand_in.annotate_docx = annotate_docx
    monkeypatch.setitem(sys.modules, "linter.annotate", stand_in)
    upload = WRONG_TOTAL_DOCX.read_bytes()
    status, dom = post(server, "r.docx", upload)
    link = dom.get_element_by_id("annotated")
    assert status == 200 and link.get("data-available") == "true" and link.get("download") == "r-批注.docx"
    assert data_url_bytes(link.get("href")) == b"PK-annotated:" + upload[:4]
    assert calls == [(upload, [li.get("data-code") for li in dom.cssselect("li.finding")])]
    # not offered for other kinds, and a failing annotator does not cost the report
    status, dom = post(server, "r.txt", (EXAMPLES / "defects" / "tables.txt").read_bytes())
    assert dom.get_element_by_id("annotated").get("data-available") == "false"
    stand_in.annotate_docx = lambda data, result: 1 / 0
    status, dom = post(server, "r.docx", upload)
    assert status == 200 and "生成失败" in dom.get_element_by_id("annotated").text_content()
    assert dom.cssselect("li.finding")


def test_parse_upload_keeps_a_utf8_file_name():
    body, content_type = multipart("二〇二四年 报告.docx", b"\x00\x01data\r\n--not-a-boundary")
    assert parse_upload(content_type, body) == ("二〇二四年 报告.docx", b"\x00\x01data\r\n--not-a-boundary")


def test_unreadable_upload_reports_r001(server):
    status, dom = post(server, "corrupt.docx", (FORMATS / "corrupt.docx").read_bytes())
    assert status == 200 and [li.get("data-code") for li in dom.cssselect("li.finding")] == ["R001"]


def test_command_warns_when_bound_beyond_this_machine(monkeypatch):
    started = []

    class FakeServer:
        server_address = ("0.0.0.0", 8765)

        def serve_forever(self):
            raise KeyboardInterrupt

        def server_close(self):
            started.append("closed")

    monkeypatch.setattr("linter.serve_http.make_server", lambda host, port: started.append(host) or FakeServer())
    result = CliRunner().invoke(serve, ["--host", "0.0.0.0"])
    assert result.exit_code == 0 and started == ["0.0.0.0", "closed"]
    assert "警告" in result.stderr and "其他计算机" in result.stderr
    started.clear()
    result = CliRunner().invoke(serve, [])
    assert started == ["127.0.0.1", "closed"] and "警告" not in result.stderr
    assert "http://127.0.0.1:8765/" in result.stdout and "已停止" in result.stdout


def test_command_starts_on_loopback_and_stops_cleanly_on_ctrl_c():
    process = subprocess.Popen([sys.executable, "-m", "linter", "serve", "--port", "0"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        line = process.stdout.readline()
        address = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert address, line
        with urllib.request.urlopen(address.group(), timeout=10) as response:
            assert response.status == 200
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "已停止" in out and err == ""


def test_port_in_use_is_one_line_and_exit_2():
    httpd = make_server(DEFAULT_HOST, 0)
    try:
        result = subprocess.run([sys.executable, "-m", "linter", "serve", "--port", str(httpd.server_address[1])],
                                cwd=ROOT, capture_output=True, text=True, timeout=30,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
    finally:
        httpd.server_close()
    assert result.returncode == 2 and "--port" in result.stderr and len(result.stderr.strip().splitlines()) == 1
