"""The package's reference data: the catalog and the registry, checked, and cached.

Both are read here, so that `catalog` and `registry` do not import each other. Every
stage takes them as arguments; `load_reference()` is what the command line passes.
"""

from __future__ import annotations

from functools import cache

from .cache import cached
from .catalog import Catalog, CatalogError, build_catalog, catalog_dir
from .findings import Findings
from .registry import Registry, read_registry, registry_path


@cache
def load_reference() -> tuple[Catalog, Registry]:
    """The package's catalog and registry, checked; raises CatalogError if broken."""
    inputs = sorted(catalog_dir().glob("*.yaml")) + [registry_path()]
    return cached("catalog", inputs, _build)


def _build() -> tuple[Catalog, Registry]:
    findings = Findings()
    registry = read_registry(findings)
    if registry is None or findings.errors:
        raise CatalogError(findings)
    catalog = build_catalog(sorted(catalog_dir().glob("*.yaml")), registry, findings)
    if findings.errors:
        raise CatalogError(findings)
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
