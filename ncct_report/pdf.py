"""PDF editions with WeasyPrint, from the same HTML as the HTML editions.

Everything the report needs (styles, fonts) is inside the HTML; the URL fetcher
refuses every other resource, so neither a submission nor a template can make the
PDF load a file of the machine or anything from the network.
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Callable

from .aggregate import Report
from .render import render_html


class RefusedResource(Exception):
    pass


def refuse_all(url: str, *args, **kwargs):
    """WeasyPrint URL fetcher: the report is self-contained, nothing else may load."""
    raise RefusedResource(f"resource refused: {url[:80]}")


def render_pdfs(report: Report, langs: tuple[str, ...], today: dt.date, progress: Callable[[str], None]) -> dict[str, tuple[bytes, float]]:
    from weasyprint import HTML

    out = {}
    for lang in langs:
        progress(f"pdf {lang}")
        started = time.perf_counter()
        html = render_html(report, lang, generated=today)
        data = HTML(string=html, base_url=None, url_fetcher=refuse_all).write_pdf()
        out[lang] = (data, time.perf_counter() - started)
    return out
