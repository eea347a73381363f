"""`portal-sop` command line: a thin adapter over the core for maintainers."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .annotations import github_annotations
from .findings import Report
from .site import SiteOptions, build_site, write_site
from .validate import load_and_validate


@click.group(help="Alat pengelola Portal SOP kecamatan.")
def main() -> None:
    pass


def print_report(report: Report) -> None:
    for finding in report.sorted():
        click.echo(finding.format(), err=finding.severity.name == "ERROR")


@main.command(help="Periksa data SOP di DIR (bawaan: sop_data/).")
@click.argument("data_dir", default="sop_data", type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Peringatan juga dianggap gagal (kode keluar 1).")
@click.option(
    "--format", "output_format", type=click.Choice(["teks", "github"]), default="teks", show_default=True,
    help="github: temuan sebagai anotasi GitHub Actions (tampil pada baris yang diubah di pull request).",
)
def validate(data_dir: Path, strict: bool, output_format: str) -> None:
    portal, report = load_and_validate(data_dir)
    if output_format == "github":
        for line in github_annotations(report, Path(data_dir).resolve().parent):
            click.echo(line)
    else:
        print_report(report)
    click.echo(
        f"{len(portal.districts)} kecamatan, {len(portal.sops)} SOP diperiksa: {report.summary()}."
    )
    if report.has_errors or (strict and report.warnings):
        sys.exit(1)


@main.command(help="Tulis halaman dan aset portal ke OUT_DIR tanpa MkDocs.")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("--data", "data_dir", default="sop_data", type=click.Path(path_type=Path), help="Folder data SOP.")
def generate(out_dir: Path, data_dir: Path) -> None:
    portal, report = load_and_validate(data_dir)
    print_report(report)
    if report.has_errors:
        click.echo(f"Gagal: {report.summary()}. Tidak ada berkas yang ditulis.", err=True)
        sys.exit(1)
    written = write_site(build_site(portal, SiteOptions()), out_dir)
    click.echo(f"{len(written)} berkas ditulis ke {out_dir}.")
