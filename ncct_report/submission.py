"""A submission as typed data: figures by indicator, narrative items, and what the file
declares (printed totals, printed changes, figures stated in the text, reviews).

`normalise` turns a loaded document into a `Submission`. It reads every count with the
one count rule (numbers.py) and reports each value it cannot read, once, at its line;
a value it cannot read is left out, never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from .catalog import Catalog, CodeList, Indicator
from .findings import Findings, Joined, Msg, Ref, message
from .i18n import N_
from .labels import Label
from .load import Document
from .numbers import count_problem

Values = dict[str, int | None]


def where(path: tuple) -> str:
    """A path into a submission as messages show it: `figures > x > rows > jan`."""
    return " > ".join(str(p) for p in path) or "the file"


def ambiguous_row(key: str, codes: tuple[str, ...], codelist: CodeList, at: str) -> Msg:
    """The message for a row name that several codes share: it names them all, so that
    the writer picks one by its code (the validator never picks)."""
    return message(N_("%(where)s: '%(value)s' is not allowed; use one of: %(allowed)s."), where=at, value=key,
                   allowed=", ".join(codelist.shown(c, key) for c in codes))


@dataclass
class Figures:
    """One indicator's figures in one file, rows keyed by code (None: no row dimension)."""

    indicator: str
    rows: dict[str | None, Values] = field(default_factory=dict)
    total: Values | None = None
    lines: dict[tuple[str | None, str], int | None] = field(default_factory=dict)
    notes: dict[str | None, Label] = field(default_factory=dict)
    changes: dict[str, "DeclaredChange"] = field(default_factory=dict)  # printed in the text
    also_printed: dict[str | None, tuple[Values, int | None]] = field(default_factory=dict)

    @property
    def given(self) -> bool:
        """True when the file gives at least one figure (an empty block reports nothing)."""
        if any(v is not None for values in self.rows.values() for v in values.values()):
            return True
        return bool(self.total) and any(v is not None for v in self.total.values())


@dataclass
class DeclaredChange:
    """A year-over-year change as printed in the text, to check against the figures."""

    indicator: str
    measure: str
    since: int
    difference: int | None
    percent: Decimal | None
    percent_text: str | None
    file: str
    line: int | None
    path: str


@dataclass
class DeclaredSum:
    """A total printed over several tables (a grand total of two tables)."""

    indicators: list[str]
    total: Values
    file: str
    line: int | None
    index: int


@dataclass
class Statement:
    """A figure that a narrative item states, to check against the tables."""

    indicator: str
    measure: str
    value: int
    row: str | None
    year: int | None
    line: int | None
    path: str


@dataclass
class Item:
    section: str
    en: str | None
    km: str | None
    km_status: str | None
    by: str | Label | None  # a registry id (or any text), or a name in both languages
    index: int
    line: int | None
    states: list[Statement] = field(default_factory=list)
    with_: list[str] = field(default_factory=list)  # other contributors the sentence names


@dataclass
class NotReproduced:
    """A part of the source that the edition leaves out, and why."""

    section: str
    what: Label
    why: Label
    line: int | None


@dataclass
class Excuse:
    """The secretariat excuses a contributor for the year, or for some tables."""

    contributor: str
    reason: Label
    indicators: list[str]
    line: int | None


@dataclass
class Review:
    """The secretariat has checked a warning: it stays listed, as checked, with a reason."""

    code: str
    file: str
    about: str | None
    reason: Label
    line: int | None
    declared_in: str = ""  # the secretariat's file
    used: bool = False


@dataclass
class Submission:
    file: str
    path: Path
    doc: Document
    contributor: str | None = None
    year: int | None = None
    partial: bool = False
    figures: dict[str, Figures] = field(default_factory=dict)
    declared_totals: dict[str, Values] = field(default_factory=dict)
    declared_changes: dict[str, dict[str, DeclaredChange]] = field(default_factory=dict)
    declared_subtotals: dict[str, dict[str, Values]] = field(default_factory=dict)
    declared_sums: list[DeclaredSum] = field(default_factory=list)
    nothing_to_report: dict[str, int | None] = field(default_factory=dict)  # indicator -> line
    items: list[Item] = field(default_factory=list)
    excused: list[Excuse] = field(default_factory=list)
    reviewed: list[Review] = field(default_factory=list)
    order: dict[str, list[str]] = field(default_factory=dict)  # section -> contributors, as printed
    not_reproduced: list[NotReproduced] = field(default_factory=list)
    in_folder: Path | None = None  # the folder it was found in, for cross-file rules

    def gives(self, indicator: str) -> bool:
        """True when the file gives at least one figure of `indicator`."""
        figures = self.figures.get(indicator)
        return figures is not None and figures.given

    @property
    def filled(self) -> bool:
        """True when the file reports something: a figure, a narrative item, or a
        table explicitly reported as empty (an untouched template reports nothing)."""
        if any(f.given for f in self.figures.values()) or self.nothing_to_report:
            return True
        if any(v is not None for values in self.declared_totals.values() for v in values.values()):
            return True
        return any(item.en or item.km for item in self.items)


# --- normalise ------------------------------------------------------------------------


class _Reader:
    """Reads values out of a document, reporting each unreadable one once."""

    def __init__(self, doc: Document, findings: Findings):
        self.doc, self.findings = doc, findings

    def count(self, value: Any, path: tuple) -> int | None:
        if path in self.doc.unreadable:
            return None  # already reported by the loader
        problem = count_problem(value)
        if problem is None:
            return value
        self.findings.add(problem.code, self.doc.file, self.doc.line_of(path), message("%(where)s: %(problem)s", where=where(path), problem=problem.message), path=where(path))
        return None

    def values(self, block: Any, measures: list[str], path: tuple) -> Values:
        if not isinstance(block, dict):
            return {}
        return {m: self.count(block[m], path + (m,)) for m in measures if m in block}

    def label(self, value: Any) -> Label | None:
        if not isinstance(value, dict) or not isinstance(value.get("en"), str):
            return None
        km = value.get("km") if isinstance(value.get("km"), str) else None
        return Label(en=value["en"], km=km, km_status="draft" if km and value.get("km_status") == "draft" else None)

    def line(self, path: tuple) -> int | None:
        return self.doc.line_of(path)


def normalise(doc: Document, path: Path, catalog: Catalog, findings: Findings) -> Submission:
    """The typed submission of a loaded document (whatever its structural errors)."""
    data = doc.data
    read = _Reader(doc, findings)
    contributor = data.get("contributor") if isinstance(data.get("contributor"), str) else None
    year = data.get("year") if type(data.get("year")) is int else None
    sub = Submission(file=doc.file, path=path, doc=doc, contributor=contributor, year=year, partial=data.get("partial") is True)
    for iid, block in _mapping(data.get("figures")):
        ind = catalog.indicators.get(iid)
        if ind is not None and isinstance(block, dict):
            sub.figures[iid] = _figures(ind, block, catalog, read, findings, year)
    for iid, block in _mapping(data.get("declared_totals")):
        ind = catalog.indicators.get(iid)
        if ind is not None:
            sub.declared_totals[iid] = read.values(block, ind.total_measures, ("declared_totals", iid))
    for iid, block in _mapping(data.get("declared_changes")):
        ind = catalog.indicators.get(iid)
        if ind is not None:
            sub.declared_changes[iid] = _changes(ind, block, ("declared_changes", iid), read, year)
    for iid, groups in _mapping(data.get("declared_subtotals")):
        ind = catalog.indicators.get(iid)
        if ind is not None:
            sub.declared_subtotals[iid] = {
                str(group): read.values(block, ind.total_measures, ("declared_subtotals", iid, group))
                for group, block in _mapping(groups)
            }
    for index, entry in enumerate(_list(data.get("declared_sums"))):
        if not isinstance(entry, dict):
            continue
        ids = [i for i in _list(entry.get("of")) if isinstance(i, str) and i in catalog.indicators]
        measures = sorted({m for i in ids for m in catalog.indicators[i].total_measures})
        at = ("declared_sums", index, "total")
        total = read.values(entry.get("total"), measures, at)
        for extra in (k for k, _ in _mapping(entry.get("total")) if k not in measures):
            text = message(N_("'%(name)s' is not a measure of %(tables)s."), name=extra, tables=Joined(tuple(Ref("indicator", i) for i in ids), message(N_(" or "))))
            findings.add("NCCT109", doc.file, read.line(at + (extra,)), text, path=where(at + (extra,)))
        sub.declared_sums.append(DeclaredSum(ids, total, doc.file, read.line(("declared_sums", index)), index))
    for index, iid in enumerate(_list(data.get("nothing_to_report"))):
        if isinstance(iid, str) and iid in catalog.indicators:
            sub.nothing_to_report[iid] = read.line(("nothing_to_report", index))
    for index, entry in enumerate(_list(data.get("items"))):
        if isinstance(entry, dict):
            sub.items.append(_item(entry, index, catalog, read))
    for index, entry in enumerate(_list(data.get("excused"))):
        reason = read.label(entry.get("reason")) if isinstance(entry, dict) else None
        if reason and isinstance(entry.get("contributor"), str):
            indicators = [i for i in _list(entry.get("indicators")) if isinstance(i, str)]
            sub.excused.append(Excuse(entry["contributor"], reason, indicators, read.line(("excused", index))))
    for section, ids in _mapping(data.get("order")):
        if isinstance(section, str):
            sub.order[section] = [i for i in _list(ids) if isinstance(i, str)]
    for index, entry in enumerate(_list(data.get("not_reproduced"))):
        if isinstance(entry, dict) and isinstance(entry.get("section"), str):
            what, why = read.label(entry.get("what")), read.label(entry.get("why"))
            if what and why:
                sub.not_reproduced.append(NotReproduced(entry["section"], what, why, read.line(("not_reproduced", index))))
    for index, entry in enumerate(_list(data.get("reviewed"))):
        reason = read.label(entry.get("reason")) if isinstance(entry, dict) else None
        if reason and isinstance(entry.get("code"), str) and isinstance(entry.get("file"), str):
            about = entry.get("about") if isinstance(entry.get("about"), str) else None
            sub.reviewed.append(Review(entry["code"], entry["file"], about, reason, read.line(("reviewed", index)), doc.file))
    return sub


def _mapping(value: Any):
    return value.items() if isinstance(value, dict) else ()


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _figures(ind: Indicator, block: dict, catalog: Catalog, read: _Reader, findings: Findings, year: int | None) -> Figures:
    figures = Figures(ind.id)
    base = ("figures", ind.id)
    doc = read.doc
    if ind.rows is None:
        figures.rows[None] = read.values(block, ind.measures, base)
        _keep_note(figures, None, block, read)
        _keep_also_printed(figures, None, block, ind, base, read)
        for m in figures.rows[None]:
            figures.lines[(None, m)] = read.line(base + (m,))
    else:
        codelist = catalog.codelists[ind.rows]
        for key, values in _mapping(block.get("rows")):
            code = codelist.resolve(str(key))
            if code is None:
                continue  # reported by the structure check
            row_path = base + ("rows", key)
            if code in figures.rows:
                first = figures.lines.get((code, ""))
                findings.add(
                    "NCCT203", doc.file, read.line(row_path),
                    message(N_("%(indicator)s: the row '%(key)s' is %(code)s (%(label)s), already given on line %(first)s; only the first is used."),
                            indicator=Ref("indicator", ind.id), key=key, code=code, label=codelist.codes[code].label.en, first=str(first)),
                    path=where(row_path),
                )
                continue
            figures.rows[code] = read.values(values, ind.measures, row_path)
            figures.lines[(code, "")] = read.line(row_path)
            _keep_note(figures, code, values, read)
            _keep_also_printed(figures, code, values, ind, row_path, read)
            for m in figures.rows[code]:
                figures.lines[(code, m)] = read.line(row_path + (m,))
        if "total" in block:
            figures.total = read.values(block["total"], ind.total_measures, base + ("total",))
            figures.lines[("total", "")] = read.line(base + ("total",))
    if "changes" in block:
        figures.changes = _changes(ind, block["changes"], base + ("changes",), read, year)
    return figures


def _keep_note(figures: Figures, code: str | None, block: Any, read: _Reader) -> None:
    note = read.label(block.get("note")) if isinstance(block, dict) else None
    if note is not None:
        figures.notes[code] = note


def _keep_also_printed(figures: Figures, code: str | None, block: Any, ind: Indicator, path: tuple, read: _Reader) -> None:
    if isinstance(block, dict) and isinstance(block.get("also_printed"), dict):
        at = path + ("also_printed",)
        figures.also_printed[code] = (read.values(block["also_printed"], ind.measures, at), read.line(at))


PERCENT = re.compile(r"^-?\d+(\.\d+)?%?$")


def _changes(ind: Indicator, block: Any, path: tuple, read: _Reader, year: int | None) -> dict[str, DeclaredChange]:
    out: dict[str, DeclaredChange] = {}
    for measure, spec in _mapping(block):
        if measure not in ind.total_measures or not isinstance(spec, dict):
            continue
        at = path + (measure,)
        since = spec.get("since") if type(spec.get("since")) is int else (year - 1 if year else None)
        difference = spec.get("difference") if type(spec.get("difference")) is int else None
        text = str(spec.get("percent")).strip() if spec.get("percent") is not None else None
        percent = None
        if text is not None and PERCENT.match(text):
            try:
                percent = Decimal(text.rstrip("%"))
            except InvalidOperation:
                percent = None
        if since is None or (difference is None and percent is None):
            continue
        out[measure] = DeclaredChange(ind.id, measure, since, difference, percent, text if percent is not None else None, read.doc.file, read.line(at), where(at))
    return out


def _item(entry: dict, index: int, catalog: Catalog, read: _Reader) -> Item:
    text = lambda key: entry.get(key) if isinstance(entry.get(key), str) else None  # noqa: E731
    km = text("km")
    item = Item(
        section=str(entry.get("section")),
        en=text("en"),
        km=km,
        km_status=text("km_status") if km else None,
        by=text("by") or read.label(entry.get("by")),
        index=index,
        line=read.line(("items", index)),
        with_=[c for c in _list(entry.get("with")) if isinstance(c, str)],
    )
    for number, state in enumerate(_list(entry.get("states"))):
        at = ("items", index, "states", number)
        if not isinstance(state, dict):
            continue
        ind = catalog.indicators.get(state.get("indicator")) if isinstance(state.get("indicator"), str) else None
        if ind is None:
            continue  # reported by the structure check
        measure = state.get("measure")
        if measure not in ind.total_measures:
            read.findings.add(
                "NCCT109", read.doc.file, read.line(at + ("measure",)),
                message(N_("'%(name)s' is not a measure of %(indicator)s; its measures are: %(measures)s."), name=str(measure), indicator=Ref("indicator", ind.id), measures=", ".join(ind.total_measures)),
                path=where(at + ("measure",)),
            )
            continue
        value = read.count(state.get("value"), at + ("value",))
        row = None
        if state.get("row") is not None:
            codelist = catalog.codelists.get(ind.rows or "")
            row = codelist.resolve(str(state["row"])) if codelist else None
            if row is None:
                both = codelist.candidates(str(state["row"])) if codelist else ()
                template = N_("'%(key)s' is not a known row of %(indicator)s.") if codelist else N_("'%(key)s' is not possible: %(indicator)s has no rows.")
                text = ambiguous_row(str(state["row"]), both, codelist, where(at + ("row",))) if both else message(template, key=str(state["row"]), indicator=Ref("indicator", ind.id))
                read.findings.add("NCCT110", read.doc.file, read.line(at + ("row",)), text, path=where(at + ("row",)))
                continue
        year = state.get("year") if type(state.get("year")) is int else None
        if value is not None:
            item.states.append(Statement(ind.id, measure, value, row, year, read.line(at), where(at)))
    return item
