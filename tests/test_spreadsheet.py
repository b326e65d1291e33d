"""The spreadsheet path: a contributor's form, filled and read back as a submission,
every odd thing a spreadsheet can hold reported at its Sheet!Cell."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.chart import BarChart, Reference

from ncct_report import spreadsheet
from ncct_report.errors import NcctError
from ncct_report.init_year import last_year_submissions
from ncct_report.read import read_paths
from ncct_report.reference import load_reference
from ncct_report.registry import Registry
from ncct_report.spreadsheet import (
    FORMAT,
    META_SHEET,
    YES,
    contributor_workbook,
    import_workbook,
    init_workbooks,
    validate_workbook,
    write_submission,
)

from .conftest import FIXTURES, write

DATA = Path(__file__).resolve().parent.parent / "data"
GENERATED = dt.date(2018, 1, 2)


@pytest.fixture(scope="module")
def reference():
    return load_reference()


@pytest.fixture(scope="module")
def last_year(reference):
    """The 2016 submissions, by contributor: last year for a 2017 form."""
    previous, _ = last_year_submissions(DATA, 2017, *reference)
    return previous


@pytest.fixture(scope="module")
def forms(reference, last_year):
    """The 2017 form of a contributor (as bytes), made once for all the tests."""
    catalog, registry = reference
    made: dict[str, bytes] = {}

    def form(contributor: str) -> bytes:
        if contributor not in made:
            made[contributor] = contributor_workbook(registry[contributor], 2017, last_year.get(contributor), catalog, generated=GENERATED)
        return made[contributor]

    return form


def make_form(tmp_path: Path, forms, contributor: str = "prov-02") -> Path:
    """The form of `contributor` as tmp/data/2017/<contributor>.xlsx."""
    path = tmp_path / "data" / "2017" / f"{contributor}.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(forms(contributor))
    return path


def layout(ws) -> dict[tuple, dict[str, str]]:
    """The cells of a sheet by (table, row) and field, found as the import finds them:
    by the marks of column A and each table's hidden row of field names. Blank rows of
    a long list are ("table", "blank", n); the narrative's rows ("items", n)."""
    out: dict[tuple, dict[str, str]] = {}
    table, fields, blanks = None, {}, 0
    for (cell,) in ws.iter_rows(max_col=1):
        mark = cell.value if isinstance(cell.value, str) and cell.value.startswith("ncct:") else ""
        kind, _, argument = mark.removeprefix("ncct:").partition(" ")
        if kind == "table":
            table, blanks = argument, 0
        elif kind == "fields":
            fields = {ws.cell(cell.row, c).value: c for c in range(2, ws.max_column + 1) if ws.cell(cell.row, c).value}
        elif kind in ("values", "row", "total", "nothing", "item", "submitted"):
            if kind == "row" and not argument:
                key, blanks = (table, "blank", blanks), blanks + 1
            elif kind == "item":
                key, blanks = ("items", blanks), blanks + 1
            else:
                key = (table, argument or kind) if kind != "submitted" else ("submitted",)
            out[key] = {name: ws.cell(cell.row, column).coordinate for name, column in fields.items()}
    return out


def fill_with(wb, sub, catalog) -> None:
    """Type the figures, totals, notes and items of a submission into its form."""
    cells = {}
    for ws in wb.worksheets:
        if ws.title != META_SHEET:
            cells.update({key: (ws, where) for key, where in layout(ws).items()})
    for iid, figures in sub.figures.items():
        for code, values in figures.rows.items():
            ws, where = cells[(iid, "values" if code is None else code)]
            for measure, value in values.items():
                if value is not None:
                    ws[where[f"count {measure}"]] = value
            note = figures.notes.get(code)
            if note is not None:
                ws[where["note en"]] = note.en
                ws[where["note km"]] = note.km
        if figures.total:
            ws, where = cells[(iid, "total")]
            for measure, value in figures.total.items():
                if value is not None:
                    ws[where.get(f"count {measure}") or where[f"total {measure}"]] = value
    for index, item in enumerate(sub.items):
        ws, where = cells[("items", index)]
        ws[where["section"]] = item.section
        ws[where["en"]] = item.en
        ws[where["km"]] = item.km


def read_back(path: Path, reference):
    """The submission the reading stage reads from a file."""
    reading = read_paths([path], *reference, earlier_years=0)
    assert reading.findings.errors == []
    return reading.submissions[0]


def figures_of(sub) -> dict:
    """What a submission says in its tables: figures (not-reported left out), printed
    totals and notes, by indicator."""
    out = {}
    for iid, figures in sub.figures.items():
        rows = {code: {m: v for m, v in values.items() if v is not None} for code, values in figures.rows.items()}
        total = {m: v for m, v in (figures.total or {}).items() if v is not None}
        notes = {code: (note.en, note.km) for code, note in figures.notes.items()}
        out[iid] = (rows, total, notes)
    return out


def cell_findings(reading) -> list[tuple[str, str, str]]:
    return [(f.code, f.severity, f.message) for f in reading.findings.items]


# --- the round trip -------------------------------------------------------------------


@pytest.mark.parametrize("contributor", ["prov-02", "inst-police-ahtjp", "ngo-cambodia-acts"])
def test_a_form_filled_with_last_years_figures_reads_back_exactly_as_that_file(tmp_path, reference, last_year, forms, contributor):
    catalog, _ = reference
    path = make_form(tmp_path, forms, contributor)
    original = last_year[contributor]
    wb = openpyxl.load_workbook(path)
    fill_with(wb, original, catalog)
    wb.save(path)

    reading = validate_workbook(path, *reference)
    assert reading.findings.errors == []
    imported = import_workbook(path)
    assert imported.ok and imported.findings.items == []
    target = imported.submission_path
    assert target == path.with_suffix(".yaml")
    assert write_submission(target, imported.text) == "created"

    back = read_back(target, reference)
    assert back.contributor == contributor and back.year == 2017
    assert figures_of(back) == figures_of(original)
    assert [(i.section, i.en, i.km) for i in back.items] == [(i.section, i.en, i.km) for i in original.items]


def test_every_value_of_the_yaml_names_its_cell(tmp_path, forms):
    path = make_form(tmp_path, forms)
    wb = openpyxl.load_workbook(path)
    cells = layout(wb["B"])
    wb["B"][cells[("prevention.dissemination_workshops", "values")]["count events"]] = 2400
    wb.save(path)
    imported = import_workbook(path, display="prov-02.xlsx")
    lines = imported.text.splitlines()
    events = cells[("prevention.dissemination_workshops", "values")]["count events"]
    number = lines.index(f"    events: 2400  # prov-02.xlsx B!{events}") + 1
    assert imported.cells[number] == f"B!{events}"
    assert lines[2] == "contributor: prov-02  # prov-02.xlsx Instructions!C3"
    assert lines[3] == "year: 2017  # prov-02.xlsx Instructions!C4"


def test_rows_chosen_in_blank_rows_typed_names_and_printed_totals(tmp_path, reference, last_year, forms):
    catalog, _ = reference
    path = make_form(tmp_path, forms, "inst-police-ahtjp")
    wb = openpyxl.load_workbook(path)
    iid = next(i for i in last_year["inst-police-ahtjp"].figures if catalog.indicators[i].rows == "offense")
    ws = next(ws for ws in wb.worksheets if ws.title != META_SHEET and any(k[0] == iid for k in layout(ws)))
    cells = layout(ws)
    listed = {k[1] for k in cells if k[0] == iid and k[1] not in ("total", "nothing", "blank")}
    free = [c for c in catalog.codelists["offense"].codes if c not in listed]
    measure = catalog.indicators[iid].measures[0]
    chosen, typed = catalog.codelists["offense"].codes[free[0]], catalog.codelists["offense"].codes[free[1]]
    ws[cells[(iid, "blank", 0)]["label"]] = spreadsheet.row_name(chosen.label)  # from the list
    ws[cells[(iid, "blank", 0)][f"count {measure}"]] = 7
    ws[cells[(iid, "blank", 1)]["label"]] = typed.label.en  # typed, as a YAML file may name it
    ws[cells[(iid, "blank", 1)][f"count {measure}"]] = 3
    ws[cells[(iid, "blank", 2)]["label"]] = spreadsheet.row_name(chosen.label)  # the same row again
    ws[cells[(iid, "blank", 2)][f"count {measure}"]] = 1
    ws[cells[(iid, "blank", 3)][f"count {measure}"]] = 9  # figures without a row name
    for key in [k for k in cells if k[0] == iid and k[1] not in ("total", "nothing", "blank")]:
        for field, where in cells[key].items():
            if field.startswith("count "):
                ws[where] = None
    ws[cells[(iid, "total")][f"count {measure}"]] = 10
    wb.save(path)

    reading = validate_workbook(path, *reference, display="police.xlsx")
    sheet = ws.title
    assert cell_findings(reading) == [
        ("NCCT203", "error", (f"{sheet}!{cells[(iid, 'blank', 2)]['label']}: the row '{chosen.id}' is already given in "
                              f"{sheet}!{cells[(iid, 'blank', 0)]['label']}; this row is not read.")),
        ("NCCT101", "error", f"{sheet}!{cells[(iid, 'blank', 3)]['label']}: this row has figures but no name; they are not read."),
    ]
    sub = reading.submissions[0]
    assert sub.figures[iid].rows == {chosen.id: {measure: 7}, typed.id: {measure: 3}}
    assert sub.figures[iid].total == {measure: 10}


def test_nothing_to_report_and_the_date_sent(tmp_path, reference, forms):
    path = make_form(tmp_path, forms)
    wb = openpyxl.load_workbook(path)
    cells = layout(wb["B"])
    wb["B"][cells[("prevention.public_forums", "nothing")]["count events"]] = YES
    wb["B"][cells[("prevention.radio_broadcasts", "nothing")]["count events"]] = "Yes"
    wb["B"][cells[("prevention.radio_broadcasts", "values")]["count events"]] = 4
    wb["B"][cells[("prevention.signs_posted", "nothing")]["count items"]] = "perhaps"
    wb["Instructions"]["C5"] = dt.datetime(2018, 1, 20)
    wb.save(path)

    reading = validate_workbook(path, *reference, display="prov-02.xlsx")
    radio = cells[("prevention.radio_broadcasts", "nothing")]["count events"]
    signs = cells[("prevention.signs_posted", "nothing")]["count items"]
    assert cell_findings(reading) == [
        ("NCCT112", "error", f"B!{signs}: 'perhaps' is not a choice here: choose \"yes\" from the list, or leave the cell empty."),
        ("NCCT115", "error", f"B!{radio}: prevention.radio_broadcasts is listed under nothing_to_report, but the file gives figures for it."),
    ]
    sub = reading.submissions[0]
    assert list(sub.nothing_to_report) == ["prevention.public_forums", "prevention.radio_broadcasts"]
    assert sub.doc.data["submitted"] == "2018-01-20"


# --- what a spreadsheet may hold ------------------------------------------------------


@pytest.fixture
def form(tmp_path, forms):
    """prov-02's form, open, with the cells of the dissemination workshops' row."""
    path = make_form(tmp_path, forms)
    wb = openpyxl.load_workbook(path)
    row = layout(wb["B"])[("prevention.dissemination_workshops", "values")]
    return path, wb, row


def check(path: Path, wb, reference):
    wb.save(path)
    reading = validate_workbook(path, *reference, display="prov-02.xlsx")
    workshops = reading.submissions[0].figures.get("prevention.dissemination_workshops") if reading.submissions else None
    return cell_findings(reading), (workshops.rows[None] if workshops else None)


def test_counts_are_read_by_the_count_rule_at_their_cell(form, reference):
    path, wb, row = form
    ws = wb["B"]
    ws[row["count events"]] = "2,387"  # a number typed as text, with a separator
    ws[row["count participants"]] = "២៣៤១២២"  # Khmer digits: a count
    ws[row["count female"]] = " 116669 "  # digits typed as text: a count
    findings, values = check(path, wb, reference)
    assert findings == [
        ("NCCT105", "error", (f"B!{row['count events']}: figures > prevention.dissemination_workshops > events: "
                              "'2,387' is not a count written with digits only; if you meant 2,387, write 2387.")),
    ]
    assert values == {"events": None, "participants": 234122, "female": 116669}  # None: not read


def test_a_value_that_is_not_a_count_is_a_finding_never_a_number(form, reference):
    path, wb, _ = form
    cells = layout(wb["B"])
    typed = {  # (table, measure): (value typed, finding code, what it says)
        ("prevention.dissemination_workshops", "events"): (12.5, "NCCT105", "'12.5' is not a count written with digits only."),
        ("prevention.dissemination_workshops", "participants"): (-3, "NCCT104", "-3 is negative."),
        ("prevention.dissemination_workshops", "female"): ("twelve", "NCCT103", "expected a whole number, found the text 'twelve'."),
        ("prevention.public_forums", "events"): (True, "NCCT103", "expected a whole number, found 'true' (true/false)."),
        ("prevention.public_forums", "participants"): (dt.datetime(2017, 3, 1), "NCCT105", "'2017-03-01' is not a count written with digits only."),
        ("prevention.public_forums", "female"): (10**12, "NCCT114", "1,000,000,000,000 is larger than 999,999,999, the largest count accepted."),
    }
    for (table, measure), (value, _, _) in typed.items():
        wb["B"][cells[(table, "values")][f"count {measure}"]] = value
    findings, _ = check(path, wb, reference)
    assert sorted(findings) == sorted(
        (code, "error", f"B!{cells[(table, 'values')][f'count {measure}']}: figures > {table} > {measure}: {said}")
        for (table, measure), (_, code, said) in typed.items()
    )
    reading = validate_workbook(path, *reference)
    assert {iid: f.rows[None] for iid, f in reading.submissions[0].figures.items()} == {
        "prevention.dissemination_workshops": {"events": None, "participants": None, "female": None},
        "prevention.public_forums": {"events": None, "participants": None, "female": None},
    }


def test_a_whole_number_kept_as_a_decimal_is_that_number(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = 2387.0
    assert check(path, wb, reference) == ([], {"events": 2387})


def test_empty_cells_are_not_reported(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = 12
    wb["B"][row["count participants"]] = "   "  # looks empty: is empty
    findings, values = check(path, wb, reference)
    assert findings == [] and values == {"events": 12}
    assert "prevention.public_forums" not in import_workbook(path).text


def test_a_formula_without_a_saved_result_is_a_finding(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = "=2000+387"  # openpyxl saves no result, as some tools do
    wb["B"][row["count participants"]] = 5
    findings, values = check(path, wb, reference)
    assert findings == [("NCCT014", "error", (f"B!{row['count events']}: the formula =2000+387 has no saved result, "
                                              "so its value is not known; it is not read."))]
    assert values == {"participants": 5}


def test_a_formula_with_its_saved_result_gives_that_result(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = "=2000+387"
    wb.save(path)
    with_result = _with_saved_result(path.read_bytes(), "2000+387", "2387")  # as Excel or LibreOffice save it
    path.write_bytes(with_result)
    reading = validate_workbook(path, *reference)
    assert reading.findings.items == []
    assert reading.submissions[0].figures["prevention.dissemination_workshops"].rows[None] == {"events": 2387}


def _with_saved_result(xlsx: bytes, formula: str, result: str) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(xlsx))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                content = content.replace(f"<f>{formula}</f><v />".encode(), f"<f>{formula}</f><v>{result}</v>".encode())
            target.writestr(info, content)
    return out.getvalue()


def test_an_error_shown_in_a_cell_is_a_finding(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = "#DIV/0!"
    findings, values = check(path, wb, reference)
    assert findings == [("NCCT014", "error", f"B!{row['count events']}: the cell shows the error #DIV/0!; it is not read.")]
    assert values is None  # nothing else given: the table is not reported


def test_merged_cells_over_figures_are_a_finding_and_none_of_them_is_read(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = 2387
    wb["B"][row["count participants"]] = 50
    wb["B"].merge_cells(f"{row['count events']}:{row['count participants']}")
    findings, values = check(path, wb, reference)
    span = f"{row['count events']}:{row['count participants']}"
    assert findings == [("NCCT014", "error", f"B!{row['count events']}: the cells {span} are merged; the values in them are not read.")]
    assert values is None


def test_rows_and_cells_added_by_hand_are_findings_and_the_form_still_reads(form, reference):
    path, wb, row = form
    ws = wb["B"]
    number = ws[row["count events"]].row
    ws.insert_rows(number)  # a row above the workshops' row: it moves down
    ws.cell(number, 3, 99)
    ws.cell(number + 1, 3, 2387)
    ws.cell(number + 1, 30, "see my notes")
    findings, values = check(path, wb, reference)
    assert findings == [
        ("NCCT015", "error", f"B!C{number}: this cell is not part of the form; what it holds ('99') is not read."),
        ("NCCT015", "error", f"B!AD{number + 1}: this cell is not part of the form; what it holds ('see my notes') is not read."),
    ]
    assert values == {"events": 2387}


def test_sheets_renamed_added_or_deleted(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = 2387
    wb["B"].title = "Prevention"
    wb.create_sheet("My notes")["B2"] = "call the province"
    del wb["D"]
    findings, values = check(path, wb, reference)
    assert findings == [
        ("NCCT016", "warning", "Prevention!A1: The sheet 'B' of the form is now named 'Prevention'; it is read as 'B'."),
        ("NCCT017", "error", "The sheet 'D' of the form is missing; what it held cannot be read."),
        ("NCCT016", "warning", "'My notes'!A1: The sheet 'My notes' is not part of the form; it is not read."),
    ]
    assert values == {"events": 2387}
    assert "Prevention!" + row["count events"] in import_workbook(path).text
    assert {f.severity for f in validate_workbook(path, *reference, strict=True).findings.items} == {"error"}  # --strict


def test_a_chart_sheet_and_a_cell_typed_far_away(form, reference):
    path, wb, row = form
    wb["B"][row["count events"]] = 2387
    chart = BarChart()
    chart.add_data(Reference(wb["B"], min_col=4, min_row=1, max_row=9))
    wb.create_chartsheet("Chart").add_chart(chart)
    wb["D"]["XFD1048576"] = "oops"
    findings, values = check(path, wb, reference)
    assert findings == [
        ("NCCT016", "warning", "Chart!A1: The sheet 'Chart' is not part of the form; it is not read."),
        ("NCCT007", "error", "D!XFD1048576: the sheet 'D' uses cells as far as this one, too many to read; it is not read."),
    ]
    assert values == {"events": 2387}


def test_a_link_is_not_followed(tmp_path, reference, form):
    path, wb, _ = form
    wb.save(path)
    link = tmp_path / "link.xlsx"
    link.symlink_to(path)
    assert cell_findings(validate_workbook(link, *reference)) == [("NCCT011", "error", "This file is a link; it is not read.")]


def test_the_narrative_sheet(form, reference):
    path, wb, _ = form
    items = layout(wb["Narrative"])
    ws = wb["Narrative"]
    ws[items[("items", 0)]["section"]] = "B.4 Production and distribution of information, education and communication materials"
    ws[items[("items", 0)]["en"]] = "Posted two signs.\nIn Sangke district."
    ws[items[("items", 0)]["km"]] = "ដាក់ផ្លាកសញ្ញាពីរ។"
    ws[items[("items", 1)]["section"]] = "B.9"  # typed: not a section
    ws[items[("items", 1)]["en"]] = "Something else"
    ws[items[("items", 2)]["km"]] = "គ្មានផ្នែក"  # no section
    findings, _ = check(path, wb, reference)
    assert findings == [
        ("NCCT101", "error", f"Narrative!{items[('items', 2)]['section']}: this activity has no section of the report; it is not read."),
        ("NCCT111", "error", f"Narrative!{items[('items', 1)]['section']}: 'B.9' is not a section of the report; did you mean 'B.8' or 'B.7' or 'B.6'?"),
    ]
    sub = validate_workbook(path, *reference).submissions[0]
    assert [(i.section, i.en, i.km) for i in sub.items] == [
        ("B.4", "Posted two signs.\nIn Sangke district.", "ដាក់ផ្លាកសញ្ញាពីរ។"), ("B.9", "Something else", None),
    ]


def test_a_submission_too_large_for_a_file_is_not_read(form, reference):
    path, wb, _ = form
    items = layout(wb["Narrative"])
    for index in range(12):
        wb["Narrative"][items[("items", index)]["section"]] = "B.4"
        wb["Narrative"][items[("items", index)]["km"]] = "ក" * 30_000  # 90 kB each
    findings, _ = check(path, wb, reference)
    assert findings == [("NCCT007", "error", "The submission made from this workbook is larger than 1,000,000 bytes; it is not read.")]
    assert import_workbook(path).text is None


def test_a_rule_of_the_reading_stage_is_shown_at_the_cell(form, reference):
    path, wb, row = form
    wb["B"][row["count participants"]] = 100
    wb["B"][row["count female"]] = 150
    findings, _ = check(path, wb, reference)
    assert findings == [("NCCT201", "warning", f"B!{row['count female']}: prevention.dissemination_workshops: female (150) is more than participants (100).")]


def test_last_years_figures_are_compared_with_the_workbook(tmp_path, reference, forms):
    data = tmp_path / "data"
    write(data / "2016", "prov-02.yaml", (DATA / "2016" / "prov-02.yaml").read_text(encoding="utf-8"))
    path = make_form(tmp_path, forms)
    wb = openpyxl.load_workbook(path)
    row = layout(wb["B"])[("prevention.dissemination_workshops", "values")]
    wb["B"][row["count events"]] = 23870
    wb.save(path)
    reading = validate_workbook(path, *reference, display="prov-02.xlsx")
    assert [(f.code, f.file, f.message.split(":")[0]) for f in reading.findings.items] == [("NCCT301", "prov-02.xlsx", f"B!{row['count events']}")]


@pytest.mark.parametrize("content, said", [
    (b"contributor: prov-02\n", "This is not an .xlsx workbook (an old .xls file, a CSV file, or a damaged file)."),
    (b"PK\x03\x04 broken", "This is not an .xlsx workbook (an old .xls file, a CSV file, or a damaged file)."),
])
def test_a_file_that_is_not_a_workbook(tmp_path, reference, content, said):
    path = write(tmp_path, "prov-02.xlsx", content)
    reading = validate_workbook(path, *reference)
    assert cell_findings(reading) == [("NCCT013", "error", said)]
    assert import_workbook(path).text is None


def test_a_workbook_that_is_not_a_form(tmp_path, reference, form):
    path, wb, _ = form
    del wb[META_SHEET]
    wb.save(path)
    assert cell_findings(validate_workbook(path, *reference)) == [
        ("NCCT013", "error", "This workbook is not an NCCT form: its hidden sheet 'ncct' is missing."),
    ]
    other = openpyxl.Workbook()
    other.active.title = META_SHEET
    other.active.append(["format", "ncct-workbook/99"])
    other.save(path)
    assert cell_findings(validate_workbook(path, *reference)) == [
        ("NCCT013", "error", f"This workbook is a form of another kind or version ('ncct-workbook/99'); this ncct reads '{FORMAT}'."),
    ]


# --- the form itself ------------------------------------------------------------------


def test_the_form_lays_out_last_years_tables_with_their_figures(tmp_path, reference, forms):
    path = make_form(tmp_path, forms)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Instructions", "B", "D", "III", "annex-1", "annex-2", "Narrative", META_SHEET]
    assert [ws.sheet_state for ws in wb.worksheets][-1] == "veryHidden"
    assert all(ws.protection.sheet for ws in wb.worksheets)
    ws = wb["B"]
    row = layout(ws)[("prevention.dissemination_workshops", "values")]
    assert ws[row["last participants"]].value == 234122
    assert ws[row["last participants"]].protection.locked and not ws[row["count participants"]].protection.locked
    assert ws.cell(ws[row["count participants"]].row - 1, ws[row["count participants"]].column).value == "Participants 2017\nអ្នកចូលរួម ២០១៧"
    assert ws.cell(ws[row["last participants"]].row - 1, ws[row["last participants"]].column).value == \
        "Participants 2016 (last year)\nអ្នកចូលរួម ២០១៦ (ឆ្នាំមុន)"
    counts = [v for v in ws.data_validations.dataValidation if v.type == "whole"]
    assert len(counts) == 1 and row["count participants"] in str(counts[0].sqref) and counts[0].formula1 == "0"
    d = layout(wb["D"])
    assert sorted(k[1] for k in d if k[0] == "protection.child_victims_in_centers") == sorted(
        [*reference[0].codelists["care_provider"].codes, "total", "nothing"])  # a short list: every row


def test_a_new_contributor_gets_the_instructions_and_the_narrative_only(tmp_path, reference):
    catalog, registry = reference
    wb = openpyxl.load_workbook(io.BytesIO(contributor_workbook(registry["ngo-aaptip"], 2017, None, catalog, generated=GENERATED)))
    assert wb.sheetnames == ["Instructions", "Narrative", META_SHEET]


def test_the_same_inputs_give_the_same_bytes(reference, last_year):
    catalog, registry = reference
    first = contributor_workbook(registry["prov-02"], 2017, last_year["prov-02"], catalog, generated=GENERATED)
    again = contributor_workbook(registry["prov-02"], 2017, last_year["prov-02"], catalog, generated=GENERATED)
    assert first == again
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {(2018, 1, 2, 0, 0, 0)}


def test_init_writes_one_form_per_contributor_and_never_overwrites(tmp_path, reference):
    catalog, registry = reference
    data = tmp_path / "data"
    write(data / "2016", "prov-02.yaml", (FIXTURES / "good" / "2016" / "prov-02.yaml").read_text(encoding="utf-8"))
    two = Registry({cid: registry[cid] for cid in ("prov-02", "prov-07")})
    kept = write(data / "2017", "prov-07.xlsx", b"mine")
    result = init_workbooks(2017, data, catalog, two, generated=GENERATED)
    assert result.created == [data / "2017" / "prov-02.xlsx"] and result.kept == [kept]
    assert kept.read_bytes() == b"mine"
    assert "B" in openpyxl.load_workbook(result.created[0]).sheetnames
    again = init_workbooks(2017, data, catalog, two, generated=GENERATED)
    assert again.created == [] and len(again.kept) == 2


# --- writing the submission ------------------------------------------------------------


def test_writing_the_submission_never_replaces_another_file_without_force(tmp_path):
    path = tmp_path / "2017" / "prov-02.yaml"
    path.parent.mkdir()
    assert write_submission(path, "year: 2017\n") == "created"
    assert write_submission(path, "year: 2017\n") == "unchanged"
    with pytest.raises(NcctError) as refused:
        write_submission(path, "year: 2018\n")
    assert str(refused.value) == (f"{path} already exists with other content; it was not replaced. Compare the two, then import "
                                  "again with --force to replace it with what the workbook holds.")
    assert path.read_text() == "year: 2017\n"
    assert write_submission(path, "year: 2018\n", force=True) == "replaced"
    assert path.read_text() == "year: 2018\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["prov-02.yaml"]  # no temporary file left


# --- a real spreadsheet program ---------------------------------------------------------


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed: the form is not converted through it")
def test_a_form_saved_again_by_libreoffice_reads_the_same(tmp_path, reference, last_year, forms):
    catalog, _ = reference
    path = make_form(tmp_path, forms)
    wb = openpyxl.load_workbook(path)
    fill_with(wb, last_year["prov-02"], catalog)
    wb["B"][layout(wb["B"])[("prevention.radio_broadcasts", "values")]["count events"]] = "=4+4"
    wb.save(path)
    out = tmp_path / "converted"
    subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    converted = out / "prov-02.xlsx"
    reading = validate_workbook(converted, *reference)
    assert reading.findings.errors == []
    assert figures_of(reading.submissions[0]) == figures_of(last_year["prov-02"])


# --- the commands ---------------------------------------------------------------------


def test_init_validate_import_build_with_workbooks_gives_the_figures_of_the_yaml_path(tmp_path, reference):
    """What a contributor does on their computer, with the commands: a 2017 form made
    from 2016, filled with the 2016 figures, checked, imported and built; the report's
    tables say what the same figures typed as YAML make them say."""
    import json

    from ncct_report.build import build

    from .conftest import run

    catalog, _ = reference
    data = tmp_path / "data"
    shutil.copytree(DATA / "2016", data / "2016")
    result = run("init", "2017", "--data", data, "--format", "xlsx")
    assert result.exit_code == 0 and result.stdout.startswith("Created ") and " workbooks in " in result.stdout
    contributors = ("prov-02", "prov-07")
    yaml_path = tmp_path / "yaml" / "2017"
    for cid in contributors:
        form = data / "2017" / f"{cid}.xlsx"
        original = read_back(DATA / "2016" / f"{cid}.yaml", reference)
        wb = openpyxl.load_workbook(form)
        fill_with(wb, original, catalog)
        wb.save(form)
        checked = run("validate", form)
        assert checked.exit_code == 0, checked.stdout
        imported = run("import", form)
        assert imported.exit_code == 0 and imported.stdout.strip() == f"Wrote {form.with_suffix('.yaml')}."
        write(yaml_path, f"{cid}.yaml", (DATA / "2016" / f"{cid}.yaml").read_text(encoding="utf-8").replace("year: 2016", "year: 2017"))
    for cid in {p.stem for p in (data / "2017").glob("*.xlsx")} - set(contributors):
        (data / "2017" / f"{cid}.xlsx").unlink()
    (tmp_path / "yaml" / "2016").symlink_to(data / "2016") if False else shutil.copytree(DATA / "2016", tmp_path / "yaml" / "2016")
    tables = []
    for folder in (data, tmp_path / "yaml"):
        built = build(2017, folder, tmp_path / f"out-{folder.name}", formats=("json",))
        assert built.ok, [f.message for f in built.errors]
        model = json.loads((tmp_path / f"out-{folder.name}" / "2017" / "ncct-report-2017.json").read_text(encoding="utf-8"))
        tables.append(_figures_in(model))
    assert tables[0] == tables[1] and tables[0]


def _figures_in(model) -> dict:
    """Every table's rows and totals in a report model, without where they come from."""
    out = {}

    def walk(section):
        for table in section.get("tables", []):
            rows = [(r["label"]["en"], {m: c.get("value") for m, c in r["cells"].items()}) for r in table["rows"]]
            out[table["indicator"]] = (rows, {m: c.get("value") for m, c in (table.get("total") or {}).items()})
        for child in section.get("children", []):
            walk(child)

    for section in model["sections"]:
        walk(section)
    return out
