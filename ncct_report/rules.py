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
from .findings import Findings, Joined, Msg, Ref, kinds, message
from .i18n import N_
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
    message: Msg
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


def _row_name(code: str | None, ind: Indicator, catalog: Catalog) -> Msg | str:
    if code is None:
        return ""
    if code == "total":
        return message(N_(" (printed total)"))
    label = catalog.codelists[ind.rows].codes[code].label.en if ind.rows else code
    return message(N_(", row %(row)s"), row=Ref("row", code, ind.id, label))


def _ind(iid: str) -> Ref:
    return Ref("indicator", iid)


def _measure(mid: str) -> Ref:
    return Ref("measure", mid)


# --- one file ---------------------------------------------------------------------------


@rule("NCCT106", "file")
def year_matches_folder(sub: Submission, ctx: Context) -> Iterable[Hit]:
    folder = sub.path.parent.name
    if sub.year is not None and re.fullmatch(r"\d{4}", folder) and int(folder) != sub.year:
        yield Hit(sub.file, sub.doc.line_of(("year",)), message(N_("The file says year %(year)s but is in the folder %(folder)s."), year=str(sub.year), folder=folder), "year")


@rule("NCCT205", "file")
def file_named_after_contributor(sub: Submission, ctx: Context) -> Iterable[Hit]:
    if sub.contributor in ctx.registry and sub.path.stem != sub.contributor:
        yield Hit(
            sub.file, sub.doc.line_of(("contributor",)),
            message(N_("The file is named '%(name)s' but its contributor is %(contributor)s; expected '%(expected)s'."),
                    name=sub.path.name, contributor=_who(sub.contributor, ctx), expected=f"{sub.contributor}.yaml"),
            "contributor",
        )


def _who(cid: str, ctx: Context) -> Ref:
    return Ref("contributor", cid, shown=ctx.registry.describe(cid))


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
                    named = Joined(tuple(message(N_("%(measure)s (%(value)s)"), measure=_measure(p), value=v) for p, v in zip(check.parts, parts) if isinstance(v, int)), " + ")
                    template = N_("%(indicator)s%(row)s: %(parts)s = %(total)s, more than %(whole)s (%(value)s).") if total > whole else \
                        N_("%(indicator)s%(row)s: %(parts)s = %(total)s, not %(whole)s (%(value)s).")
                    text = message(template, indicator=_ind(ind.id), row=row, parts=named, total=total, whole=_measure(check.whole), value=whole)
                else:
                    text = message(N_("%(indicator)s%(row)s: %(part)s (%(value)s) is more than %(whole)s (%(total)s)."),
                                   indicator=_ind(ind.id), row=row, part=_measure(check.parts[0]), value=given[0], whole=_measure(check.whole), total=whole)
                yield Hit(sub.file, line, text, where(("figures", ind.id)))


@rule("NCCT201", "file")
def part_within_whole(sub: Submission, ctx: Context) -> Iterable[Hit]:
    yield from _row_checks(sub, ctx, several=False)


@rule("NCCT209", "file")
def parts_within_whole(sub: Submission, ctx: Context) -> Iterable[Hit]:
    yield from _row_checks(sub, ctx, several=True)


def _total_hit(check: TotalCheck, says: Msg, path: tuple) -> Hit:
    indicator = Joined(tuple(_ind(i) for i in check.indicator.split(" + ")), " + ")
    text = message(N_("%(indicator)s: the printed total of %(measure)s is %(printed)s, but %(says)s."),
                   indicator=indicator, measure=_measure(check.measure), printed=check.printed, says=says)
    return Hit(check.file, check.line, text, where(path))


@rule("NCCT202", "file")
def printed_total_of_own_rows(sub: Submission, ctx: Context) -> Iterable[Hit]:
    for iid in sub.figures:
        for check in own_total_checks(sub, ctx.catalog.indicators[iid]):
            if check.differs:
                says = message(N_("no row gives it")) if check.computed is None else message(N_("the rows add up to %(computed)s"), computed=check.computed)
                yield _total_hit(check, says, ("figures", iid, "total", check.measure))


@rule("NCCT212", "file")
def row_printed_twice(sub: Submission, ctx: Context) -> Iterable[Hit]:
    for figures in sub.figures.values():
        ind = ctx.catalog.indicators[figures.indicator]
        for code, (values, line) in figures.also_printed.items():
            first = figures.rows.get(code, {})
            shown = Joined(tuple(
                message(N_("%(measure)s %(first)s and %(second)s"), measure=_measure(m), first=first.get(m) if first.get(m) is not None else "-", second=v)
                for m, v in values.items() if v is not None
            ))
            if code and ind.rows:
                who = Ref("row", code, ind.id, ctx.catalog.codelists[ind.rows].codes[code].label.en)
            else:
                who = Ref("contributor", sub.contributor or "", shown=ctx.registry[sub.contributor].name.en if sub.contributor in ctx.registry else str(sub.contributor))
            yield Hit(
                sub.file, line,
                message(N_("%(indicator)s: the published table lists %(who)s twice (%(values)s); the report uses the first."), indicator=_ind(ind.id), who=who, values=shown),
                where(("figures", ind.id)),
            )


KHMER_THOUSANDS_DOT = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3})+(?![\d]|[.,]\d)")
KHMER_DECIMAL_COMMA = re.compile(r"(?<![\d.,])\d+,\d{1,2}(?![\d]|[.,]\d)")


def number_style(text: str) -> list[tuple[str, str]]:
    """Numbers of a Khmer text written in the other style (1.234 for 1,234; 18,72 for
    18.72), with how the report writes them: Khmer, as CLDR's km locale (Babel), groups
    thousands with a comma and writes decimals with a dot."""
    found = [(m.group(), m.group().replace(".", ",")) for m in KHMER_THOUSANDS_DOT.finditer(text)]
    found += [(m.group(), m.group().replace(",", ".")) for m in KHMER_DECIMAL_COMMA.finditer(text)]
    return found


@rule("NCCT214", "file")
def khmer_numbers_in_one_style(sub: Submission, ctx: Context) -> Iterable[Hit]:
    for item in sub.items:
        found = number_style(item.km or "")
        if found:
            shown = Joined(tuple(message(N_("%(written)s (write %(meant)s)"), written=w, meant=m) for w, m in found[:5]))
            yield Hit(sub.file, item.line, message(N_("items > %(index)s > km: %(numbers)s: the report writes thousands with a comma and decimals with a dot."),
                                                   index=str(item.index), numbers=shown), f"items > {item.index} > km")


@rule("NCCT115", "file")
def nothing_to_report_is_empty(sub: Submission, ctx: Context) -> Iterable[Hit]:
    for iid, line in sub.nothing_to_report.items():
        if sub.gives(iid):
            yield Hit(sub.file, line, message(N_("%(indicator)s is listed under nothing_to_report, but the file gives figures for it."), indicator=_ind(iid)), "nothing_to_report")


@rule("NCCT116", "file")
def secretariat_only_fields(sub: Submission, ctx: Context) -> Iterable[Hit]:
    if sub.contributor is None or sub.contributor == "secretariat":
        return
    for name in SECRETARIAT_ONLY:
        if name in sub.doc.data:
            yield Hit(sub.file, sub.doc.line_of((name,)), message(N_("'%(field)s' may only be written by the secretariat (secretariat.yaml); it is ignored here."), field=name), name)


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
                message(N_("%(contributor)s already has a file in this folder: %(file)s."), contributor=_who(sub.contributor, ctx), file=seen[sub.contributor].file),
                "contributor",
            )
        else:
            seen[sub.contributor] = sub


@rule("NCCT204", "folder")
def printed_total_of_all_files(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    checks = _checks_by_file(subs, "declared_totals", declared_total_checks, ctx)
    for sub in subs:
        for iid in sub.declared_totals:
            for check in checks.get((iid, sub.file), []):
                if check.differs:
                    says = message(N_("no file gives it")) if check.computed is None else _files_say(check.parts, check.computed)
                    yield _total_hit(check, says, ("declared_totals", iid, check.measure))


def _checks_by_file(subs: list[Submission], field: str, make, ctx: Context) -> dict[tuple[str, str], list]:
    """The printed totals of each indicator checked once, against the files that give
    the table, by (indicator, declaring file): linear in the number of files."""
    declaring: dict[str, list[Submission]] = {}
    for sub in subs:
        for iid in getattr(sub, field):
            declaring.setdefault(iid, []).append(sub)
    out: dict[tuple[str, str], list] = {}
    for iid, by in declaring.items():
        giving = [s for s in subs if iid in s.figures]
        for check in make(ctx.catalog.indicators[iid], giving, by):
            out.setdefault((iid, check.file), []).append(check)
    return out


def _files_say(count: int, computed: int) -> Msg:
    if count == 1:
        return message(N_("the only file that gives it says %(computed)s"), computed=computed)
    return message(N_("the %(count)s files that give it add up to %(computed)s"), count=count, computed=computed)


@rule("NCCT211", "folder")
def printed_subtotal_of_a_group(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    checks = _checks_by_file(subs, "declared_subtotals", lambda ind, giving, declaring: subtotal_checks(ind, giving, ctx.registry, declaring), ctx)
    for sub in subs:
        for iid in sub.declared_subtotals:
            for check in checks.get((iid, sub.file), []):
                if check.differs:
                    group = Joined(tuple(Ref("kind", k) for k in (check.group or "").split("+")), "+")
                    if check.computed is None:
                        says = message(N_("no file of that kind gives it"))
                    elif check.parts == 1:
                        says = message(N_("the only %(group)s file that gives it says %(computed)s"), group=group, computed=check.computed)
                    else:
                        says = message(N_("the %(count)s %(group)s files that give it add up to %(computed)s"), count=check.parts, group=group, computed=check.computed)
                    text = message(N_("%(indicator)s: the printed sub-total of %(measure)s for %(group)s is %(printed)s, but %(says)s."),
                                   indicator=_ind(iid), measure=_measure(check.measure), group=group, printed=check.printed, says=says)
                    yield Hit(check.file, check.line, text, where(("declared_subtotals", iid, check.group)))


@rule("NCCT208", "folder")
def printed_total_over_tables(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    for check in sum_checks(subs, ctx.catalog):
        if check.differs:
            says = message(N_("none of the tables gives it")) if check.computed is None else message(N_("the tables add up to %(computed)s"), computed=check.computed)
            hit = _total_hit(check, says, ())
            hit.path = "declared_sums"
            yield hit


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
                yield Hit(sub.file, item.line, message(N_("items > %(index)s: the same text is item %(other)s of %(file)s (line %(line)s)."),
                                                       index=str(item.index), other=str(other_index), file=other.file, line=str(other_line)), f"items > {item.index}")


@rule("NCCT210", "years")
def stated_figures_match(subs: list[Submission], ctx: Context) -> Iterable[Hit]:
    """A figure stated in a narrative item against the tables (of its year, by default)."""
    for sub in subs:
        for item in sub.items:
            for state in item.states:
                year = state.year if state.year is not None else sub.year
                figures_of_year = subs if year == sub.year else ctx.earlier.get(year or 0)
                if figures_of_year is None:
                    yield Hit(sub.file, state.line, message(N_("%(indicator)s: the text states a figure of %(year)s, but there is no data for %(year)s."),
                                                            indicator=_ind(state.indicator), year=str(year)), state.path)
                    continue
                yield from _statement_hit(sub, state, figures_of_year, ctx, year)


def _statement_hit(sub: Submission, state, year_subs: list[Submission], ctx: Context, year: int | None) -> Iterable[Hit]:
    ind = ctx.catalog.indicators[state.indicator]
    value, scope = scope_value(ind, state.measure, year_subs, sub.contributor, state.row)
    if value == state.value:
        return
    row = _row_name(state.row, ind, ctx.catalog)
    whose = message(N_("its own figures")) if scope == "own" else message(N_("all files"))
    year_text = message(N_(" for %(year)s"), year=str(year)) if year != sub.year else ""
    if value is None:
        says = message(N_("the tables give no figure%(year)s"), year=year_text)
    else:
        says = message(N_("the tables give %(value)s%(year)s (%(whose)s)"), value=value, year=year_text, whose=whose)
    text = message(N_("%(indicator)s%(row)s: the text states %(measure)s %(value)s, but %(says)s."),
                   indicator=_ind(ind.id), row=row, measure=_measure(state.measure), value=state.value, says=says)
    yield Hit(sub.file, state.line, text, state.path)


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
                        text = message(N_("%(indicator)s%(row)s: %(measure)s is %(value)s; last year it was %(before)s."),
                                       indicator=_ind(iid), row=row, measure=_measure(measure), value=value, before=before)
                        yield Hit(sub.file, figures.lines.get((code, measure)), text, where(("figures", iid)))


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
                yield Hit(sub.file, change.line, message(N_("%(indicator)s: a change since %(since)s is printed, but there is no data for %(since)s to check it against."),
                                                         indicator=_ind(ind.id), since=str(change.since)), change.path)
                continue
            scope_owner = sub.contributor if change.indicator in sub.figures else None
            now, before = computed_change(ind, change.measure, subs, before_subs, scope_owner)
            if now is None or before is None:
                which = message(N_("both years")) if now is None and before is None else str(sub.year if now is None else change.since)
                yield Hit(sub.file, change.line, message(N_("%(indicator)s: a change of %(measure)s since %(since)s is printed, but the figures of %(which)s are missing."),
                                                         indicator=_ind(ind.id), measure=_measure(change.measure), since=str(change.since), which=which), change.path)
                continue
            difference = now - before
            problems: list[Msg] = []
            if change.difference is not None and change.difference != difference:
                problems.append(message(N_("a difference of %(difference)s"), difference=_signed(change.difference)))
            percent = Decimal(difference) * 100 / before if before else None
            if change.percent is not None and (percent is None or abs(percent - change.percent) > _tolerance(change.percent_text or "")):
                problems.append(message("%(percent)s", percent=_signed_percent(change.percent_text or "")))
            if problems:
                template = N_("%(now)s - %(before)s = %(difference)s (%(percent)s)") if percent is not None else N_("%(now)s - %(before)s = %(difference)s")
                computed = message(template, now=now, before=before, difference=_signed(difference),
                                   percent=_signed_percent(f"{percent:.2f}") if percent is not None else "")
                text = message(N_("%(indicator)s: the text prints %(problems)s for %(measure)s since %(since)s, but %(computed)s."),
                               indicator=_ind(ind.id), problems=Joined(tuple(problems), message(N_(" and ")).text()), measure=_measure(change.measure),
                               since=str(change.since), computed=computed)
                yield Hit(sub.file, change.line, text, change.path)


def _signed(number: int) -> str:
    return f"+{number:,}" if number > 0 else f"{number:,}"


def _signed_percent(text: str) -> str:
    text = text.rstrip("%")
    return (text if text.startswith("-") else "+" + text) + "%"


def _tolerance(text: str) -> Decimal:
    """Half a unit of the last digit printed (18.72 -> 0.005), plus rounding slack."""
    decimals = len(text.rstrip("%").partition(".")[2])
    return Decimal(5) / (Decimal(10) ** (decimals + 1)) + Decimal("0.0000001")
