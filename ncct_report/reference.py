"""The package's reference data: the catalog and the registry, checked, and cached.

Both are read here, so that `catalog` and `registry` do not import each other. Every
stage takes them as arguments; `load_reference()` is what the command line passes.
The registry is the package's own, or the file named by NCCT_REGISTRY (registry.py);
the cache key covers the file used.
"""

from __future__ import annotations

import os
from functools import cache

from .cache import cached
from .catalog import Catalog, CatalogError, build_catalog, catalog_dir
from .errors import NcctError
from .findings import Findings, message
from .i18n import N_
from .registry import REGISTRY_ENV, REGISTRY_MAX_BYTES, Registry, read_registry, registry_path


@cache
def load_reference() -> tuple[Catalog, Registry]:
    """The package's catalog and registry, checked; raises CatalogError if broken."""
    registry = registry_path()
    if os.environ.get(REGISTRY_ENV) and not registry.is_file():
        raise NcctError(message(N_("%(variable)s names %(file)s, which is not a file: give the path of a registry file (YAML, like %(example)s), or unset it."),
                                variable=REGISTRY_ENV, file=registry, example="ncct_report/data/registry.yaml"))
    try:
        too_large = registry.stat().st_size > REGISTRY_MAX_BYTES
    except OSError:
        too_large = False
    if too_large:
        return _build()  # refused with its finding, without reading it all for the cache key
    inputs = sorted(catalog_dir().glob("*.yaml")) + [registry]
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
