"""`ncct preview FILE`: one contributor's tables and narrative as the report will show
them, with the same contributor's figures of the year before beside each one.

The page comes from the report model itself (aggregate over this one file, compared
with this contributor's own earlier files only), rendered in one language; nothing
is computed here that the report would not compute. What the reading stage cannot
read is not shown: its findings head the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .aggregate import Report, Table, aggregate, build_table
from .catalog import Catalog
from .findings import Finding
from .read import Reading
from .registry import Registry


@dataclass
class Preview:
    report: Report  # this file alone, compared with its contributor's earlier files
    file: str
    contributor: str
    findings: list[Finding]
    last_year: int | None = None  # the year before, when this contributor's file of it was found
    last_file: str | None = None
    # indicator -> row key -> measure -> the figure of the year before ("total": its total row)
    last: dict[str, dict[str, dict[str, int | None]]] = field(default_factory=dict)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]


def read_for_preview(path: Path, catalog: Catalog, registry: Registry, data_dir: Path | None) -> Reading:
    """The file (.yaml, or a workbook read in memory) with the years before it."""
    if path.suffix.lower() == ".xlsx":
        from .spreadsheet import validate_workbook

        return validate_workbook(path, catalog, registry, data_dir=data_dir)
    from .read import read_paths

    return read_paths([path], catalog, registry, data_dir=data_dir)


def make_preview(reading: Reading, catalog: Catalog, registry: Registry) -> Preview | None:
    """The preview of the one submission read, or None when nothing could be read."""
    if len(reading.submissions) != 1 or reading.submissions[0].year is None:
        return None
    sub = reading.submissions[0]
    own_earlier = {
        year: [s for s in subs if s.contributor == sub.contributor]
        for year, subs in reading.earlier.items()
    }
    own_earlier = {year: subs for year, subs in own_earlier.items() if subs}
    findings = sorted(reading.findings.items, key=Finding.sort_key)
    report = aggregate(sub.year, [sub], own_earlier, findings, catalog, registry)  # report.quality: the findings, named
    preview = Preview(report, sub.file, sub.contributor, findings)
    before = own_earlier.get(sub.year - 1)
    if before:
        last = before[0]
        preview.last_year, preview.last_file = sub.year - 1, last.file
        for table in report.tables():
            preview.last[table.indicator] = _figures(build_table(catalog.indicators[table.indicator], 0, [last], catalog, registry))
    return preview


def _figures(table: Table | None) -> dict[str, dict[str, int | None]]:
    if table is None:
        return {}
    figures = {row.key: {m: cell.value for m, cell in row.cells.items()} for row in table.rows}
    if len(table.rows) > 1 and table.total:
        figures["total"] = {m: cell.value for m, cell in table.total.items()}
    return figures


def render_preview(preview: Preview, lang: str, *, generated: dt.date) -> str:
    """The preview page in `lang`: self-contained (styles and fonts inlined)."""
    from .render import Formatter, finding_text, render_page

    fmt = Formatter(lang)
    report = preview.report
    return render_page(
        "preview.html.j2", fmt, ("report.css", "preview.css"), embed_fonts=True,
        preview=preview,
        report=report,
        contributor=report.contributors[preview.contributor]["name"] if preview.contributor in report.contributors else None,
        generated=generated,
        finding_text=lambda entry: finding_text(entry, report, fmt),
        severities=[f.severity for f in preview.findings],  # in report.quality's order
        tables=[(section, table) for root in report.sections for section in root.walk() for table in section.tables],
        sections=[section for root in report.sections for section in root.walk() if section.groups],
    )
