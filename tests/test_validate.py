"""Validation rules: exact findings (code, line, severity, message) for real small files."""

from __future__ import annotations

import os
from pathlib import Path

from ncct_report.validate import validate_paths

from .conftest import FIXTURES, write

HEAD = "contributor: prov-02\nyear: 2016\n"


def found(result):
    return [(f.code, f.line, f.severity) for f in result.findings.sorted()]


def messages(result):
    return [f.message for f in result.findings.sorted()]


def test_real_rows_of_the_2016_report_are_clean():
    result = validate_paths([FIXTURES / "good" / "2016"])
    assert result.files == 2
    assert found(result) == []
    battambang = next(s for s in result.submissions if s.contributor == "prov-02")
    assert battambang.figures["prevention.dissemination_workshops"].rows[None] == {
        "events": 2387, "participants": 234122, "female": 116669,
    }


def test_schema_errors_each_with_its_line(year_dir):
    path = write(year_dir, "prov-02.yaml", (
        "contributor: prov-02\n"
        "year: 2016\n"
        "submited: 2017-01-20\n"
        "figures:\n"
        "  prevention.dissemination_workshops: {events: -3, participants: '1,234', women: 3}\n"
        "  prevention.public_forums: {events: 5.5, participants: twelve, female: true}\n"
    ))
    assert found(validate_paths([path])) == [
        ("NCCT102", 3, "error"),
        ("NCCT104", 5, "error"),
        ("NCCT105", 5, "error"),
        ("NCCT109", 5, "error"),
        ("NCCT103", 6, "error"),
        ("NCCT103", 6, "error"),
        ("NCCT105", 6, "error"),
    ]


def test_unknown_contributor_suggests_the_closest(year_dir):
    path = write(year_dir, "prov-02.yaml", "contributor: prov-2\nyear: 2016\n")
    assert messages(validate_paths([path])) == [
        "'prov-2' is not a registered contributor; did you mean 'prov-02 (Battambang)' "
        "or 'prov-25 (Tboung Khmum)' or 'prov-24 (Pailin)'?"
    ]


def test_row_names_resolve_through_aliases_and_a_row_twice_is_an_error_not_a_sum(year_dir):
    path = write(year_dir, "prov-02.yaml", HEAD + (
        "figures:\n"
        "  migration.monthly_migrants:\n"
        "    rows:\n"
        "      Jan: {persons: 10, female: 4}\n"
        "      January: {persons: 5, female: 1}\n"
        "      Sept: {persons: 7}\n"
        "    total: {persons: 17}\n"
    ))
    result = validate_paths([path])
    assert found(result) == [("NCCT203", 7, "error")]
    assert messages(result) == ["migration.monthly_migrants: the row 'January' is jan (January), already given on line 6; only the first is used."]
    figures = result.submissions[0].figures["migration.monthly_migrants"]
    assert figures.rows == {"jan": {"persons": 10, "female": 4}, "sep": {"persons": 7}}


def test_part_above_whole_and_printed_total_differences_are_warnings(year_dir):
    path = write(year_dir, "prov-02.yaml", HEAD + (
        "figures:\n"
        "  prevention.dissemination_workshops: {events: 3, participants: 40, female: 52}\n"
        "  migration.monthly_migrants:\n"
        "    rows:\n"
        "      jan: {persons: 10, children: 4, girls: 5}\n"
        "      feb: {persons: 10}\n"
        "    total: {persons: 21, girls: 5}\n"
    ))
    result = validate_paths([path])
    assert found(result) == [
        ("NCCT201", 4, "warning"),
        ("NCCT201", 7, "warning"),
        ("NCCT202", 9, "warning"),
    ]
    assert messages(result) == [
        "prevention.dissemination_workshops: female (52) is more than participants (40).",
        "migration.monthly_migrants, row January: girls (5) is more than children (4).",
        "migration.monthly_migrants: the printed total of persons is 21, but the rows add up to 20.",
    ]
    assert result.ok  # warnings only


def test_strict_turns_warnings_into_errors(year_dir):
    path = write(year_dir, "prov-02.yaml", HEAD + (
        "figures:\n  prevention.dissemination_workshops: {participants: 40, female: 52}\n"
    ))
    assert validate_paths([path]).ok
    assert not validate_paths([path], strict=True).ok


def test_two_files_for_one_contributor_and_a_misnamed_file(year_dir):
    write(year_dir, "prov-02.yaml", HEAD)
    write(year_dir, "battambang.yaml", HEAD)
    result = validate_paths([year_dir])
    assert found(result) == [("NCCT120", 1, "error"), ("NCCT205", 1, "warning")]
    assert result.findings.sorted()[0].file.endswith("battambang.yaml")


def test_year_must_match_the_folder(year_dir):
    path = write(year_dir, "prov-02.yaml", "contributor: prov-02\nyear: 2015\n")
    assert found(validate_paths([path])) == [("NCCT106", 2, "error")]


def test_table_totals_printed_by_the_secretariat_are_checked_across_files(year_dir):
    for name in ("prov-02.yaml", "prov-07.yaml"):
        (year_dir / name).write_bytes((FIXTURES / "good" / "2016" / name).read_bytes())
    write(year_dir, "secretariat.yaml", (
        "contributor: secretariat\nyear: 2016\n"
        "declared_totals:\n"
        "  prevention.dissemination_workshops: {events: 2405, participants: 236000}\n"
    ))
    result = validate_paths([year_dir])
    assert found(result) == [("NCCT204", 4, "warning")]
    assert messages(result) == [
        "prevention.dissemination_workshops: the printed total of participants is 236,000, "
        "but the 2 files that give it add up to 236,023."
    ]


def test_a_value_far_from_last_year_is_a_warning(tmp_path):
    data = tmp_path / "data"
    write(data, "2015/prov-02.yaml", "contributor: prov-02\nyear: 2015\nfigures:\n"
          "  prevention.dissemination_workshops: {events: 2000, participants: 52000, female: 26000}\n")
    path = write(data, "2016/prov-02.yaml", HEAD + "figures:\n"
                 "  prevention.dissemination_workshops: {events: 2387, participants: 234122, female: 116669}\n")
    result = validate_paths([path])
    assert found(result) == [("NCCT301", 4, "warning"), ("NCCT301", 4, "warning")]
    assert messages(result)[0] == (
        "prevention.dissemination_workshops: participants is 234,122; last year it was 52,000."
    )


def test_small_or_moderate_changes_are_not_outliers(tmp_path):
    data = tmp_path / "data"
    write(data, "2015/prov-02.yaml", "contributor: prov-02\nyear: 2015\nfigures:\n"
          "  prevention.dissemination_workshops: {events: 5, participants: 100000}\n")
    path = write(data, "2016/prov-02.yaml", HEAD + "figures:\n"
                 "  prevention.dissemination_workshops: {events: 90, participants: 250000}\n")
    assert found(validate_paths([path])) == []


def test_bad_files_do_not_stop_the_others(year_dir):
    write(year_dir, "prov-01.yaml", b"\x00\x01binary")
    write(year_dir, "prov-03.yaml", "contributor: prov-03\nyear: [2016\n")
    write(year_dir, "prov-02.yaml", HEAD + "figures:\n  prevention.dissemination_workshops: {events: -1}\n")
    write(year_dir, "notes.xlsx", b"PK\x03\x04")
    result = validate_paths([year_dir])
    assert result.files == 3
    assert found(result) == [
        ("NCCT012", None, "warning"),  # notes.xlsx
        ("NCCT001", None, "error"),  # prov-01.yaml
        ("NCCT104", 4, "error"),  # prov-02.yaml
        ("NCCT003", 3, "error"),  # prov-03.yaml
    ]


def test_links_are_not_followed(tmp_path, year_dir):
    outside = write(tmp_path, "secret.yaml", "contributor: prov-05\nyear: 2016\n")
    os.symlink(outside, year_dir / "prov-05.yaml")
    os.symlink(tmp_path, year_dir / "loop")
    result = validate_paths([year_dir])
    assert result.files == 0
    assert sorted((Path(f.file).name, f.code) for f in result.findings.items) == [
        ("loop", "NCCT011"), ("prov-05.yaml", "NCCT011"),
    ]


def test_narrative_text_with_markup_is_kept_verbatim(year_dir):
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    path = write(year_dir, "prov-02.yaml", HEAD + f"items:\n  - section: B.4\n    en: '{hostile}'\n")
    result = validate_paths([path])
    assert found(result) == []
    assert result.submissions[0].doc.data["items"][0]["en"] == hostile


def test_the_same_narrative_in_two_files_is_a_warning(year_dir):
    text = "Officials of the General Secretariat monitored the provincial secretariat in Kandal."
    write(year_dir, "secretariat.yaml", f"contributor: secretariat\nyear: 2016\nitems:\n  - section: IV\n    en: {text}\n")
    write(year_dir, "prov-08.yaml", f"contributor: prov-08\nyear: 2016\nitems:\n  - section: IV\n    en: {text}\n")
    result = validate_paths([year_dir])
    assert found(result) == [("NCCT206", 4, "warning")]
    assert result.findings.items[0].file.endswith("secretariat.yaml")


def test_a_negative_printed_total_is_a_negative_count(year_dir):
    path = write(year_dir, "prov-02.yaml", HEAD + (
        "figures:\n  migration.monthly_migrants:\n    rows:\n      jan: {persons: 3}\n    total: {persons: -3}\n"
    ))
    assert found(validate_paths([path])) == [("NCCT104", 7, "error")]


def test_an_empty_contributor_is_said_so_not_shown_as_none(year_dir):
    path = write(year_dir, "prov-02.yaml", "contributor: ~\nyear: 2016\n")
    assert messages(validate_paths([path])) == [
        "The contributor is empty: write your id, such as prov-02 (`ncct contributors` lists them)."
    ]


def _year_folders(tmp_path):
    """data/2015 and data/2016 of two provinces (2016's printed total over both), and a
    2017 file of prov-02 on the contributor's own computer."""
    data = tmp_path / "data"
    write(data / "2016", "prov-02.yaml", "contributor: prov-02\nyear: 2016\nfigures:\n  prevention.dissemination_workshops: {events: 20}\n")
    write(data / "2016", "prov-07.yaml", "contributor: prov-07\nyear: 2016\nfigures:\n  prevention.dissemination_workshops: {events: 5}\n")
    write(data / "2015", "prov-07.yaml", "contributor: prov-07\nyear: 2015\nfigures:\n  prevention.dissemination_workshops: {participants: 10, female: 20}\n")
    alone = write(tmp_path / "desktop", "prov-02.yaml", "contributor: prov-02\nyear: 2016\nfigures:\n  prevention.dissemination_workshops: {events: 400}\n")
    return data, alone


def test_a_file_alone_says_which_checks_it_did_not_get(tmp_path):
    data, alone = _year_folders(tmp_path)
    result = validate_paths([alone])
    assert found(result) == [] and result.not_run == ["folder", "last year"] and result.not_shown == 0


def test_a_file_alone_with_data_is_checked_with_its_year_and_the_years_before(tmp_path):
    data, alone = _year_folders(tmp_path)
    write(tmp_path / "desktop", "prov-07.yaml", "contributor: prov-07\nyear: 2016\nfigures:\n  prevention.dissemination_workshops: {events: 5}\n")
    write(data / "2015", "prov-02.yaml", "contributor: prov-02\nyear: 2015\nfigures:\n  prevention.dissemination_workshops: {events: 2}\n")
    result = validate_paths([alone], data_dir=data)
    assert [(f.code, f.file) for f in result.findings.sorted()] == [("NCCT301", str(alone))]  # 400 against 2015's 2
    assert result.not_run == [] and result.not_shown == 1  # prov-07's 2015 problem is not this contributor's
    twice = validate_paths([alone, tmp_path / "desktop" / "prov-07.yaml"], data_dir=data)
    assert "NCCT202" not in {f.code for f in twice.findings.items}  # the files given replace theirs in data/2016


def test_validate_with_data_on_the_command_line(tmp_path):
    from .conftest import run

    data, alone = _year_folders(tmp_path)
    result = run("validate", alone)
    assert result.exit_code == 0
    assert result.stderr.strip() == ("Checked alone, not with the other files of its year nor with last year's figures: add --data DIR "
                                     "(the folder with one sub-folder per year, e.g. data) to run those checks too.")
    with_data = run("validate", alone, "--data", data)
    assert with_data.exit_code == 0
    assert with_data.stderr.strip() == "Not shown: 1 warning of earlier years in other contributors' files (`ncct validate DATA/YEAR` lists them)."
