"""Shared fixtures: a minimal valid data directory that each test breaks in
exactly one way."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from hypothesis import settings

# CI must not go red by chance: property tests explore the same examples on
# every run (a failure found locally is still reproducible and shrunk).
settings.register_profile("portal", derandomize=True, deadline=None)
settings.load_profile("portal")

REPO = Path(__file__).resolve().parents[1]
SEED_DATA = REPO / "sop_data"
REPO_CACHE = REPO / ".cache" / "portal-sop"


def run_cli(*argv: str):
    """`portal-sop ARGV` in-process; fails the test on a crash (SystemExit is
    how the CLI sets its exit code, anything else is a traceback)."""
    from click.testing import CliRunner

    from portal_sop.adapters.cli import main

    result = CliRunner().invoke(main, list(argv))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


def fill_form(blank: bytes, target: Path, values: dict[str, str], keywords: str | None = None,
              title: str | None = None) -> Path:
    """A filled copy of the PDF form `blank` at `target`: field values set
    (no appearance redrawn), optionally its Keywords and Title replaced."""
    import io

    import pypdf

    writer = pypdf.PdfWriter(clone_from=io.BytesIO(blank))
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
    if keywords is not None:
        writer.add_metadata({"/Keywords": keywords})
    if title is not None:
        writer.add_metadata({"/Title": title})
    writer.write(target)
    return target


def _cache_listing() -> dict[str, tuple[int, int]]:
    if not REPO_CACHE.is_dir():
        return {}
    return {p.relative_to(REPO_CACHE).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
            for p in REPO_CACHE.rglob("*") if p.is_file()}


@pytest.fixture(scope="session", autouse=True)
def repository_cache_untouched():
    """Tests use their own caches (`--cache`, a cache_dir beside their
    mkdocs.yml): results must not depend on the developer's earlier builds,
    and the suite must not fill the repository's cache."""
    before = _cache_listing()
    yield
    assert _cache_listing() == before, f"a test wrote into {REPO_CACHE}; give it its own cache folder"

DISTRICT = {
    "kabupaten": "Contoh",
    "kecamatan": "Uji Coba",
    "alamat": "Jl. Contoh No. 1",
    "camat": {"nama": "BUDI SANTOSO, S.STP", "pangkat": "Pembina", "nip": "19800101 200501 1 001"},
}
SOP = {
    "nomor": "001/SOP/2025",
    "nama": "Pelayanan Contoh",
    "tanggal_pembuatan": "2025-01-02",
    "tanggal_revisi": None,
    "tanggal_efektif": "2025-01-02",
    "disahkan_oleh": {"jabatan": "Camat Uji Coba", "nama": "BUDI SANTOSO, S.STP", "pangkat": "Pembina", "nip": "19800101 200501 1 001"},
    "dasar_hukum": ["Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik"],
    "kualifikasi_pelaksana": ["Mampu mengoperasikan komputer"],
    "keterkaitan": ["SOP Lain"],
    "peralatan_perlengkapan": ["Komputer"],
    "peringatan": ["Jika SOP tidak dilaksanakan, pelayanan terlambat"],
    "pencatatan_pendataan": ["Disimpan sebagai arsip"],
    "pelaksana": [{"kode": "camat", "nama": "Camat"}, {"kode": "sekcam", "nama": "Sekcam"}, {"kode": "staf", "nama": "Staf"}],
}
HEADER = "no,kegiatan,pelaksana,jenis,lanjut_ke,jika_tidak_ke,label_ya,label_tidak,kelengkapan,waktu,output,keterangan"
STEPS = [
    "1,Menerima permohonan,staf,proses,,,,,Formulir,5 menit,Berkas,",
    "2,Memeriksa berkas,sekcam,keputusan,,1,Lengkap,Tidak lengkap,Berkas,1 jam,Berkas diperiksa,",
    "3,Menandatangani surat,camat,proses,,,,,Berkas diperiksa,1 hari,Surat,",
]


class DataDir:
    """A data directory under tmp_path with one kecamatan and one SOP."""

    def __init__(self, root: Path):
        self.root = root
        self.district_dir = root / "contoh" / "uji-coba"
        self.sop_dir = self.district_dir / "pelayanan-contoh"
        self.sop_dir.mkdir(parents=True)
        self.write_district(DISTRICT)
        self.write_sop(SOP)
        self.write_steps(STEPS)

    @property
    def district_file(self) -> Path:
        return self.district_dir / "kecamatan.yaml"

    @property
    def sop_file(self) -> Path:
        return self.sop_dir / "sop.yaml"

    @property
    def steps_file(self) -> Path:
        return self.sop_dir / "langkah.csv"

    def write_district(self, data: dict) -> None:
        self.district_file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def write_sop(self, data: dict, sop_dir: Path | None = None) -> None:
        target = (sop_dir or self.sop_dir) / "sop.yaml"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")

    def write_steps(self, rows: list[str], header: str = HEADER, sop_dir: Path | None = None) -> None:
        target = (sop_dir or self.sop_dir) / "langkah.csv"
        target.write_text("\n".join([header, *rows]) + "\n", "utf-8")

    def sop_with(self, **changes) -> None:
        self.write_sop({**SOP, **changes})


@pytest.fixture
def data(tmp_path: Path) -> DataDir:
    return DataDir(tmp_path / "sop_data")


def portal_config(out_dir: Path) -> Path:
    """Where `build_portal` writes the mkdocs.yml for `out_dir`: beside the
    `build/` folder, so the config folder (the project) is <base> and its
    render cache <base>/.cache/portal-sop belongs to the test."""
    assert out_dir.parent.name == "build", "build output must be <base>/build/<name>"
    return out_dir.parent.parent / f"{out_dir.name}-mkdocs.yml"


def write_portal_yml(config_file: Path, data_root: Path, **plugin_options) -> Path:
    """The repository's mkdocs.yml with docs_dir and data_dir made absolute
    and the portal-sop options given (cache_dir, pdf_enabled, …)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(REPO / "content")
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "portal-sop" in plugin:
            plugin["portal-sop"].update(data_dir=str(data_root), **plugin_options)
    config_file.parent.mkdir(parents=True, exist_ok=True)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    return config_file


def build_portal(data_root: Path, out_dir: Path, *, strict: bool = True) -> subprocess.CompletedProcess:
    """Build the portal from `data_root` with the repository's mkdocs.yml
    (data_dir and docs_dir made absolute) into `out_dir` (<base>/build/<name>)."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text("utf-8"))
    config["docs_dir"] = str(REPO / "content")
    config["site_dir"] = str(out_dir)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "portal-sop" in plugin:
            plugin["portal-sop"]["data_dir"] = str(data_root)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    config_file = portal_config(out_dir)
    config_file.write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file)]
    if strict:
        command.append("--strict")
    return subprocess.run(command, cwd=out_dir.parent, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real portal from sop_data/, built once per test session."""
    out = tmp_path_factory.mktemp("site") / "build" / "site"
    result = build_portal(SEED_DATA, out)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING  -" not in result.stderr
    return out


HOSTILE = '<script>alert("xss")</script> <img src=x onerror=alert(1)> "]; a -> b [ \\ {kurung} & — [tautan](javascript:alert(1)) *tebal*'


@pytest.fixture(scope="session")
def hostile_site(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    data = DataDir(base / "sop_data")
    data.write_district({**DISTRICT, "kecamatan": f"Uji {HOSTILE}", "camat": {**DISTRICT["camat"], "nama": HOSTILE}})
    data.write_sop({
        **SOP,
        "nama": f"SOP {HOSTILE}",
        "nomor": HOSTILE,
        "dasar_hukum": [HOSTILE],
        "keterkaitan": [HOSTILE],
        "disahkan_oleh": {**SOP["disahkan_oleh"], "jabatan": HOSTILE},
        "pelaksana": [{"kode": "camat", "nama": f"Camat {HOSTILE}"}, {"kode": "sekcam", "nama": "Sekcam"}, {"kode": "staf", "nama": "Staf"}],
    })
    quoted = '"' + HOSTILE.replace('"', '""') + '"'
    data.write_steps([
        f"1,{quoted},staf,proses,,,,,{quoted},5 menit,{quoted},{quoted}",
        "2,Memeriksa berkas,sekcam,keputusan,,1,Lengkap,Tidak lengkap,Berkas,1 jam,Berkas diperiksa,",
        "3,Menandatangani surat,camat,proses,,,,,Berkas diperiksa,1 hari,Surat,",
    ])
    out = base / "build" / "site"
    result = build_portal(data.root, out, strict=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return out
