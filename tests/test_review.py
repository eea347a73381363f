"""`portal-sop ringkas` and `validate --base` on a fixture repository with two
commits: a changed step, a new SOP, a removed actor, a data kinerja row."""
from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from click.testing import CliRunner
from conftest import SEED_DATA
from portal_sop.adapters.cli import main

GIT = ["git", "-c", "user.email=uji@contoh.id", "-c", "user.name=Uji", "-c", "commit.gpgsign=false"]


def git(repo, *args):
    subprocess.run([*GIT, "-C", str(repo), *args], check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    data = root / "sop_data" / "banyumas"
    shutil.copytree(SEED_DATA / "banyumas", data)
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "dasar")
    kebasen = data / "kebasen"
    # A changed step (text and time), an actor removed from one SOP ...
    steps = kebasen / "pengukuran-data-kinerja" / "langkah.csv"
    text = steps.read_text("utf-8").replace("3,Menganalisa Surat Bupati", "3,Menganalisis Surat Bupati")
    text = text.replace("Disposisi Sekcam,3 hari,Bahan Pelaksanaan Pengukuran", "Disposisi Sekcam,2 hari,Bahan Pelaksanaan Pengukuran")
    text = text.replace(",pengelola,", ",sekcam,")
    steps.write_text(text, "utf-8")
    sop = kebasen / "pengukuran-data-kinerja" / "sop.yaml"
    lines = sop.read_text("utf-8").splitlines(keepends=True)
    sop.write_text("".join(l for l in lines if "kode: pengelola" not in l), "utf-8")
    # ... a new SOP ...
    new = kebasen / "pelayanan-surat-pindah"
    shutil.copytree(kebasen / "pengumpulan-data-kinerja", new)
    (new / "sop.yaml").write_text((new / "sop.yaml").read_text("utf-8").replace("Pengumpulan Data Kinerja", "Pelayanan Surat Pindah"), "utf-8")
    # ... and a data kinerja realisasi value.
    realisasi = next((kebasen / "data-kinerja").rglob("realisasi.csv"))
    rows = realisasi.read_text("utf-8").splitlines(keepends=True)
    cells = rows[1].split(",")
    old_value = cells[3]
    cells[3] = "12.5" if old_value != "12.5" else "13.5"
    rows[1] = ",".join(cells)
    realisasi.write_text("".join(rows), "utf-8")
    target = realisasi.parent / "target.csv"
    target.write_text(target.read_text("utf-8").replace("IKM,2025,85,", "IKM,2025,87,", 1), "utf-8")
    # ... and monitoring records: one answer changed, one new monitoring.
    monev = realisasi.parent / "monev.csv"
    text = monev.read_text("utf-8").replace(
        "2026-06-24,2026,1,\"Rina Kusumawati, S.E.\",Sekretaris Camat,penerapan,tidak_baik", 
        "2026-06-24,2026,1,\"Rina Kusumawati, S.E.\",Sekretaris Camat,penerapan,baik", 1)
    assert text != monev.read_text("utf-8")
    text += "monitoring,pengumpulan-data-kinerja,2026-12-01,2026,2,Rina Kusumawati,Sekretaris Camat,penerapan,baik,,\n"
    monev.write_text(text, "utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "ubah")
    monkeypatch.chdir(root)
    return root, cells[0], old_value, cells[3]


def run(*args):
    return CliRunner().invoke(main, list(args))


def test_summary_names_every_change_in_plain_words(repo):
    _, indicator, before, after = repo
    result = run("ringkas", "HEAD~1", "HEAD")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Ringkasan perubahan SOP (HEAD~1 → HEAD)" in text
    assert "Kecamatan Kebasen, Kabupaten Banyumas" in text
    assert "SOP baru: “Pelayanan Surat Pindah”: 8 langkah" in text
    assert "SOP diubah: “Pengukuran Data Kinerja”" in text
    assert ("Langkah 3 diubah: “Menganalisa Surat Bupati dan mengumpulkan/klarifikasi data bersama dengan Seksi” → "
            "“Menganalisis Surat Bupati dan mengumpulkan/klarifikasi data bersama dengan Seksi”") in text
    assert "Langkah 3: waktu “3 hari” → “2 hari”" in text
    assert "Pelaksana dihapus: Pengelola" in text
    assert "Langkah 5: pelaksana Pengelola → Sekcam" in text
    assert "Total waktu layanan: 15 hari 10 menit → 14 hari 10 menit" in text
    assert "daftar `revisi` di sop.yaml tidak bertambah" in text
    assert f"Realisasi {indicator} triwulan" in text and f": {float(before):g} → {float(after):g}" in text
    assert "Target IKM tahun 2025: 85 → 87 indeks" in text
    assert "Monitoring SOP pengukuran-data-kinerja 24 Juni 2026 diubah: “Tidak berjalan dengan baik” → “Berjalan dengan baik”" in text
    assert "Monitoring SOP pengumpulan-data-kinerja 1 Desember 2026 baru: “Berjalan dengan baik”" in text
    assert "Evaluasi SOP" not in text  # unchanged records are not listed
    assert "Pengumpulan Data Kinerja”\n" not in text  # the unchanged SOP is not listed
    assert "**" not in text and "\\" not in text


def test_markdown_summary_escapes_data_and_previews_are_written(repo, tmp_path):
    root = repo[0]
    steps = root / "sop_data" / "banyumas" / "kebasen" / "pelayanan-surat-pindah" / "langkah.csv"
    steps.write_text(steps.read_text("utf-8").replace("Menelaah Surat Bupati", "Menelaah ![x](http://pelacak.example/p.png) <b>Surat</b>"), "utf-8")
    out = tmp_path / "pratinjau"
    result = run("ringkas", "HEAD~1", "--format", "markdown", "--pratinjau", str(out), "--tautan", "https://contoh.example/artefak/1")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "folder kerja" in text and "### Kecamatan Kebasen, Kabupaten Banyumas" in text
    assert "- **SOP baru:** “Pelayanan Surat Pindah”" in text
    assert "![x](http" not in text and "<b>" not in text
    assert "[unduh pratinjau](https://contoh.example/artefak/1)" in text
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert files == ["banyumas/kebasen/pelayanan-surat-pindah-diagram-alir.png", "banyumas/kebasen/pelayanan-surat-pindah.pdf",
                     "banyumas/kebasen/pengukuran-data-kinerja-diagram-alir.png", "banyumas/kebasen/pengukuran-data-kinerja.pdf"]
    assert (out / files[0]).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and (out / files[1]).read_bytes()[:5] == b"%PDF-"
    assert re.search(r"Pratinjau: \[pengukuran-data-kinerja\.pdf\]\(https://contoh\.example/artefak/1\)", text)


def test_no_change_and_unknown_revision(repo):
    result = run("ringkas", "HEAD", "HEAD")
    assert result.exit_code == 0 and "Tidak ada perubahan" in result.output
    result = run("ringkas", "tidak-ada")
    assert result.exit_code == 1 and "tidak-ada" in result.output and "Traceback" not in result.output


def test_validate_base_warns_about_missing_revision_entry(repo):
    root = repo[0]
    result = run("validate", "--base", "HEAD~1", "--format", "github")
    warnings = [l for l in result.output.splitlines() if "revisi-belum-dicatat" in l]
    assert len(warnings) == 1 and "pengukuran-data-kinerja/sop.yaml,line=" in warnings[0]
    sop = root / "sop_data" / "banyumas" / "kebasen" / "pengukuran-data-kinerja" / "sop.yaml"
    text = sop.read_text("utf-8")
    text = re.sub(r"(?m)^revisi:.*$", "", text) + ('\nrevisi:\n  - tanggal: "2025-03-04"\n    perubahan: "Langkah 3 dipercepat"\n'
                                                  '    disetujui_oleh: "Camat Kebasen"\n')
    sop.write_text(text, "utf-8")
    result = run("validate", "--base", "HEAD~1")
    assert "revisi-belum-dicatat" not in result.output, result.output
    assert "revisi-belum-dicatat" not in run("validate").output
    result = run("validate", "--base", "cabang-tak-ada")
    assert "revisi-belum-dicatat" not in result.output and "dilewati" in result.output


def test_a_changed_sop_invalidates_only_its_pdf_and_its_kecamatan_book():
    """What a pull request changing one SOP renders with a warm cache: the
    render cache is keyed by content, so only the jobs whose key changed."""
    from dataclasses import replace

    from portal_sop import paths
    from portal_sop.pdf import build as pdf_build
    from portal_sop.pdf.documents import PdfOptions
    from portal_sop.validation import load_and_validate

    portal, _ = load_and_validate(SEED_DATA)
    options = PdfOptions(data_dir=SEED_DATA)
    before = pdf_build.job_keys(pdf_build.plan(portal, options, portal.kinerja), options)
    district, sop = next((d, s) for d, s in portal.sops if d.slug == "kebasen" and s.slug == "pengukuran-data-kinerja")
    steps = (replace(sop.steps[0], activity=sop.steps[0].activity + " dan mencatatnya"),) + sop.steps[1:]
    changed_district = replace(district, sops=tuple(replace(s, steps=steps) if s is sop else s for s in district.sops))
    regencies = tuple(replace(r, districts=tuple(changed_district if d is district else d for d in r.districts)) for r in portal.regencies)
    changed = replace(portal, regencies=regencies)
    after = pdf_build.job_keys(pdf_build.plan(changed, options, changed.kinerja), options)
    assert before.keys() == after.keys()
    rerendered = sorted(path for path in after if after[path] != before[path])
    assert rerendered == sorted([paths.sop_pdf(district, sop), paths.district_download(district, f"buku-sop-{district.slug}.pdf")]), rerendered
