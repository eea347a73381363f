"""Builds the real portal with MkDocs and checks the generated HTML."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

# (page, activity text, output, NIP of the signatory as shown) per seed SOP.
SEED_PAGES = [
    ("banjar/simpang-empat/pengumpulan-data-kinerja", "Menugaskan Pejabat Eselon III dan Eselon IV", "Publikasi/ Dokumentasi/pelaporan", "19690407 199010 1 001"),
    ("kutai-kartanegara/samboja/pengumpulan-data-kinerja", "Menghimpun data kinerja dan Menyusun konsep laporan", "Laporan sudah di tandatangi", "19740330 199701 1 001"),
    ("banyumas/kebasen/pengukuran-data-kinerja", "Mengunggah di aplikasi dan mengolah data kemudian meneruskan konsep ke Kasubag Perencanaan/Sekcam", "Input aplikasi dan arsip", "19780220 199612 1 001"),
    ("banyumas/kebasen/pengumpulan-data-kinerja", "Menginput realisasi kegiatan di aplikasi dan mengarsipkan", "Dokumen Pengumpulan Data Kinerja", "19780220 199612 1 001"),
    ("balangan/paringin-selatan/pengukuran-kinerja-penilaian-skp", "Pengertian/penginputan kinerja atas penilaian sasaran kinerja pegawai", "Formulir Kinerja Telah di Arsipkan", "19890619 200701 2 002"),
    ("balangan/paringin-selatan/pengumpulan-data-kinerja", "Menyusun 2 (dua) Laporan semesteran menjadi laporan kinerja tahunan", "Draft Laporan Kinerja Triwulan", "19880619 200701 2 002"),
    ("pesisir-selatan/iv-jurai/pengumpulan-dan-pengukuran-data-kinerja", "Camat mengoreksi Dokumen Pengukuran Kinerja Dinas Pertanian", "disposisi Pimpinan", "19850612 200412 2 001"),
]


def page(site: Path, path: str) -> str:
    return html.unescape((site / path / "index.html").read_text("utf-8"))


@pytest.mark.parametrize("path, activity, output, nip", SEED_PAGES)
def test_every_seed_sop_is_published_completely(built_site, path, activity, output, nip):
    text = page(built_site, path).replace("<wbr>", "")  # line-break hints after slashes
    assert activity in text
    assert output in text
    assert f"NIP. {nip}" in text


def test_sop_page_has_identity_block_and_step_table(built_site):
    text = page(built_site, "banyumas/kebasen/pengukuran-data-kinerja")
    for label in ["Nomor SOP", "Tanggal Pembuatan", "Tanggal Revisi", "Tanggal Efektif", "Disahkan oleh",
                  "Dasar Hukum", "Kualifikasi Pelaksana", "Keterkaitan", "Peralatan/Perlengkapan",
                  "Peringatan", "Pencatatan dan Pendataan"]:
        assert f">{label}</th>" in text.replace("/<wbr>", "/")  # line breaks allowed after slashes
    assert "PK. KEC. KBS / 010 / I / 2024" in text
    assert "9 Januari 2024" in text
    assert '<th scope="col">Kelengkapan</th>' in text
    assert text.count('<tr id="langkah-') == 9
    assert "Waktu pelayanan seluruhnya: <strong>15 hari 10 menit</strong>" in text
    assert "Tidak → kembali ke langkah 5" in text


def test_related_sops_link_each_other(built_site):
    a = page(built_site, "banyumas/kebasen/pengukuran-data-kinerja")
    b = page(built_site, "banyumas/kebasen/pengumpulan-data-kinerja")
    assert '<a href="../pengumpulan-data-kinerja/">SOP Pengumpulan Data Kinerja</a>' in a
    assert '<a href="../pengukuran-data-kinerja/">SOP Pengukuran Data Kinerja</a>' in b


def test_home_and_district_pages(built_site):
    home = page(built_site, ".")
    assert "<strong>5</strong> kabupaten" in home and "<strong>7</strong> SOP" in home
    assert "pembaruan terakhir <strong>2 Januari 2025</strong>" in home
    district = page(built_site, "balangan/paringin-selatan")
    assert "RENNY YUDISTHESIA, S.P., M.P." in district
    assert "NIP. 19890619 200701 2 002" in district
    assert "Pelaksanaan Pengukuran Kinerja/Penilaian SKP" in district
    assert 'lang="id"' in (built_site / "index.html").read_text("utf-8")


def test_search_index_finds_sops_by_step_text(built_site):
    from test_search_index import fragments

    index = fragments(built_site / "pagefind")
    hits = {url.strip("/") + "/" for url, d in index.items() if "disposisi" in d["content"].lower()}
    assert "banyumas/kebasen/pengukuran-data-kinerja/" in hits
    assert "pesisir-selatan/iv-jurai/pengumpulan-dan-pengukuran-data-kinerja/" in hits
    legal = {url.strip("/") + "/" for url, d in index.items() if "Nomor 46 Tahun 2011" in d["content"]}
    assert "balangan/paringin-selatan/pengukuran-kinerja-penilaian-skp/" in legal


def test_format_reference_is_generated_from_schemas(built_site):
    text = page(built_site, "panduan/format-data")
    for column in ["no", "kegiatan", "pelaksana", "jenis", "jika_tidak_ke", "waktu", "keterangan"]:
        assert f"<code>{column}</code>" in text
    assert "<code>disahkan_oleh</code>" in text


def test_sop_page_shows_its_flowchart(built_site):
    text = page(built_site, "banyumas/kebasen/pengukuran-data-kinerja")
    assert '<img src="diagram-alir.svg"' in text
    svg = (built_site / "banyumas/kebasen/pengukuran-data-kinerja/diagram-alir.svg").read_text("utf-8")
    assert "<title" in svg and "Diagram alir SOP Pengukuran Data Kinerja" in svg


def test_data_kinerja_pages_are_linked_and_labelled(built_site):
    text = page(built_site, "banyumas/kebasen/data-kinerja")
    assert "Data contoh" in text
    assert "Indeks Kepuasan Masyarakat" in text
    assert '<a href="data-kinerja/">Data Kinerja Kecamatan Kebasen</a>' in page(built_site, "banyumas/kebasen")


def _primary_nav(text: str) -> str:
    start = text.index("md-nav--primary")
    return text[start:text.index('class="md-content"', start)]


def test_navigation_is_scoped_to_the_readers_kabupaten_and_kecamatan(built_site):
    # Every kabupaten is reachable from the home page's navigation ...
    home = _primary_nav(page(built_site, ""))
    regencies = ["Banjar", "Balangan", "Banyumas", "Kutai Kartanegara", "Pesisir Selatan"]
    assert all(f"Kabupaten {name}" in home for name in regencies)
    # ... but an SOP page carries only its own branch (and breadcrumbs), so
    # its size does not grow with the number of kabupaten and kecamatan.
    sop = page(built_site, "banyumas/kebasen/pengukuran-data-kinerja")
    nav = _primary_nav(sop)
    assert "Kabupaten Banyumas" in nav and "Kecamatan Kebasen" in nav
    assert "Pengumpulan Data Kinerja" in nav  # sibling SOP of the same kecamatan
    assert not any(f"Kabupaten {name}" in nav for name in regencies if name != "Banyumas")
    path = sop[sop.index('class="md-path"'):]
    assert path.index("Kabupaten Banyumas") < path.index("Kecamatan Kebasen") < path.index("</nav>")
