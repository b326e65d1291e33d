"""The reading stage: files and folders of submissions, and the earlier years they are
compared with, read once into typed submissions and findings.

Every command that looks at submissions (validate, build, status, init, translations)
reads them here. Per file: load (safe YAML with lines) -> structure (the JSON Schema)
-> normalise (typed figures, the count rule) -> the file rules. Then the folder rules
(across the files of a year) and the rules against earlier years. Earlier years are
read the same way; their findings are kept, as warnings that name their year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from . import rules
from .catalog import Catalog
from .errors import NcctError
from .findings import Finding, Findings, message
from .i18n import N_
from .load import MAX_BYTES, load_bytes, load_file
from .registry import Registry
from .schema import SCHEMA_NAME
from .structure import check_structure
from .submission import Review, Submission, normalise

YAML_SUFFIXES = (".yaml", ".yml")
EARLIER_YEARS = 2  # how many years before are read for comparisons
# The secretariat's file holds the printed totals and the narrative of the whole report;
# it grows with the number of contributors, which a submission does not.
SECRETARIAT_MAX_BYTES = 16_000_000


@dataclass
class Reading:
    """What was read: the submissions asked for, the earlier years, every finding."""

    files: int
    findings: Findings
    submissions: list[Submission]
    earlier: dict[int, list[Submission]] = field(default_factory=dict)
    reviews: list[Review] = field(default_factory=list)
    # Files checked alone: warnings of earlier years in other contributors' files, not
    # shown; and the checks that could not run (no other files of the year, no earlier
    # year beside them), to say how to run them (`--data`).
    not_shown: int = 0
    not_run: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings.errors


def read_paths(
    paths: Iterable[Path],
    catalog: Catalog,
    registry: Registry,
    *,
    strict: bool = False,
    earlier_years: int = EARLIER_YEARS,
    contents: Mapping[Path, bytes] | None = None,
    data_dir: Path | None = None,
) -> Reading:
    """Read files and folders of submissions, the earlier years beside them, and run
    every rule; see the module docstring. `contents` holds files read from memory
    instead of the disk, by the path they stand for (a submission imported from a
    workbook); such a path need not exist. `data_dir`: a file given alone is checked as
    if it were in DATA/YEAR (with the other files of that year, in place of its
    contributor's, and the years before it), its own findings reported."""
    findings = Findings()
    submissions: list[Submission] = []
    files = 0
    for path, display, folder in collect(paths, findings):
        files += 1
        sub = read_file(path, display, catalog, registry, findings, (contents or {}).get(path))
        if sub is not None:
            sub.in_folder = folder
            submissions.append(sub)
    alone = [s for s in submissions if s.in_folder is None]
    context: list[Submission] = []
    if data_dir is not None and alone:
        context = _year_context(alone, data_dir, catalog, registry)
    earlier_findings = Findings()
    earlier = _read_earlier(submissions, catalog, registry, earlier_findings, earlier_years)
    not_shown = _only_their_own(earlier_findings, earlier, submissions) if alone and len(alone) == len(submissions) else 0
    findings.extend(earlier_findings)
    _run_rules(submissions, rules.Context(catalog, registry, earlier), findings, context)
    reviews = [r for s in submissions if s.contributor == "secretariat" for r in s.reviewed]
    apply_reviews(reviews, findings)
    if strict:
        for finding in findings.items:
            if finding.review is None:
                finding.severity = "error"
    not_run = _not_run(alone, earlier, bool(context)) if alone and data_dir is None else []
    return Reading(files, findings, submissions, earlier, reviews, not_shown, not_run)


def _year_context(alone: list[Submission], data_dir: Path, catalog: Catalog, registry: Registry) -> list[Submission]:
    """The files of DATA/YEAR beside which the files given alone are checked (not their
    contributors' own, which they replace); the given files are placed in that folder."""
    context: list[Submission] = []
    for year in sorted({s.year for s in alone if s.year is not None}):
        folder = data_dir / str(year)
        mine = [s for s in alone if s.year == year]
        for sub in mine:
            sub.in_folder = folder
        if not folder.is_dir() or folder.is_symlink():
            continue
        replaced = {s.contributor for s in mine} | {s.path.resolve() for s in mine}
        ignored = Findings()  # the other files' own problems are theirs, not this check's
        for path, display, found_in in collect([folder], ignored):
            if path.resolve() in replaced:
                continue
            sub = read_file(path, display, catalog, registry, ignored)
            if sub is not None and sub.contributor not in replaced:
                sub.in_folder = found_in
                context.append(sub)
    return context


def _only_their_own(earlier_findings: Findings, earlier: dict[int, list[Submission]], checked: list[Submission]) -> int:
    """Keep the earlier years' findings in the files of the contributors checked; how
    many others were left out."""
    ours = {s.contributor for s in checked if s.contributor}
    owner = {s.file: s.contributor for subs in earlier.values() for s in subs}
    kept = [f for f in earlier_findings.items if owner.get(f.file) in ours]
    left_out = len(earlier_findings.items) - len(kept)
    earlier_findings.items[:] = kept
    return left_out


def _not_run(alone: list[Submission], earlier: dict[int, list[Submission]], with_context: bool) -> list[str]:
    """The checks a file given alone did not get, named for the output."""
    not_run = [] if with_context else ["folder"]
    years = {s.year for s in alone if s.year is not None}
    if years and not any(y - 1 in earlier for y in years):
        not_run.append("last year")
    return not_run


def year_folder(data_dir: Path, year: int, *, create: bool = False) -> Path:
    """DATA/YEAR, checked: a folder (created if asked), never a file or a link."""
    folder = data_dir / str(year)
    if folder.is_symlink():
        raise NcctError(message(N_("%(folder)s is a link; ncct reads and writes only real folders inside the data folder."), folder=folder))
    if folder.exists() and not folder.is_dir():
        raise NcctError(message(N_("%(folder)s is a file, not a folder: the submissions of %(year)s go in a folder of that name."), folder=folder, year=str(year)))
    if not folder.exists():
        if not create:
            raise NcctError(message(
                N_("There is no data for %(year)s: the folder %(folder)s does not exist. "
                   "Start the year with `ncct init %(year)s`, or give the data folder with --data."),
                year=str(year), folder=folder,
            ))
        folder.mkdir(parents=True)
    return folder


def read_year(data_dir: Path, year: int, catalog: Catalog, registry: Registry, *, earlier_years: int = EARLIER_YEARS) -> Reading:
    """Read DATA/YEAR and the years before it."""
    return read_paths([data_dir / str(year)], catalog, registry, earlier_years=earlier_years)


def read_file(path: Path, display: str, catalog: Catalog, registry: Registry, findings: Findings, raw: bytes | None = None) -> Submission | None:
    """Load one file (from `raw`, its bytes, when given), check its structure and read
    it; None if it cannot be read at all."""
    if raw is not None:
        doc = load_bytes(raw, display, findings)
    else:
        doc = load_file(path, display, findings, limit=SECRETARIAT_MAX_BYTES if path.stem == "secretariat" else MAX_BYTES)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        findings.add("NCCT103", display, doc.line_of(()), message(N_("The file must be a block of `key: value` lines (contributor, year, figures ...).")))
        return None
    check_structure(doc, catalog, registry, findings)
    return normalise(doc, path, catalog, findings)


def collect(paths: Iterable[Path], findings: Findings) -> Iterable[tuple[Path, str, Path | None]]:
    """Files to read: (path, name to show, folder it was found in or None).

    A year folder (named like 2016) is read flat: its .yaml files; anything else in it
    (links, sub-folders, pipes, other files) is named, not read. Another folder is
    read as a data folder: its year sub-folders."""
    for given in paths:
        if not given.is_dir() or given.is_symlink():
            if given.is_symlink() and given.is_dir():
                findings.add("NCCT011", str(given), None, message(N_("This folder is a link; it is not read.")))
                continue
            yield given, str(given), None
            continue
        if re.fullmatch(r"\d{4}", given.name):
            yield from _year_folder(given, findings)
            continue
        for entry in sorted(given.iterdir()):
            if entry.name.startswith("."):
                continue
            if re.fullmatch(r"\d{4}", entry.name) and entry.is_dir() and not entry.is_symlink():
                yield from _year_folder(entry, findings)
            elif entry.is_symlink():
                findings.add("NCCT011", str(entry), None, message(N_("This is a link; it is not read.")))
            elif entry.is_dir():
                findings.add("NCCT012", str(entry), None, message(N_("This folder is not a year (such as 2016); it is not read.")))
            else:
                yield from _year_folder_entry(entry, given, findings)


def _year_folder(folder: Path, findings: Findings) -> Iterable[tuple[Path, str, Path | None]]:
    for entry in sorted(folder.iterdir()):
        if entry.name == SCHEMA_NAME and entry.is_file() and not entry.is_symlink():
            continue  # the schema `ncct init` writes beside the submissions: ncct's own file
        if not entry.name.startswith("."):
            yield from _year_folder_entry(entry, folder, findings)


def _year_folder_entry(path: Path, folder: Path, findings: Findings) -> Iterable[tuple[Path, str, Path | None]]:
    display = str(path)
    if path.is_symlink():
        findings.add("NCCT011", display, None, message(N_("This is a link to another place; it is not read.")))
    elif path.is_dir():
        findings.add("NCCT012", display, None, message(N_("This is a folder; submissions are the .yaml files of the year folder itself. It is not read.")))
    elif not path.is_file():
        findings.add("NCCT012", display, None, message(N_("This is not a regular file (a pipe or a device); it is not read.")))
    elif path.suffix.lower() == ".xlsx":
        if not _imported(path):
            findings.add("NCCT012", display, None, message(N_("This workbook is not read until it is imported: `ncct import %(file)s` writes its .yaml file."), file=display))
    elif path.suffix.lower() not in YAML_SUFFIXES:
        findings.add("NCCT012", display, None, message(N_("This file is not a .yaml file; it is not read.")))
    else:
        yield path, display, folder


def _imported(workbook: Path) -> bool:
    """Whether a workbook's .yaml file (`ncct import`) is beside it and at least as new."""
    yaml_file = workbook.with_suffix(".yaml")
    try:
        return yaml_file.is_file() and yaml_file.stat().st_mtime >= workbook.stat().st_mtime
    except OSError:
        return False


def _year_of_folder(folder: Path, subs: list[Submission]) -> int | None:
    if re.fullmatch(r"\d{4}", folder.name):
        return int(folder.name)
    return next((s.year for s in subs if s.year is not None), None)


def _read_earlier(
    submissions: list[Submission], catalog: Catalog, registry: Registry, findings: Findings, count: int
) -> dict[int, list[Submission]]:
    """The earlier years beside the folders read: the `count` years before, and any
    year a printed change or a stated figure refers to."""
    wanted: dict[Path, set[int]] = {}
    for folder, group in _by_parent(submissions).items():
        year = _year_of_folder(folder, group)
        if year is None:
            continue
        years = {year - n for n in range(1, count + 1)}
        for sub in group:
            years |= {c.since for changes in sub.declared_changes.values() for c in changes.values()}
            years |= {c.since for f in sub.figures.values() for c in f.changes.values()}
            years |= {s.year for item in sub.items for s in item.states if s.year is not None}
        shown = group[0].in_folder or group[0].path.parent  # as given: earlier files are named like this year's
        wanted.setdefault(shown.parent, set()).update(y for y in years if y < year)
    already = _by_parent(submissions)  # a year asked for is not read (nor reported) twice
    earlier: dict[int, list[Submission]] = {}
    for data_dir, years in wanted.items():
        for year in sorted(years, reverse=True):
            folder = data_dir / str(year)
            if not folder.is_dir() or year in earlier:
                continue
            if folder.resolve() in already:
                earlier[year] = [s for s in already[folder.resolve()] if s.contributor is not None]
                continue
            earlier[year] = _read_earlier_year(folder, year, catalog, registry, findings)
    return {y: subs for y, subs in earlier.items() if subs}


def _read_earlier_year(folder: Path, year: int, catalog: Catalog, registry: Registry, findings: Findings) -> list[Submission]:
    """One earlier year's folder; its findings become warnings that name the year."""
    own = Findings()
    subs = []
    for path, display, found_in in collect([folder], own):
        sub = read_file(path, display, catalog, registry, own)
        if sub is not None:
            sub.in_folder = found_in
            subs.append(sub)
    ctx = rules.Context(catalog, registry)
    for sub in subs:
        rules.run("file", sub, ctx, own)
    rules.run("folder", subs, ctx, own)
    for finding in own.items:
        finding.severity = "warning"
        earlier = message(N_("(data of %(year)s, read for comparisons) %(message)s"), year=str(year), message=finding.text or finding.message)
        finding.message, finding.text = earlier.text(), earlier
        findings.items.append(finding)
    return [s for s in subs if s.contributor is not None]


def _by_parent(submissions: list[Submission]) -> dict[Path, list[Submission]]:
    """Submissions by the year folder they are (or are checked as being) in."""
    groups: dict[Path, list[Submission]] = {}
    for sub in submissions:
        groups.setdefault((sub.in_folder or sub.path.parent).resolve(), []).append(sub)
    return groups


def _run_rules(submissions: list[Submission], ctx: rules.Context, findings: Findings, context: list[Submission] = ()) -> None:
    """File rules, then folder and year rules by folder; `context`: other files of a
    folder that take part in its folder rules, whose own findings are not reported."""
    for sub in submissions:
        rules.run("file", sub, ctx, findings)
    beside = _by_parent(list(context))
    for folder, group in _by_parent(submissions).items():
        in_folder = [s for s in group if s.in_folder is not None]
        if folder in beside:
            theirs = {s.file for s in beside[folder]}
            found = Findings()
            rules.run("folder", in_folder + beside[folder], ctx, found)
            findings.items.extend(f for f in found.items if f.file not in theirs)
        else:
            rules.run("folder", in_folder if in_folder else group, ctx, findings)
        rules.run("years", [s for s in group if s.contributor], ctx, findings)


def apply_reviews(reviews: list[Review], findings: Findings) -> None:
    """Mark the warnings a reviewer has checked; a review that matches none is a finding."""
    for review in reviews:
        for finding in findings.items:
            if _matches(review, finding):
                finding.review = review.reason
                review.used = True
    for review in reviews:
        if not review.used:
            template = N_("reviewed: no warning %(code)s in %(file)s about '%(about)s'; the review no longer applies.") if review.about else \
                N_("reviewed: no warning %(code)s in %(file)s; the review no longer applies.")
            findings.add("NCCT117", review.declared_in, review.line, message(template, code=review.code, file=review.file, about=review.about or ""), path="reviewed")


def _matches(review: Review, finding: Finding) -> bool:
    if finding.severity != "warning" or finding.code != review.code:
        return False
    if Path(finding.file).name != review.file and not finding.file.endswith("/" + review.file.lstrip("/")):
        return False
    return review.about is None or review.about in finding.message or review.about in finding.path
