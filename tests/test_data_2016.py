"""The 2016 dataset: it validates, it holds the printed figures, and the validator finds
the disagreements of the printed report (listed in docs/data-2016.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncct_report.read import read_year
from ncct_report.reference import load_reference
from ncct_report.validate import validate_paths

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def result():
    return validate_paths([DATA / "2016", DATA / "2015", DATA / "2014"])


@pytest.fixture(scope="module")
def years():
    readings = {year: read_year(DATA, year, *load_reference(), earlier_years=0) for year in (2014, 2015, 2016)}
    return {year: {s.contributor: s for s in reading.submissions} for year, reading in readings.items()}


def test_every_file_validates_without_errors(result):
    assert result.files >= 70
    assert [(f.file, f.line, f.message) for f in result.findings.errors] == []


def test_one_file_per_registered_province_and_the_secretariat(years):
    contributors = set(years[2016])
    assert {f"prov-{n:02d}" for n in range(1, 26)} <= contributors
    assert "secretariat" in contributors
    for year in (2014, 2015):
        for sub in years[year].values():
            assert sub.doc.data.get("partial") is True and sub.doc.data.get("source")


# (year, contributor, indicator, row, measure, value as printed in the 2016 report)
PRINTED = [
    (2016, "prov-02", "prevention.dissemination_workshops", None, "participants", 234122),  # B.2 Battambang
    (2016, "prov-23", "prevention.public_forums", None, "female", 42665),  # B.2 Kep
    (2016, "min-tourism", "prevention.tourism_awareness", None, "events", 524),  # B.1
    (2016, "inst-police-ahtjp", "migration.monthly_migrants", "jan", "persons", 490407),  # B.6.1
    (2015, "inst-police-ahtjp", "migration.monthly_migrants", "apr", "persons", 416174),
    (2014, "inst-police-ahtjp", "migration.monthly_migrants", "may", "female", 13871),
    (2016, "min-labour", "migration.workers_sent_abroad", "TH", "workers", 21682),  # B.6.2
    (2016, "prov-01", "migration.deportees_from_thailand", None, "workers", 49987),  # B.6.3
    (2016, "inst-immigration", "migration.deported_workers_received", "TH", "workers", 102269),  # B.6.4
    (2016, "inst-border-police", "prevention.irregular_migration_prevented", None, "persons", 1045),  # B.8.1
    (2016, "inst-border-police", "prevention.border_patrols", None, "times", 6602),
    (2015, "inst-border-police", "prevention.border_patrols", None, "times", 4877),
    (2016, "min-foreign-affairs", "migration.returned_workers_mofaic", "VN", "workers", 231),  # B.8.3
    (2016, "inst-police-ahtjp", "migration.returnee_victimization", "MY", "domestic_work_female", 58),
    (2016, "inst-police-ahtjp", "crackdown.trafficking_offenses", "art-10", "suspects", 17),  # C.1.1.1
    (2016, "inst-police-ahtjp", "crackdown.sexual_exploitation_offenses", "art-42", "cases", 25),  # C.1.1.2
    (2016, "inst-police-ahtjp", "crackdown.case_files", "art-11", "cases_ht", 7),  # C.1.2
    (2016, "inst-prosecution", "justice.prosecutor_actions", None, "cases", 116),  # C.2.2
    (2016, "inst-courts", "justice.investigating_judge_actions", None, "in_custody", 42),  # C.2.3
    (2016, "inst-courts", "justice.trial_judge_actions", None, "cases_in_progress", 122),  # C.2.4
    (2016, "prov-20", "protection.victim_intake", "human-trafficking", "victims", 153),  # D.1
    (2016, "prov-15", "protection.child_victims_in_centers", "cambodia-acts", "children", 66),  # D.2
    (2016, "prov-12", "protection.pp_transit_center", "received", "persons", 1904),  # D.5
    (2016, "prov-21", "capacity.trainings_by_organizer", None, "participants", 553),  # Annex 1
    (2016, "inst-police", "annex.workers_returned_by_gate", "poipet", "workers", 50075),  # Annex 3
    (2016, "ngo-tdh-nl", "partners.tdh_awareness_migration", "childrens-clubs", "output_value", 16088),  # Annex 5
    (2016, "ngo-cambodia-acts", "partners.legal_support", "trafficking-open", "children", 29),
]


@pytest.mark.parametrize(("year", "contributor", "indicator", "row", "measure", "value"), PRINTED,
                         ids=[f"{p[0]}-{p[2]}-{p[3]}-{p[4]}" for p in PRINTED])
def test_printed_figures_are_in_the_data(years, year, contributor, indicator, row, measure, value):
    assert years[year][contributor].figures[indicator].rows[row][measure] == value


# (year, contributor, indicator, measure, printed total)
PRINTED_TOTALS = [
    (2016, "inst-police-ahtjp", "crackdown.summary", "cases", 92),
    (2016, "inst-police-ahtjp", "crackdown.summary", "victims", 298),
    (2015, "inst-police-ahtjp", "crackdown.summary", "cases", 105),
    (2014, "inst-police-ahtjp", "crackdown.summary", "victims", 412),
    (2015, "min-labour", "migration.workers_sent_abroad", "workers", 25263),
    (2016, "inst-police", "annex.workers_returned_by_gate", "workers", 54785),
    (2016, "ngo-cambodia-acts", "partners.legal_support", "cases", 87),
]


@pytest.mark.parametrize(("year", "contributor", "indicator", "measure", "value"), PRINTED_TOTALS)
def test_printed_totals_are_kept_as_declared_totals(years, year, contributor, indicator, measure, value):
    assert years[year][contributor].figures[indicator].total[measure] == value


def test_table_totals_printed_by_the_secretariat(years):
    totals = years[2016]["secretariat"].declared_totals
    assert totals["prevention.dissemination_workshops"] == {"events": 12692, "participants": 1661668, "female": 819466}
    assert totals["prevention.public_forums"] == {"events": 14448, "participants": 1825182, "female": 725467}
    assert totals["capacity.trainings_by_organizer"] == {"courses": 104, "participants": 4761, "female": 2283}


def test_no_report_is_absent_never_zero(years):
    assert "prevention.dissemination_workshops" not in years[2016]["prov-09"].figures  # Koh Kong: No report
    assert "prevention.public_forums" not in years[2016]["prov-10"].figures  # Kratie: No report
    assert years[2016]["prov-12"].figures.get("prevention.dissemination_workshops") is None  # Phnom Penh


# Disagreements of the printed report that the validator must report (docs/data-2016.md).
KNOWN_DISAGREEMENTS = [
    ("NCCT204", "secretariat.yaml", "prevention.dissemination_workshops: the printed total of participants is 1,661,668, but the 23 files that give it add up to 1,661,697."),
    ("NCCT204", "secretariat.yaml", "prevention.irregular_migration_prevented: the printed total of persons is 1,611, but the 5 files that give it add up to 1,855."),
    ("NCCT204", "secretariat.yaml", "capacity.trainings_by_organizer: the printed total of female is 2,283, but the 17 files that give it add up to 2,270."),
    ("NCCT204", "secretariat.yaml", "capacity.trainings_by_organizer: the printed total of courses is 104, but the 17 files that give it add up to 624."),
    ("NCCT201", "min-tourism.yaml", "capacity.trainings_by_organizer: courses (524) is more than participants (266)."),
    ("NCCT202", "inst-police-ahtjp.yaml", "crackdown.summary: the printed total of suspects is 113, but the rows add up to 105."),
    ("NCCT202", "inst-police-ahtjp.yaml", "crackdown.case_files: the printed total of offenders_ht is 39, but the rows add up to 111."),
    ("NCCT202", "min-foreign-affairs.yaml", "migration.returned_workers_mofaic: the printed total of workers is 815, but the rows add up to 816."),
    ("NCCT202", "inst-police.yaml", "annex.workers_returned_by_gate: the printed total of children is 5,192, but the rows add up to 5,196."),
    ("NCCT201", "prov-20.yaml", "protection.victim_intake, row Human trafficking: girls (63) is more than female (20)."),
    ("NCCT301", "inst-police-ahtjp.yaml", "migration.monthly_migrants, row April: female is 61,909; last year it was 186,847."),
]


@pytest.mark.parametrize(("code", "file", "message"), KNOWN_DISAGREEMENTS, ids=[k[2][:50] for k in KNOWN_DISAGREEMENTS])
def test_the_validator_reports_each_known_disagreement(result, code, file, message):
    found = {(f.code, Path(f.file).name, f.message) for f in result.findings.warnings if "/2016/" in f.file}
    assert (code, file, message) in found


def test_every_warning_is_about_the_printed_report(result):
    """No warning comes from a transcription slip: each one is listed in docs/data-2016.md."""
    doc = (Path(__file__).parent.parent / "docs" / "data-2016.md").read_text(encoding="utf-8")
    missing = [f"{Path(f.file).name}: {f.message}" for f in result.findings.warnings if f.message not in doc]
    assert missing == []
