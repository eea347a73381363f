"""`portal-sop kinerja …`: realisasi from filled forms and spreadsheets back
into a kecamatan's data kinerja package."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from ..authoring import kinerja_excel, kinerja_form
from ..authoring.realisasi import Entry, ImportRefused, import_entries
from ..model import Portal
from ..validation import load_and_validate

DATA_OPTION = click.option("--data", "data_dir", default="sop_data", type=click.Path(path_type=Path), help="Folder data SOP.")
DRY_RUN_OPTION = click.option("--dry-run", is_flag=True, help="Hanya tampilkan yang akan ditambah atau diubah.")
OVERWRITE_OPTION = click.option("--timpa", is_flag=True, help="Ganti nilai realisasi lama yang berbeda dengan nilai yang diimpor.")


@click.group(help="Data kinerja: masukkan realisasi dari formulir PDF yang sudah diisi atau dari lembar kerja.")
def kinerja() -> None:
    pass


def _refuse(problems: list[str]) -> None:
    for line in problems:
        click.echo(f"Galat: {line}", err=True)
    click.echo("Tidak ada berkas yang diubah.", err=True)
    sys.exit(1)


def load_valid_portal(data_dir: Path) -> Portal:
    """The data an import writes into; refused (exit 1, the errors listed)
    unless it already validates."""
    portal, report = load_and_validate(data_dir)
    if report.has_errors:
        for finding in report.sorted():
            if finding.severity.name == "ERROR":
                click.echo(finding.format(), err=True)
        _refuse([f"data di {data_dir} belum sah ({report.summary()}); perbaiki dulu, lalu impor lagi"])
    return portal


def _load_packages(data_dir: Path) -> dict:
    return dict(load_valid_portal(data_dir).kinerja)


def _run(data_dir: Path, entries: dict[str, list[Entry]], packages: dict, overwrite: bool, dry_run: bool) -> None:
    try:
        results = import_entries(data_dir, entries, packages, overwrite=overwrite, dry_run=dry_run)
    except ImportRefused as refused:
        _refuse(refused.problems)
    total = 0
    for district_path, changes in results:
        click.echo(f"Kecamatan {district_path}: {len(changes)} perubahan" + (":" if changes else " (semua nilai sudah sama)."))
        for change in changes:
            click.echo(f"  {change.describe()}")
        total += len(changes)
    if dry_run:
        click.echo(f"Uji coba (--dry-run): {total} perubahan akan ditulis; tidak ada berkas yang diubah.")
    else:
        click.echo(f"{total} perubahan ditulis ke realisasi.csv dan paket data kinerja lolos pemeriksaan.")


@kinerja.command("impor-formulir", help="Baca Formulir Pengumpulan Data Kinerja (PDF) yang sudah diisi dan tulis "
                 "realisasinya ke paket data kinerja kecamatan yang tertera di formulir.")
@click.argument("forms", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_OPTION
@DRY_RUN_OPTION
@OVERWRITE_OPTION
def impor_formulir(forms: tuple[Path, ...], data_dir: Path, dry_run: bool, timpa: bool) -> None:
    _import(forms, kinerja_form.read_form, data_dir, dry_run, timpa)


def _import(files: tuple[Path, ...], read, data_dir: Path, dry_run: bool, timpa: bool) -> None:
    packages = _load_packages(data_dir)
    entries: dict[str, list[Entry]] = {}
    problems: list[str] = []
    for file in files:
        try:
            district_path, found = read(file, packages)
        except ImportRefused as refused:
            problems += refused.problems
            continue
        entries.setdefault(district_path, []).extend(found)
    if problems:
        _refuse(problems)
    _run(data_dir, entries, packages, timpa, dry_run)


@kinerja.command("templat-excel", help="Tulis lembar kerja .xlsx untuk mengisi realisasi kecamatan KABUPATEN/KECAMATAN "
                 "pada TAHUN. Contoh: portal-sop kinerja templat-excel banyumas/kebasen 2026")
@click.argument("kecamatan")
@click.argument("tahun", type=click.IntRange(2000, 2100))
@DATA_OPTION
@click.option("--keluar", "out", type=click.Path(path_type=Path), help="Nama berkas (bawaan: realisasi-<kecamatan>-<tahun>.xlsx).")
def templat_excel(kecamatan: str, tahun: int, data_dir: Path, out: Path | None) -> None:
    portal, _ = load_and_validate(data_dir)
    district = next((d for d in portal.districts if d.path == kecamatan.strip("/")), None)
    package = portal.kinerja.get(district.path) if district else None
    if district is None or package is None:
        known = ", ".join(sorted(portal.kinerja)) or "tidak ada"
        _refuse([f"kecamatan {kecamatan} tidak punya paket data kinerja yang sah; yang ada: {known}"])
    target = out or Path(f"realisasi-{district.slug}-{tahun}.xlsx")
    if target.exists():
        _refuse([f"{target} sudah ada; pilih nama lain dengan --keluar atau hapus berkas lama"])
    target.write_bytes(kinerja_excel.template(package, district.name, tahun))
    click.echo(f"Dibuat: {target}. Isi kolom triwulan dan baris Tanggal lapor, lalu jalankan "
               f"`portal-sop kinerja impor-excel {target}`.")


@kinerja.command("impor-excel", help="Baca lembar kerja realisasi (.xlsx dari templat-excel, disimpan Excel atau "
                 "LibreOffice) dan tulis realisasinya ke paket data kinerja.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_OPTION
@DRY_RUN_OPTION
@OVERWRITE_OPTION
def impor_excel(files: tuple[Path, ...], data_dir: Path, dry_run: bool, timpa: bool) -> None:
    _import(files, kinerja_excel.read_sheet, data_dir, dry_run, timpa)
