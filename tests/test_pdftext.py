"""The Khmer text layer of the PDF: what search, copy-paste and screen readers get."""

from __future__ import annotations

import shutil
import subprocess
import zlib

import pytest

from ncct_report.pdf import allowed_files, html_to_pdf
from ncct_report.pdftext import actual_text
from ncct_report.render import font_face_css

pytestmark = pytest.mark.pdf

PAGE = (
    "<html lang='km'><head><style>{fonts} body {{ font-family: 'Noto Sans Khmer' }}</style></head><body>"
    "<h1>ទិដ្ឋភាព\u200bទូទៅ</h1><p>អគ្គ\u200bលេខាធិការដ្ឋាន គណៈកម្មាធិការ ជាតិ ១៩៩</p><p>English stays as it is.</p></body></html>"
)


def _pdf(tmp_path):
    path = tmp_path / "km.pdf"
    path.write_bytes(html_to_pdf(PAGE.format(fonts=font_face_css(embed=False)), allowed_files()))
    return path


def test_each_khmer_line_carries_its_text_as_actual_text(tmp_path):
    data = _pdf(tmp_path).read_bytes()
    streams = [zlib.decompress(part.split(b"stream", 1)[1].lstrip(b"\r\n")) for part in data.split(b"endstream")[:-1] if b"FlateDecode" in part]
    drawn = b"".join(s for s in streams if b"BT" in s)
    expected = "ទិដ្ឋភាពទូទៅ".encode("utf-16-be").hex().encode()
    assert b"/ActualText <feff" + expected + b">" in drawn
    assert drawn.count(b"/Span") == 2  # the English line is left alone
    assert actual_text("ទិដ្ឋភាព\u200bទូទៅ") == "ទិដ្ឋភាពទូទៅ"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian: poppler-utils) is not installed")
def test_pdftotext_gives_the_khmer_words_back(tmp_path):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(_pdf(tmp_path)), "-"], capture_output=True, text=True, check=True).stdout
    assert "ទិដ្ឋភាពទូទៅ" in text
    assert "អគ្គលេខាធិការដ្ឋាន គណៈកម្មាធិការ ជាតិ ១៩៩" in text
    assert "English stays as it is." in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (Debian: poppler-utils) is not installed")
def test_the_khmer_edition_can_be_searched(tmp_path):
    """The share of the km HTML's Khmer words found, in order, in the km PDF's text
    (bench/bench_khmer_text.py reports it; WeasyPrint alone: about 38%)."""
    import datetime as dt
    from pathlib import Path

    from ncct_report.aggregate import aggregate
    from ncct_report.pdftext import found_in_order, words_of_html
    from ncct_report.read import read_year
    from ncct_report.reference import load_reference
    from ncct_report.render import render_html

    catalog, registry = load_reference()
    reading = read_year(Path(__file__).parent.parent / "data", 2016, catalog, registry)
    report = aggregate(2016, reading.submissions, reading.earlier, reading.findings.warnings, catalog, registry)
    page = render_html(report, "km", generated=dt.date(2017, 2, 12), medium="print")
    path = tmp_path / "report.pdf"
    path.write_bytes(html_to_pdf(page, allowed_files()))
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = words_of_html(page)
    found, missing = found_in_order(words, text)
    assert found / len(words) >= 0.99, missing
