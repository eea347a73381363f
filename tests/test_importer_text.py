"""Text importer: variants of a real office's export that used to lose data
silently. Each is either read correctly or refused at its source line."""
from __future__ import annotations

from click.testing import CliRunner
from portal_sop.adapters.cli import main
from portal_sop.authoring.importer import import_files, parse_file
from portal_sop.findings import Report

HEAD = (
    "PEMERINTAH KABUPATEN BANJAR\nKECAMATAN SIMPANG EMPAT\n\n"
    "Nomor SOP\t002\nTgl. Pembuatan\tKamis,02 Januari 2025\nTgl. Revisi\t-\nTgl. Pengesahan\tKamis,02 Januari 2025\n"
    "Disahkan Oleh\tCamat Simpang Empat\nNama SOP\tPengumpulan Data Kinerja\n\n"
    "Dasar Hukum\tKualifikasi Pelaksanaan\n1. UU Nomor 25 Tahun 2004\t1. Berpendidikan SLTA\n"
    "Keterkaitan\tPeralatan/Perlengkapan\n- SOP Monev\t1. Komputer\n"
    "Peringatan\tPencatatan dan Pendataan\nApabila kegiatan belum berjalan maka data tidak terkumpul\t1. Camat\n\n"
    "No\tUraian Prosedur\tPelaksana\t\t\tMutu Baku\t\t\tKet.\n"
    "\t\tCamat\tSekretaris\tStaf\tKelengkapan\tWaktu\tOutput\t\n"
)
STEPS = [
    "1.\tMenugaskan pejabat\t\u2611\t\t\tInstruksi\t5 menit\tDisposisi\t",
    "2.\tMenyusun data kinerja\t\t\u2611\t\tFormat laporan\t1 hari\tDraft data\t",
    "3.\tMengarsipkan dokumen\t\t\t\u2611\tData\t30 menit\tArsip\t",
]
TAIL = "\n\nCAMAT SIMPANG EMPAT\n\nDr. JURJI ZAIDAN, M.Si\n PEMBINA TINGKAT I\n NIP. 19690407 199010 1 001\n"


def source(tmp_path, steps=STEPS, head=HEAD, tail=TAIL, name="sop.txt", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes((head + "\n".join(steps) + tail).encode(encoding))
    return path


def line_of(path, text: str) -> int:
    return next(i for i, l in enumerate(path.read_text("utf-8").splitlines(), 1) if text in l)


def test_baseline_reads_three_steps(tmp_path):
    report = Report()
    (sop,) = parse_file(source(tmp_path), report)
    assert [(s.number, s.activity, sop.actor_names(s)) for s in sop.steps] == [
        (1, "Menugaskan pejabat", ["Camat"]), (2, "Menyusun data kinerja", ["Sekretaris"]), (3, "Mengarsipkan dokumen", ["Staf"])]
    assert not report.has_errors


def test_wrapped_step_text_is_joined_and_reported(tmp_path):
    steps = [STEPS[0], "2.\tMenyusun data kinerja Eselon IV dan", "menyerahkan kepada atasan\t\t\u2611\t\tFormat laporan\t1 hari\tDraft data\t", STEPS[2]]
    path = source(tmp_path, steps)
    report = Report()
    (sop,) = parse_file(path, report)
    assert [s.number for s in sop.steps] == [1, 2, 3]
    step = sop.steps[1]
    assert step.activity == "Menyusun data kinerja Eselon IV dan menyerahkan kepada atasan"
    assert (sop.actor_names(step), step.requirements, step.time_text, step.output) == (["Sekretaris"], "Format laporan", "1 hari", "Draft data")
    joined = [f for f in report.findings if f.code == "baris-disambung"]
    assert [f.row for f in joined] == [line_of(path, "menyerahkan kepada")]
    assert not report.has_errors


def test_wrapped_line_starting_in_a_later_column(tmp_path):
    steps = [STEPS[0], STEPS[1], "\tdan menyerahkan ke atasan\t\t\t\t\t\t\t", STEPS[2]]
    (sop,) = parse_file(source(tmp_path, steps), Report())
    assert sop.steps[1].activity == "Menyusun data kinerja dan menyerahkan ke atasan"
    assert len(sop.steps) == 3


def test_numbered_row_that_is_not_read_is_an_error_and_nothing_is_written(tmp_path):
    # A page letterhead inside the table ends it: step 3 below it is not read.
    steps = [STEPS[0], STEPS[1], "", "KECAMATAN SIMPANG EMPAT", "", "3.\tMengarsipkan dokumen"]
    path = source(tmp_path, steps)
    report = Report()
    sops, written = import_files([path], tmp_path / "data", report)
    errors = [f for f in report.errors if f.code == "langkah-tidak-terbaca"]
    assert [(f.row, f.column) for f in errors] == [(line_of(path, "3.\tMengarsipkan"), "no")]
    assert "langkah 3" in errors[0].message and "hanya 2" in errors[0].message
    assert written == [] and not (tmp_path / "data").exists()


def test_no_break_space_after_step_number(tmp_path):
    steps = [s.replace(".\t", ".\u00a0", 1) for s in STEPS]
    report = Report()
    (sop,) = parse_file(source(tmp_path, steps), report)
    assert [(s.number, s.activity, s.time_text) for s in sop.steps] == [
        (1, "Menugaskan pejabat", "5 menit"), (2, "Menyusun data kinerja", "1 hari"), (3, "Mengarsipkan dokumen", "30 menit")]
    assert [sop.actor_names(s) for s in sop.steps] == [["Camat"], ["Sekretaris"], ["Staf"]]


def test_table_without_readable_steps_is_an_error(tmp_path):
    steps = ["Satu\tMenugaskan\t\u2611\t\t\tInstruksi\t5 menit\tDisposisi"]
    report = Report()
    parse_file(source(tmp_path, steps), report)
    assert "langkah-kosong" in {f.code for f in report.errors}


def test_colon_in_its_own_column(tmp_path):
    head = HEAD
    for label in ("Nomor SOP", "Tgl. Pembuatan", "Tgl. Revisi", "Tgl. Pengesahan", "Disahkan Oleh", "Nama SOP"):
        head = head.replace(f"{label}\t", f"{label}\t:\t")
    report = Report()
    (sop,) = parse_file(source(tmp_path, head=head), report)
    values = sop.values
    assert (values["nomor"], values["nama"], values["tanggal_pembuatan"], values["tanggal_revisi"], values["tanggal_efektif"]) == (
        "002", "Pengumpulan Data Kinerja", "2025-01-02", "", "2025-01-02")
    assert values["disahkan_oleh"]["jabatan"] == "Camat Simpang Empat"
    assert not {"nama-sop-tidak-ada", "tanggal-tidak-terbaca"} & set(report.codes())


def test_text_between_angle_brackets_is_kept(tmp_path):
    steps = [STEPS[0], "2.\tMemeriksa capaian <75 % dan keterlambatan >10 hari\t\t\u2611\t\t<b>Format</b> laporan\t1 hari\tDraft &amp; catatan\t", STEPS[2]]
    (sop,) = parse_file(source(tmp_path, steps), Report())
    step = sop.steps[1]
    assert step.activity == "Memeriksa capaian <75 % dan keterlambatan >10 hari"
    assert (step.requirements, step.output) == ("Format laporan", "Draft & catatan")


def test_windows_1252_file_is_read_with_a_warning_at_its_line(tmp_path):
    steps = [STEPS[0], "2.\tMenyusun data \u201ckinerja\u201d caf\u00e9\t\t\u2611\t\tFormat laporan\t1 hari\tDraft data\t", STEPS[2]]
    steps = [s.replace("\u2611", "X") for s in steps]
    path = source(tmp_path, steps, encoding="cp1252")
    report = Report()
    (sop,) = parse_file(path, report)
    assert sop.steps[1].activity == "Menyusun data \u201ckinerja\u201d caf\u00e9"
    (warning,) = [f for f in report.findings if f.code == "dibaca-sebagai-ansi"]
    assert warning.row == path.read_bytes().split(b"\n").index(next(l for l in path.read_bytes().split(b"\n") if b"caf" in l)) + 1
    assert "\ufffd" not in "".join(s.activity for s in sop.steps)


def test_undecodable_bytes_are_refused_at_their_line(tmp_path):
    path = source(tmp_path)
    data = path.read_bytes().replace(b"Mengarsipkan", b"Meng\x81arsipkan\xc3")
    path.write_bytes(data)
    report = Report()
    assert parse_file(path, report) == []
    (error,) = report.errors
    assert error.code == "enkode-tidak-dikenal" and error.row == data[: data.index(b"\x81")].count(b"\n") + 1


def test_utf16_files_are_read(tmp_path):
    for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
        report = Report()
        (sop,) = parse_file(source(tmp_path, encoding=encoding, name=f"{encoding}.txt"), report)
        assert [s.activity for s in sop.steps] == ["Menugaskan pejabat", "Menyusun data kinerja", "Mengarsipkan dokumen"], encoding
        assert not report.has_errors


def test_binary_file_is_refused(tmp_path):
    path = tmp_path / "gambar.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01\x02" * 50)
    report = Report()
    assert parse_file(path, report) == []
    assert report.codes() == ["bukan-berkas-teks"]


def test_same_file_twice_is_refused_without_a_duplicate(tmp_path):
    path = source(tmp_path)
    result = CliRunner().invoke(main, ["import", str(path), str(path), "--data", str(tmp_path / "data")])
    assert result.exit_code == 1
    assert "sop-ganda" in result.output and "SOP yang sama diimpor dua kali" in result.output
    assert "Tidak ada berkas yang ditulis" in result.output
    assert not (tmp_path / "data").exists()
    copy = source(tmp_path, name="salinan.txt")
    result = CliRunner().invoke(main, ["import", str(path), str(copy), "--data", str(tmp_path / "data")])
    assert result.exit_code == 1 and not list(tmp_path.rglob("*-2"))


def test_two_different_sops_with_one_name_are_refused(tmp_path):
    other = source(tmp_path, steps=STEPS[:2], name="lain.txt")
    report = Report()
    import_files([source(tmp_path), other], tmp_path / "data", report)
    (error,) = report.errors
    assert error.code == "sop-ganda" and "dua SOP berbeda" in error.message
    assert not (tmp_path / "data").exists()


def test_repeated_header_on_a_new_page_continues_the_table(tmp_path):
    header = HEAD.splitlines()[-2:]
    steps = [STEPS[0], STEPS[1], "", *header, STEPS[2]]
    report = Report()
    sops = parse_file(source(tmp_path, steps), report)
    assert len(sops) == 1 and [s.number for s in sops[0].steps] == [1, 2, 3]
    assert not report.has_errors


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "besar.txt"
    with path.open("wb") as out:
        out.seek(20 * 1024 * 1024)
        out.write(b"\n")
    result = CliRunner().invoke(main, ["import", str(path), "--data", str(tmp_path / "data")])
    assert result.exit_code == 1 and "dokumen-terlalu-besar" in result.output and "20.0 MB" in result.output
    assert not (tmp_path / "data").exists()
