"""PDF documents, Buku SOP and forms (pdf.py, forms.py, pdf_build.py).

Few PDFs are rendered, once per session; everything else checks HTML,
field lists or the cache on tiny documents."""
from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pypdf
import pytest
from fontTools.ttLib import TTFont
from conftest import HOSTILE, SEED_DATA
from portal_sop import paths
from portal_sop.cache import Cache
from portal_sop.flowchart import table as flowchart_print
from portal_sop.pdf import book as pdf_book
from portal_sop.pdf import build as pdf_build
from portal_sop.pdf import documents as pdf
from portal_sop.pdf import forms
from portal_sop.pdf.formfonts import ENTRY_CHARACTERS
from portal_sop.validation import load_and_validate

SITE_URL = "https://sop.banyumaskab.go.id/sub/"
MM = 72 / 25.4


@pytest.fixture(scope="session")
def seed():
    portal, _ = load_and_validate(SEED_DATA)
    packages = portal.kinerja
    kebasen = next(d for d in portal.districts if d.slug == "kebasen")
    return portal, packages, kebasen


@pytest.fixture(scope="session")
def options() -> pdf.PdfOptions:
    return pdf.PdfOptions(site_url=SITE_URL, data_dir=SEED_DATA, triwulan=2)


@pytest.fixture(scope="session")
def sop_pdf(seed, options) -> pypdf.PdfReader:
    _, _, kebasen = seed
    return pypdf.PdfReader(io.BytesIO(pdf.render_sop_pdf(kebasen, kebasen.sop("pengukuran-data-kinerja"), options)))


@pytest.fixture(scope="session")
def book_bytes(seed, options) -> bytes:
    _, _, kebasen = seed
    return pdf_book.render_book_pdf(kebasen, options)


@pytest.fixture(scope="session")
def book_pdf(book_bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(book_bytes))


@pytest.fixture(scope="session")
def form_pdfs(seed, options) -> dict[str, bytes]:
    _, packages, kebasen = seed
    return {kind: forms.render_form_pdf(kind, kebasen, options, packages)
            for kind in (forms.MONITORING, forms.EVALUATION, forms.KINERJA)}


def text(reader: pypdf.PdfReader, index: int) -> str:
    return reader.pages[index].extract_text()


def squeeze(value: str) -> str:
    return re.sub(r"\s+", "", value)


def landscape_size(reader: pypdf.PdfReader, index: int = 0) -> tuple[float, float]:
    box = reader.pages[index].mediabox
    return round(float(box.width) / MM), round(float(box.height) / MM)


def test_sop_pdf_is_landscape_a4_with_identity_flowchart_and_footer(seed, sop_pdf, options):
    _, _, kebasen = seed
    sop = kebasen.sop("pengukuran-data-kinerja")
    flow_pages = pdf.flowchart_pages(sop, options.page)
    assert len(sop_pdf.pages) == 1 + len(flow_pages)
    assert all(landscape_size(sop_pdf, i) == (297, 210) for i in range(len(sop_pdf.pages)))
    first = text(sop_pdf, 0)
    assert "PEMERINTAH KABUPATEN BANYUMAS" in first and "KECAMATAN KEBASEN" in first
    assert squeeze(sop.number) in squeeze(first)
    assert "NIP. 19780220 199612 1 001" in first
    assert f"Halaman 1 dari {len(sop_pdf.pages)}" in first
    flow = "".join(text(sop_pdf, i) for i in range(1, len(sop_pdf.pages)))
    assert "Pelaksana" in flow and "Mutu Baku" in flow
    assert squeeze("Mengunggah di aplikasi dan mengolah data") in squeeze(flow)
    # The flowchart is drawn: every flowchart page carries vector symbols.
    for i in range(1, len(sop_pdf.pages)):
        assert len(sop_pdf.pages[i].get_contents().get_data()) > 2000


def test_sop_pdf_metadata_language_and_fonts(sop_pdf):
    meta = sop_pdf.metadata
    assert meta.title.startswith("SOP Pengukuran Data Kinerja")
    assert meta.author == "Kecamatan Kebasen, Kabupaten Banyumas"
    assert sop_pdf.trailer["/Root"]["/Lang"] == "id"
    assert b"pdfaid" in sop_pdf.trailer["/Root"]["/Metadata"].get_object().get_data()
    fonts = sop_pdf.pages[0]["/Resources"]["/Font"]
    for ref in fonts.values():
        descriptor = ref.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert "/FontFile2" in descriptor


def test_qr_payload_is_the_canonical_page_url(seed, options, monkeypatch, sop_pdf):
    _, _, kebasen = seed
    sop = kebasen.sop("pengukuran-data-kinerja")
    expected = SITE_URL + paths.page_url(paths.sop_page(kebasen, sop))
    seen = []
    real = pdf.segno.make
    monkeypatch.setattr(pdf.segno, "make", lambda payload, **kw: seen.append(payload) or real(payload, **kw))
    view = pdf.sop_view(kebasen, sop, options)
    assert seen == [expected] == [view.qr_payload]
    assert expected == "https://sop.banyumaskab.go.id/sub/banyumas/kebasen/pengukuran-data-kinerja/"
    uris = [a.get_object()["/A"]["/URI"] for a in sop_pdf.pages[0].get("/Annots", [])]
    assert expected in uris


def test_f4_paper_is_330_by_215_landscape(seed):
    _, _, kebasen = seed
    f4 = pdf.PdfOptions(paper="F4", data_dir=SEED_DATA)
    reader = pypdf.PdfReader(io.BytesIO(pdf.render_sop_pdf(kebasen, kebasen.sops[0], f4)))
    assert landscape_size(reader) == (330, 215)


def test_unknown_paper_is_refused_in_indonesian():
    with pytest.raises(pdf.PdfError, match="ukuran kertas"):
        pdf.PdfOptions(paper="Letter")


def test_book_toc_page_numbers_match_where_each_sop_starts(seed, book_pdf):
    _, _, kebasen = seed
    assert "BUKU STANDAR OPERASIONAL PROSEDUR" in text(book_pdf, 0)
    assert "TAHUN 2024" in text(book_pdf, 0)
    toc = text(book_pdf, 1)
    assert "DAFTAR ISI" in toc
    listed = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", toc, re.M)]
    assert len(listed) == len(kebasen.sops)
    pages = [squeeze(text(book_pdf, i)) for i in range(len(book_pdf.pages))]
    for sop, number in zip(pdf.book_order(kebasen), listed):
        start = next(i for i in range(2, len(pages)) if squeeze(sop.number) in pages[i])
        assert start + 1 == number
    assert f"Halaman 2 dari {len(book_pdf.pages)}" in toc
    # The SOP pages are the SOP documents as rendered, their own footer kept.
    first = pdf.book_order(kebasen)[0]
    assert "Halaman 1 dari" in text(book_pdf, 2) and first.name in text(book_pdf, 2)
    assert book_pdf.page_labels == [str(n) for n in range(1, len(book_pdf.pages) + 1)]


def _elements(element, depth=0):
    """Structure elements under `element`, depth first."""
    element = element.get_object()
    yield element
    kids = element.get("/K")
    for kid in (kids if isinstance(kids, list) else [kids] if kids is not None else []):
        kid = kid.get_object() if hasattr(kid, "get_object") else kid
        if isinstance(kid, dict) and kid.get("/Type", "/StructElem") == "/StructElem" and "/S" in kid:
            yield from _elements(kid, depth + 1)


def test_assembled_book_keeps_one_structure_tree_over_all_its_pages(seed, book_pdf):
    _, _, kebasen = seed
    tree = book_pdf.trailer["/Root"]["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    sections = [k.get_object() for k in document["/K"] if k.get_object()["/S"] == "/Sect"]
    assert [str(s["/T"]) for s in sections] == [f"SOP {sop.name}" for sop in pdf.book_order(kebasen)]
    assert all(s["/P"].get_object() == document for s in sections)
    nums = tree["/ParentTree"]["/Nums"]
    parents = dict(zip((int(k) for k in nums[::2]), nums[1::2]))
    for index, page in enumerate(book_pdf.pages):
        key = int(page["/StructParents"])
        elements = parents[key].get_object()
        # Every marked content of the page belongs to an element of that page.
        assert elements and all(e.get_object().raw_get("/Pg").idnum == page.indirect_reference.idnum
                                for e in elements if "/Pg" in e.get_object()), index
    annotations = [a.get_object() for p in book_pdf.pages for a in p.get("/Annots", [])]
    assert annotations  # the QR code links of the SOP pages
    # Page and annotation keys are the parent tree's keys, none shared.
    used = [int(p["/StructParents"]) for p in book_pdf.pages] + [int(a["/StructParent"]) for a in annotations]
    assert sorted(used) == sorted(parents) and len(set(used)) == len(used)
    for annotation in annotations:  # each link's parent element points back at it
        element = parents[int(annotation["/StructParent"])].get_object()
        kids = element["/K"] if isinstance(element["/K"], list) else [element["/K"]]
        assert any(isinstance(k.get_object(), dict) and k.get_object().get("/Type") == "/OBJR"
                   and k.get_object().raw_get("/Obj").idnum == annotation.indirect_reference.idnum for k in kids)
    # Step text of the last SOP is in the tree, under its section.
    words = set()
    for element in _elements(sections[-1]):
        words.add(str(element["/S"]))
    assert {"/Table", "/TR", "/TD"} <= words


def test_assembled_book_metadata_fonts_and_bookmarks(seed, book_pdf, book_bytes, options):
    _, _, kebasen = seed
    root = book_pdf.trailer["/Root"]
    assert book_pdf.metadata.title == "Buku SOP Kecamatan Kebasen"
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "id" and "/OutputIntents" in root
    assert b"Buku SOP Kecamatan Kebasen" in root["/Metadata"].get_object().get_data()
    # Different font subsets carry different tags; the same tag means the same file.
    files_by_name: dict[str, set[bytes]] = {}
    for page in book_pdf.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            data = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"].get_object().get_data()
            files_by_name.setdefault(str(font["/BaseFont"]), set()).add(data)
    assert all(len(files) == 1 for files in files_by_name.values()), {k: len(v) for k, v in files_by_name.items()}
    # One bookmark per SOP at the page the contents give for it.
    toc = [int(n) for n in re.findall(r"\.\s*(\d+)\s*$", text(book_pdf, 1), re.M)]
    marks = [(o.title, book_pdf.get_destination_page_number(o) + 1) for o in book_pdf.outline if not isinstance(o, list)]
    assert marks[1:] == [(f"SOP {s.name}", n) for s, n in zip(pdf.book_order(kebasen), toc)]
    assert pdf_book.render_book_pdf(kebasen, options) == book_bytes  # same SOPs, same bytes


def test_book_refuses_an_untagged_part(seed, options):
    _, _, kebasen = seed
    front = pdf_book.render_front(kebasen, options, [1] * len(kebasen.sops))
    untagged = pdf.write_pdf('<html lang="id"><body><p>x</p></body></html>', roots=pdf.allowed_roots(SEED_DATA))
    with pytest.raises(pdf.PdfError, match="tidak bertag"):
        pdf_book.assemble(front, [("SOP x", untagged)])


@pytest.mark.parametrize("kind, expected_count", [(forms.MONITORING, 5 + 2 * 4 + 2 * 3), (forms.EVALUATION, 3 + 2 * 12 + 2 * 3), (forms.KINERJA, 2 + 6 * 3 + 4 * 3)])
def test_form_fields_have_stable_names(seed, form_pdfs, kind, expected_count):
    _, packages, kebasen = seed
    fields = pypdf.PdfReader(io.BytesIO(form_pdfs[kind])).get_fields()
    expected = {
        forms.MONITORING: forms.monitoring_fields(kebasen),
        forms.EVALUATION: forms.evaluation_fields(kebasen),
        forms.KINERJA: forms.kinerja_fields(kebasen, packages[kebasen.path]),
    }[kind]
    assert set(fields) == set(expected)
    assert len(fields) == expected_count


def test_form_field_kinds_and_prefilled_values(form_pdfs):
    monitoring = pypdf.PdfReader(io.BytesIO(form_pdfs[forms.MONITORING])).get_fields()
    assert monitoring["sop_01_penilaian"]["/FT"] == "/Btn"
    assert monitoring["sop_02_catatan"]["/FT"] == "/Tx"
    assert monitoring["periode_semester"]["/FT"] == "/Ch"
    kinerja = pypdf.PdfReader(io.BytesIO(form_pdfs[forms.KINERJA]))
    fields = kinerja.get_fields()
    assert fields["ikm_realisasi"]["/FT"] == "/Tx"
    assert fields["ttd_camat_nip"]["/V"] == "19780220 199612 1 001"
    all_text = "".join(p.extract_text() for p in kinerja.pages)
    assert "DATA CONTOH" in all_text and "Triwulan II" in all_text
    assert "85" in all_text  # IKM target prefilled


def test_signature_chain_follows_the_kecamatan_sop(seed):
    portal, _, _ = seed
    chains = {d.slug: [s.official.title for s in forms.signature_chain(d)] for d in portal.districts}
    assert chains["kebasen"] == ["Seluruh Kepala Seksi", "Kasubag Perencanaan", "Sekcam", "Camat Kebasen"]
    assert chains["paringin-selatan"] == ["Kasi", "Kasubag", "Sekcam", "Camat Paringin Selatan"]
    assert chains["samboja"] == ["Tim Penyusun", "Sekretaris", "Camat Samboja"]


def test_form_can_be_filled_and_read_back(form_pdfs):
    reader = pypdf.PdfReader(io.BytesIO(form_pdfs[forms.MONITORING]))
    writer = pypdf.PdfWriter(clone_from=reader)
    writer.update_page_form_field_values(
        writer.pages[0], {"sop_01_catatan": "Berjalan sesuai jadwal", "sop_01_penilaian": "/0", "tahun": "2025"},
        auto_regenerate=False,
    )
    out = io.BytesIO()
    writer.write(out)
    fields = pypdf.PdfReader(out).get_fields()
    assert fields["sop_01_catatan"]["/V"] == "Berjalan sesuai jadwal"
    assert fields["tahun"]["/V"] == "2025"
    assert fields["sop_01_penilaian"]["/V"] == "/0"  # first choice: "baik"
    assert [str(o) for o in fields["sop_01_penilaian"]["/Opt"]] == ["baik", "tidak_baik"]


def test_text_from_data_is_escaped(seed, options):
    _, _, kebasen = seed
    sop = dataclasses.replace(kebasen.sops[0], name=HOSTILE, number=HOSTILE)
    html = pdf.sop_html(kebasen, sop, options)
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("url", [
    "file:///etc/passwd",
    (SEED_DATA / "banyumas").as_uri() + "/../../../etc/passwd",
    "http://example.com/logo.png",
    "https://example.com/x.css",
    "ftp://example.com/x",
])
def test_fetcher_refuses_everything_outside_templates_and_data(url):
    fetcher = pdf.RestrictedFetcher(pdf.allowed_roots(SEED_DATA))
    with pytest.raises(pdf.SourceRefused, match="ditolak"):
        fetcher.fetch(url)
    assert fetcher.refused


def test_fetcher_serves_package_and_data_files():
    fetcher = pdf.RestrictedFetcher(pdf.allowed_roots(SEED_DATA))
    css = pdf.PACKAGE_ROOT / "templates" / "pdf" / "dokumen.css"
    assert fetcher.fetch(css.as_uri()).read().startswith(b"/*")
    assert fetcher.fetch((SEED_DATA / "banyumas" / "kebasen" / "kecamatan.yaml").as_uri()).read()


def test_document_naming_a_forbidden_file_fails_with_indonesian_error():
    html = '<html lang="id"><body><img src="file:///etc/passwd"><img src="../../../../etc/hostname"></body></html>'
    with pytest.raises(pdf.PdfError, match="ditolak"):
        pdf.write_pdf(html, roots=pdf.allowed_roots(SEED_DATA))


def _tiny_job(seed, body: str) -> pdf_build.PdfJob:
    _, _, kebasen = seed
    return pdf_build.PdfJob("x/y.pdf", "Uji", pdf_build.FORM, kebasen, f'<html lang="id"><body><p>{body}</p></body></html>')


def test_cache_hit_skips_rendering(seed, tmp_path, monkeypatch):
    options = pdf.PdfOptions(pdf_variant=None, form_variant=None)
    first, stats = pdf_build.render_jobs([_tiny_job(seed, "satu")], options, Cache(tmp_path, ".pdf"))
    assert stats.rendered == ["x/y.pdf"] and not stats.cached
    monkeypatch.setattr(pdf_build, "_render", lambda *a: pytest.fail("rendered despite cache hit"))
    second, stats = pdf_build.render_jobs([_tiny_job(seed, "satu")], options, Cache(tmp_path, ".pdf"))
    assert stats.cached == ["x/y.pdf"] and not stats.rendered
    assert first == second


def test_cache_key_changes_with_html_and_options(seed):
    a, b = _tiny_job(seed, "satu"), _tiny_job(seed, "dua")
    options = pdf.PdfOptions()
    assert pdf_build.job_key(a, options, "f") != pdf_build.job_key(b, options, "f")
    assert pdf_build.job_key(a, options, "f") != pdf_build.job_key(a, pdf.PdfOptions(pdf_variant=None), "f")
    assert pdf_build.job_key(a, options, "f") != pdf_build.job_key(a, options, "fonts changed")
    assert pdf_build.job_key(a, options, "f") == pdf_build.job_key(_tiny_job(seed, "satu"), options, "f")


def test_plan_covers_every_sop_book_and_form(seed, options):
    portal, packages, _ = seed
    jobs = pdf_build.plan(portal, options, packages)
    kinds = [j.kind for j in jobs]
    assert kinds.count(pdf_build.SOP_DOCUMENT) == len(portal.sops)
    assert kinds.count(pdf_build.BOOK) == len(portal.districts)
    assert kinds.count(pdf_build.FORM) == 3 * len(portal.districts)
    assert len({j.path for j in jobs}) == len(jobs)
    assert "kebasen/unduh/formulir-data-kinerja-triwulan-2.pdf" in " ".join(j.path for j in jobs)


def test_site_links_pdfs_relatively_and_lists_downloads(built_site):
    sop_page = (built_site / "banyumas/kebasen/pengukuran-data-kinerja/index.html").read_text("utf-8")
    assert 'href="pengukuran-data-kinerja.pdf"' in sop_page
    assert (built_site / "banyumas/kebasen/pengukuran-data-kinerja/pengukuran-data-kinerja.pdf").read_bytes()[:5] == b"%PDF-"
    district = (built_site / "banyumas/kebasen/index.html").read_text("utf-8")
    assert "Unduhan" in district and 'href="unduh/buku-sop-kebasen.pdf"' in district
    assert re.search(r"Formulir Monitoring Pelaksanaan SOP</a></th><td[^>]*>\d+ KB", district)
    downloads = (built_site / "unduhan/index.html").read_text("utf-8")
    assert 'href="../banyumas/kebasen/unduh/formulir-evaluasi-sop.pdf"' in downloads


# --- form fonts: the glyphs for typed Indonesian, not the whole font ----------

TYPED = "Rp 50.000 – “tepat” … café № 3 ≥ 90 % ‘Kasi’ • €"


def _text_widget(reader: pypdf.PdfReader, name: str | None = None):
    return next(w for page in reader.pages for a in page.get("/Annots", []) if (w := a.get_object()).get("/FT") == "/Tx"
                and "/DA" in w and (name is None or w.get("/T") == name))


def _field_font(reader: pypdf.PdfReader, widget) -> tuple[object, TTFont, int]:
    """The Type0 font a text field names in its /DA, its embedded TrueType
    file and that file's size."""
    name = re.search(r"/(\S+) [\d.]+ Tf", str(widget["/DA"])).group(1)
    font = reader.trailer["/Root"]["/AcroForm"]["/DR"]["/Font"]["/" + name].get_object()
    data = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]["/FontFile2"].get_object().get_data()
    return font, TTFont(io.BytesIO(data)), len(data)


def test_form_field_font_holds_the_entry_characters_and_little_else(form_pdfs):
    for kind, data in form_pdfs.items():
        reader = pypdf.PdfReader(io.BytesIO(data))
        font, embedded, size = _field_font(reader, _text_widget(reader))
        cmap = embedded.getBestCmap()
        assert {ord(c) for c in ENTRY_CHARACTERS} - {0xAD} <= set(cmap), kind  # soft hyphen has no glyph
        # The whole DejaVu Sans maps some 6,000 characters in 740 KB (uncompressed).
        assert len(cmap) < 400 and size < 100_000, (kind, len(cmap), size)
        assert len(data) < 200_000, kind
        # The PDF font lists a width for every glyph a typed character uses.
        w = list(font["/DescendantFonts"][0].get_object()["/W"])
        listed = {int(start) + i for start, run in zip(w[::2], w[1::2]) for i in range(len(run))}
        assert {embedded.getGlyphID(cmap[ord(c)]) for c in TYPED} <= listed, kind


def test_typed_indonesian_text_is_drawn_with_the_embedded_subset(form_pdfs, caplog):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(form_pdfs[forms.MONITORING]))
    with caplog.at_level("WARNING", logger="pypdf"):
        writer.update_page_form_field_values(writer.pages[0], {"sop_01_catatan": TYPED}, auto_regenerate=False)
    assert "not supported by font encoding" not in caplog.text
    out = io.BytesIO()
    writer.write(out)
    reader = pypdf.PdfReader(out)
    widget = _text_widget(reader, "sop_01_catatan")
    _, embedded, _ = _field_font(reader, widget)
    char_of = {}
    for code, glyph in sorted(embedded.getBestCmap().items(), reverse=True):
        char_of[embedded.getGlyphID(glyph)] = chr(code)
    drawn = widget["/AP"]["/N"].get_object().get_data().decode("latin-1")
    runs = re.findall(r"<([0-9a-fA-F]+)>\s*Tj", drawn)
    assert "".join(char_of.get(int(run[i:i + 4], 16), "?") for run in runs for i in range(0, len(run), 4)) == TYPED


def test_form_pdf_is_the_same_bytes_twice(seed, options, form_pdfs):
    _, packages, kebasen = seed
    assert forms.render_form_pdf(forms.KINERJA, kebasen, options, packages) == form_pdfs[forms.KINERJA]
