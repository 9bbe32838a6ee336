"""Render the screenshots in docs/officials.md from a real annotated file.

A 2025 report of a fictitious agency is built from ``nianbao-lint init``'s template,
filled in, and given three typical defects (a blank cell, a 总计 that does not add up, a
placeholder left in); ``annotate`` writes the reviewed copy; LibreOffice exports it to PDF, where
each comment is a PDF note at its anchor; pdftoppm renders the pages; and the notes'
text is drawn in a margin beside the page at their anchors, the way Word and WPS show
批注.  Needs soffice (libreoffice-writer-nogui), fonts-noto-cjk and pdftoppm
(poppler-utils).  Run it from the repository root:  python docs/make_word_screenshots.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OUT = ROOT / "docs" / "images"
AGENCY = "云溪县交通运输局"
FILLED = {"网站": "云溪县人民政府门户网站", "科室": "办公室", "地址": "云溪县滨河路18号", "邮政编码": "415300",
          "区号": "0736-5201234", "邮箱": "yxjtj@example.gov.cn", "信息处理费": "未收取信息处理费",
          "其他需要报告": "无"}
PDF_WITH_NOTES = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
DPI = 80
MARGIN = 360  # pixels of comment margin beside the page
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


def draft() -> bytes:
    from linter.template import Template, render_docx

    template = Template(year=2025, agency=AGENCY)
    blocks = []
    for kind, value in template.blocks():
        if isinstance(value, str):
            def fill(match: re.Match[str]) -> str:
                what = match.group(1)
                if "成文日期" in what:
                    return match.group(0)  # left in on purpose: R004
                return next((v for k, v in FILLED.items() if k in what), "按照要求认真开展了相关工作")
            value = re.sub(r"【请填写：([^】]*)】", fill, value)
        elif value is not None and any("本年新收" in str(cell) for row in value for cell in row):
            value = [list(row) for row in value]
            new = next(row for row in value if "本年新收" in str(row[0]))
            new[1:] = ["5", "1", "", "0", "0", "0", "5"]  # a blank 科研机构 (T203)
            carried = next(row for row in value if "上年结转" in str(row[0]))
            carried[1:] = ["0", "0", "0", "0", "0", "0", "1"]  # a 总计 its row does not add up to (T301)
            forward = next(row for row in value if "结转下年度" in str(row[0]))
            forward[1:] = ["5", "1", "0", "0", "0", "0", "6"]
        blocks.append((kind, value))
    return render_docx(blocks)


def main() -> int:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    if not soffice or not pdftoppm:
        print("需要 soffice（libreoffice-writer-nogui、fonts-noto-cjk）和 pdftoppm（poppler-utils）", file=sys.stderr)
        return 2
    from linter import Linter, Settings
    from linter.annotate import annotate_docx

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        work_dir = Path(work)
        name = f"{AGENCY}2025年政府信息公开工作年度报告.docx"
        data = draft()
        result = Linter(Settings(isolated=True)).check_bytes(name, data)
        annotated = work_dir / "annotated.docx"
        annotated.write_bytes(annotate_docx(data, result))
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{work_dir}/profile",
                        "--convert-to", PDF_WITH_NOTES, "--outdir", str(work_dir), str(annotated)],
                       check=True, capture_output=True, timeout=300)
        pdf = work_dir / "annotated.pdf"
        written = []
        for index, (height, notes) in enumerate(pdf_notes(pdf), start=1):
            if not notes:
                continue
            page_png = work_dir / f"page{index}"
            subprocess.run([pdftoppm, "-png", "-r", str(DPI), "-f", str(index), "-l", str(index), "-singlefile",
                            str(pdf), str(page_png)], check=True, capture_output=True)
            target = OUT / f"annotate-page{index}.png"
            draw_margin(Path(f"{page_png}.png"), height, notes, target)
            written.append(target.name)
    print(f"已生成 {'、'.join(written)}（{len(result.diagnostics)} 条批注，另有一条汇总批注）")
    return 0


def pdf_notes(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Per page: its height and its notes as (x, y from the top, text), in points."""
    import pdfplumber
    from pdfminer.pdftypes import resolve1

    pages = []
    with pdfplumber.open(str(pdf)) as document:
        for page in document.pages:
            notes = []
            for ref in resolve1(page.page_obj.attrs.get("Annots")) or []:
                annot = resolve1(ref)
                contents = annot.get("Contents")
                if "Text" not in str(annot.get("Subtype")) or not contents or "Rect" not in annot:
                    continue
                text = contents.decode("utf-16") if contents[:2] == b"\xfe\xff" else contents.decode("latin-1")
                x0, _y0, _x1, y1 = [float(v) for v in resolve1(annot["Rect"])]
                notes.append((x0, page.height - y1, text))
            pages.append((page.height, sorted(notes, key=lambda n: n[1])))
    return pages


def draw_margin(page_png: Path, height: float, notes: list[tuple[float, float, str]], target: Path) -> None:
    """The page with a comment margin on its right, each note in a box linked to its anchor."""
    from PIL import Image, ImageDraw, ImageFont

    page = Image.open(page_png).convert("RGB")
    scale = page.height / height
    canvas = Image.new("RGB", (page.width + MARGIN, page.height), (236, 236, 236))
    canvas.paste(page, (0, 0))
    draw = ImageDraw.Draw(canvas)
    font = ImageFont.truetype(FONT, 13)
    small = ImageFont.truetype(FONT, 11)
    left, width, bottom = page.width + 10, MARGIN - 20, 0
    for x, y, text in notes:
        lines = wrap(draw, text, font, width - 12)
        box_height = 22 + 17 * len(lines)
        top = max(int(y * scale) - 8, bottom + 8)
        anchor = (int(x * scale), int(y * scale) + 6)
        draw.line([anchor, (left, top + 10)], fill=(214, 120, 0), width=1)
        draw.rectangle([anchor[0] - 3, anchor[1] - 3, anchor[0] + 3, anchor[1] + 3], outline=(214, 120, 0))
        draw.rectangle([left, top, left + width, top + box_height], fill=(255, 244, 214), outline=(214, 120, 0))
        draw.text((left + 6, top + 3), "nianbao-lint", font=small, fill=(150, 80, 0))
        for i, line in enumerate(lines):
            draw.text((left + 6, top + 19 + 17 * i), line, font=font, fill=(0, 0, 0))
        bottom = top + box_height
    canvas.save(target, optimize=True)


def wrap(draw, text: str, font, width: int) -> list[str]:
    lines = []
    for paragraph in text.splitlines():
        line = ""
        for char in paragraph:
            if draw.textlength(line + char, font=font) > width:
                lines.append(line)
                line = ""
            line += char
        lines.append(line)
    return lines


if __name__ == "__main__":
    sys.exit(main())
