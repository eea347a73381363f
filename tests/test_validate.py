"""Cross-field rules, one broken fixture each, and the seed slips."""
from conftest import SEED_DATA, SOP
from portal_sop.findings import Severity
from portal_sop.validation import load_and_validate


def report_for(data):
    return load_and_validate(data.root)[1]


def finding(report, code):
    hits = [f for f in report.findings if f.code == code]
    assert hits, f"expected {code}, got {report.codes()}"
    return hits[0]


def test_unknown_actor(data):
    data.write_steps(["1,A,lurah,proses,,,,,,5 menit,,"])
    f = finding(report_for(data), "pelaksana-tidak-dikenal")
    assert (f.row, f.column, f.severity) == (2, "pelaksana", Severity.ERROR)
    assert "camat" in f.message  # lists the valid codes


def test_two_actors_in_one_step(data):
    data.write_steps(["1,A,staf;sekcam,proses,,,,,,5 menit,,"])
    portal, report = load_and_validate(data.root)
    assert not report.has_errors
    assert portal.sops[0][1].steps[0].actors == ("staf", "sekcam")


def test_duplicate_step_number(data):
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,", "1,B,staf,proses,,,,,,5 menit,,"])
    f = finding(report_for(data), "skema-primary-key")  # frictionless checks the primary key
    assert f.row == 3 and "unik" in f.message


def test_skipped_step_number_is_a_warning(data):
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,", "3,B,camat,proses,,,,,,5 menit,,"])
    report = report_for(data)
    f = finding(report, "nomor-langkah-melompat")
    assert f.severity is Severity.WARNING and not report.has_errors


def test_decision_target_missing(data):
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,", "2,B,sekcam,keputusan,,9,,,,5 menit,,"])
    f = finding(report_for(data), "tujuan-tidak-ada")
    assert (f.row, f.column) == (3, "jika_tidak_ke")


def test_decision_without_branch(data):
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,", "2,B,sekcam,keputusan,,,,,,5 menit,,"])
    finding(report_for(data), "keputusan-tanpa-cabang")


def test_branch_on_process(data):
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,", "2,B,sekcam,proses,,1,,,,5 menit,,"])
    finding(report_for(data), "cabang-pada-proses")


def test_unreachable_step(data):
    data.write_steps(["1,A,staf,proses,3,,,,,5 menit,,", "2,B,sekcam,proses,,,,,,5 menit,,", "3,C,camat,proses,,,,,,5 menit,,"])
    f = finding(report_for(data), "langkah-tak-tercapai")
    assert f.row == 3 and "langkah 2" in f.message


def test_loop_never_reaches_end(data):
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,", "2,B,sekcam,proses,1,,,,,5 menit,,", "3,C,camat,proses,,,,,,5 menit,,"])
    report = report_for(data)
    codes = report.codes()
    assert "langkah-tak-selesai" in codes
    assert "langkah-tak-tercapai" in codes  # step 3 is cut off too


def test_unparsable_time(data):
    data.write_steps(["1,A,staf,proses,,,,,,sebentar,,"])
    f = finding(report_for(data), "waktu-tidak-sah")
    assert (f.row, f.column) == (2, "waktu")


def test_bare_number_needs_time_unit(data):
    data.write_steps(["1,A,staf,proses,,,,,,15,,"])
    assert "waktu-tidak-sah" in report_for(data).codes()
    data.sop_with(satuan_waktu="menit")
    assert "waktu-tidak-sah" not in report_for(data).codes()


def test_related_sop_resolves_within_office(data):
    other = data.district_dir / "sop-lain"
    data.write_sop({**SOP, "nama": "Lain", "keterkaitan": []}, sop_dir=other)
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,", "2,B,camat,proses,,,,,,5 menit,,", "3,C,sekcam,proses,,,,,,5 menit,,"], sop_dir=other)
    portal, report = load_and_validate(data.root)
    sop = portal.districts[0].sop("pelayanan-contoh")
    assert sop.related[0].slug == "sop-lain"


def test_signatory_nip_differs_from_camat(data):
    data.sop_with(disahkan_oleh={**SOP["disahkan_oleh"], "nip": "19810101 200501 1 001"})
    f = finding(report_for(data), "nip-camat-berbeda")
    assert f.severity is Severity.WARNING


def test_unused_lane_is_a_warning(data):
    data.write_steps(["1,A,staf,proses,,,,,,5 menit,,"])
    assert finding(report_for(data), "pelaksana-tidak-dipakai").severity is Severity.WARNING


def test_seed_data_has_no_errors_and_exactly_the_known_slips():
    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors, [f.format() for f in report.errors]
    assert len(portal.sops) == 7
    got = sorted((f.file.split("/", 2)[2], f.code) for f in report.findings)
    assert got == sorted([
        ("paringin-selatan/pengukuran-kinerja-penilaian-skp/langkah.csv", "nomor-langkah-melompat"),
        ("paringin-selatan/pengukuran-kinerja-penilaian-skp/sop.yaml", "nomor-sop-kosong"),
        ("paringin-selatan/pengumpulan-data-kinerja/sop.yaml", "nama-kecamatan-berbeda"),
        ("paringin-selatan/pengumpulan-data-kinerja/sop.yaml", "nama-camat-berbeda"),
        ("paringin-selatan/pengumpulan-data-kinerja/sop.yaml", "nip-camat-berbeda"),
        ("paringin-selatan/pengumpulan-data-kinerja/sop.yaml", "nomor-sop-seperti-tanggal"),
        ("samboja/pengumpulan-data-kinerja/sop.yaml", "nomor-sop-kosong"),
        ("iv-jurai/pengumpulan-dan-pengukuran-data-kinerja/langkah.csv", "kegiatan-menyebut-instansi-lain"),
        ("iv-jurai/pengumpulan-dan-pengukuran-data-kinerja/sop.yaml", "keterkaitan-tanpa-nama"),
    ])


REKONSTRUKSI_HEADER = "no,kegiatan,pelaksana,jenis,lanjut_ke,jika_tidak_ke,label_ya,label_tidak,kelengkapan,waktu,output,keterangan,rekonstruksi"


def test_rekonstruksi_column_is_read_and_checked(data):
    data.write_steps([
        "1,Menerima,staf,proses,,,,,,5 menit,,,pelaksana",
        "2,Memeriksa,sekcam,keputusan,,1,,,,1 jam,,,pelaksana;keputusan",
        "3,Menandatangani,camat,proses,,,,,,1 hari,,,",
    ], header=REKONSTRUKSI_HEADER)
    portal, report = load_and_validate(data.root)
    assert not report.has_errors, report.codes()
    assert [s.reconstructed for s in portal.sops[0][1].steps] == [("pelaksana",), ("pelaksana", "keputusan"), ()]


def test_rekonstruksi_keputusan_on_a_process_step_is_an_error(data):
    data.write_steps(["1,Menerima,staf,proses,,,,,,5 menit,,,keputusan"], header=REKONSTRUKSI_HEADER)
    f = finding(report_for(data), "rekonstruksi-bukan-keputusan")
    assert (f.row, f.column, f.severity) == (2, "rekonstruksi", Severity.ERROR)


def test_rekonstruksi_value_outside_the_list_is_an_error(data):
    data.write_steps(["1,Menerima,staf,proses,,,,,,5 menit,,,tebakan"], header=REKONSTRUKSI_HEADER)
    report = report_for(data)
    assert report.has_errors and any(f.column == "rekonstruksi" for f in report.errors), report.codes()
