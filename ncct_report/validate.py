"""Validate submissions: every problem of every file, as findings; never stops early.

Stages per file: load (safe YAML with lines) -> schema (structure, from the catalog)
-> normalise (row names to codes) -> consistency (parts, printed totals). Then across
the files of a folder: one file per contributor, names, year, the secretariat's
printed totals, and the comparison with the previous year's folder.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from functools import cache
from pathlib import Path
from typing import Any, Iterable

from .catalog import Catalog, Indicator, load_catalog
from .findings import Findings
from .labels import Label
from .load import Document, load_file
from .registry import Registry, load_registry
from .schema import YEAR_MAX, YEAR_MIN, current_schema

YAML_SUFFIXES = (".yaml", ".yml")
OUTLIER_RATIO = 3
OUTLIER_MINIMUM = 100

Values = dict[str, int | None]


@dataclass
class Figures:
    """One indicator's figures in one file, rows keyed by code (None: no row dimension)."""

    indicator: str
    rows: dict[str | None, Values] = field(default_factory=dict)
    total: Values | None = None
    lines: dict[tuple[str | None, str], int | None] = field(default_factory=dict)
    notes: dict[str | None, Label] = field(default_factory=dict)


@dataclass
class Submission:
    file: str
    path: Path
    doc: Document
    contributor: str | None = None
    year: int | None = None
    figures: dict[str, Figures] = field(default_factory=dict)
    declared_totals: dict[str, Values] = field(default_factory=dict)
    in_folder: Path | None = None  # the folder it was found in, for cross-file rules


@dataclass
class ValidationResult:
    files: int
    findings: Findings
    submissions: list[Submission]

    @property
    def ok(self) -> bool:
        return not self.findings.errors


def validate_paths(paths: Iterable[Path], *, strict: bool = False) -> ValidationResult:
    """Validate files and folders of submissions; see the module docstring."""
    catalog, registry = load_catalog(), load_registry()
    findings = Findings()
    submissions: list[Submission] = []
    files = 0
    for path, display, folder in _collect(paths, findings):
        files += 1
        submission = check_file(path, display, catalog, registry, findings)
        if submission:
            submission.in_folder = folder
            submissions.append(submission)
    _check_across_files(submissions, catalog, registry, findings)
    _compare_with_previous_year(submissions, catalog, registry, findings)
    if strict:
        for finding in findings.items:
            finding.severity = "error"
    return ValidationResult(files, findings, submissions)


def _collect(paths: Iterable[Path], findings: Findings) -> Iterable[tuple[Path, str, Path | None]]:
    """Files to check: (path, name to show, folder it was found in or None)."""
    for given in paths:
        if not given.is_dir():
            yield given, str(given), None
            continue
        root = given.resolve()
        for dirpath, dirnames, filenames in os.walk(given):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(dirnames):
                if (Path(dirpath) / name).is_symlink():
                    findings.add("NCCT011", str(Path(dirpath) / name), None, "This folder is a link; it is not read.")
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                path = Path(dirpath) / name
                display = str(path)
                if path.is_symlink() or not path.resolve().is_relative_to(root):
                    findings.add("NCCT011", display, None, "This file is a link to another place; it is not read.")
                    continue
                if path.suffix.lower() not in YAML_SUFFIXES:
                    findings.add("NCCT012", display, None, "This file is not a .yaml file; it is not read.")
                    continue
                yield path, display, given


def check_file(path: Path, display: str, catalog: Catalog, registry: Registry, findings: Findings) -> Submission | None:
    """Load and check one file; returns what could be read of it (None if unreadable)."""
    doc = load_file(path, display, findings)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        findings.add("NCCT103", display, doc.line_of(()), "The file must be a block of `key: value` lines (contributor, year, figures ...).")
        return None
    _check_schema(doc, catalog, registry, findings)
    submission = _normalise(doc, path, catalog, findings)
    _check_year_folder(submission, findings)
    for figures in submission.figures.values():
        _check_consistency(figures, catalog.indicators[figures.indicator], submission, findings)
    return submission


# --- schema ---------------------------------------------------------------------------


@cache
def _validator():
    import jsonschema_rs

    return jsonschema_rs.validator_for(current_schema(), validate_formats=True)


TYPE_WORDS = {
    "integer": "a whole number",
    "null": "empty",
    "string": "text",
    "object": "a block of `key: value` lines",
    "array": "a list (lines starting with `- `)",
    "boolean": "true or false",
    "number": "a number",
}
COUNT_TYPES = ["null", "integer"]
NUMBERISH = re.compile(r"^\s*-?[\d ,.]+%?\s*$")


def where(path: tuple) -> str:
    return " > ".join(str(p) for p in path) or "the file"


def _role(path: tuple, catalog: Catalog) -> str:
    """What the value at `path` of a submission is, for choosing the message."""
    if not path:
        return "submission"
    head, depth = path[0], len(path)
    if head in ("figures", "declared_totals"):
        if depth == 1:
            return "indicators"
        ind = catalog.indicators.get(path[1])
        if depth == 2:
            return "table" if head == "figures" and ind and ind.rows else "measures"
        if path[-1] == "note" or (depth > 2 and path[-2] == "note"):
            return "record"
        if path[2] == "rows":  # figures > id > rows > row > measure
            return {3: "rows", 4: "measures"}.get(depth, "count")
        if path[2] == "total":  # figures > id > total > measure
            return "measures" if depth == 3 else "count"
        return "count"  # figures > id > measure, declared_totals > id > measure
    if head == "items":
        return "record" if depth == 2 else ("section" if path[-1] == "section" else "value")
    return head


def _known_fields(path: tuple, catalog: Catalog) -> list[str]:
    """The field names allowed at `path` (for "did you mean")."""
    schema = current_schema()
    if not path:
        return list(schema["properties"])
    if path[0] == "items":
        return list(schema["$defs"]["item"]["properties"])
    if path[0] in ("figures", "declared_totals") and len(path) == 1:
        return list(catalog.indicators)
    ind = catalog.indicators.get(path[1])
    if ind is None:
        return []
    if path[0] == "figures" and len(path) == 2 and ind.rows:
        return ["rows", "total"]
    totals = path[0] == "declared_totals" or (len(path) > 2 and path[2] == "total")
    return (ind.total_measures if totals else ind.measures) + ["note"]


def _check_schema(doc: Document, catalog: Catalog, registry: Registry, findings: Findings) -> None:
    for error in _validator().iter_errors(doc.data):
        path = tuple(error.instance_path)
        kind = error.kind
        keyword = kind.name
        role = _role(path, catalog)
        line = doc.line_of(path)
        add = lambda code, message, at=line, **kw: findings.add(code, doc.file, at, message, path=where(path), **kw)  # noqa: E731

        if keyword == "propertyNames":
            key = str(kind.error.instance)
            ind = catalog.indicators.get(path[1]) if len(path) > 1 else None
            codelist = catalog.codelists.get(ind.rows) if ind and ind.rows else None
            message = f"'{key}' is not a known row of {path[1] if len(path) > 1 else 'this table'}"
            if codelist:
                message += f" ({codelist.label.en.lower()})"
                message += _did_you_mean([f"{c} ({codelist.codes[c].label.en})" for c in codelist.suggest(key)])
            add("NCCT110", message, doc.line_of(path + (key,)))
        elif keyword == "required":
            add("NCCT101", f"The field '{kind.property}' is missing{' in ' + where(path) if path else ''}.")
        elif keyword == "additionalProperties":
            known = _known_fields(path, catalog)
            for extra in kind.unexpected:
                at = doc.line_of(path + (extra,))
                epath = where(path + (extra,))
                if role == "indicators":
                    findings.add("NCCT108", doc.file, at, f"'{extra}' is not an indicator of the catalog" + _did_you_mean(get_close_matches(extra, known, n=3, cutoff=0.6)), path=epath)
                elif role == "measures":
                    measures = [m for m in known if m != "note"]
                    findings.add("NCCT109", doc.file, at, f"'{extra}' is not a measure of {path[1]}; its measures are: {', '.join(measures)}.", path=epath)
                elif role == "table":
                    message = f"'{extra}' is not a field of {path[-1]}: this indicator is a table, so its figures go under `rows:` (one entry per row) and its printed total under `total:`."
                    findings.add("NCCT102", doc.file, at, message, path=epath, hint="Move the figures under `rows:`, for example `rows: {<row>: {<measure>: 12}}`.")
                else:
                    findings.add("NCCT102", doc.file, at, f"'{extra}' is not a known field here" + _did_you_mean(get_close_matches(extra, known, n=3, cutoff=0.6)), path=epath)
        elif keyword == "enum" and role == "contributor":
            name = str(error.instance)
            suggestions = [registry.describe(c) for c in registry.suggest(name)]
            add("NCCT107", f"'{name}' is not a registered contributor" + _did_you_mean(suggestions))
        elif keyword == "enum" and role == "section":
            name = str(error.instance)
            add("NCCT111", f"'{name}' is not a section of the report" + _did_you_mean(get_close_matches(name, list(catalog.sections), n=3, cutoff=0.5)))
        elif keyword == "enum":
            allowed = ", ".join(str(v) for v in kind.options)
            add("NCCT112", f"{where(path)}: '{error.instance}' is not allowed; use one of: {allowed}.")
        elif keyword == "type" and list(kind.types) == COUNT_TYPES:
            value = error.instance
            if isinstance(value, float) or (isinstance(value, str) and NUMBERISH.match(value)):
                add("NCCT105", f"{where(path)}: '{value}' is not a whole number.")
            else:
                add("NCCT103", f"{where(path)}: expected a whole number, found {_describe(value)}.")
        elif keyword == "type":
            wanted = " or ".join(TYPE_WORDS.get(t, t) for t in kind.types)
            add("NCCT103", f"{where(path)}: expected {wanted}, found {_describe(error.instance)}.")
        elif keyword == "minimum" and role == "count":
            add("NCCT104", f"{where(path)}: {error.instance} is negative.")
        elif keyword in ("minimum", "maximum"):
            add("NCCT112", f"{where(path)}: {error.instance} is outside {YEAR_MIN}-{YEAR_MAX}.")
        elif keyword == "format":
            add("NCCT112", f"{where(path)}: '{error.instance}' is not a date written YYYY-MM-DD.")
        else:
            add("NCCT103", f"{where(path)}: {error.message}.")


def _did_you_mean(options: list[str]) -> str:
    if not options:
        return "."
    return "; did you mean " + " or ".join(f"'{o}'" for o in options) + "?"


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"'{str(value).lower()}' (true/false)"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 40 else "a text"
    return f"'{value}'"


# --- normalise ------------------------------------------------------------------------


def _count(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value if value >= 0 else None
    if isinstance(value, float) and value.is_integer() and value >= 0:
        return int(value)
    return None


def _values(block: Any, measures: list[str]) -> Values:
    if not isinstance(block, dict):
        return {}
    return {m: _count(block[m]) for m in measures if m in block}


def _normalise(doc: Document, path: Path, catalog: Catalog, findings: Findings) -> Submission:
    data = doc.data
    contributor = data.get("contributor") if isinstance(data.get("contributor"), str) else None
    year = data.get("year") if type(data.get("year")) is int else None
    submission = Submission(file=doc.file, path=path, doc=doc, contributor=contributor, year=year)
    figures_block = data.get("figures")
    for iid, block in (figures_block.items() if isinstance(figures_block, dict) else ()):
        ind = catalog.indicators.get(iid)
        if ind is None or not isinstance(block, dict):
            continue
        figures = Figures(iid)
        base = ("figures", iid)
        if ind.rows is None:
            figures.rows[None] = _values(block, ind.measures)
            _keep_note(figures, None, block)
            for m in figures.rows[None]:
                figures.lines[(None, m)] = doc.line_of(base + (m,))
        else:
            codelist = catalog.codelists[ind.rows]
            rows = block.get("rows")
            for key, values in (rows.items() if isinstance(rows, dict) else ()):
                code = codelist.resolve(key)
                if code is None:
                    continue  # reported by the schema check
                row_values = _values(values, ind.measures)
                row_path = base + ("rows", key)
                if code in figures.rows:
                    first = figures.lines.get((code, ""))
                    findings.add(
                        "NCCT203", doc.file, doc.line_of(row_path),
                        f"{iid}: the row '{key}' is {code} ({codelist.codes[code].label.en}), already given on line {first}; the two are added together.",
                        path=where(row_path),
                    )
                    merged = figures.rows[code]
                    for m, v in row_values.items():
                        merged[m] = v if merged.get(m) is None else merged[m] + (v or 0)
                else:
                    figures.rows[code] = row_values
                    figures.lines[(code, "")] = doc.line_of(row_path)
                _keep_note(figures, code, values)
                for m in row_values:
                    figures.lines.setdefault((code, m), doc.line_of(row_path + (m,)))
            if "total" in block:
                figures.total = _values(block["total"], ind.total_measures)
                figures.lines[("total", "")] = doc.line_of(base + ("total",))
        submission.figures[iid] = figures
    totals_block = data.get("declared_totals")
    for iid, block in (totals_block.items() if isinstance(totals_block, dict) else ()):
        ind = catalog.indicators.get(iid)
        if ind is not None:
            submission.declared_totals[iid] = _values(block, ind.total_measures)
    return submission


def _keep_note(figures: Figures, code: str | None, block: Any) -> None:
    note = block.get("note") if isinstance(block, dict) else None
    if isinstance(note, dict) and isinstance(note.get("en"), str):
        km = note.get("km") if isinstance(note.get("km"), str) else None
        figures.notes[code] = Label(en=note["en"], km=km, km_status="draft" if km and note.get("km_status") == "draft" else None)


# --- consistency ----------------------------------------------------------------------


def with_derived(values: Values, ind: Indicator) -> Values:
    """The row's values plus the indicator's derived sums (of the parts it gives)."""
    out = dict(values)
    for name, parts in ind.derived.items():
        given = [values[p] for p in parts if isinstance(values.get(p), int)]
        if name not in out and given:  # a part left out counts as 0 (HT or SE column)
            out[name] = sum(given)  # type: ignore[arg-type]
    return out


def column_sum(figures: Figures, measure: str, ind: Indicator) -> int | None:
    """The sum of a measure over the rows; None if no row gives it."""
    found = [with_derived(v, ind).get(measure) for v in figures.rows.values()]
    numbers = [v for v in found if isinstance(v, int)]
    return sum(numbers) if numbers else None


def _row_name(code: str | None, ind: Indicator, catalog: Catalog) -> str:
    if code is None:
        return ""
    if code == "total":
        return " (printed total)"
    label = catalog.codelists[ind.rows].codes[code].label.en if ind.rows else code
    return f", row {label}"


def _check_consistency(figures: Figures, ind: Indicator, submission: Submission, findings: Findings) -> None:
    catalog = load_catalog()
    rows: list[tuple[str | None, Values]] = list(figures.rows.items())
    if figures.total is not None:
        rows.append(("total", figures.total))
    for code, values in rows:
        full = with_derived(values, ind)
        for check in ind.checks:
            part, whole = full.get(check.part), full.get(check.whole)
            if isinstance(part, int) and isinstance(whole, int) and part > whole:
                line = figures.lines.get((code, check.part)) or figures.lines.get((code, "")) or figures.lines.get(("total", ""))
                findings.add(
                    "NCCT201", submission.file, line,
                    f"{ind.id}{_row_name(code, ind, catalog)}: {check.part} ({part:,}) is more than {check.whole} ({whole:,}).",
                    path=where(("figures", ind.id)),
                )
    if figures.total is None or not figures.rows:
        return  # a total alone (an earlier year quoted in a report) has nothing to add up
    for measure, declared in figures.total.items():
        if declared is None:
            continue
        computed = column_sum(figures, measure, ind)
        if computed == declared or (computed is None and declared == 0):  # blank cells add up to 0
            continue
        rows_say = "no row gives it" if computed is None else f"the rows add up to {computed:,}"
        findings.add(
            "NCCT202", submission.file, submission.doc.line_of(("figures", ind.id, "total", measure)),
            f"{ind.id}: the printed total of {measure} is {declared:,}, but {rows_say}.",
            path=where(("figures", ind.id, "total", measure)),
        )


def _check_year_folder(submission: Submission, findings: Findings) -> None:
    folder = submission.path.parent.name
    if submission.year is not None and re.fullmatch(r"\d{4}", folder) and int(folder) != submission.year:
        findings.add(
            "NCCT106", submission.file, submission.doc.line_of(("year",)),
            f"The file says year {submission.year} but is in the folder {folder}.", path="year",
        )


# --- across files ---------------------------------------------------------------------


def _check_across_files(submissions: list[Submission], catalog: Catalog, registry: Registry, findings: Findings) -> None:
    seen: dict[str, Submission] = {}
    # A file named after its contributor is "the" file; any other one is the duplicate.
    for sub in sorted(submissions, key=lambda s: s.path.stem != s.contributor):
        if sub.contributor is None or sub.contributor not in registry:
            continue
        line = sub.doc.line_of(("contributor",))
        stem = sub.path.stem
        if stem != sub.contributor:
            findings.add(
                "NCCT205", sub.file, line,
                f"The file is named '{sub.path.name}' but its contributor is {registry.describe(sub.contributor)}; expected '{sub.contributor}.yaml'.",
                path="contributor",
            )
        key = f"{sub.path.parent.resolve()}:{sub.contributor}"
        if key in seen:
            findings.add(
                "NCCT120", sub.file, line,
                f"{registry.describe(sub.contributor)} already has a file in this folder: {seen[key].file}.",
                path="contributor",
            )
        else:
            seen[key] = sub
    folders: dict[Path, list[Submission]] = {}
    for sub in submissions:
        if sub.in_folder is not None:
            folders.setdefault(sub.path.parent.resolve(), []).append(sub)
    for group in folders.values():
        _check_repeated_narrative(group, findings)
    for group in folders.values():
        for sub in group:
            for iid, declared in sub.declared_totals.items():
                ind = catalog.indicators[iid]
                for measure, value in declared.items():
                    if value is None:
                        continue
                    parts = [column_sum(s.figures[iid], measure, ind) for s in group if iid in s.figures]
                    numbers = [p for p in parts if p is not None]
                    computed = sum(numbers) if numbers else None
                    if computed != value and not (computed is None and value == 0):
                        says = "no file gives it" if computed is None else f"the {len(numbers)} files that give it add up to {computed:,}"
                        findings.add(
                            "NCCT204", sub.file, sub.doc.line_of(("declared_totals", iid, measure)),
                            f"{iid}: the printed total of {measure} is {value:,}, but {says}.",
                            path=where(("declared_totals", iid, measure)),
                        )


def _check_repeated_narrative(group: list[Submission], findings: Findings) -> None:
    first: dict[str, tuple[Submission, int]] = {}
    for sub in group:
        items = sub.doc.data.get("items")
        for index, item in enumerate(items if isinstance(items, list) else []):
            text = item.get("en") if isinstance(item, dict) else None
            if not isinstance(text, str) or len(text) < 40:
                continue  # short texts ("Attended the meeting.") may rightly repeat
            key = " ".join(text.split()).casefold()
            if key not in first:
                first[key] = (sub, index)
                continue
            other, other_index = first[key]
            if other is sub:
                continue
            findings.add(
                "NCCT206", sub.file, sub.doc.line_of(("items", index)),
                f"items > {index}: the same text is item {other_index} of {other.file} (line {other.doc.line_of(('items', other_index))}).",
                path=f"items > {index}",
            )


def _compare_with_previous_year(submissions: list[Submission], catalog: Catalog, registry: Registry, findings: Findings) -> None:
    by_folder: dict[Path, list[Submission]] = {}
    for sub in submissions:
        if sub.year is not None and sub.contributor:
            by_folder.setdefault(sub.path.parent.resolve(), []).append(sub)
    for folder, group in by_folder.items():
        year = group[0].year
        previous = previous_year_index(folder.parent / str(year - 1))  # type: ignore[operator]
        if not previous:
            continue
        for sub in group:
            for iid, figures in sub.figures.items():
                for code, values in figures.rows.items():
                    for measure, value in values.items():
                        before = previous.get((sub.contributor, iid, code, measure))
                        if value is None or before is None:
                            continue
                        low, high = sorted((value, before))
                        if high >= OUTLIER_MINIMUM and (low == 0 or high / low > OUTLIER_RATIO):
                            row = _row_name(code, catalog.indicators[iid], catalog)
                            findings.add(
                                "NCCT301", sub.file, figures.lines.get((code, measure)),
                                f"{iid}{row}: {measure} is {value:,}; last year it was {before:,}.",
                                path=where(("figures", iid)),
                            )


def read_submissions(folder: Path) -> list[Submission]:
    """The readable submissions of a folder, without reporting on them (earlier years)."""
    if not folder.is_dir():
        return []
    catalog, registry = load_catalog(), load_registry()
    quiet = Findings()
    out = []
    for path in sorted(folder.glob("*.y*ml")):
        if path.is_symlink():
            continue
        sub = check_file(path, str(path), catalog, registry, quiet)
        if sub is not None and sub.contributor is not None:
            out.append(sub)
    return out


def previous_year_index(folder: Path) -> dict[tuple, int]:
    """(contributor, indicator, row, measure) -> value, from an earlier year's folder."""
    index: dict[tuple, int] = {}
    for sub in read_submissions(folder):
        for iid, figures in sub.figures.items():
            for code, values in figures.rows.items():
                for measure, value in values.items():
                    if value is not None:
                        index[(sub.contributor, iid, code, measure)] = value
    return index
