"""The PDF plan keys PDFs by their inputs and renders no HTML for cached ones."""
from __future__ import annotations

import dataclasses
import io
import shutil

import pypdf
import pytest
from conftest import SEED_DATA
from portal_sop import paths
from portal_sop.pdf import book
from portal_sop.pdf import build as pdf_build
from portal_sop.pdf import documents, forms
from portal_sop.validation import load_and_validate


def _plan(data, options):
    portal, report = load_and_validate(data)
    assert not report.has_errors
    jobs = pdf_build.plan(portal, options, year=2025)
    return pdf_build.job_keys(jobs, options), jobs


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "sop_data"
    shutil.copytree(SEED_DATA, target)
    return target


def test_plan_renders_no_html(data, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("HTML rendered while planning")

    for module, name in [(documents, "sop_html"), (documents, "book_html"), (book, "front_html"), (forms, "form_html")]:
        monkeypatch.setattr(module, name, refuse)
    options = documents.PdfOptions(data_dir=data)
    keys, jobs = _plan(data, options)
    assert jobs and all(job.html == "" and (job.make_html or job.assemble) is not None for job in jobs)
    # Inputs are model values as text: no object addresses that change per run.
    assert not any(" at 0x" in job.inputs for job in jobs)


def test_one_edited_step_changes_only_its_pdf_and_its_book(data):
    options = documents.PdfOptions(data_dir=data)
    before, _ = _plan(data, options)
    assert before == _plan(data, options)[0]  # same data, same keys
    steps = data / "banyumas" / "kebasen" / "pengukuran-data-kinerja" / "langkah.csv"
    steps.write_text(steps.read_text("utf-8").replace("Menelaah disposisi", "Membaca disposisi", 1), "utf-8")
    after, _ = _plan(data, options)
    changed = sorted(path for path in before if before[path] != after[path])
    assert changed == sorted([
        "banyumas/kebasen/pengukuran-data-kinerja/pengukuran-data-kinerja.pdf",
        "banyumas/kebasen/unduh/buku-sop-kebasen.pdf",
    ])
    # The keys leave the forms alone because their HTML does not change.
    portal, _ = load_and_validate(data)
    kebasen = next(d for d in portal.districts if d.slug == "kebasen")
    assert forms.kinerja_sop(kebasen).slug != "pengukuran-data-kinerja"
    html_after = {kind: forms.form_html(kind, kebasen, options, portal.kinerja, 2025) for kind in pdf_build.FORM_FILES}
    steps.write_text(steps.read_text("utf-8").replace("Membaca disposisi", "Menelaah disposisi", 1), "utf-8")
    portal, _ = load_and_validate(data)
    kebasen = next(d for d in portal.districts if d.slug == "kebasen")
    assert html_after == {kind: forms.form_html(kind, kebasen, options, portal.kinerja, 2025) for kind in pdf_build.FORM_FILES}


def test_editing_the_data_kinerja_sop_changes_the_forms(data):
    options = documents.PdfOptions(data_dir=data)
    before, _ = _plan(data, options)
    sop = data / "banyumas" / "kebasen" / "pengumpulan-data-kinerja" / "sop.yaml"
    sop.write_text(sop.read_text("utf-8").replace("nama: ", "nama: Baru ", 1), "utf-8")
    after, _ = _plan(data, options)
    changed = {path for path in before if before[path] != after[path]}
    assert {f"banyumas/kebasen/unduh/{name.format(q=options.triwulan)}" for name, _ in pdf_build.FORM_FILES.values()} <= changed


def test_planned_html_is_the_html_of_the_document(data):
    options = documents.PdfOptions(data_dir=data)
    portal, _ = load_and_validate(data)
    district = next(d for d in portal.districts if d.slug == "kebasen")
    jobs = {job.path: job for job in pdf_build.plan(portal, options, year=2025)}
    sop = district.sops[0]
    assert jobs[paths.sop_pdf(district, sop)].document() == documents.sop_html(district, sop, options)


def test_longest_pdfs_are_rendered_first(data):
    """The big forms start before the single SOP documents (a bigger one
    before a smaller one), so no long render is left alone on one core at
    the end of the PDF stage; a Buku is not scheduled up front: it waits for
    its SOP PDFs and is started as soon as they are there."""
    options = documents.PdfOptions(data_dir=data)
    _, jobs = _plan(data, options)
    rendered = [job for job in jobs if not job.parts]
    order = [job for job, _ in pdf_build.schedule([(job, "") for job in rendered])]
    costs = [pdf_build.expected_cost(job) for job in order]
    assert costs == sorted(costs, reverse=True)
    assert sorted(map(id, order)) == sorted(map(id, rendered))  # nothing lost or doubled
    # With 20 SOPs in a kecamatan (the benchmark's size) its evaluation form is
    # the longest job; in the seed data (1-2 SOPs) a long SOP outweighs it.
    evaluation = next(j for j in jobs if j.form_kind == forms.EVALUATION)
    twenty = dataclasses.replace(evaluation.district, sops=evaluation.district.sops * 10)
    assert pdf_build.expected_cost(dataclasses.replace(evaluation, district=twenty)) > max(
        pdf_build.expected_cost(j) for j in jobs if j.kind == pdf_build.SOP_DOCUMENT)
    books = [job for job in jobs if job.kind == pdf_build.BOOK]
    assert books and all(book.parts == tuple(paths.sop_pdf(book.district, s) for s in documents.book_order(book.district))
                         for book in books)


def test_a_buku_is_made_from_its_sop_pdfs_and_only_redone_when_one_changes(data, tmp_path, monkeypatch):
    """Cold: every SOP of a kecamatan is rendered once and its Buku assembled
    from those PDFs. After one edited step: that SOP is rendered again and
    the Buku re-assembled from the new PDF and the cached others."""
    from portal_sop.cache import Cache
    portal, _ = load_and_validate(data)
    kebasen = next(d for d in portal.districts if d.slug == "kebasen")
    options = documents.PdfOptions(data_dir=data, pdf_variant="pdf/a-3a")
    jobs = [j for j in pdf_build.plan(portal, options, year=2025) if j.kind != pdf_build.FORM and j.district == kebasen]
    rendered_html: list[str] = []
    real, real_make = pdf_build._render, pdf_build._make
    monkeypatch.setattr(pdf_build, "_render", lambda html, *rest: rendered_html.append(html.func.__name__) or real(html, *rest))
    monkeypatch.setattr(pdf_build, "_make", lambda make, *rest: rendered_html.append(make.func.__name__) or real_make(make, *rest))
    store = Cache(tmp_path / "cache", ".pdf")
    results, stats = pdf_build.render_jobs(jobs, options, store, workers=1)
    assert sorted(rendered_html) == ["sop_pdf"] * len(kebasen.sops)
    buku = next(j for j in jobs if j.kind == pdf_build.BOOK)
    assert set(stats.rendered) == {j.path for j in jobs}
    reader = pypdf.PdfReader(io.BytesIO(results[buku.path]))
    sop_pages = sum(len(pypdf.PdfReader(io.BytesIO(results[p])).pages) for p in buku.parts)
    assert len(reader.pages) == 2 + sop_pages

    steps = data / "banyumas" / "kebasen" / "pengukuran-data-kinerja" / "langkah.csv"
    steps.write_text(steps.read_text("utf-8").replace("Menelaah disposisi", "Membaca disposisi", 1), "utf-8")
    portal, _ = load_and_validate(data)
    kebasen = next(d for d in portal.districts if d.slug == "kebasen")
    jobs = [j for j in pdf_build.plan(portal, options, year=2025) if j.kind != pdf_build.FORM and j.district == kebasen]
    rendered_html.clear()
    again, stats = pdf_build.render_jobs(jobs, options, store, workers=1)
    assert rendered_html == ["sop_pdf"]
    assert sorted(stats.rendered) == sorted([buku.path, "banyumas/kebasen/pengukuran-data-kinerja/pengukuran-data-kinerja.pdf"])
    assert again[buku.path] != results[buku.path]
    assert "Membaca disposisi" in "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(again[buku.path])).pages)


def test_addresses_that_print_no_qr_code_share_the_keys(data):
    """`mkdocs serve` puts its own address in `site_url`; like a placeholder
    or no address, it gives PDFs without QR code or links, so the PDFs of a
    `mkdocs build` are reused, not rendered again. The public address
    (printed in every SOP's QR code) changes the SOP documents' keys."""
    without, _ = _plan(data, documents.PdfOptions(data_dir=data))
    for local in ("http://127.0.0.1:8000/", "https://portal-sop.example.id/", "http://localhost:8000/portal/"):
        assert _plan(data, documents.PdfOptions(data_dir=data, site_url=local))[0] == without, local
    public, jobs = _plan(data, documents.PdfOptions(data_dir=data, site_url="https://sop.banyumaskab.go.id/"))
    sop_documents = {job.path for job in jobs if job.kind == pdf_build.SOP_DOCUMENT}
    assert sop_documents and all(public[path] != without[path] for path in sop_documents)
