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
from .findings import Findings, message
from .i18n import N_
from .labels import Label
from .load import Document, load_bytes, load_file
from .registry import KINDS, Registry, has_khmer, name_key, spellings

if TYPE_CHECKING:
    from .catalog_spec import CodeListSpec, IndicatorSpec


class CatalogError(NcctError):
    """The package's own catalog or registry data is broken."""

    def __init__(self, findings: Findings):
        self.findings = findings
        lines = [message("%(file)s:%(line)s: %(code)s %(message)s", file=f.file, line=str(f.line or "?"), code=f.code, message=f.text or f.message)
                 for f in findings.sorted()]
        super().__init__(message(N_("The catalog or registry is broken:")), *lines, indent="")


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
    """A row dimension: its codes, and every name each code is known by.

    A name is compared by its key (registry.name_key: case, spacing, invisible
    characters and the ways of typing Khmer ignored). A name that two codes share is
    ambiguous: it resolves to neither, and the validator names both (never a choice).
    `open` lists (every ISO 3166 territory) accept more codes than the report prints:
    the report's own come first in `codes`, in its order."""

    id: str
    label: Label
    codes: dict[str, Code] = field(default_factory=dict)
    by_name: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, tuple[str, ...]] = field(default_factory=dict)  # name key -> the codes it names
    open: bool = False
    own: int = 0  # how many of `codes` (the first ones) the catalog lists as the report's own

    def add(self, code: Code) -> list[str]:
        """Add a code with all its names; returns those that another code already has
        (they become ambiguous)."""
        self.codes[code.id] = code
        return [name for name in (code.id, code.label.en, code.label.km or "", *code.aliases) if name and self.name(name, code.id)]

    def name(self, name: str, code: str) -> tuple[str, ...]:
        """Register `name` for `code`; returns the other codes that already have it."""
        key = name_key(name)
        if key in self.ambiguous:
            others = tuple(c for c in self.ambiguous[key] if c != code)
            if len(others) == len(self.ambiguous[key]):
                self.ambiguous[key] += (code,)
            return others
        owner = self.by_name.setdefault(key, code)
        if owner == code:
            return ()
        del self.by_name[key]
        self.ambiguous[key] = (owner, code)
        return (owner,)

    def resolve(self, key: str) -> str | None:
        """The code of a code or name; None if unknown or ambiguous."""
        if key in self.codes:
            return key
        return self.by_name.get(name_key(key))

    def candidates(self, key: str) -> tuple[str, ...]:
        """The codes an ambiguous name could be (empty when it is not ambiguous)."""
        if key in self.codes:
            return ()
        return self.ambiguous.get(name_key(key), ())

    def names(self) -> list[str]:
        """Every accepted spelling of every code, in English and Khmer (for the JSON
        Schema, which compares exactly): codes, labels and aliases, each also as typed
        without invisible characters (registry.spellings). Ambiguous names are left out:
        the validator refuses them."""
        out = list(self.codes)
        for code in self.codes.values():
            for name in (code.label.en, code.label.km or "", *code.aliases):
                if name and not (self.ambiguous and name_key(name) in self.ambiguous):
                    out += spellings(name)
        return sorted(dict.fromkeys(out))

    def suggest(self, key: str, limit: int = 3) -> list[str]:
        """Codes whose names look like `key` (for "did you mean"): first those with a name
        that starts with it or holds it ("Congo": both Congos), then the closest."""
        typed = name_key(key)
        found: list[str] = []
        if len(typed) >= 4:
            found += [code for name, code in self.by_name.items() if name.startswith(typed)]
            found += [code for name, code in self.by_name.items() if typed in name]
        found += [self.by_name[k] for k in get_close_matches(typed, list(self.by_name), n=limit * 3, cutoff=0.6)]
        return list(dict.fromkeys(found))[:limit]

    def listing(self) -> list[str]:
        """One line per code, for a person looking for a name: `HK  Hong Kong SAR China /
        ហុងកុង តំបន់រដ្ឋបាលពិសេសចិន  (also: Hong Kong, ហុងកុង)`; the report's own first."""
        width = max((len(c) for c in self.codes), default=0)
        lines = []
        for code in self.codes.values():
            also = [a for a in code.aliases if name_key(a) not in self.ambiguous]
            lines.append(f"{code.id:<{width}}  {code.label.en}" + (f" / {code.label.km}" if code.label.km else "") + (f"  (also: {', '.join(also)})" if also else ""))
        return lines

    def shown(self, code: str, like: str = "") -> str:
        """A code as a message shows it: `prov-03 (Kampong Cham)`, or with its Khmer
        name when the name it is about was typed in Khmer: `prov-03 (កំពង់ចាម)`."""
        label = self.codes[code].label
        return f"{code} ({label.km if label.km and has_khmer(like) else label.en})"


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


# Babel's territory codes that are not ISO 3166-1 places: groupings, test codes, and the
# codes ISO only reserves (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla,
# Canary Islands, Tristan da Cunha). Kosovo (XK) is kept: not assigned by ISO, used by all.
NOT_TERRITORIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ", "AC", "CP", "CQ", "DG", "EA", "IC", "TA"})
COUNTRY_KM = "ប្រទេស"  # "country": how Khmer may write it before a country's name (ប្រទេសថៃ)
MONTH_KM = "ខែ"  # "month": how Khmer writes it before a month's name (ខែមករា)


def territory_codes(names: dict[str, str]) -> list[str]:
    """The ISO 3166 alpha-2 codes among Babel's territories (Kosovo's XK included)."""
    return sorted(c for c in names if len(c) == 2 and c.isalpha() and c.isupper() and c not in NOT_TERRITORIES)


def _english_forms(name: str) -> list[str]:
    """Other ways English writes a territory's name: "and" for "&", "Saint" for "St.",
    without the part in brackets ("Myanmar (Burma)" -> "Myanmar")."""
    forms = [name.replace("&", "and"), re.sub(r"\bSt\. ", "Saint ", name), re.sub(r"\s*\([^)]*\)", "", name)]
    return [f for f in dict.fromkeys(forms) if f != name]


def _build_codelist(cid: str, spec: CodeListSpec, registry: Registry, doc: Document, findings: Findings) -> CodeList:
    line = doc.line_of(("codelists", cid))
    codelist = CodeList(id=cid, label=spec.label)
    # (code, names the catalog file writes, names from elsewhere: Babel, the registry,
    # the Khmer forms made here). Two codes writing the same name is a catalog error;
    # a name from elsewhere that two codes share is kept as ambiguous.
    codes: list[tuple[Code, tuple[str, ...], tuple[str, ...]]] = []
    if spec.source == "inline":
        for code in spec.codes:
            if isinstance(code, str):
                findings.add("NCCT901", doc.file, line, f"Code list '{cid}': inline code '{code}' needs an id and a label.")
                continue
            written = (code.id, code.label.en, code.label.km or "", *code.aliases)
            codes.append((Code(code.id, code.label, tuple(code.aliases), code.note), written, ()))
    elif spec.source == "territories":
        from babel import Locale

        en, km = Locale("en").territories, Locale("km").territories
        known = territory_codes(en)
        own: list[str] = []
        for code in spec.codes:
            code_id = code if isinstance(code, str) else code.id
            if code_id not in known:
                findings.add("NCCT901", doc.file, line, f"Code list '{cid}': '{code_id}' is not an ISO 3166 territory code.")
            elif code_id in own:
                findings.add("NCCT901", doc.file, line, f"Code list '{cid}': '{code_id}' is listed twice.")
            else:
                own.append(code_id)
        for code_id in spec.aliases:
            if code_id not in known:
                findings.add("NCCT901", doc.file, line, f"Code list '{cid}': aliases of '{code_id}', which is not an ISO 3166 territory code.")
        given = {c.id: c for c in spec.codes if not isinstance(c, str)}
        # Every territory is a code (the world is open); the report's own come first, in its order.
        for code_id in own + [c for c in known if c not in own]:
            babel = Label(en=en[code_id], km=km.get(code_id))
            label = given[code_id].label if code_id in given else babel
            aliases = tuple(spec.aliases.get(code_id, ()))
            derived = tuple(n for n in (babel.en, babel.km, *_english_forms(babel.en)) if n and n not in (label.en, label.km))
            derived += (COUNTRY_KM + babel.km,) if babel.km else ()
            written = (code_id, *(n for n in (label.en, label.km) if code_id in given and n), *aliases)
            codes.append((Code(code_id, label, aliases + derived, given[code_id].note if code_id in given else None), written, derived))
        codelist.open, codelist.own = True, len(own)
    elif spec.source == "months":
        from babel import Locale

        en_wide = Locale("en").months["format"]["wide"]
        en_abbr = Locale("en").months["format"]["abbreviated"]
        km_wide = Locale("km").months["format"]["wide"]
        for number in range(1, 13):
            code_id = en_abbr[number].lower()[:3]
            written = tuple(spec.aliases.get(code_id, ()))
            derived = (en_abbr[number], f"{number}", f"{number:02d}", MONTH_KM + km_wide[number])
            if number == 9:
                derived += ("Sept",)
            codes.append((Code(code_id, Label(en=en_wide[number], km=km_wide[number]), derived + written), written, derived))
    elif spec.source == "registry":
        unknown = [k for k in spec.kinds if k not in KINDS]
        if unknown or not spec.kinds:
            findings.add("NCCT901", doc.file, line, f"Code list '{cid}': kinds must be some of {', '.join(KINDS)}.")
        for contributor in registry.of_kind(*spec.kinds):
            names = contributor.all_names()
            aliases = tuple(dict.fromkeys(n for n in names if n not in (contributor.id, contributor.name.en, contributor.name.km)))
            codes.append((Code(contributor.id, contributor.name, aliases), (), names))
    written_by: dict[str, set[str]] = {}
    for code, written, _ in codes:
        codelist.add(code)
        for name in written:
            if not name:
                continue
            key = name_key(name)
            others = sorted(written_by.get(key, set()) - {code.id})
            if others:
                findings.add("NCCT901", doc.file, line, f"Code list '{cid}': the name '{name}' is used by two codes: {' and '.join(others + [code.id])}.")
            written_by.setdefault(key, set()).add(code.id)
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
