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
