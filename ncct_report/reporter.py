"""The one place findings are printed: grouped by file for people, or as JSON."""

from __future__ import annotations

import io
import json
import os
import sys
from itertools import groupby
from typing import IO, TYPE_CHECKING

from .findings import Finding
from .textsafe import printable
from .i18n import N_
from .words import _, counted, language, number

if TYPE_CHECKING:
    from rich.console import Console

SEVERITY = {"error": lambda: _("error"), "warning": lambda: _("warning")}

STYLE = {"error": "bold red", "warning": "yellow"}


_ENCODE = json.JSONEncoder(ensure_ascii=False).encode  # one encoder: json.dumps makes one per call


def findings_json(files: int, findings: list[Finding]) -> str:
    out = io.StringIO()
    write_findings_json(out, files, findings)
    return out.getvalue()


def write_findings_json(stream: IO[str], files: int, findings: list[Finding]) -> None:
    """{"files": N, "errors": [...], "warnings": [...]}, one finding per line, written as
    it goes: memory does not grow with the number of findings."""
    ordered = sorted(findings, key=Finding.sort_key)
    stream.write(f'{{\n  "files": {files},\n')
    for severity, last in (("error", False), ("warning", True)):
        stream.write(f'  "{severity}s": [')
        first = True
        for finding in ordered:
            if finding.severity == severity:
                stream.write(("\n    " if first else ",\n    ") + _ENCODE(finding.to_json()))
                first = False
        stream.write(("]" if first else "\n  ]") + ("\n}\n" if last else ",\n"))


class Styled:
    """Text in parts, each with a rich style ("bold red", "dim" ...)."""

    __slots__ = ("parts",)

    def __init__(self, text: str = "", style: str | None = None):
        self.parts: list[tuple[str, str | None]] = [(text, style)] if text else []

    def append(self, text: str, style: str | None = None) -> None:
        self.parts.append((text, style))

    def append_text(self, other: "Styled") -> None:
        self.parts += other.parts

    @property
    def plain(self) -> str:
        return "".join(text for text, _style in self.parts)

    def rich(self):
        from rich.text import Text

        text = Text()
        for part, style in self.parts:
            text.append(part, style=style)
        return text


class Printer:
    """Prints styled text: in colour through rich on a terminal, as the same characters
    without rich elsewhere (piped, redirected, tests), where rich adds nothing: a piped
    `ncct validate` need not import it (about 0.07 s of its start-up)."""

    def __init__(self, stderr: bool = False):
        self.stderr = stderr
        self._console = None

    def print(self, text: Styled) -> None:
        stream = sys.stderr if self.stderr else sys.stdout
        if stream.isatty() or os.environ.get("FORCE_COLOR") or os.environ.get("TTY_COMPATIBLE") == "1":
            if self._console is None:
                from rich.console import Console

                self._console = Console(soft_wrap=True, highlight=False, stderr=self.stderr)
            self._console.print(text.rich())
        else:
            stream.write(text.plain + "\n")


SHOWN_PER_CODE = 25  # per file: after that, one line says how many more (JSON lists all)


def print_findings(printer: Printer, files: int, findings: list[Finding]) -> None:
    """Findings grouped by file, each with line, severity, code, message and fix; the
    fix once per code and file, and at most SHOWN_PER_CODE findings of a code per file."""
    ordered = sorted(findings, key=Finding.sort_key)
    out = Styled()  # one print: rich's per-call cost adds up over thousands of findings
    for file, group in groupby(ordered, key=lambda f: f.file):
        out.append(file + "\n", style="bold")
        shown: dict[str, int] = {}
        hinted: set[str] = set()
        hidden: dict[str, int] = {}
        for finding in group:
            shown[finding.code] = shown.get(finding.code, 0) + 1
            if shown[finding.code] > SHOWN_PER_CODE:
                hidden[finding.code] = hidden.get(finding.code, 0) + 1
                continue
            out.append(f"  {finding.file}:{finding.line}: " if finding.line else f"  {finding.file}: ")
            out.append(f"{SEVERITY[finding.severity]()} {finding.code}", style=STYLE[finding.severity])
            out.append(f" {finding_message(finding)}\n")
            if finding.review is not None:
                out.append("      " + _("checked: %(reason)s") % {"reason": finding.review.text(language())} + "\n", style="dim")
            hint = finding.hint.strip()
            if hint and (finding.code, hint) not in hinted:
                hinted.add((finding.code, hint))
                out.append("      " + _("fix: %(hint)s") % {"hint": printable(_(hint))} + "\n", style="dim")
        for code, count in hidden.items():
            out.append("  " + _("... and %(count)s more %(code)s in this file (--format json lists every one)") % {"count": number(count), "code": code} + "\n")
    out.append_text(summary_text(files, findings))
    printer.print(out)


def print_not_checked(printer: Printer, not_shown: int, not_run: list[str]) -> None:
    """After the findings of files checked alone: what was left out, and how to run it."""
    lines = []
    if not_shown:
        lines.append(_("Not shown: %(warnings)s of earlier years in other contributors' files (`ncct validate DATA/YEAR` lists them).")
                     % {"warnings": counted(not_shown, "warning")})
    said = {
        ("folder",): N_("Checked alone, not with the other files of its year: add --data DIR (the folder with one sub-folder per year, e.g. data) to run those checks too."),
        ("last year",): N_("Checked alone, not with last year's figures: add --data DIR (the folder with one sub-folder per year, e.g. data) to run those checks too."),
        ("folder", "last year"): N_("Checked alone, not with the other files of its year nor with last year's figures: add --data DIR (the folder with one sub-folder per year, e.g. data) to run those checks too."),
    }
    if not_run:
        lines.append(_(said[tuple(not_run)]))
    for line in lines:
        printer.print(Styled(line, style="dim"))


def summary_text(files: int, findings: list[Finding]) -> Styled:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    text = Styled(_("Checked %(files)s: ") % {"files": counted(files, "file")})
    text.append(counted(errors, "error"), style=STYLE["error"] if errors else "green")
    text.append(_(", "))
    text.append(counted(warnings, "warning"), style=STYLE["warning"] if warnings else "green")
    text.append(_("."))
    return text


def finding_message(finding: Finding) -> str:
    """The finding's message in the command line's language: ids as the file writes them,
    numbers in the language's digits."""
    lang = language()
    if lang == "en" or finding.text is None:
        return finding.message
    from .errors import shown

    return printable(shown(finding.text, lang))


def print_build_summary(console: Console, result) -> None:
    """What a build read, found and wrote."""
    from rich.table import Table
    from rich.text import Text

    report = result.report
    console.print(Text(_("Built the %(year)s report from %(files)s: %(errors)s, %(warnings)s (listed in the data-quality annex).")
                       % {"year": result.year, "files": counted(result.files, "file"), "errors": counted(len(result.errors), "error"),
                          "warnings": counted(len(result.warnings), "warning")}))
    if report is not None:
        missing = report.completeness.missing
        if missing:
            console.print(Text(_("No report from %(missing)s: %(ids)s") % {"missing": counted(len(missing), "expected contributor"), "ids": ", ".join(missing)},
                               style=STYLE["warning"]))
        if report.km_drafts:
            console.print(Text(_("%(entries)s with draft Khmer awaiting review.") % {"entries": counted(report.km_drafts, "narrative entry")}))
        if report.km_draft_notes:
            console.print(Text(_("%(notes)s under table rows with draft or missing Khmer awaiting review.") % {"notes": counted(report.km_draft_notes, "row note")}))
    table = Table(_("output"), _("size"), _("seconds"), box=None, pad_edge=False)
    shown: dict[str, list] = {}
    for output in result.outputs:  # the open-data files: one line for their folder
        key = str(output.path.parent) + "/" if output.path.parent.name == "data" else str(output.path)
        shown.setdefault(key, []).append(output)
    for name, outputs in shown.items():
        label = f"{name} ({counted(len(outputs), 'file')})" if len(outputs) > 1 else name
        table.add_row(printable(label), f"{sum(o.size for o in outputs) / 1024:,.0f} KiB", f"{max(o.seconds for o in outputs):.1f}")
    console.print(table)
    if result.removed:
        console.print(Text(_("No longer in the folder (not made by this build): %(files)s") % {"files": printable(", ".join(result.removed))}))


def status_json(status) -> str:
    from dataclasses import fields, is_dataclass

    from .labels import Label

    def plain(value):
        if isinstance(value, Label):
            return value.model_dump(exclude_none=True)
        if is_dataclass(value):
            return {f.name: plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        return value

    return json.dumps({**plain(status), "valid": status.valid, "complete": status.complete}, ensure_ascii=False, indent=2)


def print_status(console: Console, status, registry, folder) -> None:
    """Completeness of a year: by kind, then who is missing or has errors, then tables."""
    from rich.table import Table
    from rich.text import Text

    from .registry import KIND_LABELS

    lang = language()
    line = _("%(year)s: %(expected)s expected, %(received)s received (%(valid)s valid, %(with_errors)s with errors), %(missing)s missing.")
    if status.excused:
        line = _("%(year)s: %(expected)s expected, %(received)s received (%(valid)s valid, %(with_errors)s with errors), %(missing)s missing, %(excused)s excused.")
    console.print(Text(line % {"year": status.year, "expected": number(len(status.expected)), "received": number(len(status.received)),
                               "valid": number(len(status.valid)), "with_errors": number(len(status.with_errors)),
                               "missing": number(len(status.missing)), "excused": number(len(status.excused))}))
    table = Table(_("kind"), _("expected"), _("received"), _("with errors"), _("missing"), box=None, pad_edge=False)
    for kind, counts in status.by_kind.items():
        if counts["expected"]:
            table.add_row(KIND_LABELS[kind].text(lang), *(number(counts[k]) for k in ("expected", "received", "with_errors", "missing")))
    console.print(table)
    for title, ids in ((N_("Missing:"), status.missing), (N_("With errors:"), status.with_errors), (N_("Not expected but received:"), status.unexpected)):
        if ids:
            console.print(Text(_(title), style="bold"))
            for cid in ids:
                hint = f"  (ncct validate {folder / (cid + '.yaml')})" if title == "With errors:" else ""
                console.print(Text(f"  {cid:<28} {registry[cid].name.text(lang)}{hint}"))
    if status.excused:
        console.print(Text(_("Excused by the secretariat:"), style="bold"))
        for cid, reason in status.excused.items():
            console.print(Text(f"  {cid:<28} {registry[cid].name.text(lang)}: {reason.text(lang)}"))
    for entry in status.tables:
        if entry.missing:
            said = _("%(section)s %(indicator)s: no figures from %(missing)s of %(expected)s: %(ids)s") % {
                "section": entry.section, "indicator": entry.indicator, "missing": number(len(entry.missing)),
                "expected": number(len(entry.expected)), "ids": ", ".join(entry.missing)}
            if entry.nothing_to_report or entry.excused:
                said += " " + _("(nothing to report: %(nothing)s, excused: %(excused)s)") % {
                    "nothing": number(len(entry.nothing_to_report)), "excused": number(len(entry.excused))}
            console.print(Text(said))
    if status.complete:
        console.print(Text(_("Complete: every expected contributor has sent a valid file and every table is filled in."), style="green"))
    else:
        console.print(Text(_("Not complete yet."), style=STYLE["warning"]))
