"""The package's reference data: the catalog and the registry, checked, and cached.

Both are read here, so that `catalog` and `registry` do not import each other. Every
stage takes them as arguments; `load_reference()` is what the command line passes.
The registry is the package's own, or the file named by NCCT_REGISTRY (registry.py);
the cache key covers the file used.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache

from .cache import cached
from .catalog import Catalog, CatalogError, build_catalog, catalog_dir
from .errors import NcctError
from .findings import Findings
from .labels import Label
from .registry import REGISTRY_ENV, REGISTRY_MAX_BYTES, Registry, read_registry, registry_path


@cache
def load_reference() -> tuple[Catalog, Registry]:
    """The package's catalog and registry, checked; raises CatalogError if broken."""
    registry = registry_path()
    if os.environ.get(REGISTRY_ENV) and not registry.is_file():
        raise NcctError(f"{REGISTRY_ENV} names {registry}, which is not a file: give the path of a registry file (YAML, like ncct_report/data/registry.yaml), or unset it.")
    try:
        too_large = registry.stat().st_size > REGISTRY_MAX_BYTES
    except OSError:
        too_large = False
    if too_large:
        return _build()  # refused with its finding, without reading it all for the cache key
    inputs = sorted(catalog_dir().glob("*.yaml")) + [registry]
    return cached("catalog", inputs, _build)


@dataclass
class Measure:
    """A measure of the catalog as cached: catalog.MeasureSpec's fields, without pydantic."""

    label: Label
    definition: Label | None = None
    part_of: list[str] = field(default_factory=list)


@dataclass
class ChartDef:
    """An indicator's chart as cached: catalog.ChartSpec's fields, without pydantic."""

    kind: str
    measures: list[str]
    title: Label | None = None


def _build() -> tuple[Catalog, Registry]:
    findings = Findings()
    registry = read_registry(findings)
    if registry is None or findings.errors:
        raise CatalogError(findings)
    catalog = build_catalog(sorted(catalog_dir().glob("*.yaml")), registry, findings)
    if findings.errors:
        raise CatalogError(findings)
    # The cached result holds plain dataclasses only (apart from labels.Label), so that
    # using it needs none of the catalog's pydantic models.
    catalog.measures = {mid: Measure(m.label, m.definition, list(m.part_of)) for mid, m in catalog.measures.items()}
    for ind in catalog.indicators.values():
        if ind.chart is not None:
            ind.chart = ChartDef(ind.chart.kind, list(ind.chart.measures), ind.chart.title)
    return catalog, registry


def load_catalog() -> Catalog:
    return load_reference()[0]


def load_registry() -> Registry:
    return load_reference()[1]


def main() -> int:
    """`python -m ncct_report.reference`: check the catalog and registry, print a summary."""
    try:
        catalog, registry = load_reference()
    except CatalogError as exc:
        print(exc)
        return 1
    print(
        f"catalog ok: {len(catalog.indicators)} indicators, {len(catalog.measures)} measures, "
        f"{len(catalog.codelists)} code lists, {len(catalog.sections)} sections; "
        f"registry: {len(registry.contributors)} contributors"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
