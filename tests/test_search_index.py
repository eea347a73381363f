"""Search index preparation: root words, synonyms, NIP and number forms as
index-only text; the synonym file's findings; escaping of hostile text."""
from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import HOSTILE, REPO
from portal_sop.findings import Report
from portal_sop.search import INDEX_ONLY
from portal_sop.search.indexer import Record, markdown_records, page_url, site_records, write_index
from portal_sop.search.prepare import PageFacts, index_body, index_document
from portal_sop.search.synonyms import load_synonyms
from portal_sop.search.words import Expander, root

ADDED = re.compile(f"{INDEX_ONLY}([^{INDEX_ONLY}]*){INDEX_ONLY}")


def added(text: str) -> list[str]:
    return " ".join(ADDED.findall(text)).split()


def visible(text: str) -> str:
    return " ".join(ADDED.sub("", text).split())


@pytest.mark.parametrize("word, expected", [
    ("pengumpulan", "kumpul"), ("menyusun", "susun"), ("pengukuran", "ukur"), ("mengukur", "ukur"),
    ("diunggah", "unggah"), ("pemeriksaan", "periksa"),
])
def test_root_words_of_affixed_forms(word, expected):
    assert root(word) == expected
    assert added(Expander().expand(f"Tahap {word} data")) == [expected]


def test_words_whose_root_means_something_else_keep_their_own():
    text = Expander().expand("Kecamatan Kebasen, Pemerintah Kabupaten Banyumas, kinerja")
    assert added(text) == []


def test_added_words_never_change_what_the_page_says():
    source = "Pengumpulan, penyusunan dan pengukuran data (menandatangani) SAKIP."
    expander = Expander((("SAKIP", "Sistem Akuntabilitas Kinerja Instansi Pemerintah"), ("tanda tangan", "menandatangani")))
    assert visible(expander.expand(source)) == " ".join(source.split())


def test_synonyms_in_both_directions_and_through_affixes():
    groups = (("SAKIP", "Sistem Akuntabilitas Kinerja Instansi Pemerintah"), ("verifikasi", "periksa"),
              ("tanda tangan", "menandatangani"))
    expander = Expander(groups)
    assert "Sistem Akuntabilitas Kinerja Instansi Pemerintah" in expander.expand("Tim SAKIP")
    assert "SAKIP" in added(expander.expand("sistem akuntabilitas kinerja instansi pemerintah daerah"))
    assert "verifikasi" in added(expander.expand("Memeriksa berkas"))  # root periksa
    assert {"tanda", "tangan"} <= set(added(expander.expand("Camat menandatangani surat")))
    assert "SAKIP" not in added(expander.expand("sistem akuntabilitas daerah"))  # only whole phrases


def test_nip_with_and_without_spaces():
    expander = Expander()
    assert "197802201996121001" in added(expander.expand("NIP. 19780220 199612 1 001"))
    assert added(expander.expand("NIP 197802201996121001"))[:4] == ["19780220", "199612", "1", "001"]
    assert added(expander.expand("1978022019961210011")) == []  # 19 digits: not a NIP


def test_sop_numbers_with_and_without_spaces():
    expander = Expander()
    spaced = added(expander.expand("Nomor SOP PK. KEC. KBS / 010 / I / 2024"))
    assert "PK.KEC.KBS/010/I/2024" in spaced
    compact = added(expander.expand("Nomor 00.8.3.3/17/SOP/C.IV.J-2023"))
    assert {"00.8.3.3", "17", "SOP", "C.IV.J-2023"} <= set(compact)


def test_marks_in_data_cannot_forge_index_only_text():
    text = Expander().expand(f"awal {INDEX_ONLY}rahasia{INDEX_ONLY} akhir")
    assert INDEX_ONLY not in text


def test_index_body_keeps_hostile_text_escaped_and_drops_markup():
    article = (
        '<h1 id="x">Judul<a class="headerlink" href="#x">¶</a></h1>'
        f'<p onclick="alert(1)">{HOSTILE.replace("&", "&amp;").replace("<", "&lt;")}</p>'
        '<script>alert("jalan")</script><figure><img src="a.svg" alt="diagram"></figure>'
        '<table><thead><tr><th>No</th></tr></thead><tbody><tr><th scope="row">Nomor SOP</th><td>001</td></tr></tbody></table>'
    )
    body = index_body(article, Expander())
    assert "<script" not in body and "onclick" not in body and "<img" not in body
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in body or "&lt;script&gt;alert(\"xss\")&lt;/script&gt;" in body
    assert "¶" not in body and "alert(\"jalan\")" not in body and ">No<" not in body
    assert "<th>Nomor SOP: </th><td>001. </td>" in body


def test_index_document_escapes_facts():
    facts = PageFacts(kind="sop", title=HOSTILE, district=HOSTILE, regency="Contoh")
    document = index_document("<p>isi</p>", facts, Expander())
    assert "<script>" not in document
    assert 'data-pagefind-filter="kecamatan">&lt;script&gt;' in document


def test_page_urls():
    assert page_url("index.html") == "/"
    assert page_url("banyumas/kebasen/index.html") == "/banyumas/kebasen/"
    assert page_url("a/b.html") == "/a/b.html"


def write(tmp_path: Path, text: str) -> tuple[tuple, Report]:
    (tmp_path / "sinonim.yaml").write_text(text, "utf-8")
    report = Report(root=tmp_path)
    return load_synonyms(tmp_path, report), report


def test_seed_synonyms_are_valid():
    report = Report(root=REPO / "sop_data")
    groups = load_synonyms(REPO / "sop_data", report)
    assert report.findings == []
    assert ("SAKIP", "Sistem Akuntabilitas Kinerja Instansi Pemerintah") in groups


def test_missing_synonym_file_is_fine(tmp_path):
    report = Report(root=tmp_path)
    assert load_synonyms(tmp_path, report) == () and report.findings == []


@pytest.mark.parametrize("text, code, line", [
    ("- [SAKIP, Sistem Akuntabilitas]\n- [IKM]\n", "sinonim-kurang", 2),
    ("- [SAKIP, Sistem]\n- IKM\n", "sinonim-bukan-kelompok", 2),
    ("SAKIP: Sistem\n", "sinonim-bukan-daftar", 1),
    ("- [SAKIP, Sistem\n- [IKM, Indeks]\n", "sinonim-yaml-rusak", None),
    ("- [a, b]\n- [c, '']\n", "sinonim-isian-kosong", 2),
    ("- [a, [b, c]]\n", "sinonim-isian-kosong", 1),
    ("- [a, '---']\n", "sinonim-tanpa-huruf", 1),
    (f"- [a, {'x' * 81}]\n", "sinonim-terlalu-panjang", 1),
    ("- [Sekcam, Sekretaris Camat]\n- [sekcam, sekretaris]\n", "sinonim-ganda", 2),
])
def test_synonym_file_findings_name_file_and_line(tmp_path, text, code, line):
    groups, report = write(tmp_path, text)
    finding = next(f for f in report.findings if f.code == code)
    assert finding.file.endswith("sinonim.yaml")
    if line is not None:
        assert finding.row == line
    assert finding.format().startswith(finding.file)


def test_validate_command_reports_synonym_errors(tmp_path, data):
    (data.root / "sinonim.yaml").write_text("- [SAKIP]\n", "utf-8")
    result = subprocess.run([sys.executable, "-m", "portal_sop", "validate", str(data.root)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "sinonim.yaml:1: galat:" in result.stdout + result.stderr


def fragments(bundle: Path) -> dict[str, dict]:
    out = {}
    for file in sorted((bundle / "fragment").iterdir()):
        data = json.loads(gzip.decompress(file.read_bytes())[len(b"pagefind_dcd"):])
        out[data["url"]] = data
    return out


def test_hostile_text_stays_text_in_the_stored_index(hostile_site):
    stored = fragments(hostile_site / "pagefind")
    sop = next(d for u, d in stored.items() if d["meta"].get("jenis") == "sop")
    assert '<script>alert("xss")</script>' in sop["meta"]["title"]  # plain text, escaped by the search box
    assert '<script>alert("xss")</script>' in sop["content"]
    assert "Uji " in sop["meta"]["kecamatan"]


def test_generate_writes_an_index_of_the_markdown_pages(tmp_path):
    pages = {"index.md": "---\ntitle: \"Beranda\"\n---\n\n# Beranda\n\nPengumpulan data.\n"}
    records = markdown_records(pages, {})
    assert records[0].url == "/" and "<h1>Beranda</h1>" in records[0].article_html
    stats = write_index(records + [Record("/a/", "<h1>A</h1><p>NIP. 19780220 199612 1 001</p>", PageFacts(kind="kecamatan", district="A"))], tmp_path)
    stored = fragments(tmp_path / "pagefind")
    assert stats.pages == 2 and set(stored) == {"/", "/a/"}
    assert stored["/"]["meta"]["title"] == "Beranda"
    assert "197802201996121001" in stored["/a/"]["content"]
    assert not (tmp_path / "pagefind" / "pagefind-ui.js").exists()


def test_built_site_indexes_articles_only(built_site):
    records = site_records(built_site, {})
    urls = {r.url for r in records}
    assert "/banyumas/kebasen/pengukuran-data-kinerja/" in urls and "/404.html" not in urls
    stored = fragments(built_site / "pagefind")
    sop = stored["/banyumas/kebasen/pengukuran-data-kinerja/"]
    assert sop["meta"]["title"] == "Pengukuran Data Kinerja"
    assert sop["meta"]["kecamatan"] == "Kebasen" and sop["meta"]["kabupaten"] == "Banyumas"
    assert sop["filters"] == {"kabupaten": ["Banyumas"], "kecamatan": ["Kebasen"]}
    assert "Portal SOP Kecamatan" not in sop["content"].split(".")[0]  # no header or nav text
    assert "Nomor SOP: PK. " in sop["content"] and "Dasar Hukum: Undang-Undang" in sop["content"]  # header cells end like sentences
    assert "Pengelola \u2063kelola\u2063. " in sop["content"]  # so do cells ending with added words
