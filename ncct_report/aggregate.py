"""Aggregate a year's submissions into the report model: sections, blocks and cells.

Every total, difference and percentage of the report is computed here, once; every
cell keeps its sources (file and line). Totals appear only where the catalog says the
rows add up; year-over-year changes compare like with like (the same contributors and
the same rows in both years) and are withheld, with the reason, where too little of
the two years overlaps. The model is plain dataclasses, written as JSON by the build
and rendered by the templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .catalog import Catalog, Indicator
from .completeness import Status, TableStatus, counts_by_kind
from .findings import Finding
from .labels import Label
from .registry import Registry
from .submission import Figures, NotReproduced, Submission
from .sums import TotalCheck, declared_total_checks, file_value, own_total_checks, subtotal_checks, with_derived

MIN_OVERLAP = 0.5  # compare two years only where the part given in both is at least half of each


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
class Change:
    """One measure's year-over-year change, on the part given in both years.

    `value` and `previous` are the compared figures. When the comparison had to leave
    out contributors or rows, `contributors_compared` / `rows_compared` say how many
    were kept; when too little overlaps, `withheld` says why and no change is given."""

    measure: str
    year: int
    value: int | None
    previous_year: int
    previous: int | None
    rows_compared: int | None = None
    contributors_compared: int | None = None
    contributors_kind: str | None = None  # all compared contributors are of this kind
    withheld: str | None = None  # "contributors" or "rows": too little in both years
    overlap: int = 0  # for a withheld change: how many were given in both years ...
    of: int = 0  # ... of how many (the larger year)

    @property
    def difference(self) -> int | None:
        if self.withheld or self.value is None or self.previous is None:
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
    total: dict[str, Cell]  # only the measures whose rows add up
    note: Label | None = None
    row_label: Label | None = None
    grouped: bool = False
    printed_totals: list[TotalCheck] = field(default_factory=list)
    printed_row: dict[str, TotalCheck] = field(default_factory=dict)  # the table's one printed total, by measure
    changes: list[Change] = field(default_factory=list)
    not_compared: list[str] = field(default_factory=list)  # measures with no figure the year before
    history: list[dict[str, Any]] = field(default_factory=list)  # [{year, values}], oldest first
    history_note: dict[str, int] = field(default_factory=dict)  # {"contributors": n, "rows": n} when restricted
    history_rows: list[dict[str, Any]] = field(default_factory=list)  # [{code, label, values: {year: {measure: v}}}]
    history_years: list[int] = field(default_factory=list)  # the years of history_rows, oldest first
    history_measures: list[str] = field(default_factory=list)  # the measures given in two years or more
    expected: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    nothing_to_report: list[str] = field(default_factory=list)
    excused: dict[str, Label] = field(default_factory=dict)
    chart: Chart | None = None


@dataclass
class Item:
    contributor: str
    en: str
    km: str | None
    km_status: str | None
    source: Source
    by: Label | None = None  # the body credited, when not the file's contributor
    with_: list[str] = field(default_factory=list)  # other contributors the sentence names


@dataclass
class ItemGroup:
    """A section's narrative by one body, under its name, as the report prints lists."""

    body: Label
    contributor: str  # the file the items come from
    items: list[Item] = field(default_factory=list)


@dataclass
class Section:
    id: str
    title: Label
    level: int
    tables: list[Table] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # in the order of `groups`
    children: list["Section"] = field(default_factory=list)
    groups: list[ItemGroup] = field(default_factory=list)

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
    review: Label | None = None  # checked by a reviewer, with the reason


@dataclass
class Completeness:
    expected: list[str]
    received: list[str]  # expected contributors who reported
    missing: list[str]
    by_kind: dict[str, dict[str, int]]
    also_received: list[str] = field(default_factory=list)  # reported without being expected
    excused: dict[str, Label] = field(default_factory=dict)


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
    not_reproduced: list[NotReproduced] = field(default_factory=list)  # parts of a source left out, and why

    def tables(self) -> list[Table]:
        return [t for s in self.sections for sub in s.walk() for t in sub.tables]


# --- sections -------------------------------------------------------------------------


def _parent(section_id: str, known: dict[str, Label]) -> str | None:
    if section_id in ("A", "B", "C", "D") and "II" in known:
        return "II"
    if "." in section_id:
        head = section_id.rsplit(".", 1)[0]
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


def _source(sub: Submission, figures: Figures, code: str | None, measure: str) -> Source:
    line = figures.lines.get((code, measure)) or figures.lines.get((code, ""))
    return Source(sub.contributor or "", sub.file, line)


def _cells(values: dict[str, int | None], ind: Indicator, source) -> dict[str, Cell]:
    full = with_derived(values, ind)
    return {m: Cell(full.get(m), [source(m)] if full.get(m) is not None else []) for m in ind.measures}


def build_table(
    ind: Indicator,
    number: int,
    submissions: list[Submission],
    catalog: Catalog,
    registry: Registry,
    status: TableStatus | None = None,
) -> Table | None:
    """The table of `ind`: the rows its contributors gave, the total where rows add up."""
    reporting = [s for s in submissions if s.gives(ind.id)]
    expected = status.expected if status else []
    if not reporting and not expected:
        return None
    codelist = catalog.codelists.get(ind.rows) if ind.rows else None
    rows: list[Row] = []
    grouped = False
    if codelist is None:
        by_contributor = {s.contributor: s for s in reporting}
        for cid in registry.contributors:
            if cid not in by_contributor and cid not in expected:
                continue
            contributor = registry.contributors[cid]
            sub = by_contributor.get(cid)
            if sub is None:
                rows.append(Row(cid, contributor.name, {m: Cell(None) for m in ind.measures}, cid, no_report=True))
                continue
            figures = sub.figures[ind.id]
            cells = _cells(figures.rows.get(None, {}), ind, lambda m, s=sub, f=figures: _source(s, f, None, m))
            rows.append(Row(cid, contributor.name, cells, cid, note=figures.notes.get(None)))
    elif ind.combine == "sum_by_key":
        combined: dict[str, dict[str, Cell]] = {}
        for code in codelist.codes:
            for sub in reporting:
                figures = sub.figures[ind.id]
                if code not in figures.rows:
                    continue
                cells = combined.setdefault(code, {m: Cell(None) for m in ind.measures})
                full = with_derived(figures.rows[code], ind)
                for m in ind.measures:
                    value = full.get(m)
                    if value is None:
                        continue
                    cell = cells[m]
                    cell.value = value if cell.value is None else cell.value + value
                    cell.sources.append(_source(sub, figures, code, m))
        single = reporting[0].contributor if len(reporting) == 1 else None
        for code, cells in combined.items():
            note = next((s.figures[ind.id].notes[code] for s in reporting if code in s.figures[ind.id].notes), None)
            rows.append(Row(code, codelist.codes[code].label, cells, single, note=note or codelist.codes[code].note))
    else:  # per contributor, with rows: one group of rows per contributor
        grouped = True
        by_contributor = {s.contributor: s for s in reporting}
        for cid in registry.contributors:
            sub = by_contributor.get(cid)
            if sub is None:
                continue
            figures = sub.figures[ind.id]
            for code in codelist.codes:
                if code in figures.rows:
                    cells = _cells(figures.rows[code], ind, lambda m, s=sub, f=figures, c=code: _source(s, f, c, m))
                    rows.append(Row(f"{cid}/{code}", codelist.codes[code].label, cells, cid, group=registry[cid].name, note=figures.notes.get(code)))
    total = {}
    for m in ind.measures:
        if m not in ind.adds_up:
            continue  # e.g. people entering and leaving a centre: their sum means nothing
        numbers = [r.cells[m].value for r in rows if r.cells[m].value is not None]
        sources = [src for r in rows for src in r.cells[m].sources]
        total[m] = Cell(sum(numbers) if numbers else None, sources)
    table = Table(
        indicator=ind.id, number=number, title=ind.label, section=ind.section, measures=list(ind.measures),
        rows=rows, total=total, note=ind.note, row_label=codelist.label if codelist else None, grouped=grouped,
        expected=expected,
        missing=status.missing if status else [],
        nothing_to_report=status.nothing_to_report if status else [],
        excused=dict(status.excused) if status else {},
    )
    table.printed_totals = printed_totals(ind, submissions, registry)
    whole_table = [c for c in table.printed_totals if c.scope == "all" or (c.scope == "own" and len(reporting) == 1)]
    for measure in ind.measures:
        found = [c for c in whole_table if c.measure == measure]
        if len(found) == 1:  # printed once for the whole table: shown in it, beside the computed total
            table.printed_row[measure] = found[0]
    return table


def printed_totals(ind: Indicator, submissions: list[Submission], registry: Registry) -> list[TotalCheck]:
    """Every printed total of the table: the contributors' own, the whole table's and
    its groups' (the same checks the validator reports)."""
    checks = [c for s in submissions if s.gives(ind.id) for c in own_total_checks(s, ind)]
    return checks + declared_total_checks(ind, submissions) + subtotal_checks(ind, submissions, registry)


# --- year over year -------------------------------------------------------------------


@dataclass
class Comparison:
    """The figures of several years over the part of a table given in all of them."""

    years: list[int]
    values: dict[int, dict[str, int]]  # year -> measure -> compared figure
    contributors: list[str]  # given in every year
    contributors_restricted: bool  # some contributor of some year was left out
    rows: dict[str, int]  # measure -> rows compared, where some rows were left out
    withheld: dict[str, tuple[str, int, int]]  # measure -> (why, overlap, of)


def _reporters(ind: Indicator, subs: list[Submission]) -> dict[str, Submission]:
    return {s.contributor: s for s in subs if s.contributor and s.gives(ind.id)}


def compare(ind: Indicator, by_year: dict[int, list[Submission]]) -> Comparison | None:
    """Compare the years like for like: the contributors that gave the table in every
    year, and, where every year gives rows, the rows given in every year. Measures
    whose rows do not add up are not compared. None if no contributor is in all years."""
    years = sorted(by_year)
    reporters = {y: _reporters(ind, by_year[y]) for y in years}
    common = [c for c in reporters[years[-1]] if all(c in reporters[y] for y in years)]
    if not common:
        return None
    largest = max(len(r) for r in reporters.values())
    restricted = any(len(r) != len(common) for r in reporters.values())
    comparison = Comparison(years, {y: {} for y in years}, common, restricted, {}, {})
    too_few = len(common) < MIN_OVERLAP * largest
    for measure in ind.total_measures:
        if measure not in ind.adds_up:
            continue
        if too_few:
            comparison.withheld[measure] = ("contributors", len(common), largest)
            continue
        subs = {y: [reporters[y][c] for c in common] for y in years}
        if ind.rows and all(all(s.figures[ind.id].rows for s in subs[y]) for y in years):
            _compare_rows(ind, measure, subs, comparison)
        else:
            for y in years:
                values = [file_value(s.figures[ind.id], measure, ind) for s in subs[y]]
                numbers = [v for v in values if v is not None]
                if numbers:
                    comparison.values[y][measure] = sum(numbers)
    return comparison


def _compare_rows(ind: Indicator, measure: str, subs: dict[int, list[Submission]], comparison: Comparison) -> None:
    """One measure over the rows given in every year (a month missing in one year is
    left out of all of them)."""
    per_year = {y: row_totals(ind, s) for y, s in subs.items()}
    having = [{code for code, values in per_year[y].items() if measure in values} for y in subs]
    common = set.intersection(*having)
    if not common:
        return
    largest = max(len(h) for h in having)
    if len(common) < MIN_OVERLAP * largest:
        comparison.withheld[measure] = ("rows", len(common), largest)
        return
    if any(h != common for h in having):
        comparison.rows[measure] = len(common)
    for y in subs:
        comparison.values[y][measure] = sum(per_year[y][code][measure] for code in common)


def _common_kind(contributors: list[str], registry: Registry) -> str | None:
    kinds = {registry[c].kind for c in contributors if c in registry}
    return kinds.pop() if len(kinds) == 1 else None


def changes(ind: Indicator, year: int, current: list[Submission], previous: list[Submission], registry: Registry) -> tuple[list[Change], list[str]]:
    """This year against the year before, measure by measure, like for like; and the
    measures given this year but not the year before (nothing to compare them with)."""
    comparison = compare(ind, {year - 1: previous, year: current})
    if comparison is None:
        return [], []
    out, not_compared = [], []
    contributors = len(comparison.contributors) if comparison.contributors_restricted else None
    kind = _common_kind(comparison.contributors, registry)
    for measure in ind.measures:
        if measure in comparison.withheld:
            why, overlap, of = comparison.withheld[measure]
            out.append(Change(measure, year, None, year - 1, None, withheld=why, overlap=overlap, of=of, contributors_kind=kind))
            continue
        now, before = comparison.values[year].get(measure), comparison.values[year - 1].get(measure)
        if before is None:
            if now is not None:
                not_compared.append(measure)
            continue
        out.append(Change(measure, year, now, year - 1, before, comparison.rows.get(measure), contributors, kind))
    return out, not_compared


def history(ind: Indicator, year: int, current: list[Submission], earlier: dict[int, list[Submission]]) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """The table's figures over every year available, like for like; empty unless at
    least two years can be compared."""
    years = {y: subs for y, subs in earlier.items() if _reporters(ind, subs)}
    if not years:
        return [], {}
    comparison = compare(ind, {**years, year: current})
    if comparison is None:
        return [], {}
    values = {y: {m: v for m, v in comparison.values[y].items() if m not in comparison.withheld} for y in comparison.years}
    if sum(bool(v) for v in values.values()) < 2:
        return [], {}
    note = {}
    if comparison.contributors_restricted:
        note["contributors"] = len(comparison.contributors)
    if comparison.rows:
        note["rows"] = max(comparison.rows.values())
    return [{"year": y, "values": values[y]} for y in comparison.years], note


def history_by_row(ind: Indicator, catalog: Catalog, year: int, current: list[Submission], earlier: dict[int, list[Submission]]) -> tuple[list[int], list[str], list[dict[str, Any]]]:
    """Each row's figures in every year that gives rows, for the contributors found in
    all of them: the figures a year-by-year table of the source prints (months by
    year). Empty unless two years give rows."""
    if not ind.rows:
        return [], [], []
    by_year = {y: subs for y, subs in earlier.items() if _reporters(ind, subs)}
    by_year[year] = current
    comparison = compare(ind, by_year)
    if comparison is None:
        return [], [], []
    kept = {y: [s for s in subs if s.contributor in comparison.contributors] for y, subs in by_year.items()}
    per_year = {y: row_totals(ind, subs) for y, subs in kept.items()}
    years = [y for y in sorted(per_year) if per_year[y]]
    if len(years) < 2:
        return [], [], []
    codelist = catalog.codelists[ind.rows]
    rows = [
        {"code": code, "label": codelist.codes[code].label, "values": {y: per_year[y].get(code, {}) for y in years}}
        for code in codelist.codes
        if any(code in per_year[y] for y in years)
    ]
    measures = [m for m in ind.measures if sum(any(m in r["values"][y] for r in rows) for y in years) >= 2]
    return years, measures, rows


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
    if spec.kind == "years":
        # the years of the comparison table: the same contributors and rows in every year
        if len(table.history) < 2:
            return None
        years = [h["year"] for h in table.history]
        groups = [(catalog.measures[m].label, [h["values"].get(m) for h in table.history]) for m in spec.measures]
        return Chart("years", title, [str(y) for y in years], _scaled(groups))
    if spec.kind == "rows_by_year" and codelist:
        measure = spec.measures[0]
        by_year = {y: subs for y, subs in earlier.items()}
        by_year[year] = current
        comparison = compare(ind, by_year)
        if comparison is None:
            return None
        kept = {y: [s for s in subs if s.contributor in comparison.contributors] for y, subs in by_year.items()}
        per_year = {y: row_totals(ind, subs) for y, subs in kept.items()}
        years = [y for y in sorted(per_year) if per_year[y]]
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
    status: Status | None = None,
) -> Report:
    """The report of `year` from its submissions (the filled ones), the earlier years'
    (for comparisons), the warnings (the data-quality annex) and the completeness."""
    roots, nodes = _section_tree(catalog)
    position = {cid: n for n, cid in enumerate(registry.contributors)}
    submissions = sorted(submissions, key=lambda s: position.get(s.contributor, len(position)))
    tables_status = {t.indicator: t for t in status.tables} if status else {}
    number = figures = 0
    for section in [n for root in roots for n in root.walk()]:
        for ind in catalog.indicators.values():
            if ind.section != section.id:
                continue
            table = build_table(ind, number + 1, submissions, catalog, registry, tables_status.get(ind.id))
            if table is None:
                continue
            number += 1
            if year - 1 in earlier:
                table.changes, table.not_compared = changes(ind, year, submissions, earlier[year - 1], registry)
            table.history, table.history_note = history(ind, year, submissions, earlier)
            table.history_years, table.history_measures, table.history_rows = history_by_row(ind, catalog, year, submissions, earlier)
            table.chart = build_chart(ind, table, catalog, year, submissions, earlier)
            if table.chart:
                figures += 1
                table.chart.number = figures
            section.tables.append(table)
    km_drafts = _narrative(submissions, nodes, registry)
    contributor_of = {s.file: s.contributor for s in submissions}
    quality = [
        QualityEntry(f.code, contributor_of.get(f.file), f.file, f.line, f.message, f.review)
        for f in sorted(warnings, key=Finding.sort_key)
    ]
    return Report(
        year=year,
        sections=roots,
        quality=quality,
        completeness=_completeness(submissions, status, registry),
        contributors={c.id: {"kind": c.kind, "name": c.name} for c in registry.contributors.values()},
        measures={mid: m.label for mid, m in catalog.measures.items()},
        km_drafts=km_drafts,
        previous_years=sorted(earlier),
        draft=bool(status and (status.missing or any(t.missing for t in status.tables))),
        not_reproduced=[n for s in submissions if s.contributor == "secretariat" for n in s.not_reproduced],
    )


def _narrative(submissions: list[Submission], nodes: dict[str, Section], registry: Registry) -> int:
    """Put each narrative item in its section, grouped under the body credited with it,
    groups in the order the secretariat gives (`order:`), else the registry's. Returns
    how many items have draft Khmer."""
    order = {section: ids for s in submissions if s.contributor == "secretariat" for section, ids in s.order.items()}
    position = {cid: n for n, cid in enumerate(registry.contributors)}
    groups: dict[str, dict[tuple, ItemGroup]] = {}
    drafts = 0
    for sub in submissions:
        for item in sub.items:
            if item.section not in nodes or item.en is None:
                continue
            drafts += item.km_status == "draft"
            cid = sub.contributor or ""
            by = item.by
            if isinstance(by, str) and by in registry:  # a registry id: the items are that body's
                cid, by = by, None
            elif isinstance(by, str):
                by = Label(en=by)
            body = by or (registry[cid].name if cid in registry else Label(en=cid))
            key = (cid, body.en)
            group = groups.setdefault(item.section, {}).setdefault(key, ItemGroup(body, cid))
            source = Source(sub.contributor or "", sub.file, item.line)
            group.items.append(Item(cid, item.en, item.km, item.km_status, source, by, list(item.with_)))
    for section_id, by_key in groups.items():
        printed = {cid: n for n, cid in enumerate(order.get(section_id, []))}

        def rank(key: tuple) -> tuple:
            cid, name = key
            own = registry[cid].name.en if cid in registry else cid
            return (printed.get(cid, len(printed)), position.get(cid, len(position)), name == own)

        section = nodes[section_id]
        section.groups = [by_key[key] for key in sorted(by_key, key=rank)]  # a body's own group after the ones it credits
        section.items = [item for group in section.groups for item in group.items]
    return drafts


def _completeness(submissions: list[Submission], status: Status | None, registry: Registry) -> Completeness:
    reported = [s.contributor for s in submissions if s.contributor in registry]
    expected = status.expected if status else [c for c in registry.contributors if c in reported]
    excused = dict(status.excused) if status else {}
    received = [c for c in expected if c in reported]
    missing = [c for c in expected if c not in reported and c not in excused]
    also = [c for c in registry.contributors if c in reported and c not in expected]
    by_kind = counts_by_kind(registry, expected, received=received, excused=list(excused))
    for kind, counts in by_kind.items():
        counts["also_received"] = sum(registry[c].kind == kind for c in also)
    return Completeness(expected, received, missing, by_kind, also, excused)


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
