"""No input, however broken, gives a traceback: property tests over bytes and structures."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ncct_report.reference import load_catalog
from ncct_report.findings import Findings, kinds
from ncct_report.load import load_bytes
from ncct_report.validate import validate_paths

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**12, max_value=10**12),
    st.floats(allow_nan=True), st.text(max_size=20), st.sampled_from(["1,234", "12%", "2016-01-20", "<b>x</b>", "ទិន្នន័យ"]),
)
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4),
    max_leaves=25,
)


def _submission_like():
    catalog = load_catalog()
    ids = sorted(catalog.indicators)
    measures = sorted(catalog.measures)
    values = st.dictionaries(st.sampled_from(measures + ["bogus", "note"]), scalars | structures, max_size=4)
    block = values | st.fixed_dictionaries({}, optional={"rows": st.dictionaries(st.sampled_from(["jan", "TH", "art-09", "Kompot", "nowhere", "1"]), values, max_size=3), "total": values})
    return st.fixed_dictionaries(
        {},
        optional={
            "contributor": st.sampled_from(["prov-02", "secretariat", "prov-99", 7]) | scalars,
            "year": st.sampled_from([2016, 2015, "2016", 1999]) | scalars,
            "figures": st.dictionaries(st.sampled_from(ids[:20] + ["x.y", ""]), block, max_size=4) | structures,
            "declared_totals": st.dictionaries(st.sampled_from(ids[:5]), values, max_size=2),
            "items": st.lists(st.fixed_dictionaries({}, optional={"section": st.sampled_from(["B.4", "Z", None]), "en": scalars, "km": scalars}), max_size=3) | structures,
            "extra": structures,
        },
    )


def _check_all_findings_are_well_formed(findings):
    for finding in findings:
        assert finding.code in kinds()
        assert finding.line is None or finding.line >= 1
        assert finding.message


@SETTINGS
@given(st.binary(max_size=600))
def test_any_bytes_load_or_give_findings(raw):
    findings = Findings()
    load_bytes(raw, "f.yaml", findings)
    _check_all_findings_are_well_formed(findings.items)


@SETTINGS
@given(structures)
def test_any_yaml_structure_validates_without_crashing(data):
    _validate_dumped(data)


@SETTINGS
@given(_submission_like())
def test_submission_like_data_validates_without_crashing(data):
    _validate_dumped(data)


def _validate_dumped(data):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "2016" / "prov-02.yaml"
        path.parent.mkdir()
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
        result = validate_paths([path])
    _check_all_findings_are_well_formed(result.findings.items)


# --- whole folders: files, links, pipes, folders, sizes -------------------------------

ENTRY_KINDS = st.sampled_from(["good", "bad-yaml", "binary", "empty", "big", "pipe", "folder", "link-out", "link-loop", "not-yaml", "dot"])
NAMES = st.sampled_from(["prov-01", "prov-02", "prov-03.yaml", "secretariat", "x", "2015", "notes"])


def _make(folder: Path, name: str, kind: str, outside: Path) -> None:
    import os

    path = folder / (name if name.endswith(".yaml") or kind in ("folder", "not-yaml") else f"{name}.yaml")
    if kind == "dot":
        path = folder / f".{name}"
    if path.exists() or path.is_symlink():
        return
    if kind == "good":
        path.write_text(f"contributor: {name}\nyear: {folder.name}\nfigures:\n  prevention.public_forums: {{events: 3}}\n")
    elif kind == "bad-yaml":
        path.write_text("contributor: [\n")
    elif kind == "binary":
        path.write_bytes(b"PK\x03\x04\x00\x00" + os.urandom(64))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "big":
        path.write_bytes(b"a: 1\n" + b"#" * 1_100_000)
    elif kind == "pipe":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
        (path / "inner.yaml").write_text("contributor: prov-05\nyear: 2016\n")
    elif kind == "link-out":
        os.symlink(outside, path)
    elif kind == "link-loop":
        os.symlink(path, path)
    elif kind in ("not-yaml", "dot"):
        path.write_text("x")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    current=st.lists(st.tuples(NAMES, ENTRY_KINDS), max_size=6),
    earlier=st.lists(st.tuples(NAMES, ENTRY_KINDS), max_size=4),
    earlier_is=st.sampled_from(["folder", "file", "link", "absent"]),
)
def test_any_tree_of_files_gives_findings_never_a_traceback_or_a_hang(current, earlier, earlier_is):
    import os

    from .conftest import run

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        outside = root / "outside.yaml"
        outside.write_text("contributor: prov-09\nyear: 2016\n")
        data = root / "data"
        (data / "2016").mkdir(parents=True)
        for name, kind in current:
            _make(data / "2016", name, kind, outside)
        if earlier_is == "folder":
            (data / "2015").mkdir()
            for name, kind in earlier:
                _make(data / "2015", name, kind, outside)
        elif earlier_is == "file":
            (data / "2015").write_text("not a folder")
        elif earlier_is == "link":
            os.symlink(root, data / "2015")
        for args in (("validate", data / "2016"), ("status", "2016", "--data", data),
                     ("build", "2016", "--data", data, "--out", root / "out", "--format", "json")):
            result = run(*args)
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert result.exit_code in (0, 1)
            assert "Traceback" not in result.stdout + result.stderr
        assert outside.read_text() == "contributor: prov-09\nyear: 2016\n"
