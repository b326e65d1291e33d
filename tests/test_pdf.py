"""The PDF editions, read back with pypdf: pages, bookmarks, fonts, text, reproducibility."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from ncct_report.build import build
from ncct_report.pdf import RefusedResource, allowed_files, html_to_pdf, make_fetcher

from .conftest import FIXTURES

pytestmark = pytest.mark.pdf  # slow: `make quick` leaves these out

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    out = tmp_path_factory.mktemp("pdf")
    result = build(2016, DATA, out, formats=("pdf",))
    assert result.ok
    return {lang: PdfReader(out / "2016" / f"ncct-report-2016.{lang}.pdf") for lang in ("en", "km")}


def text_of(reader: PdfReader) -> str:
    return "".join(page.extract_text() or "" for page in reader.pages).replace("\u200b", "")


def titles(outline) -> list[str]:
    out = []
    for entry in outline:
        out.extend(titles(entry) if isinstance(entry, list) else [entry.title])
    return out


def test_both_editions_have_the_whole_report(pdfs):
    for reader in pdfs.values():
        assert len(reader.pages) >= 60


def test_bookmarks_for_every_section(pdfs):
    en = titles(pdfs["en"].outline)
    for title in ("B. Promotion of prevention", "C.1.1. Crackdowns and securing victims", "Annex 3: Workers extradited through border gates", "Data quality"):
        assert title in en
    km = [t.replace("\u200b", "") for t in titles(pdfs["km"].outline)]
    assert "ខ. ការលើកកម្ពស់ការបង្ការ" in km


def test_only_the_packaged_khmer_font_is_embedded(pdfs):
    for reader in pdfs.values():
        fonts = set()
        for page in reader.pages:
            for font in (page["/Resources"].get("/Font") or {}).values():
                font = font.get_object()
                descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
                assert "/FontFile2" in descendant["/FontDescriptor"].get_object()  # embedded
                fonts.add(str(font["/BaseFont"]).split("+")[-1])
        assert fonts and all(name.startswith("Noto-Sans-Khmer") for name in fonts), fonts


def test_khmer_text_and_computed_figures_in_both(pdfs):
    en, km = text_of(pdfs["en"]), text_of(pdfs["km"])
    assert "1,661,697" in en and "12,692" in en  # B.2 computed totals
    assert "១,៦៦១,៦៩៧" in km and "១២,៦៩២" in km
    # pypdf rebuilds some Khmer clusters out of order; these words come back whole.
    assert "ព្រះរាជាណាចក្រ" in km and "ជាតិ សាសនា" in km
    assert "92 against 105 in 2015: a decrease of 13 (12.4%)" in en.replace("\n", " ")


def test_metadata(pdfs):
    info = pdfs["en"].metadata
    assert info.title == "Annual report on counter trafficking in persons 2016"
    assert info.author == "National Committee for Counter Trafficking (NCCT)"
    assert pdfs["km"].trailer["/Root"]["/Lang"] == "km"


def test_the_same_inputs_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1486857600")  # 2017-02-12
    outputs = []
    for run in ("a", "b"):
        build(2016, FIXTURES / "good", tmp_path / run, langs=("km",), formats=("pdf",))
        outputs.append((tmp_path / run / "2016" / "ncct-report-2016.km.pdf").read_bytes())
    assert outputs[0] == outputs[1]


def test_the_fetcher_serves_only_the_report_fonts():
    allowed = allowed_files()
    fetcher = make_fetcher(allowed)
    font = next(iter(allowed))
    response = fetcher.fetch(font.as_uri())
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType font
    for url in ("file:///etc/passwd", "http://example.org/x.css", "https://example.org/x.png", "data:text/css,body{}"):
        with pytest.raises(RefusedResource):
            fetcher.fetch(url)


def test_a_document_naming_other_files_still_renders_without_them():
    html = '<html><head><link rel="stylesheet" href="file:///etc/passwd"></head><body><img src="http://example.org/x.png"><p>ok</p></body></html>'
    data = html_to_pdf(html, allowed_files())
    assert PdfReader(io.BytesIO(data)).pages[0].extract_text().strip() == "ok"


def test_pdf_ua_variant(tmp_path):
    build(2016, FIXTURES / "good", tmp_path, langs=("en",), formats=("pdf",), pdf_variant="pdf/ua-1")
    reader = PdfReader(tmp_path / "2016" / "ncct-report-2016.en.pdf")
    assert "/StructTreeRoot" in reader.trailer["/Root"]
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"]


@pytest.mark.parametrize("lang", ["en", "km"])
def test_no_text_overflows_its_page(lang):
    """Khmer lines break (U+200B between words) and wide tables fit their pages."""
    import datetime as dt

    from ncct_report.aggregate import aggregate
    from ncct_report.pdf import overflowing_text
    from ncct_report.read import read_year
    from ncct_report.reference import load_reference
    from ncct_report.render import render_html

    catalog, registry = load_reference()
    reading = read_year(DATA, 2016, catalog, registry)
    report = aggregate(2016, reading.submissions, reading.earlier, reading.findings.warnings, catalog, registry)
    html = render_html(report, lang, generated=dt.date(2017, 2, 12), medium="print")
    assert overflowing_text(html) == []
    # and the check does find text that cannot fit:
    assert overflowing_text("<p style='white-space: nowrap'>" + "ក្រុមការងារបានចុះផ្សព្វផ្សាយ" * 20 + "</p>") != []


def _split_words(html: str) -> list[str]:
    """Lines of table headers that end inside a word (not at a space, a U+200B between
    Khmer words, or a hyphen): "អាពាហ៍ពិពា|ហ៍"."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from ncct_report.pdf import allowed_files, make_fetcher

    document = HTML(string=html, base_url=None, url_fetcher=make_fetcher(allowed_files())).render()
    found = []
    for page in document.pages:
        for cell in page._page_box.descendants():
            if not isinstance(cell, boxes.TableCellBox) or cell.element_tag != "th":
                continue
            lines = [box for box in cell.descendants() if isinstance(box, boxes.LineBox)]
            texts = ["".join(t.text for t in line.descendants() if isinstance(t, boxes.TextBox)) for line in lines]
            original = " ".join(cell.element.itertext()) if cell.element is not None else ""  # a note is its own block
            at = 0
            for this, following in zip(texts, texts[1:]):
                hyphenated = this.endswith("\u2010")  # WeasyPrint's hyphenation: a break it chose inside a word, marked
                body = this.removesuffix("\u2010").rstrip(" \u200b")
                start = original.find(body.lstrip(" \u200b"), at)
                if not body or start < 0:
                    continue
                at = start + len(body.lstrip(" \u200b"))
                after = original[at:at + 1]
                if not hyphenated and after and after not in " \u200b\n\t" and body[-1] not in "-/,(":
                    found.append(f"{body[-12:]}|{following[:12]}")
    return found


@pytest.mark.parametrize("lang", ["en", "km"])
def test_no_word_is_split_inside_a_table_header(lang):
    import datetime as dt

    from ncct_report.aggregate import aggregate
    from ncct_report.read import read_year
    from ncct_report.reference import load_reference
    from ncct_report.render import render_html

    catalog, registry = load_reference()
    reading = read_year(DATA, 2016, catalog, registry)
    report = aggregate(2016, reading.submissions, reading.earlier, reading.findings.warnings, catalog, registry)
    html = render_html(report, lang, generated=dt.date(2017, 2, 12), medium="print")
    assert _split_words(html) == []
    # and the check does find a word cut in a narrow column:
    narrow = "<table style='width: 12mm; table-layout: fixed'><tr><th style='overflow-wrap: anywhere'>អាពាហ៍ពិពាហ៍ Marriage</th></tr></table>"
    assert _split_words(narrow) != []
