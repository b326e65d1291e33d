"""Many contributors: a registry from elsewhere (NCCT_REGISTRY), its own size limit, a
report model that does not repeat what it holds, and work that grows with the number
of contributors, not its square. Times are measured by bench/bench_scale.py; here the
growth is checked by counting function calls, which does not depend on the machine."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from ncct_report.aggregate import RowSources, TotalCell, aggregate, write_report_json
from ncct_report.completeness import year_status
from ncct_report.read import read_year
from ncct_report.reference import load_reference

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from scale_data import generate  # noqa: E402


def ncct(*args: str, registry: Path | None = None, cache: Path | None = None) -> subprocess.CompletedProcess:
    import os

    env = dict(os.environ)
    if registry is not None:
        env["NCCT_REGISTRY"] = str(registry)
    if cache is not None:
        env["NCCT_CACHE_DIR"] = str(cache)
    return subprocess.run([sys.executable, "-m", "ncct_report", *args], capture_output=True, text=True, env=env)


@pytest.fixture(scope="module")
def scaled(tmp_path_factory) -> Path:
    """150 contributors: the real ones and copies of them."""
    root = tmp_path_factory.mktemp("scale")
    generate(150, root)
    return root


def test_a_registry_named_by_ncct_registry_is_used(scaled, tmp_path):
    done = ncct("contributors", "--kind", "institution", registry=scaled / "registry.yaml", cache=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "inst-x00000" in done.stdout
    plain = ncct("contributors", "--kind", "institution", cache=tmp_path)  # same cache folder, the package's registry
    assert plain.returncode == 0 and "inst-x00000" not in plain.stdout


def test_a_registry_that_does_not_exist_is_named(tmp_path):
    done = ncct("contributors", registry=tmp_path / "nowhere.yaml", cache=tmp_path)
    assert done.returncode == 1
    assert done.stderr.startswith(f"error: NCCT_REGISTRY names {tmp_path / 'nowhere.yaml'}, which is not a file")


def test_a_registry_above_its_limit_is_refused_with_its_size(tmp_path):
    from ncct_report.registry import REGISTRY_MAX_BYTES

    big = tmp_path / "registry.yaml"
    with big.open("wb") as handle:
        handle.truncate(REGISTRY_MAX_BYTES + 1)  # sparse: nothing written
    done = ncct("contributors", registry=big, cache=tmp_path)
    assert done.returncode == 1
    assert f"{big}:?: NCCT007 The file is larger than {REGISTRY_MAX_BYTES:,} bytes; it is not read." in done.stderr


def test_a_registry_larger_than_a_submission_may_be_is_read(scaled, tmp_path):
    from ncct_report.load import MAX_BYTES

    registry = scaled / "registry.yaml"
    text = registry.read_text(encoding="utf-8")
    padding = "# " + "x" * 98 + "\n"
    big = tmp_path / "registry.yaml"
    big.write_text(text + padding * (MAX_BYTES // len(padding) + 1), encoding="utf-8")
    assert big.stat().st_size > MAX_BYTES
    done = ncct("contributors", "--kind", "secretariat", registry=big, cache=tmp_path)
    assert done.returncode == 0, done.stderr


def test_the_scaled_year_builds_and_its_totals_add_up(scaled, tmp_path, monkeypatch):
    monkeypatch.setenv("NCCT_REGISTRY", str(scaled / "registry.yaml"))
    load_reference.cache_clear()
    try:
        catalog, registry = load_reference()
        reading = read_year(scaled / "data", 2016, catalog, registry)
        assert not reading.findings.errors
        status = year_status(2016, reading.submissions, reading.earlier.get(2015, []), [], registry, catalog)
        report = aggregate(2016, [s for s in reading.submissions if s.filled], reading.earlier, reading.findings.warnings, catalog, registry, status)
    finally:
        load_reference.cache_clear()
    assert len(status.received) == len({s.contributor for s in reading.submissions if s.filled}) > 100
    assert len(status.expected) > 90  # the copies sent 2015 files
    table = next(t for t in report.tables() if t.indicator == "prevention.dissemination_workshops")
    given = [s.figures["prevention.dissemination_workshops"].rows[None].get("participants") for s in reading.submissions
             if s.gives("prevention.dissemination_workshops")]
    assert table.total["participants"].value == sum(v for v in given if v is not None)
    buffer = io.BytesIO()
    write_report_json(report, buffer)
    model = json.loads(buffer.getvalue())
    assert model["format"] == "ncct-report/2"
    tables = [t for s in _walk(model["sections"]) for t in s["tables"]]
    cell = next(t for t in tables if t["indicator"] == "prevention.dissemination_workshops")["total"]["participants"]
    assert cell == {"value": table.total["participants"].value, "sum_of": "rows"}  # the sources are the rows'


def _walk(sections):
    for section in sections:
        yield section
        yield from _walk(section["children"])


def test_a_total_shows_its_rows_sources_without_copying_them():
    from ncct_report.aggregate import Cell, Row, Source
    from ncct_report.labels import Label

    rows = [Row(f"r{n}", Label(en=f"r{n}"), {"m": Cell(n, [Source(f"c{n}", f"f{n}.yaml", n), Source(f"c{n}", f"g{n}.yaml", n)])}) for n in range(20)]
    rows.append(Row("empty", Label(en="e"), {"m": Cell(None)}))
    total = TotalCell(sum(range(20)), "m", rows)
    every = [s for r in rows for s in r.cells["m"].sources]
    assert isinstance(total.sources, RowSources)
    assert list(total.sources) == every and len(total.sources) == 40
    assert total.sources[:12] == every[:12] and total.sources[3] == every[3] and total.sources[-1] == every[-1]
    assert total.sources[5:30:5] == every[5:30:5] and total.sources[-3:] == every[-3:]


def _calls(function, *args) -> int:
    """How many Python functions `function(*args)` calls (generators counted each time
    they resume): a count of work that does not depend on the machine."""
    count = 0

    def profile(frame, event, arg):
        nonlocal count
        if event == "call":
            count += 1

    sys.setprofile(profile)
    try:
        function(*args)
    finally:
        sys.setprofile(None)
    return count


@pytest.fixture(scope="module")
def two_sizes(tmp_path_factory):
    """Readings of 200 and 400 contributors, with their references."""
    out = {}
    for size in (200, 400):
        root = tmp_path_factory.mktemp(f"n{size}")
        generate(size, root)
        import os

        os.environ["NCCT_REGISTRY"] = str(root / "registry.yaml")
        load_reference.cache_clear()
        try:
            catalog, registry = load_reference()
            reading = read_year(root / "data", 2016, catalog, registry)
        finally:
            del os.environ["NCCT_REGISTRY"]
            load_reference.cache_clear()
        out[size] = (catalog, registry, reading)
    return out


def test_status_and_aggregate_grow_linearly(two_sizes):
    work = {}
    for size, (catalog, registry, reading) in two_sizes.items():
        def status():
            return year_status(2016, reading.submissions, reading.earlier.get(2015, []), [], registry, catalog)

        def report():
            return aggregate(2016, [s for s in reading.submissions if s.filled], reading.earlier, reading.findings.warnings, catalog, registry, status())

        def json_model():
            write_report_json(report(), io.BytesIO())

        work[size] = {"status": _calls(status), "aggregate": _calls(report), "json": _calls(json_model)}
    for stage in ("status", "aggregate", "json"):
        assert work[400][stage] <= 2.2 * work[200][stage], (stage, work)
