"""ncct as a contributor installs it: the wheel carries the templates, the translations
and the schema, and the installed command works with nothing of the checkout.

The wheel is built offline (this environment's setuptools, from a copy of the sources)
and installed without its dependencies into a new virtual environment, whose only view
of this environment is its installed packages but ncct-report (linked, and named in a
.pth file). Every command runs from a folder outside the
checkout. Marker `package` (about 6 s): `make test` runs those, `make quick` does not.
Without Pango, `ncct build` stops before any work with one message (no marker: quick).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from ncct_report import build as build_module
from ncct_report import system

from .conftest import FIXTURES, run

package = pytest.mark.package
ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("pyproject.toml", "README.md", "ncct_report", "templates", "locale", "schema")
RESOURCES = ("templates", "locale", "schema")  # top-level folders the package needs
PACKAGED = {"templates": "templates", "locale": "locale", "schema": "schemas"}  # their folder in the package


def _run(args: list, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)


def _bin(venv: Path, name: str) -> Path:
    return venv / ("Scripts" if os.name == "nt" else "bin") / (f"{name}.exe" if os.name == "nt" else name)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel, built from a copy of the sources (a build in the checkout would leave
    build/ and *.egg-info there) with this environment's setuptools, offline."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            source.mkdir(exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "--quiet", "--wheel-dir", work / "dist", source],
        work, dict(os.environ),
    )
    assert built.returncode == 0, f"the wheel was not built (the test extra installs setuptools>=70.1):\n{built.stdout}\n{built.stderr}"
    (found,) = (work / "dist").glob("ncct_report-*.whl")
    return found


def _dependencies(folder: Path) -> Path:
    """This environment's installed packages but ncct-report itself (its editable install
    and metadata), linked into `folder`."""
    folder.mkdir()
    for site in dict.fromkeys(sysconfig.get_paths()[key] for key in ("purelib", "platlib")):
        for entry in Path(site).iterdir():
            if not entry.name.lower().startswith(("ncct_report", "ncct-report", "__editable__")) and not (folder / entry.name).exists():
                (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return folder


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> tuple[Path, Path, dict[str, str]]:
    """(a folder outside the checkout, the new environment, the environment variables)."""
    work = tmp_path_factory.mktemp("installed")
    venv = work / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", venv], check=True)
    python = _bin(venv, "python")
    site = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], work, os.environ.copy()).stdout.strip())
    (site / "_ncct_test_dependencies.pth").write_text(str(_dependencies(work / "dependencies")) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NCCT_", "VIRTUAL_ENV"))}
    env["NCCT_CACHE_DIR"] = str(work / "cache")  # nothing built by the checkout is reused
    done = _run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index", "--quiet", wheel], work, env)
    assert done.returncode == 0, done.stdout + done.stderr
    return work, venv, env


@package
def test_the_wheel_carries_every_template_translation_and_the_schema(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    for folder in RESOURCES:
        files = [p for p in (ROOT / folder).rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        assert files, folder
        for path in files:
            inside = f"ncct_report/{PACKAGED[folder]}/{path.relative_to(ROOT / folder).as_posix()}"
            assert inside in names, f"{inside} is not in the wheel: add it to [tool.setuptools.package-data]"
    assert {"ncct_report/data/registry.yaml", "ncct_report/findings.yaml", "ncct_report/catalog/_common.yaml"} <= names


@package
def test_the_installed_package_reads_only_its_own_files(installed):
    work, venv, env = installed
    shown = _run(
        [_bin(venv, "python"), "-c",
         "import json, importlib.metadata as m, ncct_report, ncct_report.resources as r; "
         "print(json.dumps([ncct_report.__file__, str(r.TEMPLATES), str(r.LOCALE), str(r.SCHEMA_FILE), r.CHECKOUT and str(r.CHECKOUT), "
         "[str(d.locate_file('')) for d in m.distributions() if d.metadata['Name'] == 'ncct-report']]))"],
        work, env,
    )
    assert shown.returncode == 0, shown.stderr
    module, templates, locale, schema, checkout, distributions = json.loads(shown.stdout)
    assert checkout is None
    package = Path(module).parent
    assert package.is_relative_to(venv), module  # never the checkout
    assert len(distributions) == 1 and Path(distributions[0]).is_relative_to(venv), distributions
    assert (Path(templates), Path(locale), Path(schema)) == (package / "templates", package / "locale", package / "schemas" / "submission.schema.json")
    assert (Path(templates) / "report.css").is_file() and (Path(locale) / "km" / "LC_MESSAGES" / "messages.po").is_file()


@package
def test_the_installed_command_builds_the_html_and_json_editions(installed):
    work, venv, env = installed
    out = work / "out"
    built = _run([_bin(venv, "ncct"), "build", "2016", "--data", ROOT / "data", "--format", "html,json", "--out", out], work, env)
    assert built.returncode == 0, built.stdout + built.stderr
    assert "Traceback" not in built.stderr
    folder = out / "2016"
    assert sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) == [
        "ncct-report-2016.en.html", "ncct-report-2016.json", "ncct-report-2016.km.html",
    ]
    km = (folder / "ncct-report-2016.km.html").read_text(encoding="utf-8").replace("\u200b", "")
    en = (folder / "ncct-report-2016.en.html").read_text(encoding="utf-8")
    css = (ROOT / "templates" / "report.css").read_text(encoding="utf-8")
    first_rule = next(line for line in css.splitlines() if line.strip() and not line.startswith("/*"))
    assert first_rule in km and first_rule in en  # the stylesheet came with the package
    assert "Contents" in en and "មាតិកា" in km  # a label of the template, translated by the packaged PO file
    assert json.loads((folder / "ncct-report-2016.json").read_bytes())["year"] == 2016


@package
def test_the_installed_command_validates_and_prints_the_schema(installed):
    work, venv, env = installed
    checked = _run([_bin(venv, "ncct"), "validate", ROOT / "data" / "2016" / "prov-02.yaml"], work, env)
    assert (checked.returncode, checked.stdout) == (0, "Checked 1 file: 0 errors, 0 warnings.\n")
    schema = _run([_bin(venv, "ncct"), "schema"], work, env)
    assert schema.returncode == 0, schema.stderr
    assert json.loads(schema.stdout)["title"] == "NCCT annual submission"
    packaged = next(venv.rglob("ncct_report/schemas/submission.schema.json"))  # the file editors are pointed at
    assert packaged.read_bytes() == (ROOT / "schema" / "submission.schema.json").read_bytes()


@package
def test_templates_made_by_the_installed_command_name_the_schema_written_beside_them(installed):
    work, venv, env = installed
    data = work / "data"
    made = _run([_bin(venv, "ncct"), "init", "2017", "--data", data], work, env)
    assert made.returncode == 0, made.stdout + made.stderr
    first = (data / "2017" / "prov-02.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=submission.schema.json"  # no path of this computer
    packaged = next(venv.rglob("ncct_report/schemas/submission.schema.json"))
    assert (data / "2017" / "submission.schema.json").read_bytes() == packaged.read_bytes()


def test_without_pango_the_build_stops_before_reading_with_one_message(monkeypatch, tmp_path):
    monkeypatch.setattr(system, "missing_libraries", lambda: ["Pango", "PangoFT2"])
    monkeypatch.setattr(build_module, "read_year", lambda *args: pytest.fail("read before the system check"))
    result = run("build", "2016", "--data", FIXTURES / "good", "--out", tmp_path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "error: PDFs need Pango, with which WeasyPrint lays out text, and it cannot be loaded here (missing: Pango, PangoFT2).",
        "Install Pango (with HarfBuzz and fontconfig, which come with it), then try again:",
        *system.INSTALL,
        "Or leave the PDFs out: build with --format html,json.",
    ]
    assert list(tmp_path.iterdir()) == []


def test_without_pango_the_html_and_json_editions_are_built(monkeypatch, tmp_path):
    monkeypatch.setattr(system, "missing_libraries", lambda: pytest.fail("the system was checked for an HTML build"))
    result = run("build", "2016", "--data", FIXTURES / "good", "--out", tmp_path, "--format", "html,json", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "2016").iterdir() if not p.name.startswith(".")) == ["ncct-report-2016.en.html", "ncct-report-2016.json"]
