"""The cache of the built catalog: keyed on everything it depends on, never shared by tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ncct_report import cache, rules


def test_the_key_changes_with_the_code(tmp_path):
    data = tmp_path / "catalog.yaml"
    data.write_text("a: 1\n")
    code = tmp_path / "stage.py"
    code.write_text("X = 1\n")
    before = cache._key([data], [code])
    code.write_text("X = 2\n")
    after_code = cache._key([data], [code])
    assert after_code != before
    data.write_text("a: 2\n")
    assert cache._key([data], [code]) != after_code


def test_the_key_covers_every_module_of_the_package():
    files = cache.code_files()
    assert Path(rules.__file__) in files and Path(cache.__file__) in files
    assert len(files) == len(list(Path(cache.__file__).parent.rglob("*.py")))


def test_tests_use_their_own_cache_folder():
    assert "ncct-test-cache-" in os.environ["NCCT_CACHE_DIR"]
    assert cache.cache_dir() == Path(os.environ["NCCT_CACHE_DIR"])


def test_catalog_and_registry_modules_do_not_import_each_other():
    code = (
        "import sys, ncct_report.registry\n"
        "assert 'ncct_report.catalog' not in sys.modules, 'registry imports catalog'\n"
        "import ncct_report.catalog\n"
        "assert 'ncct_report.reference' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
