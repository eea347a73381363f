"""MkDocs adapter: hands the core's generated pages to MkDocs.

Hooks only translate: data findings become log lines or a PluginError,
generated pages become `File.generated` entries. All work lives in the core.
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import paths
from .findings import Report
from .site import GeneratedSite, SiteOptions, build_site
from .validate import load_and_validate

log = logging.getLogger("mkdocs.plugins.portal_sop")


class PortalSopConfig(Config):
    # Where the SOP tables live, relative to mkdocs.yml.
    data_dir = c.Type(str, default="sop_data")
    # Treat data warnings (slips in signed documents) as errors.
    data_strict = c.Type(bool, default=False)


class PortalSopPlugin(BasePlugin[PortalSopConfig]):
    def __init__(self) -> None:
        self.site: GeneratedSite | None = None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path or ".").resolve().parent
        data_dir = (root / self.config.data_dir).resolve()
        portal, report = load_and_validate(data_dir)
        self._report(report)
        options = SiteOptions(
            directory_urls=config.use_directory_urls,
            site_url=config.site_url or "",
        )
        self.site = build_site(portal, options)
        config.nav = self.site.nav + list(config.nav or [])
        if paths.STYLESHEET not in config.extra_css:
            config.extra_css.append(paths.STYLESHEET)
        return config

    def _report(self, report: Report) -> None:
        for finding in report.sorted():
            if finding.severity.name == "WARNING" and not self.config.data_strict:
                # INFO, not WARNING: slips of signed documents must not fail
                # `mkdocs build --strict`, but maintainers see them in the log.
                log.info("Data SOP: %s", finding.format())
            else:
                log.error("Data SOP: %s", finding.format())
        failed = report.has_errors or (self.config.data_strict and report.warnings)
        if failed:
            raise PluginError(
                f"Data SOP tidak sah ({report.summary()}). Perbaiki berkas yang disebut di atas, "
                "lalu jalankan `portal-sop validate` untuk memeriksa ulang."
            )
        if report.findings:
            log.info("Data SOP: %s", report.summary())

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        assert self.site is not None
        for path, text in sorted(self.site.pages.items()):
            self._add(files, File.generated(config, path, content=text))
        for path, data in sorted(self.site.assets.items()):
            self._add(files, File.generated(config, path, content=data))
        return files

    @staticmethod
    def _add(files: Files, file: File) -> None:
        existing = files.get_file_from_path(file.src_uri)
        if existing is not None:
            raise PluginError(
                f"Berkas {existing.src_uri} di folder content/ bertabrakan dengan halaman yang "
                "dibuat dari data SOP; ganti nama berkas di content/."
            )
        files.append(file)
