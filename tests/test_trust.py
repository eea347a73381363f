"""Bad files, huge inputs, unsafe names and failed builds (issue 7)."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import DISTRICT, HEADER, SOP, STEPS, build_portal, portal_config
from portal_sop.validation import load_and_validate


def run_validate(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "portal_sop", "validate", str(root)], capture_output=True, text=True, timeout=120)


BAD_FILES = {
    "excel-titik-koma": ("langkah.csv", (HEADER.replace(",", ";") + "\n1;A;staf;proses;;;;;;5 menit;;\n").encode("utf-8"), "titik koma", ":1"),
    "cp1252": ("langkah.csv", (HEADER + "\n1,Kegiatan caf\xe9,staf,proses,,,,,,5 menit,,\n").encode("cp1252"), "UTF-8", "langkah.csv"),
    "baris-tidak-rata": ("langkah.csv", (HEADER + "\n1,A,staf\n").encode(), "kekurangan kolom", ":2:"),
    "kosong": ("langkah.csv", b"", "berkas kosong", "langkah.csv"),
    "kolom-hilang": ("langkah.csv", b"no,kegiatan\n1,A\n", 'kolom wajib "pelaksana"', ":1:pelaksana"),
    "yaml-rusak": ("sop.yaml", b"nama: [belum ditutup\nnomor: 1\n", "YAML tidak dapat dibaca", "sop.yaml:"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_file_gives_indonesian_message_exit_1_no_traceback(data, case):
    name, content, phrase, where = BAD_FILES[case]
    (data.sop_dir / name).write_bytes(content)
    result = run_validate(data.root)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert "Traceback" not in output
    assert phrase in output
    assert where in output


def test_bom_csv_is_read_as_utf8(data):
    data.steps_file.write_bytes(b"\xef\xbb\xbf" + data.steps_file.read_bytes())
    assert run_validate(data.root).returncode == 0


def test_broken_data_package_descriptor(data):
    folder = data.district_dir / "data-kinerja"
    folder.mkdir()
    (folder / "datapackage.yaml").write_text("resources: [tidak ditutup\n", "utf-8")
    result = run_validate(data.root)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "datapackage.yaml" in result.stderr


def test_five_megabyte_cell_ends_in_a_clear_error(data):
    data.write_steps([f"1,{'x' * 5_000_000},staf,proses,,,,,,5 menit,,"])
    started = time.monotonic()
    portal, report = load_and_validate(data.root)
    assert time.monotonic() - started < 10
    assert "berkas-terlalu-besar" in report.codes()


def test_ten_thousand_steps_end_in_a_clear_error(data):
    data.write_steps([f"{n},Langkah {n},staf,proses,,,,,,5 menit,," for n in range(1, 10_001)])
    started = time.monotonic()
    portal, report = load_and_validate(data.root)
    assert time.monotonic() - started < 30
    assert "langkah-terlalu-banyak" in report.codes()


@pytest.mark.parametrize("name", ["a" * 200, "Nama Dengan Spasi", "..sop", "sop.", "-sop"])
def test_unsafe_or_overlong_folder_names_are_refused(data, name):
    data.sop_dir.rename(data.district_dir / name)
    report = load_and_validate(data.root)[1]
    assert "nama-folder-tidak-sah" in report.codes()
    assert report.has_errors


@pytest.mark.parametrize("logo", ["file:///etc/passwd", "../../../etc/passwd", "/etc/passwd", "http://contoh.id/logo.png", "tidak-ada.png", "logo.exe"])
def test_logo_must_be_an_image_beside_kecamatan_yaml(data, logo):
    (data.district_dir / "logo.exe").write_bytes(b"MZ")
    data.write_district({**DISTRICT, "logo": logo})
    report = load_and_validate(data.root)[1]
    assert "logo-tidak-sah" in report.codes()


def test_logo_beside_kecamatan_yaml_is_accepted(data):
    (data.district_dir / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    data.write_district({**DISTRICT, "logo": "logo.png"})
    portal, report = load_and_validate(data.root)
    assert "logo-tidak-sah" not in report.codes()
    assert portal.districts[0].logo == "logo.png"


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def previous_output(data, tmp_path):
    out = tmp_path / "build" / "site"
    result = build_portal(data.root, out)
    assert result.returncode == 0, result.stderr[-3000:]
    return out, digest(out)


def test_invalid_data_leaves_previous_output_intact(data, previous_output):
    out, before = previous_output
    data.write_steps(["1,A,lurah,proses,,,,,,5 menit,,"])
    result = build_portal(data.root, out)
    assert result.returncode != 0
    assert "pelaksana \"lurah\"" in result.stderr
    assert digest(out) == before
    assert not list(out.parent.glob("*.sedang-dibangun"))


def test_interrupted_build_leaves_previous_output_intact(data, previous_output, tmp_path):
    out, before = previous_output
    # Many SOPs with a cold PDF cache: the PDF stage has dozens of jobs left
    # after its first one, whatever the machine's load.
    for n in range(30):
        folder = data.district_dir / f"sop-{n}"
        data.write_sop({**SOP, "nama": f"SOP {n}", "keterkaitan": []}, sop_dir=folder)
        data.write_steps(STEPS, sop_dir=folder)
    config = portal_config(out)
    pdf_cache = config.parent / ".cache" / "portal-sop" / "pdf"
    cached_before = set(pdf_cache.glob("*.pdf"))
    # Ctrl-C as a terminal sends it, even when the suite itself runs as a
    # background job, which starts with SIGINT ignored (then Python installs
    # no KeyboardInterrupt handler and the build could not be interrupted).
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-f", str(config)], cwd=config.parent,
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    # A known point: the first new PDF is in the cache, so the build is
    # inside its PDF process pool with the other jobs still to run.
    deadline = time.monotonic() + 300
    while set(pdf_cache.glob("*.pdf")) == cached_before and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the build finished before it could be interrupted"
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=120)
    assert process.returncode != 0, stderr[-2000:]
    assert len(set(pdf_cache.glob("*.pdf")) - cached_before) < 30 + 4, "the PDF stage ran to its end"
    assert digest(out) == before
    assert not list(out.parent.glob("*.sedang-dibangun"))
    assert "Traceback" not in stderr, stderr


def test_build_refuses_dangerous_output_folders_and_accepts_others(data, tmp_path):
    out = tmp_path / "build" / "site"
    assert build_portal(data.root, out).returncode == 0
    config = portal_config(out)
    notes = tmp_path / "catatan"
    notes.mkdir()
    (notes / "penting.txt").write_text("jangan dihapus", "utf-8")
    before = digest(tmp_path)

    def build_into(target: Path) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "--site-dir", str(target)],
                              cwd=tmp_path, capture_output=True, text=True, timeout=300)

    # The project folder (where mkdocs.yml is), the data folder, a folder of someone's files.
    for target, reason in ((tmp_path, "folder proyek"), (data.root, "sop_data"), (notes, "bukan hasil build portal")):
        result = build_into(target)
        assert result.returncode == 1, result.stderr[-2000:]
        assert "Traceback" not in result.stderr
        assert f"folder keluaran {target} tidak dipakai" in result.stderr and reason in result.stderr
        assert digest(tmp_path) == before
    # `mkdocs build -d /some/dir` outside build/ works.
    elsewhere = tmp_path / "di-luar" / "situs"
    result = build_into(elsewhere)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (elsewhere / "index.html").is_file() and (elsewhere / ".portal-sop-build").is_file()
    assert digest(out) == {k.removeprefix("build/site/"): v for k, v in before.items() if k.startswith("build/site/")}
