"""The spreadsheet path for contributors: a workbook to fill in, and the filled workbook
read back as a submission (YAML), checked by the same reading stage as any file.

`contributor_workbook` lays out what `ncct init` asks of a contributor (the tables it
reported last year, last year's figures beside the cells to fill). `import_workbook`
turns a filled workbook into submission text, each value with a comment naming its cell,
and a map from YAML lines to `Sheet!Cell`; `validate_workbook` reads that text with the
reading stage and shows every finding at its cell. A value the importer cannot read
(a formula without a saved result, merged cells over figures, a cell typed outside the
form) is a finding, never a guess; everything else goes into the YAML as typed, so that
the count rule (numbers.py) judges it exactly as in a YAML file.

The form is read by marks, not by positions: column A (hidden) of every sheet names what
each row is (a table, its hidden row of field names, a row of a code list, the printed
total ...), and a very hidden sheet `ncct` holds the contributor, the year, the format,
the expected sheets and the lists of row names. Sheets are protected (no password) so
that only the cells to fill can be typed in.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from .catalog import Catalog, Indicator
from .errors import NcctError
from .findings import Findings, Msg, message
from .i18n import N_
from .init_year import InitResult, init_files, tables_to_fill, write_schema
from .schema import SCHEMA_LINE
from .khmer import khmer_digits
from .labels import Label
from .load import MAX_BYTES, _Refused, read_regular_file
from .numbers import COUNT_MAX, parse_digits
from .output import write_atomically, write_new
from .read import Reading, read_paths
from .registry import Contributor, Registry
from .submission import Submission
from .workbook import saved

FORMAT = "ncct-workbook/1"
META_SHEET = "ncct"
INSTRUCTIONS_SHEET = "Instructions"
NARRATIVE_SHEET = "Narrative"
MARK = "ncct:"  # what the keys of column A start with
LISTED_IN_FULL_MAX = 15  # a code list this short is printed in full, one row per code
OPEN_ROWS_MAX = 20  # blank rows offered under a longer list's rows of last year
NARRATIVE_ROWS = 100  # at least; twice last year's number of activities where that is more
MAX_WORKBOOK_BYTES = 20_000_000  # a filled form is 30-200 kB
MAX_UNZIPPED_BYTES = 200_000_000  # a workbook is a zip: refuse one that unpacks to more
MAX_SHEET_CELLS = 200_000  # rows x columns in use; a form's sheet uses a few thousand
YES = "yes / បាទ/ចាស"  # the choice of a table's "nothing to report" cell
YES_WORDS = {"yes", "បាទ", "ចាស", "បាទ/ចាស", YES}

# Colours: the cells to fill are pale yellow, last year's figures grey, headings blue.
INPUT_FILL = "FFF8DC"
LAST_YEAR_FILL = "E7E6E6"
LAST_YEAR_FONT = "595959"
HEADING_FILL = "DDEBF7"


# --- what a contributor fills in ------------------------------------------------------


def listed_in_full(ind: Indicator, catalog: Catalog) -> bool:
    """True when the table's code list is short enough to print every row (months,
    border gates); longer lists (countries, provinces, offenses) get blank rows to pick from."""
    return ind.rows is not None and len(catalog.codelists[ind.rows].codes) <= LISTED_IN_FULL_MAX


def part_of(section: str) -> str:
    """The part of the report a section belongs to (B.8.1 -> B, annex-5.2 -> annex-5):
    one sheet each."""
    return section.split(".")[0]


def row_name(label: Label) -> str:
    """A code as the lists of the workbook show it: English / Khmer."""
    return f"{label.en} / {label.km}" if label.km and label.km != label.en else label.en


# --- writing the workbook -------------------------------------------------------------

INSTRUCTIONS = [  # (English, Khmer)
    (
        ("Type the figures of {year} in the yellow cells of each sheet (one sheet per part of the report). "
         "The grey columns show your figures of {last} for comparison: they are not read."),
        ("សូមវាយតួលេខឆ្នាំ {km_year} ក្នុងក្រឡាពណ៌លឿង នៃសន្លឹកនីមួយៗ (សន្លឹកមួយសម្រាប់ផ្នែកនីមួយៗនៃរបាយការណ៍)។ "
         "ជួរឈរពណ៌ប្រផេះបង្ហាញតួលេខឆ្នាំ {km_last} របស់អ្នក សម្រាប់ប្រៀបធៀប៖ វាមិនត្រូវបានអានទេ។"),
    ),
    (
        ("Write counts with digits only (1234, not 1,234). Leave a cell empty if the figure was not counted: "
         "never write 0 for \"no report\" (0 means that you counted and found none)."),
        ("សូមសរសេរចំនួនតែជាលេខប៉ុណ្ណោះ (1234 មិនមែន 1,234 ទេ)។ តួលេខដែលអ្នកមិនបានរាប់ ត្រូវទុកក្រឡាចោលទទេ៖ "
         "កុំសរសេរ 0 ជំនួសឱ្យ «គ្មានរបាយការណ៍» (0 មានន័យថា អ្នកបានរាប់ ហើយរកមិនឃើញ)។"),
    ),
    (
        ("Female counts include girls. You need not add anything up: the report computes every total. If your own "
         "table prints a total, you may copy it in the row \"Total as printed in your own table\"; it is checked against the rows."),
        ("ចំនួនស្រី រាប់បញ្ចូលទាំងកុមារី។ អ្នកមិនចាំបាច់បូកអ្វីទេ៖ របាយការណ៍គណនាចំនួនសរុបទាំងអស់។ បើតារាងរបស់អ្នកមានចំនួនសរុប "
         "អ្នកអាចចម្លងវាក្នុងជួរដេក «ចំនួនសរុបដូចក្នុងតារាងរបស់អ្នក»៖ វានឹងត្រូវបានផ្ទៀងផ្ទាត់ជាមួយផលបូកជួរដេក។"),
    ),
    (
        ("A table with nothing to report this year (no such activity took place): choose \"yes\" in its row "
         "\"Nothing to report this year\" and leave its figures empty."),
        ("តារាងដែលគ្មានអ្វីត្រូវរាយការណ៍ក្នុងឆ្នាំនេះ (គ្មានសកម្មភាពបែបនេះកើតឡើង)៖ សូមជ្រើសរើស «បាទ/ចាស» ក្នុងជួរដេក "
         "«ឆ្នាំនេះគ្មានអ្វីត្រូវរាយការណ៍» របស់វា ហើយទុកតួលេខរបស់វាចោលទទេ។"),
    ),
    (
        ("Tables with a long list of rows (countries, provinces, offenses) show the rows you gave last year; "
         "for another row, choose its name from the list in a blank row below them."),
        ("តារាងដែលមានបញ្ជីជួរដេកវែង (ប្រទេស ខេត្ត បទល្មើស) បង្ហាញជួរដេកដែលអ្នកបានផ្តល់កាលពីឆ្នាំមុន។ "
         "សម្រាប់ជួរដេកផ្សេងទៀត សូមជ្រើសរើសឈ្មោះរបស់វាពីបញ្ជី ក្នុងជួរដេកទទេខាងក្រោម។"),
    ),
    (
        ("Activities (meetings, trainings, laws, events) go in the sheet \"Narrative\": one per row, with the "
         "section of the report, the text in English and in Khmer."),
        ("សកម្មភាព (កិច្ចប្រជុំ វគ្គបណ្តុះបណ្តាល ច្បាប់ ព្រឹត្តិការណ៍) ដាក់ក្នុងសន្លឹក «Narrative»៖ មួយជួរដេកសម្រាប់សកម្មភាពនីមួយៗ "
         "ដោយមានផ្នែកនៃរបាយការណ៍ អត្ថបទជាភាសាអង់គ្លេស និងភាសាខ្មែរ។"),
    ),
    (
        ("Do not rename, delete or add sheets, rows or columns: the secretariat reads the workbook by its layout. "
         "Save it as .xlsx and send it to the NCCT secretariat with its name unchanged."),
        ("កុំប្តូរឈ្មោះ លុប ឬបន្ថែមសន្លឹក ជួរដេក ឬជួរឈរ៖ អគ្គលេខាធិការដ្ឋានអានឯកសារនេះតាមប្លង់របស់វា។ "
         "សូមរក្សាទុកជា .xlsx ហើយផ្ញើជូនអគ្គលេខាធិការដ្ឋាន គ.ជ.ប.ជ ដោយមិនប្តូរឈ្មោះឯកសារ។"),
    ),
]

SHEET_HELP = (
    "Yellow cells: your figures of {year}, digits only; leave empty what was not counted. Grey columns: {last}, not read.\n"
    "ក្រឡាពណ៌លឿង៖ តួលេខឆ្នាំ {km_year} របស់អ្នក ជាលេខប៉ុណ្ណោះ ទុកចោលទទេនូវអ្វីដែលមិនបានរាប់។ "
    "ជួរឈរពណ៌ប្រផេះ៖ ឆ្នាំ {km_last} មិនត្រូវបានអានទេ។"
)


class _Styles:
    def __init__(self):
        from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side

        thin = Side(style="thin", color="A6A6A6")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.input_fill = PatternFill("solid", fgColor=INPUT_FILL)
        self.last_fill = PatternFill("solid", fgColor=LAST_YEAR_FILL)
        self.heading_fill = PatternFill("solid", fgColor=HEADING_FILL)
        self.last_font = Font(italic=True, color=LAST_YEAR_FONT)
        self.bold = Font(bold=True)
        self.title = Font(bold=True, size=14)
        self.wrap = Alignment(wrap_text=True, vertical="top")
        self.unlocked = Protection(locked=False)


class _FormWriter:
    """Writes the sheets of one contributor's form, then the hidden sheet that describes it."""

    def __init__(self, wb, contributor: Contributor, year: int, catalog: Catalog):
        self.wb, self.contributor, self.year, self.catalog = wb, contributor, year, catalog
        self.style = _Styles()
        self.lists: dict[str, list[tuple[str, str]]] = {}  # list id -> (name shown, code)
        self.sheets: list[tuple[str, str]] = []  # (key, name) of every sheet import expects
        self.validations: dict[tuple[str, str], Any] = {}  # (sheet, kind) -> its DataValidation
        self.rows: dict[str, int] = {}  # sheet -> its last row written
        self.years = {"year": year, "last": year - 1, "km_year": khmer_digits(str(year)), "km_last": khmer_digits(str(year - 1))}

    # cells

    def validation(self, ws, kind: str):
        """The sheet's data validation of `kind`: counts, a date, or a list ("list <id>")."""
        from openpyxl.worksheet.datavalidation import DataValidation

        if (ws.title, kind) in self.validations:
            return self.validations[(ws.title, kind)]
        if kind == "count":
            made = DataValidation(type="whole", operator="between", formula1="0", formula2=str(COUNT_MAX), allow_blank=True,
                                  showErrorMessage=True, errorTitle="Count / ចំនួន",
                                  error="A whole number, 0 or more, typed with the digits 0-9; leave it empty if not counted.\n"
                                        "ចំនួនគត់ ០ ឬច្រើនជាងនេះ វាយជាលេខ 0-9 ឬទុកចោលទទេ បើមិនបានរាប់។")
        elif kind == "date":
            made = DataValidation(type="date", operator="greaterThan", formula1="36526", allow_blank=True, showErrorMessage=True,
                                  errorTitle="Date / កាលបរិច្ឆេទ", error="A date, such as 2018-01-20.\nកាលបរិច្ឆេទ ដូចជា 2018-01-20។")
        else:
            from openpyxl.utils import get_column_letter

            list_id = kind.removeprefix("list ")
            column = get_column_letter(5 + 2 * list(self.lists).index(list_id))
            made = DataValidation(type="list", formula1=f"{META_SHEET}!${column}$2:${column}${len(self.lists[list_id]) + 1}",
                                  allow_blank=True, showErrorMessage=True, errorTitle="List / បញ្ជី",
                                  error="Choose from the list.\nសូមជ្រើសរើសពីបញ្ជី។")
        ws.add_data_validation(made)
        self.validations[(ws.title, kind)] = made
        return made

    def add_list(self, list_id: str, entries: list[tuple[str, str]]) -> str:
        self.lists.setdefault(list_id, entries)
        return f"list {list_id}"

    def input(self, cell, kind: str | None = None) -> None:
        """A cell to fill in: yellow, unlocked, checked as `kind` (a count, a date, a list)."""
        cell.fill = self.style.input_fill
        cell.border = self.style.border
        cell.protection = self.style.unlocked
        cell.alignment = self.style.wrap
        if kind == "count":
            cell.number_format = "#,##0"
        if kind == "date":
            cell.number_format = "yyyy-mm-dd"
        if kind is not None:
            self.validation(cell.parent, kind).add(cell)

    def last_year(self, cell, value: Any) -> None:
        """A cell of last year's figures: grey, italic, locked; never read."""
        cell.value = value
        cell.fill = self.style.last_fill
        cell.font = self.style.last_font
        cell.border = self.style.border
        cell.number_format = "#,##0"

    # rows

    def sheet(self, key: str, name: str):
        ws = self.wb.create_sheet(name)
        self.sheets.append((key, name))
        self.keyed_row(ws, f"sheet {key}")
        ws.column_dimensions["A"].hidden = True
        ws.protection.sheet = True
        ws.protection.formatColumns = ws.protection.formatRows = False  # widths and heights may change
        return ws

    def keyed_row(self, ws, key: str) -> int:
        row = self.rows.get(ws.title, 0) + 1
        self.rows[ws.title] = row
        ws.cell(row, 1, f"{MARK}{key}")
        return row

    def blank_row(self, ws) -> None:
        self.rows[ws.title] = self.rows.get(ws.title, 0) + 1

    def text_row(self, ws, values: list[Any], font=None, fill=None, height: float | None = None) -> int:
        row = self.keyed_row(ws, "text")
        for column, value in enumerate(values, start=2):
            cell = ws.cell(row, column, value)
            cell.alignment = self.style.wrap
            if font is not None:
                cell.font = font
            if fill is not None:
                cell.fill = fill
                cell.border = self.style.border
        if height:
            ws.row_dimensions[row].height = height
        return row

    def fields_row(self, ws, fields: list[str]) -> None:
        """The hidden row naming what each column of the rows below holds."""
        row = self.keyed_row(ws, "fields")
        for column, name in enumerate(fields, start=2):
            ws.cell(row, column, name)
        ws.row_dimensions[row].hidden = True

    # sheets

    def instructions(self) -> None:
        ws = self.sheet("instructions", INSTRUCTIONS_SHEET)
        name = self.contributor.name
        ws["B1"] = f"NCCT annual report {self.year}: the form of {name.en}"
        ws["C1"] = f"របាយការណ៍ប្រចាំឆ្នាំ {self.years['km_year']} របស់ គ.ជ.ប.ជ៖ ទម្រង់របស់ {name.km or name.en}"
        for cell in (ws["B1"], ws["C1"]):
            cell.font, cell.alignment = self.style.title, self.style.wrap
        self.fields_row(ws, ["label", "value"])
        for key, label, value in (
            ("contributor", "Contributor / អ្នករាយការណ៍", f"{self.contributor.id}: {row_name(name)}"),
            ("year", "Year / ឆ្នាំ", self.year),
            ("submitted", "Date sent (YYYY-MM-DD) / កាលបរិច្ឆេទផ្ញើ", None),
        ):
            row = self.keyed_row(ws, key)
            ws.cell(row, 2, label).font = self.style.bold
            ws.cell(row, 3, value).alignment = self.style.wrap
        self.input(ws.cell(self.rows[ws.title], 3), "date")
        self.blank_row(ws)
        self.text_row(ws, ["English", "ភាសាខ្មែរ"], self.style.bold, self.style.heading_fill)
        for en, km in INSTRUCTIONS:
            self.text_row(ws, [en.format(**self.years), km.format(**self.years)])
        self.blank_row(ws)
        legend = self.text_row(ws, ["Yellow: type here / ពណ៌លឿង៖ វាយនៅទីនេះ", f"Grey: {self.year - 1}, last year, not read / ពណ៌ប្រផេះ៖ ឆ្នាំមុន មិនត្រូវបានអាន"])
        ws.cell(legend, 2).fill = self.style.input_fill
        self.last_year(ws.cell(legend, 3), ws.cell(legend, 3).value)
        ws.column_dimensions["B"].width = 70
        ws.column_dimensions["C"].width = 70

    def part(self, part: str, tables: list[Indicator], last: Submission | None) -> None:
        from openpyxl.utils import get_column_letter

        ws = self.sheet(part, part)
        title = self.catalog.sections.get(part, Label(en=part))
        ws["B1"] = f"{part} {title.en}"
        ws["B1"].font = self.style.title
        self.text_row(ws, [f"{part} {title.km or title.en}"], self.style.title)
        self.text_row(ws, [SHEET_HELP.format(**self.years)], height=48)
        notes: set[int] = set()
        for ind in tables:
            notes.update(self.table(ws, ind, last.figures.get(ind.id) if last else None))
        ws.column_dimensions["B"].width = 44
        for column in range(3, max(notes) + 1):
            ws.column_dimensions[get_column_letter(column)].width = 32 if column in notes else 15
        ws.freeze_panes = "C1"
        ws.page_setup.orientation = "landscape"
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToHeight = 0

    def table(self, ws, ind: Indicator, last) -> tuple[int, int]:
        """One table: titles, the hidden field names, the header, its rows, the printed
        total and "nothing to report"; returns the columns of its notes."""
        catalog, year = self.catalog, self.year
        self.blank_row(ws)
        title = self.keyed_row(ws, f"table {ind.id}")
        ws.cell(title, 2, f"{ind.section} {ind.label.en}").font = self.style.bold
        self.text_row(ws, [f"{ind.section} {ind.label.km or ind.label.en}"], self.style.bold)
        codelist = catalog.codelists[ind.rows] if ind.rows else None
        derived = [d for d in ind.total_measures if d not in ind.measures] if codelist else []  # sums a printed total may give
        fields = ["label"]
        header = [row_name(codelist.label).replace(" / ", "\n") if codelist else ""]
        for measure in ind.measures + derived:
            label = catalog.measures[measure].label if measure in catalog.measures else Label(en=measure)
            only = (" (total only)", " (សរុបតែប៉ុណ្ណោះ)") if measure in derived else ("", "")
            fields += [f"{'total' if only[0] else 'count'} {measure}", f"last {measure}"]
            header.append(f"{label.en} {year}{only[0]}\n{label.km or label.en} {self.years['km_year']}{only[1]}")
            header.append(f"{label.en} {year - 1} (last year)\n{label.km or label.en} {self.years['km_last']} (ឆ្នាំមុន)")
        fields += ["note en", "note km"]
        header += ["Note (English)\nកំណត់សម្គាល់ (អង់គ្លេស)", "Note (Khmer)\nកំណត់សម្គាល់ (ខ្មែរ)"]
        self.fields_row(ws, fields)
        self.text_row(ws, header, self.style.bold, self.style.heading_fill, height=48)
        last_rows = last.rows if last else {}
        if codelist is None:
            self.figures_row(ws, "values", f"Figures of {year}\nតួលេខឆ្នាំ {self.years['km_year']}", ind.measures, [], last_rows.get(None, {}))
        else:
            full = listed_in_full(ind, catalog)
            listed = list(codelist.codes) if full else [c for c in codelist.codes if c in last_rows]
            for code in listed:
                self.figures_row(ws, f"row {code}", row_name(codelist.codes[code].label), ind.measures, derived, last_rows.get(code, {}))
            if not full:
                names = self.add_list(f"rows {codelist.id}", [(row_name(c.label), c.id) for c in codelist.codes.values()])
                for _ in range(min(OPEN_ROWS_MAX, len(codelist.codes) - len(listed))):
                    self.input(ws.cell(self.figures_row(ws, "row", None, ind.measures, derived, {}), 2), names)
            total = self.figures_row(ws, "total", "Total as printed in your own table (optional)\nចំនួនសរុបដូចក្នុងតារាងរបស់អ្នក (ស្រេចចិត្ត)",
                                     ind.measures + derived, [], (last.total if last and last.total else {}), notes=False)
            ws.cell(total, 2).font = self.style.bold
        nothing = self.keyed_row(ws, "nothing")
        ws.cell(nothing, 2, "Nothing to report this year (no such activity)\nឆ្នាំនេះគ្មានអ្វីត្រូវរាយការណ៍").alignment = self.style.wrap
        self.input(ws.cell(nothing, 3), self.add_list("yes", [(YES, "yes")]))
        return len(fields), len(fields) + 1

    def figures_row(self, ws, key: str, label: str | None, measures: list[str], skipped: list[str], last: dict, notes: bool = True) -> int:
        """A row of figures: a cell to fill per measure, last year's beside it; `skipped`
        columns (sums only a printed total gives) stay empty."""
        row = self.keyed_row(ws, key)
        cell = ws.cell(row, 2, label)
        cell.alignment, cell.border = self.style.wrap, self.style.border
        column = 3
        for measure in measures:
            self.input(ws.cell(row, column), "count")
            self.last_year(ws.cell(row, column + 1), last.get(measure))
            column += 2
        for _ in skipped:
            ws.cell(row, column).border = ws.cell(row, column + 1).border = self.style.border
            column += 2
        for note in (column, column + 1):
            if notes:
                self.input(ws.cell(row, note))
            else:
                ws.cell(row, note).border = self.style.border
        return row

    def narrative(self, last: Submission | None) -> None:
        ws = self.sheet("narrative", NARRATIVE_SHEET)
        ws["B1"] = "Activities: one per row, with the section of the report, in English and in Khmer"
        ws["B1"].font = self.style.title
        self.text_row(ws, ["សកម្មភាព៖ មួយជួរដេកសម្រាប់សកម្មភាពនីមួយៗ ដោយមានផ្នែកនៃរបាយការណ៍ ជាភាសាអង់គ្លេស និងភាសាខ្មែរ"], self.style.title)
        self.fields_row(ws, ["section", "en", "km"])
        header = self.text_row(ws, ["Section of the report\nផ្នែកនៃរបាយការណ៍", "English\nភាសាអង់គ្លេស", "Khmer\nភាសាខ្មែរ"],
                               self.style.bold, self.style.heading_fill, height=32)
        sections = self.add_list("sections", [(f"{sid} {label.en}", sid) for sid, label in self.catalog.sections.items()])
        for _ in range(max(NARRATIVE_ROWS, 2 * len(last.items) if last else 0)):
            row = self.keyed_row(ws, "item")
            self.input(ws.cell(row, 2), sections)
            self.input(ws.cell(row, 3))
            self.input(ws.cell(row, 4))
        ws.column_dimensions["B"].width = 36
        ws.column_dimensions["C"].width = 70
        ws.column_dimensions["D"].width = 70
        ws.freeze_panes = ws.cell(header + 1, 1).coordinate

    def metadata(self) -> None:
        ws = self.wb.create_sheet(META_SHEET)
        ws.append(["format", FORMAT])
        ws.append(["contributor", self.contributor.id])
        ws.append(["year", self.year])
        for key, name in self.sheets:
            ws.append(["sheet", key, name])
        for index, (list_id, entries) in enumerate(self.lists.items()):
            column = 5 + 2 * index
            ws.cell(1, column, f"list {list_id}")
            for row, (shown, code) in enumerate(entries, start=2):
                ws.cell(row, column, shown)
                ws.cell(row, column + 1, code)
        ws.sheet_state = "veryHidden"  # Excel's "Unhide" does not even list it
        ws.protection.sheet = True


def contributor_workbook(contributor: Contributor, year: int, last: Submission | None, catalog: Catalog, *, generated: dt.date) -> bytes:
    """The form of `contributor` for `year` as .xlsx bytes: instructions, a sheet per part
    of the report with the tables `ncct init` lists (last year's figures beside), the
    narrative sheet, and the hidden sheet import reads. The same inputs and `generated`
    date give the same bytes."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    form = _FormWriter(wb, contributor, year, catalog)
    form.instructions()
    wanted = {ind.id for ind in tables_to_fill(contributor, year, last, catalog)}
    by_part: dict[str, list[Indicator]] = {}
    for section in catalog.sections:  # parts in the order of the report, tables in the catalog's
        by_part.setdefault(part_of(section), [])
    for ind in catalog.indicators.values():
        if ind.id in wanted:
            by_part.setdefault(part_of(ind.section), []).append(ind)
    for part, tables in by_part.items():
        if tables:
            form.part(part, tables, last)
    form.narrative(last)
    form.metadata()
    wb.active = 0
    return saved(wb, f"NCCT annual report {year}: the form of {contributor.id}", generated)


def init_workbooks(year: int, data_dir: Path, catalog: Catalog, registry: Registry, *, generated: dt.date) -> InitResult:
    """`ncct init YEAR --format xlsx`: DATA/YEAR/<contributor-id>.xlsx for every registered
    contributor, as `ncct init` writes its YAML templates (and the schema that the YAML
    files `ncct import` writes name); existing files are never touched."""
    result = init_files(year, data_dir, catalog, registry, ".xlsx",
                        lambda contributor, last: contributor_workbook(contributor, year, last, catalog, generated=generated))
    result.schema_written = write_schema(result.folder, catalog, registry)
    return result


# --- reading a filled workbook --------------------------------------------------------


@dataclass
class ImportedWorkbook:
    """A filled workbook as a submission: the YAML text, the cell each line of it comes
    from, and what could not be read (findings located as Sheet!Cell)."""

    path: Path
    display: str  # how findings name the workbook
    findings: Findings = field(default_factory=Findings)
    text: str | None = None  # None: the workbook cannot be read at all
    cells: dict[int, str] = field(default_factory=dict)  # YAML line -> Sheet!Cell
    contributor: str | None = None
    year: int | None = None

    @property
    def ok(self) -> bool:
        """True when every value of the workbook is in the text (no error while importing)."""
        return self.text is not None and not self.findings.errors

    @property
    def submission_path(self) -> Path:
        """Where the submission goes: beside the workbook, named after its contributor."""
        if self.contributor and re.fullmatch(r"[a-z0-9][a-z0-9-]*", self.contributor):
            return self.path.parent / f"{self.contributor}.yaml"
        return self.path.with_suffix(".yaml")


_UNREADABLE = object()  # a cell whose value cannot be read; its finding is already added
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.\-]*")
_YAML_WORDS = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}


def _located(text: Msg | str, cell: str | None) -> Msg | str:
    """A message that starts with the cell it is about."""
    return message("%(cell)s: %(message)s", cell=cell, message=text) if cell else text


def _comment_safe(text: str) -> str:
    return "".join(c if c.isprintable() else "?" for c in text)


def _quoted(text: str) -> str:
    """`text` as one double-quoted YAML line (line breaks and invisible characters escaped)."""
    return yaml.dump(text, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=2**31).rstrip("\n")


def _plain_or_quoted(text: str) -> str:
    return text if _PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS else _quoted(text)


def _count_scalar(value: Any) -> str:
    """A cell's value as the YAML scalar that says exactly what was typed: the count rule
    then judges it as in any file (digits, ASCII or Khmer, are a count; 1,234 is not)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # a spreadsheet keeps every number as a float: 12.0 is 12
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return _quoted(_text(value))
    if isinstance(value, str):
        text = value.strip()
        if parse_digits(text) is not None:
            return text
        return _quoted(text)
    return _quoted(repr(value) if isinstance(value, float) else str(value))


def _text(value: Any) -> str:
    """A cell's value as text (notes, narrative, names)."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return str(value).strip()


@dataclass
class _Value:
    scalar: str  # as written into the YAML
    cell: str


@dataclass
class _Row:
    key: str  # a code, or a name as typed
    cell: str | None
    values: dict[str, _Value] = field(default_factory=dict)
    notes: dict[str, _Value] = field(default_factory=dict)


@dataclass
class _Table:
    indicator: str
    cell: str
    has_rows: bool = False
    rows: dict[str | None, _Row] = field(default_factory=dict)
    total: dict[str, _Value] = field(default_factory=dict)
    total_cell: str | None = None
    nothing: str | None = None  # the cell that says "nothing to report"


@dataclass
class _Form:
    """What the hidden sheet says, and what the sheets hold."""

    contributor: str
    year: int
    sheets: list[tuple[str, str]]
    lists: dict[str, dict[str, str]]  # list id -> name shown -> code
    cells: dict[str, str] = field(default_factory=dict)  # contributor, year -> the cell showing it
    submitted: _Value | None = None
    tables: dict[str, _Table] = field(default_factory=dict)
    items: list[dict[str, _Value]] = field(default_factory=list)


@dataclass
class _Sheet:
    title: str
    formulas: Any  # the sheet as typed (formulas)
    values: Any  # the sheet as last shown (formulas' saved results)
    merged: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) -> its merged range
    reported: set[str] = field(default_factory=set)

    def ref(self, row: int, column: int) -> str:
        from openpyxl.utils import get_column_letter

        return f"{_sheet_ref(self.title)}!{get_column_letter(column)}{row}"


class _Importer:
    def __init__(self, path: Path, display: str):
        self.path, self.display = path, display
        self.findings = Findings()

    def add(self, code: str, cell: str | None, template: str, *, hint: str | None = None, **params: Any) -> None:
        self.findings.add(code, self.display, None, _located(message(template, **params), cell), hint=hint)

    # the file

    def open(self):
        """The workbook twice: as typed (formulas) and as last shown (saved results)."""
        try:
            raw = read_regular_file(self.path, MAX_WORKBOOK_BYTES)
        except _Refused as refused:
            self.findings.add(refused.code, self.display, None, refused.message, hint=refused.hint)
            return None
        except OSError as exc:
            self.add("NCCT001", None, N_("The file cannot be read: %(reason)s."), reason=exc.strerror or str(exc))
            return None
        not_a_workbook = N_("Fill in the workbook the NCCT secretariat sent (an .xlsx file) and save it as .xlsx (Excel Workbook).")
        try:
            with zipfile.ZipFile(io.BytesIO(raw)) as archive:
                unpacked = sum(entry.file_size for entry in archive.infolist())
        except (zipfile.BadZipFile, ValueError, OSError):
            self.add("NCCT013", None, N_("This is not an .xlsx workbook (an old .xls file, a CSV file, or a damaged file)."), hint=not_a_workbook)
            return None
        if unpacked > MAX_UNZIPPED_BYTES:
            self.add("NCCT007", None, N_("The workbook unpacks to more than %(limit)s bytes; it is not read."), limit=MAX_UNZIPPED_BYTES)
            return None
        import warnings

        from openpyxl import load_workbook

        try:
            with warnings.catch_warnings():  # features openpyxl does not keep (slicers, extensions) change nothing read here
                warnings.simplefilter("ignore")
                formulas = load_workbook(io.BytesIO(raw), data_only=False, keep_links=False)
                values = load_workbook(io.BytesIO(raw), data_only=True, keep_links=False)
        except Exception as exc:  # openpyxl raises many kinds of errors on a damaged file
            self.add("NCCT013", None, N_("The workbook cannot be opened (%(reason)s)."), hint=not_a_workbook, reason=f"{type(exc).__name__}: {exc}")
            return None
        return formulas, values

    def form(self, formulas) -> _Form | None:
        """The hidden sheet's description of the form; None (with a finding) if it is not one."""
        again = N_("Fill in the workbook made for you by `ncct init YEAR --format xlsx` (ask the NCCT secretariat for it), without copying its sheets into another workbook.")
        ws = formulas[META_SHEET] if META_SHEET in formulas.sheetnames else None
        if not _is_grid(ws):
            self.add("NCCT013", None, N_("This workbook is not an NCCT form: its hidden sheet '%(sheet)s' is missing."), hint=again, sheet=META_SHEET)
            return None
        if self.too_large(ws):
            return None
        found: dict[str, Any] = {}
        sheets: list[tuple[str, str]] = []
        for row in ws.iter_rows(max_col=3, values_only=True):
            if row[0] == "sheet" and isinstance(row[1], str) and isinstance(row[2], str):
                sheets.append((row[1], row[2]))
            elif isinstance(row[0], str):
                found[row[0]] = row[1]
        if found.get("format") != FORMAT:
            self.add("NCCT013", None, N_("This workbook is a form of another kind or version ('%(found)s'); this ncct reads '%(format)s'."),
                     hint=again, found=str(found.get("format")), format=FORMAT)
            return None
        contributor, year = found.get("contributor"), found.get("year")
        if not isinstance(contributor, str) or type(year) is not int or not sheets:
            self.add("NCCT013", None, N_("The hidden sheet '%(sheet)s' of this form is damaged; the form cannot be read."), hint=again, sheet=META_SHEET)
            return None
        lists: dict[str, dict[str, str]] = {}
        for column in range(5, ws.max_column + 1, 2):
            head = ws.cell(1, column).value
            if isinstance(head, str) and head.startswith("list "):
                names = lists.setdefault(head.removeprefix("list "), {})
                for shown, code in ws.iter_rows(min_row=2, min_col=column, max_col=column + 1, values_only=True):
                    if isinstance(shown, str) and isinstance(code, str):
                        names[shown] = code
        return _Form(contributor, year, sheets, lists)

    def find_sheets(self, form: _Form, formulas) -> list[tuple[str, str]]:
        """(key, title) of each sheet of the form, found by the mark in its cell A1."""
        marks = {}
        for title in formulas.sheetnames:  # chart sheets too
            mark = formulas[title]["A1"].value if _is_grid(formulas[title]) else None
            if title != META_SHEET and isinstance(mark, str) and mark.startswith(f"{MARK}sheet "):
                marks[title] = mark.removeprefix(f"{MARK}sheet ")
        found: list[tuple[str, str]] = []
        used: set[str] = set()
        for key, name in form.sheets:
            if marks.get(name) == key:
                title = name
            else:
                title = next((t for t, k in marks.items() if k == key and t not in used), None)
                if title is None:
                    self.add("NCCT017", None, N_("The sheet '%(sheet)s' of the form is missing; what it held cannot be read."), sheet=name,
                             hint=N_("Put the sheet back (undo the deletion, or copy it from the workbook the secretariat sent), or ask the secretariat for a new form."))
                    continue
                self.add("NCCT016", f"{_sheet_ref(title)}!A1", N_("The sheet '%(sheet)s' of the form is now named '%(title)s'; it is read as '%(sheet)s'."),
                         sheet=name, title=title, hint=N_("Give the sheet back its name; the form is read anyway."))
            found.append((key, title))
            used.add(title)
        for title in formulas.sheetnames:
            if title not in used and title != META_SHEET:
                self.add("NCCT016", f"{_sheet_ref(title)}!A1", N_("The sheet '%(sheet)s' is not part of the form; it is not read."), sheet=title,
                         hint=N_("Move what it holds into the sheets of the form (figures in the yellow cells, activities in the sheet Narrative), then delete it."))
        return found

    # the sheets

    def too_large(self, ws) -> bool:
        """True (with a finding) when a sheet uses more cells than any form could."""
        if ws.max_row * ws.max_column <= MAX_SHEET_CELLS:
            return False
        self.add("NCCT007", f"{_sheet_ref(ws.title)}!{ws.cell(ws.max_row, ws.max_column).coordinate}",
                 N_("the sheet '%(sheet)s' uses cells as far as this one, too many to read; it is not read."), sheet=ws.title,
                 hint=N_("Delete what is typed far beyond the form (Ctrl+End shows the last cell in use), save, and send the workbook again."))
        return True

    def read_sheet(self, sheet: _Sheet, form: _Form) -> None:
        """Every row of a sheet by its key in column A; anything typed elsewhere is a finding."""
        if self.too_large(sheet.formulas):
            return
        for merged in sheet.formulas.merged_cells.ranges:
            for row in range(merged.min_row, merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    sheet.merged[(row, column)] = merged.coord
        fields: dict[int, str] = {}
        width = 3
        table: _Table | None = None
        for cells in sheet.formulas.iter_rows():
            row = cells[0].row
            mark = cells[0].value
            key = mark.removeprefix(MARK) if isinstance(mark, str) and mark.startswith(MARK) else None
            typed = [c for c in cells if c.value is not None and (key is None or c.column > 1)]
            if key is None:
                for cell in typed:
                    self.outside(sheet, cell)
                continue
            kind, _, argument = key.partition(" ")
            if kind == "fields":
                fields = {c.column: c.value for c in cells[1:] if isinstance(c.value, str)}
                width = max(fields, default=3)
                continue
            if kind == "table":
                table = form.tables.setdefault(argument, _Table(argument, sheet.ref(row, 2)))
            read = self.read_row(sheet, form, table, kind, argument, row, fields) if kind != "table" else None
            if read is None:  # a title, a heading, help: not read
                read = set(range(2, width + 1))
            for cell in typed:
                if cell.column not in read:
                    self.outside(sheet, cell)

    def read_row(self, sheet: _Sheet, form: _Form, table: _Table | None, kind: str, argument: str, row: int, fields: dict[int, str]) -> set[int] | None:
        """Read one row of the form; returns the columns that belong to it (None: a row of text)."""
        by_name = {name: c for c, name in fields.items()}
        if kind in ("contributor", "year"):
            form.cells[kind] = sheet.ref(row, by_name.get("value", 3))
            return set(fields)
        if kind == "submitted":
            self.read_date_sent(sheet, form, row, by_name.get("value", 3))
            return set(fields)
        if kind == "item":
            self.read_item(sheet, form, row, by_name)
            return set(fields)
        if table is None or kind not in ("values", "row", "total", "nothing"):
            return None
        if kind == "nothing":
            return self.read_nothing(sheet, table, row, min((c for c, name in fields.items() if name.startswith("count ")), default=3))
        return self.read_figures(sheet, form, table, kind, argument, row, fields)

    def read_date_sent(self, sheet: _Sheet, form: _Form, row: int, column: int) -> None:
        value = self.value(sheet, row, column)
        if value is None or value is _UNREADABLE:
            return
        if isinstance(value, (dt.date, dt.datetime)) and re.fullmatch(r"\d{4}-\d\d-\d\d", _text(value)):
            scalar = _text(value)
        else:
            scalar = _count_scalar(value)  # as typed: the format's date check judges it
        form.submitted = _Value(scalar, sheet.ref(row, column))

    def read_item(self, sheet: _Sheet, form: _Form, row: int, columns: dict[str, int]) -> None:
        """One activity of the narrative sheet: its section, English and Khmer."""
        item, unreadable = {}, False
        for name in ("section", "en", "km"):
            column = columns.get(name)
            value = self.value(sheet, row, column) if column else None
            unreadable |= value is _UNREADABLE
            if value is not None and value is not _UNREADABLE and _text(value):
                text = _text(value)
                if name == "section":
                    text = form.lists.get("sections", {}).get(text, text)
                item[name] = _Value(_plain_or_quoted(text) if name == "section" else _quoted(text), sheet.ref(row, column))
        if "section" in item:
            form.items.append(item)
        elif item and not unreadable:
            self.add("NCCT101", sheet.ref(row, columns.get("section", 2)), N_("this activity has no section of the report; it is not read."),
                     hint=N_("Choose the section of the report from the list in column B."))

    def read_nothing(self, sheet: _Sheet, table: _Table, row: int, column: int) -> set[int]:
        """A table's "nothing to report this year" cell."""
        value = self.value(sheet, row, column)
        if value is True or (isinstance(value, str) and value.strip().casefold() in {w.casefold() for w in YES_WORDS}):
            table.nothing = sheet.ref(row, column)
        elif value not in (None, False, _UNREADABLE):
            self.add("NCCT112", sheet.ref(row, column), N_("'%(value)s' is not a choice here: choose \"yes\" from the list, or leave the cell empty."),
                     value=_text(value), hint=N_("Choose \"yes\" only when nothing of this kind took place this year; otherwise leave the cell empty and fill in the figures."))
        return {2, column}

    def read_figures(self, sheet: _Sheet, form: _Form, table: _Table, kind: str, code: str, row: int, fields: dict[int, str]) -> set[int]:
        """A row of figures (a table's only row, a row of its code list, a blank row with
        the name chosen, the printed total); returns the columns that belong to it."""
        template = {c for c, name in fields.items() if name == "label" or name.startswith("last ")}
        counts = {c: name.split(" ", 1)[1] for c, name in fields.items() if name.startswith("count ")}
        totals = {c: name.split(" ", 1)[1] for c, name in fields.items() if name.startswith(("count ", "total "))}
        notes = {c: name.removeprefix("note ") for c, name in fields.items() if name.startswith("note ")}
        if kind == "total":
            if table.total_cell is None:
                table.has_rows = True
                table.total, table.total_cell = self.read_counts(sheet, row, totals), sheet.ref(row, 2)
            else:
                self.repeated(sheet.ref(row, 2))
            return template | set(totals)
        values = self.read_counts(sheet, row, counts)
        texts = {}
        for column, lang in notes.items():
            value = self.value(sheet, row, column)
            if value is not None and value is not _UNREADABLE and _text(value):
                texts[lang] = _Value(_quoted(_text(value)), sheet.ref(row, column))
        columns = template | set(counts) | set(notes)
        if kind == "values":
            if None in table.rows:
                self.repeated(sheet.ref(row, 2))
            else:
                table.rows[None] = _Row("", None, values, texts)
            return columns
        table.has_rows = True
        label = sheet.ref(row, 2)
        code = code or self.row_name(sheet, form, row, bool(values or texts))
        if code in table.rows:
            self.add("NCCT203", label, N_("the row '%(row)s' is already given in %(first)s; this row is not read."), row=code, first=table.rows[code].cell,
                     hint=N_("Give each row once: add these figures to the first row, or choose the right name for this one."))
        elif code is not None:
            table.rows[code] = _Row(code, label, values, texts)
        return columns | {2}

    def repeated(self, cell: str) -> None:
        self.add("NCCT203", cell, N_("this row repeats a row of the same table; it is not read."),
                 hint=N_("Give each row once: delete the copy, and type its figures in the row of the form."))

    def row_name(self, sheet: _Sheet, form: _Form, row: int, given: bool) -> str | None:
        """The code of a row chosen in a blank row (or the name as typed); None when there is none."""
        value = self.value(sheet, row, 2)
        if value is _UNREADABLE:
            return None
        if value is None:
            if given:
                self.add("NCCT101", sheet.ref(row, 2), N_("this row has figures but no name; they are not read."),
                         hint=N_("Choose the name of the row from the list in column B."))
            return None
        name = _text(value)
        for list_id, names in form.lists.items():
            if list_id.startswith("rows ") and name in names:
                return names[name]
        return name

    def read_counts(self, sheet: _Sheet, row: int, counts: dict[int, str]) -> dict[str, _Value]:
        out = {}
        for column, measure in counts.items():
            value = self.value(sheet, row, column)
            if value is not None and value is not _UNREADABLE:
                out[measure] = _Value(_count_scalar(value), sheet.ref(row, column))
        return out

    def value(self, sheet: _Sheet, row: int, column: int) -> Any:
        """The value a cell shows; None when empty; _UNREADABLE (with its finding) when
        it cannot be read: merged with others, a formula without a saved result, an error."""
        merged = sheet.merged.get((row, column))
        if merged is not None:
            if merged not in sheet.reported:
                sheet.reported.add(merged)
                first = merged.split(":")[0]
                self.add("NCCT014", f"{_sheet_ref(sheet.title)}!{first}", N_("the cells %(range)s are merged; the values in them are not read."), range=merged,
                         hint=N_("Unmerge the cells (Home > Merge & Center > Unmerge Cells) and type each figure in its own cell."))
            return _UNREADABLE
        typed = sheet.formulas.cell(row, column)
        shown = sheet.values.cell(row, column)
        if typed.data_type == "f" and shown.value is None:
            self.add("NCCT014", sheet.ref(row, column), N_("the formula %(formula)s has no saved result, so its value is not known; it is not read."),
                     formula=str(typed.value)[:80],
                     hint=N_("Open the workbook in Excel or LibreOffice and save it again (this saves the results of formulas), or type the number itself."))
            return _UNREADABLE
        if shown.data_type == "e":
            self.add("NCCT014", sheet.ref(row, column), N_("the cell shows the error %(error)s; it is not read."), error=str(shown.value),
                     hint=N_("Correct the formula of this cell, or type the number itself."))
            return _UNREADABLE
        if isinstance(shown.value, str) and not shown.value.strip():
            return None  # spaces only: the cell looks empty
        return shown.value

    def outside(self, sheet: _Sheet, cell) -> None:
        shown = _text(cell.value)
        self.add("NCCT015", sheet.ref(cell.row, cell.column), N_("this cell is not part of the form; what it holds ('%(value)s') is not read."),
                 value=shown if len(shown) <= 40 else shown[:40] + "...",
                 hint=N_("Type figures only in the yellow cells of the form (rows and columns added to it are not read); move this value there, or delete it."))


def _is_grid(ws) -> bool:
    """True for a sheet of cells (not a chart sheet, not a missing sheet)."""
    from openpyxl.worksheet.worksheet import Worksheet

    return isinstance(ws, Worksheet)


def _sheet_ref(title: str) -> str:
    """A sheet's name as a cell reference shows it: B, or 'My notes' when it needs quotes."""
    return title if re.fullmatch(r"[A-Za-z0-9_.\-]+", title) else "'" + title.replace("'", "''") + "'"


class _Yaml:
    """Submission text written line by line, each value with a comment naming its cell."""

    def __init__(self, workbook: str):
        self.workbook = _comment_safe(workbook)
        self.lines: list[str] = []
        self.cells: dict[int, str] = {}

    def line(self, text: str, cell: str | None = None) -> None:
        if cell:
            self.cells[len(self.lines) + 1] = cell
            text = f"{text}  # {self.workbook} {_comment_safe(cell)}"
        self.lines.append(text)

    def values(self, indent: str, values: dict[str, _Value], notes: dict[str, _Value]) -> None:
        for measure, value in values.items():
            self.line(f"{indent}{measure}: {value.scalar}", value.cell)
        if notes:
            self.line(f"{indent}note:", next(iter(notes.values())).cell)
            for lang, note in notes.items():
                self.line(f"{indent}  {lang}: {note.scalar}", note.cell)


def _submission_text(form: _Form, workbook: str) -> tuple[str, dict[int, str]]:
    out = _Yaml(workbook)
    out.line(SCHEMA_LINE)
    out.line(f"# Imported from {_comment_safe(workbook)} ({FORMAT}): each value names its cell. Correct the workbook, not this file, and import it again.")
    out.line(f"contributor: {_plain_or_quoted(form.contributor)}", form.cells.get("contributor"))
    out.line(f"year: {form.year}", form.cells.get("year"))
    if form.submitted is not None:
        out.line(f"submitted: {form.submitted.scalar}", form.submitted.cell)
    given = [t for t in form.tables.values() if t.total or any(r.values or r.notes for r in t.rows.values())]
    out.line("figures:" if given else "figures: {}")
    for table in given:
        out.line(f"  {_plain_or_quoted(table.indicator)}:", table.cell)
        if not table.has_rows:
            row = table.rows.get(None)
            if row is not None:
                out.values("    ", row.values, row.notes)
            continue
        rows = [r for r in table.rows.values() if r.values or r.notes]
        if rows:
            out.line("    rows:", table.cell)
        for row in rows:
            out.line(f"      {_plain_or_quoted(row.key)}:", row.cell)
            out.values("        ", row.values, row.notes)
        if table.total:
            out.line("    total:", table.total_cell)
            out.values("      ", table.total, {})
    nothing = [t for t in form.tables.values() if t.nothing]
    if nothing:
        out.line("nothing_to_report:")
        for table in nothing:
            out.line(f"  - {_plain_or_quoted(table.indicator)}", table.nothing)
    out.line("items:" if form.items else "items: []")
    for item in form.items:
        out.line(f"  - section: {item['section'].scalar}", item["section"].cell)
        for lang in ("en", "km"):
            if lang in item:
                out.line(f"    {lang}: {item[lang].scalar}", item[lang].cell)
    return "\n".join(out.lines) + "\n", out.cells


def import_workbook(path: Path, display: str | None = None) -> ImportedWorkbook:
    """Read a filled form into submission text (see ImportedWorkbook); never raises for
    what the file holds: every problem is a finding at its cell."""
    display = display or str(path)
    importer = _Importer(path, display)
    result = ImportedWorkbook(path, display, importer.findings)
    opened = importer.open()
    if opened is None:
        return result
    formulas, values = opened
    form = importer.form(formulas)
    if form is None:
        return result
    result.contributor, result.year = form.contributor, form.year
    for _, title in importer.find_sheets(form, formulas):
        importer.read_sheet(_Sheet(title, formulas[title], values[title]), form)
    text, cells = _submission_text(form, path.name)
    if len(text.encode("utf-8")) > MAX_BYTES:  # the limit of a submission file holds for one made from a workbook
        importer.add("NCCT007", None, N_("The submission made from this workbook is larger than %(limit)s bytes; it is not read."), limit=MAX_BYTES)
        return result
    result.text, result.cells = text, cells
    return result


# --- checking it, and writing it --------------------------------------------------------


def validate_workbook(path: Path, catalog: Catalog, registry: Registry, *, strict: bool = False, display: str | None = None,
                      data_dir: Path | None = None) -> Reading:
    """`ncct validate FILE.xlsx`: import the workbook in memory and read the submission with
    the reading stage (with the earlier years beside it, or in `data_dir`), every finding
    at its Sheet!Cell."""
    return validate_imported(import_workbook(path, display), catalog, registry, strict=strict, data_dir=data_dir)


def validate_imported(imported: ImportedWorkbook, catalog: Catalog, registry: Registry, *, strict: bool = False,
                      data_dir: Path | None = None) -> Reading:
    """The reading stage over an imported workbook's text, as if it were the file
    `imported.submission_path` (checked in `data_dir`, if given); findings about that
    file move to their cells."""
    if imported.text is None:
        reading = Reading(1, Findings(), [])
    else:
        target = imported.submission_path
        reading = read_paths([target], catalog, registry, strict=strict, contents={target: imported.text.encode("utf-8")}, data_dir=data_dir)
        for finding in reading.findings.items:
            if finding.file == str(target):
                cell = imported.cells.get(finding.line) if finding.line else None
                if cell:
                    finding.text = message("%(cell)s: %(message)s", cell=cell, message=finding.text or finding.message)
                    finding.message = finding.text.text()
                finding.file, finding.line, finding.column = imported.display, None, None
    if strict:
        for finding in imported.findings.items:
            finding.severity = "error"
    reading.findings.items[:0] = imported.findings.items
    return reading


def write_submission(path: Path, text: str, *, force: bool = False) -> Literal["created", "unchanged", "replaced"]:
    """`ncct import`: write the submission text to `path` atomically. A file already there
    with other content is replaced only with `force`; otherwise an NcctError says so."""
    data = text.encode("utf-8")
    if path.is_symlink():
        raise NcctError(message(N_("%(file)s is a link; ncct writes submissions only as real files. Remove the link, then import again."), file=path))
    if not path.exists() and write_new(path, data):
        return "created"
    if _holds(path, data):
        return "unchanged"
    if not force:
        raise NcctError(message(N_("%(file)s already exists with other content; it was not replaced. Compare the two, then import again "
                                   "with --force to replace it with what the workbook holds."), file=path))
    write_atomically(path, data)
    return "replaced"


def _holds(path: Path, data: bytes) -> bool:
    try:
        return read_regular_file(path, len(data)) == data
    except (_Refused, OSError):
        return False
