"""The HTML report and the ``serve`` page in a real browser: headless Chromium driven by Selenium.

Needs Debian's ``chromium`` and ``chromium-driver`` (``.ci/install-browser``) and the
``selenium`` package (the ``test`` extra).  Where they are missing the tests skip with
the reason — except in CI (``CI`` set), where a missing browser is a failure, so that
a broken install step cannot pass as green.  The network is closed: the browser runs
with a fresh profile and every background service off, and only ever loads
``file://`` pages and the local server on 127.0.0.1.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import EXAMPLES, ROOT
from test_html_report import HOSTILE, json_of, run_cli

from linter import readers

TABLES = EXAMPLES / "defects" / "tables.txt"
WRONG_TOTAL_DOCX = ROOT / "tests" / "fixtures" / "formats" / "report-wrong-total.docx"
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--window-size=1280,1600")


def _missing_browser() -> str | None:
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            return f"{program} not found on PATH (Debian: apt-get install chromium chromium-driver, or .ci/install-browser)"
    return None


@pytest.fixture(scope="module")
def browser():
    reason = _missing_browser()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"browser tests cannot run in CI: {reason}")
        pytest.skip(f"no headless browser: {reason}")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="nianbao-lint-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (*CHROMIUM_FLAGS, f"--user-data-dir={profile}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture(autouse=True)
def fresh_console(request):
    """Each test reads only the console messages of its own pages."""
    if "browser" in request.fixturenames:
        request.getfixturevalue("browser").get_log("browser")


def wait_for(driver, css: str, timeout: float = 30):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.find_elements("css selector", css))


def console_errors(driver) -> list[str]:
    return [entry["message"] for entry in driver.get_log("browser") if entry["level"] == "SEVERE"]


def html_report(tmp_path: Path, *paths: Path, name: str = "r.html") -> Path:
    target = tmp_path / name
    run_cli("check", "--format", "html", "--output-file", target, *paths)
    return target


def test_report_opens_offline_and_shows_every_finding_of_json(browser, tmp_path):
    page = html_report(tmp_path, TABLES)
    browser.get(page.as_uri())
    expected = json_of(TABLES)["files"][0]["diagnostics"]
    items = browser.find_elements("css selector", "li.finding")
    shown = [(li.get_attribute("data-code"), li.find_element("css selector", ".message").text) for li in items]
    assert shown == [(d["code"], d["message"]) for d in expected]
    assert all(li.is_displayed() for li in items)
    # nothing was fetched (no style sheet, font or script from anywhere) and the page's own script ran
    assert browser.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert console_errors(browser) == []


def test_wrong_total_cell_is_highlighted_with_its_expected_value(browser, tmp_path):
    line = next(l for l in TABLES.read_text(encoding="utf-8").splitlines() if l.startswith("一、本年新收"))
    numbers = [int(n) for n in line.split()[1:]]
    browser.get(html_report(tmp_path, TABLES).as_uri())
    cell = browser.find_element("css selector", 'table[data-table="applications"] tr[data-row="new"] td:last-child')
    assert cell.text.split() == [str(numbers[-1]), "→", "应为", str(sum(numbers[:-1]))]
    plain = browser.find_element("css selector", 'table[data-table="applications"] tr[data-row="carried"] td:last-child')
    assert cell.value_of_css_property("background-color") != plain.value_of_css_property("background-color")
    assert cell.value_of_css_property("outline-style") == "solid" and plain.value_of_css_property("outline-style") == "none"
    blanks = browser.find_elements("css selector", 'tr[data-row="declined.2"] td.blank')
    assert [b.text for b in blanks] == ["空白", "空白"]
    # the rule documentation is folded, and opens
    details = browser.find_element("css selector", 'li.finding[data-code="T301"] details.doc')
    assert not details.find_element("css selector", "pre").is_displayed()
    details.find_element("css selector", "summary").click()
    assert details.find_element("css selector", "pre").is_displayed()


def test_no_script_from_the_report_runs(browser, tmp_path):
    source = tmp_path / "hostile.txt"
    source.write_text(HOSTILE, encoding="utf-8")
    page = html_report(tmp_path, source)
    browser.get(page.as_uri())
    assert browser.execute_script("return window.__pwned") is None
    # the draft's markup is shown as the text it is (in the excerpts of the findings on its first line)
    assert "<script>window.__pwned = 1</script>" in browser.find_element("css selector", "body").text
    # escaping alone holds: the same page without its Content-Security-Policy runs nothing either
    text = page.read_text(encoding="utf-8")
    start = text.index('<meta http-equiv="Content-Security-Policy"')
    unguarded = tmp_path / "unguarded.html"
    unguarded.write_text(text[:start] + text[text.index(">", start) + 1:], encoding="utf-8")
    browser.get(unguarded.as_uri())
    assert browser.execute_script("return window.__pwned") is None
    # and the test can see a script run: one inserted unescaped runs without the policy …
    injected = tmp_path / "injected.html"
    injected.write_text(unguarded.read_text(encoding="utf-8").replace("<body>", "<body><script>window.__pwned = 3</script>"),
                        encoding="utf-8")
    browser.get(injected.as_uri())
    assert browser.execute_script("return window.__pwned") == 3
    # … and is stopped by the policy where the policy is in place
    guarded = tmp_path / "guarded.html"
    guarded.write_text(text.replace("<body>", "<body><script>window.__pwned = 4</script>"), encoding="utf-8")
    browser.get(guarded.as_uri())
    assert browser.execute_script("return window.__pwned") is None


def test_output_dir_index_counts_equal_the_json_summary(browser, tmp_path):
    run_cli("check", "--output-dir", tmp_path / "site", EXAMPLES)
    data = json_of(EXAMPLES)
    browser.get((tmp_path / "site" / "index.html").as_uri())
    summary = browser.find_element("id", "summary")
    assert summary.text.startswith(f"共 {data['summary']['files']} 个文件：{data['summary']['errors']} 个错误，"
                                   f"{data['summary']['warnings']} 个警告")
    foot = [td.text for td in browser.find_elements("css selector", "table.index tfoot td")]
    assert foot[3:5] == [str(data["summary"]["errors"]), str(data["summary"]["warnings"])]
    rows = browser.find_elements("css selector", "table.index tbody tr")
    by_path = {f["path"]: f["diagnostics"] for f in data["files"]}
    assert len(rows) == len(by_path)
    for row in rows:
        diagnostics = by_path[row.get_attribute("data-path")]
        cells = row.find_elements("css selector", "td")
        assert int(cells[3].text) == sum(d["severity"] == "error" for d in diagnostics)
        assert int(cells[4].text) == sum(d["severity"] == "warning" for d in diagnostics)
    # sortable: by errors, ascending then descending
    header = browser.find_elements("css selector", "table.index th")[3]
    header.click()
    errors = [int(r.find_elements("css selector", "td")[3].text) for r in browser.find_elements("css selector", "table.index tbody tr")]
    assert errors == sorted(errors) and errors != sorted(errors, reverse=True)
    header.click()
    errors = [int(r.find_elements("css selector", "td")[3].text) for r in browser.find_elements("css selector", "table.index tbody tr")]
    assert errors == sorted(errors, reverse=True)
    # filter by code: exactly the files with a T301 stay visible
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element("id", "code-filter")).select_by_value("T301")
    visible = sorted(r.get_attribute("data-path") for r in browser.find_elements("css selector", "table.index tbody tr")
                     if r.is_displayed())
    assert visible == sorted(p for p, ds in by_path.items() if any(d["code"] == "T301" for d in ds)) != []
    # a report page opens from the index
    browser.find_element("css selector", 'tr[data-path$="tables.txt"] a').click()
    assert wait_for(browser, "li.finding") and console_errors(browser) == []


def test_serve_upload_of_a_docx_with_a_wrong_total(browser, server, private_tmp):
    assert server.server_address[0] == "127.0.0.1"
    browser.get(f"http://127.0.0.1:{server.server_address[1]}/")
    browser.find_element("css selector", 'input[type="file"]').send_keys(str(WRONG_TOTAL_DOCX))
    wait_for(browser, "li.finding")
    codes = [li.get_attribute("data-code") for li in browser.find_elements("css selector", "li.finding")]
    assert codes == [d["code"] for d in json_of(WRONG_TOTAL_DOCX)["files"][0]["diagnostics"]] and "T301" in codes
    cell = browser.find_element("css selector", 'td.flagged[data-codes~="T301"]')
    assert "应为" in cell.text
    assert browser.find_element("id", "download-json").get_attribute("download").endswith(".json")
    assert browser.find_element("id", "annotated").get_attribute("data-available") in ("true", "false")
    assert [p for p in private_tmp.iterdir() if not p.name.startswith(".lark_cache")] == []
    assert console_errors(browser) == []


def test_serve_drag_and_drop(browser, server, private_tmp):
    browser.get(f"http://127.0.0.1:{server.server_address[1]}/")
    browser.execute_script(
        "var dt = new DataTransfer(); dt.items.add(new File([arguments[0]], 'dropped.txt', {type: 'text/plain'}));"
        "document.getElementById('drop').dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true, cancelable: true}));",
        TABLES.read_text(encoding="utf-8"))
    wait_for(browser, "li.finding")
    assert browser.find_element("css selector", "section.report").get_attribute("data-path") == "dropped.txt"
    codes = [li.get_attribute("data-code") for li in browser.find_elements("css selector", "li.finding")]
    assert codes == [d["code"] for d in json_of(TABLES)["files"][0]["diagnostics"]]


def test_serve_refuses_an_oversized_upload_with_a_message(browser, server, private_tmp, tmp_path, monkeypatch):
    monkeypatch.setattr(readers, "MAX_TEXT_BYTES", 2048)
    big = tmp_path / "big.txt"
    big.write_bytes(b"a" * 4096)
    browser.get(f"http://127.0.0.1:{server.server_address[1]}/")
    browser.find_element("css selector", 'input[type="file"]').send_keys(str(big))
    message = browser.find_element("id", "message")
    assert message.is_displayed() and "过大" in message.text and "big.txt" in message.text
    assert browser.find_elements("id", "upload")  # still on the upload page: nothing was sent
    # the server refuses too, when the page's own check is bypassed
    browser.execute_script("document.getElementById('upload').setAttribute('data-limits', '{\"\": 1e12, \".txt\": 1e12}')")
    browser.find_element("css selector", 'input[type="file"]').send_keys(str(big))
    error = wait_for(browser, "#error")[0]
    assert "过大" in error.text
    assert [p for p in private_tmp.iterdir() if not p.name.startswith(".lark_cache")] == []


def test_ctrl_c_stops_the_server_promptly_while_a_browser_is_connected(browser):
    import re
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, "-m", "linter", "serve", "--port", "0"], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        address = re.search(r"http://127\.0\.0\.1:\d+/", process.stdout.readline())
        assert address
        browser.get(address.group())
        browser.find_element("css selector", 'input[type="file"]').send_keys(str(WRONG_TOTAL_DOCX))
        wait_for(browser, "li.finding")
        started = time.monotonic()
        process.send_signal(signal.SIGINT)  # the browser may still hold idle connections open
        out, err = process.communicate(timeout=30)
        assert time.monotonic() - started < 5
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0 and "已停止" in out and err == ""
