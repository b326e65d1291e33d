"""Aggregate a year's submissions into the report model: sections, blocks and cells.

Every total, difference and percentage of the report is computed here, once; every
cell keeps its sources (file and line), and a total's are those of its rows (a view,
never a copy). Each year's files are indexed once by indicator (Year), so a table
costs what its own figures cost, whatever the number of contributors. Totals appear
only where the catalog says the rows add up; year-over-year changes compare like with
like (the same contributors and the same rows in both years) and are withheld, with
the reason, where too little of the two years overlaps. The model is plain
dataclasses, written as JSON by the build (streamed: write_report_json) and rendered
by the templates.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from itertools import islice
from typing import IO, Any

from .catalog import Catalog, Indicator
from .completeness import Status, TableStatus, counts_by_kind
from .findings import Finding, Joined, Msg, Ref
from .labels import Label
from .registry import KIND_LABELS, Registry
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


class RowSources(Sequence):
    """The sources of one measure over a table's rows, read from the rows' cells (never
    copied): a total's sources."""

    __slots__ = ("rows", "measure")

    def __init__(self, rows: list["Row"], measure: str):
        self.rows, self.measure = rows, measure

    def __iter__(self):
        for row in self.rows:
            yield from row.cells[self.measure].sources

    def __len__(self) -> int:
        return sum(len(row.cells[self.measure].sources) for row in self.rows)

    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.start or 0, index.stop, index.step or 1
            if start >= 0 and stop is not None and stop >= 0 and step > 0:
                return list(islice(self, start, stop, step))  # cell_title's first 12: no full list
            return list(self)[index]
        if index >= 0:
            for n, source in enumerate(self):
                if n == index:
                    return source
            raise IndexError(index)
        return list(self)[index]


class TotalCell:
    """A table's total of one measure: the sum of its rows' cells, whose sources are its
    sources (a view, not a copy). The JSON writes it as `{"value": v, "sum_of": "rows"}`."""

    __slots__ = ("value", "measure", "rows")

    def __init__(self, value: int | None, measure: str, rows: list["Row"]):
        self.value, self.measure, self.rows = value, measure, rows

    @property
    def sources(self) -> RowSources:
        return RowSources(self.rows, self.measure)

    def __repr__(self) -> str:
        return f"TotalCell(value={self.value!r}, measure={self.measure!r})"


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
    sources: list[Source] = field(default_factory=list)  # the figures it adds up (shown on hover)


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
    total: dict[str, TotalCell]  # only the measures whose rows add up
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
    text: Msg | None = None  # the message as data: shown in the edition's language, with names


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
    names: dict[str, Label] = field(default_factory=dict)  # "kind:id" -> name, for the names the findings show
    left_out: list[str] = field(default_factory=list)  # files with errors a draft was built without (--skip-invalid)
    km_draft_notes: int = 0  # notes under table rows whose Khmer is a draft or missing

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


class Year:
    """One year's submissions, indexed once: for each indicator, the files that give it
    (in the order of the list). Every table looks up its own files here instead of
    scanning every file, so a table costs what its own figures cost."""

    def __init__(self, submissions: list[Submission]):
        self.submissions = submissions
        self.giving: dict[str, list[Submission]] = {}
        for sub in submissions:
            for iid, figures in sub.figures.items():
                if figures.given:
                    self.giving.setdefault(iid, []).append(sub)
        self._reporters: dict[str, dict[str, Submission]] = {}
        # the few files that print totals for a whole table or a group (the secretariat's)
        self.declaring = [s for s in submissions if s.declared_totals or s.declared_subtotals]

    def reporting(self, iid: str) -> list[Submission]:
        """The files that give at least one figure of `iid`."""
        return self.giving.get(iid, [])

    def reporters(self, iid: str) -> dict[str, Submission]:
        """The contributors that give `iid`, with their file (the last, if several)."""
        found = self._reporters.get(iid)
        if found is None:
            found = self._reporters[iid] = {s.contributor: s for s in self.reporting(iid) if s.contributor}
        return found


def _year(subs: list[Submission] | Year) -> Year:
    return subs if isinstance(subs, Year) else Year(subs)


def build_table(
    ind: Indicator,
    number: int,
    submissions: list[Submission] | Year,
    catalog: Catalog,
    registry: Registry,
    status: TableStatus | None = None,
    position: dict[str, int] | None = None,
) -> Table | None:
    """The table of `ind`: the rows its contributors gave, the total where rows add up."""
    year = _year(submissions)
    reporting = year.reporting(ind.id)
    expected = status.expected if status else []
    if not reporting and not expected:
        return None
    if position is None:
        position = {cid: n for n, cid in enumerate(registry.contributors)}
    codelist = catalog.codelists.get(ind.rows) if ind.rows else None
    rows: list[Row] = []
    grouped = False
    if codelist is None:
        by_contributor = {s.contributor: s for s in reporting}
        shown = {c for c in by_contributor if c in position} | {c for c in expected if c in position}
        for cid in sorted(shown, key=position.__getitem__):  # in the registry's order
            contributor = registry.contributors[cid]
            sub = by_contributor.get(cid)
            if sub is None:
                rows.append(Row(cid, contributor.name, {m: Cell(None) for m in ind.measures}, cid, no_report=True))
                continue
            figures = sub.figures[ind.id]
            cells = _cells(figures.rows.get(None, {}), ind, lambda m, s=sub, f=figures: _source(s, f, None, m))
            rows.append(Row(cid, contributor.name, cells, cid, note=figures.notes.get(None)))
    elif ind.combine == "sum_by_key":
        by_code: dict[str, list[tuple[Submission, Figures]]] = {}
        notes: dict[str, Label] = {}
        for sub in reporting:
            figures = sub.figures[ind.id]
            for code in figures.rows:
                if code in codelist.codes:
                    by_code.setdefault(code, []).append((sub, figures))
            for code, note in figures.notes.items():
                notes.setdefault(code, note)  # the first file's note of the row
        combined: dict[str, dict[str, Cell]] = {}
        for code in codelist.codes:  # rows in the code list's order, files in the table's
            for sub, figures in by_code.get(code, ()):
                cells = combined.get(code)
                if cells is None:
                    cells = combined[code] = {m: Cell(None) for m in ind.measures}
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
            rows.append(Row(code, codelist.codes[code].label, cells, single, note=notes.get(code) or codelist.codes[code].note))
    else:  # per contributor, with rows: one group of rows per contributor
        grouped = True
        by_contributor = {s.contributor: s for s in reporting}
        order = {code: n for n, code in enumerate(codelist.codes)}
        for cid in sorted((c for c in by_contributor if c in position), key=position.__getitem__):
            sub = by_contributor[cid]
            figures = sub.figures[ind.id]
            for code in sorted((c for c in figures.rows if c in order), key=order.__getitem__):
                cells = _cells(figures.rows[code], ind, lambda m, s=sub, f=figures, c=code: _source(s, f, c, m))
                rows.append(Row(f"{cid}/{code}", codelist.codes[code].label, cells, cid, group=registry[cid].name, note=figures.notes.get(code)))
    total: dict[str, Cell | TotalCell] = {}
    for m in ind.measures:
        if m not in ind.adds_up:
            continue  # e.g. people entering and leaving a centre: their sum means nothing
        numbers = [r.cells[m].value for r in rows if r.cells[m].value is not None]
        total[m] = TotalCell(sum(numbers) if numbers else None, m, rows)
    table = Table(
        indicator=ind.id, number=number, title=ind.label, section=ind.section, measures=list(ind.measures),
        rows=rows, total=total, note=ind.note, row_label=codelist.label if codelist else None, grouped=grouped,
        expected=expected,
        missing=status.missing if status else [],
        nothing_to_report=status.nothing_to_report if status else [],
        excused=dict(status.excused) if status else {},
    )
    table.printed_totals = printed_totals(ind, year, registry)
    whole_table = [c for c in table.printed_totals if c.scope == "all" or (c.scope == "own" and len(reporting) == 1)]
    for measure in ind.measures:
        found = [c for c in whole_table if c.measure == measure]
        if len(found) == 1:  # printed once for the whole table: shown in it, beside the computed total
            table.printed_row[measure] = found[0]
    return table


def printed_totals(ind: Indicator, submissions: list[Submission] | Year, registry: Registry) -> list[TotalCheck]:
    """Every printed total of the table: the contributors' own, the whole table's and
    its groups' (the same checks the validator reports)."""
    year = _year(submissions)
    giving = year.reporting(ind.id)  # the files that add to a total: those that give the table
    checks = [c for s in giving for c in own_total_checks(s, ind)]
    return checks + declared_total_checks(ind, giving, year.declaring) + subtotal_checks(ind, giving, registry, year.declaring)


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


def _reporters(ind: Indicator, subs: list[Submission] | Year) -> dict[str, Submission]:
    return _year(subs).reporters(ind.id)


def compare(ind: Indicator, by_year: dict[int, list[Submission] | Year]) -> Comparison | None:
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
    subs = {y: [reporters[y][c] for c in common] for y in years}
    by_rows = bool(ind.rows) and all(all(s.figures[ind.id].rows for s in subs[y]) for y in years)
    per_year: dict[int, dict[str, dict[str, int]]] | None = None
    for measure in ind.total_measures:
        if measure not in ind.adds_up:
            continue
        if too_few:
            comparison.withheld[measure] = ("contributors", len(common), largest)
            continue
        if by_rows:
            if per_year is None:
                per_year = {y: row_totals(ind, s) for y, s in subs.items()}
            _compare_rows(measure, per_year, comparison)
        else:
            for y in years:
                values = [file_value(s.figures[ind.id], measure, ind) for s in subs[y]]
                numbers = [v for v in values if v is not None]
                if numbers:
                    comparison.values[y][measure] = sum(numbers)
    return comparison


def _compare_rows(measure: str, per_year: dict[int, dict[str, dict[str, int]]], comparison: Comparison) -> None:
    """One measure over the rows given in every year (a month missing in one year is
    left out of all of them)."""
    having = [{code for code, values in per_year[y].items() if measure in values} for y in per_year]
    common = set.intersection(*having)
    if not common:
        return
    largest = max(len(h) for h in having)
    if len(common) < MIN_OVERLAP * largest:
        comparison.withheld[measure] = ("rows", len(common), largest)
        return
    if any(h != common for h in having):
        comparison.rows[measure] = len(common)
    for y in per_year:
        comparison.values[y][measure] = sum(per_year[y][code][measure] for code in common)


def _common_kind(contributors: list[str], registry: Registry) -> str | None:
    kinds = {registry[c].kind for c in contributors if c in registry}
    return kinds.pop() if len(kinds) == 1 else None


def changes(ind: Indicator, year: int, current: list[Submission] | Year, previous: list[Submission] | Year, registry: Registry) -> tuple[list[Change], list[str]]:
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


def history(ind: Indicator, year: int, current: list[Submission] | Year, earlier: dict[int, list[Submission] | Year]) -> tuple[list[dict[str, Any]], dict[str, int]]:
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


def _history_contributors(ind: Indicator, by_year: dict[int, list[Submission] | Year], years: list[int]) -> set[str] | None:
    """The contributors the comparison over `years` keeps (None: all of them)."""
    comparison = compare(ind, {y: by_year[y] for y in years})
    return set(comparison.contributors) if comparison is not None and comparison.contributors_restricted else None


def _kept_row_totals(ind: Indicator, by_year: dict[int, list[Submission] | Year], contributors: list[str]) -> dict[int, dict[str, dict[str, int]]]:
    """Per year, the rows summed over the files of the given contributors."""
    wanted = set(contributors)
    return {y: row_totals(ind, [s for s in _year(subs).reporting(ind.id) if s.contributor in wanted]) for y, subs in by_year.items()}


def history_by_row(ind: Indicator, catalog: Catalog, year: int, current: list[Submission] | Year, earlier: dict[int, list[Submission] | Year]) -> tuple[list[int], list[str], list[dict[str, Any]]]:
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
    per_year = _kept_row_totals(ind, by_year, comparison.contributors)
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
                    sums = out.setdefault(code, {})
                    sums[measure] = sums.get(measure, 0) + value
    return out


def _scaled(groups: list[tuple[Label, list[int | None]]], sources: list[list[list[Source]]] | None = None) -> list[BarGroup]:
    """Bars sized against the largest; `sources[group][bar]`: the figures of each bar."""
    largest = max((v for _, values in groups for v in values if v), default=0)
    return [
        BarGroup(label, [Bar(i, v, round(100.0 * v / largest, 2) if largest and v else 0.0, sources[g][i] if sources else [])
                         for i, v in enumerate(values)])
        for g, (label, values) in enumerate(groups)
    ]


def _bar_sources(ind: Indicator, subs: list[Submission] | Year, measures: list[str], code: str | None = None,
                 contributors: set[str] | None = None) -> list[Source]:
    """Where the figures of a bar are: each file's row (or its whole table) for the measures."""
    out = []
    for sub in _year(subs).reporting(ind.id):
        if contributors is not None and sub.contributor not in contributors:
            continue
        figures = sub.figures[ind.id]
        codes = [code] if code is not None else list(figures.rows)
        found = [c for c in codes if c in figures.rows and any(figures.rows[c].get(m) is not None for m in measures)]
        out.extend(_source(sub, figures, c, measures[0]) for c in found)
        if not found and code is None and any((figures.total or {}).get(m) is not None for m in measures):
            out.append(Source(sub.contributor or "", sub.file, figures.lines.get(("total", ""))))  # a file that gives only its total
    return out


def build_chart(ind: Indicator, table: Table, catalog: Catalog, year: int, current: list[Submission] | Year, earlier: dict[int, list[Submission] | Year]) -> Chart | None:
    spec = ind.chart
    if spec is None:
        return None
    title = spec.title or ind.label
    codelist = catalog.codelists.get(ind.rows or "")
    if spec.kind == "bars" and codelist:
        measure = spec.measures[0]
        totals = row_totals(ind, _year(current).reporting(ind.id))
        ranked = sorted(((c, v.get(measure)) for c, v in totals.items() if v.get(measure)), key=lambda x: -(x[1] or 0))
        return Chart("bars", title, [measure], _scaled([(codelist.codes[c].label, [value]) for c, value in ranked],
                                                       [[_bar_sources(ind, current, [measure], c)] for c, _ in ranked]))
    if spec.kind == "years":
        # the years of the comparison table: the same contributors and rows in every year
        if len(table.history) < 2:
            return None
        years = [h["year"] for h in table.history]
        groups = [(catalog.measures[m].label, [h["values"].get(m) for h in table.history]) for m in spec.measures]
        by_year = {**earlier, year: current}
        kept = _history_contributors(ind, by_year, years)
        sources = [[_bar_sources(ind, by_year[y], [m], contributors=kept) for y in years] for m in spec.measures]
        return Chart("years", title, [str(y) for y in years], _scaled(groups, sources))
    if spec.kind == "rows_by_year" and codelist:
        measure = spec.measures[0]
        by_year = {y: subs for y, subs in earlier.items()}
        by_year[year] = current
        comparison = compare(ind, by_year)
        if comparison is None:
            return None
        per_year = _kept_row_totals(ind, by_year, comparison.contributors)
        years = [y for y in sorted(per_year) if per_year[y]]
        shown = [code for code in codelist.codes.values() if any(per_year[y].get(code.id) for y in years)]
        groups = [(code.label, [per_year[y].get(code.id, {}).get(measure) for y in years]) for code in shown]
        kept = set(comparison.contributors)
        sources = [[_bar_sources(ind, by_year[y], [measure], code.id, kept) for y in years] for code in shown]
        return Chart("rows_by_year", title, [str(y) for y in years], _scaled(groups, sources))
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
    current = Year(submissions)  # each year indexed once: every table looks up its own files
    before = {y: Year(subs) for y, subs in earlier.items()}
    by_section: dict[str, list[Indicator]] = {}
    for ind in catalog.indicators.values():
        by_section.setdefault(ind.section, []).append(ind)
    number = figures = 0
    for section in [n for root in roots for n in root.walk()]:
        for ind in by_section.get(section.id, ()):
            table = build_table(ind, number + 1, current, catalog, registry, tables_status.get(ind.id), position)
            if table is None:
                continue
            number += 1
            if year - 1 in before:
                table.changes, table.not_compared = changes(ind, year, current, before[year - 1], registry)
            table.history, table.history_note = history(ind, year, current, before)
            table.history_years, table.history_measures, table.history_rows = history_by_row(ind, catalog, year, current, before)
            table.chart = build_chart(ind, table, catalog, year, current, before)
            if table.chart:
                figures += 1
                table.chart.number = figures
            section.tables.append(table)
    km_drafts = _narrative(submissions, nodes, registry)
    km_draft_notes = sum(
        1 for root in roots for section in root.walk() for table in section.tables for row in table.rows
        if row.note is not None and (not row.note.km or row.note.km_status == "draft")
    )
    contributor_of = {s.file: s.contributor for s in submissions}
    quality = [
        QualityEntry(f.code, contributor_of.get(f.file), f.file, f.line, f.message, f.review, f.text)
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
        km_draft_notes=km_draft_notes,
        previous_years=sorted(earlier),
        draft=bool(status and (status.missing or any(t.missing for t in status.tables))),
        not_reproduced=[n for s in submissions if s.contributor == "secretariat" for n in s.not_reproduced],
        names=ref_names([q.text for q in quality if q.text is not None], catalog, registry),
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
            in_section = groups.setdefault(item.section, {})
            group = in_section.get(key)
            if group is None:
                group = in_section[key] = ItemGroup(body, cid)
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


def ref_key(ref: Ref) -> str:
    return f"{ref.kind}:{ref.indicator + '/' if ref.indicator else ''}{ref.id}"


def ref_names(messages: list[Msg], catalog: Catalog, registry: Registry) -> dict[str, Label]:
    """The name in both languages of every indicator, measure, row, contributor, section
    and kind of contributor the messages refer to."""
    names: dict[str, Label] = {}

    def visit(value) -> None:
        if isinstance(value, Msg):
            for v in value.params.values():
                visit(v)
        elif isinstance(value, Joined):
            for v in value.items:
                visit(v)
        elif isinstance(value, Ref):
            label = _ref_label(value, catalog, registry)
            if label is not None:
                names[ref_key(value)] = label

    for msg in messages:
        visit(msg)
    return names


def _ref_label(ref: Ref, catalog: Catalog, registry: Registry) -> Label | None:
    if ref.kind == "indicator" and ref.id in catalog.indicators:
        return catalog.indicators[ref.id].label
    if ref.kind == "measure" and ref.id in catalog.measures:
        return catalog.measures[ref.id].label
    if ref.kind == "row" and ref.indicator in catalog.indicators:
        codes = catalog.codelists.get(catalog.indicators[ref.indicator].rows or "")
        return codes.codes[ref.id].label if codes and ref.id in codes.codes else None
    if ref.kind == "contributor" and ref.id in registry:
        return registry[ref.id].name
    if ref.kind == "section" and ref.id in catalog.sections:
        return catalog.sections[ref.id]
    if ref.kind == "kind":
        return KIND_LABELS.get(ref.id)
    return None


def _completeness(submissions: list[Submission], status: Status | None, registry: Registry) -> Completeness:
    reported = {s.contributor for s in submissions if s.contributor in registry}
    expected = status.expected if status else [c for c in registry.contributors if c in reported]
    excused = dict(status.excused) if status else {}
    received = [c for c in expected if c in reported]
    missing = [c for c in expected if c not in reported and c not in excused]
    wanted = set(expected)
    also = [c for c in registry.contributors if c in reported and c not in wanted]
    by_kind = counts_by_kind(registry, expected, received=received, excused=list(excused))
    for kind, counts in by_kind.items():
        counts["also_received"] = sum(registry[c].kind == kind for c in also)
    return Completeness(expected, received, missing, by_kind, also, excused)


# --- JSON -----------------------------------------------------------------------------


JSON_FORMAT = "ncct-report/2"  # 2: nothing repeated: a total's sources are its rows', a group's items are the section's
_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """One object of the model as a JSON object (the encoder's `default`): a shallow
    dict of its fields, which the encoder then walks (no copy of the whole model)."""
    if isinstance(value, TotalCell):
        return {"value": value.value, "sum_of": "rows"}
    dump = getattr(value, "model_dump", None)
    if dump is not None:  # labels
        return dump(exclude_none=True)
    names = _FIELDS.get(type(value))
    if names is None:
        if not is_dataclass(value) or isinstance(value, type):
            raise TypeError(f"{type(value).__name__} is not part of the report model")
        names = _FIELDS[type(value)] = tuple(f.name for f in fields(value))
    out = {name: getattr(value, name) for name in names}
    if isinstance(value, Change):
        out.update(difference=value.difference, percent=None if value.percent is None else round(value.percent, 2))
    elif isinstance(value, TotalCheck):
        out["differs"] = value.differs
    elif isinstance(value, Table):
        out = {"kind": "table", **out}
    elif isinstance(value, Section):
        # the narrative once: `items` in the order printed; each group names its items
        # by their place in `items` (format 1 repeated every item in its group)
        place = {id(item): n for n, item in enumerate(value.items)}
        out["groups"] = [
            {"body": g.body, "contributor": g.contributor, "items": [place.get(id(i), i) for i in g.items]} for g in value.groups
        ]
        out = {"kind": "section", **out}
    return out


def write_report_json(report: Report, out: IO[bytes]) -> None:
    """The report model as JSON (open data: every computed figure with its sources),
    written to `out` piece by piece. Each table, list entry or other part is encoded by
    the C encoder on its own, so neither a copy of the model nor the whole text is ever
    held. Nothing is written twice: a total cell is `{"value": v, "sum_of": "rows"}`
    (the sum of that measure's cells in the table's rows, whose `sources` are its
    sources), and a section's narrative is its `items`, each group listing its items
    by their place in them (`{"body", "contributor", "items": [0, 1, ...]}`)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), default=_plain).encode
    write = out.write

    def stream(value: Any) -> None:
        if isinstance(value, (Report, Section)):
            parts = _plain(value)
            if isinstance(value, Report):
                parts = {"format": JSON_FORMAT, **parts}
            write(b"{")
            for n, (key, item) in enumerate(parts.items()):
                write((("," if n else "") + encode(key) + ":").encode("utf-8"))
                stream(item)
            write(b"}")
        elif isinstance(value, list):
            write(b"[")
            for n, item in enumerate(value):
                if n:
                    write(b",")
                stream(item)
            write(b"]")
        else:
            write(encode(value).encode("utf-8"))

    stream(report)


def report_json_bytes(report: Report) -> bytes:
    """The JSON of `write_report_json`, as bytes (held once)."""
    import io

    buffer = io.BytesIO()
    write_report_json(report, buffer)
    return buffer.getvalue()


def report_json(report: Report) -> dict[str, Any]:
    """The report model as plain JSON values (open data), computed figures included."""
    return json.loads(report_json_bytes(report))
