"""Realisasi spreadsheets: `portal-sop kinerja templat-excel` and `impor-excel`."""
from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from portal_sop.authoring import kinerja_excel
from portal_sop.validation import load_and_validate

from conftest import SEED_DATA, run_cli

KEBASEN = "banyumas/kebasen"
RESULTS = Path(KEBASEN) / "data-kinerja" / "realisasi.csv"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "sop_data"
    shutil.copytree(SEED_DATA, root)
    return root


def cli(*args: str) -> tuple[int, str]:
    result = run_cli("kinerja", *args)
    return result.exit_code, result.output


def make_template(data: Path, tmp_path: Path, year: int = 2026) -> Path:
    target = tmp_path / f"realisasi-{year}.xlsx"
    code, out = cli("templat-excel", KEBASEN, str(year), "--data", str(data), "--keluar", str(target))
    assert code == 0, out
    return target


def edit(path: Path, cells: dict[str, object]) -> Path:
    book = openpyxl.load_workbook(path)
    sheet = book[kinerja_excel.SHEET]
    for coordinate, value in cells.items():
        sheet[coordinate] = value
    book.save(path)
    return path


def row_of(path: Path, code: str) -> int:
    sheet = openpyxl.load_workbook(path)[kinerja_excel.SHEET]
    return next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, 1).value == code)


def date_row(path: Path) -> int:
    return row_of(path, kinerja_excel.DATE_LABEL)


def rows(data: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((data / RESULTS).open(encoding="utf-8")))


def test_template_is_deterministic_and_explains_itself(data, tmp_path):
    portal, _ = load_and_validate(data)
    package = portal.kinerja[KEBASEN]
    first = kinerja_excel.template(package, "Kebasen", 2025)
    assert first == kinerja_excel.template(package, "Kebasen", 2025)
    path = tmp_path / "t.xlsx"
    path.write_bytes(first)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Realisasi", "Petunjuk", "Identitas"]
    assert book["Identitas"].sheet_state == "hidden"
    assert book["Identitas"]["A1"].value == f"portal-sop-lembar:data-kinerja:v1:{KEBASEN}:2025"
    sheet = book["Realisasi"]
    assert "DATA CONTOH" in sheet["A1"].value
    ikm = row_of(path, "IKM")
    assert sheet.cell(ikm, 6).value == package.result("IKM", 2025, 1).value
    assert any("between" == v.operator and v.formula2 == "100.0" for v in sheet.data_validations.dataValidation)
    assert "Cara mengisi" in book["Petunjuk"]["A1"].value


def test_unchanged_template_imports_as_no_change(data, tmp_path):
    path = make_template(data, tmp_path, 2025)
    original = (data / RESULTS).read_bytes()
    code, out = cli("impor-excel", str(path), "--data", str(data))
    assert code == 0, out
    assert "0 perubahan" in out
    assert (data / RESULTS).read_bytes() == original


def test_round_trip_template_filled_import(data, tmp_path):
    path = make_template(data, tmp_path)
    ikm, sakip, dates = row_of(path, "IKM"), row_of(path, "SAKIP"), date_row(path)
    edit(path, {f"F{ikm}": 86.2, f"G{ikm}": "87,5", f"F{sakip}": 74, f"F{dates}": dt.datetime(2026, 4, 10),
                f"G{dates}": "10/07/2026", f"J{ikm}": "Responden 160 orang"})
    code, out = cli("impor-excel", str(path), "--data", str(data))
    assert code == 0, out
    added = {(r["kode_indikator"], r["triwulan"]): r for r in rows(data) if r["tahun"] == "2026"}
    assert set(added) == {("IKM", "1"), ("IKM", "2"), ("SAKIP", "1")}
    assert added[("IKM", "1")]["realisasi"] == "86.2" and added[("IKM", "1")]["tanggal_lapor"] == "2026-04-10"
    assert added[("IKM", "2")]["realisasi"] == "87.5" and added[("IKM", "2")]["tanggal_lapor"] == "2026-07-10"
    assert added[("IKM", "1")]["catatan"] == "Responden 160 orang"
    assert not load_and_validate(data)[1].has_errors


@pytest.mark.parametrize("cells, phrase", [
    ({"F{ikm}": "banyak", "F{dates}": "10/04/2026"}, '"banyak" bukan angka'),
    ({"F{ikm}": 150, "F{dates}": "10/04/2026"}, "di luar rentang indeks"),
    ({"F{ikm}": 80}, "Tanggal lapor\" triwulan itu kosong"),
    ({"F{ikm}": 80, "F{dates}": "besok"}, '"besok" bukan tanggal'),
    ({"A{ikm}": "TIDAK-ADA"}, 'kode indikator "TIDAK-ADA" tidak ada'),
])
def test_bad_cells_are_refused_naming_the_cell(data, tmp_path, cells, phrase):
    path = make_template(data, tmp_path)
    ikm, dates = row_of(path, "IKM"), date_row(path)
    edit(path, {k.format(ikm=ikm, dates=dates): v for k, v in cells.items()})
    original = (data / RESULTS).read_bytes()
    code, out = cli("impor-excel", str(path), "--data", str(data))
    assert code == 1
    assert phrase in out and path.name in out and "Realisasi!" in out, out
    assert (data / RESULTS).read_bytes() == original


def test_foreign_and_broken_files_are_refused(data, tmp_path):
    good = make_template(data, tmp_path)
    other = tmp_path / "lain.xlsx"
    shutil.copy(good, other)
    book = openpyxl.load_workbook(other)
    book["Identitas"]["A1"] = "portal-sop-lembar:data-kinerja:v1:banjar/tidak-ada:2026"
    book.save(other)
    version = tmp_path / "versi.xlsx"
    book["Identitas"]["A1"] = f"portal-sop-lembar:data-kinerja:v7:{KEBASEN}:2026"
    book.save(version)
    plain = tmp_path / "biasa.xlsx"
    openpyxl.Workbook().save(plain)
    broken = tmp_path / "rusak.xlsx"
    broken.write_bytes(good.read_bytes()[:500])
    text = tmp_path / "teks.xlsx"
    text.write_text("kode,nilai\n", "utf-8")
    original = (data / RESULTS).read_bytes()
    for path, phrase in {other: "kecamatan banjar/tidak-ada", version: "versi lembar kerja v7", plain: "bukan lembar kerja realisasi",
                         broken: "bukan lembar kerja .xlsx", text: "bukan lembar kerja .xlsx"}.items():
        code, out = cli("impor-excel", str(path), "--data", str(data))
        assert code == 1 and phrase in out and "Traceback" not in out, (path, out)
    assert (data / RESULTS).read_bytes() == original


def test_template_refuses_to_overwrite_and_unknown_district(data, tmp_path):
    path = make_template(data, tmp_path)
    code, out = cli("templat-excel", KEBASEN, "2026", "--data", str(data), "--keluar", str(path))
    assert code == 1 and "sudah ada" in out
    code, out = cli("templat-excel", "banyumas/tidak-ada", "2026", "--data", str(data), "--keluar", str(tmp_path / "x.xlsx"))
    assert code == 1 and "tidak punya paket data kinerja" in out


def test_a_sheet_saved_by_libreoffice_imports(data):
    """A template filled by openpyxl, then opened and saved by LibreOffice
    Calc 7.4 (`soffice --headless --convert-to xlsx`); committed as a fixture
    because LibreOffice is too big to install for the test suite."""
    code, out = cli("impor-excel", str(FIXTURES / "realisasi-kebasen-2026-libreoffice.xlsx"), "--data", str(data))
    assert code == 0, out
    added = {(r["kode_indikator"], r["triwulan"]): r["realisasi"] for r in rows(data) if r["tahun"] == "2026"}
    assert added == {("IKM", "1"): "86.2", ("SAKIP", "1"): "74"}
