"""The reading stage: every file read once, earlier years' problems reported (never
dropped), the same folder rules for every year, reviewed warnings."""

from __future__ import annotations

import json
import os
from collections import Counter

from ncct_report import read as read_module
from ncct_report.build import build
from ncct_report.validate import validate_paths

from .conftest import run, write

MONTHS = "contributor: inst-police-ahtjp\nyear: {year}\nfigures:\n  migration.monthly_migrants:\n    rows:\n{rows}"


def _data(tmp_path, typo: str = "feb"):
    data = tmp_path / "data"
    write(data / "2015", "inst-police-ahtjp.yaml", MONTHS.format(year=2015, rows=f"      jan: {{persons: 100}}\n      {typo}: {{persons: 120}}\n"))
    write(data / "2016", "inst-police-ahtjp.yaml", MONTHS.format(year=2016, rows="      jan: {persons: 110}\n      feb: {persons: 130}\n"))
    return data


def test_a_problem_in_an_earlier_year_is_reported_not_dropped(tmp_path):
    """A typo in a 2015 row name used to make the comparison drop the row silently."""
    data = _data(tmp_path, typo="Febuary")
    result = validate_paths([data / "2016"])
    assert result.ok  # earlier years never stop this year's work ...
    assert [(f.code, f.severity, f.file, f.line) for f in result.findings.items] == [
        ("NCCT110", "warning", str(data / "2015" / "inst-police-ahtjp.yaml"), 7),
    ]
    assert result.findings.items[0].message.startswith("(data of 2015, read for comparisons) 'Febuary' is not a known row")
    built = build(2016, data, tmp_path / "out", langs=("en",), formats=("html",))
    assert [q.code for q in built.report.quality] == ["NCCT110"]  # ... and the report says so
    html = (tmp_path / "out" / "2016" / "ncct-report-2016.en.html").read_text(encoding="utf-8")
    assert "(data of 2015, read for comparisons) &#39;Febuary&#39; is not a known row" in html


def test_every_file_is_read_once_per_build(tmp_path, monkeypatch):
    data = _data(tmp_path)
    write(data / "2014", "inst-police-ahtjp.yaml", MONTHS.format(year=2014, rows="      jan: {persons: 90}\n"))
    loads: Counter = Counter()
    original = read_module.load_file

    def counting(path, display, findings, **limit):
        loads[display] += 1
        return original(path, display, findings, **limit)

    monkeypatch.setattr(read_module, "load_file", counting)
    build(2016, data, tmp_path / "out", langs=("en",), formats=("json",))
    assert sorted(loads.values()) == [1, 1, 1] and len(loads) == 3


def test_an_earlier_year_that_is_a_link_is_not_read(tmp_path):
    data = tmp_path / "data"
    elsewhere = tmp_path / "elsewhere"
    write(elsewhere, "inst-police-ahtjp.yaml", MONTHS.format(year=2015, rows="      jan: {persons: 1}\n"))
    write(data / "2016", "inst-police-ahtjp.yaml", MONTHS.format(year=2016, rows="      jan: {persons: 110}\n"))
    os.symlink(elsewhere, data / "2015")
    result = validate_paths([data / "2016"])
    assert [(f.code, f.file) for f in result.findings.items] == [("NCCT011", str(data / "2015"))]
    assert result.earlier == {}


def test_validating_several_years_reports_each_file_once(tmp_path):
    data = _data(tmp_path, typo="Febuary")
    result = validate_paths([data / "2016", data / "2015"])
    assert [(f.code, f.severity) for f in result.findings.items] == [("NCCT110", "error")]


REVIEWED = (
    "contributor: secretariat\nyear: 2016\nreviewed:\n"
    "  - code: NCCT202\n    file: inst-police-ahtjp.yaml\n    about: monthly_migrants\n"
    "    reason: {en: Checked against the signed original., km: បានពិនិត្យជាមួយឯកសារដើម។}\n"
)


def test_a_reviewed_warning_is_shown_as_checked_and_strict_ignores_it(tmp_path):
    data = tmp_path / "data"
    write(data / "2016", "inst-police-ahtjp.yaml", MONTHS.format(year=2016, rows="      jan: {persons: 110}\n    total: {persons: 111}\n"))
    assert validate_paths([data / "2016"], strict=True).ok is False
    write(data / "2016", "secretariat.yaml", REVIEWED)
    result = validate_paths([data / "2016"], strict=True)
    assert result.ok
    [finding] = result.findings.items
    assert (finding.code, finding.severity, finding.review.en) == ("NCCT202", "warning", "Checked against the signed original.")
    out = json.loads(run("validate", data / "2016", "--format", "json", "--strict").stdout)
    assert out["warnings"][0]["reviewed"] == {"en": "Checked against the signed original.", "km": "បានពិនិត្យជាមួយឯកសារដើម។"}
    build(2016, data, tmp_path / "out", formats=("html",))
    en = (tmp_path / "out" / "2016" / "ncct-report-2016.en.html").read_text(encoding="utf-8")
    km = (tmp_path / "out" / "2016" / "ncct-report-2016.km.html").read_text(encoding="utf-8")
    assert '<span class="review">Checked: Checked against the signed original.</span>' in en
    assert "បានពិនិត្យ៖" in km and "ឯកសារដើម" in km.replace("\u200b", "")


def test_a_review_that_matches_no_warning_is_itself_a_warning(tmp_path):
    data = tmp_path / "data"
    write(data / "2016", "inst-police-ahtjp.yaml", MONTHS.format(year=2016, rows="      jan: {persons: 110}\n    total: {persons: 110}\n"))
    write(data / "2016", "secretariat.yaml", REVIEWED)
    result = validate_paths([data / "2016"])
    assert [(f.code, f.line, f.message) for f in result.findings.items] == [
        ("NCCT117", 4, "reviewed: no warning NCCT202 in inst-police-ahtjp.yaml about 'monthly_migrants'; the review no longer applies."),
    ]


def test_errors_cannot_be_reviewed(tmp_path):
    data = tmp_path / "data"
    write(data / "2016", "inst-police-ahtjp.yaml", "contributor: inst-police-ahtjp\nyear: 2016\nfigures:\n  migration.monthly_migrants: {rows: {jan: {persons: -1}}}\n")
    write(data / "2016", "secretariat.yaml", REVIEWED.replace("NCCT202", "NCCT104").replace("    about: monthly_migrants\n", ""))
    result = validate_paths([data / "2016"])
    assert sorted((f.code, f.severity) for f in result.findings.items) == [("NCCT104", "error"), ("NCCT117", "warning")]


def test_a_workbook_in_the_year_folder_is_named_until_it_is_imported(tmp_path):
    data = _data(tmp_path)
    workbook = data / "2016" / "prov-02.xlsx"
    workbook.write_bytes(b"PK")
    result = validate_paths([data / "2016"])
    assert [(f.code, f.severity, f.file, f.message) for f in result.findings.items] == [
        ("NCCT012", "warning", str(workbook), f"This workbook is not read until it is imported: `ncct import {workbook}` writes its .yaml file."),
    ]
    imported = data / "2016" / "prov-02.yaml"
    imported.write_text("contributor: prov-02\nyear: 2016\nfigures: {}\n", encoding="utf-8")
    os.utime(workbook, (1, 1))
    assert validate_paths([data / "2016"]).findings.items == []


def test_the_secretariat_file_has_its_own_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(read_module, "SECRETARIAT_MAX_BYTES", 2_000_000)
    folder = tmp_path / "data" / "2016"
    padding = "# " + "x" * 1_200_000 + "\n"
    write(folder, "secretariat.yaml", "contributor: secretariat\nyear: 2016\n" + padding)
    write(folder, "prov-02.yaml", "contributor: prov-02\nyear: 2016\n" + padding)
    result = validate_paths([folder])
    assert [(f.code, f.file) for f in result.findings.items] == [("NCCT007", str(folder / "prov-02.yaml"))]
