"""Who was expected to report for a year, who did, and whose file is valid; and, for
the tables every contributor of a kind must fill in, who gave figures.

Expected: every capital/province, the secretariat, and every contributor that sent a
complete (not `partial`) file the year before. Received: a file that reports something
(an untouched `ncct init` template is not a report). A table is reported only by a
file that gives at least one figure for it; a contributor may instead say it has
nothing to report for the table (`nothing_to_report`), or the secretariat may excuse
it, with a reason, for the year or for some tables (`excused`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .catalog import Catalog, Indicator
from .findings import Finding
from .labels import Label
from .registry import KIND_LABELS, Registry
from .submission import Excuse, Submission


def expected_contributors(registry: Registry, previous: list[Submission]) -> list[str]:
    """Every province, the secretariat, and who sent a complete report the year before."""
    sent = {s.contributor for s in previous if not s.partial and s.filled and s.contributor in registry}
    wanted = {c.id for c in registry.of_kind("province", "secretariat")} | sent
    return [cid for cid in registry.contributors if cid in wanted]


def excuses(submissions: list[Submission]) -> list[Excuse]:
    """The secretariat's excuses (only its file may excuse)."""
    return [e for s in submissions if s.contributor == "secretariat" for e in s.excused]


def counts_by_kind(registry: Registry, expected: list[str], **groups: list[str]) -> dict[str, dict[str, int]]:
    """Per kind of contributor: how many are expected, and how many of those are in
    each group (received, missing ...)."""
    members = {name: set(ids) for name, ids in groups.items()}
    out = {}
    for kind in KIND_LABELS:
        of_kind = [c for c in expected if registry[c].kind == kind]
        out[kind] = {"expected": len(of_kind)} | {name: sum(c in ids for c in of_kind) for name, ids in members.items()}
    return out


@dataclass
class TableStatus:
    """One table that every contributor of its kinds is expected to fill in."""

    indicator: str
    section: str
    expected: list[str]
    reported: list[str]
    nothing_to_report: list[str]
    excused: dict[str, Label]
    missing: list[str]


def table_status(ind: Indicator, submissions: list[Submission], registry: Registry, excused: list[Excuse]) -> TableStatus:
    """Who was expected to fill in the table, who did, who had nothing to report, who
    was excused: one pass over the files and one over the registry."""
    reporters = set(ind.reporters)
    expected = [c.id for c in registry.contributors.values() if c.id in reporters or c.kind in reporters]
    reported: set[str | None] = set()
    empty: set[str | None] = set()
    for s in submissions:
        if s.gives(ind.id):
            reported.add(s.contributor)
        elif ind.id in s.nothing_to_report:
            empty.add(s.contributor)
    excuse = {e.contributor: e.reason for e in excused if not e.indicators or ind.id in e.indicators}
    return TableStatus(
        indicator=ind.id,
        section=ind.section,
        expected=expected,
        reported=[c for c in expected if c in reported],
        nothing_to_report=[c for c in expected if c in empty],
        excused={c: excuse[c] for c in expected if c in excuse and c not in reported},
        missing=[c for c in expected if c not in reported and c not in empty and c not in excuse],
    )


@dataclass
class Status:
    year: int
    expected: list[str]
    received: list[str]
    with_errors: list[str]
    missing: list[str]
    unexpected: list[str]
    excused: dict[str, Label] = field(default_factory=dict)  # for the whole year
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    tables: list[TableStatus] = field(default_factory=list)

    @property
    def valid(self) -> list[str]:
        with_errors = set(self.with_errors)
        return [c for c in self.received if c not in with_errors]

    @property
    def tables_missing(self) -> list[TableStatus]:
        return [t for t in self.tables if t.missing]

    @property
    def complete(self) -> bool:
        return not self.missing and not self.with_errors and not self.tables_missing


def year_status(
    year: int,
    submissions: list[Submission],
    previous: list[Submission],
    errors: list[Finding],
    registry: Registry,
    catalog: Catalog,
) -> Status:
    """The completeness of `year` from its submissions and the year before's."""
    expected = expected_contributors(registry, previous)
    wanted = set(expected)
    filled = [s for s in submissions if s.contributor in registry and s.filled]
    sent = {s.contributor for s in filled}
    received = [cid for cid in registry.contributors if cid in sent]
    files_with_errors = {f.file for f in errors}
    with_errors = {s.contributor for s in submissions if s.file in files_with_errors and s.contributor in registry}
    # a file too broken to read has no contributor: count it by its file name
    read_files = {s.file for s in submissions}
    for finding in errors:
        stem = Path(finding.file).stem
        if stem in registry and finding.file not in read_files:
            with_errors.add(stem)
    excused_list = excuses(submissions)
    year_excused = {e.contributor: e.reason for e in excused_list if not e.indicators and e.contributor in registry}
    missing = [c for c in expected if c not in sent and c not in year_excused]
    by_kind = counts_by_kind(
        registry, expected,
        received=[c for c in expected if c in sent], with_errors=list(with_errors), excused=list(year_excused), missing=missing,
    )
    tables = [table_status(ind, filled, registry, excused_list) for ind in catalog.indicators.values() if ind.expect_all]
    return Status(
        year=year,
        expected=expected,
        received=received,
        with_errors=[c for c in registry.contributors if c in with_errors],
        missing=missing,
        unexpected=[c for c in received if c not in wanted],
        excused={c: year_excused[c] for c in expected if c in year_excused},
        by_kind=by_kind,
        tables=tables,
    )
