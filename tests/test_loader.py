"""Loader rules: each fixture breaks exactly one thing."""
from conftest import HEADER, SOP, STEPS
from portal_sop.findings import Severity
from portal_sop.validation import load_and_validate


def findings(data):
    portal, report = load_and_validate(data.root)
    return portal, report


def only(report, code):
    hits = [f for f in report.findings if f.code == code]
    assert hits, f"expected {code}, got {report.codes()}"
    return hits[0]


def test_valid_fixture_has_no_findings(data):
    portal, report = findings(data)
    assert report.findings == []
    (sop,) = [s for _, s in portal.sops]
    assert [s.number for s in sop.steps] == [1, 2, 3]
    assert sop.total_duration.describe() == "1 hari 1 jam 5 menit"


def test_unknown_column(data):
    data.write_steps(["1,A,staf,x"], header="no,kegiatan,pelaksana,warna")
    f = only(findings(data)[1], "kolom-tidak-dikenal")
    assert (f.row, f.column, f.severity) == (1, "warna", Severity.ERROR)
    assert "warna" in f.message and "kolom yang sah" in f.message


def test_missing_required_column(data):
    data.write_steps(["1,A"], header="no,kegiatan")
    f = only(findings(data)[1], "kolom-hilang")
    assert f.column == "pelaksana"


def test_integer_type_error_reported_by_frictionless(data):
    data.write_steps(["satu,A,staf,proses,,,,,,5 menit,,"])
    f = only(findings(data)[1], "skema-type-error")
    assert (f.row, f.column) == (2, "no")
    assert "bilangan bulat" in f.message


def test_required_cell_empty(data):
    data.write_steps(["1,,staf,proses,,,,,,5 menit,,"])
    f = only(findings(data)[1], "skema-constraint-error")
    assert (f.row, f.column) == (2, "kegiatan")
    assert "wajib diisi" in f.message


def test_enum_violation(data):
    data.write_steps(["1,A,staf,mulai,,,,,,5 menit,,"])
    f = only(findings(data)[1], "skema-constraint-error")
    assert f.column == "jenis" and "proses" in f.message


def test_ragged_row(data):
    data.write_steps(["1,A,staf"])
    report = findings(data)[1]
    assert "skema-missing-cell" in report.codes()
    assert report.has_errors


def test_semicolon_separated_csv(data):
    data.steps_file.write_text(HEADER.replace(",", ";") + "\n1;A;staf;proses;;;;;;5 menit;;\n", "utf-8")
    f = only(findings(data)[1], "pemisah-bukan-koma")
    assert "titik koma" in f.message and f.row == 1


def test_bom_is_accepted(data):
    data.steps_file.write_bytes(b"\xef\xbb\xbf" + data.steps_file.read_bytes())
    assert findings(data)[1].findings == []


def test_cp1252_file(data):
    data.steps_file.write_bytes((HEADER + "\n1,Menerima berkas – caf\xe9,staf,proses,,,,,,5 menit,,\n").encode("cp1252"))
    f = only(findings(data)[1], "bukan-utf8")
    assert "UTF-8" in f.message


def test_empty_steps_file(data):
    data.steps_file.write_text("", "utf-8")
    only(findings(data)[1], "berkas-kosong")


def test_yaml_syntax_error_has_line(data):
    data.sop_file.write_text("nama: [tidak ditutup\nnomor: 1\n", "utf-8")
    f = only(findings(data)[1], "yaml-tidak-sah")
    assert f.row is not None and f.file.endswith("sop.yaml")


def test_unknown_yaml_key(data):
    data.sop_with(warna="merah")
    f = only(findings(data)[1], "kunci-tidak-dikenal")
    assert f.key == "warna" and f.location.endswith("sop.yaml:warna")


def test_required_yaml_key(data):
    data.sop_with(dasar_hukum=[])
    f = only(findings(data)[1], "wajib-diisi")
    assert f.key == "dasar_hukum"


def test_invalid_date(data):
    data.sop_with(tanggal_efektif="2025-02-30")
    f = only(findings(data)[1], "tanggal-tidak-sah")
    assert f.key == "tanggal_efektif"


def test_malformed_nip(data):
    data.sop_with(disahkan_oleh={**SOP["disahkan_oleh"], "nip": "19800101 200501 3 001"})
    f = only(findings(data)[1], "nip-tidak-sah")
    assert f.key == "disahkan_oleh.nip" and "jenis kelamin" in f.message


def test_folder_name_must_be_a_slug(data):
    data.sop_dir.rename(data.district_dir / "Pelayanan Contoh")
    only(findings(data)[1], "nama-folder-tidak-sah")


def test_duplicate_actor_code(data):
    data.sop_with(pelaksana=[{"kode": "staf", "nama": "Staf"}, {"kode": "staf", "nama": "Staf 2"}])
    only(findings(data)[1], "kode-pelaksana-ganda")


def test_steps_without_sop_yaml(data):
    other = data.district_dir / "yatim"
    other.mkdir()
    data.write_steps(STEPS, sop_dir=other)
    only(findings(data)[1], "sop-tanpa-identitas")


def test_missing_data_dir(tmp_path):
    portal, report = load_and_validate(tmp_path / "tidak-ada")
    assert report.codes() == ["folder-tidak-ada"]


def test_reserved_folder_name_cannot_overwrite_generated_pages(data):
    data.sop_dir.rename(data.district_dir / "index")
    f = only(findings(data)[1], "nama-folder-dicadangkan")
    assert "index" in f.message
