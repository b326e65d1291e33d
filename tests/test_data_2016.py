"""The 2016 dataset: it validates, it holds the printed figures, and the validator finds
the disagreements of the printed report (listed in docs/data-2016.md)."""

from __future__ import annotations

from decimal import Decimal
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
    (2016, "inst-police-ahtjp", "crackdown.sexual_exploitation_offenses", "art-42", "minors", 10),
    # C.1.1 rows take the offense tables' figures where a table prints them (the paragraphs' differing
    # figures are statements of their items: see test_text_figures_that_differ_are_statements)
    (2016, "inst-police-ahtjp", "crackdown.summary", "sexual-exploitation", "suspects", 74),  # table "74 Persons"
    (2016, "inst-police-ahtjp", "crackdown.summary", "sexual-exploitation", "minors", 12),  # table 10 + 2 minors
    (2016, "inst-police-ahtjp", "crackdown.summary", "human-trafficking", "foreign_suspects", 2),  # table: Pakistan 1, Thailand 1
    (2016, "inst-police-ahtjp", "crackdown.summary", "sexual-exploitation", "female_suspects", 25),  # text only
    (2016, "inst-police-ahtjp", "crackdown.case_files", "art-11", "cases_ht", 7),  # C.1.2
    (2016, "inst-prosecution", "justice.prosecutor_actions", None, "cases", 116),  # C.2.2
    (2016, "inst-courts", "justice.investigating_judge_actions", None, "in_custody", 42),  # C.2.3
    (2016, "inst-courts", "justice.trial_judge_actions", None, "cases_in_progress", 122),  # C.2.4
    (2016, "prov-20", "protection.victim_intake", "human-trafficking", "victims", 153),  # D.1
    (2016, "prov-15", "protection.child_victims_in_centers", "cambodia-acts", "children", 66),  # D.2
    (2016, "prov-12", "protection.pp_transit_center", "received", "persons", 1904),  # D.5
    (2016, "prov-21", "capacity.trainings_by_organizer", None, "participants", 553),  # Annex 1
    (2016, "min-tourism", "capacity.trainings_by_organizer", None, "courses", 524),  # Annex 1 row 3 (III.A.2: 4)
    (2016, "prov-24", "coordination.meetings", None, "times", 5),  # Annex 2, Pailin's first listing (second: 11)
    (2016, "secretariat", "capacity.national_seminars", "prov-01", "participants", 193),  # III.A.2 (Annex 2: 200)
    (2016, "ngo-cambodia-acts", "partners.awareness_outreach", None, "events", 116),  # Annex 5 bullet (table: 166)
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
    # B.6.4: the text's total for all 19 countries; the table prints 6 of them (NCCT202 below)
    (2016, "inst-immigration", "migration.deported_workers_received", "workers", 111766),
    (2016, "inst-immigration", "migration.deported_workers_received", "women", 20863),
    (2016, "inst-immigration", "migration.deported_workers_received", "children", 4832),
    # B.8.3 Situation of Victimization: the Total row's printed zeros (a printed 0 is 0)
    (2016, "inst-police-ahtjp", "migration.returnee_victimization", "fishing_female", 0),
    (2016, "inst-police-ahtjp", "migration.returnee_victimization", "marriage_male", 0),
    (2016, "inst-police-ahtjp", "migration.returnee_victimization", "girls", 0),
]


@pytest.mark.parametrize(("year", "contributor", "indicator", "measure", "value"), PRINTED_TOTALS)
def test_printed_totals_are_kept_as_declared_totals(years, year, contributor, indicator, measure, value):
    assert years[year][contributor].figures[indicator].total[measure] == value


def test_events_abroad_are_counted_once(years):
    """III.B.2 prints 5 seminars abroad (the NCCT's 2, three under the Ministry of Women's Affairs: its JICA
    seminar, the COMMIT working group's, the police's) and III.B.3 5 trainings abroad (the Singapore course of
    the NCCT's Vice Chair and the Ministry of Education's deputy secretary of state, the Ministry of Women's
    Affairs' 1, the police's 3): each event is in one file only, the other body is in the item's `with`."""
    def total(indicator, measure):
        return sum(s.figures[indicator].rows[None].get(measure) or 0 for s in years[2016].values() if indicator in s.figures)

    def by_country(indicator, measure, row):
        return sum((s.figures[indicator].rows.get(row) or {}).get(measure) or 0 for s in years[2016].values() if indicator in s.figures)

    assert total("capacity.seminars_abroad", "events") == 5
    assert by_country("capacity.seminars_abroad_by_country", "events", "TH") == 2
    assert total("capacity.trainings_abroad", "courses") == 5
    assert by_country("capacity.trainings_abroad_by_country", "courses", "SG") == 1
    assert "capacity.seminars_abroad" not in years[2016]["inst-commit"].figures
    assert "capacity.trainings_abroad" not in years[2016]["min-education"].figures


def test_table_totals_printed_by_the_secretariat(years):
    totals = years[2016]["secretariat"].declared_totals
    assert totals["prevention.dissemination_workshops"] == {"events": 12692, "participants": 1661668, "female": 819466}
    assert totals["prevention.public_forums"] == {"events": 14448, "participants": 1825182, "female": 725467}
    assert totals["capacity.trainings_by_organizer"] == {"courses": 104, "participants": 4761, "female": 2283}


# Printed changes (year, contributor, indicator, measure, since, difference, percent as printed)
PRINTED_CHANGES = [
    (2016, "secretariat", "prevention.awareness_overall", "participants", 2015, 393974, "11.77"),  # B
    (2016, "min-labour", "migration.workers_sent_abroad", "workers", 2015, 4862, "18.72"),  # B.6.2
    (2016, "prov-01", "migration.deportees_from_thailand", "workers", 2015, -5746, "-10.32"),  # B.6.3
    (2016, "prov-01", "migration.province_migrants", "persons", 2015, 69352, "122.8"),  # B.6.3
    (2016, "inst-border-police", "prevention.border_patrols", "times", 2015, 1725, None),  # B.8.1
    (2016, "inst-police-ahtjp", "crackdown.summary", "suspects", 2015, -31, None),  # C.1.1
    (2015, "inst-police-ahtjp", "crackdown.summary", "victims", 2014, -117, None),  # comparative table Note
]


@pytest.mark.parametrize(("year", "contributor", "indicator", "measure", "since", "difference", "percent"), PRINTED_CHANGES,
                         ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in PRINTED_CHANGES])
def test_printed_changes_are_kept_as_printed(years, year, contributor, indicator, measure, since, difference, percent):
    change = years[year][contributor].figures[indicator].changes[measure]
    assert (change.since, change.difference) == (since, difference)
    assert change.percent == (Decimal(percent) if percent else None)


def test_totals_and_subtotals_over_several_tables_or_contributors(years):
    secretariat = years[2016]["secretariat"]
    (grand,) = secretariat.declared_sums  # B.2 "Total Capital and Provincial Disseminations"
    assert grand.indicators == ["prevention.dissemination_workshops", "prevention.public_forums"]
    assert grand.total == {"events": 27140, "participants": 3486870, "female": 1544933}
    assert secretariat.declared_subtotals["capacity.trainings_by_organizer"] == {  # III.A.1
        "secretariat+ministry+institution": {"courses": 29, "participants": 1126, "female": 497},
        "province": {"courses": 75, "participants": 3635, "female": 1786},
    }
    assert secretariat.declared_subtotals["coordination.meetings"] == {"province": {"times": 286}}  # III.A.3, Annex 2


def test_rows_printed_twice_keep_their_second_listing(years):
    assert years[2016]["prov-24"].figures["coordination.meetings"].also_printed[None][0] == {"times": 11}  # Pailin
    assert years[2016]["prov-09"].figures["coordination.meetings"].also_printed[None][0] == {"times": 2}  # Koh Kong


# Figures a paragraph prints differently from a table, kept as statements of the item that prints them:
# (contributor, words of the item's English text, indicator, row, measure, value as printed in the text)
STATED = [
    ("inst-police-ahtjp", "39 suspects arrested (21 females) including 3 foreigners", "crackdown.trafficking_offenses", None, "foreign_suspects", 3),
    ("inst-police-ahtjp", "66 suspects arrested (25 females; 9 minors)", "crackdown.sexual_exploitation_offenses", None, "suspects", 66),
    ("inst-police-ahtjp", "66 suspects arrested (25 females; 9 minors)", "crackdown.sexual_exploitation_offenses", None, "minors", 9),
    ("min-tourism", "held 4 training workshops", "capacity.trainings_by_organizer", None, "courses", 4),
    ("secretariat", "Provincial Hall, with 200 participants", "capacity.national_seminars", "prov-01", "participants", 200),
    ("secretariat", "InterContinental Hotel with 150 participants", "capacity.national_seminars", "prov-12", "participants", 150),
    ("ngo-cambodia-acts", "participated by 157 persons (35 females)", "capacity.national_seminars", "prov-12", "participants", 157),
    ("ngo-cambodia-acts", "advertising 166 times", "partners.awareness_outreach", None, "events", 166),
]


@pytest.mark.parametrize(("contributor", "words", "indicator", "row", "measure", "value"), STATED, ids=[f"{s[0]}-{s[4]}-{s[5]}" for s in STATED])
def test_text_figures_that_differ_are_statements(years, contributor, words, indicator, row, measure, value):
    items = [i for i in years[2016][contributor].items if i.en and words in " ".join(i.en.split())]
    assert len(items) == 1
    assert (indicator, row, measure, value) in {(s.indicator, s.row, s.measure, s.value) for s in items[0].states}


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
    ("NCCT202", "inst-police-ahtjp.yaml", "crackdown.summary: the printed total of foreign_suspects is 8, but the rows add up to 7."),
    ("NCCT202", "inst-police-ahtjp.yaml", "crackdown.case_files: the printed total of offenders_ht is 39, but the rows add up to 111."),
    ("NCCT202", "min-foreign-affairs.yaml", "migration.returned_workers_mofaic: the printed total of workers is 815, but the rows add up to 816."),
    ("NCCT202", "inst-police.yaml", "annex.workers_returned_by_gate: the printed total of children is 5,192, but the rows add up to 5,196."),
    # B.6.4: the text's 19-country total against the six countries the table prints (an incomplete table)
    ("NCCT202", "inst-immigration.yaml", "migration.deported_workers_received: the printed total of workers is 111,766, but the rows add up to 103,452."),
    ("NCCT202", "inst-immigration.yaml", "migration.deported_workers_received: the printed total of women is 20,863, but no row gives it."),
    ("NCCT202", "inst-immigration.yaml", "migration.deported_workers_received: the printed total of children is 4,832, but no row gives it."),
    ("NCCT201", "prov-20.yaml", "protection.victim_intake, row Human trafficking: girls (63) is more than female (20)."),
    ("NCCT301", "inst-police-ahtjp.yaml", "migration.monthly_migrants, row April: female is 61,909; last year it was 186,847."),
    # printed changes (NCCT207)
    ("NCCT207", "min-labour.yaml", "migration.workers_sent_abroad: the text prints a difference of +4,862 and +18.72% for workers since 2015, but 30,825 - 25,263 = +5,562 (+22.02%)."),
    ("NCCT207", "prov-01.yaml", "migration.deportees_from_thailand: the text prints a difference of -5,746 and -10.32% for workers since 2015, but 49,987 - 55,626 = -5,639 (-10.14%)."),
    # a total over two tables (NCCT208)
    ("NCCT208", "secretariat.yaml", "prevention.dissemination_workshops + prevention.public_forums: the printed total of participants is 3,486,870, but the tables add up to 3,486,879."),
    # parts of a row against its total (NCCT209)
    ("NCCT209", "inst-police-ahtjp.yaml", "migration.returnee_victimization, row Vietnam: female (10) + fishing_male (6) = 16, more than workers (15)."),
    ("NCCT209", "inst-police-ahtjp.yaml", "migration.returnee_victimization (printed total): female (127) + fishing_male (124) + domestic_work_male (6) + marriage_male (0) + general_migrant_male (28) + boys (1) + injured_male (8) + dead_male (5) = 299, more than workers (298)."),
    ("NCCT209", "inst-police-ahtjp.yaml", "migration.returnee_migration_means, row Saudi Arabia: means_broker (1) + means_friend (1) = 2, more than workers (1)."),
    ("NCCT209", "min-labour.yaml", "justice.migrant_worker_complaints: complaints_solved (19) + complaints_unsolved (0) + complaints_in_progress (21) + complaints_invalid (13) = 53, not complaints (54)."),
    ("NCCT209", "ngo-cambodia-acts.yaml", "partners.cambodia_acts_activities, row Radio shows on child movement and human trafficking for children and the public: children (26,200) + adults (41,800) = 68,000, not persons (95,600)."),
    # a figure of the text against the tables (NCCT210)
    ("NCCT210", "inst-police-ahtjp.yaml", "crackdown.trafficking_offenses: the text states foreign_suspects 3, but the tables give 2 (its own figures)."),
    ("NCCT210", "inst-police-ahtjp.yaml", "crackdown.sexual_exploitation_offenses: the text states suspects 66, but the tables give 74 (its own figures)."),
    ("NCCT210", "inst-police-ahtjp.yaml", "crackdown.sexual_exploitation_offenses: the text states minors 9, but the tables give 12 (its own figures)."),
    ("NCCT210", "min-tourism.yaml", "capacity.trainings_by_organizer: the text states courses 4, but the tables give 524 (its own figures)."),
    ("NCCT210", "secretariat.yaml", "capacity.national_seminars, row Banteay Meanchey: the text states participants 200, but the tables give 193 (its own figures)."),
    ("NCCT210", "secretariat.yaml", "capacity.national_seminars, row Phnom Penh: the text states participants 150, but the tables give 159 (its own figures)."),
    ("NCCT210", "ngo-cambodia-acts.yaml", "capacity.national_seminars, row Phnom Penh: the text states participants 157, but the tables give 159 (all files)."),
    ("NCCT210", "ngo-cambodia-acts.yaml", "capacity.national_seminars, row Phnom Penh: the text states female 35, but the tables give 47 (all files)."),
    ("NCCT210", "ngo-cambodia-acts.yaml", "partners.awareness_outreach: the text states events 166, but the tables give 116 (its own figures)."),
    # sub-totals of a kind of contributor (NCCT211)
    ("NCCT211", "secretariat.yaml", "capacity.trainings_by_organizer: the printed sub-total of courses for secretariat+ministry+institution is 29, but the 4 secretariat+ministry+institution files that give it add up to 549."),
    ("NCCT211", "secretariat.yaml", "capacity.trainings_by_organizer: the printed sub-total of female for province is 1,786, but the 13 province files that give it add up to 1,773."),
    ("NCCT211", "secretariat.yaml", "coordination.meetings: the printed sub-total of times for province is 286, but the 20 province files that give it add up to 247."),
    # rows printed twice (NCCT212)
    ("NCCT212", "prov-24.yaml", "coordination.meetings: the published table lists Pailin twice (times 5 and 11); the report uses the first."),
    ("NCCT212", "prov-09.yaml", "coordination.meetings: the published table lists Koh Kong twice (times 2 and 2); the report uses the first."),
]


@pytest.mark.parametrize(("code", "file", "message"), KNOWN_DISAGREEMENTS, ids=[k[2][:50] for k in KNOWN_DISAGREEMENTS])
def test_the_validator_reports_each_known_disagreement(result, code, file, message):
    found = {(f.code, Path(f.file).name, f.message) for f in result.findings.warnings if "/2016/" in f.file}
    assert (code, file, message) in found


def test_crackdown_rows_agree_with_the_printed_totals_of_suspects_and_minors(result):
    """The C.1.1 rows take the offense tables' 74 suspects and 12 minors, which the summary's printed total
    (113, 12) agrees with; only the C.1.1.2 paragraph's 66 and 9 differ (NCCT210 above)."""
    summary = [f.message for f in result.findings.warnings if f.message.startswith("crackdown.summary: the printed total of")]
    assert not [m for m in summary if " of suspects " in m or " of minors " in m]


def test_every_warning_is_about_the_printed_report(result):
    """No warning comes from a transcription slip: each one is listed in docs/data-2016.md."""
    doc = (Path(__file__).parent.parent / "docs" / "data-2016.md").read_text(encoding="utf-8")
    missing = [f"{Path(f.file).name}: {f.message}" for f in result.findings.warnings if f.message not in doc]
    assert missing == []
