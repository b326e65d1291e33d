"""Open data: CSV files with a Frictionless Data Package, and the Excel workbook of the
report's tables, all from the same report model as the JSON."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from ncct_report.build import build

from .conftest import run, write

DATA = Path(__file__).parent.parent / "data"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("open")
    result = build(2016, DATA, out, langs=("en",), formats=("json", "csv", "xlsx"))
    assert result.ok
    folder = out / "2016"
    return folder, json.loads((folder / "ncct-report-2016.json").read_text(encoding="utf-8"))


def rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def tables(model: dict) -> list[dict]:
    def walk(sections):
        for s in sections:
            yield from s["tables"]
            yield from walk(s["children"])

    return list(walk(model["sections"]))


def test_the_data_package_is_valid(built):
    from frictionless import Package

    folder, _ = built
    report = Package(str(folder / "data" / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


def test_observations_are_the_figures_as_submitted(built):
    folder, model = built
    observed = rows(folder / "data" / "observations.csv")
    participants = [int(r["value"]) for r in observed if r["indicator"] == "prevention.dissemination_workshops" and r["measure"] == "participants"]
    assert len(participants) == 23 and sum(participants) == 1661697
    table = next(t for t in tables(model) if t["indicator"] == "prevention.dissemination_workshops")
    assert table["total"]["participants"]["value"] == 1661697
    battambang = next(r for r in observed if r["indicator"] == "prevention.dissemination_workshops" and r["contributor"] == "prov-02" and r["measure"] == "participants")
    assert (battambang["value"], battambang["source_file"], battambang["row_en"]) == ("234122", "2016/prov-02.yaml", "")
    assert int(battambang["source_line"]) > 1
    assert all(r["row"] not in ("total", "printed_total") for r in observed)  # no computed totals mixed in


def test_printed_totals_say_whether_they_agree(built):
    folder, _ = built
    printed = rows(folder / "data" / "printed_totals.csv")
    workshops = next(r for r in printed if r["indicator"] == "prevention.dissemination_workshops" and r["measure"] == "participants")
    assert (workshops["printed"], workshops["computed"], workshops["agrees"], workshops["scope"]) == ("1661668", "1661697", "false", "all")
    assert any(r["agrees"] == "true" for r in printed)


def test_changes_are_the_ones_the_report_prints(built):
    folder, model = built
    changes = rows(folder / "data" / "changes.csv")
    printed = [(t["indicator"], c["measure"]) for t in tables(model) for c in t["changes"]]
    assert [(c["indicator"], c["measure"]) for c in changes] == printed
    workers = next(c for c in changes if c["indicator"] == "migration.workers_sent_abroad")
    assert (workers["value"], workers["previous"], workers["difference"], workers["percent"]) == ("30825", "25263", "5562", "22.02")


def test_every_table_has_a_csv_and_a_sheet_with_the_numbers_of_the_model(built):
    from openpyxl import load_workbook

    folder, model = built
    book = load_workbook(folder / "ncct-report-2016.xlsx")
    index = list(book["Index"].iter_rows(min_row=3, values_only=True))
    assert len(index) == len(tables(model)) and book.sheetnames[0] == "Index" and book.sheetnames[-1] == "Sources"
    for table, (number, title_en, title_km, section, sheet_name) in zip(tables(model), index):
        assert (number, title_en, section) == (table["number"], table["title"]["en"], table["section"])
        expected = [[r["cells"][m]["value"] for m in table["measures"]] for r in table["rows"]]
        if len(table["rows"]) > 1 and table["total"]:
            expected.append([table["total"][m]["value"] if m in table["total"] else None for m in table["measures"]])
        csv_rows = rows(folder / "data" / f"table-{table['number']:02d}-{table['indicator']}.csv")
        got = [[int(r[m]) if r[m] else None for m in table["measures"]] for r in csv_rows if r["row"] != "printed_total"]
        assert got == expected, table["indicator"]
        sheet = book[sheet_name]
        values = [list(r[1:]) for r in sheet.iter_rows(min_row=5, max_row=4 + len(expected), values_only=True)]
        no_report = [[None if v == "No report" else v for v in r] for r in values]
        assert no_report == expected, table["indicator"]
        assert sheet.freeze_panes == "B5"
        assert all(isinstance(v, int) for r in values for v in r if v not in (None, "No report"))
    assert book["Index"]["E3"].hyperlink.location == f"'{index[0][4]}'!A1"


def test_the_same_inputs_give_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1486857600")
    first = build(2016, DATA, tmp_path / "a", langs=("en",), formats=("csv", "xlsx"))
    second = build(2016, DATA, tmp_path / "b", langs=("en",), formats=("csv", "xlsx"))
    assert len(first.outputs) == len(second.outputs) > 90
    for one, two in zip(first.outputs, second.outputs):
        assert one.path.read_bytes() == two.path.read_bytes(), one.path.name


def test_licence_and_sources_come_from_the_publication_settings(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA / "2016", data / "2016")
    write(data, "publication.yaml", "licenses:\n  - {name: CC-BY-4.0, path: 'https://creativecommons.org/licenses/by/4.0/', title: Creative Commons Attribution 4.0}\n"
                                     "sources:\n  - {title: NCCT annual report 2016}\n")
    build(2016, data, tmp_path / "out", langs=("en",), formats=("csv",))
    package = json.loads((tmp_path / "out" / "2016" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0" and package["sources"] == [{"title": "NCCT annual report 2016"}]
    write(data, "publication.yaml", "licence: CC0\n")
    result = run("build", "2016", "--data", data, "--out", tmp_path / "out2", "--format", "csv")
    assert result.exit_code == 1 and "publication.yaml cannot be used: it may hold only homepage, licenses, sources, title" in result.stderr


def test_export_writes_the_observations_of_several_years(tmp_path):
    from frictionless import Package

    result = run("export", "--years", "2014-2016", "--data", DATA, "--out", tmp_path / "open")
    assert result.exit_code == 0, result.stderr
    observed = rows(tmp_path / "open" / "observations.csv")
    assert {r["year"] for r in observed} == {"2014", "2015", "2016"}
    assert Package(str(tmp_path / "open" / "datapackage.json")).validate().valid
    assert run("export", "--years", "2016-2014", "--data", DATA, "--out", tmp_path / "x").exit_code == 2


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_the_workbook(built, tmp_path):
    folder, _ = built
    subprocess.run(["soffice", "--headless", "--convert-to", "csv", "--outdir", str(tmp_path), str(folder / "ncct-report-2016.xlsx")],
                   check=True, capture_output=True, timeout=120)
    assert "Table" in (tmp_path / "ncct-report-2016.csv").read_text(encoding="utf-8", errors="replace")
