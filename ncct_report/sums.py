"""What adds up: derived sums, column sums, and every printed total set against the sum
computed from the figures. The validator's rules and the report both use these, so a
printed total is checked in exactly one way.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog, Indicator
from .registry import Registry
from .submission import Figures, Submission, Values


def with_derived(values: Values, ind: Indicator) -> Values:
    """The row's values plus the indicator's derived sums (of the parts it gives).
    Read-only: without derived sums it is `values` itself."""
    if not ind.derived:
        return values
    out = dict(values)
    for name, parts in ind.derived.items():
        given = [values[p] for p in parts if isinstance(values.get(p), int)]
        if name not in out and given:  # a part left out counts as 0 (HT or SE column)
            out[name] = sum(given)  # type: ignore[arg-type]
    return out


def column_sum(figures: Figures, measure: str, ind: Indicator) -> int | None:
    """The sum of a measure over the rows; None if no row gives it."""
    if ind.derived:
        found = [with_derived(v, ind).get(measure) for v in figures.rows.values()]
    else:
        found = [v.get(measure) for v in figures.rows.values()]
    numbers = [v for v in found if isinstance(v, int)]
    return sum(numbers) if numbers else None


def file_value(figures: Figures, measure: str, ind: Indicator, row: str | None = None) -> int | None:
    """One file's figure for a measure: a row's, or the table's (the rows' sum where
    the rows add up and are given, else the printed total)."""
    if row is not None:
        return with_derived(figures.rows.get(row, {}), ind).get(measure)
    if None in figures.rows:
        return with_derived(figures.rows[None], ind).get(measure)
    if figures.rows and measure in ind.adds_up:
        computed = column_sum(figures, measure, ind)
        if computed is not None:
            return computed
    return (figures.total or {}).get(measure)


def sum_over(values: list[int | None]) -> int | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers) if numbers else None


@dataclass
class TotalCheck:
    """A printed (declared) total set against the sum computed from the figures."""

    indicator: str  # for a total over several tables: their ids joined with " + "
    measure: str
    printed: int
    computed: int | None
    contributor: str  # who printed it
    file: str
    line: int | None
    scope: str  # "own": the file's rows; "all": every file; "group": one kind of contributor; "tables"
    group: str | None = None
    parts: int = 0  # how many files (or tables) gave a part

    @property
    def differs(self) -> bool:
        return self.printed != (self.computed or 0)  # blank cells add up to 0


def own_total_checks(sub: Submission, ind: Indicator) -> list[TotalCheck]:
    """The totals a file prints under its own rows."""
    figures = sub.figures.get(ind.id)
    if figures is None or figures.total is None or not figures.rows:
        return []  # a total alone (an earlier year quoted in a report) has nothing to add up
    out = []
    for measure, printed in figures.total.items():
        if printed is None:
            continue
        line = sub.doc.line_of(("figures", ind.id, "total", measure))
        out.append(TotalCheck(ind.id, measure, printed, column_sum(figures, measure, ind), sub.contributor or "", sub.file, line, "own", parts=1))
    return out


def _files_total(ind: Indicator, measure: str, subs: list[Submission]) -> tuple[int | None, int]:
    parts = [file_value(s.figures[ind.id], measure, ind) for s in subs if ind.id in s.figures]
    numbers = [p for p in parts if p is not None]
    return (sum(numbers) if numbers else None), len(numbers)


def declared_total_checks(ind: Indicator, year_subs: list[Submission], declaring: list[Submission] | None = None) -> list[TotalCheck]:
    """Totals printed for a whole table (across contributors), against all files.
    `year_subs`: the year's files (or just those that give the table: the same sums);
    `declaring`: the files that print such totals, if known (else `year_subs`)."""
    out = []
    sums: dict[str, tuple[int | None, int]] = {}
    for sub in year_subs if declaring is None else declaring:
        for measure, printed in sub.declared_totals.get(ind.id, {}).items():
            if printed is None:
                continue
            if measure not in sums:
                sums[measure] = _files_total(ind, measure, year_subs)
            computed, parts = sums[measure]
            line = sub.doc.line_of(("declared_totals", ind.id, measure))
            out.append(TotalCheck(ind.id, measure, printed, computed, sub.contributor or "", sub.file, line, "all", parts=parts))
    return out


def subtotal_checks(ind: Indicator, year_subs: list[Submission], registry: Registry, declaring: list[Submission] | None = None) -> list[TotalCheck]:
    """Sub-totals printed for one kind of contributor (the provinces of Annex 2).
    `year_subs` and `declaring` as for declared_total_checks."""
    out = []
    members: dict[str, list[Submission]] = {}
    sums: dict[tuple[str, str], tuple[int | None, int]] = {}
    for sub in year_subs if declaring is None else declaring:
        for group, values in sub.declared_subtotals.get(ind.id, {}).items():
            if group not in members:
                kinds = group.split("+")
                members[group] = [s for s in year_subs if s.contributor in registry and registry[s.contributor].kind in kinds]
            for measure, printed in values.items():
                if printed is None:
                    continue
                if (group, measure) not in sums:
                    sums[group, measure] = _files_total(ind, measure, members[group])
                computed, parts = sums[group, measure]
                line = sub.doc.line_of(("declared_subtotals", ind.id, group, measure))
                out.append(TotalCheck(ind.id, measure, printed, computed, sub.contributor or "", sub.file, line, "group", group, parts))
    return out


def sum_checks(year_subs: list[Submission], catalog: Catalog) -> list[TotalCheck]:
    """Totals printed over several tables, against the sum of the tables' totals."""
    out = []
    for sub in year_subs:
        for declared in sub.declared_sums:
            for measure, printed in declared.total.items():
                if printed is None:
                    continue
                tables = [_files_total(catalog.indicators[i], measure, year_subs)[0] for i in declared.indicators]
                computed = sum_over(tables)
                line = sub.doc.line_of(("declared_sums", declared.index, "total", measure))
                parts = sum(t is not None for t in tables)
                out.append(TotalCheck(" + ".join(declared.indicators), measure, printed, computed, sub.contributor or "", sub.file, line, "tables", parts=parts))
    return out


def scope_value(ind: Indicator, measure: str, subs: list[Submission], contributor: str | None, row: str | None = None) -> tuple[int | None, str]:
    """The figure a sentence of `contributor` refers to: its own, if its file gives the
    indicator, else every file's (the secretariat quoting a national figure).
    Returns the value and the scope ("own" or "all")."""
    own = next((s for s in subs if s.contributor == contributor and s.gives(ind.id)), None)
    if own is not None:
        return file_value(own.figures[ind.id], measure, ind, row), "own"
    return sum_over([file_value(s.figures[ind.id], measure, ind, row) for s in subs if s.gives(ind.id)]), "all"
