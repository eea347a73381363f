"""Monitoring and evaluation on the pages: the SOP page's latest results and
history, the kecamatan page's 12-month flags at a pinned reference date, the
sample label, escaping and the open-data downloads."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from conftest import SEED_DATA
from portal_sop.kinerja import monev
from portal_sop.kinerja.monev_pages import ReferenceDateError, reference_date
from portal_sop.site.pages import SiteOptions, build_site
from portal_sop.validation import load_and_validate
from test_monev import MonevDir, evaluation, row

REFERENCE = dt.date(2026, 12, 4)
KEBASEN = "banyumas/kebasen"


@pytest.fixture(scope="module")
def seed_site(tmp_path_factory):
    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors
    cache = tmp_path_factory.mktemp("flowchart-cache")
    return build_site(portal, SiteOptions(pdf=None, flowchart_cache_dir=str(cache), reference_date=REFERENCE))


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


# Reference date


def test_reference_date_from_source_date_epoch():
    assert reference_date({"SOURCE_DATE_EPOCH": "1796342400"}) == dt.date(2026, 12, 4)
    assert reference_date({}, today=dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert reference_date({"SOURCE_DATE_EPOCH": ""}, today=dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)


def test_bad_source_date_epoch_is_a_clear_error():
    with pytest.raises(ReferenceDateError, match="SOURCE_DATE_EPOCH"):
        reference_date({"SOURCE_DATE_EPOCH": "kemarin"})


# SOP page


def test_sop_page_shows_latest_monitoring_and_evaluation(seed_site):
    page = seed_site.pages[f"{KEBASEN}/pengukuran-data-kinerja/index.md"]
    section = page[page.index("{#monitoring-evaluasi}"):]
    text = _text(section)
    assert "Monitoring terakhir" in text and "24 Juni 2026 (Semester I 2026)" in text
    assert "Tidak berjalan dengan baik" in text
    assert "Tetapkan jadwal pengukuran paling lambat tanggal 15 bulan berikutnya" in text
    assert "Evaluasi terakhir" in text and "8 Juli 2025" in text and "6 dari 6 aspek: Ya" in text
    # evaluated 8 July 2025: overdue on 4 December 2026
    assert "Perlu dievaluasi per 4 Desember 2026" in text and "paling lambat 8 Juli 2026" in text
    assert "Data contoh" in text  # sample data labelled where shown


def test_sop_page_history_is_newest_first_and_complete(seed_site):
    page = seed_site.pages[f"{KEBASEN}/pengukuran-data-kinerja/index.md"]
    history = page[page.index('id="riwayat-monitoring-evaluasi"'):]
    titles = re.findall(r'<summary class="monev-riwayat-judul"><strong>([^<]+)</strong>', history)
    assert titles == ["Monitoring 24 Juni 2026", "Evaluasi 8 Juli 2025", "Monitoring 27 Juni 2025"]


def test_sop_page_summary_links_the_section(seed_site):
    overdue = seed_site.pages[f"{KEBASEN}/pengukuran-data-kinerja/index.md"]
    assert "evaluasi 8 Juli 2025 (6 dari 6 aspek: Ya), <strong>perlu dievaluasi</strong>." in overdue
    page = seed_site.pages[f"{KEBASEN}/pengumpulan-data-kinerja/index.md"]
    summary = page[page.index('class="sop-ringkasan"'):page.index("</div>", page.index('class="sop-ringkasan"'))]
    assert 'href="#monitoring-evaluasi"' in summary and "evaluasi 20 Januari 2026 (5 dari 6 aspek: Ya)" in _text(summary)


def test_sop_never_assessed(seed_site):
    page = seed_site.pages["balangan/paringin-selatan/pengukuran-kinerja-penilaian-skp/index.md"]
    text = _text(page[page.index("{#monitoring-evaluasi}"):])
    assert "Belum ada monitoring yang tercatat" in text
    assert "Belum pernah dievaluasi per 4 Desember 2026" in text
    assert "Belum ada monitoring atau evaluasi SOP ini yang tercatat" in text


# Kecamatan page


def _district_rows(page: str) -> dict[str, str]:
    table = page[page.index('class="sop-daftar sop-kartu monev-daftar"'):]
    table = table[:table.index("</table>")]
    return {_text(name).strip(): _text(rest) for name, rest in re.findall(
        r'<tr class="monev-baris-[a-z-]+"><th scope="row"[^>]*>(.*?)</th>(.*?)</tr>', table)}


def test_kecamatan_page_flags_sops_not_evaluated_in_twelve_months(seed_site):
    page = seed_site.pages[f"{KEBASEN}/index.md"]
    text = _text(page[page.index("{#monitoring-evaluasi}"):])
    assert "per 4 Desember 2026" in text and "1 dari 2 SOP belum dievaluasi dalam 12 bulan terakhir" in text
    rows = _district_rows(page)
    assert "Perlu dievaluasi" in rows["Pengukuran Data Kinerja"] and "8 Juli 2025" in rows["Pengukuran Data Kinerja"]
    assert "Terkini" in rows["Pengumpulan Data Kinerja"] and "20 Januari 2026" in rows["Pengumpulan Data Kinerja"]


def test_kecamatan_page_flags_never_evaluated(seed_site):
    rows = _district_rows(seed_site.pages["kutai-kartanegara/samboja/index.md"])
    (only,) = rows.values()
    assert "Belum pernah dievaluasi" in only and "29 Juni 2026" in only


def test_flags_move_with_the_reference_date(tmp_path):
    portal, _ = load_and_validate(SEED_DATA)
    early = build_site(portal, SiteOptions(pdf=None, flowchart_cache_dir=str(tmp_path), reference_date=dt.date(2026, 7, 8)))
    late = build_site(portal, SiteOptions(pdf=None, flowchart_cache_dir=str(tmp_path), reference_date=dt.date(2026, 7, 9)))
    assert "Terkini" in _district_rows(early.pages[f"{KEBASEN}/index.md"])["Pengukuran Data Kinerja"]
    assert "Perlu dievaluasi" in _district_rows(late.pages[f"{KEBASEN}/index.md"])["Pengukuran Data Kinerja"]
    assert "per 8 Juli 2026" in early.pages[f"{KEBASEN}/index.md"]


def test_same_input_same_bytes(seed_site, tmp_path):
    portal, _ = load_and_validate(SEED_DATA)
    again = build_site(portal, SiteOptions(pdf=None, flowchart_cache_dir=str(tmp_path), reference_date=REFERENCE))
    for path in (f"{KEBASEN}/index.md", f"{KEBASEN}/pengukuran-data-kinerja/index.md"):
        assert again.pages[path] == seed_site.pages[path]


# Hostile text, official data, no resource


def test_hostile_text_is_escaped(tmp_path):
    from portal_sop.kinerja.monev_pages import sop_section
    mon = MonevDir(tmp_path / "sop_data")
    mon.rows([row(catatan='<script>alert("x")</script>', tindak_lanjut="<img src=x onerror=alert(1)>",
                  penilai="A & B <b>")])
    html = sop_section(mon.district, "pengumpulan-data-kinerja", mon.package(), REFERENCE, "", lambda p: p)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<img" not in html and "&lt;img" in html
    assert "<b>" not in html and "A &amp; B &lt;b&gt;" in html


def test_official_package_has_no_sample_label(tmp_path):
    from portal_sop.kinerja.monev_pages import sop_section
    mon = MonevDir(tmp_path / "sop_data")
    from test_kinerja import descriptor
    resources = descriptor()["resources"] + [monev.MONEV_RESOURCE]
    mon.write(package=descriptor(resmi=True, title="Data Kinerja Kecamatan Uji Coba", description="Data resmi.",
                                 resources=resources))
    html = sop_section(mon.district, "pengumpulan-data-kinerja", mon.package(), REFERENCE, "", lambda p: p)
    assert "Data contoh" not in html and "Monitoring terakhir" in html
    mon.write(package=descriptor(resources=resources))
    assert "Data contoh" in sop_section(mon.district, "pengumpulan-data-kinerja", mon.package(), REFERENCE, "", lambda p: p)


def test_no_monev_resource_no_section(tmp_path):
    from portal_sop.kinerja.monev_pages import district_section, sop_section
    from test_kinerja import KinerjaDir
    kin = KinerjaDir(tmp_path / "sop_data")
    package = kin.load()[0]["contoh/uji-coba"]
    assert sop_section(kin.district, "x", package, REFERENCE, "", lambda p: p) == ""
    assert district_section(kin.district, package, REFERENCE, lambda p: p, lambda s: "") == ""
    assert sop_section(kin.district, "x", None, REFERENCE, "", lambda p: p) == ""


# Downloads


def test_downloads_carry_monev(seed_site):
    folder = f"{KEBASEN}/unduh"
    names = [p for p in seed_site.assets if p.startswith(folder)]
    assert f"{folder}/data-kinerja/monev.csv" in names
    assert seed_site.assets[f"{folder}/data-kinerja/monev.csv"] == (SEED_DATA / KEBASEN / "data-kinerja" / "monev.csv").read_bytes()
    (zip_path,) = [p for p in names if p.endswith(".zip")]
    with zipfile.ZipFile(io.BytesIO(seed_site.assets[zip_path])) as archive:
        assert any(n.endswith("/monev.csv") for n in archive.namelist())
        readme = next(archive.read(n) for n in archive.namelist() if n.endswith(".txt")).decode()
        assert "monev.csv (hasil monitoring dan evaluasi SOP" in readme
    data_page = seed_site.pages[f"{KEBASEN}/data-kinerja/index.md"]
    row = next(line for line in data_page.splitlines() if "monev.csv</a>" in line)
    assert "Monitoring dan evaluasi SOP" in row and "Realisasi" not in row


def test_published_descriptor_with_monev_validates_with_frictionless(seed_site, tmp_path):
    from frictionless import Package
    folder = f"{KEBASEN}/unduh/data-kinerja"
    for path, data in seed_site.assets.items():
        if path.startswith(folder + "/"):
            (tmp_path / path.rsplit("/", 1)[1]).write_bytes(data)
    package = Package(str(tmp_path / "datapackage.json"))
    assert "monev" in package.resource_names
    assert package.validate().valid


def test_build_settings_take_source_date_epoch(monkeypatch):
    from portal_sop.adapters import settings
    from portal_sop.errors import UserError
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796342400")
    assert settings._reference_date() == dt.date(2026, 12, 4)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "besok")
    with pytest.raises(UserError, match="SOURCE_DATE_EPOCH"):
        settings._reference_date()


def test_dataset_metadata_name_monitoring(seed_site):
    import json
    catalogue = json.loads(seed_site.assets["data.json"])
    assert all("monitoring dan evaluasi SOP" in d["keyword"] for d in catalogue["dataset"])
    assert any(d["downloadURL"].endswith("/monev.csv") for ds in catalogue["dataset"] for d in ds["distribution"])
    page = seed_site.pages[f"{KEBASEN}/data-kinerja/index.md"]
    assert '"monitoring dan evaluasi SOP"' in page


def test_search_indexes_the_latest_results_but_not_the_history(seed_site):
    import markdown
    from portal_sop.search import INDEX_ONLY
    from portal_sop.search.prepare import index_body
    from portal_sop.search.words import Expander
    page = seed_site.pages[f"{KEBASEN}/pengukuran-data-kinerja/index.md"]
    html = markdown.markdown(page.split("---\n", 2)[2], extensions=["attr_list", "md_in_html", "tables"])
    body = re.sub(f"\\s*{INDEX_ONLY}[^{INDEX_ONLY}]*{INDEX_ONLY}", "", index_body(html, Expander()))  # index-only words out
    assert "Tetapkan jadwal pengukuran" in body  # latest follow-up: searchable
    assert "Monitoring 27 Juni 2025" not in body  # history: left out (it repeats the records)
    assert "Riwayat monitoring dan evaluasi" in body
