"""Output side of the hardening (issue 10): output folders, the build lock,
errors without tracebacks, paths with spaces."""
from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DISTRICT, HEADER, STEPS, DataDir, build_portal, portal_config
from mkdocs.exceptions import PluginError
from PIL import Image
from portal_sop.adapters import cli, mkdocs_plugin
from portal_sop.adapters.cli import main
from portal_sop.output import MARKER, STAGING_SUFFIX, OutputBuild
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


def config_for(cache: Path) -> Path:
    """A mkdocs.yml outside the checkout (so it changes nothing there) naming
    the checkout's sop_data/ and content/ and the given cache folder."""
    root = Path.cwd()
    config = cache.parent / f"{cache.name}.mkdocs.yml"
    config.write_text(
        f"site_name: Uji\ndocs_dir: {root / 'content'}\n"
        f"plugins:\n  - portal-sop:\n      data_dir: {root / 'sop_data'}\n      cache_dir: {cache}\n", "utf-8")
    return config


def generate(target: str | Path, *extra: str, cache: Path | None = None, env: dict | None = None,
             cwd: Path | None = None) -> subprocess.CompletedProcess:
    cache = cache or Path.cwd().parent.parent / "tembolok"
    return subprocess.run(
        [sys.executable, "-m", "portal_sop", *extra, "generate", str(target), "-f", str(config_for(cache))],
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


# --- two builds at once --------------------------------------------------------


def test_second_generate_waits_for_the_build_in_progress(project, tmp_path):
    out = tmp_path / "situs"
    assert generate(out).returncode == 0
    before = digest(out)
    running = OutputBuild(out, root=project)
    running.start()  # a build in progress: holds the lock, staging folder exists
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "portal_sop", "generate", str(out), "-f", str(config_for(tmp_path / "tembolok"))],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )
        waiting = ""
        for line in process.stderr:
            if "menunggu" in line:
                waiting = line
                break
        assert "Build lain sedang menulis ke" in waiting and str(out) in waiting
        assert process.poll() is None
        assert digest(out) == before
    finally:
        running.close()
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr[-3000:]
    assert digest(out) == before
    assert not (tmp_path / f"situs{STAGING_SUFFIX}").exists()


def test_two_mkdocs_builds_started_together_leave_a_complete_site(data, tmp_path):
    out = tmp_path / "build" / "site"
    assert build_portal(data.root, out).returncode == 0
    expected = listing(out)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(portal_config(out))]
    first = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    time.sleep(0.3)
    second = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    errors = [p.communicate(timeout=600)[1] for p in (first, second)]
    # Both wait their turn and finish (a stop with a message would also do;
    # interleaving would not).
    assert [first.returncode, second.returncode] == [0, 0], errors
    assert listing(out) == expected
    assert not (out.parent / f"site{STAGING_SUFFIX}").exists()
    assert all("Traceback" not in e for e in errors)


# --- failures: one line, no traceback, previous output intact ----------------


def _without_dot(tmp_path: Path) -> dict[str, str]:
    empty = tmp_path / "bin-tanpa-dot"
    empty.mkdir()
    return {**os.environ, "PATH": str(empty)}


def test_generate_without_graphviz(project, tmp_path):
    out = tmp_path / "situs"
    cache = tmp_path / "tembolok"
    assert generate(out, cache=cache).returncode == 0
    before, cached = digest(out), digest(cache)
    (project / "sop_data" / "contoh" / "uji-coba" / "pelayanan-contoh" / "langkah.csv").write_text(
        "\n".join([HEADER, *STEPS]).replace("Menerima permohonan", "Menerima berkas") + "\n", "utf-8")
    result = generate(out, cache=cache, env=_without_dot(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "Galat: Graphviz (perintah dot) tidak ditemukan" in result.stderr
    assert digest(out) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("situs")) == ["situs", "situs.lock"]
    # A failed build never prunes the cache (only adds to it).
    assert cached.items() <= digest(cache).items()


def test_mkdocs_build_without_graphviz(data, tmp_path):
    out = tmp_path / "build" / "site"
    assert build_portal(data.root, out).returncode == 0
    before = digest(out)
    data.write_steps([s.replace("Menerima permohonan", "Menerima berkas") for s in STEPS])
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(portal_config(out))], cwd=tmp_path,
                            capture_output=True, text=True, timeout=600, env=_without_dot(tmp_path))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Graphviz (perintah dot) tidak ditemukan" in result.stderr
    assert digest(out) == before
    assert not (out.parent / f"site{STAGING_SUFFIX}").exists()


def test_changed_sop_replaces_its_cache_entry_after_success(project, tmp_path):
    out, cache = tmp_path / "situs", tmp_path / "tembolok"
    assert generate(out, cache=cache).returncode == 0
    charts = set((cache / "flowchart").glob("*.svg"))
    steps = project / "sop_data" / "contoh" / "uji-coba" / "pelayanan-contoh" / "langkah.csv"
    steps.write_text(steps.read_text("utf-8").replace("Menerima permohonan", "Menerima berkas"), "utf-8")
    assert generate(out, cache=cache).returncode == 0
    now = set((cache / "flowchart").glob("*.svg"))
    assert len(charts) == len(now) == 1 and charts != now
    manifest = json.loads((cache / "flowchart" / "manifest.json").read_text("utf-8"))["outputs"]
    assert list(manifest.values()) == [next(iter(now)).stem]


def test_unusable_cache_folder_does_not_stop_the_build(project, tmp_path):
    cache = tmp_path / "tembolok"
    cache.write_text("bukan folder", "utf-8")
    result = generate(tmp_path / "situs", cache=cache)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Tembolok" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "situs" / "docs" / "index.md").is_file()


def test_full_disk_is_one_line_and_leaves_the_previous_output(project, tmp_path, monkeypatch):
    out = tmp_path / "situs"
    runner = CliRunner()
    args = ["generate", str(out), "-f", str(config_for(tmp_path / "tembolok"))]
    assert runner.invoke(main, args).exit_code == 0
    before = digest(out)

    def full_disk(site, folder):
        (folder / "index.md").write_text("separuh", "utf-8")
        raise OSError(errno.ENOSPC, "No space left on device", str(folder / "index.md"))

    monkeypatch.setattr(cli.docstree, "write_tree", lambda site, config, folder: full_disk(site, folder))
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "disk penuh" in result.output and "index.md" in result.output
    assert "Traceback" not in result.output
    assert digest(out) == before
    assert not (tmp_path / f"situs{STAGING_SUFFIX}").exists()


def test_internal_error_shows_a_traceback_only_with_debug(project, tmp_path, monkeypatch):
    out = tmp_path / "situs"
    runner = CliRunner()
    args = ["generate", str(out), "-f", str(config_for(tmp_path / "tembolok"))]

    def broken(*a, **k):
        raise RuntimeError("contoh kerusakan")

    monkeypatch.setattr(cli, "build_site", broken)
    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert "kesalahan internal Portal SOP (RuntimeError: contoh kerusakan)" in result.output
    assert "--debug" in result.output
    assert isinstance(result.exception, SystemExit)
    assert not out.exists() and not (tmp_path / f"situs{STAGING_SUFFIX}").exists()
    result = runner.invoke(main, ["--debug", *args])
    assert isinstance(result.exception, RuntimeError)
    assert not (tmp_path / f"situs{STAGING_SUFFIX}").exists()


def test_plugin_turns_errors_into_one_line(monkeypatch):
    with pytest.raises(PluginError, match="disk penuh"):
        with mkdocs_plugin._translated():
            raise OSError(errno.ENOSPC, "No space left on device", "/tmp/x.pdf")
    with pytest.raises(PluginError, match=r"Kesalahan internal Portal SOP \(KeyError"):
        with mkdocs_plugin._translated():
            raise KeyError("x")
    monkeypatch.setenv("PORTAL_SOP_DEBUG", "1")
    with pytest.raises(KeyError):
        with mkdocs_plugin._translated():
            raise KeyError("x")
