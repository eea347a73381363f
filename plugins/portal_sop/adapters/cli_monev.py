"""`portal-sop monev …`: filled monitoring and evaluation forms back into a
kecamatan's monev.csv."""
from __future__ import annotations

from pathlib import Path

import click

from ..authoring import monev_form
from ..authoring.monev_import import import_forms
from ..authoring.realisasi import ImportRefused
from .cli_kinerja import DATA_OPTION, DRY_RUN_OPTION, _refuse, load_valid_portal


@click.group(help="Monitoring dan evaluasi SOP: masukkan hasil dari formulir PDF yang sudah diisi.")
def monev() -> None:
    pass


@monev.command("impor-formulir", help="Baca Formulir Monitoring Pelaksanaan SOP dan Formulir Evaluasi Penerapan SOP "
               "(PDF unduhan portal) yang sudah diisi dan tulis hasilnya ke monev.csv di paket data kinerja kecamatan "
               "yang tertera di formulir. Baris SOP yang dibiarkan kosong dilewati (SOP itu tidak dinilai).")
@click.argument("forms", nargs=-1, required=True, type=click.Path(path_type=Path))
@DATA_OPTION
@DRY_RUN_OPTION
@click.option("--timpa", is_flag=True, help="Ganti penilaian lama (jenis, SOP dan tanggal yang sama) yang isinya berbeda.")
def impor_formulir(forms: tuple[Path, ...], data_dir: Path, dry_run: bool, timpa: bool) -> None:
    portal = load_valid_portal(data_dir)
    districts = {d.path: d for d in portal.districts}
    filled = []
    problems: list[str] = []
    for form in forms:
        try:
            filled.append(monev_form.read_form(form, districts, portal.kinerja))
        except ImportRefused as refused:
            problems += refused.problems
    if problems:
        _refuse(problems)
    try:
        results = import_forms(data_dir, filled, overwrite=timpa, dry_run=dry_run)
    except ImportRefused as refused:
        _refuse(refused.problems)
    total = 0
    for result in results:
        changes = [c for c in result.changes if not c.same]
        click.echo(f"Kecamatan {result.district_path}: {len(changes)} penilaian baru atau berubah"
                   + (":" if result.changes or result.skipped else "."))
        for change in result.changes:
            click.echo(f"  {change.describe()}")
        for file, slug in result.skipped:
            click.echo(f"  lewati: SOP {slug} tidak dinilai di {file} (barisnya kosong)")
        if result.added_resource:
            click.echo("  sumber daya monev (monev.csv) ditambahkan ke datapackage.yaml")
        for warning in result.warnings:
            click.echo(f"  {warning}")
        total += len(changes)
    if dry_run:
        click.echo(f"Uji coba (--dry-run): {total} penilaian akan ditulis; tidak ada berkas yang diubah.")
    elif total:
        click.echo(f"{total} penilaian ditulis ke monev.csv dan data lolos pemeriksaan build.")
    else:
        click.echo("Semua penilaian sudah tercatat; tidak ada berkas yang diubah.")
