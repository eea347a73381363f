"""`portal-sop` command line: a thin adapter over the core for maintainers."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import output
from ..authoring import importer, scaffold
from ..authoring.datafiles import DataFileError
from ..errors import PortalError, describe_os_error
from ..findings import Report
from ..search.facts import page_facts
from ..search.indexer import CACHE_DIR as SEARCH_CACHE_DIR, SearchCache, markdown_records, write_index
from ..search.synonyms import load_synonyms
from ..site.pages import build_site
from ..validation import load_and_validate
from . import docstree, settings
from .cli_kinerja import kinerja
from .cli_monev import monev
from .cli_review import check_against_base, ringkas
from .cli_shards import build_shard, gabung, kabupaten
from .github import github_annotations

DEBUG_ENV = "PORTAL_SOP_DEBUG"


class _Main(click.Group):
    """Every command's errors become one `Galat: …` line and exit 1; only
    `--debug` (or PORTAL_SOP_DEBUG=1) shows the traceback of an internal error."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except PortalError as error:
            _fail(str(error))
        except OSError as error:
            if ctx.params.get("debug"):
                raise
            _fail(describe_os_error(error))
        except Exception as error:
            if ctx.params.get("debug"):
                raise
            _fail(
                f"kesalahan internal Portal SOP ({type(error).__name__}: {error}). Jalankan lagi dengan "
                f"`portal-sop --debug …` (atau {DEBUG_ENV}=1) untuk melihat jejaknya dan laporkan sebagai isu"
            )
        return None


@click.group(cls=_Main, help="Alat pengelola Portal SOP kecamatan.")
@click.option("--debug", is_flag=True, envvar=DEBUG_ENV,
              help="Tampilkan jejak (traceback) lengkap bila terjadi kesalahan internal.")
def main(debug: bool) -> None:
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
@click.option("--base", "base", default=None, metavar="REVISI", envvar="PORTAL_SOP_BASE",
              help="Bandingkan dengan versi git ini (misalnya origin/main): peringatan bila langkah atau identitas SOP "
                   "berubah tanpa butir revisi baru. Dilewati tanpa galat bila revisi itu tidak ada. Bawaan: $PORTAL_SOP_BASE.")
@click.option("--cache", "cache_dir", default=None, type=click.Path(path_type=Path),
              help="Folder tembolok (misalnya .cache/portal-sop): folder kecamatan yang tidak berubah tidak dibaca ulang.")
def validate(data_dir: Path, strict: bool, output_format: str, base: str | None, cache_dir: Path | None) -> None:
    portal, report = load_and_validate(data_dir, cache_dir)
    if base:
        check_against_base(portal, report, data_dir, base)
    load_synonyms(data_dir, report)
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


@main.command(help="Tulis situs sebagai folder dokumen biasa ke OUT_DIR (OUT_DIR/docs, OUT_DIR/mkdocs.yml) "
              "dengan pengaturan yang sama seperti `mkdocs build`; bangun dengan `zensical build -f OUT_DIR/mkdocs.yml`.")
@click.argument("out_dir", type=click.Path(path_type=Path))
@click.option("-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(path_type=Path), help="mkdocs.yml yang memuat plugin portal-sop: sumber semua pengaturan.")
@click.option("--tanpa-pencarian", "no_search", is_flag=True, help="Jangan buat indeks pencarian (folder pagefind/).")
def generate(out_dir: Path, config_file: Path, no_search: bool) -> None:
    try:
        config, wanted = settings.load(config_file)
    except PortalError as error:
        _fail(str(error))
    # Same guarantees as the MkDocs build: a dangerous OUT_DIR is refused,
    # builds take turns, and OUT_DIR changes only when all went well.
    build = output.OutputBuild(
        out_dir, root=wanted.data_dir.parent, protected=(wanted.data_dir, Path(config.docs_dir), wanted.cache_dir),
        on_wait=lambda message: click.echo(message, err=True),
    )
    build.check()
    data_caches: list = []
    portal, report = load_and_validate(wanted.data_dir, wanted.cache_dir, data_caches)
    synonyms = load_synonyms(wanted.data_dir, report)
    print_report(report)
    if report.has_errors or (wanted.strict_data and report.warnings):
        click.echo(f"Gagal: {report.summary()}. Tidak ada berkas yang ditulis.", err=True)
        sys.exit(1)
    try:
        with build:
            site = build_site(portal, wanted.site, report)
            site.caches += data_caches
            written = docstree.write_tree(site, config, build.staging)
            if not no_search:
                # The pages are Markdown here; the index is built from them
                # as rendered by Python-Markdown, with directory URLs.
                search_cache = SearchCache(wanted.cache_dir / SEARCH_CACHE_DIR)
                site.caches += search_cache.caches
                stats = write_index(markdown_records(site.pages, page_facts(portal)), build.staging / "docs", synonyms,
                                    search_cache)
                click.echo(f"Indeks pencarian: {stats.pages} halaman, {stats.files} berkas, {stats.bytes // 1024} KB.")
            build.commit()
            site.prune_caches()
    except (PortalError, OSError) as error:
        message = str(error) if isinstance(error, PortalError) else describe_os_error(error)
        _fail(f"{message}. Isi {out_dir} tidak diubah.")
    click.echo(f"{len(written)} berkas ditulis ke {out_dir}. Bangun situsnya: zensical build -f {out_dir / docstree.CONFIG}")


@main.group(help="Buat berkas data baru berisi semua kolom format dan isian contoh \"ISI: …\".")
def new() -> None:
    pass


def _fail(message: str) -> None:
    click.echo(f"Galat: {message}", err=True)
    sys.exit(1)


def _created(paths: list[Path]) -> None:
    for path in paths:
        click.echo(f"Dibuat: {path}")
    click.echo('Ganti setiap isian "ISI: …", lalu jalankan `portal-sop validate` untuk memeriksa.')


@new.command("kecamatan", help="Buat DATA/<kabupaten>/<kecamatan>/kecamatan.yaml. Contoh: portal-sop new kecamatan Banyumas Kebasen")
@click.argument("kabupaten")
@click.argument("kecamatan")
@click.option("--data", "data_dir", default="sop_data", type=click.Path(path_type=Path), help="Folder data SOP.")
def new_kecamatan(kabupaten: str, kecamatan: str, data_dir: Path) -> None:
    try:
        _created(scaffold.new_district(data_dir, kabupaten, kecamatan))
    except DataFileError as exc:
        _fail(str(exc))


@new.command("sop", help='Buat folder SOP baru (sop.yaml dan langkah.csv) di kecamatan KABUPATEN/KECAMATAN. '
             'Contoh: portal-sop new sop banyumas/kebasen "Pelayanan Surat Pindah"')
@click.argument("kecamatan")
@click.argument("nama")
@click.option("--data", "data_dir", default="sop_data", type=click.Path(path_type=Path), help="Folder data SOP.")
def new_sop(kecamatan: str, nama: str, data_dir: Path) -> None:
    try:
        _created(scaffold.new_sop(data_dir, kecamatan, nama))
    except DataFileError as exc:
        _fail(str(exc))


@main.command("import", help="Ubah dokumen SOP (FILE…: ekspor teks .txt, Word .docx atau PDF .pdf) menjadi berkas di folder data. "
              "Yang tidak dapat dipetakan dilaporkan dengan letaknya di dokumen; bila ada galat, tidak ada berkas yang ditulis.")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--data", "data_dir", default="sop_data", type=click.Path(path_type=Path), help="Folder data SOP.")
@click.option("--dry-run", is_flag=True, help="Hanya tampilkan hasil dan peringatan; tidak menulis berkas.")
def import_(files: tuple[Path, ...], data_dir: Path, dry_run: bool) -> None:
    report = Report()
    sops, written = importer.import_files(list(files), data_dir, report, dry_run=dry_run)
    print_report(report)
    for sop in sops:
        lost = sum(1 for s in sop.steps if not s.actors)
        decisions = sum(1 for s in sop.steps if s.kind == "keputusan")
        click.echo(f'SOP "{sop.name or "(tanpa nama)"}": {len(sop.steps)} langkah, {len(sop.actors)} pelaksana'
                   + (f", {decisions} keputusan (periksa)" if decisions else "")
                   + (f", {lost} langkah tanpa pelaksana" if lost else ""))
    verb = "Akan ditulis" if dry_run else "Ditulis"
    for path in written:
        click.echo(f"{verb}: {path}")
    if report.has_errors:
        click.echo(f"{len(sops)} SOP dari {len(files)} berkas: {report.summary()}. "
                   "Tidak ada berkas yang ditulis; perbaiki galat di atas lalu ulangi.", err=True)
        sys.exit(1)
    click.echo(f"{len(sops)} SOP dari {len(files)} berkas: {report.summary()}."
               + ("" if dry_run else " Lanjutkan dengan `portal-sop validate`."))


main.add_command(kinerja)
main.add_command(monev)
main.add_command(ringkas)
main.add_command(kabupaten)
main.add_command(build_shard)
main.add_command(gabung)
