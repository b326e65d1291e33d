"""`ncct build`: validate a year's folder, aggregate, render, then write every output.

Reads top to bottom: gather and render everything in memory first, write last, each
file atomically, so a failed build leaves the previous outputs untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .aggregate import Report, aggregate, report_json
from .catalog import load_catalog
from .completeness import is_filled, year_status
from .findings import Finding, Findings
from .output import write_atomically
from .registry import load_registry
from .render import output_name, render_html
from .validate import read_submissions, validate_paths

FORMATS = ("html", "pdf", "json")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u")
LANGS = ("en", "km")


class BuildError(Exception):
    """The build cannot start (no data folder, bad option); the message says why."""


@dataclass
class Output:
    path: Path
    size: int
    seconds: float


@dataclass
class BuildResult:
    year: int
    files: int
    findings: Findings
    outputs: list[Output] = field(default_factory=list)
    report: Report | None = None

    @property
    def errors(self) -> list[Finding]:
        return self.findings.errors

    @property
    def warnings(self) -> list[Finding]:
        return self.findings.warnings

    @property
    def ok(self) -> bool:
        return not self.errors


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH's date for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def build(
    year: int,
    data_dir: Path = Path("data"),
    out_dir: Path = Path("build"),
    langs: tuple[str, ...] = LANGS,
    formats: tuple[str, ...] = FORMATS,
    progress: Callable[[str], None] = lambda step: None,
    pdf_variant: str | None = None,
    final: bool = False,
) -> BuildResult:
    folder = data_dir / str(year)
    if not folder.is_dir():
        raise BuildError(
            f"There is no data for {year}: the folder {folder} does not exist. "
            f"Start the year with `ncct init {year}`, or give the data folder with --data."
        )
    progress("validate")
    validation = validate_paths([folder])
    result = BuildResult(year, validation.files, validation.findings)
    if result.errors:
        return result

    registry, catalog = load_registry(), load_catalog()
    status = year_status(year, data_dir, validation.submissions, result.errors, registry, catalog)
    if final and status.missing:
        names = ", ".join(f"{c} ({registry[c].name.en})" for c in status.missing)
        raise BuildError(
            f"--final refuses to build the {year} report: {len(status.missing)} expected contributors "
            f"have not reported: {names}. Build without --final for a draft; `ncct status {year}` lists them."
        )

    progress("aggregate")
    earlier = {y: subs for y in (year - 1, year - 2) if (subs := read_submissions(data_dir / str(y)))}
    filled = [s for s in validation.submissions if is_filled(s)]
    report = aggregate(year, filled, earlier, result.warnings, catalog, registry, expected=status.expected)
    report.draft = bool(status.missing)
    result.report = report

    rendered: list[tuple[Path, bytes, float]] = []
    target = out_dir / str(year)
    today = build_date()
    if "json" in formats:
        started = time.perf_counter()
        data = json.dumps(report_json(report), ensure_ascii=False, indent=1).encode("utf-8")
        rendered.append((target / f"ncct-report-{year}.json", data, time.perf_counter() - started))
    html: dict[str, str] = {}
    for lang in langs:
        progress(f"html {lang}")
        started = time.perf_counter()
        html[lang] = render_html(report, lang, generated=today)
        if "html" in formats:
            rendered.append((target / output_name(year, lang, "html"), html[lang].encode("utf-8"), time.perf_counter() - started))
    if "pdf" in formats:
        from .pdf import render_pdfs

        for lang, (data, seconds) in render_pdfs(report, langs, today, progress, variant=pdf_variant).items():
            rendered.append((target / output_name(year, lang, "pdf"), data, seconds))

    progress("write")
    for path, data, seconds in rendered:
        write_atomically(path, data)
        result.outputs.append(Output(path, len(data), seconds))
    return result
