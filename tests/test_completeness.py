"""`ncct status`: expected, received, valid, with errors, missing; exit codes."""

from __future__ import annotations

import json

from .conftest import run, write

FULL = "contributor: {cid}\nyear: {year}\nfigures:\n  prevention.dissemination_workshops: {{events: 1, participants: 10}}\n"


def test_status_lists_missing_contributors_and_exits_1(tmp_path):
    data = tmp_path / "data"
    for cid in ("prov-02", "ngo-tdh-nl", "secretariat"):
        write(data / "2016", f"{cid}.yaml", FULL.format(cid=cid, year=2016))
    for cid in [f"prov-{n:02d}" for n in range(1, 26) if n not in (3, 7)] + ["ngo-tdh-nl"]:
        write(data / "2017", f"{cid}.yaml", FULL.format(cid=cid, year=2017))
    write(data / "2017", "prov-05.yaml", FULL.format(cid="prov-05", year=2017).replace("events: 1", "events: -1"))
    result = run("status", "2017", "--data", data, "--format", "json")
    assert result.exit_code == 1
    status = json.loads(result.stdout)
    assert status["missing"] == ["secretariat", "prov-03", "prov-07"]
    assert status["with_errors"] == ["prov-05"]
    assert len(status["expected"]) == 27  # 25 provinces, the secretariat, and the NGO that reported in 2016
    assert status["by_kind"]["province"] == {"expected": 25, "received": 23, "with_errors": 1, "missing": 2}
    human = run("status", "2017", "--data", data)
    assert human.exit_code == 1
    assert human.stdout.splitlines()[0] == "2017: 27 expected, 24 received (23 valid, 1 with errors), 3 missing."


def test_status_exits_0_when_complete_and_valid(tmp_path):
    data = tmp_path / "data"
    for cid in [f"prov-{n:02d}" for n in range(1, 26)] + ["secretariat"]:
        write(data / "2017", f"{cid}.yaml", FULL.format(cid=cid, year=2017))
    result = run("status", "2017", "--data", data)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == "Complete: every expected contributor has sent a valid file."


def test_untouched_templates_do_not_count_as_received(tmp_path):
    data = tmp_path / "data"
    run("init", "2017", "--data", data)
    status = json.loads(run("status", "2017", "--data", data, "--format", "json").stdout)
    assert status["received"] == [] and len(status["missing"]) == 26


def test_status_without_a_folder_says_how_to_start(tmp_path):
    result = run("status", "2030", "--data", tmp_path)
    assert result.exit_code == 1
    assert "start the year with `ncct init 2030`" in result.stderr
