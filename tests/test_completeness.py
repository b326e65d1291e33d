"""`ncct status` and completeness: expected, received, valid, with errors, missing, per
table; nothing to report and excused; exit codes; what the report says about it."""

from __future__ import annotations

import json

from ncct_report.build import build

from .conftest import run, write

FULL = (
    "contributor: {cid}\nyear: {year}\nfigures:\n"
    "  prevention.dissemination_workshops: {{events: 1, participants: 10}}\n"
    "  prevention.public_forums: {{events: 2, participants: 20}}\n"
)
PROVINCES = [f"prov-{n:02d}" for n in range(1, 26)]


def test_status_lists_missing_contributors_and_exits_1(tmp_path):
    data = tmp_path / "data"
    for cid in ("prov-02", "ngo-tdh-nl", "secretariat"):
        write(data / "2016", f"{cid}.yaml", FULL.format(cid=cid, year=2016))
    for cid in [p for p in PROVINCES if p not in ("prov-03", "prov-07")] + ["ngo-tdh-nl"]:
        write(data / "2017", f"{cid}.yaml", FULL.format(cid=cid, year=2017))
    write(data / "2017", "prov-05.yaml", FULL.format(cid="prov-05", year=2017).replace("events: 1", "events: -1"))
    result = run("status", "2017", "--data", data, "--format", "json")
    assert result.exit_code == 1
    status = json.loads(result.stdout)
    assert status["missing"] == ["secretariat", "prov-03", "prov-07"]
    assert status["with_errors"] == ["prov-05"]
    assert len(status["expected"]) == 27  # 25 provinces, the secretariat, and the NGO that reported in 2016
    assert status["by_kind"]["province"] == {"expected": 25, "received": 23, "with_errors": 1, "excused": 0, "missing": 2}
    human = run("status", "2017", "--data", data)
    assert human.exit_code == 1
    assert human.stdout.splitlines()[0] == "2017: 27 expected, 24 received (23 valid, 1 with errors), 3 missing."


def test_status_exits_0_when_complete_and_valid(tmp_path):
    data = tmp_path / "data"
    for cid in PROVINCES + ["secretariat"]:
        write(data / "2017", f"{cid}.yaml", FULL.format(cid=cid, year=2017))
    result = run("status", "2017", "--data", data)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "Complete: every expected contributor has sent a valid file and every table is filled in."


def test_untouched_templates_do_not_count_as_received(tmp_path):
    data = tmp_path / "data"
    run("init", "2017", "--data", data)
    status = json.loads(run("status", "2017", "--data", data, "--format", "json").stdout)
    assert status["received"] == [] and len(status["missing"]) == 26


def test_status_without_a_folder_says_how_to_start(tmp_path):
    result = run("status", "2030", "--data", tmp_path)
    assert result.exit_code == 1
    assert "Start the year with `ncct init 2030`" in result.stderr


def _complete_year(data, year=2017):
    for cid in PROVINCES + ["secretariat"]:
        write(data / str(year), f"{cid}.yaml", FULL.format(cid=cid, year=year))


def test_a_blank_table_is_not_reported(tmp_path):
    """A file that leaves a table empty has not reported it (it used to count as reported)."""
    data = tmp_path / "data"
    _complete_year(data)
    write(data / "2017", "prov-04.yaml", (
        "contributor: prov-04\nyear: 2017\nfigures:\n"
        "  prevention.dissemination_workshops: {events: 1, participants: 10}\n"
        "  prevention.public_forums: {events: null, participants: }\n"
    ))
    status = json.loads(run("status", "2017", "--data", data, "--format", "json").stdout)
    forums = next(t for t in status["tables"] if t["indicator"] == "prevention.public_forums")
    assert forums["missing"] == ["prov-04"]
    assert status["complete"] is False
    human = run("status", "2017", "--data", data)
    assert "B.2 prevention.public_forums: no figures from 1 of 25: prov-04" in human.stdout
    assert human.exit_code == 1


def test_nothing_to_report_and_excused_complete_a_table(tmp_path):
    data = tmp_path / "data"
    _complete_year(data)
    write(data / "2017", "prov-04.yaml", (
        "contributor: prov-04\nyear: 2017\nnothing_to_report: [prevention.public_forums]\nfigures:\n"
        "  prevention.dissemination_workshops: {events: 1, participants: 10}\n"
    ))
    (data / "2017" / "prov-05.yaml").unlink()
    write(data / "2017", "secretariat.yaml", FULL.format(cid="secretariat", year=2017) + (
        "excused:\n  - contributor: prov-05\n    reason: {en: The provincial office was flooded., km: ការិយាល័យខេត្តត្រូវទឹកជំនន់។}\n"
    ))
    status = json.loads(run("status", "2017", "--data", data, "--format", "json").stdout)
    assert status["complete"] is True
    assert status["missing"] == []
    assert status["excused"] == {"prov-05": {"en": "The provincial office was flooded.", "km": "ការិយាល័យខេត្តត្រូវទឹកជំនន់។"}}
    forums = next(t for t in status["tables"] if t["indicator"] == "prevention.public_forums")
    assert forums["nothing_to_report"] == ["prov-04"] and list(forums["excused"]) == ["prov-05"] and forums["missing"] == []
    result = build(2017, data, tmp_path / "b", langs=("en",), formats=("html",), final=True)
    assert result.ok and not result.report.draft
    html = (tmp_path / "b" / "2017" / "ncct-report-2017.en.html").read_text(encoding="utf-8")
    assert "Nothing to report this year: Kampong Chhnang" in html
    assert "Excused by the General Secretariat: Kampong Speu (The provincial office was flooded.)" in html


def test_final_refuses_a_blank_table(tmp_path):
    data = tmp_path / "data"
    _complete_year(data)
    write(data / "2017", "prov-04.yaml", "contributor: prov-04\nyear: 2017\nfigures:\n  prevention.dissemination_workshops: {events: 1}\n")
    result = run("build", "2017", "--data", data, "--out", tmp_path / "b", "--final", "--format", "html")
    assert result.exit_code == 1
    assert "  B.2 prevention.public_forums: no figures, no 'nothing to report' and no excuse from 1 of 25" in result.stderr
    draft = build(2017, data, tmp_path / "b", langs=("en",), formats=("html",))
    assert draft.report.draft


def test_who_reported_counts_expected_and_others_apart(tmp_path):
    """Not "65 of 26 expected contributors": the others are counted apart."""
    data = tmp_path / "data"
    _complete_year(data)
    write(data / "2017", "ngo-tdh-nl.yaml", FULL.format(cid="ngo-tdh-nl", year=2017))
    result = build(2017, data, tmp_path / "b", langs=("en",), formats=("html",))
    completeness = result.report.completeness
    assert (len(completeness.received), len(completeness.expected), completeness.also_received) == (26, 26, ["ngo-tdh-nl"])
    html = (tmp_path / "b" / "2017" / "ncct-report-2017.en.html").read_text(encoding="utf-8")
    assert "26 of 26 expected contributors sent their report for 2017. 1 other contributors also sent a report." in html


def test_only_the_secretariat_may_excuse(tmp_path):
    data = tmp_path / "data"
    write(data / "2017", "prov-04.yaml", (
        "contributor: prov-04\nyear: 2017\nexcused:\n  - contributor: prov-05\n    reason: {en: No.}\n"
    ))
    result = run("validate", data / "2017", "--format", "json")
    assert [f["code"] for f in json.loads(result.stdout)["errors"]] == ["NCCT116"]
