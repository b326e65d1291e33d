"""PDF editions with WeasyPrint, from the same template as the HTML editions.

Both languages render in parallel, one process each. The URL fetcher lets only the
project's own fonts load: neither a submission nor a template can make the PDF read
another file of the machine or anything from the network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import Callable
from urllib.parse import unquote, urlparse

from .aggregate import Report
from .render import font_files, render_html


class RefusedResource(ValueError):
    pass


def allowed_files() -> frozenset[Path]:
    return frozenset(path.resolve() for _, path, _, _ in font_files())


def make_fetcher(allowed: frozenset[Path]):
    """A WeasyPrint URL fetcher that serves only the given files."""
    from weasyprint import URLFetcher

    class ProjectOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            parsed = urlparse(url)
            if parsed.scheme == "file" and Path(unquote(parsed.path)).resolve() in allowed:
                return super().fetch(url, headers)
            raise RefusedResource(f"not one of the report's own files: {url[:120]}")

    return ProjectOnlyFetcher(allowed_protocols=["file"])


def html_to_pdf(html: str, allowed: frozenset[Path], variant: str | None = None) -> bytes:
    """One PDF from its HTML; the same HTML always gives the same bytes."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(string=html, base_url=None, url_fetcher=make_fetcher(allowed))
    return document.write_pdf(pdf_identifier=identifier, pdf_variant=variant, uncompressed_pdf=False)


def _render_one(html: str, allowed: frozenset[Path], variant: str | None) -> tuple[bytes, float]:
    started = time.perf_counter()
    data = html_to_pdf(html, allowed, variant)
    return data, time.perf_counter() - started


def render_pdfs(
    report: Report,
    langs: tuple[str, ...],
    today: dt.date,
    progress: Callable[[str], None],
    variant: str | None = None,
    workers: int = 2,
) -> dict[str, tuple[bytes, float]]:
    """PDF bytes and render time per language, rendered in parallel processes."""
    allowed = allowed_files()
    sources = {lang: render_html(report, lang, generated=today, medium="print") for lang in langs}
    out: dict[str, tuple[bytes, float]] = {}
    progress(f"pdf {', '.join(langs)}")
    if workers <= 1 or len(langs) == 1:
        for lang in langs:
            out[lang] = _render_one(sources[lang], allowed, variant)
            progress(f"pdf {lang} done")
        return out
    with ProcessPoolExecutor(max_workers=min(workers, len(langs))) as pool:
        futures = {pool.submit(_render_one, sources[lang], allowed, variant): lang for lang in langs}
        for future in as_completed(futures):
            lang = futures[future]
            out[lang] = future.result()
            progress(f"pdf {lang} done")
    return out


def overflowing_text(html: str, tolerance: float = 0.5) -> list[tuple[int, str]]:
    """Text that sticks out of the page's content area: (page number, the text).

    Khmer without word breaks, or a table too wide for its page, shows up here.
    """
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    document = HTML(string=html, base_url=None, url_fetcher=make_fetcher(allowed_files())).render()
    found = []
    for number, page in enumerate(document.pages, start=1):
        root = page._page_box
        left = root.content_box_x()
        right = left + root.width
        for box in root.descendants():
            if isinstance(box, boxes.TextBox) and box.text.strip():
                if box.position_x < left - tolerance or box.position_x + box.width > right + tolerance:
                    found.append((number, box.text[:60]))
    return found
