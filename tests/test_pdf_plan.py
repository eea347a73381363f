"""The PDF plan keys PDFs by their inputs and renders no HTML for cached ones."""
from __future__ import annotations

import shutil

import pytest
from conftest import SEED_DATA
from portal_sop import paths
from portal_sop.pdf import build as pdf_build
from portal_sop.pdf import documents, forms
from portal_sop.validation import load_and_validate


def _plan(data, options):
    portal, report = load_and_validate(data)
    assert not report.has_errors
    jobs = pdf_build.plan(portal, options, year=2025)
    return {job.path: pdf_build.job_key(job, options) for job in jobs}, jobs


@pytest.fixture
def data(tmp_path):
    target = tmp_path / "sop_data"
    shutil.copytree(SEED_DATA, target)
    return target


def test_plan_renders_no_html(data, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("HTML rendered while planning")

    for module, name in [(documents, "sop_html"), (documents, "book_html"), (forms, "form_html")]:
        monkeypatch.setattr(module, name, refuse)
    options = documents.PdfOptions(data_dir=data)
    keys, jobs = _plan(data, options)
    assert jobs and all(job.html == "" and job.make_html is not None for job in jobs)
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
    """Each Buku (all SOPs of its kecamatan) and the big forms start before
    the single SOP documents, a bigger Buku before a smaller one, so no long
    render is left alone on one core at the end of the PDF stage."""
    options = documents.PdfOptions(data_dir=data)
    _, jobs = _plan(data, options)
    order = pdf_build.schedule([(job, "") for job in jobs])
    position = {id(job): i for i, (job, _) in enumerate(order)}
    books = [job for job, _ in order if job.kind == pdf_build.BOOK]
    for book in books:  # a Buku before every SOP of its own kecamatan
        assert all(position[id(book)] < position[id(j)] for j in jobs
                   if j.kind == pdf_build.SOP_DOCUMENT and j.district == book.district)
    assert order[0][0].kind == pdf_build.BOOK
    assert [len(b.district.sops) for b in books] == sorted((len(b.district.sops) for b in books), reverse=True)
    costs = [pdf_build.expected_cost(job) for job, _ in order]
    assert costs == sorted(costs, reverse=True)
    assert sorted(id(job) for job, _ in order) == sorted(id(job) for job in jobs)  # nothing lost or doubled
    biggest = max((job for job in jobs if job.kind == pdf_build.BOOK), key=lambda j: len(j.district.sops))
    sop_of_biggest = next(job for job in jobs if job.kind == pdf_build.SOP_DOCUMENT and job.district == biggest.district)
    assert pdf_build.expected_cost(biggest) > pdf_build.expected_cost(sop_of_biggest)
