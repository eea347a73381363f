"""Spreadsheets for realisasi: a template per kecamatan and year, and reading
a filled one back into entries (openpyxl; Excel and LibreOffice files alike).

Sheet "Realisasi": one row per indicator (kode, name, unit, polarity,
target) with a column per triwulan, then a "Tanggal lapor" row. Sheet
"Petunjuk" explains it in Indonesian. A hidden sheet "Identitas" names the
kind, version, kecamatan and year, so a file identifies itself like the
PDF form does. Empty quarter cells mean "not reported yet".
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from ..kinerja.model import BOUNDED_UNITS, COUNT_UNITS, QUARTER_NAMES, QUARTERS, KinerjaPackage
from .realisasi import Entry, ImportRefused, parse_date, parse_number

IDENTITY_PREFIX = "portal-sop-lembar"
VERSION = 1
SHEET = "Realisasi"
GUIDE = "Petunjuk"
IDENTITY = "Identitas"
HEADER_ROW = 3
FIRST_ROW = HEADER_ROW + 1
COLUMNS = ["Kode", "Indikator kinerja", "Satuan", "Polaritas", "Target tahun ini"]
QUARTER_COLUMN = {q: len(COLUMNS) + q for q in QUARTERS}  # 1-based column numbers
NOTE_COLUMN = len(COLUMNS) + len(QUARTERS) + 1
DATE_LABEL = "Tanggal lapor"
MAX_SHEET_BYTES = 20_000_000

GUIDE_TEXT = (
    "Cara mengisi lembar kerja realisasi data kinerja",
    "",
    "1. Isi realisasi setiap indikator pada kolom triwulan yang dilaporkan (lembar Realisasi).",
    "   Tulis angka saja dalam satuan indikator; desimal boleh dengan koma (83,4).",
    "2. Isi baris \"Tanggal lapor\" di bawah tabel untuk setiap triwulan yang diisi.",
    "3. Biarkan kosong triwulan yang belum dilaporkan. Jangan mengubah kolom Kode, jangan",
    "   menambah atau menghapus baris, dan jangan mengganti nama lembar.",
    "4. Simpan sebagai .xlsx (Excel atau LibreOffice), lalu serahkan kepada pengelola portal.",
    "5. Pengelola menjalankan: portal-sop kinerja impor-excel BERKAS.xlsx --dry-run",
    "   untuk melihat perubahan, lalu tanpa --dry-run untuk menulisnya ke data.",
    "",
    "Nilai yang sudah ada di data dan berbeda dengan lembar ini tidak ditimpa kecuali",
    "pengelola memakai --timpa. Nilai di luar rentang satuannya ditolak.",
)


def identity(district_path: str, year: int) -> str:
    return f"{IDENTITY_PREFIX}:data-kinerja:v{VERSION}:{district_path}:{year}"


def template(package: KinerjaPackage, district_name: str, year: int) -> bytes:
    """The .xlsx bytes of the entry sheet for one kecamatan and year, with
    the values already in the package filled in. Deterministic: the same
    data gives the same bytes."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = SHEET
    title = f"Realisasi Data Kinerja Kecamatan {district_name} Tahun {year}"
    if package.is_sample:
        title += " (DATA CONTOH, bukan angka resmi)"
    sheet["A1"] = title
    sheet["A1"].font = Font(bold=True, size=13)
    sheet["A2"] = "Isi kolom triwulan yang berwarna; lihat lembar Petunjuk."
    headers = COLUMNS + [f"Triwulan {QUARTER_NAMES[q]}" for q in QUARTERS] + ["Catatan"]
    sheet.row_dimensions[HEADER_ROW].height = 30
    for column, text in enumerate(headers, start=1):
        cell = sheet.cell(HEADER_ROW, column, text)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    editable = PatternFill("solid", fgColor="FFF7D6")
    row = FIRST_ROW
    for indicator in package.indicators:
        values = [indicator.code, indicator.name, indicator.unit, indicator.polarity.describe, package.target(indicator.code, year)]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row, column, value)
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for quarter in QUARTERS:
            cell = sheet.cell(row, QUARTER_COLUMN[quarter])
            result = package.result(indicator.code, year, quarter)
            if result is not None:
                cell.value = result.value
            cell.fill = editable
            cell.alignment = Alignment(vertical="top")
            cell.protection = Protection(locked=False)
        # Left empty: a note typed here goes with the values added or changed.
        note = sheet.cell(row, NOTE_COLUMN)
        note.fill = editable
        note.protection = Protection(locked=False)
        # openpyxl cannot measure text; give wrapped names room (about 45
        # characters per line at the column's width).
        sheet.row_dimensions[row].height = 15 * max(1, -(-len(indicator.name) // 45))
        _validation(sheet, indicator.unit, f"{get_column_letter(QUARTER_COLUMN[1])}{row}:{get_column_letter(QUARTER_COLUMN[4])}{row}")
        row += 1
    date_row = row
    sheet.cell(date_row, 1, DATE_LABEL).font = Font(bold=True)
    sheet.cell(date_row, 2, "Tanggal laporan triwulan disampaikan (misalnya 10/04/2026)")
    dates = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)", formula2="DATE(2100,12,31)",
                           showErrorMessage=True, errorTitle="Tanggal tidak sah", error="Tulis tanggal, misalnya 10/04/2026.")
    sheet.add_data_validation(dates)
    for quarter in QUARTERS:
        cell = sheet.cell(date_row, QUARTER_COLUMN[quarter])
        reported = {r.reported for r in package.results if r.year == year and r.quarter == quarter}
        if len(reported) == 1:
            cell.value = reported.pop()
        cell.number_format = "DD/MM/YYYY"
        cell.fill = editable
        cell.protection = Protection(locked=False)
        dates.add(cell.coordinate)
    for column, width in zip("ABCDEFGHIJ", (22, 48, 10, 22, 12, 13, 13, 13, 13, 40)):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = sheet.cell(FIRST_ROW, 3)
    # Printed, the whole table fits the width of a landscape page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.protection.sheet = True  # no password: it only guards against slips

    guide = book.create_sheet(GUIDE)
    for n, line in enumerate(GUIDE_TEXT, start=1):
        guide.cell(n, 1, line)
    guide.column_dimensions["A"].width = 100
    guide["A1"].font = Font(bold=True, size=13)

    ident = book.create_sheet(IDENTITY)
    ident["A1"] = identity(package.district_path, year)
    ident.sheet_state = "hidden"

    book.properties.creator = "Portal SOP Kecamatan"
    book.properties.title = title
    fixed = dt.datetime(year, 1, 1)
    book.properties.created = fixed
    buffer = io.BytesIO()
    book.save(buffer)
    return _normalise_zip(buffer.getvalue(), fixed)


def _normalise_zip(data: bytes, modified: dt.datetime) -> bytes:
    """Same bytes for the same workbook: openpyxl stamps the save time into
    docProps/core.xml and the zip entries; both get fixed values."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)",
                                 rb"\g<1>" + modified.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", content)
            target.writestr(fixed, content)
    return out.getvalue()


def _validation(sheet, unit: str, cells: str) -> None:
    bounds = BOUNDED_UNITS.get(unit)
    if bounds is not None:
        low, high = bounds
        rule = DataValidation(type="decimal", operator="between", formula1=str(low), formula2=str(high))
        rule.error = f"Nilai harus antara {low:g} dan {high:g} ({unit})."
    elif unit in COUNT_UNITS:
        rule = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        rule.error = f"Jumlah {unit} harus bilangan bulat, tidak negatif."
    else:
        rule = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        rule.error = f"Nilai {unit} tidak boleh negatif."
    rule.showErrorMessage = True
    rule.errorTitle = "Nilai tidak sah"
    sheet.add_data_validation(rule)
    rule.add(cells)


def _cell_text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_sheet(path: Path, packages: dict[str, KinerjaPackage]) -> tuple[str, list[Entry]]:
    """(kecamatan path, entries) of a filled sheet; ImportRefused lists
    every problem with its cell."""
    name = path.name
    if not path.is_file():
        raise ImportRefused([f"{path}: bukan berkas biasa"])
    if path.stat().st_size > MAX_SHEET_BYTES:
        raise ImportRefused([f"{path}: berkas lebih dari {MAX_SHEET_BYTES // 1_000_000} MB"])
    try:
        book = openpyxl.load_workbook(path, data_only=True, read_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise ImportRefused([f"{path}: bukan lembar kerja .xlsx yang dapat dibaca ({type(exc).__name__}); simpan ulang sebagai .xlsx"]) from None
    if IDENTITY not in book.sheetnames or SHEET not in book.sheetnames:
        raise ImportRefused([f"{path}: bukan lembar kerja realisasi dari Portal SOP (lembar {SHEET} atau {IDENTITY} tidak ada)"])
    parts = _cell_text(book[IDENTITY]["A1"].value).split(":")
    if len(parts) != 5 or parts[0] != IDENTITY_PREFIX or parts[1] != "data-kinerja":
        raise ImportRefused([f"{path}: bukan lembar kerja realisasi dari Portal SOP (penanda tidak dikenal)"])
    if parts[2] != f"v{VERSION}":
        raise ImportRefused([f"{path}: versi lembar kerja {parts[2]} tidak dikenal; buat templat baru dengan portal-sop kinerja templat-excel"])
    district_path, year = parts[3], int(parts[4]) if parts[4].isdigit() else 0
    package = packages.get(district_path)
    if package is None:
        raise ImportRefused([f"{path}: lembar kerja untuk kecamatan {district_path}, yang tidak punya paket data kinerja di folder data"])
    sheet = book[SHEET]
    problems: list[str] = []
    rows: dict[str, int] = {}
    date_row = None
    for row in range(FIRST_ROW, sheet.max_row + 1):
        first = _cell_text(sheet.cell(row, 1).value)
        if first == DATE_LABEL:
            date_row = row
            break
        if not first:
            continue
        if package.indicator(first) is None:
            problems.append(f"{name}, sel {SHEET}!A{row}: kode indikator \"{first}\" tidak ada di paket data kinerja {district_path}")
        elif first in rows:
            problems.append(f"{name}, sel {SHEET}!A{row}: indikator {first} ditulis dua kali (juga di baris {rows[first]})")
        else:
            rows[first] = row
    for indicator in package.indicators:
        if indicator.code not in rows:
            problems.append(f"{name}: baris indikator {indicator.code} tidak ada di lembar {SHEET}; buat templat baru")
    if date_row is None:
        problems.append(f'{name}: baris "{DATE_LABEL}" tidak ada di lembar {SHEET}')
        raise ImportRefused(problems)

    dates: dict[int, dt.date] = {}
    for quarter in QUARTERS:
        cell = sheet.cell(date_row, QUARTER_COLUMN[quarter])
        value = cell.value
        if value in (None, ""):
            continue
        if isinstance(value, dt.datetime):
            dates[quarter] = value.date()
        elif isinstance(value, dt.date):
            dates[quarter] = value
        elif (parsed := parse_date(_cell_text(value))) is not None:
            dates[quarter] = parsed
        else:
            problems.append(f'{name}, sel {SHEET}!{cell.coordinate}: "{_cell_text(value)}" bukan tanggal; tulis misalnya 10/04/{year}')

    entries: list[Entry] = []
    for code, row in rows.items():
        note = _cell_text(sheet.cell(row, NOTE_COLUMN).value)
        for quarter in QUARTERS:
            cell = sheet.cell(row, QUARTER_COLUMN[quarter])
            raw = cell.value
            if raw is None or _cell_text(raw) == "":
                continue
            where = f"{name}, sel {SHEET}!{cell.coordinate}"
            if isinstance(raw, bool):
                value = None
            elif isinstance(raw, (int, float)):
                value = float(raw)
            else:
                value = parse_number(_cell_text(raw))
            if value is None or value != value or value in (float("inf"), float("-inf")):
                problems.append(f'{where} ({code} triwulan {QUARTER_NAMES[quarter]}): "{_cell_text(raw)}" bukan angka')
                continue
            existing = package.result(code, year, quarter)
            if existing is not None and existing.value == value:
                continue  # already in the data: nothing to write, no date needed
            if quarter not in dates:
                problems.append(f'{where}: triwulan {QUARTER_NAMES[quarter]} diisi tetapi "{DATE_LABEL}" triwulan itu kosong')
                continue
            entries.append(Entry(code, year, quarter, value, dates[quarter], note, where))
    if problems:
        raise ImportRefused(problems)
    return district_path, entries
