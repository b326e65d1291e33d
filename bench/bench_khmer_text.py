"""Benchmark: how much of the Khmer edition's text can be found in its PDF.

Renders the km edition of the 2016 report (HTML for print, then PDF with WeasyPrint),
extracts the PDF's text with pdftotext (poppler-utils), and reports the share of the
Khmer words of the HTML (khmercut's words, in document order) found in order in the
extracted text: what Ctrl-F, copy-paste and screen readers get. `--without-actual-text`
measures WeasyPrint alone (no ActualText spans, see ncct_report/pdftext.py).

Run: .venv/bin/python bench/bench_khmer_text.py [--without-actual-text]
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def measure(with_actual_text: bool) -> tuple[int, int, list[str]]:
    from ncct_report.aggregate import aggregate
    from ncct_report.pdftext import found_in_order, words_of_html
    from ncct_report.pdf import allowed_files, html_to_pdf
    from ncct_report.read import read_year
    from ncct_report.reference import load_reference
    from ncct_report.render import render_html

    import ncct_report.pdftext as pdftext

    if with_actual_text:
        pdftext.install()  # (the build installs it too: pdf.html_to_pdf)
    else:
        pdftext._installed = True  # as if installed: WeasyPrint draws as it does alone
    catalog, registry = load_reference()
    reading = read_year(ROOT / "data", 2016, catalog, registry)
    report = aggregate(2016, reading.submissions, reading.earlier, reading.findings.warnings, catalog, registry)
    page = render_html(report, "km", generated=dt.date(2017, 2, 12), medium="print")
    pdf = html_to_pdf(page, allowed_files())
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "km.pdf"
        path.write_bytes(pdf)
        # -raw: the text in the order it is drawn, which is the order of the HTML
        extracted = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    words = words_of_html(page)
    found, missing = found_in_order(words, extracted)
    return found, len(words), missing


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--without-actual-text", action="store_true", help="measure WeasyPrint's text layer alone")
    args = parser.parse_args()
    if shutil.which("pdftotext") is None:
        raise SystemExit("pdftotext is not installed (Debian: apt-get install poppler-utils)")
    found, total, missing = measure(not args.without_actual_text)
    label = "WeasyPrint alone" if args.without_actual_text else "with ActualText spans"
    print(f"Khmer words of the km HTML found in order in pdftotext's text of the km PDF ({label}): "
          f"{found:,} of {total:,} = {100 * found / total:.1f}%")
    if missing:
        print("  not found, e.g.: " + " ".join(missing))


if __name__ == "__main__":
    main()
