"""`portal-sop import` of Word and PDF documents built in each seed layout,
compared field by field with the curated data; hostile, locked, damaged,
scanned and oversized files refused with nothing written."""
from __future__ import annotations

import pytest
from click.testing import CliRunner
from portal_sop.adapters.cli import main
from portal_sop.authoring.importer import import_files, parse_file
from portal_sop.findings import Report
from portal_sop.validation import load_and_validate
from sopdocs import SEEDS, build_docx, build_pdf, curated_sops, shape_run

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="seed documents not available")
PREFIXES = ["000", "001", "002", "003", "004"]
IDENTITY = ("nomor", "nama", "tanggal_pembuatan", "tanggal_revisi", "tanggal_efektif", "disahkan_oleh", "dasar_hukum",
            "keterkaitan", "peringatan")


def build(kind: str, prefix: str, tmp_path):
    target = tmp_path / f"sop-{prefix}.{kind}"
    return build_docx(prefix, target) if kind == "docx" else build_pdf(prefix, target)


def step_view(sop, codes) -> list[tuple]:
    return [(s.number, s.activity, tuple(sorted(codes.index(a) for a in s.actors)), s.time_text, s.output, s.kind, s.branch)
            for s in sop.steps]


@pytest.mark.parametrize("kind", ["docx", "pdf"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_document_in_seed_layout_equals_curated_data(tmp_path, kind, prefix):
    path = build(kind, prefix, tmp_path)
    report = Report()
    sops = parse_file(path, report)
    curated = curated_sops(prefix)
    assert len(sops) == len(curated)
    text_sops = parse_file(next(SEEDS.glob(f"{prefix}_*.txt")), Report())
    for sop, reference, from_text in zip(sops, curated, text_sops):
        codes = [a["kode"] for a in sop.actors]
        assert [a["nama"] for a in sop.actors] == [a["nama"] for a in from_text.actors]
        expected = [(s.number, s.activity, tuple(sorted([a.code for a in reference.actors].index(c) for c in s.actors)),
                     s.time_text, s.output, s.kind.value, s.branch_step) for s in reference.steps]
        assert step_view(sop, codes) == expected
        for key in IDENTITY:
            assert sop.values[key] == from_text.values[key], key
    assert not report.has_errors, [f.format() for f in report.errors]
    assert "pelaksana-hilang" not in report.codes()
    where = "halaman " if kind == "pdf" else ("tabel ", "paragraf ")
    assert report.findings and all(f.key and f.key.startswith(where) and f.row is None for f in report.findings)


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_imported_document_validates_and_decisions_are_reported(tmp_path, kind):
    path = build(kind, "002", tmp_path)
    report = Report()
    sops, written = import_files([path], tmp_path / "data", report)
    assert len(written) == 5
    decisions = [f for f in report.findings if f.code == "keputusan-disimpulkan"]
    assert len(decisions) == 4 and all("belah ketupat" in f.message for f in decisions)
    _, validation = load_and_validate(tmp_path / "data")
    assert not validation.has_errors, [f.format() for f in validation.errors]


def test_cli_imports_a_word_document(tmp_path):
    path = build("docx", "001", tmp_path)
    result = CliRunner().invoke(main, ["import", str(path), "--data", str(tmp_path / "data")])
    assert result.exit_code == 0, result.output
    assert 'SOP "Pengumpulan Data Kinerja": 7 langkah, 4 pelaksana' in result.output
    assert (tmp_path / "data" / "kutaikartanegara" / "samboja" / "pengumpulan-data-kinerja" / "langkah.csv").exists()


def test_hostile_text_is_kept_as_text(tmp_path):
    import docx
    hostile = ['<script>alert("x")</script> Memeriksa {{ 7*7 }} {% raw %}', '=HYPERLINK("http://x")', "Menyetujui \u202eTXT.exe ISI:",
               "Mengarsip \"kutip\", koma; & <b>tebal</b>"]
    document = docx.Document()
    document.add_paragraph("PEMERINTAH KABUPATEN CONTOH")
    document.add_paragraph("KECAMATAN UJI COBA")
    identity = document.add_table(rows=1, cols=2)
    identity.cell(0, 0).text, identity.cell(0, 1).text = "Nama SOP", "Pelayanan <img src=x onerror=alert(1)>"
    table = document.add_table(rows=2 + len(hostile), cols=7)
    for c, text in enumerate(["No", "Kegiatan", "Pelaksana", "", "Mutu Baku", "", ""]):
        table.cell(0, c).text = text
    for c, text in enumerate(["", "", "Camat", "Staf", "Kelengkapan", "Waktu", "Output"]):
        table.cell(1, c).text = text
    for r, text in enumerate(hostile, 2):
        table.cell(r, 0).text, table.cell(r, 1).text = str(r - 1), text
        table.cell(r, 2 + r % 2).paragraphs[0]._p.append(shape_run("process", "", r))
        table.cell(r, 4).text, table.cell(r, 5).text, table.cell(r, 6).text = "<Berkas>", "5 menit", "${HOME}"
    path = tmp_path / "jahat.docx"
    document.save(path)
    report = Report()
    (sop,), written = import_files([path], tmp_path / "data", report)
    assert [s.activity for s in sop.steps] == hostile
    assert sop.name == "Pelayanan <img src=x onerror=alert(1)>"
    portal, validation = load_and_validate(tmp_path / "data")
    (_, loaded), = portal.sops
    assert [s.activity for s in loaded.steps] == hostile and loaded.name == sop.name
    assert [s.requirements for s in loaded.steps] == ["<Berkas>"] * len(hostile)
    # Only the identity lists this test document leaves out are missing, and
    # the right-to-left override (U+202E) is refused by validation (issue 10).
    assert {f.code for f in validation.errors} <= {"isian-belum-diisi", "wajib-diisi", "karakter-tidak-sah"}
    assert [f.row for f in validation.errors if f.code == "karakter-tidak-sah"] == [4]


def refused(tmp_path, path, code: str) -> str:
    result = CliRunner().invoke(main, ["import", str(path), "--data", str(tmp_path / "data")])
    assert result.exit_code == 1, result.output
    assert f"[{code}]" in result.output and "Tidak ada berkas yang ditulis" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "data").exists()
    return result.output


def test_document_without_step_table_is_refused(tmp_path):
    import docx
    document = docx.Document()
    document.add_paragraph("PEMERINTAH KABUPATEN CONTOH")
    document.add_paragraph("KECAMATAN UJI COBA")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Nama SOP", "Tanpa Diagram"
    document.add_paragraph("Langkah-langkah dijelaskan dalam lampiran.")
    path = tmp_path / "tanpa-tabel.docx"
    document.save(path)
    refused(tmp_path, path, "tabel-langkah-tidak-ada")


def test_password_protected_word_document_is_refused(tmp_path):
    # Word saves an encrypted .docx as an OLE compound file, not a zip.
    path = tmp_path / "terkunci.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4096)
    assert "kata sandi" in refused(tmp_path, path, "dokumen-terkunci")


def test_password_protected_pdf_is_refused(tmp_path):
    from pypdf import PdfReader, PdfWriter
    writer = PdfWriter(clone_from=PdfReader(build("pdf", "001", tmp_path)))
    writer.encrypt(user_password="rahasia", owner_password="pemilik", algorithm="RC4-128")
    path = tmp_path / "terkunci.pdf"
    with path.open("wb") as out:
        writer.write(out)
    assert "kata sandi" in refused(tmp_path, path, "dokumen-terkunci")


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_corrupt_documents_are_refused(tmp_path, kind):
    good = build(kind, "001", tmp_path).read_bytes()
    path = tmp_path / f"rusak.{kind}"
    path.write_bytes(good[: len(good) // 3])
    refused(tmp_path, path, "dokumen-rusak")


def test_scanned_pdf_is_refused_ocr_not_supported(tmp_path):
    import weasyprint
    path = tmp_path / "pindaian.pdf"
    weasyprint.HTML(string='<div style="width:400px;height:500px;background:#888"></div>').write_pdf(path)
    assert "OCR" in refused(tmp_path, path, "pdf-tanpa-teks")


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_20_mb_document_is_refused(tmp_path, kind):
    path = tmp_path / f"besar.{kind}"
    with path.open("wb") as out:
        out.write(build(kind, "001", tmp_path).read_bytes())
        out.seek(20 * 1024 * 1024)
        out.write(b"\0")
    assert "20.0 MB" in refused(tmp_path, path, "dokumen-terlalu-besar")


def test_lane_marks_in_word_cells():
    """Ticks typed or inserted as a symbol, pictures and old VML shapes mark a
    lane like DrawingML shapes do; connectors and label boxes do not."""
    import docx
    from docx.oxml import parse_xml
    from portal_sop.authoring.importer.common import CHECK, DIAMOND
    from portal_sop.authoring.importer.docx import _cell_text, drawings

    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    v = 'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
    table = docx.Document().add_table(rows=1, cols=6)
    cells = table.rows[0].cells
    cells[0].text = "\u2713"
    cells[1].paragraphs[0]._p.append(parse_xml(f'<w:r {w}><w:sym w:font="Wingdings" w:char="F0FC"/></w:r>'))
    cells[2].paragraphs[0]._p.append(parse_xml(f'<w:r {w} {v}><w:pict><v:shape type="#_x0000_t110" style="width:40pt;height:20pt"/></w:pict></w:r>'))
    cells[3].paragraphs[0]._p.append(parse_xml(f'<w:r {w} {v}><w:pict><v:line from="0,0" to="0,20pt"/></w:pict></w:r>'))
    cells[4].paragraphs[0]._p.append(shape_run("arrow", "", 1))
    cells[5].paragraphs[0]._p.append(shape_run("label", "Ya", 2))
    assert _cell_text(cells[0]) == CHECK
    assert [drawings(c._tc) for c in cells[1:]] == [([CHECK], []), ([DIAMOND], []), ([], []), ([], []), ([], ["Ya"])]
