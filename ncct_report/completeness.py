"""Who was expected to report for a year, who did, and whose file is valid.

Expected: every capital/province, the secretariat, and every contributor that sent a
complete (not `partial`) file the year before. Received: a file with at least one
figure or narrative item (an untouched `ncct init` template is not a report).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding
from .registry import KIND_LABELS, Registry
from .validate import Submission, read_submissions


def is_filled(sub: Submission) -> bool:
    """True when the file reports something: a figure or a narrative item."""
    for figures in sub.figures.values():
        if any(v is not None for values in figures.rows.values() for v in values.values()):
            return True
        if figures.total and any(v is not None for v in figures.total.values()):
            return True
    if any(v is not None for values in sub.declared_totals.values() for v in values.values()):
        return True
    items = sub.doc.data.get("items")
    return isinstance(items, list) and any(isinstance(i, dict) and (i.get("en") or i.get("km")) for i in items)


def expected_contributors(year: int, data_dir: Path, registry: Registry) -> list[str]:
    previous = [s for s in read_submissions(data_dir / str(year - 1)) if not s.doc.data.get("partial") and is_filled(s)]
    wanted = {c.id for c in registry.of_kind("province", "secretariat")} | {s.contributor for s in previous if s.contributor in registry}
    return [cid for cid in registry.contributors if cid in wanted]


@dataclass
class Status:
    year: int
    expected: list[str]
    received: list[str]
    with_errors: list[str]
    missing: list[str]
    unexpected: list[str]
    by_kind: dict[str, dict[str, int]] = field(default_factory=dict)
    tables: list[dict] = field(default_factory=list)  # per indicator with expect_all: who is missing

    @property
    def valid(self) -> list[str]:
        return [c for c in self.received if c not in self.with_errors]

    @property
    def complete(self) -> bool:
        return not self.missing and not self.with_errors


def year_status(year: int, data_dir: Path, submissions: list[Submission], errors: list[Finding], registry: Registry, catalog) -> Status:
    expected = expected_contributors(year, data_dir, registry)
    filled = [s for s in submissions if s.contributor in registry and is_filled(s)]
    received = [cid for cid in registry.contributors if any(s.contributor == cid for s in filled)]
    files_with_errors = {f.file for f in errors}
    with_errors = [s.contributor for s in submissions if s.file in files_with_errors and s.contributor in registry]
    # a file too broken to read has no contributor: count it by its file name
    for finding in errors:
        stem = Path(finding.file).stem
        if stem in registry and stem not in with_errors and not any(s.file == finding.file for s in submissions):
            with_errors.append(stem)
    with_errors = [c for c in registry.contributors if c in with_errors]
    by_kind = {}
    for kind in KIND_LABELS:
        of_kind = [c for c in expected if registry[c].kind == kind]
        by_kind[kind] = {
            "expected": len(of_kind),
            "received": sum(c in received for c in of_kind),
            "with_errors": sum(c in with_errors for c in of_kind),
            "missing": sum(c not in received for c in of_kind),
        }
    tables = []
    for ind in catalog.indicators.values():
        if not ind.expect_all:
            continue
        reporters = [c.id for c in registry.contributors.values() if c.id in ind.reporters or c.kind in ind.reporters]
        gave = {s.contributor for s in filled if ind.id in s.figures}
        tables.append({"indicator": ind.id, "section": ind.section, "expected": len(reporters), "missing": [c for c in reporters if c not in gave]})
    return Status(
        year=year,
        expected=expected,
        received=received,
        with_errors=with_errors,
        missing=[c for c in expected if c not in received],
        unexpected=[c for c in received if c not in expected],
        by_kind=by_kind,
        tables=tables,
    )
