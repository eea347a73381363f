"""Filled data kinerja forms back into realisasi.csv (`portal-sop kinerja impor-formulir`)."""
from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pypdf
import pytest

from portal_sop.authoring.realisasi import parse_date, parse_number
from portal_sop.pdf import forms
from portal_sop.pdf.documents import PdfOptions
from portal_sop.validation import load_and_validate

from conftest import SEED_DATA, fill_form, run_cli

KEBASEN = "banyumas/kebasen"
RESULTS = Path(KEBASEN) / "data-kinerja" / "realisasi.csv"
FILLED = {
    "tahun": "2026",
    "ttd_camat_tanggal": "10 April 2026",
    "ikm_realisasi": "86,2",
    "paten_tepat_waktu_realisasi": "97",
    "waktu_layanan_realisasi": "2,5",
    "sakip_realisasi": "74",
    "desa_admin_tertib_realisasi": "80",
    "laporan_tepat_waktu_realisasi": "100",
    "ikm_catatan": "Responden 160 orang",
}


@pytest.fixture(scope="module")
def blank_form() -> bytes:
    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors
    district = next(d for d in portal.districts if d.path == KEBASEN)
    return forms.render_form_pdf(forms.KINERJA, district, PdfOptions(data_dir=str(SEED_DATA)), portal.kinerja)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "sop_data"
    shutil.copytree(SEED_DATA, root)
    return root


def run(*args: str) -> tuple[int, str]:
    result = run_cli("kinerja", "impor-formulir", *args)
    return result.exit_code, result.output


def rows(data: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((data / RESULTS).open(encoding="utf-8")))


def test_filled_form_adds_its_rows_and_the_package_still_validates(blank_form, data, tmp_path):
    form = fill_form(blank_form, tmp_path / "formulir.pdf", FILLED)
    before = rows(data)
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    after = rows(data)
    added = [r for r in after if r["tahun"] == "2026"]
    assert {(r["kode_indikator"], r["triwulan"], r["realisasi"]) for r in added} == {
        ("IKM", "1", "86.2"), ("PATEN-TEPAT-WAKTU", "1", "97"), ("WAKTU-LAYANAN", "1", "2.5"),
        ("SAKIP", "1", "74"), ("DESA-ADMIN-TERTIB", "1", "80"), ("LAPORAN-TEPAT-WAKTU", "1", "100"),
    }
    assert all(r["tanggal_lapor"] == "2026-04-10" for r in added)
    assert next(r for r in added if r["kode_indikator"] == "IKM")["catatan"] == "Responden 160 orang"
    assert [r for r in after if r["tahun"] != "2026"] == before  # nothing else touched
    assert "tambah: IKM tahun 2026 triwulan I = 86,2" in out
    portal, report = load_and_validate(data)
    assert not report.has_errors
    assert portal.kinerja[KEBASEN].result("IKM", 2026, 1).value == 86.2


def test_dry_run_prints_the_changes_and_writes_nothing(blank_form, data, tmp_path):
    form = fill_form(blank_form, tmp_path / "formulir.pdf", FILLED)
    original = (data / RESULTS).read_bytes()
    code, out = run(str(form), "--data", str(data), "--dry-run")
    assert code == 0, out
    assert "6 perubahan akan ditulis" in out
    assert (data / RESULTS).read_bytes() == original


def test_a_different_existing_value_is_refused_without_timpa(blank_form, data, tmp_path):
    existing = next(r for r in rows(data) if r["kode_indikator"] == "IKM" and r["triwulan"] == "1")
    values = {**FILLED, "tahun": existing["tahun"], "ikm_realisasi": "55"}
    form = fill_form(blank_form, tmp_path / "formulir.pdf", values)
    original = (data / RESULTS).read_bytes()
    code, out = run(str(form), "--data", str(data))
    assert code == 1
    old = existing["realisasi"].replace(".", ",")
    assert f"realisasi IKM triwulan I {existing['tahun']} sudah ada dengan nilai {old}, formulir berisi 55" in out
    assert "--timpa" in out
    assert (data / RESULTS).read_bytes() == original

    code, out = run(str(form), "--data", str(data), "--timpa")
    assert code == 0, out
    assert f"ubah: IKM tahun {existing['tahun']} triwulan I: {old} → 55" in out
    changed = next(r for r in rows(data) if r["kode_indikator"] == "IKM" and r["tahun"] == existing["tahun"] and r["triwulan"] == "1")
    assert changed["realisasi"] == "55"


@pytest.mark.parametrize("field, value, phrase", [
    ("ikm_realisasi", "", 'isian "ikm_realisasi" (Indeks Kepuasan Masyarakat (IKM) terhadap pelayanan kecamatan): belum diisi'),
    ("ikm_realisasi", "delapan puluh", '"delapan puluh" bukan angka'),
    ("ikm_realisasi", "<script>alert(1)</script>", "bukan angka"),
    ("ikm_realisasi", "150", "di luar rentang indeks 0–100"),
    ("paten_tepat_waktu_realisasi", "-3", "di luar rentang persen"),
    ("tahun", "dua ribu", 'isian "tahun"'),
    ("ttd_camat_tanggal", "kemarin", 'isian "ttd_camat_tanggal"'),
])
def test_bad_values_are_refused_naming_file_and_field(blank_form, data, tmp_path, field, value, phrase):
    form = fill_form(blank_form, tmp_path / "formulir.pdf", {**FILLED, field: value})
    original = (data / RESULTS).read_bytes()
    code, out = run(str(form), "--data", str(data))
    assert code == 1
    assert "formulir.pdf" in out and phrase in out
    assert "Traceback" not in out
    assert (data / RESULTS).read_bytes() == original


def test_hostile_note_is_written_as_data_not_as_csv_structure(blank_form, data, tmp_path):
    note = 'catatan, dengan "kutip"\nbaris baru; =HYPERLINK("http://x")'
    form = fill_form(blank_form, tmp_path / "formulir.pdf", {**FILLED, "ikm_catatan": note})
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    added = next(r for r in rows(data) if r["kode_indikator"] == "IKM" and r["tahun"] == "2026")
    assert added["catatan"] == note
    assert not load_and_validate(data)[1].has_errors


def test_forms_that_are_not_ours_are_refused(blank_form, data, tmp_path):
    original = (data / RESULTS).read_bytes()
    unknown_version = fill_form(blank_form, tmp_path / "versi.pdf", FILLED, keywords="portal-sop-formulir:data-kinerja:v99:banyumas/kebasen")
    other_district = fill_form(blank_form, tmp_path / "lain.pdf", FILLED, keywords="portal-sop-formulir:data-kinerja:v1:banjar/tidak-ada")
    not_ours = fill_form(blank_form, tmp_path / "asing.pdf", FILLED, keywords="formulir lain")
    encrypted = tmp_path / "sandi.pdf"
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(blank_form))
    writer.encrypt("rahasia")
    writer.write(encrypted)
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(blank_form[: len(blank_form) // 3])
    text = tmp_path / "catatan.pdf"
    text.write_text("bukan pdf", "utf-8")
    expected = {
        unknown_version: "versi formulir v99 tidak dikenal",
        other_district: "kecamatan banjar/tidak-ada",
        not_ours: "bukan Formulir Pengumpulan Data Kinerja dari Portal SOP",
        encrypted: "dilindungi kata sandi",
        broken: "rusak atau tidak dapat dibaca",
        text: "bukan berkas PDF",
        tmp_path / "tidak-ada.pdf": "bukan berkas biasa",
    }
    for form, phrase in expected.items():
        code, out = run(str(form), "--data", str(data))
        assert code == 1, (form, out)
        assert phrase in out and form.name in out, out
        assert "Traceback" not in out
    assert (data / RESULTS).read_bytes() == original


def test_one_bad_form_means_nothing_is_written(blank_form, data, tmp_path):
    good = fill_form(blank_form, tmp_path / "baik.pdf", FILLED)
    bad = fill_form(blank_form, tmp_path / "buruk.pdf", {**FILLED, "tahun": "2027", "sakip_realisasi": "x"})
    original = (data / RESULTS).read_bytes()
    code, out = run(str(good), str(bad), "--data", str(data))
    assert code == 1
    assert "buruk.pdf" in out and "Tidak ada berkas yang diubah" in out
    assert (data / RESULTS).read_bytes() == original


def test_the_same_form_twice_changes_nothing_the_second_time(blank_form, data, tmp_path):
    form = fill_form(blank_form, tmp_path / "formulir.pdf", FILLED)
    assert run(str(form), "--data", str(data))[0] == 0
    once = (data / RESULTS).read_bytes()
    code, out = run(str(form), "--data", str(data))
    assert code == 0 and "semua nilai sudah sama" in out
    assert (data / RESULTS).read_bytes() == once


@pytest.mark.parametrize("text, value", [("83,4", 83.4), ("83.4", 83.4), (" 97 % ", 97.0), ("1.234,5", 1234.5), ("-2", -2.0)])
def test_numbers_as_staff_type_them(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["", "delapan", "1e400", "83,4,1", "nan", "inf"])
def test_not_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize("text", ["2026-04-10", "10-04-2026", "10/04/2026", "10 April 2026", "10  april 2026"])
def test_dates_as_staff_write_them(text):
    assert parse_date(text).isoformat() == "2026-04-10"


def test_impossible_date_is_no_date():
    assert parse_date("31 Februari 2026") is None
