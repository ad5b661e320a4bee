"""The PDF of a park's monthly report, for filing and signature: A4, its text in the report's
language with the hand-worked figures of conftest.py's city, the chart, and Chinese drawn as
Chinese (an embedded Noto Sans CJK font, and glyphs on the rendered page, not boxes)."""

import io
import re
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PIL import Image

from reports.models import ReportFile
from reports.services import report_issue

JAN = date(2026, 1, 1)
TITLE = "月度合规报告"


def _pdf(report, folder: Path) -> Path:
    stored = report.files.get(format=ReportFile.Format.PDF)
    path = folder / "report.pdf"
    with stored.file.open("rb") as handle:
        path.write_bytes(handle.read())
    return path


def _run(*command: str | Path) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def chinese_pdf(report_city, park_a, tmp_path) -> Path:
    return _pdf(report_issue(park=park_a, period=JAN, language="zh-hans").report, tmp_path)


def test_the_pdf_is_stored_with_the_other_files_and_is_a4(report_city, park_a, tmp_path):
    report = report_issue(park=park_a, period=JAN).report
    assert sorted(report.files.values_list("format", flat=True)) == ["csv", "pdf", "xlsx"]
    path = _pdf(report, tmp_path)
    stored = report.files.get(format="pdf")
    assert stored.size_bytes == path.stat().st_size and path.read_bytes()[:5] == b"%PDF-"
    info = _run("pdfinfo", "-f", "1", "-l", "99", path)
    sizes = re.findall(r"Page +\d+ size: +([\d.]+) x ([\d.]+) pts", info)
    assert sizes and all((round(float(w)), round(float(h))) == (595, 842) for w, h in sizes)


def test_the_text_holds_the_chinese_headings_and_the_figures(chinese_pdf):
    text = _run("pdftotext", "-layout", chinese_pdf, "-")
    for heading in (TITLE, "汇总", "“无废城市”建设指标", "近24个月", "各废物类别平衡", "转移联单"):
        assert heading in text
    for signature in ("编制人", "审核人", "批准人", "盖章"):
        assert signature in text
    assert "甲园区" in text and "2026-01" in text
    # The park's January by hand: G1 generated 1,000 t of slag and 20 t of HW08; utilised
    # 400 t itself and 300 t × 240/300 by R1 = 640 t; disposed of 100 + 60 = 160 t.
    balance_total = re.search(r"合计.*", text).group(0).split()
    assert balance_total[2:5] == ["110.000", "1,020.000", "300.000"]
    assert "1,000.000" in text and "640.000" in text and "160.000" in text
    assert "20261502000001" in text  # the manifest
    assert "78.05" in text  # (640 + 160) ÷ (1,020 + 5), the disposal and utilisation rate


def test_the_english_report_has_english_headings(report_city, park_a, tmp_path):
    report = report_issue(park=park_a, period=JAN, language="en").report
    text = _run("pdftotext", "-layout", _pdf(report, tmp_path), "-")
    for heading in ("Monthly compliance report", "Zero-waste city indicators", "The last 24"):
        assert heading in text
    assert "Balance per waste category" in text and "Prepared by" in text
    assert TITLE not in text


def test_the_chart_is_drawn(chinese_pdf):
    """Its legend, axis and month ticks are text in the PDF: every third month back from the
    report's, 2024-04 being one that only the chart names."""
    text = _run("pdftotext", "-layout", "-f", "1", "-l", "1", chinese_pdf, "-")
    assert "2024-04" in text and "2025-10" in text
    assert all(label in text for label in ("产生量", "综合利用量", "处置量", "贮存量"))


def test_chinese_is_drawn_with_an_embedded_cjk_font(chinese_pdf):
    fonts = _run("pdffonts", chinese_pdf)
    embedded = [line for line in fonts.splitlines() if "NotoSansCJK" in line.replace("-", "")]
    assert embedded and all(" yes " in line for line in embedded)


def test_the_title_is_drawn_as_glyphs_not_boxes(chinese_pdf):
    """The title rendered to pixels, cut into its six characters. A character missing from
    every font is drawn as a box (the .notdef glyph or Pango's hex box): a rectangle whose four
    edges are all ink. No glyph of 月度合规报告 has four inked edges (度's top is a dot, 合's
    an apex…), and six real glyphs differ from each other; six boxes fail both."""
    words = _run("pdftotext", "-bbox", "-f", "1", "-l", "1", chinese_pdf, "-")
    found = re.search(
        rf'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">{TITLE}<', words
    )
    x0, y0, x1, y1 = (float(v) * 100 / 72 for v in found.groups())  # points to pixels, 100 dpi
    png = subprocess.run(
        ["pdftoppm", "-png", "-r", "100", "-gray", "-f", "1", "-l", "1", chinese_pdf],
        capture_output=True,
        check=True,
    ).stdout
    page = Image.open(io.BytesIO(png)).convert("L").point(lambda v: 255 if v < 128 else 0)
    width = (x1 - x0) / len(TITLE)
    cells = [
        page.crop((round(x0 + i * width), round(y0), round(x0 + (i + 1) * width), round(y1)))
        for i in range(len(TITLE))
    ]
    for cell in cells:
        glyph = cell.crop(cell.getbbox())
        w, h = glyph.size
        assert w > 8 and h > 8  # something was drawn, large enough to judge
        pixels = glyph.load()
        edges = [
            sum(pixels[x, 0] > 0 for x in range(w)) / w,
            sum(pixels[x, h - 1] > 0 for x in range(w)) / w,
            sum(pixels[0, y] > 0 for y in range(h)) / h,
            sum(pixels[w - 1, y] > 0 for y in range(h)) / h,
        ]
        assert min(edges) < 0.6, edges  # a box's every edge is a line
    assert len({cell.tobytes() for cell in cells}) == len(TITLE)
