"""What the built pages tell a reader: reconstruction notices, data-check
notes in the words of `portal-sop validate`, titles and descriptions of their
own, Indonesian theme text, guides rendered as written."""
from __future__ import annotations

import html
import re
from pathlib import Path

from click.testing import CliRunner
from conftest import SEED_DATA
from portal_sop.adapters.cli import main
from portal_sop.validation import load_and_validate

SIGNED = "kutai-kartanegara/samboja/pengumpulan-data-kinerja"
RECONSTRUCTED = "banjar/simpang-empat/pengumpulan-data-kinerja"
SLIPS = "pesisir-selatan/iv-jurai/pengumpulan-dan-pengukuran-data-kinerja"


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text("utf-8")


def article(text: str) -> str:
    return text[text.index("<article"):text.index("</article>")]


def test_reconstructed_steps_carry_their_marker_and_the_page_a_notice(built_site):
    portal, _ = load_and_validate(SEED_DATA)
    sop = next(s for d, s in portal.sops if f"{d.path}/{s.slug}" == RECONSTRUCTED)
    marked = {s.number for s in sop.steps if s.reconstructed}
    assert marked == {1, 2, 3, 4, 5}
    text = article(page(built_site, RECONSTRUCTED))
    assert "Sebagian isi direkonstruksi" in text and 'href="../../../panduan/rekonstruksi/"' in text
    rows = dict(re.findall(r'<tr id="langkah-(\d+)"( class="sop-langkah-rekonstruksi")?', text))
    assert {int(n) for n, cls in rows.items() if cls} == marked
    step3 = re.search(r'<tr id="langkah-3".*?</tr>', text, re.S)[0]
    assert "rekonstruksi: pelaksana dan keputusan" in step3


def test_an_as_signed_sop_shows_no_notice(built_site):
    text = article(page(built_site, SIGNED))
    assert "direkonstruksi" not in text and "sop-rekonstruksi-tanda" not in text


def test_data_check_notes_use_the_words_of_validate(built_site):
    result = CliRunner().invoke(main, ["validate", str(SEED_DATA)])
    folder = f"{SEED_DATA.name}/{SLIPS}/"
    lines = [l for l in result.output.splitlines() if l.startswith(folder)]
    assert any("Dinas Pertanian" in l for l in lines)
    text = article(page(built_site, SLIPS))
    box = re.search(r'<details class="sop-catatan">.*?</details>', text, re.S)[0]
    assert "<summary>Catatan pemeriksaan data (%d)</summary>" % len(lines) in box
    shown = [html.unescape(t) for t in re.findall(r"<li><code>(.*?)</code></li>", box)]
    assert shown == lines
    assert "sop-catatan" not in article(page(built_site, "banyumas/kebasen/pengukuran-data-kinerja"))  # no findings, no box


def test_every_page_has_its_own_title_and_description(built_site):
    titles, descriptions = {}, {}
    for file in sorted(built_site.rglob("index.html")):
        text = file.read_text("utf-8")
        title = re.search(r"<title>(.*?)</title>", text, re.S)[1]
        description = re.search(r'<meta name="description" content="([^"]*)"', text)[1]
        og_title = re.search(r'<meta property="og:title" content="([^"]*)"', text)[1]
        assert og_title and re.search(r'<meta property="og:description" content="[^"]+"', text)
        titles.setdefault(title, []).append(file)
        descriptions.setdefault(description, []).append(file)
    assert [t for t, files in titles.items() if len(files) > 1] == []
    assert [d for d, files in descriptions.items() if len(files) > 1] == []
    sop = page(built_site, "banyumas/kebasen/pengumpulan-data-kinerja")
    assert "<title>Pengumpulan Data Kinerja · Kecamatan Kebasen - Portal SOP Kecamatan</title>" in sop
    assert '<meta property="og:title" content="Pengumpulan Data Kinerja · Kecamatan Kebasen">' in sop


def test_theme_text_is_indonesian(built_site):
    for file in sorted(built_site.rglob("*.html")):
        text = file.read_text("utf-8")
        for english in ("Made with", "Permanent link", 'aria-label="Header"', 'aria-label="Footer"', "Not found"):
            assert english not in text, (file, english)
    missing = (built_site / "404.html").read_text("utf-8")
    assert "<h1>Halaman tidak ditemukan</h1>" in missing and "Kembali ke beranda" in missing
    assert 'for="__search"' in missing


def test_guides_render_as_written(built_site):
    guide = page(built_site, "panduan/kontributor")
    steps = guide[guide.index('id="sop-baru-langkah-demi-langkah"'):guide.index('id="apa-yang-terjadi-pada-pull-request"')]
    assert len(re.findall(r"<li>", steps)) == 8 and not re.search(r"<p>[^<]*\n\d+\. ", steps)
    reference = article(page(built_site, "panduan/format-data"))
    assert "`" not in html.unescape(re.sub(r"<pre>.*?</pre>", "", reference, flags=re.S))
    assert "<code>pelaksana;keputusan</code>" in reference
