import subprocess
import sys

from click.testing import CliRunner
from conftest import SEED_DATA
from portal_sop.adapters.cli import main


def test_validate_seed_data_exits_0_with_warnings():
    result = CliRunner().invoke(main, ["validate", str(SEED_DATA)])
    assert result.exit_code == 0, result.output
    assert "0 galat, 9 peringatan" in result.output
    assert "langkah.csv:4:no: peringatan: nomor langkah melompat dari 2 ke 4" in result.output


def test_validate_strict_fails_on_warnings():
    assert CliRunner().invoke(main, ["validate", "--strict", str(SEED_DATA)]).exit_code == 1


def test_validate_error_exit_1_without_traceback(data):
    data.write_steps(["1,A,lurah,proses,,,,,,5 menit,,"])
    result = subprocess.run([sys.executable, "-m", "portal_sop", "validate", str(data.root)], capture_output=True, text=True)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "langkah.csv:2:pelaksana: galat: pelaksana \"lurah\"" in result.stderr


def test_generate_writes_pages_without_mkdocs(tmp_path):
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "out"), "--data", str(SEED_DATA), "--cache", str(tmp_path / "cache")])
    assert result.exit_code == 0, result.output
    page = tmp_path / "out" / "banyumas" / "kebasen" / "pengukuran-data-kinerja.md"
    assert "Menelaah Surat Bupati" in page.read_text("utf-8")
