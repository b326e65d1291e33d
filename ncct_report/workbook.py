"""The report's tables as an Excel workbook (openpyxl): an index sheet, one sheet per
table as printed, and the source of every figure.

Headings are bilingual (English, then Khmer); numbers are numbers, totals are values
(not formulas, so that they are the report's own figures); header rows are frozen and
columns sized to their text. The same build date gives the same bytes: the document
properties and every part of the zip carry that date.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from .aggregate import Report, Table
from .khmer import khmer_digits
from .opendata import table_rows

SHEET_NAME_MAX = 31  # Excel's limit


def sheet_name(table: Table) -> str:
    return f"T{table.number:02d} {table.indicator}"[:SHEET_NAME_MAX]


def _width(values) -> float:
    longest = max((len(str(v)) for v in values if v is not None), default=8)
    return min(60, max(8, longest * 1.1 + 2))


def workbook_bytes(report: Report, generated: dt.date) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    wb = Workbook()
    bold = Font(bold=True)
    index = wb.active
    index.title = "Index"
    index.append(["Table", "Title (English)", "Title (Khmer)", "Section", "Sheet"])
    index.append(["តារាង", "ចំណងជើង (អង់គ្លេស)", "ចំណងជើង (ខ្មែរ)", "ផ្នែក", "សន្លឹក"])
    sources = wb.create_sheet("Sources")
    sources.append(["Sheet", "Cell", "Row", "Measure", "Source (file:line)"])
    sources.append(["សន្លឹក", "ក្រឡា", "ជួរដេក", "រង្វាស់", "ប្រភព (ឯកសារ:បន្ទាត់)"])
    for table in report.tables():
        name = sheet_name(table)
        sheet = wb.create_sheet(name)
        measures = [report.measures[m] for m in table.measures]
        row_label = table.row_label.en if table.row_label else "Reported by"
        row_label_km = (table.row_label.km if table.row_label else "រាយការណ៍ដោយ") or ""
        sheet.append([f"Table {table.number}: {table.title.en}"])
        sheet.append([f"តារាង {khmer_digits(str(table.number))}៖ {table.title.km or ''}"])
        sheet.append([row_label, *[m.en for m in measures]])
        sheet.append([row_label_km, *[m.km or "" for m in measures]])
        rows = table_rows(table)
        for number, row in enumerate(rows):
            code, label_en, label_km, contributor, no_report, *values = row
            shown = f"{label_en} / {label_km}" if label_km else label_en
            sheet.append([shown, *["No report" if no_report == "true" else v for v in values]])
            if number < len(table.rows):
                cells = table.rows[number].cells
                for column, measure in enumerate(table.measures, start=2):
                    found = cells[measure].sources
                    if found:
                        where = "; ".join(f"{s.file}:{s.line or '?'}" for s in found[:20]) + (" ..." if len(found) > 20 else "")
                        sources.append([name, f"{get_column_letter(column)}{sheet.max_row}", label_en, measure, where])
        for cell in sheet[1] + sheet[3] + sheet[4]:
            cell.font = bold
        for cell in sheet[sheet.max_row] if len(rows) > len(table.rows) else ():
            cell.font = bold
        sheet.freeze_panes = "B5"
        for column in range(1, len(table.measures) + 2):
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = _width(c.value for c in sheet[letter][2:])
        index.append([table.number, table.title.en, table.title.km, table.section, name])
        link = index.cell(row=index.max_row, column=5)
        link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{name}'!A1")  # a link inside the workbook
        link.font = Font(color="0563C1", underline="single")
    for sheet in (index, sources):
        for cell in sheet[1] + sheet[2]:
            cell.font = bold
        sheet.freeze_panes = "A3"
        for column in range(1, sheet.max_column + 1):
            letter = get_column_letter(column)
            sheet.column_dimensions[letter].width = _width(c.value for c in sheet[letter])
            for cell in sheet[letter]:
                cell.alignment = Alignment(vertical="top")
    wb.move_sheet("Sources", offset=len(wb.sheetnames))
    return saved(wb, f"Annual report on counter trafficking in persons {report.year}: tables", generated)


def saved(wb, title: str, generated: dt.date) -> bytes:
    """The workbook's bytes, titled and dated `generated`: the same bytes for the same
    inputs (see _dated)."""
    moment = dt.datetime.combine(generated, dt.time())
    wb.properties.creator = "ncct-report"
    wb.properties.title = title
    wb.properties.created = wb.properties.modified = moment
    buffer = io.BytesIO()
    wb.save(buffer)
    return _dated(buffer.getvalue(), moment)


def _dated(data: bytes, moment: dt.datetime) -> bytes:
    """The same zip with every entry dated `moment` (openpyxl dates them now)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl sets "modified" to the time of saving
                stamp = moment.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, content)
            target.writestr(entry, content)
    return out.getvalue()
