"""The structure of a submission, checked against its JSON Schema, in the user's words.

The schema (schema.py, generated from the catalog and the registry) is the one
definition of the format; this module runs it (jsonschema-rs) and turns each error
into a finding that names the field, the line and the fix. Counts are left to the
count rule (submission.py), which reports each bad count once.
"""

from __future__ import annotations

import datetime as dt
import re
from difflib import get_close_matches
from typing import Any

from .catalog import Catalog
from .findings import Findings, Joined, Msg, Ref, message
from .i18n import N_
from .load import Document
from .numbers import describe
from .registry import KINDS, Registry
from .schema import YEAR_MAX, YEAR_MIN, schema_for
from .submission import ambiguous_row, where
from .textsafe import unusual_note

TYPE_WORDS = {
    "integer": N_("a whole number"),
    "null": N_("empty"),
    "string": N_("text"),
    "object": N_("a block of `key: value` lines"),
    "array": N_("a list (lines starting with `- `)"),
    "boolean": N_("true or false"),
    "number": N_("a number"),
}

_validators: dict[int, tuple[Catalog, Any]] = {}


def _validator(catalog: Catalog, registry: Registry):
    entry = _validators.get(id(catalog))
    if entry is None or entry[0] is not catalog:
        import jsonschema_rs

        entry = _validators[id(catalog)] = (catalog, jsonschema_rs.validator_for(schema_for(catalog, registry), validate_formats=True))
    return entry[1]


def role(path: tuple, catalog: Catalog) -> str:
    """What the value at `path` of a submission is, for choosing the message."""
    if not path:
        return "submission"
    head, depth = path[0], len(path)
    if depth == 1:
        return "indicators" if head in ("figures", "declared_totals", "declared_changes", "declared_subtotals") else head
    if head == "figures":
        ind = catalog.indicators.get(path[1])
        if depth == 2:
            return "table" if ind and ind.rows else "measures"
        part = path[2]
        if part == "rows":
            if depth == 3:
                return "rows"
            if depth == 4:
                return "measures"
            return _in_values(path[4:])
        if part == "changes":
            return {3: "changes", 4: "change"}.get(depth, "value")
        if part == "total":
            return "measures" if depth == 3 else "count"
        return _in_values(path[2:])
    if head == "declared_totals":
        return "measures" if depth == 2 else "count"
    if head == "declared_subtotals":
        return {2: "groups", 3: "measures"}.get(depth, "count")
    if head == "declared_changes":
        return {2: "changes", 3: "change"}.get(depth, "value")
    if head == "declared_sums":
        if depth <= 2:
            return "record"
        if path[2] == "total":
            return "measures" if depth == 3 else "count"
        return "indicator_ref" if path[2] == "of" and depth == 4 else "value"
    if head == "nothing_to_report":
        return "indicator_ref" if depth == 2 else "value"
    if head == "items":
        if depth == 2:
            return "record"
        if path[2] == "states":
            if depth <= 4:
                return "record"
            return {"value": "count", "indicator": "indicator_ref"}.get(path[4], "value")
        return "section" if path[-1] == "section" else "value"
    if head in ("excused", "reviewed"):
        if depth == 2:
            return "record"
        if path[2] == "contributor":
            return "contributor"
        if path[2] == "indicators" and depth == 4:
            return "indicator_ref"
        return "value"
    return head


def _in_values(rest: tuple) -> str:
    """The role inside a block of values: a measure, its note, or a second printing."""
    if rest[0] == "note":
        return "record" if len(rest) == 1 else "value"
    if rest[0] == "also_printed":
        return "measures" if len(rest) == 1 else "count"
    return "count"


def _known_fields(path: tuple, catalog: Catalog, registry: Registry) -> list[str]:
    """The field names allowed at `path` (for "did you mean")."""
    schema = schema_for(catalog, registry)
    if not path:
        return list(schema["properties"])
    if path[0] == "items":
        if len(path) > 2 and path[2] == "states":
            return list(schema["$defs"]["statement"]["properties"])
        return list(schema["$defs"]["item"]["properties"])
    if path[0] in ("excused", "reviewed", "declared_sums"):
        return list(schema["properties"][path[0]]["items"]["properties"])
    if path[0] in ("figures", "declared_totals", "declared_changes", "declared_subtotals") and len(path) == 1:
        return list(catalog.indicators)
    ind = catalog.indicators.get(path[1])
    if ind is None:
        return []
    if path[0] == "figures" and len(path) == 2 and ind.rows:
        return ["rows", "total", "changes"]
    if "changes" in path[:3] or path[0] == "declared_changes":
        return ["since", "difference", "percent"] if len(path) >= (4 if path[0] == "figures" else 3) else ind.total_measures
    totals = path[0] in ("declared_totals", "declared_subtotals") or (len(path) > 2 and path[2] == "total")
    return (ind.total_measures if totals else ind.measures) + ["note", "also_printed"]


SUGGESTIONS = 50  # "did you mean" for the first unknown names of a file; the rest are only named


def check_structure(doc: Document, catalog: Catalog, registry: Registry, findings: Findings) -> None:
    """Report every structural problem of `doc` (unknown fields, wrong types, ...)."""
    suggest = _Budget(SUGGESTIONS)
    data, original = _rows_by_code(doc, catalog, findings, suggest)
    for error in _validator(catalog, registry).iter_errors(data):
        path = _as_written(tuple(error.instance_path), original)
        what = role(path, catalog)
        if what == "count" or path in doc.unreadable:
            continue  # counts: the count rule reports them; unreadable: the loader did
        _report(error, path, what, doc, catalog, registry, findings, suggest)


class _Budget:
    """How many more "did you mean" searches a file may cost (each scans a list)."""

    def __init__(self, left: int):
        self.left = left

    def __call__(self) -> bool:
        self.left -= 1
        return self.left >= 0


def _rows_by_code(doc: Document, catalog: Catalog, findings: Findings, suggest: _Budget) -> tuple:
    """The document as the schema checks it: table rows keyed by their codes (a row may
    be written by any known name), unknown rows reported here and left out. Checking
    them one by one is linear; the schema library's own check of thousands of unknown
    names is not. Returns the data and, per renamed row, the key as written."""
    figures = doc.data.get("figures")
    if not isinstance(figures, dict):
        return doc.data, {}
    original: dict[tuple, str] = {}
    changed = {}
    for iid, block in figures.items():
        ind = catalog.indicators.get(iid)
        rows = block.get("rows") if ind and ind.rows and isinstance(block, dict) else None
        if not isinstance(rows, dict):
            continue
        codelist = catalog.codelists[ind.rows]
        by_code = {}
        for key, values in rows.items():
            code = codelist.resolve(str(key))
            if code is None:
                path = ("figures", iid, "rows")
                both = codelist.candidates(str(key))
                if both:  # a name of two rows: never a choice
                    text = ambiguous_row(str(key), both, codelist, where(path))
                else:
                    options = [codelist.shown(c, str(key)) for c in codelist.suggest(str(key))] if suggest() else []
                    text = message(N_("'%(key)s' is not a known row of %(indicator)s (%(codelist)s)%(suggestion)s%(note)s"), key=key, indicator=Ref("indicator", iid),
                                   codelist=codelist.label.en.lower(), suggestion=did_you_mean(options), note=unusual_note(str(key)))
                findings.add("NCCT110", doc.file, doc.line_of(path + (key,)), text, path=where(path))
            elif code not in by_code:  # a second spelling of a row: normalise reports it
                by_code[code] = values
                original[("figures", iid, "rows", code)] = key
        changed[iid] = {**block, "rows": by_code}
    if not changed:
        return doc.data, {}
    return {**doc.data, "figures": {**figures, **changed}}, original


def _as_written(path: tuple, original: dict[tuple, str]) -> tuple:
    if len(path) >= 4 and path[:4] in original:
        return path[:3] + (original[path[:4]],) + path[4:]
    return path


def _report(error, path: tuple, what: str, doc: Document, catalog: Catalog, registry: Registry, findings: Findings, suggest: _Budget) -> None:
    kind = error.kind
    keyword = kind.name
    line = doc.line_of(path)

    def add(code: str, text: Msg, at: int | None = line, **kw) -> None:
        findings.add(code, doc.file, at, text, path=where(path), **kw)

    if keyword == "propertyNames" and what == "groups":
        key = str(kind.error.instance)
        add("NCCT112", message(N_("'%(key)s' is not a group of contributors; use a kind (%(kinds)s) or several joined with +."), key=key, kinds=", ".join(KINDS)), doc.line_of(path + (key,)))
    elif keyword == "propertyNames":
        key = str(kind.error.instance)
        ind = catalog.indicators.get(path[1]) if len(path) > 1 else None
        codelist = catalog.codelists.get(ind.rows) if ind and ind.rows else None
        options = [codelist.shown(c, key) for c in codelist.suggest(key)] if codelist else []
        text = message(N_("'%(key)s' is not a known row of %(indicator)s%(suggestion)s%(note)s"), key=key, indicator=str(path[1]) if len(path) > 1 else "",
                       suggestion=did_you_mean(options), note=unusual_note(key))
        add("NCCT110", text, doc.line_of(path + (key,)))
    elif keyword == "required":
        if path:
            add("NCCT101", message(N_("The field '%(field)s' is missing in %(where)s."), field=kind.property, where=where(path)))
        else:
            add("NCCT101", message(N_("The field '%(field)s' is missing."), field=kind.property))
    elif keyword == "additionalProperties":
        known = _known_fields(path, catalog, registry)
        for extra in kind.unexpected:
            at = doc.line_of(path + (extra,))
            epath = where(path + (extra,))
            if what == "indicators":
                options = get_close_matches(extra, known, n=3, cutoff=0.6) if suggest() else []
                text = message(N_("'%(name)s' is not an indicator of the catalog%(suggestion)s%(note)s"), name=extra, suggestion=did_you_mean(options), note=unusual_note(extra))
                findings.add("NCCT108", doc.file, at, text, path=epath)
            elif what in ("measures", "changes"):
                measures = [m for m in known if m not in ("note", "also_printed")]
                text = message(N_("'%(name)s' is not a measure of %(indicator)s; its measures are: %(measures)s."), name=extra, indicator=Ref("indicator", str(path[1])), measures=", ".join(measures))
                findings.add("NCCT109", doc.file, at, text, path=epath)
            elif what == "table":
                text = message(N_("'%(name)s' is not a field of %(indicator)s: this indicator is a table, so its figures go under `rows:` (one entry per row) and its printed total under `total:`."),
                               name=extra, indicator=Ref("indicator", str(path[-1])))
                findings.add("NCCT102", doc.file, at, text, path=epath, hint=N_("Move the figures under `rows:`, for example `rows: {<row>: {<measure>: 12}}`."))
            else:
                options = get_close_matches(extra, known, n=3, cutoff=0.6) if suggest() else []
                findings.add("NCCT102", doc.file, at, message(N_("'%(name)s' is not a known field here%(suggestion)s"), name=extra, suggestion=did_you_mean(options)), path=epath)
    elif keyword == "enum" and what == "contributor" and not isinstance(error.instance, str):
        found = message(N_("empty")) if error.instance is None else describe(error.instance)
        add("NCCT107", message(N_("The contributor is %(found)s: write your id, such as prov-02 (`ncct contributors` lists them)."), found=found))
    elif keyword == "enum" and what == "contributor":
        name = str(error.instance)
        add("NCCT107", message(N_("'%(name)s' is not a registered contributor%(suggestion)s%(note)s"), name=name,
                               suggestion=did_you_mean([registry.describe(c) for c in registry.suggest(name)]), note=unusual_note(name)))
    elif keyword == "enum" and what == "indicator_ref":
        name = str(error.instance)
        add("NCCT108", message(N_("'%(name)s' is not an indicator of the catalog%(suggestion)s%(note)s"), name=name,
                               suggestion=did_you_mean(get_close_matches(name, list(catalog.indicators), n=3, cutoff=0.6)), note=unusual_note(name)))
    elif keyword == "enum" and what == "section":
        name = str(error.instance)
        add("NCCT111", message(N_("'%(name)s' is not a section of the report%(suggestion)s%(note)s"), name=name,
                               suggestion=did_you_mean(get_close_matches(name, list(catalog.sections), n=3, cutoff=0.5)), note=unusual_note(name)))
    elif keyword == "enum":
        allowed = ", ".join(str(v) for v in kind.options)
        add("NCCT112", message(N_("%(where)s: '%(value)s' is not allowed; use one of: %(allowed)s."), where=where(path), value=str(error.instance), allowed=allowed))
    elif keyword == "type":
        add("NCCT103", message(N_("%(where)s: expected %(wanted)s, found %(found)s."), where=where(path), wanted=Joined(tuple(message(TYPE_WORDS[t]) if t in TYPE_WORDS else t for t in kind.types), message(N_(" or "))),
                               found=describe(error.instance)))
    elif keyword in ("minimum", "maximum"):
        add("NCCT112", message(N_("%(where)s: %(value)s is outside %(first)s-%(last)s."), where=where(path), value=str(error.instance), first=str(YEAR_MIN), last=str(YEAR_MAX)))
    elif keyword == "format":
        add("NCCT112", message("%(where)s: %(problem)s", where=where(path), problem=date_problem(str(error.instance))))
    elif keyword == "pattern" and path and path[-1] == "percent":
        add("NCCT105", message(N_("%(where)s: '%(value)s' is not a percentage written like 18.72."), where=where(path), value=str(error.instance)))
    elif keyword == "pattern" and path and path[-1] == "code":
        add("NCCT112", message(N_("%(where)s: '%(value)s' is not a finding code such as NCCT202 (`ncct findings` lists them)."), where=where(path), value=str(error.instance)))
    elif keyword == "minItems":
        add("NCCT103", message(N_("%(where)s: a total over several tables names at least two tables."), where=where(path)))
    else:
        add("NCCT103", message(N_("%(where)s: %(problem)s."), where=where(path), problem=error.message))


def date_problem(text: str) -> Msg:
    """Why `text` is not a date, in words."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return message(N_("'%(text)s' is not a date written YYYY-MM-DD (for example 2017-01-20)."), text=text)
    year, month, day = map(int, match.groups())
    if not 1 <= month <= 12:
        return message(N_("'%(text)s' is not a date: there is no month %(month)s."), text=text, month=str(month))
    try:
        dt.date(year, month, day)
    except ValueError:
        return message(N_("'%(text)s' is not a date: %(month)s %(year)s has no day %(day)s."), text=text, month=message(MONTHS[month - 1]), year=str(year), day=str(day))
    return message(N_("'%(text)s' is not a date."), text=text)


MONTHS = [N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
          N_("August"), N_("September"), N_("October"), N_("November"), N_("December")]


def did_you_mean(options: list[str]) -> Msg:
    if not options:
        return message(N_("."))
    return message(N_("; did you mean %(options)s?"), options=Joined(tuple(f"'{o}'" for o in options), message(N_(" or "))))
