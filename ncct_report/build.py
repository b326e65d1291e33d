"""`ncct build`: validate a year's folder, aggregate, render, then write every output.

Reads top to bottom: check where the outputs go, read, aggregate, render everything in
memory, write last: the outputs replace the previous ones as a set (output.py), so a
failed or stopped build leaves the previous outputs untouched. The PDF workers start
as soon as the files are read, get each print HTML as soon as it exists, and render
while the parent makes the other outputs (pdf.py); each output is held once, as bytes.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import time
from concurrent.futures import FIRST_COMPLETED, wait
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .aggregate import Report, aggregate, report_json_bytes
from .catalog import Catalog
from .completeness import Status, year_status
from .errors import NcctError
from .findings import Finding, Findings, Joined, Msg, message
from .i18n import N_
from .output import check_output_folder, replace_folder
from .read import read_year, year_folder
from .registry import Registry
from .khmer import load_words, save_words
from .render import output_name, render_html

FORMATS = ("html", "pdf", "json", "csv", "xlsx")
DEFAULT_FORMATS = ("html", "pdf", "json")
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b", "pdf/a-3u")
LANGS = ("en", "km")


class BuildError(NcctError):
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
    removed: list[str] = field(default_factory=list)  # earlier outputs this build did not make again
    report: Report | None = None
    left_out: list[str] = field(default_factory=list)  # files with errors left out of a draft (--skip-invalid)

    @property
    def errors(self) -> list[Finding]:
        return self.findings.errors

    @property
    def warnings(self) -> list[Finding]:
        return self.findings.warnings

    @property
    def ok(self) -> bool:
        """Built: no errors, or a draft without the files that have them (--skip-invalid)."""
        return not self.errors or bool(self.left_out and self.report is not None)


def _cores() -> int:
    """The processors this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def build_date() -> dt.date:
    """Today, or SOURCE_DATE_EPOCH's date for reproducible builds."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
    return dt.date.today()


def final_refusal(status: Status, registry: Registry) -> list[Msg]:
    """Why --final refuses, in a few lines: who is missing, which tables lack whom."""
    year = str(status.year)
    lines = [message(N_("--final refuses to build the %(year)s report:"), year=year)]
    if status.missing:
        names = Joined(tuple(registry[c].name for c in status.missing[:8]), ", ")
        more = " ..." if len(status.missing) > 8 else ""
        lines.append(message(N_("%(count)s expected contributors have not reported: %(names)s"), count=len(status.missing), names=names))
        lines[-1] = message("  %(line)s" + more, line=lines[-1])
    for table in status.tables_missing[:8]:
        lines.append(message("  %(line)s", line=message(N_("%(section)s %(indicator)s: no figures, no 'nothing to report' and no excuse from %(missing)s of %(expected)s"),
                                                      section=table.section, indicator=table.indicator, missing=len(table.missing), expected=len(table.expected))))
    if len(status.tables_missing) > 8:
        lines.append(message("  %(line)s", line=message(N_("... and %(count)s more tables"), count=len(status.tables_missing) - 8)))
    lines.append(message(N_(
        "Build without --final for a draft; `ncct status %(year)s` lists everything. A contributor with nothing to "
        "report for a table says so with `nothing_to_report:`; the secretariat can excuse one with `excused:`."
    ), year=year))
    return lines


def build(
    year: int,
    data_dir: Path = Path("data"),
    out_dir: Path = Path("build"),
    langs: tuple[str, ...] = LANGS,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    progress: Callable[[str], None] = lambda step: None,
    pdf_variant: str | None = None,
    final: bool = False,
    catalog: Catalog | None = None,
    registry: Registry | None = None,
    skip_invalid: bool = False,
) -> BuildResult:
    if final and skip_invalid:
        raise BuildError(message(N_("--final never builds without files: --skip-invalid makes a draft. Fix the files' errors for the final report.")))
    year_folder(data_dir, year)
    target = out_dir / str(year)
    check_output_folder(target, re.compile(rf"ncct-report-{year}\.((en|km)\.(html|pdf)|json|xlsx)|data"))
    if "pdf" in formats:  # before any work: without Pango, one message that says what to install
        from .system import require_pdf

        others = ",".join(f for f in formats if f != "pdf")
        require_pdf(f"--format {others}" if others else None)
    if catalog is None or registry is None:
        from .reference import load_reference

        catalog, registry = load_reference()
    progress("read")
    reading = read_year(data_dir, year, catalog, registry)
    result = BuildResult(year, reading.files, reading.findings)
    if result.errors and not skip_invalid:
        return result
    # --skip-invalid: a draft of the files without errors; the others are named in it
    result.left_out = sorted({f.file for f in result.errors})
    usable = [s for s in reading.submissions if s.file not in result.left_out]

    # What was read lives until the build ends: the cycle collector need not scan it
    # again at every collection (with many contributors that doubled aggregate's time).
    gc.freeze()
    stack = ExitStack()
    try:
        status = year_status(year, reading.submissions, reading.earlier.get(year - 1, []), result.errors, registry, catalog)
        if final and not status.complete:
            raise BuildError(*final_refusal(status, registry), indent="")
        if "pdf" in formats:  # the PDF workers start now: WeasyPrint's import overlaps the aggregation
            from .pdf import PdfWorkers, pdf_order

            workers = stack.enter_context(PdfWorkers(len(langs)))

        load_words()  # the Khmer words segmented by earlier builds
        progress("aggregate")
        filled = [s for s in usable if s.filled]
        left_out_errors = [f for f in result.errors if f.file in result.left_out]  # shown in the draft's annex
        report = aggregate(year, filled, reading.earlier, result.warnings + left_out_errors, catalog, registry, status)
        if result.left_out:
            report.left_out, report.draft = result.left_out, True
        result.report = report

        rendered: list[tuple[Path, bytes, float]] = []
        today = build_date()
        pdfs = {}
        if "pdf" in formats:  # each print HTML goes to its worker at once; the other outputs are made meanwhile
            progress(f"pdf {', '.join(langs)}")
            for lang in pdf_order(langs):
                pdfs[lang] = workers.submit(render_html(report, lang, generated=today, medium="print"), pdf_variant)
            if len(pdfs) >= _cores():  # every core renders a PDF: the rest waits for one to be free
                wait(pdfs.values(), return_when=FIRST_COMPLETED)
        if "json" in formats:
            started = time.perf_counter()
            data = report_json_bytes(report)  # streamed by the C encoder: one copy, no copy of the model
            rendered.append((target / f"ncct-report-{year}.json", data, time.perf_counter() - started))
        for lang in langs if "html" in formats else ():
            progress(f"html {lang}")
            started = time.perf_counter()
            page = render_html(report, lang, generated=today).encode("utf-8")  # the text is dropped at once: one copy
            rendered.append((target / output_name(year, lang, "html"), page, time.perf_counter() - started))
        if "csv" in formats:
            progress("open data")
            started = time.perf_counter()
            from .opendata import files as open_data_files

            for name, data in open_data_files(year, report, filled, catalog, registry, data_dir, f"{today.isoformat()}T00:00:00Z").items():
                rendered.append((target / name, data, time.perf_counter() - started))
        if "xlsx" in formats:
            progress("workbook")
            started = time.perf_counter()
            from .workbook import workbook_bytes

            rendered.append((target / f"ncct-report-{year}.xlsx", workbook_bytes(report, today), time.perf_counter() - started))
        for lang, future in ((lang, pdfs[lang]) for lang in langs if lang in pdfs):
            data, seconds = future.result()
            progress(f"pdf {lang} done")
            rendered.append((target / output_name(year, lang, "pdf"), data, seconds))

        progress("write")
        result.removed = replace_folder(target, {path.relative_to(target).as_posix(): data for path, data, _ in rendered})
        result.outputs = [Output(path, len(data), seconds) for path, data, seconds in rendered]
        save_words()
        return result
    except BaseException as exc:
        stack.__exit__(type(exc), exc, exc.__traceback__)  # the PDF workers, if any, stopped: none is awaited
        raise
    finally:
        stack.close()  # the PDF workers, if any, finished (a no-op after a failure)
        gc.unfreeze()
