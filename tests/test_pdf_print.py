"""Print geometry, pagination, tagging and forms of the PDFs, measured on
the rendered files (pdfplumber for positions, pypdf for structure).

Each PDF is rendered once per session, on A4 and on F4."""
from __future__ import annotations

import io
import logging
import re

import pdfplumber
import pypdf
import pytest

from conftest import SEED_DATA
from portal_sop import cache
from portal_sop.flowchart import table as flowchart_print
from portal_sop.flowchart.layout import build_rows
from portal_sop.pdf import book as pdf_book
from portal_sop.pdf import build as pdf_build
from portal_sop.pdf import documents as pdf
from portal_sop.pdf import forms
from portal_sop.validation import load_and_validate

MM = 72 / 25.4
REAL_URL = "https://sop.banyumaskab.go.id/"
PAPERS = ("A4", "F4")
SOPS = (("kebasen", "pengukuran-data-kinerja"), ("simpang-empat", "pengumpulan-data-kinerja"))


@pytest.fixture(scope="session")
def portal():
    loaded, _ = load_and_validate(SEED_DATA)
    return loaded


def district(portal, slug):
    return next(d for d in portal.districts if d.slug == slug)


@pytest.fixture(scope="session")
def rendered(portal) -> dict[tuple[str, str], bytes]:
    """(paper, name) -> PDF bytes: two SOPs, Kebasen's Buku and its three forms."""
    out = {}
    for paper in PAPERS:
        options = pdf.PdfOptions(paper=paper, site_url=REAL_URL, data_dir=SEED_DATA, triwulan=2)
        for d_slug, s_slug in SOPS:
            d = district(portal, d_slug)
            out[paper, s_slug + "@" + d_slug] = pdf.render_sop_pdf(d, d.sop(s_slug), options)
        kebasen = district(portal, "kebasen")
        out[paper, "buku"] = pdf_book.render_book_pdf(kebasen, options)
        for kind in (forms.MONITORING, forms.EVALUATION, forms.KINERJA):
            out[paper, kind] = forms.render_form_pdf(kind, kebasen, options, portal.kinerja)
    return out


def all_keys():
    names = [s + "@" + d for d, s in SOPS] + ["buku", forms.MONITORING, forms.EVALUATION, forms.KINERJA]
    return [(p, n) for p in PAPERS for n in names]


def segments(page) -> list[tuple[float, float, float, float]]:
    """Every straight piece drawn on the page (lines, rectangle edges, polygon edges), top-based."""
    segs = []
    for obj in page.lines + page.rects + page.curves:
        pts = obj["pts"]
        if obj["object_type"] == "rect":
            pts = pts + pts[:1]
        segs += [(a[0], a[1], b[0], b[1]) for a, b in zip(pts, pts[1:])]
    return segs


def crosses(box, seg) -> bool:
    """Does an axis-aligned box (x0, top, x1, bottom) touch the segment? (Liang-Barsky clip)"""
    x0, t, x1, b = box
    ax, ay, bx, by = seg
    dx, dy = bx - ax, by - ay
    lo, hi = 0.0, 1.0
    for p, q in ((-dx, ax - x0), (dx, x1 - ax), (-dy, ay - t), (dy, b - ay)):
        if p == 0:
            if q < 0:
                return False
        else:
            r = q / p
            if p < 0:
                lo = max(lo, r)
            else:
                hi = min(hi, r)
    return lo <= hi


@pytest.mark.parametrize("key", all_keys(), ids=lambda k: f"{k[0]}-{k[1]}" if isinstance(k, tuple) else str(k))
def test_everything_drawn_stays_inside_the_margins(rendered, key):
    paper = pdf.PAPERS[key[0]]
    with pdfplumber.open(io.BytesIO(rendered[key])) as doc:
        for page in doc.pages:
            assert (round(page.width / MM), round(page.height / MM)) == (paper.width_mm, paper.height_mm)
            left, right = pdf.MARGIN_MM * MM - 0.6, page.width - pdf.MARGIN_MM * MM + 0.6
            top, bottom = pdf.MARGIN_MM * MM - 0.6, page.height - pdf.BOTTOM_MARGIN_MM * MM + 0.6
            for obj in page.lines + page.rects + page.curves:
                assert left <= obj["x0"] and obj["x1"] <= right, (page.page_number, obj["object_type"], obj["x0"], obj["x1"])
                assert top <= obj["top"] and obj["bottom"] <= bottom, (page.page_number, obj["object_type"])
            for char in page.chars:
                if char["x0"] > page.width or char["x1"] < 0:
                    # WeasyPrint writes a text area's initial text far off the
                    # paper (it shows through the field's appearance instead)
                    continue
                assert left <= char["x0"] and char["x1"] <= right, (page.page_number, char["text"])
                # the footer line lives in the bottom margin, above the paper's edge
                assert top <= char["top"] and char["bottom"] <= page.height - 5 * MM, (page.page_number, char["text"])


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("sop_key", [s + "@" + d for d, s in SOPS])
def test_identity_grid_is_one_table_over_the_content_width(rendered, paper, sop_key):
    """Every row of the kop/identity block and the sections below starts and
    ends on the same two verticals: the content edges."""
    with pdfplumber.open(io.BytesIO(rendered[paper, sop_key])) as doc:
        page = doc.pages[0]
        horizontal = [ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.01]
        assert horizontal
        left, right = min(ln["x0"] for ln in horizontal), max(ln["x1"] for ln in horizontal)
        assert left == pytest.approx(pdf.MARGIN_MM * MM, abs=0.6)
        assert right == pytest.approx(page.width - pdf.MARGIN_MM * MM, abs=0.6)
        verticals = [ln for ln in page.lines if abs(ln["x0"] - ln["x1"]) < 0.01]
        outer_left = [v for v in verticals if abs(v["x0"] - left) < 0.6]
        outer_right = [v for v in verticals if abs(v["x0"] - right) < 0.6]
        # the outer borders run without a gap from the top of the block to its bottom
        for side in (outer_left, outer_right):
            spans = sorted((v["top"], v["bottom"]) for v in side)
            reach = spans[0][1]
            for top, bottom in spans[1:]:
                assert top <= reach + 0.6, "gap in the outer border"
                reach = max(reach, bottom)
            assert spans[0][0] == pytest.approx(min(h["top"] for h in horizontal), abs=0.6)
            assert reach == pytest.approx(max(h["bottom"] for h in horizontal), abs=0.6)
        # a border closes the kop off from the "Dasar Hukum" row
        dasar = next(w for w in page.extract_words() if w["text"] == "Dasar")
        assert any(h["top"] < dasar["top"] and dasar["top"] - h["top"] < 6 * MM and h["x0"] <= left + 0.6
                   and h["x1"] >= dasar["x1"] for h in horizontal)


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("key", [s + "@" + d for d, s in SOPS] + ["buku"])
def test_decision_labels_touch_no_line_symbol_or_border(rendered, portal, paper, key):
    labels = {"Ya", "Tidak"}
    found = 0
    with pdfplumber.open(io.BytesIO(rendered[paper, key])) as doc:
        for page in doc.pages:
            segs = segments(page)
            for word in page.extract_words(extra_attrs=["size"]):
                if word["text"] in labels and word["size"] < 6.6:
                    found += 1
                    box = (word["x0"] + 0.1, word["top"] + 0.1, word["x1"] - 0.1, word["bottom"] - 0.1)
                    hit = [s for s in segs if crosses(box, s)]
                    assert not hit, (page.page_number, word["text"], box, hit[:2])
    assert found >= 4  # both seeds have two decisions with two labels each


@pytest.mark.parametrize("paper", PAPERS)
def test_pages_are_filled_and_never_hold_a_lone_step_that_fit_before(portal, paper):
    """Breaks follow measured heights: a page is only started when the next
    row (with the connectors it would need) does not fit on the previous one;
    and the PDF has exactly the planned pages (nothing overflowed)."""
    for d in portal.districts:
        for sop in d.sops:
            layout = pdf.flowchart_layout(sop, pdf.PAPERS[paper])
            rows, edges = build_rows(sop)
            ranges = flowchart_print.measured_breaks(rows, edges, layout)
            for (s0, e0), (s1, e1) in zip(ranges, ranges[1:]):
                grown = (layout.header + sum(layout.rows[s0:e0 + 1])
                         + layout.connector * flowchart_print._crossing(edges, s0, e0 + 1)
                         + (layout.total if e0 + 1 == len(rows) else 0))
                loop_kept = flowchart_print._loop_split(edges, e0 + 1) if e0 + 1 < len(rows) else False
                assert grown > layout.available or loop_kept, (sop.slug, paper, ranges)


@pytest.mark.parametrize("paper", PAPERS)
def test_kebasen_010_fits_one_flowchart_page(rendered, paper):
    reader = pypdf.PdfReader(io.BytesIO(rendered[paper, "pengukuran-data-kinerja@kebasen"]))
    assert len(reader.pages) == 2  # identity page + one flowchart page with all 9 steps
    assert "Jumlah waktu pelayanan" in reader.pages[1].extract_text()


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("key", [s + "@" + d for d, s in SOPS] + ["buku"])
def test_sop_pdfs_are_tagged_pdf_a3a_in_indonesian(rendered, portal, paper, key):
    reader = pypdf.PdfReader(io.BytesIO(rendered[paper, key]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "id"
    assert root["/MarkInfo"]["/Marked"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")3", xmp) and re.search(r"pdfaid:conformance(>|=\")A", xmp)


@pytest.mark.parametrize("paper", PAPERS)
def test_step_text_extracts_in_step_order_with_its_actor(rendered, portal, paper):
    kebasen = district(portal, "kebasen")
    sop = kebasen.sop("pengukuran-data-kinerja")
    with pdfplumber.open(io.BytesIO(rendered[paper, "pengukuran-data-kinerja@kebasen"])) as doc:
        flow = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in doc.pages[1:]))
    positions = [flow.find(" ".join(step.activity.split()[:3])) for step in sop.steps]
    assert all(p >= 0 for p in positions) and positions == sorted(positions)
    # who does each step is text too, not only a symbol in a lane
    first, second = sop.steps[0], sop.steps[1]
    between = flow[positions[0]:positions[1]]
    assert sop.actor(first.actors[0]).name in between


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("kind", [forms.MONITORING, forms.EVALUATION, forms.KINERJA])
def test_form_widgets_carry_appearances_without_need_appearances(rendered, paper, kind):
    reader = pypdf.PdfReader(io.BytesIO(rendered[paper, kind]))
    acro = reader.trailer["/Root"]["/AcroForm"]
    assert not acro.get("/NeedAppearances", False)
    widgets = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])
               if a.get_object().get("/Subtype") == "/Widget"]
    assert widgets
    for widget in widgets:
        assert "/AP" in widget and "/N" in widget["/AP"], widget.get("/T")
        normal = widget["/AP"]["/N"].get_object()
        if "/AS" in widget:  # a check box or radio button: its current state has a drawing
            assert widget["/AS"] in normal, (widget.get("/T"), widget["/AS"])


def test_prefilled_names_are_whole_and_fit_their_field(rendered):
    """The Camat's name is the field's value and, at the field's font size,
    fits its width (2 pt inner padding each side), so no viewer cuts it."""
    head = "WAHYU ADHI FIBRIANTO, S.STP., M.A.P"
    for paper in PAPERS:
        for kind in (forms.KINERJA, forms.EVALUATION, forms.MONITORING):
            reader = pypdf.PdfReader(io.BytesIO(rendered[paper, kind]))
            assert reader.get_fields()["ttd_camat_nama"]["/V"] == head
            widget = next(a.get_object() for page in reader.pages for a in page.get("/Annots", [])
                          if a.get_object().get("/T") == "ttd_camat_nama")
            size = float(re.search(r"([\d.]+) Tf", widget["/DA"]).group(1))
            width = float(widget["/Rect"][2]) - float(widget["/Rect"][0])
            assert forms.text_width_pt(head, size) + 4 <= width, (paper, kind, size, width)
            drawn = widget["/AP"]["/N"].get_object().get_data()
            assert b"Tj" in drawn  # the name is drawn in the appearance stream itself


@pytest.mark.parametrize("kind, group, values", [
    (forms.EVALUATION, "sop_01_mudah_dipahami", ("ya", "tidak")),
    (forms.MONITORING, "sop_01_penilaian", ("baik", "tidak_baik")),
])
def test_exclusive_choices_are_radio_groups(rendered, kind, group, values):
    reader = pypdf.PdfReader(io.BytesIO(rendered["A4", kind]))
    fields = reader.get_fields()
    field = fields[group]
    assert field["/FT"] == "/Btn" and int(field["/Ff"]) & (1 << 15)  # radio flag
    kids = [k.get_object() for k in field["/Kids"]]
    assert len(kids) == 2
    assert [str(o) for o in field["/Opt"]] == list(values)


def test_radio_group_fills_one_choice_and_reads_back(rendered):
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(rendered["A4", forms.EVALUATION]))
    writer.update_page_form_field_values(writer.pages[0], {"sop_01_mudah_dipahami": "/1",
                                                           "sop_01_mudah_dipahami_catatan": "Perlu contoh"},
                                        auto_regenerate=False)
    out = io.BytesIO()
    writer.write(out)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    fields = reader.get_fields()
    assert fields["sop_01_mudah_dipahami"]["/V"] == "/1"  # second choice: "tidak"
    assert fields["sop_01_mudah_dipahami_catatan"]["/V"] == "Perlu contoh"
    states = [k.get_object()["/AS"] for k in fields["sop_01_mudah_dipahami"]["/Kids"]]
    assert states == ["/Off", "/1"]  # exactly one chosen
    # the buttons are widgets of their group, not fields of their own
    top = [f.get_object().get("/T") for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]]
    assert top.count("sop_01_mudah_dipahami") == 1


@pytest.mark.parametrize("paper", PAPERS)
def test_kinerja_sign_off_stays_with_its_table(rendered, paper):
    """The sign-off block never stands alone on a page: the page that holds
    it also holds at least one indicator row."""
    with pdfplumber.open(io.BytesIO(rendered[paper, forms.KINERJA])) as doc:
        for page in doc.pages:
            text = page.extract_text()
            if "Disetujui oleh" in text:
                assert re.search(r"makin (tinggi|rendah) makin baik", text), page.page_number


def test_evaluation_and_monitoring_forms_have_signature_blocks(rendered):
    for kind, roles in ((forms.EVALUATION, ("evaluator", "camat")), (forms.MONITORING, ("penilai", "camat"))):
        fields = pypdf.PdfReader(io.BytesIO(rendered["A4", kind])).get_fields()
        for role in roles:
            assert f"ttd_{role}_nama" in fields and f"ttd_{role}_tanggal" in fields


def test_placeholder_site_url_gives_no_qr_and_one_warning(portal, caplog, tmp_path):
    kebasen = district(portal, "kebasen")
    sop = kebasen.sop("pengukuran-data-kinerja")
    for url in ("", "https://portal-sop.example.id/", "http://localhost:8000/", "https://example.com"):
        html = pdf.sop_html(kebasen, sop, pdf.PdfOptions(site_url=url, data_dir=SEED_DATA))
        assert 'class="verifikasi"' not in html and "Pindai kode QR" not in html  # no QR code, no link
        assert pdf.site_url_warning(url) and "site_url" in pdf.site_url_warning(url)
    assert 'class="verifikasi"' in pdf.sop_html(kebasen, sop, pdf.PdfOptions(site_url=REAL_URL, data_dir=SEED_DATA))
    assert pdf.site_url_warning(REAL_URL) == ""
    tiny = type(portal)(regencies=tuple(r for r in portal.regencies if any(d.slug == "samboja" for d in r.districts)))
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.portal_sop.pdf"):
        pdf_build.build_downloads(tiny, pdf.PdfOptions(site_url="https://portal-sop.example.id/", data_dir=SEED_DATA),
                                  cache.Cache(tmp_path, ".pdf"), workers=1)
    warnings = [r.getMessage() for r in caplog.records if "site_url" in r.getMessage()]
    assert len(warnings) == 1 and "mkdocs.yml" in warnings[0]
    assert list((tmp_path / "layout").glob("*.json"))  # measured heights kept beside the PDFs


def test_buku_orders_sops_by_number_naturally_then_name(portal):
    kebasen = district(portal, "kebasen")
    assert [s.number for s in pdf.book_order(kebasen)] == ["PK. KEC. KBS / 010 / I / 2024", "PK . KEC . KBS / 011 / I / 2024"]
    assert pdf.natural_key("SOP 9") < pdf.natural_key("SOP 10")


def test_time_header_carries_the_unit_when_times_are_bare_numbers(portal):
    iv_jurai = district(portal, "iv-jurai")
    sop = iv_jurai.sops[0]
    assert sop.time_header == "Waktu (menit)"
    html = "".join(pdf.flowchart_pages(sop, pdf.PAPERS["A4"]))
    assert "Waktu (menit)" in html
    assert district(portal, "kebasen").sops[0].time_header == "Waktu"


def test_measured_layout_is_cached_by_content(portal, tmp_path, monkeypatch):
    """The measuring layout pass runs once per unchanged SOP; the next build
    reads the heights from the cache, and changed text is measured anew."""
    import dataclasses

    from portal_sop.pdf import documents

    kebasen = district(portal, "kebasen")
    sop = kebasen.sop("pengukuran-data-kinerja")
    paper = pdf.PAPERS["A4"]
    documents._measure_rows.cache_clear()
    first = pdf.flowchart_layout(sop, paper, tmp_path)
    assert len(list(tmp_path.glob("*.json"))) == 1
    documents._measure_rows.cache_clear()

    def no_layout(*args, **kwargs):
        raise AssertionError("laid out again despite a cached measurement")

    monkeypatch.setattr(documents.HTML, "render", no_layout)
    assert pdf.flowchart_layout(sop, paper, tmp_path) == first
    monkeypatch.undo()
    documents._measure_rows.cache_clear()
    longer = dataclasses.replace(sop, steps=(dataclasses.replace(sop.steps[0], activity=sop.steps[0].activity * 4),)
                                 + sop.steps[1:])
    assert pdf.flowchart_layout(longer, paper, tmp_path).rows[0] > first.rows[0]
    assert len(list(tmp_path.glob("*.json"))) == 2


def _count_layouts(monkeypatch) -> list[str]:
    """The HTML of every document `sop_pdf` lays out (the measuring page not included)."""
    from portal_sop.pdf import documents

    passes: list[str] = []
    real = documents.lay_out

    def counted(html, **kwargs):
        passes.append(html)
        return real(html, **kwargs)

    monkeypatch.setattr(documents, "lay_out", counted)
    return passes


def _measured_pdf(district_, sop, options) -> bytes:
    """The SOP document as the plain two-pass way makes it: measure the
    whole table, break it, render the HTML."""
    from portal_sop.pdf import documents

    documents._measure_rows.cache_clear()
    return pdf.write_pdf(pdf.sop_html(district_, sop, options), roots=pdf.allowed_roots(SEED_DATA),
                         variant=options.pdf_variant)


@pytest.mark.parametrize("guess, passes", [("estimate", 1), ("too low", 2), ("too high", 2)])
def test_sop_pdf_is_the_measured_document_whatever_the_guess(portal, monkeypatch, guess, passes):
    """`sop_pdf` lays the document out with guessed row heights and keeps that
    layout only when the real heights, read from it, break the pages the same
    way; a wrong guess costs a second layout, never a different PDF. The
    estimate from the font's widths is right for the 14-step seed SOP (two
    flowchart pages)."""
    import dataclasses

    from portal_sop.pdf import documents

    iv_jurai = district(portal, "iv-jurai")
    sop = iv_jurai.sops[0]
    options = pdf.PdfOptions(paper="A4", site_url=REAL_URL, data_dir=SEED_DATA)
    expected = _measured_pdf(iv_jurai, sop, options)
    assert len(pdf.flowchart_pages(sop, options.page)) == 2
    estimate = documents.estimated_flowchart_layout
    if guess != "estimate":
        factor = 0.3 if guess == "too low" else 4.0

        def wrong(sop_, paper):
            layout = estimate(sop_, paper)
            return dataclasses.replace(layout, rows=tuple(h * factor for h in layout.rows))

        monkeypatch.setattr(documents, "estimated_flowchart_layout", wrong)
    laid_out = _count_layouts(monkeypatch)
    assert pdf.sop_pdf(iv_jurai, sop, options, pdf.allowed_roots(SEED_DATA), options.pdf_variant) == expected
    assert len(laid_out) == passes


def test_sop_pdf_with_a_row_taller_than_a_page_is_measured(portal, monkeypatch):
    """A step whose text is longer than a page is split by the layout engine,
    so its height cannot be read from the document: it is measured on the
    long measuring page, and the PDF is still the measured one."""
    import dataclasses

    kebasen = district(portal, "kebasen")
    sop = kebasen.sop("pengukuran-data-kinerja")
    long_notes = " ".join(["Catatan panjang yang diulang untuk mengisi satu halaman penuh."] * 20)
    sop = dataclasses.replace(sop, steps=(dataclasses.replace(sop.steps[0], notes=long_notes),) + sop.steps[1:])
    options = pdf.PdfOptions(paper="A4", site_url=REAL_URL, data_dir=SEED_DATA)
    expected = _measured_pdf(kebasen, sop, options)
    from portal_sop.pdf import documents

    documents._measure_rows.cache_clear()
    measured: list[str] = []
    real_measure = documents._measure_rows.__wrapped__

    def counted(table_html, width_mm, cache_dir=None):
        measured.append(table_html)
        return real_measure(table_html, width_mm, cache_dir)

    monkeypatch.setattr(documents, "_measure_rows", counted)
    assert pdf.sop_pdf(kebasen, sop, options, pdf.allowed_roots(SEED_DATA), options.pdf_variant) == expected
    assert len(measured) == 1


def test_sop_pdf_reads_known_heights_from_the_layout_cache(portal, tmp_path, monkeypatch):
    """The heights read from a document are kept in the layout cache: the
    next build of the unchanged SOP lays it out once, with no measuring."""
    import dataclasses

    from portal_sop.pdf import documents

    kebasen = district(portal, "kebasen")
    sop = kebasen.sop("pengukuran-data-kinerja")
    options = dataclasses.replace(pdf.PdfOptions(paper="F4", site_url=REAL_URL, data_dir=SEED_DATA),
                                  layout_cache_dir=tmp_path)
    roots = pdf.allowed_roots(SEED_DATA)
    first = pdf.sop_pdf(kebasen, sop, options, roots, options.pdf_variant)
    assert len(list(tmp_path.glob("*.json"))) == 1

    def no_estimate(*args):
        raise AssertionError("estimated despite cached heights")

    monkeypatch.setattr(documents, "estimated_flowchart_layout", no_estimate)
    laid_out = _count_layouts(monkeypatch)
    assert pdf.sop_pdf(kebasen, sop, options, roots, options.pdf_variant) == first
    assert len(laid_out) == 1
    # The cached heights are the measuring page's own: a measured layout reads the same entry.
    documents._measure_rows.cache_clear()
    monkeypatch.setattr(documents.HTML, "render", lambda *a, **k: (_ for _ in ()).throw(AssertionError("measured")))
    assert pdf.flowchart_layout(sop, options.page, tmp_path).rows


def test_estimated_row_heights_follow_the_wrapped_text():
    """The estimate counts wrapped lines in the font: one short line keeps the
    drawing band's height, and each line past four adds one line of text."""
    width_of = lambda text, bold: len(text) * 1.5  # noqa: E731 - 1.5 mm per character
    assert flowchart_print.wrapped_lines("", 30, width_of) == 0
    assert flowchart_print.wrapped_lines("satu dua tiga", 30, width_of) == 1  # 19.5 mm
    assert flowchart_print.wrapped_lines("satu dua tiga empat lima", 30, width_of) == 2
    assert flowchart_print.wrapped_lines("x" * 45, 30, width_of) == 3  # 67.5 mm broken anywhere
