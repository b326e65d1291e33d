"""`ncct init YEAR`: one ready-to-fill submission per registered contributor.

Each template lists the indicators that contributor reported the year before, with
empty values and last year's figures beside them as comments, and the schema line
that gives editors completion. Existing files are never touched.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .catalog import Catalog, Indicator
from .i18n import N_
from .output import write_new
from .registry import Contributor, Registry
from .read import read_year, year_folder
from .schema import SCHEMA_LINE
from .submission import Figures, Submission


FILL_IN = N_(
    "Fill in the figures (leave a figure empty if it was not counted: never write 0 for \"no report\"), "
    "check the file with `ncct validate` and send it to the NCCT secretariat."
)


@dataclass
class InitResult:
    folder: Path
    created: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)
    previous_errors: int = 0  # errors in last year's files: their unreadable parts are not in the templates
    schema_written: bool = False  # DATA/YEAR/submission.schema.json written or brought up to date


def _in_khmer(text: str, **values) -> str | None:
    """`text` in Khmer (numbers in Khmer digits), or None while its translation is missing."""
    from .i18n import gettext_in
    from .khmer import khmer_digits

    km = gettext_in("km", text)
    if km == text:
        return None
    return km % {k: khmer_digits(str(v)) if isinstance(v, int) else v for k, v in values.items()} if values else km


def _comment(text: str, **values) -> str:
    """A template's comment in English and Khmer (the file goes to contributors who read
    either): "English / ខ្មែរ"."""
    en = text % values if values else text
    km = _in_khmer(text, **values)
    return f"{en} / {km}" if km else en


def _khmer_line(text: str, **values) -> list[str]:
    km = _in_khmer(text, **values)
    return [f"# {km}"] if km else []


def _label(label) -> str:
    return f"{label.en} / {label.km}" if label.km and label.km != label.en else label.en


def _number(value: int | None) -> str:
    return _comment(N_("not reported")) if value is None else f"{value:,}"


def _measure_lines(indent: str, measures: list[str], last: dict[str, int | None], year: int) -> list[str]:
    width = max(len(m) for m in measures) + 2
    lines = []
    for measure in measures:
        comment = f"  # {year}: {_number(last[measure])}" if measure in last else ""
        lines.append(f"{indent}{(measure + ':').ljust(width)}{comment}".rstrip())
    return lines


def _indicator_lines(ind: Indicator, last: Figures, year: int, catalog: Catalog) -> list[str]:
    lines = [f"  {ind.id}:  # {ind.section} {_label(ind.label)}"]
    if ind.rows is None:
        return lines + _measure_lines("    ", ind.measures, last.rows.get(None, {}), year)
    codes = catalog.codelists[ind.rows].codes
    lines.append("    rows:")
    for code, values in last.rows.items():
        label = _label(codes[code].label) if code in codes else code
        lines.append(f"      {code}:  # {label}")
        lines += _measure_lines("        ", [m for m in ind.measures if m in values] or ind.measures, values, year)
    if last.total:
        lines.append("    total:  # " + _comment(N_("as printed in your own table, if you print one")))
        lines += _measure_lines("      ", [m for m in ind.total_measures if m in last.total], last.total, year)
    return lines


def last_year_submissions(data_dir: Path, year: int, catalog: Catalog, registry: Registry) -> tuple[dict[str, Submission], int]:
    """The submissions of YEAR - 1 by contributor, and the number of errors in them
    (their unreadable parts are not offered)."""
    if not (data_dir / str(year - 1)).is_dir():
        return {}, 0
    reading = read_year(data_dir, year - 1, catalog, registry, earlier_years=0)
    return {s.contributor: s for s in reading.submissions if s.contributor}, len(reading.findings.errors)


def tables_to_fill(contributor: Contributor, year: int, last: Submission | None, catalog: Catalog) -> list[Indicator]:
    """The tables a contributor is asked to fill in for `year`: those it reported the
    year before, in the order of its file."""
    return [catalog.indicators[i] for i in (last.figures if last else {}) if i in catalog.indicators]


def template_text(contributor: Contributor, year: int, last: Submission | None, catalog: Catalog) -> str:
    """A contributor's file to fill in, its comments in English and Khmer."""
    lines = [
        SCHEMA_LINE,
        f"# {contributor.name.en}: submission for {year}.",
        *_khmer_line(N_("%(name)s: submission for %(year)s."), name=contributor.name.km, year=year),
        "# Fill in the figures (leave a figure empty if it was not counted: never write 0 for",
        "# \"no report\"), check the file with `ncct validate` and send it to the NCCT secretariat.",
        *_khmer_line(FILL_IN),
        f"contributor: {contributor.id}",
        f"year: {year}",
        "submitted:  # " + _comment(N_("the date you send it, YYYY-MM-DD")),
    ]
    indicators = tables_to_fill(contributor, year, last, catalog)
    if indicators:
        lines.append("figures:  # " + _comment(N_("the indicators you reported for %(year)s; `ncct indicators` lists all"), year=year - 1))
        for ind in indicators:
            lines += _indicator_lines(ind, last.figures[ind.id], year - 1, catalog)
    else:
        lines.append("figures: {}  # " + _comment(N_("`ncct indicators` lists what can be reported")))
    lines += [
        "items:  # " + _comment(N_("activities, meetings, laws ... one entry each, in English and Khmer")),
        "  # - section: B.4",
        "  #   en: ...",
        "  #   km: ...",
    ]
    return "\n".join(lines) + "\n"


def write_schema(folder: Path, catalog: Catalog, registry: Registry) -> bool:
    """FOLDER/submission.schema.json, which the templates' first line names (editors'
    completion and checks while typing), written or brought up to date; True if written."""
    from .output import write_atomically
    from .schema import SCHEMA_NAME, schema_text

    path = folder / SCHEMA_NAME
    data = schema_text(catalog, registry).encode("utf-8")
    if path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        return False
    write_atomically(path, data)
    return True


def init_files(year: int, data_dir: Path, catalog: Catalog, registry: Registry, suffix: str,
               make: Callable[[Contributor, Submission | None], bytes]) -> InitResult:
    """DATA/YEAR/<contributor-id><suffix> for every registered contributor, made by `make`
    from its submission of the year before; existing files are never touched."""
    folder = year_folder(data_dir, year, create=True)
    previous, errors = last_year_submissions(data_dir, year, catalog, registry)
    result = InitResult(folder, previous_errors=errors)
    made = {}
    for contributor in registry.contributors.values():
        path = folder / f"{contributor.id}{suffix}"
        if path.exists():
            result.kept.append(path)
            continue
        made[path] = make(contributor, previous.get(contributor.id))
    for path, data in made.items():  # gather first, write last
        (result.created if write_new(path, data) else result.kept).append(path)
    return result


def init_year(year: int, data_dir: Path, catalog: Catalog, registry: Registry) -> InitResult:
    """`ncct init YEAR`: a YAML template for every registered contributor, and the schema
    their first line names beside them."""
    result = init_files(year, data_dir, catalog, registry, ".yaml",
                        lambda contributor, last: template_text(contributor, year, last, catalog).encode("utf-8"))
    result.schema_written = write_schema(result.folder, catalog, registry)
    return result
