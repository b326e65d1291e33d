"""The indicator catalog: sections, measures, code lists and indicators, read from YAML.

The catalog is data (`ncct_report/catalog/*.yaml`); this module reads it, checks it
(every reference resolves) and answers lookups such as "which code is 'Kompot'?".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import get_close_matches
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import NcctError
from .findings import Findings
from .labels import Label
from .load import Document, load_bytes, load_file
from .registry import KINDS, Registry, name_key

if TYPE_CHECKING:
    from .catalog_spec import CodeListSpec, IndicatorSpec


class CatalogError(NcctError):
    """The package's own catalog or registry data is broken."""

    def __init__(self, findings: Findings):
        self.findings = findings
        lines = [f"{f.file}:{f.line or '?'}: {f.code} {f.message}" for f in findings.sorted()]
        super().__init__("The catalog or registry is broken:\n" + "\n".join(lines))


@dataclass
class Measure:
    """A measure: its label, definition, and the measures it is part of."""

    label: Label
    definition: Label | None = None
    part_of: list[str] = field(default_factory=list)


@dataclass
class Chart:
    """A chart drawn with the table (see catalog_spec.ChartSpec)."""

    kind: str
    measures: list[str]
    title: Label | None = None


@dataclass(frozen=True)
class Code:
    id: str
    label: Label
    aliases: tuple[str, ...] = ()
    note: Label | None = None


@dataclass
class CodeList:
    id: str
    label: Label
    codes: dict[str, Code] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)

    def add(self, code: Code) -> list[str]:
        """Add a code; returns the names that another code already uses."""
        self.codes[code.id] = code
        clashes = []
        for name in (code.id, code.label.en, code.label.km or "", *code.aliases):
            if not name:
                continue
            owner = self.by_name.setdefault(name_key(name), code.id)
            if owner != code.id:
                clashes.append(name)
        return clashes

    def resolve(self, key: str) -> str | None:
        if key in self.codes:
            return key
        return self.by_name.get(name_key(key))

    def names(self) -> list[str]:
        """Every accepted spelling of every code (for the JSON Schema)."""
        out = list(self.codes)
        for code in self.codes.values():
            out += [code.label.en, *code.aliases]
        return sorted(dict.fromkeys(out))

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        close = get_close_matches(name_key(key), list(self.by_name), n=limit * 3, cutoff=0.6)
        return list(dict.fromkeys(self.by_name[k] for k in close))[:limit]


@dataclass(frozen=True)
class Check:
    """`parts` (one measure, or several added together) may not exceed `whole`; with
    `exact`, they must add up to it (an exhaustive split, such as cases by outcome)."""

    parts: tuple[str, ...]
    whole: str
    source: str  # "catalog" (indicator checks) or "part_of" (measure definitions)
    exact: bool = False


@dataclass
class Indicator:
    id: str
    section: str
    label: Label
    measures: list[str]
    rows: str | None
    combine: str
    reporters: list[str]
    checks: list[Check]
    derived: dict[str, list[str]]
    note: Label | None = None
    expect_all: bool = False
    chart: Chart | None = None
    file: str = ""
    line: int | None = None
    adds_up: frozenset[str] = frozenset()  # measures whose rows add up into a total

    @property
    def total_measures(self) -> list[str]:
        """Measures a printed total may give: the columns and the derived sums."""
        return self.measures + [d for d in self.derived if d not in self.measures]

    @property
    def has_total(self) -> bool:
        """True when at least one measure adds up over the rows (a total row makes sense)."""
        return bool(self.adds_up)


@dataclass
class Catalog:
    sections: dict[str, Label] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    codelists: dict[str, CodeList] = field(default_factory=dict)
    indicators: dict[str, Indicator] = field(default_factory=dict)
    draft_files: list[str] = field(default_factory=list)


CHECK = re.compile(r"^\s*([a-z0-9_]+(?:\s*\+\s*[a-z0-9_]+)*)\s*(<=|=)\s*([a-z0-9_]+)\s*$")


def catalog_dir() -> Path:
    return Path(str(resources.files("ncct_report").joinpath("catalog")))


def build_catalog(paths: list[Path], registry: Registry, findings: Findings) -> Catalog:
    """The catalog of the given files; problems become NCCT901 findings."""
    docs = [load_file(path, f"ncct_report/catalog/{path.name}", findings) for path in paths]
    return _build_catalog(docs, registry, findings)


def catalog_from_text(text: str, registry: Registry, name: str = "catalog.yaml") -> Catalog:
    """A catalog from one YAML text (small catalogs for tests and experiments)."""
    findings = Findings()
    catalog = _build_catalog([load_bytes(text.encode("utf-8"), name, findings)], registry, findings)
    if findings.errors:
        raise CatalogError(findings)
    return catalog


def _build_catalog(docs: list[Document | None], registry: Registry, findings: Findings) -> Catalog:
    from .catalog_spec import CatalogFileSpec
    from .models import validate_model

    catalog = Catalog()
    files: list[tuple[Document, CatalogFileSpec]] = []
    for doc in docs:
        display = doc.file if doc else ""
        spec = validate_model(CatalogFileSpec, doc, findings) if doc else None
        if spec is not None:
            files.append((doc, spec))
            if spec.km_status == "draft":
                catalog.draft_files.append(display)
    # Gather every definition first, so references may point across files.
    for doc, spec in files:
        for index, section in enumerate(spec.sections):
            if section.id in catalog.sections:
                findings.add("NCCT901", doc.file, doc.line_of(("sections", index)), f"Section '{section.id}' is defined twice.")
            catalog.sections[section.id] = section.title
        for mid, measure in spec.measures.items():
            if mid in catalog.measures:
                findings.add("NCCT901", doc.file, doc.line_of(("measures", mid)), f"Measure '{mid}' is defined twice.")
            catalog.measures[mid] = Measure(measure.label, measure.definition, list(measure.part_of))
        for cid, spec_list in spec.codelists.items():
            if cid in catalog.codelists:
                findings.add("NCCT901", doc.file, doc.line_of(("codelists", cid)), f"Code list '{cid}' is defined twice.")
            catalog.codelists[cid] = _build_codelist(cid, spec_list, registry, doc, findings)
    for doc, spec in files:
        for index, ind in enumerate(spec.indicators):
            line = doc.line_of(("indicators", index))
            if ind.id in catalog.indicators:
                findings.add("NCCT901", doc.file, line, f"Indicator '{ind.id}' is defined twice.")
            catalog.indicators[ind.id] = _build_indicator(ind, catalog, registry, doc, line, findings)
    for mid, measure in catalog.measures.items():
        for whole in measure.part_of:
            if whole not in catalog.measures:
                findings.add("NCCT901", "ncct_report/catalog", None, f"Measure '{mid}' is part_of an unknown measure '{whole}'.")
    return catalog


def _build_codelist(cid: str, spec: CodeListSpec, registry: Registry, doc: Document, findings: Findings) -> CodeList:
    line = doc.line_of(("codelists", cid))
    codelist = CodeList(id=cid, label=spec.label)
    codes: list[Code] = []
    if spec.source == "inline":
        for code in spec.codes:
            if isinstance(code, str):
                findings.add("NCCT901", doc.file, line, f"Code list '{cid}': inline code '{code}' needs an id and a label.")
                continue
            codes.append(Code(code.id, code.label, tuple(code.aliases), code.note))
    elif spec.source == "territories":
        from babel import Locale

        en, km = Locale("en").territories, Locale("km").territories
        for code in spec.codes:
            code_id = code if isinstance(code, str) else code.id
            if code_id not in en:
                findings.add("NCCT901", doc.file, line, f"Code list '{cid}': '{code_id}' is not an ISO 3166 territory code.")
                continue
            codes.append(Code(code_id, Label(en=en[code_id], km=km.get(code_id)), tuple(spec.aliases.get(code_id, ()))))
    elif spec.source == "months":
        from babel import Locale

        en_wide = Locale("en").months["format"]["wide"]
        en_abbr = Locale("en").months["format"]["abbreviated"]
        km_wide = Locale("km").months["format"]["wide"]
        for number in range(1, 13):
            code_id = en_abbr[number].lower()[:3]
            aliases = (en_abbr[number], f"{number}", f"{number:02d}", *spec.aliases.get(code_id, ()))
            if number == 9:
                aliases += ("Sept",)
            codes.append(Code(code_id, Label(en=en_wide[number], km=km_wide[number]), aliases))
    elif spec.source == "registry":
        unknown = [k for k in spec.kinds if k not in KINDS]
        if unknown or not spec.kinds:
            findings.add("NCCT901", doc.file, line, f"Code list '{cid}': kinds must be some of {', '.join(KINDS)}.")
        for contributor in registry.of_kind(*spec.kinds):
            codes.append(Code(contributor.id, contributor.name, contributor.aliases))
    for code in codes:
        for clash in codelist.add(code):
            findings.add("NCCT901", doc.file, line, f"Code list '{cid}': the name '{clash}' is used by two codes.")
    return codelist


def _build_indicator(
    spec: IndicatorSpec, catalog: Catalog, registry: Registry, doc: Document, line: int | None, findings: Findings
) -> Indicator:
    def problem(message: str) -> None:
        findings.add("NCCT901", doc.file, line, f"Indicator '{spec.id}': {message}")

    if spec.section not in catalog.sections:
        problem(f"unknown section '{spec.section}'.")
    for measure in spec.measures:
        if measure not in catalog.measures:
            problem(f"unknown measure '{measure}'.")
    if len(set(spec.measures)) != len(spec.measures):
        problem("a measure is listed twice.")
    if spec.rows and spec.rows not in catalog.codelists:
        problem(f"unknown code list '{spec.rows}'.")
    for reporter in spec.reporters:
        if reporter not in KINDS and reporter not in registry:
            problem(f"reporter '{reporter}' is neither a kind nor a registered contributor.")
    for name, parts in spec.derived.items():
        for part in parts:
            if part not in spec.measures:
                problem(f"derived '{name}' adds '{part}', which is not one of its measures.")
    known = set(spec.measures) | set(spec.derived)
    if spec.adds_up is True:
        adds_up = frozenset(known)
    elif spec.adds_up is False:
        adds_up = frozenset()
    else:
        adds_up = frozenset(spec.adds_up)
        for measure in adds_up - known:
            problem(f"adds_up names '{measure}', which is not one of its measures.")
        # a derived sum adds up when all of its parts do
        adds_up |= {name for name, parts in spec.derived.items() if set(parts) <= adds_up}
    if spec.chart:
        if any(m not in known for m in spec.chart.measures):
            problem("the chart names a measure the indicator does not have.")
        if spec.chart.kind != "years" and not spec.rows:
            problem(f"a '{spec.chart.kind}' chart needs rows.")
        if spec.chart.kind == "years" and any(m not in adds_up for m in spec.chart.measures):
            problem("a 'years' chart shows totals, but the chart names a measure whose rows do not add up.")
    checks: list[Check] = []
    for text in spec.checks:
        match = CHECK.match(text)
        if not match:
            problem(f"check '{text}' must read 'part <= whole', 'part + part <= whole' or 'part + part = whole'.")
            continue
        parts = tuple(p.strip() for p in match.group(1).split("+"))
        whole = match.group(3)
        if any(p not in known for p in parts) or whole not in known:
            problem(f"check '{text}' names a measure the indicator does not have.")
            continue
        checks.append(Check(parts, whole, "catalog", exact=match.group(2) == "="))
    for part in spec.measures:
        measure = catalog.measures.get(part)
        for whole in measure.part_of if measure else ():
            if whole in spec.measures and not any(c.parts == (part,) and c.whole == whole for c in checks):
                checks.append(Check((part,), whole, "part_of"))
    return Indicator(
        id=spec.id,
        section=spec.section,
        label=spec.label,
        measures=list(spec.measures),
        rows=spec.rows,
        combine=spec.combine,
        reporters=list(spec.reporters),
        checks=checks,
        derived=dict(spec.derived),
        note=spec.note,
        expect_all=spec.expect_all,
        chart=Chart(spec.chart.kind, list(spec.chart.measures), spec.chart.title) if spec.chart else None,
        file=doc.file,
        line=line,
        adds_up=adds_up,
    )
