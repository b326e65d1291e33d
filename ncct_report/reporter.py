"""The one place findings are printed: grouped by file for people, or as JSON."""

from __future__ import annotations

import json
from itertools import groupby

from rich.console import Console
from rich.text import Text

from .findings import Finding

STYLE = {"error": "bold red", "warning": "yellow"}


def findings_json(files: int, findings: list[Finding]) -> str:
    ordered = sorted(findings, key=Finding.sort_key)
    return json.dumps(
        {
            "files": files,
            "errors": [f.to_json() for f in ordered if f.severity == "error"],
            "warnings": [f.to_json() for f in ordered if f.severity == "warning"],
        },
        ensure_ascii=False,
        indent=2,
    )


def print_findings(console: Console, files: int, findings: list[Finding]) -> None:
    """Findings grouped by file, each with line, severity, code, message and fix."""
    ordered = sorted(findings, key=Finding.sort_key)
    for file, group in groupby(ordered, key=lambda f: f.file):
        console.print(Text(file, style="bold"))
        for finding in group:
            line = Text(f"  {finding.file}:{finding.line}: " if finding.line else f"  {finding.file}: ")
            line.append(f"{finding.severity} {finding.code}", style=STYLE[finding.severity])
            line.append(f" {finding.message}")
            console.print(line)
            if finding.hint:
                console.print(Text(f"      fix: {finding.hint.strip()}", style="dim"))
    console.print(summary_text(files, findings))


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
    for output in result.outputs:
        table.add_row(str(output.path), f"{output.size / 1024:,.0f} KiB", f"{output.seconds:.1f}")
    console.print(table)
