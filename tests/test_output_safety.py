"""Output side of the hardening (issue 10): output folders, the build lock,
errors without tracebacks, paths with spaces."""
from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import DISTRICT, DataDir
from PIL import Image
from portal_sop.output import MARKER, STAGING_SUFFIX
from portal_sop.pdf import build as pdf_build
from portal_sop.pdf import documents as pdf
from portal_sop.validation import load_and_validate


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_logo_in_a_checkout_path_with_spaces(tmp_path):
    data = DataDir(tmp_path / "salinan dengan spasi" / "sop_data")
    (data.district_dir / "logo.png").write_bytes(_png())
    data.write_district({**DISTRICT, "logo": "logo.png"})
    portal, report = load_and_validate(data.root)
    assert not report.has_errors, report.sorted()
    options = pdf.PdfOptions(pdf_variant=None, data_dir=data.root)
    jobs = pdf_build.plan(portal, options)
    assert jobs[0].extra_inputs == _png()
    rendered, _ = pdf_build.render_jobs(jobs[:1], options, workers=1)
    assert rendered[jobs[0].path].startswith(b"%PDF")


# --- output folders ----------------------------------------------------------


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def listing(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*")}


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A checkout copy: data, pages, .git, .venv, a folder of notes, under a
    home folder of its own; the current folder is the checkout."""
    home = tmp_path / "rumah"
    root = home / "proyek"
    DataDir(root / "sop_data")
    for folder in ("content", ".git", ".venv", "catatan"):
        (root / folder).mkdir(parents=True)
        (root / folder / "berkas.txt").write_text(f"milik {folder}", "utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(root)
    return root


def generate(target: str | Path, *extra: str, cache: Path | None = None, env: dict | None = None,
             cwd: Path | None = None) -> subprocess.CompletedProcess:
    cache = cache or Path.cwd().parent.parent / "tembolok"
    return subprocess.run(
        [sys.executable, "-m", "portal_sop", *extra, "generate", str(target), "--data", "sop_data", "--cache", str(cache)],
        capture_output=True, text=True, timeout=600, env=env, cwd=cwd,
    )


DANGEROUS = {
    ".": "folder proyek",
    "..": "folder rumah",
    "/": "akar sistem berkas",
    "sop_data": "sop_data",
    "sop_data/contoh": "sop_data",
    "content": "content",
    ".git": ".git",
    ".venv": ".venv",
    "catatan": "bukan hasil build portal",
}


@pytest.mark.parametrize("target", sorted(DANGEROUS))
def test_generate_refuses_a_dangerous_output_folder(project, target):
    before = digest(project)
    before_home = listing(project.parent)
    result = generate(target)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert "Galat: folder keluaran" in result.stderr and DANGEROUS[target] in result.stderr
    assert digest(project) == before
    assert listing(project.parent) == before_home  # not even a lock file


def test_generate_refuses_a_file_and_the_home_folder(project):
    (project / "berkas").write_text("x", "utf-8")
    result = generate("berkas")
    assert result.returncode == 1 and "bukan folder" in result.stderr
    result = generate(project.parent)
    assert result.returncode == 1 and "folder rumah" in result.stderr


def test_generate_into_any_other_folder_and_again(project, tmp_path):
    out = tmp_path / "di luar" / "situs"
    first = generate(out)
    assert first.returncode == 0, first.stderr[-3000:]
    assert (out / MARKER).is_file()
    before = digest(out)
    # A previous portal build is replaced; the same data gives the same bytes.
    second = generate(out)
    assert second.returncode == 0, second.stderr[-3000:]
    assert digest(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["situs", "situs.lock"]


def test_generate_keeps_a_folder_left_by_someone_else_beside_the_output(project, tmp_path):
    out = tmp_path / "situs"
    stranger = tmp_path / f"situs{STAGING_SUFFIX}"
    stranger.mkdir()
    (stranger / "penting.txt").write_text("jangan dihapus", "utf-8")
    result = generate(out)
    assert result.returncode == 1 and "bukan sisa build portal" in result.stderr
    assert (stranger / "penting.txt").read_text("utf-8") == "jangan dihapus"
    assert not out.exists()
