"""Maintainer workflow: scaffold, validate (text and GitHub annotations),
edit links to data files, revision history on the SOP page."""
from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path

import yaml
from click.testing import CliRunner
from conftest import REPO, SEED_DATA, SOP, build_portal
from portal_sop.adapters.cli import main
from portal_sop.adapters.github import csv_column, github_annotations
from portal_sop.site.editlinks import data_prefix, edit_url, page_sources
from portal_sop.site.pages import build_site
from portal_sop.sop.yamlsource import key_line
from portal_sop.validation import load_and_validate

ANNOTATION = re.compile(r"^::(error|warning) file=[^,:]+(,line=\d+(,col=\d+)?)?,title=[^:]+::\S.*$")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def scaffold(root: Path) -> Path:
    assert run("new", "kecamatan", "Kabupaten Banyumas", "Sumpiuh", "--data", str(root)).exit_code == 0
    result = run("new", "sop", "banyumas/sumpiuh", "Pelayanan Surat Pindah", "--data", str(root))
    assert result.exit_code == 0, result.output
    return root / "banyumas" / "sumpiuh"


def fill(district: Path) -> None:
    """What a maintainer does: replace every `ISI:` placeholder."""
    kec = district / "kecamatan.yaml"
    kec.write_text(kec.read_text("utf-8").replace('"ISI: nama Camat beserta gelar, seperti pada tanda tangan SOP"', '"BUDI, S.STP"'), "utf-8")
    sop = district / "pelayanan-surat-pindah" / "sop.yaml"
    text = re.sub(r'"ISI: nama Camat[^"]*"', '"BUDI, S.STP"', sop.read_text("utf-8"))
    text = text.replace('"ISI: judul lajur pertama, misalnya Camat"', '"Camat"').replace('"ISI: judul lajur kedua, misalnya Sekcam"', '"Staf"')
    text = re.sub(r'"ISI: ([^"]*)"', r'"Isi \1"', text)
    sop.write_text(text, "utf-8")
    steps = district / "pelayanan-surat-pindah" / "langkah.csv"
    steps.write_text(steps.read_text("utf-8").replace("ISI: ", "Isi "), "utf-8")


def test_scaffold_has_every_field_and_fails_only_on_placeholders(tmp_path):
    root = tmp_path / "sop_data"
    district = scaffold(root)
    sop = yaml.safe_load((district / "pelayanan-surat-pindah" / "sop.yaml").read_text("utf-8"))
    spec = yaml.safe_load((REPO / "plugins/portal_sop/schemas/sop.schema.json").read_text("utf-8"))
    assert list(sop) == [f["name"] for f in spec["fields"]]
    assert sop["revisi"] == [] and sop["nama"] == "Pelayanan Surat Pindah"
    assert sop["disahkan_oleh"]["jabatan"] == "Camat Sumpiuh"
    _, report = load_and_validate(root)
    assert report.has_errors
    assert {f.code for f in report.errors} == {"isian-belum-diisi"}
    assert all(f.row for f in report.errors)  # each placeholder named with its line
    assert "revisi:" in (district / "pelayanan-surat-pindah" / "sop.yaml").read_text("utf-8")


def test_scaffold_validates_once_placeholders_are_filled(tmp_path):
    root = tmp_path / "sop_data"
    fill(scaffold(root))
    result = run("validate", str(root))
    assert result.exit_code == 0, result.output
    assert "0 galat" in result.output


def test_new_refuses_to_overwrite_and_needs_existing_district(tmp_path):
    root = tmp_path / "sop_data"
    scaffold(root)
    again = run("new", "kecamatan", "Banyumas", "Sumpiuh", "--data", str(root))
    assert again.exit_code == 1 and "sudah ada" in again.output and "tidak ditimpa" in again.output
    again = run("new", "sop", "banyumas/sumpiuh", "Pelayanan Surat Pindah", "--data", str(root))
    assert again.exit_code == 1 and "sudah ada" in again.output
    missing = run("new", "sop", "banyumas/kebasen", "Contoh", "--data", str(root))
    assert missing.exit_code == 1 and "portal-sop new kecamatan" in missing.output


def test_new_without_traceback(tmp_path):
    result = subprocess.run([sys.executable, "-m", "portal_sop", "new", "sop", "bukan slug", "X", "--data", str(tmp_path)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Galat:" in result.stderr


def test_github_format_prints_annotations(data):
    data.write_steps(["1,Menerima permohonan,lurah,proses,,,,,Formulir,5 menit,Berkas,"])
    data.sop_with(nomor="")
    result = run("validate", "--format", "github", str(data.root))
    assert result.exit_code == 1
    lines = [l for l in result.output.splitlines() if l.startswith("::")]
    assert lines and all(ANNOTATION.match(l) for l in lines), lines
    assert any(l.startswith("::error file=sop_data/contoh/uji-coba/pelayanan-contoh/langkah.csv,line=2,col=23,title=pelaksana-tidak-dikenal") for l in lines), lines
    nomor_line = next(i for i, l in enumerate(data.sop_file.read_text("utf-8").splitlines(), 1) if l.startswith("nomor:"))
    assert f"::warning file=sop_data/contoh/uji-coba/pelayanan-contoh/sop.yaml,line={nomor_line},title=nomor-sop-kosong (nomor)::" in result.output


def test_github_format_keeps_exit_codes_and_default_stays_text():
    ok = run("validate", "--format", "github", str(SEED_DATA))
    assert ok.exit_code == 0
    assert "::warning file=sop_data/" in ok.output
    text = run("validate", str(SEED_DATA))
    assert "::" not in text.output and "peringatan:" in text.output


def test_annotation_escapes_and_positions(tmp_path, data):
    from portal_sop.findings import Report
    report = Report(root=data.root)
    report.error("nip-tidak-sah", data.sop_file, "baris 1\nbaris 2 100%", key="disahkan_oleh.nip")
    (line,) = github_annotations(report, data.root.parent)
    assert line.endswith("::baris 1%0Abaris 2 100%25")
    assert ",line=" in line and "title=nip-tidak-sah (disahkan_oleh.nip)" in line
    assert key_line("a: 1\nb:\n  - x\n  - c: 2\n", "b.2.c") == 4
    assert key_line("a: 1\n", "tidak.ada") is None
    assert csv_column('1,"a, b",camat', "pelaksana", "no,kegiatan,pelaksana") == 10


def test_edit_link_points_at_data_file(data):
    from portal_sop.sop.loader import load_portal
    portal, _ = load_portal(data.root)
    sources = page_sources(portal, "")
    assert sources["contoh/uji-coba/pelayanan-contoh/index.md"] == "sop_data/contoh/uji-coba/pelayanan-contoh/sop.yaml"
    assert sources["contoh/uji-coba/index.md"] == "sop_data/contoh/uji-coba/kecamatan.yaml"
    assert edit_url("https://github.com/o/r", "edit/main/content/", "content", "sop_data/a/sop.yaml") == "https://github.com/o/r/edit/main/sop_data/a/sop.yaml"
    assert edit_url(None, "https://github.com/o/r/edit/main/content/", "content", "sop_data/a/sop.yaml") == "https://github.com/o/r/edit/main/sop_data/a/sop.yaml"
    assert edit_url(None, None, "content", "x") is None
    assert data_prefix(REPO, REPO / "sop_data") == "" and data_prefix(REPO, REPO / "data" / "sop_data") == "data"


def test_built_sop_page_has_usulkan_perubahan_link_and_revision_history(tmp_path, data):
    data.sop_with(tanggal_revisi="2025-02-01", revisi=[
        {"tanggal": "2025-02-01", "perubahan": "Waktu langkah 3 menjadi 2 hari", "disetujui_oleh": "Camat Uji Coba"},
    ])
    result = build_portal(data.root, tmp_path / "build" / "site")
    assert result.returncode == 0, result.stderr[-3000:]
    page = html.unescape((tmp_path / "build" / "site" / "contoh" / "uji-coba" / "pelayanan-contoh" / "index.html").read_text("utf-8"))
    link = re.search(r'<a href="([^"]+)" title="Usulkan perubahan"', page)
    assert link and link[1].endswith("/edit/main/sop_data/contoh/uji-coba/pelayanan-contoh/sop.yaml")
    assert "Riwayat revisi" in page and "Waktu langkah 3 menjadi 2 hari" in page and "1 Februari 2025" in page
    district = html.unescape((tmp_path / "build" / "site" / "contoh" / "uji-coba" / "index.html").read_text("utf-8"))
    assert re.search(r'href="[^"]+/edit/main/sop_data/contoh/uji-coba/kecamatan.yaml" title="Usulkan perubahan"', district)


def test_revision_appears_on_generated_page(data):
    from portal_sop.site.pages import SiteOptions
    data.sop_with(revisi=[{"tanggal": "2025-03-04", "perubahan": "Menambah langkah arsip", "disetujui_oleh": "Camat Uji Coba"}])
    portal, report = load_and_validate(data.root)
    assert not report.has_errors
    page = build_site(portal, SiteOptions(pdf=None)).pages["contoh/uji-coba/pelayanan-contoh/index.md"]
    assert "Menambah langkah arsip" in page and "4 Maret 2025" in page


def test_workflow_only_calls_readme_commands():
    workflow = yaml.safe_load((REPO / ".github/workflows/portal.yml").read_text("utf-8"))
    readme = (REPO / "README.md").read_text("utf-8") + (REPO / ".ci/run").read_text("utf-8")
    runs = [step["run"] for job in workflow["jobs"].values() for step in job["steps"] if "run" in step]
    assert runs and all(cmd in readme for cmd in runs), runs
    uses = {step.get("uses", "").split("@")[0] for job in workflow["jobs"].values() for step in job["steps"]}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses
    assert ".venv/bin/portal-sop validate --format github" in runs


def test_pull_request_job_summarises_uploads_previews_and_caches():
    workflow = yaml.safe_load((REPO / ".github/workflows/portal.yml").read_text("utf-8"))
    job = workflow["jobs"]["periksa"]
    steps = job["steps"]
    runs = [step.get("run", "") for step in steps]
    summary = next(i for i, run in enumerate(runs) if "portal-sop ringkas" in run)
    assert '>> "$GITHUB_STEP_SUMMARY"' in runs[summary] and "--pratinjau build/pratinjau" in runs[summary]
    assert "--format markdown" in runs[summary]
    upload = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload > summary and steps[upload]["with"]["path"] == "build/pratinjau"
    assert "#artifacts" in job["env"]["PORTAL_SOP_PRATINJAU_URL"]  # the summary links the previews
    assert job["env"]["PORTAL_SOP_BASE"] == "origin/${{ github.base_ref }}"
    assert steps[0]["with"]["fetch-depth"] == 0  # the base branch is there to compare with
    caches = {step["with"]["path"]: step["with"] for step in steps if step.get("uses", "").startswith("actions/cache@")}
    assert set(caches) == {".venv", ".cache/portal-sop"}
    assert "hashFiles('pyproject.toml', '.ci/setup')" in caches[".venv"]["key"]
    render_key = caches[".cache/portal-sop"]["key"]
    assert "plugins/portal_sop/templates/**" in render_key and "pyproject.toml" in render_key
    assert caches[".cache/portal-sop"]["restore-keys"].strip() + "${{ github.sha }}" == render_key
    setup = runs.index("bash .ci/setup --browser")
    assert all(i < setup for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/cache@"))
