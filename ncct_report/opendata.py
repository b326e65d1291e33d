"""Open data: the year's figures as tidy CSV files described by a Frictionless Data
Package, for partners who need the numbers rather than the pages.

- observations.csv: one row per figure a contributor submitted (exactly as submitted:
  no computed total, no derived sum), with its source file and line;
- printed_totals.csv: every printed total beside the sum computed from the figures;
- changes.csv: every year-over-year comparison the report prints;
- one CSV per report table, as the report shows it (its total where it has one);
- indicators.csv, measures.csv, contributors.csv: the code lists the others refer to;
- datapackage.json: every file with its Table Schema (types, descriptions, keys).

Every table file comes from the report model (aggregate.py), like the HTML and PDF.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any, Iterable

from .aggregate import Report, Table
from .catalog import Catalog
from .registry import Registry
from .submission import Submission
from .sums import TotalCheck, sum_checks

FOLDER = "data"
LICENSE_HELP = "Set in DATA/publication.yaml (licenses, sources, homepage): see the README."


def _csv(header: list[str], rows: Iterable[list[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode("utf-8")


def relative_source(file: str, data_dir: Path) -> str:
    """A source file as partners see it: relative to the data folder (2016/prov-02.yaml)."""
    path = Path(file)
    try:
        return path.resolve().relative_to(data_dir.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def table_file(table: Table) -> str:
    return f"table-{table.number:02d}-{table.indicator}.csv"


# --- the files ----------------------------------------------------------------------------


def observations(year: int, submissions: list[Submission], catalog: Catalog, registry: Registry, data_dir: Path) -> list[list[Any]]:
    """Every figure as submitted: year, section, indicator, row, measure, contributor, value, source."""
    rows = []
    for sub in sorted(submissions, key=lambda s: s.contributor or ""):
        for iid, figures in sorted(sub.figures.items()):
            ind = catalog.indicators[iid]
            codes = catalog.codelists[ind.rows].codes if ind.rows else {}
            for code, values in figures.rows.items():
                for measure in ind.measures:
                    value = values.get(measure)
                    if value is None:
                        continue
                    label = codes[code].label if code in codes else None
                    line = figures.lines.get((code, measure)) or figures.lines.get((code, ""))
                    rows.append([
                        year, ind.section, iid, ind.label.en, ind.label.km, code or "", label.en if label else "", (label.km or "") if label else "",
                        measure, catalog.measures[measure].label.en, catalog.measures[measure].label.km,
                        sub.contributor, registry[sub.contributor].name.en if sub.contributor in registry else "",
                        value, relative_source(sub.file, data_dir), line,
                    ])
    return rows


OBSERVATION_FIELDS = [
    ("year", "integer", "The year the figure is about."),
    ("section", "string", "The section of the report the table belongs to."),
    ("indicator", "string", "The indicator (table) id of the catalog."),
    ("indicator_en", "string", "The indicator's name in English."),
    ("indicator_km", "string", "The indicator's name in Khmer."),
    ("row", "string", "The row code (a province, a country, an article of the law, a month ...); empty for tables without rows."),
    ("row_en", "string", "The row's name in English."),
    ("row_km", "string", "The row's name in Khmer."),
    ("measure", "string", "The measure (column) id."),
    ("measure_en", "string", "The measure's name in English."),
    ("measure_km", "string", "The measure's name in Khmer."),
    ("contributor", "string", "The registry id of the body that submitted the figure."),
    ("contributor_en", "string", "The body's name in English."),
    ("value", "integer", "The figure, exactly as submitted."),
    ("source_file", "string", "The submission file, relative to the data folder."),
    ("source_line", "integer", "The line of the figure in that file."),
]


def printed_totals(report: Report, submissions: list[Submission], catalog: Catalog, data_dir: Path) -> list[list[Any]]:
    checks: list[tuple[str, TotalCheck]] = [(t.section, c) for t in report.tables() for c in t.printed_totals]
    checks += [("", c) for c in sum_checks(submissions, catalog)]
    return [
        [report.year, section, c.indicator, c.measure, c.scope, c.group or "", c.printed, c.computed, str(not c.differs).lower(),
         c.contributor, relative_source(c.file, data_dir), c.line]
        for section, c in checks
    ]


PRINTED_FIELDS = [
    ("year", "integer", "The year of the report."),
    ("section", "string", "The section of the table (empty for a total over several tables)."),
    ("indicator", "string", "The indicator id (several joined with ' + ' for a total over several tables)."),
    ("measure", "string", "The measure id."),
    ("scope", "string", "own: a contributor's own table; all: every contributor's figures; group: one kind of contributor; tables: several tables."),
    ("group", "string", "For scope group: the kind(s) of contributor."),
    ("printed", "integer", "The total as printed in the source."),
    ("computed", "integer", "The sum computed from the figures (empty: no figure gives it)."),
    ("agrees", "boolean", "Whether the printed and computed totals are the same."),
    ("contributor", "string", "Who printed the total."),
    ("source_file", "string", "The file of the printed total, relative to the data folder."),
    ("source_line", "integer", "Its line."),
]


def changes(report: Report) -> list[list[Any]]:
    out = []
    for table in report.tables():
        for c in table.changes:
            out.append([
                table.section, table.indicator, c.measure, c.year, c.value, c.previous_year, c.previous, c.difference,
                None if c.percent is None else round(c.percent, 2), c.contributors_compared, c.rows_compared, c.withheld or "",
            ])
    return out


CHANGE_FIELDS = [
    ("section", "string", "The section of the table."),
    ("indicator", "string", "The indicator id."),
    ("measure", "string", "The measure id."),
    ("year", "integer", "The year of the report."),
    ("value", "integer", "This year's figure, on the part given in both years."),
    ("previous_year", "integer", "The year compared with."),
    ("previous", "integer", "That year's figure, on the same part."),
    ("difference", "integer", "value - previous (empty where no change is given)."),
    ("percent", "number", "The difference as a percentage of previous, rounded to 2 decimals."),
    ("contributors_compared", "integer", "Set when only the contributors that gave the table in both years were compared: how many."),
    ("rows_compared", "integer", "Set when only the rows given in both years were compared: how many."),
    ("withheld", "string", "Why no change is given: contributors or rows (too little given in both years)."),
]


def table_rows(table: Table) -> list[list[Any]]:
    """The table as the report shows it: its rows, its total, its printed total."""
    out = []
    for row in table.rows:
        code = row.key.split("/", 1)[1] if table.grouped else ("" if row.contributor == row.key else row.key)
        out.append([code, row.label.en, row.label.km or "", row.contributor or "", "true" if row.no_report else "false",
                    *[row.cells[m].value for m in table.measures]])
    if len(table.rows) > 1 and table.total:
        out.append(["total", "Total", "សរុប", "", "false", *[table.total[m].value if m in table.total else None for m in table.measures]])
    if table.printed_row:
        out.append(["printed_total", "Total as printed in the source", "សរុបតាមការបោះពុម្ពក្នុងប្រភព", "", "false",
                    *[table.printed_row[m].printed if m in table.printed_row else None for m in table.measures]])
    return out


def table_fields(table: Table, catalog: Catalog) -> list[tuple[str, str, str]]:
    fields = [
        ("row", "string", "The row code; 'total' for the computed total, 'printed_total' for the total printed in the source."),
        ("row_en", "string", "The row's name in English."),
        ("row_km", "string", "The row's name in Khmer."),
        ("contributor", "string", "The contributor of the row, where the row is one contributor's."),
        ("no_report", "boolean", "True for an expected contributor that gave no figure (printed 'No report')."),
    ]
    for m in table.measures:
        spec = catalog.measures[m]
        definition = f" {spec.definition.en}" if spec.definition else ""
        fields.append((m, "integer", f"{spec.label.en} ({spec.label.km}).{definition}"))
    return fields


# --- the data package ---------------------------------------------------------------------


def _schema(fields: list[tuple[str, str, str]], **keys: Any) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [{"name": n, "type": t, "description": d} for n, t, d in fields]}
    schema.update({k: v for k, v in keys.items() if v})
    return schema


def _resource(name: str, path: str, title: str, fields, **keys) -> dict[str, Any]:
    return {
        "name": name, "path": path, "title": title, "profile": "tabular-data-resource",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": _schema(fields, **keys),
    }


def _foreign(field: str, resource: str, key: str = "id") -> dict[str, Any]:
    return {"fields": field, "reference": {"resource": resource, "fields": key}}


REFERENCE_FIELDS = {
    "indicators": [("id", "string", "Indicator id."), ("section", "string", "Section of the report."), ("label_en", "string", "Name in English."), ("label_km", "string", "Name in Khmer.")],
    "measures": [("id", "string", "Measure id."), ("label_en", "string", "Name in English."), ("label_km", "string", "Name in Khmer."), ("definition", "string", "What is counted.")],
    "contributors": [("id", "string", "Registry id."), ("kind", "string", "ministry, institution, province, ngo or secretariat."), ("name_en", "string", "Name in English."), ("name_km", "string", "Name in Khmer.")],
}


def publication_settings(data_dir: Path) -> dict[str, Any]:
    """Licences, sources and homepage for the data package, from DATA/publication.yaml."""
    from .errors import NcctError
    from .findings import Findings, Joined, message
    from .i18n import N_
    from .load import load_file

    path = data_dir / "publication.yaml"
    if not path.is_file():
        return {}
    findings = Findings()
    doc = load_file(path, str(path), findings)
    data = doc.data if doc is not None else None
    allowed = {"licenses", "sources", "homepage", "title"}
    if findings.errors or not isinstance(data, dict) or set(data) - allowed:
        problems = (Joined(tuple(f.text or f.message for f in findings.errors), "; ") if findings.errors
                    else message(N_("it may hold only %(keys)s"), keys=", ".join(sorted(allowed))))
        raise NcctError(message(N_("%(file)s cannot be used: %(problems)s."), file=path, problems=problems))
    return data


def files(year: int, report: Report, submissions: list[Submission], catalog: Catalog, registry: Registry, data_dir: Path, created: str) -> dict[str, bytes]:
    """Every open-data file of the year, by name under the data folder of the outputs."""
    out: dict[str, bytes] = {}
    resources = []
    used_indicators = sorted({i for s in submissions for i in s.figures} | {t.indicator for t in report.tables()})
    out["indicators.csv"] = _csv([f[0] for f in REFERENCE_FIELDS["indicators"]],
                                 [[i, catalog.indicators[i].section, catalog.indicators[i].label.en, catalog.indicators[i].label.km] for i in used_indicators])
    out["measures.csv"] = _csv([f[0] for f in REFERENCE_FIELDS["measures"]],
                               [[m, s.label.en, s.label.km, s.definition.en if s.definition else ""] for m, s in sorted(catalog.measures.items())])
    out["contributors.csv"] = _csv([f[0] for f in REFERENCE_FIELDS["contributors"]],
                                   [[c.id, c.kind, c.name.en, c.name.km] for c in registry.contributors.values()])
    for name in ("indicators", "measures", "contributors"):
        resources.append(_resource(name, f"{name}.csv", f"The {name} the other files refer to", REFERENCE_FIELDS[name], primaryKey=["id"]))
    out["observations.csv"] = _csv([f[0] for f in OBSERVATION_FIELDS], observations(year, submissions, catalog, registry, data_dir))
    resources.append(_resource(
        "observations", "observations.csv", f"Every figure submitted for {year}, as submitted (one row per figure)", OBSERVATION_FIELDS,
        primaryKey=["indicator", "row", "measure", "contributor"],
        foreignKeys=[_foreign("indicator", "indicators"), _foreign("measure", "measures"), _foreign("contributor", "contributors")],
    ))
    out["printed_totals.csv"] = _csv([f[0] for f in PRINTED_FIELDS], printed_totals(report, submissions, catalog, data_dir))
    resources.append(_resource("printed_totals", "printed_totals.csv", "Totals printed in the sources, beside the computed sums", PRINTED_FIELDS,
                               foreignKeys=[_foreign("contributor", "contributors")]))
    out["changes.csv"] = _csv([f[0] for f in CHANGE_FIELDS], changes(report))
    resources.append(_resource("changes", "changes.csv", "Year-over-year changes printed in the report", CHANGE_FIELDS,
                               foreignKeys=[_foreign("indicator", "indicators"), _foreign("measure", "measures")]))
    for table in report.tables():
        fields = table_fields(table, catalog)
        out[table_file(table)] = _csv([f[0] for f in fields], table_rows(table))
        resources.append(_resource(
            re.sub(r"[^a-z0-9_.-]", "-", f"table-{table.number:02d}-{table.indicator}"), table_file(table),
            f"Table {table.number}: {table.title.en} ({table.section})", fields,
        ))
    settings = publication_settings(data_dir)
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"ncct-report-{year}",
        "title": settings.get("title", f"Annual report on counter trafficking in persons {year}: figures"),
        "description": (
            "Figures of the annual report of the National Committee for Counter Trafficking (NCCT), Cambodia, "
            "compiled by ncct-report from the contributors' submissions. " + LICENSE_HELP
        ),
        "created": created,
        "resources": resources,
    }
    for key in ("licenses", "sources", "homepage"):
        if key in settings:
            package[key] = settings[key]
    out["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return {f"{FOLDER}/{name}": data for name, data in out.items()}


def years_files(readings: dict[int, list[Submission]], catalog: Catalog, registry: Registry, data_dir: Path, created: str) -> dict[str, bytes]:
    """observations.csv over several years (and the code lists), with its data package."""
    rows = [row for year, subs in sorted(readings.items()) for row in observations(year, subs, catalog, registry, data_dir)]
    used = sorted({i for subs in readings.values() for s in subs for i in s.figures})
    out = {
        "observations.csv": _csv([f[0] for f in OBSERVATION_FIELDS], rows),
        "indicators.csv": _csv([f[0] for f in REFERENCE_FIELDS["indicators"]],
                               [[i, catalog.indicators[i].section, catalog.indicators[i].label.en, catalog.indicators[i].label.km] for i in used]),
        "measures.csv": _csv([f[0] for f in REFERENCE_FIELDS["measures"]],
                             [[m, sp.label.en, sp.label.km, sp.definition.en if sp.definition else ""] for m, sp in sorted(catalog.measures.items())]),
        "contributors.csv": _csv([f[0] for f in REFERENCE_FIELDS["contributors"]], [[c.id, c.kind, c.name.en, c.name.km] for c in registry.contributors.values()]),
    }
    first, last = min(readings), max(readings)
    resources = [_resource(n, f"{n}.csv", f"The {n} the observations refer to", REFERENCE_FIELDS[n], primaryKey=["id"]) for n in ("indicators", "measures", "contributors")]
    resources.append(_resource(
        "observations", "observations.csv", f"Every figure submitted for {first}-{last}, as submitted (one row per figure)", OBSERVATION_FIELDS,
        primaryKey=["year", "indicator", "row", "measure", "contributor"],
        foreignKeys=[_foreign("indicator", "indicators"), _foreign("measure", "measures"), _foreign("contributor", "contributors")],
    ))
    settings = publication_settings(data_dir)
    package: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": f"ncct-observations-{first}-{last}",
        "title": settings.get("title", f"Counter trafficking figures of Cambodia's NCCT annual reports, {first}-{last}"),
        "description": "Every figure the contributors submitted, year by year, compiled by ncct-report. " + LICENSE_HELP,
        "created": created,
        "resources": resources,
    }
    for key in ("licenses", "sources", "homepage"):
        if key in settings:
            package[key] = settings[key]
    out["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return out
