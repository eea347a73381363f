"""Data kinerja: loading and checks (one fixture per rule), capaian maths,
generated pages and downloads."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest
import yaml
from frictionless import Package
from portal_sop.kinerja.loader import load_kinerja
from portal_sop.kinerja.model import Polarity, Status, capaian, measure, status
from portal_sop.kinerja.pages import (
    COMPARISON_PAGE,
    build_kinerja,
    deterministic_zip,
    number,
    percent,
)
from portal_sop.model import District, Official, Portal, Regency
from portal_sop.validation import load_and_validate

REPO = Path(__file__).resolve().parents[1]
SEED_DATA = REPO / "sop_data"
SCHEMAS = REPO / "plugins" / "portal_sop" / "schemas"

IND_HEADER = "kode,sasaran,nama_indikator,satuan,polaritas,target_akhir_periode,seksi_penanggung_jawab,sumber_data"
INDICATORS = [
    "IKM,Meningkatnya kualitas pelayanan,Indeks Kepuasan Masyarakat,indeks,naik,80,Seksi Pelayanan Umum,Survei",
    "WAKTU,Meningkatnya kualitas pelayanan,Rata-rata waktu layanan,hari,turun,4,Seksi Pelayanan Umum,Register",
    "DOK,Meningkatnya akuntabilitas,Jumlah dokumen perencanaan,dokumen,naik,3,Subbagian Perencanaan,Arsip",
]
TGT_HEADER = "kode_indikator,tahun,target,keterangan"
TARGETS = [
    "IKM,2024,80,PK 2024",
    "WAKTU,2024,4,",
    "DOK,2024,3,",
]
RES_HEADER = "kode_indikator,tahun,triwulan,realisasi,tanggal_lapor,catatan"
RESULTS = [
    "IKM,2024,1,78.5,2024-04-10,Responden 100 orang",
    "IKM,2024,2,81,2024-07-10,",
    "WAKTU,2024,1,5,2024-04-10,",
    "WAKTU,2024,2,3,2024-07-10,",
    "DOK,2024,4,3,2025-01-10,",
]


def descriptor(**changes) -> dict:
    base = {
        "name": "data-kinerja-uji",
        "title": "Data Kinerja Kecamatan Uji Coba (data contoh)",
        "description": "Data contoh untuk pengujian.",
        "resmi": False,
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Atribusi 4.0", "path": "https://creativecommons.org/licenses/by/4.0/"}],
        "resources": [
            {"name": "indikator", "type": "table", "path": "indikator.csv", "format": "csv", "encoding": "utf-8",
             "schema": json.loads((SCHEMAS / "kinerja-indikator.schema.json").read_text("utf-8"))},
            {"name": "target", "type": "table", "path": "target.csv", "format": "csv", "encoding": "utf-8",
             "schema": json.loads((SCHEMAS / "kinerja-target.schema.json").read_text("utf-8"))},
            {"name": "realisasi", "type": "table", "path": "realisasi.csv", "format": "csv", "encoding": "utf-8",
             "schema": json.loads((SCHEMAS / "kinerja-realisasi.schema.json").read_text("utf-8"))},
        ],
    }
    base.update(changes)
    return base


class KinerjaDir:
    def __init__(self, root: Path):
        self.root = root
        self.district = District("uji-coba", "contoh", "Uji Coba", "Contoh", "", Official("Camat"))
        self.folder = root / "contoh" / "uji-coba" / "data-kinerja"
        self.folder.mkdir(parents=True)
        self.write(indicators=INDICATORS, targets=TARGETS, results=RESULTS, package=descriptor())

    def write(self, *, indicators=None, targets=None, results=None, package=None) -> None:
        if indicators is not None:
            (self.folder / "indikator.csv").write_text("\n".join([IND_HEADER, *indicators]) + "\n", "utf-8")
        if targets is not None:
            (self.folder / "target.csv").write_text("\n".join([TGT_HEADER, *targets]) + "\n", "utf-8")
        if results is not None:
            (self.folder / "realisasi.csv").write_text("\n".join([RES_HEADER, *results]) + "\n", "utf-8")
        if package is not None:
            (self.folder / "datapackage.yaml").write_text(yaml.safe_dump(package, allow_unicode=True, sort_keys=False), "utf-8")

    def load(self):
        return load_kinerja(self.root, [self.district])

    def codes(self) -> list[str]:
        return self.load()[1].codes()

    @property
    def portal(self) -> Portal:
        return Portal((Regency("contoh", "Contoh", (self.district,)),))


@pytest.fixture
def kin(tmp_path: Path) -> KinerjaDir:
    return KinerjaDir(tmp_path / "sop_data")


# Loading and checks


def test_good_package_loads_without_findings(kin):
    packages, report = kin.load()
    assert report.findings == []
    package = packages["contoh/uji-coba"]
    assert [i.code for i in package.indicators] == ["IKM", "WAKTU", "DOK"]
    assert len(package.results) == 5
    assert package.is_sample and package.years == (2024,)
    assert package.indicator("WAKTU").polarity is Polarity.LOWER_IS_BETTER
    assert package.data_date.isoformat() == "2025-01-10"


def test_kecamatan_without_folder_is_fine(tmp_path):
    district = District("lain", "contoh", "Lain", "Contoh", "", Official("Camat"))
    packages, report = load_kinerja(tmp_path, [district])
    assert packages == {} and report.findings == []


def test_duplicate_result(kin):
    kin.write(results=RESULTS + ["IKM,2024,1,79,2024-04-11,"])
    _, report = kin.load()
    assert report.codes() == ["kinerja-realisasi-ganda"]  # the primary-key error is not repeated
    finding = report.findings[0]
    assert finding.row == 7 and finding.column == "triwulan"
    assert finding.file.endswith("data-kinerja/realisasi.csv")
    assert "baris 2" in finding.message


def test_quarter_out_of_range(kin):
    kin.write(results=RESULTS + ["IKM,2024,5,79,2024-04-11,"])
    assert kin.codes() == ["kinerja-triwulan-tidak-sah"]


def test_zero_target(kin):
    kin.write(targets=["IKM,2024,0,", *TARGETS[1:]])
    packages, report = kin.load()
    assert "kinerja-target-nol" in report.codes()
    finding = next(f for f in report.findings if f.code == "kinerja-target-nol")
    assert finding.file.endswith("target.csv") and finding.row == 2 and finding.column == "target"


def test_capaian_uses_the_target_of_the_results_year(kin):
    kin.write(targets=["IKM,2024,80,", "IKM,2025,90,", *TARGETS[1:], "WAKTU,2025,4,", "DOK,2025,3,"],
              results=RESULTS + ["IKM,2025,1,81,2025-04-10,", "WAKTU,2025,1,4,2025-04-10,", "DOK,2025,1,1,2025-04-10,"])
    packages, report = kin.load()
    assert not report.has_errors, report.codes()
    package = packages["contoh/uji-coba"]
    assert package.target("IKM", 2024) == 80 and package.target("IKM", 2025) == 90
    ikm = package.indicator("IKM")
    assert measure(ikm, package.result("IKM", 2024, 2), package.target("IKM", 2024)).achievement == pytest.approx(81 / 80 * 100)
    assert measure(ikm, package.result("IKM", 2025, 1), package.target("IKM", 2025)).achievement == pytest.approx(81 / 90 * 100)
    page = build_kinerja(kin.portal, packages).pages["contoh/uji-coba/data-kinerja/index.md"]
    assert "101,2%" in page and "90,0%" in page  # 81/80 in 2024, 81/90 in 2025
    assert "2024: 80; 2025: 90" in page


def test_missing_target_for_a_year_with_results_is_explained(kin):
    kin.write(results=RESULTS + ["IKM,2025,1,81,2025-04-10,"])
    packages, report = kin.load()
    (finding,) = [f for f in report.findings if f.code == "kinerja-target-tahun-kosong"]
    assert finding.file.endswith("realisasi.csv") and finding.row == len(RESULTS) + 2 and finding.column == "tahun"
    assert "IKM tahun 2025 tidak punya target" in finding.message and "IKM,2025,<target>" in finding.message
    package = packages["contoh/uji-coba"]
    page = build_kinerja(kin.portal, packages).pages["contoh/uji-coba/data-kinerja/index.md"]
    assert "belum ditetapkan" in page and Status.NOT_COMPUTABLE.label in page
    assert package.target("IKM", 2025) is None


def test_target_rows_are_checked_like_results(kin):
    kin.write(targets=[*TARGETS, "IKM,2024,82,", "XYZ,2024,5,", "IKM,1999,80,"],
              indicators=INDICATORS + ["PATEN,Sasaran,Persentase PATEN,%,naik,,Seksi,Register"])
    kin.write(targets=[*TARGETS, "IKM,2024,82,", "XYZ,2024,5,", "PATEN,2024,120,"])
    codes = kin.codes()
    assert "kinerja-target-ganda" in codes
    assert "kinerja-indikator-tidak-dikenal" in codes
    assert "kinerja-di-luar-rentang" in codes


def test_unknown_indicator(kin):
    kin.write(results=RESULTS + ["XYZ,2024,1,50,2024-04-10,"])
    _, report = kin.load()
    assert report.codes() == ["kinerja-indikator-tidak-dikenal"]  # not also the foreign-key error
    assert "IKM" in report.findings[0].message


def test_foreign_key_still_checked_by_frictionless(kin):
    """The published descriptor carries the foreign key, so any Frictionless
    user finds the same problem."""
    kin.write(results=RESULTS + ["XYZ,2024,1,50,2024-04-10,"])
    report = Package(str(kin.folder / "datapackage.yaml")).validate()
    assert "foreign-key" in report.flatten(["type"])[0]


def test_percent_above_100(kin):
    kin.write(
        indicators=INDICATORS + ["PATEN,Sasaran,Persentase PATEN tepat waktu,%,naik,95,Seksi,Register"],
        targets=TARGETS + ["PATEN,2024,95,"],
        results=RESULTS + ["PATEN,2024,1,101.5,2024-04-10,"],
    )
    _, report = kin.load()
    assert report.codes() == ["kinerja-di-luar-rentang"]
    assert report.findings[0].column == "realisasi"


def test_percent_target_above_100(kin):
    kin.write(indicators=INDICATORS + ["PATEN,Sasaran,Persentase PATEN,%,naik,120,Seksi,Register"])
    codes = kin.codes()
    assert codes.count("kinerja-di-luar-rentang") == 1


def test_negative_count(kin):
    kin.write(results=RESULTS + ["DOK,2024,3,-1,2024-10-10,"])
    assert kin.codes() == ["kinerja-di-luar-rentang"]


def test_fractional_count(kin):
    kin.write(results=RESULTS + ["DOK,2024,3,1.5,2024-10-10,"])
    assert kin.codes() == ["kinerja-jumlah-pecahan"]


@pytest.mark.parametrize(
    "row, column",
    [
        ("IKM,2024,3,tinggi,2024-10-10,", "realisasi"),
        ("IKM,2024,3,80,10/10/2024,", "tanggal_lapor"),
        ("IKM,,3,80,2024-10-10,", "tahun"),
    ],
)
def test_schema_errors_have_position_and_indonesian_message(kin, row, column):
    kin.write(results=RESULTS + [row])
    _, report = kin.load()
    assert [(f.row, f.column) for f in report.findings] == [(7, column)]
    assert report.findings[0].code.startswith("skema-")
    assert "sel" in report.findings[0].message


def test_bad_enum_is_reported(kin):
    kin.write(indicators=[INDICATORS[0].replace(",naik,", ",atas,"), *INDICATORS[1:]])
    _, report = kin.load()
    assert report.codes()[0] == "skema-constraint-error"
    assert "naik, turun" in report.findings[0].message


def test_missing_descriptor(kin):
    (kin.folder / "datapackage.yaml").unlink()
    assert kin.codes() == ["kinerja-deskriptor-tidak-ada"]


def test_path_outside_folder_is_refused(kin):
    package = descriptor()
    package["resources"][0]["path"] = "../../rahasia.csv"
    kin.write(package=package)
    packages, report = kin.load()
    assert report.codes() == ["kinerja-jalur-tidak-sah"] and packages == {}


def test_schema_must_match_portal(kin):
    package = descriptor()
    package["resources"][2]["schema"]["fields"][3]["type"] = "string"  # realisasi
    kin.write(package=package)
    assert kin.codes() == ["kinerja-skema-berbeda"]


def test_missing_licence_is_an_error(kin):
    kin.write(package=descriptor(licenses=[]))
    assert "kinerja-lisensi-kosong" in kin.codes()


def test_official_flag(kin):
    kin.write(package=descriptor(resmi=True, title="Data Kinerja Kecamatan Uji Coba", description="Data resmi."))
    packages, report = kin.load()
    assert report.findings == [] and packages["contoh/uji-coba"].official


def test_report_date_before_quarter_end_is_a_warning(kin):
    kin.write(results=RESULTS + ["IKM,2024,3,80,2024-09-01,"])
    _, report = kin.load()
    assert report.codes() == ["kinerja-tanggal-lapor-terlalu-awal"] and not report.has_errors


# Capaian maths


def test_capaian_higher_is_better():
    assert capaian(80, 84, "naik") == pytest.approx(105.0)
    assert capaian(80, 60, Polarity.HIGHER_IS_BETTER) == pytest.approx(75.0)


def test_capaian_lower_is_better():
    assert capaian(4, 3, "turun") == pytest.approx(125.0)
    assert capaian(4, 5, "turun") == pytest.approx(75.0)
    assert capaian(4, 4, "turun") == pytest.approx(100.0)
    assert capaian(4, 12, "turun") == 0.0  # floored, never negative


def test_capaian_zero_target_and_missing_value():
    assert capaian(0, 5, "naik") is None
    assert capaian(0, 5, "turun") is None
    assert capaian(80, None, "naik") is None
    assert status(None) is Status.NOT_COMPUTABLE


def test_status_bands():
    assert status(100.0) is Status.ACHIEVED
    assert status(99.96) is Status.ACHIEVED  # printed as 100,0%
    assert status(80.0) is Status.NEARLY
    assert status(79.9) is Status.NOT_ACHIEVED


def test_missing_quarter(kin):
    packages, _ = kin.load()
    package = packages["contoh/uji-coba"]
    ikm = package.indicator("IKM")
    target = package.target("IKM", 2024)
    assert measure(ikm, package.result("IKM", 2024, 3), target).status is Status.NO_DATA
    latest = package.latest("IKM", 2024)
    assert latest.quarter == 2
    assert measure(ikm, latest, target).achievement == pytest.approx(101.25)


def test_indonesian_numbers():
    assert number(1234.5) == "1.234,5"
    assert percent(101.25) == "101,2%" or percent(101.25) == "101,3%"
    assert number(None) == "–"


# Pages and downloads


def test_pages_show_values_and_sample_label(kin):
    packages, _ = kin.load()
    files = build_kinerja(kin.portal, packages)
    page = files.pages["contoh/uji-coba/data-kinerja/index.md"]
    assert files.district_pages == {"contoh/uji-coba": "contoh/uji-coba/data-kinerja/index.md"}
    assert "Data contoh" in page
    assert "78,5" in page and "Indeks Kepuasan Masyarakat" in page
    assert "125,0%" in page  # WAKTU 3 hari against 4: lower is better
    assert "Tercapai" in page and "Belum dilaporkan" in page
    assert page.count("<svg") == 3 and "<title id=" in page and "<desc id=" in page
    # The only script is the Dataset JSON-LD data block, never executable code.
    assert re.findall(r"<script[^>]*>", page) == ['<script type="application/ld+json">']
    assert "CC-BY-4.0" in page and "10 Januari 2025" in page
    assert "unduh/data-kinerja-contoh-uji-coba-contoh.zip" in page
    assert COMPARISON_PAGE in files.pages


def test_official_package_has_no_label(kin):
    kin.write(package=descriptor(resmi=True, title="Data Kinerja Kecamatan Uji Coba", description="Data resmi."))
    packages, _ = kin.load()
    files = build_kinerja(kin.portal, packages)
    page = files.pages["contoh/uji-coba/data-kinerja/index.md"]
    assert "Data contoh" not in page and "data contoh" not in page and "DATA CONTOH" not in page
    assert "contoh/uji-coba/unduh/data-kinerja-contoh-uji-coba.zip" in files.assets


def test_data_is_escaped(kin):
    kin.write(indicators=[INDICATORS[0].replace("Indeks Kepuasan Masyarakat", "<script>alert(1)</script>"), *INDICATORS[1:]])
    packages, _ = kin.load()
    page = build_kinerja(kin.portal, packages).pages["contoh/uji-coba/data-kinerja/index.md"]
    assert "<script>" not in page and "&lt;script&gt;" in page


def test_published_package_validates_again(kin, tmp_path):
    packages, _ = kin.load()
    files = build_kinerja(kin.portal, packages)
    archive = files.assets["contoh/uji-coba/unduh/data-kinerja-contoh-uji-coba-contoh.zip"]
    out = tmp_path / "unzipped"
    with zipfile.ZipFile(io.BytesIO(archive)) as z:
        names = z.namelist()
        assert names == sorted(names)
        assert "data-kinerja-contoh-uji-coba-contoh/BACA-SAYA.txt" in names
        assert b"DATA CONTOH" in z.read("data-kinerja-contoh-uji-coba-contoh/BACA-SAYA.txt")
        z.extractall(out)
    report = Package(str(out / "data-kinerja-contoh-uji-coba-contoh" / "datapackage.yaml")).validate()
    assert report.valid, report.flatten(["type", "note"])
    loose = tmp_path / "loose"
    loose.mkdir()
    for path, data in files.assets.items():
        if "/unduh/data-kinerja/" in path:
            (loose / path.rsplit("/", 1)[1]).write_bytes(data)
    assert Package(str(loose / "datapackage.yaml")).validate().valid


def test_output_is_deterministic(kin):
    packages, _ = kin.load()
    first = build_kinerja(kin.portal, packages)
    again = build_kinerja(kin.portal, kin.load()[0])
    assert first.pages == again.pages and first.assets == again.assets
    assert deterministic_zip({"b": b"2", "a": b"1"}) == deterministic_zip({"a": b"1", "b": b"2"})


# The seed data


def test_seed_packages_load_without_errors():
    portal, _ = load_and_validate(SEED_DATA)
    packages, report = load_kinerja(SEED_DATA, portal.districts)
    assert not report.has_errors, [f.format() for f in report.errors]
    assert len(packages) == 5
    assert all(p.is_sample for p in packages.values())
    assert all(any(i.polarity is Polarity.LOWER_IS_BETTER for i in p.indicators) for p in packages.values())
    assert all(p.years == (2024, 2025) for p in packages.values())


def test_seed_pages_contain_package_values():
    portal, _ = load_and_validate(SEED_DATA)
    packages, _ = load_kinerja(SEED_DATA, portal.districts)
    files = build_kinerja(portal, packages)
    assert len(files.pages) == 6
    page = files.pages["banjar/simpang-empat/data-kinerja/index.md"]
    package = packages["banjar/simpang-empat"]
    first = package.results[0]
    assert number(first.value) in page
    assert page.count("Data contoh") >= 1
    comparison = files.pages[COMPARISON_PAGE]
    assert "Data contoh" in comparison
    for district in portal.districts:
        assert district.name in comparison
    for name in ("Indeks Kepuasan Masyarakat", "PATEN", "SAKIP"):
        assert name in comparison
