import subprocess
import sys

import yaml
from click.testing import CliRunner
from conftest import REPO, SEED_DATA
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
    config = tmp_path / "mkdocs.yml"
    config.write_text(
        f"site_name: Uji\nsite_url: https://contoh.example.id/portal/\ndocs_dir: {REPO / 'content'}\n"
        f"plugins:\n  - portal-sop:\n      data_dir: {SEED_DATA}\n      pdf_enabled: false\n", "utf-8")
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "out"), "--config-file", str(config)])
    assert result.exit_code == 0, result.output
    page = tmp_path / "out" / "docs" / "banyumas" / "kebasen" / "pengukuran-data-kinerja" / "index.md"
    assert "Menelaah Surat Bupati" in page.read_text("utf-8")
    assert (tmp_path / "out" / "docs" / "panduan" / "kontributor.md").is_file()
    written = yaml.safe_load((tmp_path / "out" / "mkdocs.yml").read_text("utf-8"))
    assert written["site_url"] == "https://contoh.example.id/portal/" and written["docs_dir"] == "docs"
    assert not list((tmp_path / "out" / "docs").rglob("*.pdf"))  # pdf_enabled: false, read from the config


def test_generate_refuses_a_config_without_the_plugin(tmp_path):
    config = tmp_path / "mkdocs.yml"
    config.write_text(f"site_name: Uji\ndocs_dir: {REPO / 'content'}\n", "utf-8")
    result = CliRunner().invoke(main, ["generate", str(tmp_path / "out"), "--config-file", str(config)])
    assert result.exit_code == 1 and "tidak memuat plugin portal-sop" in result.output
    assert not (tmp_path / "out").exists()
