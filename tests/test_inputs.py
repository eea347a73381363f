"""The input rule (issue 10): data arriving by pull request cannot make
validation read files outside the data folder, hang on a FIFO, or make the
importer write through a link. Every attack runs on a temporary copy; a
secret outside the data folder must never appear in any output."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import HEADER, SEED_DATA, SOP, STEPS, DataDir, run_cli
from portal_sop import inputs
from portal_sop.authoring import scaffold
from portal_sop.authoring.datafiles import DataFileError
from portal_sop.validation import load_and_validate

SECRET = "RAHASIA-7f3a9c"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder beside the data folder holding a secret in a file that
    would give a finding quoting it if it were ever read as data."""
    folder = tmp_path / "luar"
    folder.mkdir()
    (folder / "rahasia.csv").write_text(f"{HEADER}\n1,{SECRET},{SECRET},proses,,,,,,5 menit,,\n", "utf-8")
    (folder / "rahasia.yaml").write_text(f"nama: {SECRET}\nkunci_{SECRET}: 1\n", "utf-8")
    return folder


def cli(*args: str):
    return run_cli(*args)


def refused(data: DataDir, *phrases: str):
    result = cli("validate", str(data.root))
    assert result.exit_code == 1, result.output
    assert SECRET not in result.output
    for phrase in phrases:
        assert phrase in result.output, result.output
    return result


@pytest.mark.parametrize("name, target", [("langkah.csv", "rahasia.csv"), ("sop.yaml", "rahasia.yaml")])
def test_file_linked_outside_the_data_folder_is_not_read(data, outside, name, target):
    (data.sop_dir / name).unlink()
    (data.sop_dir / name).symlink_to(outside / target)
    refused(data, f"uji-coba/pelayanan-contoh/{name}: galat:", "ke luar folder data", "[tautan-ke-luar]")


def test_district_file_linked_outside_is_not_read(data, outside):
    data.district_file.unlink()
    data.district_file.symlink_to(outside / "rahasia.yaml")
    refused(data, "uji-coba/kecamatan.yaml: galat:", "[tautan-ke-luar]")


def test_proc_environ_link_prints_no_environment(data):
    data.steps_file.unlink()
    data.steps_file.symlink_to("/proc/self/environ")
    result = subprocess.run(
        [sys.executable, "-m", "portal_sop", "validate", str(data.root)],
        capture_output=True, text=True, timeout=120, env={**os.environ, "PORTAL_RAHASIA": SECRET},
    )
    output = result.stdout + result.stderr
    assert result.returncode == 1
    assert "Traceback" not in output and SECRET not in output and "PATH=" not in output
    assert "pelayanan-contoh/langkah.csv: galat:" in output and "[tautan-ke-luar]" in output


@pytest.mark.parametrize("level", ["sop", "kecamatan", "kabupaten"])
def test_folder_linked_outside_is_not_walked_or_published(tmp_path, data, level):
    elsewhere = DataDir(tmp_path / "luar-data")
    elsewhere.sop_with(nama=f"SOP {SECRET}")
    folder = {"sop": elsewhere.sop_dir, "kecamatan": elsewhere.district_dir, "kabupaten": elsewhere.district_dir.parent}[level]
    parent = {"sop": data.district_dir, "kecamatan": data.district_dir.parent, "kabupaten": data.root}[level]
    (parent / f"tautan-{level}").symlink_to(folder, target_is_directory=True)
    result = refused(data, f"tautan-{level}: galat:", "ke luar folder data")
    assert "1 kecamatan, 1 SOP diperiksa" in result.output
    portal, _ = load_and_validate(data.root)
    assert [sop.name for _, sop in portal.sops] == [SOP["nama"]]


def test_kinerja_csv_linked_outside_is_not_read(data, outside):
    from test_kinerja import INDICATORS, RESULTS, TARGETS, KinerjaDir, descriptor  # noqa: F401

    kin = KinerjaDir.__new__(KinerjaDir)
    kin.folder = data.district_dir / "data-kinerja"
    kin.folder.mkdir()
    kin.write(indicators=INDICATORS, targets=TARGETS, results=RESULTS, package=descriptor())
    assert cli("validate", str(data.root)).exit_code == 0
    (kin.folder / "indikator.csv").unlink()
    (kin.folder / "indikator.csv").symlink_to(outside / "rahasia.csv")
    refused(data, "data-kinerja/indikator.csv: galat:", "[tautan-ke-luar]")


def test_link_that_stays_inside_the_data_folder_is_allowed(data):
    shared = data.district_dir / "bersama"
    shared.mkdir()
    data.steps_file.rename(data.root / "langkah-bersama.csv")
    data.steps_file.symlink_to(Path("..") / ".." / ".." / "langkah-bersama.csv")
    portal, report = load_and_validate(data.root)
    assert "tautan-ke-luar" not in report.codes()
    assert len(portal.sops[0][1].steps) == len(STEPS)


def test_dangling_link_says_so(data):
    data.sop_file.unlink()
    data.sop_file.symlink_to(data.sop_dir / "tidak-ada.yaml")
    refused(data, "pelayanan-contoh/sop.yaml: galat:", "mengarah ke berkas yang tidak ada", "[tautan-rusak]")


def test_link_loop_is_refused(data):
    data.steps_file.unlink()
    data.steps_file.symlink_to(data.steps_file)
    refused(data, "langkah.csv: galat:", "[tautan-rusak]")


def test_fifo_named_sop_yaml_does_not_hang(data):
    data.sop_file.unlink()
    os.mkfifo(data.sop_file)
    result = subprocess.run([sys.executable, "-m", "portal_sop", "validate", str(data.root)],
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert "pelayanan-contoh/sop.yaml: galat: ini sebuah pipa (FIFO), bukan berkas biasa" in output


@pytest.mark.parametrize("name", ["sop.yaml", "langkah.csv", "kecamatan.yaml"])
def test_data_file_that_is_a_folder(data, name):
    path = data.district_file if name == "kecamatan.yaml" else data.sop_dir / name
    path.unlink()
    path.mkdir()
    result = subprocess.run([sys.executable, "-m", "portal_sop", "validate", str(data.root)],
                            capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output
    assert f"{name}: galat: ini sebuah folder, bukan berkas biasa" in output


def test_size_is_checked_before_reading(tmp_path):
    big = tmp_path / "besar.csv"
    with open(big, "wb") as out:
        out.truncate(inputs.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    with pytest.raises(inputs.InputError) as caught:
        inputs.read_bytes(big, tmp_path)
    assert caught.value.code == "berkas-terlalu-besar"


def test_device_is_refused_without_reading(tmp_path):
    with pytest.raises(inputs.InputError) as caught:
        inputs.read_bytes(Path("/dev/zero"), None)
    assert caught.value.code == "bukan-berkas" and "perangkat" in caught.value.reason


# --- the importer and `new` -------------------------------------------------


@pytest.mark.parametrize("source", ["/dev/zero", "besar"])
def test_import_refuses_device_or_huge_file_before_reading(tmp_path, source):
    if source == "besar":
        path = tmp_path / "besar.txt"
        with open(path, "wb") as out:
            out.truncate(50_000_000)
        source = str(path)
    result = cli("import", source, "--data", str(tmp_path / "sop_data"))
    assert result.exit_code == 1
    assert "galat:" in result.output and ("perangkat" in result.output or "lebih dari batas 10 MB" in result.output)
    assert not (tmp_path / "sop_data").exists()


def test_new_sop_does_not_write_through_a_linked_folder(tmp_path, data):
    elsewhere = tmp_path / "luar"
    elsewhere.mkdir()
    (elsewhere / "kecamatan.yaml").write_text(data.district_file.read_text("utf-8"), "utf-8")
    (data.root / "contoh" / "tautan").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(DataFileError, match="tautan simbolik"):
        scaffold.new_sop(data.root, "contoh/tautan", "Pelayanan Baru")
    assert sorted(p.name for p in elsewhere.iterdir()) == ["kecamatan.yaml"]
    result = cli("new", "sop", "contoh/tautan", "Pelayanan Baru", "--data", str(data.root))
    assert result.exit_code == 1 and "Galat:" in result.output
    assert sorted(p.name for p in elsewhere.iterdir()) == ["kecamatan.yaml"]


def test_import_does_not_write_through_a_linked_folder(tmp_path):
    seeds = sorted(Path("/work/shared/seeds").glob("002_*.txt")) or sorted((SEED_DATA.parents[1] / "shared" / "seeds").glob("002_*.txt"))
    if not seeds:
        pytest.skip("seed documents not available")
    data_dir = tmp_path / "sop_data"
    data_dir.mkdir()
    elsewhere = tmp_path / "luar"
    elsewhere.mkdir()
    (data_dir / "banyumas").symlink_to(elsewhere, target_is_directory=True)
    result = cli("import", str(seeds[0]), "--data", str(data_dir))
    assert result.exit_code == 1
    assert "tautan simbolik" in result.output
    assert list(elsewhere.iterdir()) == []


def test_datafile_never_written_through_a_dangling_link(tmp_path, data):
    (data.root / "contoh" / "baru").mkdir()
    target = tmp_path / "luar-ditulis.yaml"
    (data.root / "contoh" / "baru" / "kecamatan.yaml").symlink_to(target)
    with pytest.raises(DataFileError):
        scaffold.new_district(data.root, "Contoh", "Baru")
    assert not target.exists()


# --- the PDF logo -------------------------------------------------------------

PNG_1PX = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)


def test_logo_in_a_checkout_path_with_a_space(tmp_path):
    from conftest import DISTRICT
    from portal_sop.pdf import build as pdf_build
    from portal_sop.pdf.documents import PdfOptions

    data = DataDir(tmp_path / "folder dengan spasi" / "sop_data")
    (data.district_dir / "logo.png").write_bytes(PNG_1PX)
    data.write_district({**DISTRICT, "logo": "logo.png"})
    portal, report = load_and_validate(data.root)
    assert not report.has_errors, [f.format() for f in report.errors]
    jobs = pdf_build.plan(portal, PdfOptions(data_dir=data.root))
    assert jobs and all(job.extra_inputs == PNG_1PX for job in jobs)


def test_logo_linked_outside_is_refused(tmp_path, outside):
    from conftest import DISTRICT

    data = DataDir(tmp_path / "sop_data")
    (outside / "logo.png").write_bytes(PNG_1PX)
    (data.district_dir / "logo.png").symlink_to(outside / "logo.png")
    data.write_district({**DISTRICT, "logo": "logo.png"})
    _, report = load_and_validate(data.root)
    assert "logo-tidak-sah" in report.codes()


# --- property tests: the CSV loader with links and odd text ----------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

CELL = st.text(alphabet=st.sampled_from(list('ab ,"\n\r\t;\\') + ["\x00", "\x01", "\u202e", "\u200b", "\ufeff", "é", "中"]), max_size=12)


@settings(max_examples=40)
@given(CELL)
def test_any_activity_text_loads_or_is_named(activity):
    import csv
    import io
    import tempfile

    with tempfile.TemporaryDirectory() as base:
        data = DataDir(Path(base) / "sop_data")
        out = io.StringIO()
        writer = csv.writer(out)  # "\r\n" rows: a lone "\r" or "\n" in a cell gets quoted
        writer.writerow(HEADER.split(","))
        writer.writerow(["1", "Mulai " + activity, "staf", "proses", "", "", "", "", "", "5 menit", "", ""])
        data.steps_file.write_bytes(out.getvalue().encode("utf-8"))
        portal, report = load_and_validate(data.root)  # never raises
        hidden = any(c in activity for c in "\x00\x01\u202e\u200b\ufeff")
        if hidden:
            assert report.has_errors
        steps = portal.sops[0][1].steps if portal.sops else ()
        if steps and not hidden:
            assert steps[0].activity == ("Mulai " + activity).strip()


LINKS = st.sampled_from(["inside", "outside", "dangling", "loop", "folder", "fifo", "proc"])


@settings(max_examples=25)
@given(st.lists(st.tuples(st.sampled_from(["sop.yaml", "langkah.csv", "kecamatan.yaml"]), LINKS), min_size=1, max_size=3, unique_by=lambda t: t[0]))
def test_links_never_leak_and_never_crash(changes):
    import tempfile

    with tempfile.TemporaryDirectory() as base:
        base = Path(base)
        data = DataDir(base / "sop_data")
        secret = base / "rahasia.yaml"
        secret.write_text(f"nama: {SECRET}\n{SECRET}: 1\n", "utf-8")
        spare = data.root  # plain files beside the kabupaten folders are not data
        for name, kind in changes:
            path = data.district_file if name == "kecamatan.yaml" else data.sop_dir / name
            (spare / f"cadangan-{name}").write_bytes(path.read_bytes())
            path.unlink()
            if kind == "inside":
                path.symlink_to(spare / f"cadangan-{name}")
            elif kind == "outside":
                path.symlink_to(secret)
            elif kind == "dangling":
                path.symlink_to(base / "tidak-ada")
            elif kind == "loop":
                path.symlink_to(path)
            elif kind == "folder":
                path.mkdir()
            elif kind == "fifo":
                os.mkfifo(path)
            else:
                path.symlink_to("/proc/self/environ")
        result = cli("validate", str(data.root))
        assert SECRET not in result.output and "Traceback" not in result.output
        broken = [k for _, k in changes if k != "inside"]
        assert result.exit_code == (1 if broken else 0), result.output
