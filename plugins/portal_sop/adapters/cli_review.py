"""`portal-sop ringkas`: what a pull request changes, for the people who
approve it, with previews of the changed documents."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from ..errors import PortalError
from ..pdf.documents import PdfOptions
from ..findings import Report
from ..model import Portal
from ..review.changes import check_revisions, compare, markdown, plain
from ..review.previews import write_previews
from ..validation import load_and_validate
from .gitrepo import GitError, data_location, snapshot


@click.command("ringkas", help="Ringkas perubahan SOP dan data kinerja dari versi git BASE ke HEAD (tanpa HEAD: isi folder "
               "kerja sekarang) dalam kalimat sehari-hari: SOP baru/dihapus, langkah, pelaksana, waktu, identitas, data kinerja.")
@click.argument("base")
@click.argument("head", required=False)
@click.option("--data", "data_dir", default="sop_data", type=click.Path(path_type=Path), help="Folder data SOP.")
@click.option("--format", "output_format", type=click.Choice(["teks", "markdown"]), default="teks", show_default=True,
              help="markdown: untuk ringkasan job GitHub Actions ($GITHUB_STEP_SUMMARY).")
@click.option("--pratinjau", "preview_dir", type=click.Path(path_type=Path), default=None,
              help="Tulis PDF dan PNG diagram alir setiap SOP yang baru atau diubah ke folder ini.")
@click.option("--tautan", "link", envvar="PORTAL_SOP_PRATINJAU_URL", default="",
              help="Alamat unduhan pratinjau (artefak), dicantumkan di ringkasan. Bawaan: $PORTAL_SOP_PRATINJAU_URL.")
def ringkas(base: str, head: str | None, data_dir: Path, output_format: str, preview_dir: Path | None, link: str) -> None:
    try:
        repo, subdir = data_location(data_dir)
        with tempfile.TemporaryDirectory(prefix="portal-sop-ringkas-") as tmp:
            old, _ = load_and_validate(snapshot(repo, base, subdir, Path(tmp) / "base"))
            new_root = snapshot(repo, head, subdir, Path(tmp) / "head") if head else Path(data_dir)
            new, report = load_and_validate(new_root)
            changes = compare(old, new)
            files: dict[str, list[str]] = {}
            if preview_dir is not None and not report.has_errors:
                files = write_previews(new, changes, preview_dir, PdfOptions(data_dir=new_root.resolve()))
    except PortalError as exc:
        click.echo(f"Galat: {exc}", err=True)
        sys.exit(1)
    links = {path: [(name.rsplit("/", 1)[-1], link or name) for name in names] for path, names in files.items()}
    text = markdown(changes, f"Ringkasan perubahan SOP ({base} → {head or 'folder kerja'})", links)
    if report.has_errors:
        text += f"\n_Data versi baru berisi {len(report.errors)} galat (lihat langkah validasi); pratinjau tidak dibuat._\n"
    elif files and link:
        text += f"\nPDF dan diagram alir SOP yang berubah: [unduh pratinjau]({link}).\n"
    click.echo(text if output_format == "markdown" else plain(text))


def check_against_base(portal: Portal, report: Report, data_dir: Path, base: str) -> None:
    """The revision check of `validate --base`; skipped with a note (not a
    finding) when there is no git repository or no such revision."""
    try:
        repo, subdir = data_location(data_dir)
        with tempfile.TemporaryDirectory(prefix="portal-sop-base-") as tmp:
            old, _ = load_and_validate(snapshot(repo, base, subdir, Path(tmp) / "base"))
    except GitError as exc:
        click.echo(f"Catatan: pemeriksaan revisi terhadap {base} dilewati ({exc}).", err=True)
        return
    check_revisions(compare(old, portal), portal, report)
