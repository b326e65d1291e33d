"""The consistency rules of the validator, registered in one place, keyed by finding code.

Each rule is a function decorated with `@rule(code, scope)`; it yields `Hit`s (file,
line, message) and the runner turns them into findings of its code. Scopes:
`file` (one submission), `folder` (the files of one year's folder), `years` (a year's
files against the earlier years). Every code's meaning, example and fix are in
findings.yaml; the tests run every registered rule's example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable, Iterable, Literal

from .catalog import Catalog, Indicator
from .findings import Findings, kinds
from .registry import Registry
from .submission import Submission, where
from .sums import (
    TotalCheck,
    declared_total_checks,
    file_value,
    own_total_checks,
    scope_value,
    subtotal_checks,
    sum_checks,
    sum_over,
    with_derived,
)

Scope = Literal["file", "folder", "years"]
OUTLIER_RATIO = 3
OUTLIER_MINIMUM = 100
SECRETARIAT_ONLY = ("excused", "reviewed", "order", "not_reproduced")


@dataclass
class Hit:
    file: str
    line: int | None
    message: str
    path: str = ""


@dataclass
class Context:
    catalog: Catalog
    registry: Registry
    earlier: dict[int, list[Submission]] = field(default_factory=dict)


@dataclass(frozen=True)
class Rule:
    code: str
    scope: Scope
    check: Callable[..., Iterable[Hit]]


RULES: dict[str, Rule] = {}


def rule(code: str, scope: Scope):
    """Register a rule for `code` (which findings.yaml must describe)."""

    def register(check: Callable[..., Iterable[Hit]]):
        if code in RULES or code not in kinds():
            raise ValueError(f"rule {code}: registered twice or not described in findings.yaml")
        RULES[code] = Rule(code, scope, check)
        return check

    return register


def run(scope: Scope, target, ctx: Context, findings: Findings) -> None:
    """Run every rule of `scope` on `target` (a submission, or a folder's submissions)."""
    for registered in RULES.values():
        if registered.scope == scope:
            for hit in registered.check(target, ctx):
                findings.add(registered.code, hit.file, hit.line, hit.message, path=hit.path)


def _row_name(code: str | None, ind: Indicator, catalog: Catalog) -> str:
    if code is None:
        return ""
    if code == "total":
        return " (printed total)"
    label = catalog.codelists[ind.rows].codes[code].label.en if ind.rows else code
    return f", row {label}"


# --- one file ---------------------------------------------------------------------------


@rule("NCCT106", "file")
def year_matches_folder(sub: Submission, ctx: Context) -> Iterable[Hit]:
    folder = sub.path.parent.name
    if sub.year is not None and re.fullmatch(r"\d{4}", folder) and int(folder) != sub.year:
        yield Hit(sub.file, sub.doc.line_of(("year",)), f"The file says year {sub.year} but is in the folder {folder}.", "year")


@rule("NCCT205", "file")
def file_named_after_contributor(sub: Submission, ctx: Context) -> Iterable[Hit]:
    if sub.contributor in ctx.registry and sub.path.stem != sub.contributor:
        yield Hit(
            sub.file, sub.doc.line_of(("contributor",)),
            f"The file is named '{sub.path.name}' but its contributor is {ctx.registry.describe(sub.contributor)}; "
            f"expected '{sub.contributor}.yaml'.",
            "contributor",
        )


def _row_checks(sub: Submission, ctx: Context, several: bool) -> Iterable[Hit]:
    """Parts against their whole, in each row and printed total of each table."""
    for figures in sub.figures.values():
        ind = ctx.catalog.indicators[figures.indicator]
        rows = list(figures.rows.items())
        if figures.total is not None:
            rows.append(("total", figures.total))
        for code, values in rows:
            full = with_derived(values, ind)
            for check in ind.checks:
                if (len(check.parts) > 1) != several:
                    continue
                parts = [full.get(p) for p in check.parts]
                whole = full.get(check.whole)
                given = [p for p in parts if isinstance(p, int)]
                if not isinstance(whole, int) or not given:
                    continue
                if several and len(given) < 2:
                    continue  # one part alone above its whole is the single-part rule's
                total = sum(given)
                if total <= whole and not (check.exact and len(given) == len(parts) and total != whole):
                    continue
                first = next(p for p, v in zip(check.parts, parts) if isinstance(v, int))
                line = figures.lines.get((code, first)) or figures.lines.get((code, "")) or figures.lines.get(("total", ""))
                row = _row_name(code, ind, ctx.catalog)
                if several:
                    named = " + ".join(f"{p} ({v:,})" for p, v in zip(check.parts, parts) if isinstance(v, int))
                    relation = "more than" if total > whole else "not"
                    message = f"{ind.id}{row}: {named} = {total:,}, {relation} {check.whole} ({whole:,})."
                else:
                    message = f"{ind.id}{row}: {check.parts[0]} ({given[0]:,}) is more than {check.whole} ({whole:,})."
                yield Hit(sub.file, line, message, where(("figures", ind.id)))


@rule("NCCT201", "file")
def part_within_whole(sub: Submission, ctx: Context) -> Iterable[Hit]:
    yield from _row_checks(sub, ctx, several=False)


@rule("NCCT209", "file")
def parts_within_whole(sub: Submission, ctx: Context) -> Iterable[Hit]:
    yield from _row_checks(sub, ctx, several=True)


def _total_hit(check: TotalCheck, says: str, path: tuple) -> Hit:
    return Hit(check.file, check.line, f"{check.indicator}: the printed total of {check.measure} is {check.printed:,}, but {says}.", where(path))


@rule("NCCT202", "file")
def printed_total_of_own_rows(sub: Submission, ctx: Context) -> Iterable[Hit]:
    for iid in sub.figures:
        for check in own_total_checks(sub, ctx.catalog.indicators[iid]):
            if check.differs:
                says = "no row gives it" if check.computed is None else f"the rows add up to {check.computed:,}"
                yield _total_hit(check, says, ("figures", iid, "total", check.measure))


@rule("NCCT212", "file")
def row_printed_twice(sub: Submission, ctx: Context) -> Iterable[Hit]:
    for figures in sub.figures.values():
        ind = ctx.catalog.indicators[figures.indicator]
        for code, (values, line) in figures.also_printed.items():
            first = figures.rows.get(code, {})
            shown = ", ".join(f"{m} {first.get(m) if first.get(m) is not None else '-'} and {v}" for m, v in values.items() if v is not None)
            who = ctx.catalog.codelists[ind.rows].codes[code].label.en if code and ind.rows else (ctx.registry[sub.contributor].name.en if sub.contributor in ctx.registry else sub.contributor)
            yield Hit(
                sub.file, line,
                f"{ind.id}: the published table lists {who} twice ({shown}); the report uses the first.",
                where(("figures", ind.id)),
            )


@rule("NCCT115", "file")
def nothing_to_report_is_empty(sub: Submission, ctx: Context) -> Iterable[Hit]:
    for iid, line in sub.nothing_to_report.items():
        if sub.gives(iid):
            yield Hit(sub.file, line, f"{iid} is listed under nothing_to_report, but the file gives figures for it.", "nothing_to_report")


@rule("NCCT116", "file")
def secretariat_only_fields(sub: Submission, ctx: Context) -> Iterable[Hit]:
    if sub.contributor is None or sub.contributor == "secretariat":
        return
    for name in SECRETARIAT_ONLY:
        if name in sub.doc.data:
            yield Hit(sub.file, sub.doc.line_of((name,)), f"'{name}' may only be written by the secretariat (secretariat.yaml); it is ignored here.", name)


# --- one folder -------------------------------------------------------------------------


@rule("NCCT120", "folder")
def one_file_per_contributor(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    seen: dict[str, Submission] = {}
    # A file named after its contributor is "the" file; any other one is the duplicate.
    for sub in sorted(subs, key=lambda s: s.path.stem != s.contributor):
        if sub.contributor is None or sub.contributor not in ctx.registry:
            continue
        if sub.contributor in seen:
            yield Hit(
                sub.file, sub.doc.line_of(("contributor",)),
                f"{ctx.registry.describe(sub.contributor)} already has a file in this folder: {seen[sub.contributor].file}.",
                "contributor",
            )
        else:
            seen[sub.contributor] = sub


@rule("NCCT204", "folder")
def printed_total_of_all_files(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    for sub in subs:
        for iid in sub.declared_totals:
            checks = [c for c in declared_total_checks(ctx.catalog.indicators[iid], subs) if c.file == sub.file]
            for check in checks:
                if check.differs:
                    says = "no file gives it" if check.computed is None else _files_say(check.parts, check.computed)
                    yield _total_hit(check, says, ("declared_totals", iid, check.measure))


def _files_say(count: int, computed: int, kind: str = "") -> str:
    if count == 1:
        return f"the only {kind}file that gives it says {computed:,}"
    return f"the {count} {kind}files that give it add up to {computed:,}"


@rule("NCCT211", "folder")
def printed_subtotal_of_a_group(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    for sub in subs:
        for iid in sub.declared_subtotals:
            for check in subtotal_checks(ctx.catalog.indicators[iid], subs, ctx.registry):
                if check.file == sub.file and check.differs:
                    says = "no file of that kind gives it" if check.computed is None else _files_say(check.parts, check.computed, f"{check.group} ")
                    yield Hit(check.file, check.line, f"{iid}: the printed sub-total of {check.measure} for {check.group} is {check.printed:,}, but {says}.",
                              where(("declared_subtotals", iid, check.group)))


@rule("NCCT208", "folder")
def printed_total_over_tables(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    for check in sum_checks(subs, ctx.catalog):
        if check.differs:
            says = "none of the tables gives it" if check.computed is None else f"the tables add up to {check.computed:,}"
            yield Hit(check.file, check.line, f"{check.indicator}: the printed total of {check.measure} is {check.printed:,}, but {says}.", "declared_sums")


@rule("NCCT206", "folder")
def narrative_given_once(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    first: dict[str, tuple[Submission, int, int | None]] = {}
    for sub in subs:
        for item in sub.items:
            if not item.en or len(item.en) < 40:
                continue  # short texts ("Attended the meeting.") may rightly repeat
            key = " ".join(item.en.split()).casefold()
            if key not in first:
                first[key] = (sub, item.index, item.line)
                continue
            other, other_index, other_line = first[key]
            if other is not sub:
                yield Hit(sub.file, item.line, f"items > {item.index}: the same text is item {other_index} of {other.file} (line {other_line}).", f"items > {item.index}")


@rule("NCCT210", "years")
def stated_figures_match(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    """A figure stated in a narrative item against the tables (of its year, by default)."""
    for sub in subs:
        for item in sub.items:
            for state in item.states:
                year = state.year if state.year is not None else sub.year
                figures_of_year = subs if year == sub.year else ctx.earlier.get(year or 0)
                if figures_of_year is None:
                    yield Hit(sub.file, state.line, f"{state.indicator}: the text states a figure of {year}, but there is no data for {year}.", state.path)
                    continue
                yield from _statement_hit(sub, state, figures_of_year, ctx, year)


def _statement_hit(sub: Submission, state, year_subs: list[Submission], ctx: Context, year: int | None) -> Iterable[Hit]:
    ind = ctx.catalog.indicators[state.indicator]
    value, scope = scope_value(ind, state.measure, year_subs, sub.contributor, state.row)
    if value == state.value:
        return
    row = _row_name(state.row, ind, ctx.catalog)
    whose = "its own figures" if scope == "own" else "all files"
    year_text = f" for {year}" if year != sub.year else ""
    says = f"the tables give no figure{year_text}" if value is None else f"the tables give {value:,}{year_text} ({whose})"
    yield Hit(sub.file, state.line, f"{ind.id}{row}: the text states {state.measure} {state.value:,}, but {says}.", state.path)


# --- against earlier years --------------------------------------------------------------


@rule("NCCT301", "years")
def close_to_last_year(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    year = next((s.year for s in subs if s.year is not None), None)
    previous = ctx.earlier.get(year - 1) if year else None
    if not previous:
        return
    index: dict[tuple, int] = {}
    for sub in previous:
        for iid, figures in sub.figures.items():
            for code, values in figures.rows.items():
                for measure, value in values.items():
                    if value is not None:
                        index[(sub.contributor, iid, code, measure)] = value
    for sub in subs:
        for iid, figures in sub.figures.items():
            for code, values in figures.rows.items():
                for measure, value in values.items():
                    before = index.get((sub.contributor, iid, code, measure))
                    if value is None or before is None:
                        continue
                    low, high = sorted((value, before))
                    if high >= OUTLIER_MINIMUM and (low == 0 or high / low > OUTLIER_RATIO):
                        row = _row_name(code, ctx.catalog.indicators[iid], ctx.catalog)
                        yield Hit(sub.file, figures.lines.get((code, measure)), f"{iid}{row}: {measure} is {value:,}; last year it was {before:,}.", where(("figures", iid)))


def computed_change(ind: Indicator, measure: str, now: list[Submission], before: list[Submission], contributor: str | None) -> tuple[int | None, int | None]:
    """The two figures a printed change compares: the file's own (if its file gives
    the indicator in both years) or every file's."""
    own_now = next((s for s in now if s.contributor == contributor and s.gives(ind.id)), None)
    own_before = next((s for s in before if s.contributor == contributor and s.gives(ind.id)), None)
    if own_now is not None and own_before is not None:
        return file_value(own_now.figures[ind.id], measure, ind), file_value(own_before.figures[ind.id], measure, ind)
    total = lambda subs: sum_over([file_value(s.figures[ind.id], measure, ind) for s in subs if s.gives(ind.id)])  # noqa: E731
    return total(now), total(before)


@rule("NCCT207", "years")
def printed_change_matches(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    for sub in subs:
        declared = [c for changes in sub.declared_changes.values() for c in changes.values()]
        declared += [c for f in sub.figures.values() for c in f.changes.values()]
        for change in declared:
            ind = ctx.catalog.indicators[change.indicator]
            before_subs = ctx.earlier.get(change.since)
            if before_subs is None:
                yield Hit(sub.file, change.line, f"{ind.id}: a change since {change.since} is printed, but there is no data for {change.since} to check it against.", change.path)
                continue
            scope_owner = sub.contributor if change.indicator in sub.figures else None
            now, before = computed_change(ind, change.measure, subs, before_subs, scope_owner)
            if now is None or before is None:
                yield Hit(sub.file, change.line, f"{ind.id}: a change of {change.measure} since {change.since} is printed, but the figures of "
                          f"{'both years' if now is None and before is None else (sub.year if now is None else change.since)} are missing.", change.path)
                continue
            difference = now - before
            problems = []
            if change.difference is not None and change.difference != difference:
                problems.append(f"a difference of {_signed(change.difference)}")
            percent = Decimal(difference) * 100 / before if before else None
            if change.percent is not None and (percent is None or abs(percent - change.percent) > _tolerance(change.percent_text or "")):
                problems.append(f"{_signed_percent(change.percent_text or '')}")
            if problems:
                computed = f"{now:,} - {before:,} = {_signed(difference)}" + (f" ({_signed_percent(f'{percent:.2f}')})" if percent is not None else "")
                yield Hit(sub.file, change.line, f"{ind.id}: the text prints {' and '.join(problems)} for {change.measure} since {change.since}, but {computed}.", change.path)


def _signed(number: int) -> str:
    return f"+{number:,}" if number > 0 else f"{number:,}"


def _signed_percent(text: str) -> str:
    text = text.rstrip("%")
    return (text if text.startswith("-") else "+" + text) + "%"


def _tolerance(text: str) -> Decimal:
    """Half a unit of the last digit printed (18.72 -> 0.005), plus rounding slack."""
    decimals = len(text.rstrip("%").partition(".")[2])
    return Decimal(5) / (Decimal(10) ** (decimals + 1)) + Decimal("0.0000001")
