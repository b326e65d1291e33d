"""Benchmark: pages of the PDF editions that are nearly empty.

Lays out both editions of the 2016 report with WeasyPrint and measures, for every page,
how much of its content area is used (from the top of the area to the bottom of the
lowest box). Counts the pages under 15% filled, leaving out the cover and the pages
where a chapter starts. Run: .venv/bin/python bench/bench_pages.py
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = 0.15


def fill(page) -> float:
    """The share of the page's content area that its boxes cover, top to lowest bottom."""
    from weasyprint.formatting_structure import boxes

    root = page._page_box
    top, height = root.content_box_y(), root.height
    lowest = top
    for box in _content(root):
        if isinstance(box, (boxes.TextBox, boxes.ReplacedBox, boxes.TableCellBox)) or (isinstance(box, boxes.BlockBox) and box.element_tag in ("hr", "img")):
            lowest = max(lowest, box.position_y + box.margin_height())
    return max(0.0, min(1.0, (lowest - top) / height)) if height else 1.0


def _content(root):
    """The boxes of the page's content: not its margin boxes (running headers, numbers)."""
    from weasyprint.formatting_structure import boxes

    for child in root.children:
        if not isinstance(child, boxes.MarginBox):
            yield from child.descendants()


def starts_chapter(page) -> bool:
    from weasyprint.formatting_structure import boxes

    for box in _content(page._page_box):
        if isinstance(box, boxes.BlockBox) and box.element_tag == "h2":
            return True
        if isinstance(box, boxes.TextBox) and box.text.strip():
            return False
    return False


def near_empty(html: str) -> tuple[int, list[tuple[int, float]]]:
    from weasyprint import HTML

    from ncct_report.pdf import allowed_files, make_fetcher

    document = HTML(string=html, base_url=None, url_fetcher=make_fetcher(allowed_files())).render()
    found = []
    for number, page in enumerate(document.pages, start=1):
        if number == 1 or starts_chapter(page):
            continue
        share = fill(page)
        if share < THRESHOLD:
            found.append((number, share))
    return len(document.pages), found


def main() -> None:
    from ncct_report.aggregate import aggregate
    from ncct_report.completeness import year_status
    from ncct_report.read import read_year
    from ncct_report.reference import load_reference
    from ncct_report.render import render_html

    catalog, registry = load_reference()
    reading = read_year(ROOT / "data", 2016, catalog, registry)
    status = year_status(2016, reading.submissions, reading.earlier.get(2015, []), [], registry, catalog)
    filled = [s for s in reading.submissions if s.filled]  # as `ncct build` does
    report = aggregate(2016, filled, reading.earlier, reading.findings.warnings, catalog, registry, status)
    for lang in ("en", "km"):
        pages, found = near_empty(render_html(report, lang, generated=dt.date(2017, 2, 12), medium="print"))
        listed = ", ".join(f"p. {n} ({100 * share:.0f}%)" for n, share in found) or "none"
        print(f"{lang}: {pages} pages, {len(found)} under {100 * THRESHOLD:.0f}% filled (cover and chapter starts left out): {listed}")


if __name__ == "__main__":
    main()
