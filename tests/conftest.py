from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ncct_report.cli import app

FIXTURES = Path(__file__).parent / "fixtures"


def pytest_configure(config):
    """Tests never read or write the user's cache: each run has its own."""
    os.environ["NCCT_CACHE_DIR"] = tempfile.mkdtemp(prefix="ncct-test-cache-")
    os.environ["LC_MESSAGES"] = "C.UTF-8"  # the command line speaks English unless a test asks for Khmer


@pytest.fixture
def year_dir(tmp_path: Path) -> Path:
    """An empty data folder for 2016: tmp/data/2016."""
    folder = tmp_path / "data" / "2016"
    folder.mkdir(parents=True)
    return folder


def write(folder: Path, name: str, text: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(*args: str):
    """Run the CLI in-process; returns the click Result (exit_code, stdout)."""
    return CliRunner().invoke(app, [str(a) for a in args])
