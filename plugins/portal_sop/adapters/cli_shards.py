"""`portal-sop kabupaten`, `portal-sop build --kabupaten` and `portal-sop gabung`:
the site built in shards by kabupaten on parallel runners, then put together.

A shard is one MkDocs build of the portal loaded for one kabupaten; it keeps
what lies under `<kabupaten>/` (pages, flowcharts, PDFs, data kinerja
files) and a `shard.json` naming the inputs it was made from. `gabung` runs
one MkDocs build of the portal-wide pages over the whole data, puts the
shards' folders in place, writes the sitemap of every page and indexes the
whole site for search: the single build's bytes (tests/test_shards.py).
"""
from __future__ import annotations

import json
import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

import click
from mkdocs.commands import build as mkdocs_build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from .. import output
from ..cache import content_key
from ..errors import UserError
from ..fingerprint import code_version
from ..kinerja.loader import has_packages
from ..search.indexer import write_index, site_records
from ..site.shards import Part, groups
from ..sop.loader import regency_folders
from ..validation import folder_digest
from . import settings
from .settings import PLUGIN, Settings

MANIFEST = "shard.json"


def _echo_err(message: str) -> None:
    click.echo(message, err=True)


@click.command("kabupaten", help="Daftar kabupaten di folder data (nama folder): satu shard build per kabupaten, "
               "atau per kelompok kabupaten dengan --kelompok.")
@click.option("-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(path_type=Path), help="mkdocs.yml yang memuat plugin portal-sop.")
@click.option("--json", "as_json", is_flag=True,
              help='Untuk matrix GitHub Actions: [{"kabupaten": "a,b", "kunci": …}], kunci = hash semua masukan shard itu.')
@click.option("--kelompok", "most", type=click.IntRange(min=1), default=None, metavar="N",
              help="Paling banyak N shard: kabupaten yang berurutan dikelompokkan (matrix GitHub Actions memuat paling banyak 256 job).")
def kabupaten(config_file: Path, as_json: bool, most: int | None) -> None:
    config, wanted = settings.load(config_file)
    names = regency_folders(wanted.data_dir)
    if not names:
        raise UserError(f"tidak ada kabupaten di {wanted.data_dir}; buat <kabupaten>/<kecamatan>/kecamatan.yaml")
    shards = groups(names, most) if most else [[name] for name in names]
    if as_json:
        click.echo(json.dumps([{"kabupaten": ",".join(group), "kunci": shard_inputs(config, wanted, group)} for group in shards]))
    else:
        click.echo("\n".join(",".join(group) for group in shards))


@click.command("build", help="Bangun satu shard: halaman, diagram alir, PDF dan berkas data kinerja satu kabupaten "
               "(folder <kabupaten>/ situs) atau beberapa (dipisah koma) ke SITE_DIR. Gabungkan semua shard dengan `portal-sop gabung`.")
@click.option("--kabupaten", "wanted_names", required=True, metavar="SLUG[,SLUG…]",
              help="Nama folder kabupaten di folder data (lihat `portal-sop kabupaten`); beberapa dipisah koma.")
@click.option("-d", "--site-dir", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Folder shard (kosong, belum ada, atau shard sebelumnya).")
@click.option("-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(path_type=Path), help="mkdocs.yml yang memuat plugin portal-sop.")
def build_shard(wanted_names: str, out_dir: Path, config_file: Path) -> None:
    config, wanted = settings.load(config_file)
    names = regency_folders(wanted.data_dir)
    chosen = sorted({name.strip() for name in wanted_names.split(",") if name.strip()})
    unknown = [name for name in chosen if name not in names]
    if unknown or not chosen:
        raise UserError(f"kabupaten {', '.join(repr(n) for n in unknown) or '(kosong)'} tidak ada di {wanted.data_dir}; "
                        f"pilih dari: {', '.join(names) or '(kosong)'}")
    part = Part(regencies=tuple(chosen), kinerja_elsewhere=has_packages(wanted.data_dir))
    target = _output(out_dir, config, wanted)
    with target:
        with tempfile.TemporaryDirectory(prefix=f".{target.final.name}-mkdocs-", dir=target.final.parent) as tmp:
            _run_mkdocs(config, part, Path(tmp))
            for name in chosen:
                shutil.move(str(Path(tmp) / name), str(target.staging / name))
        manifest = {"kabupaten": chosen, "masukan": shard_inputs(config, wanted, chosen)}
        (target.staging / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", "utf-8")
        target.commit()
    click.echo(f"Shard kabupaten {', '.join(chosen)} ditulis ke {out_dir}.")


@click.command("gabung", help="Gabungkan shard (SHARD_DIR…, satu per kabupaten, dari `portal-sop build --kabupaten`) "
               "menjadi situs lengkap di SITE_DIR: beranda, perbandingan, unduhan, peta situs dan pencarian.")
@click.argument("shard_dirs", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("-d", "--site-dir", "out_dir", required=True, type=click.Path(path_type=Path), help="Folder situs hasil gabungan.")
@click.option("-f", "--config-file", "config_file", default="mkdocs.yml", show_default=True,
              type=click.Path(path_type=Path), help="mkdocs.yml yang memuat plugin portal-sop.")
def gabung(shard_dirs: tuple[Path, ...], out_dir: Path, config_file: Path) -> None:
    config, wanted = settings.load(config_file)
    shards = _shards(shard_dirs, config, wanted)
    target = _output(out_dir, config, wanted)

    def read(path: str) -> bytes:
        return (shards[path.split("/", 1)[0]] / path).read_bytes()

    with target:
        plugin = _run_mkdocs(config, Part(shared=True, read=read), target.staging)
        for regency, folder in shards.items():
            # The shared build wrote a kabupaten's index page for its own
            # navigation; the shard's folder is the published one.
            shutil.rmtree(target.staging / regency, ignore_errors=True)
            shutil.copytree(folder / regency, target.staging / regency)
        if plugin.config.search_enabled:
            stats = write_index(site_records(target.staging, plugin.search_facts), target.staging, plugin.synonyms)
            click.echo(f"Indeks pencarian: {stats.pages} halaman, {stats.files} berkas, {stats.bytes // 1024} KB.")
        target.commit()
    click.echo(f"{len(shards)} shard digabung ke {out_dir}.")


def shard_inputs(config: MkDocsConfig, wanted: Settings, regencies: list[str]) -> str:
    """A key over everything a shard is made from: its kabupaten's data,
    mkdocs.yml, the hand-written pages and the package's code (with the
    versions of its libraries), and the dates its pages and forms print (the
    reference date of the monitoring rule, the year on the forms). A shard
    whose key is not the current one is stale; the CI caches a shard under
    the same key, so a cached shard of an earlier day is built again (from
    the restored render cache: seconds per kabupaten)."""
    parts = [code_version(), Path(config.config_file_path).read_bytes(), ",".join(regencies),
             str(wanted.site.reference_date), str(time.localtime().tm_year)]
    for folder in [*(wanted.data_dir / name for name in regencies), Path(config.docs_dir)]:
        digest = folder_digest(folder)
        if digest is None:
            raise UserError(f"{folder} berisi tautan simbolik atau berkas khusus; shard hanya dibuat dari berkas biasa")
        parts.append(digest)
    return content_key(*parts)


def _shards(shard_dirs: tuple[Path, ...], config: MkDocsConfig, wanted: Settings) -> dict[str, Path]:
    """The shard folder of each kabupaten; every kabupaten exactly once,
    each shard made from the current data and code."""
    found: dict[str, Path] = {}
    for folder in shard_dirs:
        manifest = folder / MANIFEST
        try:
            info = json.loads(manifest.read_text("utf-8"))
            regencies, key = list(info["kabupaten"]), info["masukan"]
        except (OSError, ValueError, KeyError, TypeError):
            raise UserError(f"{folder} bukan shard: {MANIFEST} tidak ada atau tidak sah; buat dengan "
                            "`portal-sop build --kabupaten SLUG -d FOLDER`") from None
        for regency in regencies:
            if regency in found:
                raise UserError(f"dua shard untuk kabupaten {regency}: {found[regency]} dan {folder}; berikan satu saja")
            if not (folder / regency).is_dir():
                raise UserError(f"shard {folder} tidak berisi folder {regency}/; buat ulang dengan "
                                f"`portal-sop build --kabupaten {','.join(regencies)} -d {folder}`")
            found[regency] = folder
        if key != shard_inputs(config, wanted, regencies):
            raise UserError(f"shard {folder} (kabupaten {', '.join(regencies)}) dibuat dari data, halaman atau kode yang "
                            f"sudah berubah; bangun ulang: `portal-sop build --kabupaten {','.join(regencies)} -d {folder}`")
    names = regency_folders(wanted.data_dir)
    missing = [n for n in names if n not in found]
    extra = [n for n in found if n not in names]
    if missing:
        raise UserError(f"shard untuk kabupaten {', '.join(missing)} tidak ada; bangun dengan "
                        f"`portal-sop build --kabupaten {missing[0]} -d FOLDER` lalu sebutkan foldernya")
    if extra:
        raise UserError(f"shard kabupaten {', '.join(extra)} tidak ada lagi di {wanted.data_dir}; jangan sertakan foldernya")
    return dict(sorted(found.items()))


def _output(out_dir: Path, config: MkDocsConfig, wanted: Settings) -> output.OutputBuild:
    target = output.OutputBuild(out_dir, root=wanted.root, protected=(wanted.data_dir, Path(config.docs_dir), wanted.cache_dir),
                                on_wait=_echo_err)
    target.check()
    return target


def _run_mkdocs(config: MkDocsConfig, part: Part, site_dir: Path):
    """One MkDocs build of `part` into `site_dir` (written there directly:
    the caller's output folder is the staging one). Returns the plugin."""
    plugin = config.plugins[PLUGIN]
    plugin.part = part
    config.site_dir = str(site_dir)
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)s - %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        config.plugins.on_startup(command="build-part", dirty=False)
        try:
            mkdocs_build.build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise UserError(f"build MkDocs gagal: {error}") from error
    finally:
        logger.removeHandler(handler)
    return plugin
