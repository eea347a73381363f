"""`portal-sop import` on the five seed documents."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SEED_DATA
from portal_sop.authoring.importer import (
    ACTOR_PLACEHOLDER,
    import_files,
    parse_date,
    parse_file,
    split_items,
    title_case,
)
from portal_sop.findings import Report
from portal_sop.sop.loader import load_portal
from portal_sop.validation import load_and_validate

SEEDS = Path("/work/shared/seeds")
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")


def seed(prefix: str) -> Path:
    return next(SEEDS.glob(f"{prefix}_*.txt"))


def comparable(sop) -> list[tuple]:
    names = {a.code: a.name for a in sop.actors}
    return [(s.number, s.activity, tuple(names[c] for c in s.actors), s.time_text, s.output) for s in sop.steps]


@needs_seeds
def test_samboja_checkbox_actors_equal_curated_data(tmp_path):
    report = Report()
    sops, written = import_files([seed("001")], tmp_path, report)
    assert len(sops) == 1
    assert "pelaksana-hilang" not in report.codes()
    imported, load_report = load_portal(tmp_path)
    curated, _ = load_portal(SEED_DATA)
    mine = imported.districts[0].sops[0]
    reference = next(d for d in curated.districts if d.slug == "samboja").sops[0]
    assert comparable(mine) == comparable(reference)
    assert [a.name for a in mine.actors] == [a.name for a in reference.actors]
    assert (mine.name, mine.created, mine.effective) == (reference.name, reference.created, reference.effective)
    assert mine.approved_by.nip_text == reference.approved_by.nip_text
    assert not load_report.has_errors


@needs_seeds
def test_samboja_import_validates_without_errors(tmp_path):
    import_files([seed("001")], tmp_path, Report())
    _, report = load_and_validate(tmp_path)
    assert not report.has_errors, [f.format() for f in report.errors]


@needs_seeds
@pytest.mark.parametrize("prefix, names, steps", [
    ("000", ["Pengumpulan Data Kinerja"], [5]),
    ("002", ["Pengukuran Data Kinerja", "Pengumpulan Data Kinerja"], [9, 8]),
    ("003", ["Pelaksanaan Pengukuran Kinerja/Penilaian SKP", "Pengumpulan Data Kinerja"], [7, 8]),
    ("004", ["Pengumpulan dan Pengukuran Data Kinerja"], [14]),
])
def test_lost_actors_are_reported_and_marked(tmp_path, prefix, names, steps):
    report = Report()
    sops, _ = import_files([seed(prefix)], tmp_path, report)
    assert [s.name for s in sops] == names
    assert [len(s.steps) for s in sops] == steps
    lost = [f for f in report.findings if f.code == "pelaksana-hilang"]
    assert len(lost) == sum(1 for s in sops for step in s.steps if not step.actors) > 0
    assert all(f.row and f.column == "pelaksana" and f.file.endswith(".txt") for f in lost)
    csv_text = "".join(p.read_text("utf-8") for p in tmp_path.rglob("langkah.csv"))
    assert csv_text.count(ACTOR_PLACEHOLDER) == len(lost)
    _, validation = load_and_validate(tmp_path)
    assert "isian-belum-diisi" in validation.codes()


@needs_seeds
def test_multi_sop_files_become_separate_folders(tmp_path):
    import_files([seed("002"), seed("003")], tmp_path, Report())
    folders = sorted(p.parent.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("sop.yaml"))
    assert folders == [
        "balangan/paringin-selatan/pelaksanaan-pengukuran-kinerja-penilaian-skp",
        "balangan/paringin-selatan/pengumpulan-data-kinerja",
        "banyumas/kebasen/pengukuran-data-kinerja",
        "banyumas/kebasen/pengumpulan-data-kinerja",
    ]


@needs_seeds
def test_paringin_selatan_marks_and_repairs(tmp_path):
    report = Report()
    first, second = parse_file(seed("003"), report)
    assert first.actor_names(first.steps[0]) == ["Staf/Jf"]  # "Mulai" in the actor's column
    assert second.actor_names(second.steps[0]) == ["Start/JF"]
    assert [s.number for s in first.steps][:3] == [1, 2, 4]
    assert first.values["nama"] == "Pelaksanaan Pengukuran Kinerja/Penilaian SKP"
    assert first.values["tanggal_efektif"] == "2023-01-02"
    codes = report.codes()
    for code in ("identitas-bergeser", "nomor-langkah-melompat", "kecamatan-ditulis-berbeda"):
        assert code in codes


@needs_seeds
def test_kebasen_identity_repairs_are_reported():
    report = Report()
    first, second = parse_file(seed("002"), report)
    warning = "Jika SOP tidak dilaksanakan, maka pelaksanaan kegiatan tidak berjalan baik dan akan berimbas pada penilaian kinerja serta diberi sanksi sesuai peraturan yang berlaku"
    assert first.values["peringatan"] == [warning] == second.values["peringatan"]
    assert len(second.values["dasar_hukum"]) == 4
    assert second.values["disahkan_oleh"] == {"jabatan": "Camat Kebasen", "nama": "WAHYU ADHI FIBRIANTO, S.STP., M.A.P",
                                              "pangkat": "Pembina Tk. I", "nip": "19780220 199612 1 001"}
    assert {"peringatan-dipindah", "label-identitas-hilang"} <= set(report.codes())


@needs_seeds
def test_iv_jurai_bare_minutes_and_merged_lists():
    report = Report()
    (sop,) = parse_file(seed("004"), report)
    assert sop.values["satuan_waktu"] == "menit"
    assert sop.steps[0].time_text == "15"
    assert [s.number for s in sop.steps] == list(range(1, 15))
    assert sop.regency == "PESISIR SELATAN" and sop.district == "IV JURAI"
    assert "butir-mungkin-tergabung" in report.codes()
    assert "waktu-tidak-terbaca" not in report.codes()


@needs_seeds
def test_existing_sop_is_not_overwritten_and_dry_run_writes_nothing(tmp_path):
    report = Report()
    import_files([seed("001")], tmp_path / "dry", report, dry_run=True)
    assert not (tmp_path / "dry").exists()
    import_files([seed("001")], tmp_path, Report())
    again = Report()
    import_files([seed("001")], tmp_path, again)
    assert "sop-sudah-ada" in again.codes()


@needs_seeds
def test_existing_regency_folder_is_reused(tmp_path):
    (tmp_path / "kutai-kartanegara").mkdir()
    import_files([seed("001")], tmp_path, Report())
    assert (tmp_path / "kutai-kartanegara" / "samboja" / "kecamatan.yaml").exists()


def test_times_are_kept_as_written_and_unreadable_ones_reported(tmp_path):
    source = tmp_path / "sop.txt"
    source.write_text(
        "PEMERINTAH KABUPATEN CONTOH\nKECAMATAN UJI COBA\n\nNama SOP\tPelayanan Contoh\n\n"
        "No\tKegiatan\tPelaksana\t\tMutu Baku\t\t\n"
        "\t\tCamat\tStaf\tKelengkapan\tWaktu\tOutput\n"
        "1\tMenerima berkas\t\t<input type=\"checkbox\"/>\tBerkas\t2 x 24 jam\tTanda terima\n"
        "2\tMenandatangani\t<input type=\"checkbox\"/>\t\tBerkas\t1 minggu\tSurat\n"
        "3\tMengarsipkan\t\tX\tSurat\tsegera\tArsip\n",
        "utf-8",
    )
    report = Report()
    (sop,) = parse_file(source, report)
    assert [s.time_text for s in sop.steps] == ["2 x 24 jam", "1 minggu", "segera"]
    assert [sop.actor_names(s) for s in sop.steps] == [["Staf"], ["Camat"], ["Staf"]]
    unreadable = [f for f in report.findings if f.code == "waktu-tidak-terbaca"]
    assert [(f.row, f.column) for f in unreadable] == [(10, "waktu")]
    for code in ("identitas-tidak-ada",):
        assert code in report.codes()


def test_file_without_step_table_is_an_error(tmp_path):
    source = tmp_path / "kosong.txt"
    source.write_text("KECAMATAN CONTOH\nhanya teks\n", "utf-8")
    report = Report()
    assert parse_file(source, report) == []
    assert report.codes() == ["tabel-langkah-tidak-ada"]


@pytest.mark.parametrize("text, expected", [
    ("Kamis,02 Januari 2025", "2025-01-02"), ("Desember 2021", "2021-12"), ("9 Januari 2024", "2024-01-09"),
    (": 02 JANUARI 2023", "2023-01-02"), ("-", ""), ("", ""), ("CAMAT PARINGIN SELATAN", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_split_items_and_title_case():
    assert split_items("1. Komputer 2. Printer 3. ATK") == ["Komputer", "Printer", "ATK"]
    assert split_items("1. UU Nomor 25 Tahun 2004 tentang X2. UU Nomor 23") == ["UU Nomor 25 Tahun 2004 tentang X", "UU Nomor 23"]
    assert split_items("SOP A SOP B", "keterkaitan") == ["SOP A", "SOP B"]
    assert title_case("CAMAT IV JURAI") == "Camat IV Jurai"
    assert title_case("SUB BAG PENYUSUNAN PROGRAM DAN KEUANGAN") == "Sub Bag Penyusunan Program dan Keuangan"
    assert title_case("Start/JF") == "Start/JF"
