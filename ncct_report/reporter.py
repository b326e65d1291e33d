"""The one place findings are printed: grouped by file for people, or as JSON."""

from __future__ import annotations

import io
import json
from itertools import groupby
from typing import IO

from rich.console import Console
from rich.text import Text

from .findings import Finding
from .textsafe import printable

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


SHOWN_PER_CODE = 25  # per file: after that, one line says how many more (JSON lists all)


def print_findings(console: Console, files: int, findings: list[Finding]) -> None:
    """Findings grouped by file, each with line, severity, code, message and fix; the
    fix once per code and file, and at most SHOWN_PER_CODE findings of a code per file."""
    ordered = sorted(findings, key=Finding.sort_key)
    out = Text()  # one print: rich's per-call cost adds up over thousands of findings
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
            out.append(f"{finding.severity} {finding.code}", style=STYLE[finding.severity])
            out.append(f" {finding.message}\n")
            if finding.review is not None:
                out.append(f"      checked: {finding.review.en}\n", style="dim")
            hint = finding.hint.strip()
            if hint and (finding.code, hint) not in hinted:
                hinted.add((finding.code, hint))
                out.append(f"      fix: {hint}\n", style="dim")
        for code, count in hidden.items():
            out.append(f"  ... and {count:,} more {code} in this file (--format json lists every one)\n")
    out.append_text(summary_text(files, findings))
    console.print(out)


def print_not_checked(console: Console, not_shown: int, not_run: list[str]) -> None:
    """After the findings of files checked alone: what was left out, and how to run it."""
    lines = []
    if not_shown:
        lines.append(f"Not shown: {not_shown:,} {'warning' if not_shown == 1 else 'warnings'} of earlier years in other "
                     "contributors' files (`ncct validate DATA/YEAR` lists them).")
    missing = {"folder": "with the other files of its year", "last year": "with last year's figures"}
    if not_run:
        lines.append(f"Checked alone, not {' nor '.join(missing[n] for n in not_run)}: add --data DIR (the folder "
                     "with one sub-folder per year, e.g. data) to run those checks too.")
    for line in lines:
        console.print(Text(line, style="dim"))


def summary_text(files: int, findings: list[Finding]) -> Text:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    text = Text(f"Checked {files} file{'s' if files != 1 else ''}: ")
    text.append(f"{errors} error{'s' if errors != 1 else ''}", style=STYLE["error"] if errors else "green")
    text.append(", ")
    text.append(f"{warnings} warning{'s' if warnings != 1 else ''}", style=STYLE["warning"] if warnings else "green")
    text.append(".")
    return text


def print_build_summary(console: Console, result) -> None:
    """What a build read, found and wrote."""
    from rich.table import Table

    report = result.report
    console.print(Text(f"Built the {result.year} report from {result.files} files: "
                       f"{len(result.errors)} errors, {len(result.warnings)} warnings (listed in the data-quality annex)."))
    if report is not None:
        missing = report.completeness.missing
        if missing:
            console.print(Text(f"No report from {len(missing)} expected contributors: {', '.join(missing)}", style=STYLE["warning"]))
        if report.km_drafts:
            console.print(Text(f"{report.km_drafts} narrative entries have draft Khmer awaiting review."))
    table = Table("output", "size", "seconds", box=None, pad_edge=False)
    shown: dict[str, list] = {}
    for output in result.outputs:  # the open-data files: one line for their folder
        key = str(output.path.parent) + "/" if output.path.parent.name == "data" else str(output.path)
        shown.setdefault(key, []).append(output)
    for name, outputs in shown.items():
        label = f"{name} ({len(outputs)} files)" if len(outputs) > 1 else name
        table.add_row(printable(label), f"{sum(o.size for o in outputs) / 1024:,.0f} KiB", f"{max(o.seconds for o in outputs):.1f}")
    console.print(table)
    if result.removed:
        console.print(Text(f"No longer in the folder (not made by this build): {printable(', '.join(result.removed))}"))


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

    from .registry import KIND_LABELS

    excused = f", {len(status.excused)} excused" if status.excused else ""
    console.print(Text(
        f"{status.year}: {len(status.expected)} expected, {len(status.received)} received "
        f"({len(status.valid)} valid, {len(status.with_errors)} with errors), {len(status.missing)} missing{excused}."
    ))
    table = Table("kind", "expected", "received", "with errors", "missing", box=None, pad_edge=False)
    for kind, counts in status.by_kind.items():
        if counts["expected"]:
            table.add_row(KIND_LABELS[kind].en, *(str(counts[k]) for k in ("expected", "received", "with_errors", "missing")))
    console.print(table)
    for title, ids in (("Missing", status.missing), ("With errors", status.with_errors), ("Not expected but received", status.unexpected)):
        if ids:
            console.print(Text(f"{title}:", style="bold"))
            for cid in ids:
                hint = f"  (ncct validate {folder / (cid + '.yaml')})" if title == "With errors" else ""
                console.print(Text(f"  {cid:<28} {registry[cid].name.en}{hint}"))
    if status.excused:
        console.print(Text("Excused by the secretariat:", style="bold"))
        for cid, reason in status.excused.items():
            console.print(Text(f"  {cid:<28} {registry[cid].name.en}: {reason.en}"))
    for entry in status.tables:
        if entry.missing:
            console.print(Text(
                f"{entry.section} {entry.indicator}: no figures from {len(entry.missing)} of {len(entry.expected)}: {', '.join(entry.missing)}"
                + (f" (nothing to report: {len(entry.nothing_to_report)}, excused: {len(entry.excused)})" if entry.nothing_to_report or entry.excused else "")
            ))
    if status.complete:
        console.print(Text("Complete: every expected contributor has sent a valid file and every table is filled in.", style="green"))
    else:
        console.print(Text("Not complete yet.", style=STYLE["warning"]))
