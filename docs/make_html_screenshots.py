"""Regenerate the screenshots of the HTML report of ``examples/`` in ``docs/``.

    python docs/make_html_screenshots.py

Runs ``nianbao-lint check --output-dir`` over ``examples/`` and photographs, in headless
Chromium (Debian's ``chromium`` and ``chromium-driver``; ``selenium`` from the ``test``
extra), the index page (``docs/html-report-index.png``) and the page of
``examples/defects/tables.txt`` (``docs/html-report.png``).  Chinese text needs a CJK
font (Debian: ``fonts-wqy-microhei`` or ``fonts-noto-cjk``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WIDTH = 1200
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars")


def browser(profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={WIDTH},1000"):
        options.add_argument(flag)
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)


def shoot(driver, url: str, target: Path) -> None:
    """The whole page, as one PNG (reduced to 256 colours where Pillow is at hand, to keep it small)."""
    driver.get(url)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(WIDTH, height + 100)  # the window includes the browser's own frame
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(target))
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(target) as image:
        image.convert("RGB").quantize(colors=256).save(target, optimize=True)


def main() -> int:
    for program in ("chromium", "chromedriver"):
        if shutil.which(program) is None:
            print(f"需要 {program}（Debian：apt-get install chromium chromium-driver）", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="nianbao-lint-shot-") as work:
        site = Path(work) / "site"
        # examples/ is defective on purpose: exit 1 (findings) is expected, 2 is not.
        done = subprocess.run([sys.executable, "-m", "linter", "check", "--output-dir", str(site), "examples"], cwd=ROOT)
        if done.returncode not in (0, 1):
            return 2
        driver = browser(str(Path(work) / "profile"))
        try:
            shoot(driver, (site / "index.html").as_uri(), DOCS / "html-report-index.png")
            link = driver.find_element("css selector", 'tr[data-path="examples/defects/tables.txt"] a')
            shoot(driver, (site / link.get_attribute("href").rsplit("/", 1)[-1]).as_uri(), DOCS / "html-report.png")
        finally:
            driver.quit()
    for name in ("html-report-index.png", "html-report.png"):
        print(f"{DOCS / name}: {(DOCS / name).stat().st_size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
