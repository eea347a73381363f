"""The portal's settings, declared once and read the same way by both adapters.

`PortalSopConfig` declares every option of the `portal-sop` block in
mkdocs.yml (type, choices, default); MkDocs validates the block against it.
`portal-sop generate` loads the same mkdocs.yml through MkDocs' own config
loader, and both adapters turn the result into the core's options with
`site_options`, so `mkdocs build` and `portal-sop generate` render the same
pages and the same PDFs (QR codes included).
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config import load_config
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError

from ..errors import UserError
from ..kinerja.monev_pages import ReferenceDateError, reference_date
from ..pdf.documents import PdfOptions
from ..site.pages import SiteOptions

PLUGIN = "portal-sop"


class PortalSopConfig(Config):
    # Where the SOP tables live, relative to mkdocs.yml.
    data_dir = c.Type(str, default="sop_data")
    # Treat data warnings (slips in signed documents) as errors.
    data_strict = c.Type(bool, default=False)

    # Settings for PDF documents and forms
    pdf_enabled = c.Type(bool, default=True)
    pdf_paper = c.Choice(("A4", "F4"), default="A4")
    pdf_triwulan = c.Choice((1, 2, 3, 4), default=1)
    # Render cache, relative to mkdocs.yml; keep it outside site_dir.
    cache_dir = c.Type(str, default=".cache/portal-sop")

    # Settings for search (Pagefind, run on the built pages)
    search_enabled = c.Type(bool, default=True)


@dataclass(frozen=True)
class Settings:
    """Everything a build reads from mkdocs.yml, paths made absolute."""

    root: Path  # the folder of mkdocs.yml
    data_dir: Path
    cache_dir: Path
    strict_data: bool
    site: SiteOptions


def settings(config: MkDocsConfig, plugin: PortalSopConfig) -> Settings:
    """The one translation from mkdocs.yml to the core's options."""
    root = Path(config.config_file_path or ".").resolve().parent
    data_dir = (root / plugin.data_dir).resolve()
    cache_dir = (root / plugin.cache_dir).resolve()
    pdf = PdfOptions(
        paper=plugin.pdf_paper,
        site_url=config.site_url or "",
        directory_urls=config.use_directory_urls,
        data_dir=data_dir,
        triwulan=plugin.pdf_triwulan,
    ) if plugin.pdf_enabled else None
    site = SiteOptions(
        directory_urls=config.use_directory_urls,
        site_url=config.site_url or "",
        flowchart_cache_dir=str(cache_dir / "flowchart"),
        pdf=pdf,
        pdf_cache_dir=str(cache_dir / "pdf"),
        reference_date=_reference_date(),
        page_cache_dir=str(cache_dir / "pages"),
    )
    return Settings(root=root, data_dir=data_dir, cache_dir=cache_dir, strict_data=plugin.data_strict, site=site)


def _reference_date():
    """The day the 12-month evaluation rule is measured at: SOURCE_DATE_EPOCH
    (reproducible builds) when set, else today (UTC)."""
    try:
        return reference_date(os.environ)
    except ReferenceDateError as error:
        raise UserError(str(error)) from error


def load(config_file: Path) -> tuple[MkDocsConfig, Settings]:
    """Read mkdocs.yml as MkDocs does (defaults, validation, !ENV) without
    building; the `portal-sop` plugin block must be there."""
    config_file = Path(config_file)
    if not config_file.is_file():
        raise UserError(f"berkas konfigurasi {config_file} tidak ada; jalankan dari folder yang berisi mkdocs.yml atau pakai --config-file")
    try:
        config = load_config(config_file=str(config_file))
    except ConfigurationError as error:
        raise UserError(f"{config_file} tidak sah: {error}") from error
    plugin = config.plugins.get(PLUGIN)
    if plugin is None:
        raise UserError(f"{config_file} tidak memuat plugin {PLUGIN}; tambahkan `- {PLUGIN}` di bawah plugins:")
    return config, settings(config, plugin.config)
