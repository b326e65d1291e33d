"""Aggregate a year's submissions into the report model: sections, blocks and cells.

Every total, difference and percentage of the report is computed here, once; every
cell keeps its sources (file and line). The model is plain dataclasses, written as
JSON by the build and rendered by the templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, Indicator
from .findings import Finding
from .labels import Label
from .registry import KIND_LABELS, Registry
from .validate import Submission, column_sum, with_derived


@dataclass
class Source:
    contributor: str
    file: str
    line: int | None


@dataclass
class Cell:
    value: int | None
    sources: list[Source] = field(default_factory=list)


@dataclass
class Row:
    key: str
    label: Label
    cells: dict[str, Cell]
    contributor: str | None = None
    group: Label | None = None  # the contributor, in tables with rows per contributor
    note: Label | None = None
    no_report: bool = False


@dataclass
class TotalCheck:
    """A printed (declared) total set against the sum computed from the rows."""

    measure: str
    printed: int
    computed: int | None
    contributor: str
    file: str
    line: int | None

    @property
    def differs(self) -> bool:
        return self.printed != (self.computed or 0)  # blank cells add up to 0


@dataclass
class Change:
    """One measure's year-over-year change."""

    measure: str
    year: int
    value: int | None
    previous_year: int
    previous: int | None
    rows_compared: int | None = None  # set when only the rows given in both years were compared

    @property
    def difference(self) -> int | None:
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def percent(self) -> float | None:
        if self.difference is None or not self.previous:
            return None
        return 100.0 * self.difference / self.previous


@dataclass
class Bar:
    series: int
    value: int | None
    size: float  # share of the chart's largest value, 0-100


@dataclass
class BarGroup:
    label: Label
    bars: list[Bar]


@dataclass
class Chart:
    """Bars drawn in HTML (WeasyPrint cannot shape Khmer inside SVG text)."""

    kind: str
    title: Label
    series: list[str]  # series names: years, or measure ids for "bars"
    groups: list[BarGroup]
    number: int = 0


@dataclass
class Table:
    kind = "table"
    indicator: str
    number: int
    title: Label
    section: str
    measures: list[str]
    rows: list[Row]
    total: dict[str, Cell]
    note: Label | None = None
    row_label: Label | None = None
    grouped: bool = False
    printed_totals: list[TotalCheck] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)  # [{year, values, rows_compared}], oldest first
    expected: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    chart: Chart | None = None


@dataclass
class Item:
    contributor: str
    en: str
    km: str | None
    km_status: str | None
    source: Source
    by: str | None = None


@dataclass
class Section:
    id: str
    title: Label
    level: int
    tables: list[Table] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    children: list["Section"] = field(default_factory=list)

    @property
    def has_content(self) -> bool:
        return bool(self.tables or self.items) or any(c.has_content for c in self.children)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class QualityEntry:
    code: str
    contributor: str | None
    file: str
    line: int | None
    message: str


@dataclass
class Completeness:
    expected: list[str]
    received: list[str]
    missing: list[str]
    by_kind: dict[str, dict[str, int]]


@dataclass
class Report:
    year: int
    sections: list[Section]
    quality: list[QualityEntry]
    completeness: Completeness
    contributors: dict[str, dict[str, Any]]
    measures: dict[str, Label]
    km_drafts: int
    previous_years: list[int]
    draft: bool = False  # some expected contributors have not reported yet

    def tables(self) -> list[Table]:
        return [t for s in self.sections for sub in s.walk() for t in sub.tables]


# --- sections -------------------------------------------------------------------------


def _parent(section_id: str, known: dict[str, Label]) -> str | None:
    if section_id in ("A", "B", "C", "D"):
        return "II"
    for separator in (".",):
        if separator in section_id:
            head = section_id.rsplit(separator, 1)[0]
            if head in known:
                return head
    return None


def _section_tree(catalog: Catalog) -> tuple[list[Section], dict[str, Section]]:
    nodes = {sid: Section(sid, title, 0) for sid, title in catalog.sections.items()}
    roots: list[Section] = []
    for sid, node in nodes.items():
        parent = _parent(sid, catalog.sections)
        if parent:
            nodes[parent].children.append(node)
        else:
            roots.append(node)

    def depth(section: Section, level: int) -> None:
        section.level = level
        section.children.sort(key=lambda s: _section_order(s.id))
        for child in section.children:
            depth(child, level + 1)

    for root in roots:
        depth(root, 1)
    return roots, nodes


def _section_order(sid: str) -> list:
    """Sort key: numbers numerically, letters alphabetically (B.8.3 < B.10)."""
    return [int(p) if p.isdigit() else p for p in re.split(r"[.\-]", sid)]


# --- tables ---------------------------------------------------------------------------


def _expected(ind: Indicator, registry: Registry) -> list[str]:
    if not ind.expect_all:
        return []
    out = []
    for contributor in registry.contributors.values():
        if contributor.id in ind.reporters or contributor.kind in ind.reporters:
            out.append(contributor.id)
    return out


def _source(sub: Submission, figures, code, measure) -> Source:
    line = figures.lines.get((code, measure)) or figures.lines.get((code, ""))
    return Source(sub.contributor or "", sub.file, line)


def _cells(values: dict[str, int | None], ind: Indicator, source) -> dict[str, Cell]:
    full = with_derived(values, ind)
    return {m: Cell(full.get(m), [source(m)] if full.get(m) is not None else []) for m in ind.measures}


def build_table(ind: Indicator, number: int, submissions: list[Submission], catalog: Catalog, registry: Registry) -> Table | None:
    reporting = [s for s in submissions if ind.id in s.figures]
    expected = _expected(ind, registry)
    if not reporting and not expected:
        return None
    codelist = catalog.codelists.get(ind.rows) if ind.rows else None
    rows: list[Row] = []
    grouped = False
    if codelist is None:
        by_contributor = {s.contributor: s for s in reporting}
        order = [c for c in registry.contributors if c in by_contributor or c in expected]
        for cid in order:
            contributor = registry.contributors[cid]
            sub = by_contributor.get(cid)
            if sub is None:
                rows.append(Row(cid, contributor.name, {m: Cell(None) for m in ind.measures}, cid, no_report=True))
                continue
            figures = sub.figures[ind.id]
            values = figures.rows.get(None, {})
            rows.append(Row(cid, contributor.name, _cells(values, ind, lambda m, s=sub, f=figures: _source(s, f, None, m)), cid, note=figures.notes.get(None)))
    elif ind.combine == "sum_by_key":
        totals: dict[str, dict[str, Cell]] = {}
        for code in codelist.codes:
            for sub in reporting:
                figures = sub.figures[ind.id]
                if code not in figures.rows:
                    continue
                cells = totals.setdefault(code, {m: Cell(None) for m in ind.measures})
                full = with_derived(figures.rows[code], ind)
                for m in ind.measures:
                    value = full.get(m)
                    if value is None:
                        continue
                    cell = cells[m]
                    cell.value = value if cell.value is None else cell.value + value
                    cell.sources.append(_source(sub, figures, code, m))
        for code, cells in totals.items():
            note = next((s.figures[ind.id].notes[code] for s in reporting if code in s.figures[ind.id].notes), None)
            rows.append(Row(code, codelist.codes[code].label, cells, note=note or codelist.codes[code].note))
        if len(reporting) == 1:
            rows[:] = [Row(r.key, r.label, r.cells, reporting[0].contributor, note=r.note) for r in rows]
    else:  # per contributor, with rows: one group of rows per contributor
        grouped = True
        for cid in registry.contributors:
            sub = next((s for s in reporting if s.contributor == cid), None)
            if sub is None:
                continue
            figures = sub.figures[ind.id]
            for code in codelist.codes:
                if code in figures.rows:
                    cells = _cells(figures.rows[code], ind, lambda m, s=sub, f=figures, c=code: _source(s, f, c, m))
                    rows.append(Row(f"{cid}/{code}", codelist.codes[code].label, cells, cid, group=registry[cid].name, note=figures.notes.get(code)))
    total = {}
    for m in ind.measures:
        numbers = [r.cells[m].value for r in rows if r.cells[m].value is not None]
        sources = [src for r in rows for src in r.cells[m].sources]
        total[m] = Cell(sum(numbers) if numbers else None, sources)
    table = Table(
        indicator=ind.id, number=number, title=ind.label, section=ind.section, measures=list(ind.measures),
        rows=rows, total=total, note=ind.note, row_label=codelist.label if codelist else None, grouped=grouped,
        expected=expected, missing=[c for c in expected if c not in {s.contributor for s in reporting}],
    )
    table.printed_totals = _printed_totals(ind, reporting, submissions)
    return table


def _printed_totals(ind: Indicator, reporting: list[Submission], submissions: list[Submission]) -> list[TotalCheck]:
    checks: list[TotalCheck] = []
    for sub in reporting:
        figures = sub.figures[ind.id]
        for measure, printed in (figures.total or {}).items():
            if printed is None:
                continue
            line = sub.doc.line_of(("figures", ind.id, "total", measure))
            checks.append(TotalCheck(measure, printed, column_sum(figures, measure, ind), sub.contributor or "", sub.file, line))
    for sub in submissions:
        for measure, printed in sub.declared_totals.get(ind.id, {}).items():
            if printed is None:
                continue
            parts = [column_sum(s.figures[ind.id], measure, ind) for s in reporting]
            numbers = [p for p in parts if p is not None]
            line = sub.doc.line_of(("declared_totals", ind.id, measure))
            checks.append(TotalCheck(measure, printed, sum(numbers) if numbers else None, sub.contributor or "", sub.file, line))
    return checks


# --- year over year -------------------------------------------------------------------


def indicator_totals(ind: Indicator, submissions: list[Submission]) -> dict[str, int]:
    """The national total of each measure (and derived sum) over all contributors."""
    out: dict[str, int] = {}
    for measure in ind.total_measures:
        numbers = []
        for sub in submissions:
            figures = sub.figures.get(ind.id)
            if figures is None:
                continue
            # Where only a printed total exists (earlier years quoted in a report), use it.
            numbers.append(column_sum(figures, measure, ind) if figures.rows else (figures.total or {}).get(measure))
        numbers = [n for n in numbers if n is not None]
        if numbers:
            out[measure] = sum(numbers)
    return out


def comparable_totals(ind: Indicator, by_year: dict[int, list[Submission]]) -> tuple[dict[int, dict[str, int]], dict[str, int]]:
    """National totals per year, made comparable: where every year gives rows, each
    measure is summed over the rows that all years give (a month missing in one year
    is left out of every year). Returns the totals and, per measure, how many rows
    were compared when some had to be left out."""
    plain = {y: indicator_totals(ind, subs) for y, subs in by_year.items()}
    if not ind.rows or any(not any(s.figures.get(ind.id) and s.figures[ind.id].rows for s in subs) for subs in by_year.values()):
        return plain, {}
    rows = {y: row_totals(ind, subs) for y, subs in by_year.items()}
    out: dict[int, dict[str, int]] = {y: {} for y in by_year}
    restricted: dict[str, int] = {}
    for measure in ind.total_measures:
        having = [{code for code, values in rows[y].items() if measure in values} for y in by_year]
        common = set.intersection(*having) if having else set()
        if not common:
            continue
        if any(h != common for h in having):
            restricted[measure] = len(common)
        for y in by_year:
            out[y][measure] = sum(rows[y][code][measure] for code in common)
    return out, restricted


def _changes(table: Table, ind: Indicator, year: int, current: list[Submission], earlier: dict[int, list[Submission]]) -> None:
    years = {y: subs for y, subs in earlier.items() if indicator_totals(ind, subs)}
    if years:
        totals, restricted = comparable_totals(ind, {**years, year: current})
        table.history = [{"year": y, "values": totals[y], "rows_compared": restricted} for y in sorted(totals)]
    if year - 1 not in years:
        return  # the indicator was not reported the year before: nothing to compare
    totals, restricted = comparable_totals(ind, {year - 1: years[year - 1], year: current})
    now, before = totals[year], totals[year - 1]
    for measure in ind.measures:
        if measure in now or measure in before:
            table.changes.append(Change(measure, year, now.get(measure), year - 1, before.get(measure), restricted.get(measure)))


# --- charts -----------------------------------------------------------------------------


def row_totals(ind: Indicator, submissions: list[Submission]) -> dict[str, dict[str, int]]:
    """Per row code, each measure summed over the contributors."""
    out: dict[str, dict[str, int]] = {}
    for sub in submissions:
        figures = sub.figures.get(ind.id)
        for code, values in (figures.rows.items() if figures else ()):
            if code is None:
                continue
            for measure, value in with_derived(values, ind).items():
                if value is not None:
                    out.setdefault(code, {})[measure] = out.get(code, {}).get(measure, 0) + value
    return out


def _scaled(groups: list[tuple[Label, list[int | None]]]) -> list[BarGroup]:
    largest = max((v for _, values in groups for v in values if v), default=0)
    return [
        BarGroup(label, [Bar(i, v, round(100.0 * v / largest, 2) if largest and v else 0.0) for i, v in enumerate(values)])
        for label, values in groups
    ]


def build_chart(ind: Indicator, table: Table, catalog: Catalog, year: int, current: list[Submission], earlier: dict[int, list[Submission]]) -> Chart | None:
    spec = ind.chart
    if spec is None:
        return None
    title = spec.title or ind.label
    codelist = catalog.codelists.get(ind.rows or "")
    if spec.kind == "bars" and codelist:
        measure = spec.measures[0]
        totals = row_totals(ind, current)
        ranked = sorted(((codelist.codes[c].label, v.get(measure)) for c, v in totals.items() if v.get(measure)), key=lambda x: -(x[1] or 0))
        return Chart("bars", title, [measure], _scaled([(label, [value]) for label, value in ranked]))
    years = [*sorted(earlier), year]
    by_year = {y: earlier.get(y, current if y == year else []) for y in years}
    if spec.kind == "years":
        totals = {y: indicator_totals(ind, subs) for y, subs in by_year.items()}
        years = [y for y in years if totals[y]]
        if len(years) < 2:
            return None
        groups = [(catalog.measures[m].label, [totals[y].get(m) for y in years]) for m in spec.measures]
        return Chart("years", title, [str(y) for y in years], _scaled(groups))
    if spec.kind == "rows_by_year" and codelist:
        measure = spec.measures[0]
        per_year = {y: row_totals(ind, subs) for y, subs in by_year.items()}
        years = [y for y in years if per_year[y]]
        groups = [
            (code.label, [per_year[y].get(code.id, {}).get(measure) for y in years])
            for code in codelist.codes.values()
            if any(per_year[y].get(code.id) for y in years)
        ]
        return Chart("rows_by_year", title, [str(y) for y in years], _scaled(groups))
    return None


# --- the report -----------------------------------------------------------------------


def aggregate(
    year: int,
    submissions: list[Submission],
    earlier: dict[int, list[Submission]],
    warnings: list[Finding],
    catalog: Catalog,
    registry: Registry,
    expected: list[str] | None = None,
) -> Report:
    roots, nodes = _section_tree(catalog)
    order = list(registry.contributors)
    submissions = sorted(submissions, key=lambda s: order.index(s.contributor) if s.contributor in order else len(order))
    number = figures = 0
    for section in [n for root in roots for n in root.walk()]:
        for ind in catalog.indicators.values():
            if ind.section != section.id:
                continue
            table = build_table(ind, number + 1, submissions, catalog, registry)
            if table is None:
                continue
            number += 1
            _changes(table, ind, year, submissions, earlier)
            table.chart = build_chart(ind, table, catalog, year, submissions, earlier)
            if table.chart:
                figures += 1
                table.chart.number = figures
            section.tables.append(table)
    km_drafts = 0
    for sub in submissions:
        for index, item in enumerate(sub.doc.data.get("items") or []):
            if not isinstance(item, dict) or item.get("section") not in nodes or not isinstance(item.get("en"), str):
                continue
            km = item.get("km") if isinstance(item.get("km"), str) else None
            status = item.get("km_status") if km else None
            km_drafts += status == "draft"
            nodes[item["section"]].items.append(
                Item(sub.contributor or "", item["en"], km, status, Source(sub.contributor or "", sub.file, sub.doc.line_of(("items", index))), item.get("by") if isinstance(item.get("by"), str) else None)
            )
    received = [s.contributor for s in submissions if s.contributor]
    if expected is None:
        expected = [c for c in order if c in received]
    missing = [c for c in expected if c not in received]
    by_kind: dict[str, dict[str, int]] = {}
    for kind in KIND_LABELS:
        of_kind = [c for c in expected if registry[c].kind == kind]
        by_kind[kind] = {"expected": len(of_kind), "received": sum(c in received for c in of_kind)}
    contributor_of = {s.file: s.contributor for s in submissions}
    quality = [
        QualityEntry(f.code, contributor_of.get(f.file), f.file, f.line, f.message)
        for f in sorted(warnings, key=Finding.sort_key)
    ]
    return Report(
        year=year,
        sections=roots,
        quality=quality,
        completeness=Completeness(expected, received, missing, by_kind),
        contributors={c.id: {"kind": c.kind, "name": c.name} for c in registry.contributors.values()},
        measures={mid: m.label for mid, m in catalog.measures.items()},
        km_drafts=km_drafts,
        previous_years=sorted(earlier),
    )


# --- JSON -----------------------------------------------------------------------------


def report_json(report: Report) -> dict[str, Any]:
    """The report model as plain JSON values (open data), computed figures included."""
    return {"format": "ncct-report/1", **_jsonable(report)}


def _jsonable(value: Any) -> Any:
    from dataclasses import fields, is_dataclass

    from pydantic import BaseModel

    if isinstance(value, BaseModel):
        return value.model_dump(exclude_none=True)
    if is_dataclass(value):
        out = {f.name: _jsonable(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, Change):
            out.update(difference=value.difference, percent=None if value.percent is None else round(value.percent, 2))
        if isinstance(value, TotalCheck):
            out["differs"] = value.differs
        if isinstance(value, (Table, Section)):
            out = {"kind": "table" if isinstance(value, Table) else "section", **out}
        return out
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
