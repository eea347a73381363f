"""Filled monitoring and evaluation forms back into monev.csv (`portal-sop monev impor-formulir`)."""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from portal_sop.authoring.monev_form import clean_text, parse_semester
from portal_sop.authoring.realisasi import parse_date
from portal_sop.kinerja import monev
from portal_sop.pdf import forms
from portal_sop.pdf.documents import PdfOptions
from portal_sop.validation import load_and_validate

from conftest import SEED_DATA, fill_form, run_cli
from pdfreader import fill_like_a_person

KEBASEN = "banyumas/kebasen"
PACKAGE = Path(KEBASEN) / "data-kinerja"
# Rows of the forms of Kebasen, in the order of its SOP list.
FIRST, SECOND = "pengumpulan-data-kinerja", "pengukuran-data-kinerja"
QUESTIONS = [key for key, _ in monev.EVALUATION_QUESTIONS]

MONITORING = {
    "periode_semester": "Semester I",
    "tahun": "2026",
    "tanggal_monitoring": "15 Juni 2026",
    "penilai_nama": "Hj. Siti Rahmah, S.Sos",
    "penilai_jabatan": "Sekretaris Camat",
    "sop_01_penilaian": "/0",  # what a PDF reader stores: the ticked button's state, index into /Opt
    "sop_01_catatan": "Formulir kinerja terkumpul tepat waktu",
    "sop_01_tindakan": "Pertahankan",
    "sop_01_paraf": "SR",
}
EVALUATION = {
    "tanggal_evaluasi": "2026-11-20",
    "evaluator_nama": "Drs. Bambang Wijaya",
    "evaluator_jabatan": "Camat Kebasen",
    **{f"sop_{n:02d}_{q}": "/0" for n in (1, 2) for q in QUESTIONS},
    "sop_02_mudah_dipahami": "/1",
    "sop_02_mudah_dipahami_catatan": "Istilah pengukuran belum dijelaskan",
}


def _district():
    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors
    return next(d for d in portal.districts if d.path == KEBASEN)


@pytest.fixture(scope="module")
def blanks() -> dict[str, bytes]:
    district = _district()
    options = PdfOptions(data_dir=str(SEED_DATA))
    return {kind: forms.render_form_pdf(kind, district, options) for kind in (forms.MONITORING, forms.EVALUATION)}


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "sop_data"
    shutil.copytree(SEED_DATA, root)
    return root


def run(*args: str) -> tuple[int, str]:
    result = run_cli("monev", "impor-formulir", *args)
    return result.exit_code, result.output


def snapshot(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def monev_file(data: Path) -> Path:
    descriptor = yaml.safe_load((data / PACKAGE / "datapackage.yaml").read_text("utf-8"))
    entry = next((r for r in descriptor["resources"] if r["name"] == "monev"), None)
    return data / PACKAGE / (entry["path"] if entry else "monev.csv")


def rows(data: Path) -> list[dict[str, str]]:
    file = monev_file(data)
    return list(csv.DictReader(file.open(encoding="utf-8"))) if file.exists() else []


def new_rows(data: Path, before: list[dict[str, str]]) -> list[dict[str, str]]:
    return [r for r in rows(data) if r not in before]


def refused(data: Path, *args: str) -> str:
    before = snapshot(data)
    code, out = run(*args, "--data", str(data))
    assert code == 1, out
    assert "Traceback" not in out
    assert "Tidak ada berkas yang diubah." in out
    assert snapshot(data) == before
    return out


# --- the forms say what they are ------------------------------------------------


def test_forms_name_their_kind_version_kecamatan_and_the_sop_of_each_row(blanks):
    for kind, blank in blanks.items():
        keywords = pypdf.PdfReader(io.BytesIO(blank)).metadata["/Keywords"]
        assert f"portal-sop-formulir:{kind}:v1:{KEBASEN}:{FIRST}+{SECOND}" in keywords.split(", ")


# --- what gets written ------------------------------------------------------------


def test_monitoring_form_becomes_rows_and_the_data_still_validates(blanks, data, tmp_path):
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", MONITORING)
    before = rows(data)
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    assert new_rows(data, before) == [{
        "jenis": "monitoring", "sop": FIRST, "tanggal": "2026-06-15", "tahun": "2026", "semester": "1",
        "penilai": "Hj. Siti Rahmah, S.Sos", "jabatan_penilai": "Sekretaris Camat", "pertanyaan": "penerapan",
        "jawaban": "baik", "catatan": "Formulir kinerja terkumpul tepat waktu", "tindak_lanjut": "Pertahankan",
    }]
    assert [r for r in rows(data) if r in before] == before  # nothing else touched
    assert f"tambah: monitoring SOP {FIRST} tanggal 15 Juni 2026 (Semester I 2026, penilai Hj. Siti Rahmah, S.Sos): Berjalan dengan baik" in out
    assert f"lewati: SOP {SECOND} tidak dinilai di monitoring.pdf (barisnya kosong)" in out
    portal, report = load_and_validate(data)
    assert not report.has_errors, report.summary()
    (record,) = [r for r in monev.history(portal.kinerja[KEBASEN].monev, FIRST) if r.date.isoformat() == "2026-06-15"]
    assert (record.kind, record.semester, record.assessor, record.summary) == ("monitoring", 1, "Hj. Siti Rahmah, S.Sos", "Berjalan dengan baik")


def test_evaluation_form_becomes_six_rows_per_sop(blanks, data, tmp_path):
    form = fill_form(blanks[forms.EVALUATION], tmp_path / "evaluasi.pdf", EVALUATION)
    before = rows(data)
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    added = new_rows(data, before)
    assert [(r["sop"], r["pertanyaan"], r["jawaban"]) for r in added] == sorted(
        [(s, q, "tidak" if (s, q) == (SECOND, "mudah_dipahami") else "ya") for s in (FIRST, SECOND) for q in QUESTIONS],
        key=lambda t: (t[0], QUESTIONS.index(t[1])),
    )
    assert {(r["tanggal"], r["tahun"], r["semester"], r["penilai"], r["jabatan_penilai"], r["tindak_lanjut"]) for r in added} == {
        ("2026-11-20", "2026", "", "Drs. Bambang Wijaya", "Camat Kebasen", ""),
    }
    note = next(r for r in added if r["sop"] == SECOND and r["pertanyaan"] == "mudah_dipahami")["catatan"]
    assert note == "Istilah pengukuran belum dijelaskan"
    assert f"tambah: evaluasi SOP {SECOND} tanggal 20 November 2026 (Tahun 2026, penilai Drs. Bambang Wijaya): 5 dari 6 aspek: Ya" in out
    assert not load_and_validate(data)[1].has_errors


def test_rows_are_written_in_file_order(blanks, data, tmp_path):
    monitoring = fill_form(blanks[forms.MONITORING], tmp_path / "m.pdf", {**MONITORING, "sop_02_penilaian": "/1"})
    evaluation = fill_form(blanks[forms.EVALUATION], tmp_path / "e.pdf", EVALUATION)
    assert run(str(evaluation), str(monitoring), "--data", str(data))[0] == 0
    keys = [(r["sop"], r["tanggal"], monev.KINDS.index(r["jenis"]), monev.QUESTION_ORDER[r["pertanyaan"]]) for r in rows(data)]
    assert keys == sorted(keys)


def test_dry_run_prints_the_changes_and_writes_nothing(blanks, data, tmp_path):
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", MONITORING)
    before = snapshot(data)
    code, out = run(str(form), "--data", str(data), "--dry-run")
    assert code == 0, out
    assert f"tambah: monitoring SOP {FIRST}" in out
    assert "Uji coba (--dry-run): 1 penilaian akan ditulis" in out
    assert snapshot(data) == before


def test_the_same_form_twice_changes_nothing_the_second_time(blanks, data, tmp_path):
    form = fill_form(blanks[forms.EVALUATION], tmp_path / "evaluasi.pdf", EVALUATION)
    assert run(str(form), "--data", str(data))[0] == 0
    once = snapshot(data)
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    assert f"sama: evaluasi SOP {FIRST} tanggal 20 November 2026" in out and "sudah tercatat" in out
    assert snapshot(data) == once


def test_a_different_existing_record_is_refused_without_timpa(blanks, data, tmp_path):
    first = fill_form(blanks[forms.MONITORING], tmp_path / "pertama.pdf", MONITORING)
    assert run(str(first), "--data", str(data))[0] == 0
    changed = fill_form(blanks[forms.MONITORING], tmp_path / "kedua.pdf",
                   {**MONITORING, "sop_01_penilaian": "/1", "sop_01_catatan": "Dua desa terlambat"})
    out = refused(data, str(changed))
    assert (f"kedua.pdf, baris 1 (SOP Pengumpulan Data Kinerja): monitoring SOP {FIRST} tanggal 15 Juni 2026 sudah "
            'tercatat dengan isi lain: pertanyaan penerapan: jawaban "baik" → "tidak_baik"; pertanyaan penerapan: '
            'catatan "Formulir kinerja terkumpul tepat waktu" → "Dua desa terlambat"') in out
    assert "--timpa" in out

    code, out = run(str(changed), "--data", str(data), "--timpa")
    assert code == 0, out
    assert 'ubah: monitoring SOP pengumpulan-data-kinerja tanggal 15 Juni 2026' in out and '"baik" → "tidak_baik"' in out
    mine = [r for r in rows(data) if r["sop"] == FIRST and r["tanggal"] == "2026-06-15"]
    assert [(r["jawaban"], r["catatan"]) for r in mine] == [("tidak_baik", "Dua desa terlambat")]
    assert not load_and_validate(data)[1].has_errors


def test_one_record_in_two_forms_with_different_values_is_refused(blanks, data, tmp_path):
    one = fill_form(blanks[forms.MONITORING], tmp_path / "satu.pdf", MONITORING)
    two = fill_form(blanks[forms.MONITORING], tmp_path / "dua.pdf", {**MONITORING, "sop_01_penilaian": "/1"})
    out = refused(data, str(one), str(two))
    assert "dua.pdf, baris 1" in out and "juga ada di satu.pdf, baris 1" in out


def test_resource_is_added_to_a_package_without_monev(blanks, data, tmp_path):
    descriptor = data / PACKAGE / "datapackage.yaml"
    content = yaml.safe_load(descriptor.read_text("utf-8"))
    content["resources"] = [r for r in content["resources"] if r["name"] != "monev"]
    (data / PACKAGE / "monev.csv").unlink(missing_ok=True)
    descriptor.write_text("# paket tanpa monev\n" + yaml.safe_dump(content, allow_unicode=True, sort_keys=False), "utf-8")
    old = descriptor.read_text("utf-8")
    assert not load_and_validate(data)[1].has_errors

    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", MONITORING)
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    assert "sumber daya monev (monev.csv) ditambahkan ke datapackage.yaml" in out
    new = descriptor.read_text("utf-8")
    assert new.startswith(old)  # comments and the other resources stay as written
    assert yaml.safe_load(new)["resources"] == content["resources"] + [monev.MONEV_RESOURCE]
    assert (data / PACKAGE / "monev.csv").read_text("utf-8").splitlines()[0] == ",".join(monev.MONEV_FIELDS)
    assert len(rows(data)) == 1
    assert not load_and_validate(data)[1].has_errors


# --- people's spelling and hostile text ---------------------------------------------


def test_hostile_and_unicode_text_is_stored_as_one_line_of_data(blanks, data, tmp_path):
    values = {
        **MONITORING,
        "penilai_nama": "Ni Luh Putu Ayu Déwi",
        "sop_01_catatan": "baris satu\r\nbaris dua,\tdengan \"kutip\"\n\n<script>alert(1)</script>",
        "sop_01_tindakan": "Rapat 3× sebulan — ✓ دعم",
    }
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", values)
    before = rows(data)
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    (row,) = new_rows(data, before)
    assert row["penilai"] == "Ni Luh Putu Ayu Déwi"
    assert row["catatan"] == 'baris satu; baris dua, dengan "kutip"; <script>alert(1)</script>'
    assert row["tindak_lanjut"] == "Rapat 3× sebulan — ✓ دعم"
    assert not load_and_validate(data)[1].has_errors


@pytest.mark.parametrize("field, value, phrase", [
    ("sop_01_catatan", '=HYPERLINK("http://x","klik")', 'diawali "="'),
    ("sop_01_tindakan", "@SUM(A1)", 'diawali "@"'),
    ("sop_01_catatan", "-tidak ada", 'diawali "-"'),
    ("penilai_jabatan", "+62 812", 'diawali "+"'),
    ("sop_01_catatan", "x" * 501, "panjangnya 501 karakter, lebih dari 500"),
    ("sop_01_catatan", "a\x00b", "karakter kendali"),
])
def test_unsafe_text_is_refused_naming_file_and_field(blanks, data, tmp_path, field, value, phrase):
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", {**MONITORING, field: value})
    out = refused(data, str(form))
    assert f'monitoring.pdf, isian "{field}"' in out and phrase in out


def test_a_long_note_within_the_limit_is_kept_whole(blanks, data, tmp_path):
    note = ("Catatan panjang tentang pelaksanaan. " * 20)[:500].strip()
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", {**MONITORING, "sop_01_catatan": note})
    before = rows(data)
    assert run(str(form), "--data", str(data))[0] == 0
    assert new_rows(data, before)[0]["catatan"] == note


# --- unfilled, partly filled and invalid values -------------------------------------


@pytest.mark.parametrize("values, phrase", [
    ({"tanggal_monitoring": ""}, 'isian "tanggal_monitoring": belum diisi'),
    ({"tanggal_monitoring": "kemarin"}, 'isian "tanggal_monitoring": "kemarin" bukan tanggal'),
    ({"tanggal_monitoring": "31 Februari 2026"}, '"31 Februari 2026" bukan tanggal'),
    ({"tahun": ""}, 'isian "tahun": belum diisi'),
    ({"tahun": "1999"}, '"1999" bukan tahun'),
    ({"periode_semester": ""}, 'isian "periode_semester": pilih Semester I atau Semester II'),
    ({"penilai_nama": ""}, 'isian "penilai_nama": belum diisi'),
    ({"sop_01_penilaian": "/Off", "sop_01_catatan": "", "sop_01_tindakan": "", "sop_01_paraf": ""}, "belum ada SOP yang dinilai"),
    ({"sop_01_penilaian": "/7"}, 'isian "sop_01_penilaian": SOP Pengumpulan Data Kinerja: pilihan "7" tidak dikenal'),
    ({"sop_02_catatan": "Belum berjalan"},
     'isian "sop_02_penilaian": SOP Pengukuran Data Kinerja: belum dipilih, padahal baris SOP ini sudah diisi sebagian'),
    ({"sop_02_paraf": "SR"}, 'isian "sop_02_penilaian"'),
])
def test_monitoring_problems_are_refused_naming_file_and_field(blanks, data, tmp_path, values, phrase):
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", {**MONITORING, **values})
    out = refused(data, str(form))
    assert "monitoring.pdf" in out and phrase in out, out


def test_evaluation_half_answered_names_every_missing_question(blanks, data, tmp_path):
    values = {**EVALUATION, **{f"sop_02_{q}": "/Off" for q in QUESTIONS[3:]}}
    form = fill_form(blanks[forms.EVALUATION], tmp_path / "evaluasi.pdf", values)
    out = refused(data, str(form))
    for q in QUESTIONS[3:]:
        assert f'evaluasi.pdf, isian "sop_02_{q}": SOP Pengukuran Data Kinerja: belum dipilih' in out
    assert 'isian "sop_02_mendorong_kinerja"' not in out


def test_evaluation_without_date_or_evaluator_is_refused(blanks, data, tmp_path):
    form = fill_form(blanks[forms.EVALUATION], tmp_path / "evaluasi.pdf", {**EVALUATION, "tanggal_evaluasi": "", "evaluator_nama": " "})
    out = refused(data, str(form))
    assert 'isian "tanggal_evaluasi": belum diisi' in out and 'isian "evaluator_nama": belum diisi' in out


def test_one_bad_form_means_nothing_is_written(blanks, data, tmp_path):
    good = fill_form(blanks[forms.EVALUATION], tmp_path / "baik.pdf", EVALUATION)
    bad = fill_form(blanks[forms.MONITORING], tmp_path / "buruk.pdf", {**MONITORING, "tahun": "x"})
    out = refused(data, str(good), str(bad))
    assert "buruk.pdf" in out and "baik.pdf" not in out


# --- forms that are not ours, or not for this data ------------------------------------


def test_forms_that_cannot_be_read_are_refused(blanks, data, tmp_path):
    blank = blanks[forms.MONITORING]
    identity = f"portal-sop-formulir:monitoring:v1:{KEBASEN}:{FIRST}+{SECOND}"
    encrypted = tmp_path / "sandi.pdf"
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(fill_form(blank, tmp_path / "isi.pdf", MONITORING).read_bytes()))
    writer.encrypt("rahasia")
    writer.write(encrypted)
    broken = tmp_path / "rusak.pdf"
    broken.write_bytes(blank[: len(blank) // 3])
    text = tmp_path / "catatan.pdf"
    text.write_text("bukan pdf", "utf-8")
    old = fill_form(blank, tmp_path / "lama.pdf", MONITORING, keywords="SOP, SOP AP, Kecamatan Kebasen")
    kinerja = fill_form(blank, tmp_path / "kinerja.pdf", MONITORING, keywords=f"portal-sop-formulir:data-kinerja:v1:{KEBASEN}")
    expected = {
        fill_form(blank, tmp_path / "versi.pdf", MONITORING, keywords=identity.replace(":v1:", ":v9:")): "versi formulir v9 tidak dikenal",
        fill_form(blank, tmp_path / "lain.pdf", MONITORING, keywords=identity.replace(KEBASEN, "banjar/tidak-ada")):
            "formulir untuk kecamatan banjar/tidak-ada, yang tidak ada di folder data",
        fill_form(blank, tmp_path / "asing.pdf", MONITORING, keywords="formulir lain", title="Surat undangan"): "bukan Formulir Monitoring atau Formulir Evaluasi",
        kinerja: "portal-sop kinerja impor-formulir",
        old: "unduh formulir terbaru",
        encrypted: "dilindungi kata sandi",
        broken: "rusak atau tidak dapat dibaca",
        text: "bukan berkas PDF",
        tmp_path / "tidak-ada.pdf": "bukan berkas biasa",
    }
    for form, phrase in expected.items():
        out = refused(data, str(form))
        assert phrase in out and form.name in out, (form, out)


def test_form_of_another_kecamatan_is_checked_against_that_kecamatan(blanks, data, tmp_path):
    # A Kebasen form whose identity says Simpang Empat: its rows name SOPs that
    # Simpang Empat has (pengumpulan-data-kinerja) or has not.
    keywords = f"portal-sop-formulir:monitoring:v1:banjar/simpang-empat:{FIRST}+{SECOND}"
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", {**MONITORING, "sop_02_penilaian": "/0"}, keywords)
    out = refused(data, str(form))
    assert f"baris 2 formulir menilai SOP {SECOND}, yang sudah tidak ada di kecamatan banjar/simpang-empat" in out
    assert "unduh formulir terbaru" in out


def test_rows_are_read_by_the_sop_the_form_was_printed_for(blanks, data, tmp_path):
    # Printed when the SOP list was in the other order: row 1 is the Pengukuran SOP.
    keywords = f"portal-sop-formulir:monitoring:v1:{KEBASEN}:{SECOND}+{FIRST}"
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", MONITORING, keywords)
    before = rows(data)
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    assert [r["sop"] for r in new_rows(data, before)] == [SECOND]


def test_a_removed_sop_is_fine_when_its_row_is_empty(blanks, data, tmp_path):
    keywords = f"portal-sop-formulir:monitoring:v1:{KEBASEN}:{FIRST}+sop-yang-dihapus"
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", MONITORING, keywords)
    code, out = run(str(form), "--data", str(data), "--dry-run")
    assert code == 0, out
    assert "lewati: SOP sop-yang-dihapus" in out

    filled = fill_form(blanks[forms.MONITORING], tmp_path / "terisi.pdf", {**MONITORING, "sop_02_penilaian": "/0"}, keywords)
    out = refused(data, str(filled))
    assert "baris 2 formulir menilai SOP sop-yang-dihapus, yang sudah tidak ada" in out


def test_a_form_with_rows_the_identity_does_not_name_is_refused(blanks, data, tmp_path):
    keywords = f"portal-sop-formulir:monitoring:v1:{KEBASEN}:{FIRST}"
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", MONITORING, keywords)
    out = refused(data, str(form))
    assert 'isian "sop_02_catatan" tidak cocok dengan daftar SOP di penanda formulir' in out


# --- small readers ------------------------------------------------------------------


@pytest.mark.parametrize("text, expected", [
    ("2026-06-15", "2026-06-15"), ("15/06/2026", "2026-06-15"), ("15 Juni 2026", "2026-06-15"),
    ("Senin, 15 Juni 2026", "2026-06-15"), ("15 Jun 2026", "2026-06-15"), ("2 Agt. 2026", "2026-08-02"),
    ("Jum'at, 2 Januari 2026", "2026-01-02"),
])
def test_dates_in_indonesian_or_iso(text, expected):
    assert parse_date(text).isoformat() == expected


@pytest.mark.parametrize("text", ["15 Juno 2026", "Senin 15", "2026", "15 Juni, Senin 2026"])
def test_not_dates(text):
    assert parse_date(text) is None


@pytest.mark.parametrize("text, semester", [
    ("Semester I", 1), ("semester  ii", 2), ("II", 2), ("1", 1), ("2", 2), ("Semester III", None), ("", None),
])
def test_semester_spellings(text, semester):
    assert parse_semester(text) == semester


def test_clean_text_joins_lines():
    assert clean_text("  satu \n\n dua\r\ntiga  ") == "satu; dua; tiga"


def test_warnings_of_the_build_on_the_new_rows_are_shown(blanks, data, tmp_path):
    # Semester II starts in July: a monitoring of it dated in June is written, with the build's warning.
    form = fill_form(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", {**MONITORING, "periode_semester": "Semester II"})
    code, out = run(str(form), "--data", str(data))
    assert code == 0, out
    assert "monev.csv" in out and "[monev-tanggal-sebelum-periode]" in out
    assert any(r["tanggal"] == "2026-06-15" and r["semester"] == "2" for r in rows(data))


def test_forms_filled_in_a_pdf_reader_are_imported(blanks, data, tmp_path):
    """Clicked and typed in PDFium (the engine of Chromium's PDF viewer), not written by pypdf."""
    monitoring = fill_like_a_person(blanks[forms.MONITORING], tmp_path / "monitoring.pdf", {
        "periode_semester": "Semester II", "tahun": "2026", "tanggal_monitoring": "Kamis, 3 Desember 2026",
        "penilai_nama": "Hj. Siti Rahmah, S.Sos", "penilai_jabatan": "Sekretaris Camat",
        "sop_01_penilaian": "baik", "sop_01_catatan": "Bahan data triwulan III lengkap\ndari semua seksi",
        "sop_02_penilaian": "tidak_baik", "sop_02_tindakan": "Rapat evaluasi — jadwal ✓",
    })
    evaluation = fill_like_a_person(blanks[forms.EVALUATION], tmp_path / "evaluasi.pdf", {
        "tanggal_evaluasi": "2 Desember 2026", "evaluator_nama": "Drs. Bambang Wijaya",
        **{f"sop_02_{q}": "ya" for q in QUESTIONS}, "sop_02_peran_jelas": "tidak",
        "sop_02_peran_jelas_catatan": "Peran Kasi belum tertulis",
    })
    before = rows(data)
    code, out = run(str(monitoring), str(evaluation), "--data", str(data))
    assert code == 0, out
    added = {(r["jenis"], r["sop"], r["pertanyaan"]): r for r in new_rows(data, before)}
    assert len(added) == 2 + 6
    first = added[("monitoring", FIRST, "penerapan")]
    assert (first["tanggal"], first["semester"], first["jawaban"], first["catatan"]) == (
        "2026-12-03", "2", "baik", "Bahan data triwulan III lengkap; dari semua seksi")
    second = added[("monitoring", SECOND, "penerapan")]
    assert (second["jawaban"], second["tindak_lanjut"]) == ("tidak_baik", "Rapat evaluasi — jadwal ✓")
    role = added[("evaluasi", SECOND, "peran_jelas")]
    assert (role["tanggal"], role["tahun"], role["jawaban"], role["catatan"]) == ("2026-12-02", "2026", "tidak", "Peran Kasi belum tertulis")
    assert f"lewati: SOP {FIRST} tidak dinilai di evaluasi.pdf (barisnya kosong)" in out
    assert not load_and_validate(data)[1].has_errors
