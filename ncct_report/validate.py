"""`ncct validate`: check files and folders of submissions, every problem as a finding.

A thin layer over the reading stage (read.py), which does the work for every command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .catalog import Catalog
from .read import Reading, read_paths
from .registry import Registry

ValidationResult = Reading


def validate_paths(
    paths: Iterable[Path],
    *,
    strict: bool = False,
    catalog: Catalog | None = None,
    registry: Registry | None = None,
    data_dir: Path | None = None,
) -> Reading:
    """Validate files and folders of submissions (the package's catalog by default);
    files given alone are checked in `data_dir`, if given (see read.read_paths)."""
    if catalog is None or registry is None:
        from .reference import load_reference

        catalog, registry = load_reference()
    return read_paths(paths, catalog, registry, strict=strict, data_dir=data_dir)
