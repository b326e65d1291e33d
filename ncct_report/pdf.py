"""PDF editions with WeasyPrint, from the same template as the HTML editions.

Both languages render in parallel, one process each, started before their HTML is
ready (PdfWorkers), so that WeasyPrint's import and the project's own work overlap.
The URL fetcher lets only the project's own fonts load: neither a submission nor a
template can make the PDF read another file of the machine or anything from the
network.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING, Callable
from urllib.parse import unquote, urlparse

if TYPE_CHECKING:  # a PDF worker needs neither: it starts faster without them
    from .aggregate import Report


class RefusedResource(ValueError):
    pass


def allowed_files() -> frozenset[Path]:
    from .render import font_files

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

    from .pdftext import install

    install()  # Khmer lines carry their real text: searchable and copyable (pdftext.py)
    identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
    document = HTML(string=html, base_url=None, url_fetcher=make_fetcher(allowed))
    return document.write_pdf(pdf_identifier=identifier, pdf_variant=variant, uncompressed_pdf=False)


def _render_one(html: str, allowed: frozenset[Path], variant: str | None) -> tuple[bytes, float]:
    started = time.perf_counter()
    data = html_to_pdf(html, allowed, variant)
    return data, time.perf_counter() - started


def _warm_up() -> None:
    """A worker's first task: import WeasyPrint (about a second) while the parent still
    reads, aggregates and renders the HTML."""
    import weasyprint  # noqa: F401


class PdfWorkers:
    """Worker processes for the PDFs, started before their HTML exists, so that their
    start and WeasyPrint's import overlap the project's own work; each language's PDF
    starts as soon as its HTML is handed over (submit), and the parent goes on with the
    other outputs meanwhile. Use as a context manager."""

    def __init__(self, count: int):
        self.pool = ProcessPoolExecutor(max_workers=max(1, count))
        self.warming = [self.pool.submit(_warm_up) for _ in range(max(1, count))]  # one process each

    def submit(self, html: str, variant: str | None = None) -> Future:
        """Render `html` in a worker; the future's result is (PDF bytes, seconds)."""
        return self.pool.submit(_render_one, html, allowed_files(), variant)

    def __enter__(self) -> "PdfWorkers":
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        if exc_type is not None:  # the build failed: no PDF is wanted any more
            for process in list((getattr(self.pool, "_processes", None) or {}).values()):
                process.terminate()
        self.pool.shutdown(wait=True, cancel_futures=True)


def pdf_order(langs: tuple[str, ...]) -> list[str]:
    """The languages in the order their PDFs should start: the longest first (Khmer:
    more pages, and shaping), so that the last to finish started first."""
    return sorted(langs, key=lambda lang: lang != "km")


def render_pdfs(
    report: Report,
    langs: tuple[str, ...],
    today: dt.date,
    progress: Callable[[str], None],
    variant: str | None = None,
    workers: int = 2,
    pool: PdfWorkers | None = None,
) -> dict[str, tuple[bytes, float]]:
    """PDF bytes and render time per language, rendered in parallel processes (`pool`'s,
    or new ones). Each print HTML is handed to a worker as soon as it is rendered."""
    from .render import render_html

    if pool is None:
        with PdfWorkers(min(workers, len(langs))) as own:
            return render_pdfs(report, langs, today, progress, variant, workers, own)
    progress(f"pdf {', '.join(langs)}")
    futures: dict[Future, str] = {}
    for lang in pdf_order(langs):
        futures[pool.submit(render_html(report, lang, generated=today, medium="print"), variant)] = lang
    out: dict[str, tuple[bytes, float]] = {}
    for future in as_completed(futures):
        lang = futures[future]
        out[lang] = future.result()
        progress(f"pdf {lang} done")
    return {lang: out[lang] for lang in langs}


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
