"""MkDocs adapter: hands the core's generated pages to MkDocs.

Hooks only translate: data findings become log lines or a PluginError,
generated pages become `File.generated` entries. All work lives in the core.
"""
from __future__ import annotations

import copy
import logging
import os
import shutil
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler

from .. import output, paths
from ..errors import PortalError, describe_os_error
from ..findings import Report
from ..search import facts as search_facts
from ..search.indexer import CACHE_DIR as SEARCH_CACHE_DIR, SearchCache, SearchIndexError, site_records, write_index
from ..search.synonyms import Groups, load_synonyms
from ..site.editlinks import data_prefix, edit_url, page_sources
from ..site.pages import GeneratedSite, build_site, write_changed
from ..site.shards import WHOLE, Part, same_part
from ..validation import load_and_validate
from . import sitemap
from .settings import PortalSopConfig, settings

log = logging.getLogger("mkdocs.plugins.portal_sop")
DEBUG_ENV = "PORTAL_SOP_DEBUG"


def _debug() -> bool:
    """`mkdocs build --verbose` or PORTAL_SOP_DEBUG=1: show tracebacks."""
    return log.isEnabledFor(logging.DEBUG) or os.environ.get(DEBUG_ENV, "") not in ("", "0")


@contextmanager
def _translated() -> Iterator[None]:
    """The core's errors, and failed file operations, as one PluginError
    line (MkDocs prints it without a traceback); an internal error too,
    unless debugging."""
    try:
        yield
    except PluginError:
        raise
    except PortalError as error:
        raise PluginError(str(error)) from error
    except OSError as error:
        if _debug():
            raise
        raise PluginError(describe_os_error(error)) from error
    except Exception as error:
        if _debug():
            raise
        raise PluginError(
            f"Kesalahan internal Portal SOP ({type(error).__name__}: {error}). Jalankan "
            f"`mkdocs build --verbose` (atau {DEBUG_ENV}=1) untuk melihat jejaknya dan laporkan sebagai isu."
        ) from error


def _dirty_notice(record: logging.LogRecord) -> bool:
    """MkDocs warns on every `--dirty` build that other pages' navigation
    may be stale; under `strict: true` that warning alone aborts `mkdocs
    serve --dirty`. It is a notice about previews, so it is logged as INFO."""
    if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
        record.levelno, record.levelname = logging.INFO, "INFO"
    return True


class PortalSopPlugin(BasePlugin[PortalSopConfig]):
    def __init__(self) -> None:
        self.site: GeneratedSite | None = None
        self.command = ""
        self.output: output.OutputBuild | None = None
        self.warnings = CountHandler()
        self.sources: dict[str, str] = {}  # generated page -> data file to edit
        self.scoped: set[str] = set()  # index pages of kabupaten and kecamatan sections
        self.synonyms: Groups = ()
        self.search_facts: dict = {}
        # Set by `portal-sop build --kabupaten` / `portal-sop gabung` before
        # the build: which part of the site to make (site/shards.py).
        self.part: Part = WHOLE
        self.regencies: set[str] = set()  # kabupaten folder names: the parts of the site
        self.sitemap_pages: list[str] = []  # docs paths, in the order MkDocs lists them
        self.search_cache: SearchCache | None = None
        self.dirty = False
        # `mkdocs serve --dirty`: generated files live in a folder kept
        # between rebuilds, written only when their bytes change, so MkDocs
        # builds again only the pages an edit touched.
        self.serve_docs: Path | None = None
        self.served: dict[str, str] = {}
        self.indexing: threading.Thread | None = None
        self.data_dir: Path | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        if command == "serve" and dirty:
            self.serve_docs = Path(tempfile.mkdtemp(prefix="portal-sop-serve-"))
            logging.getLogger("mkdocs.commands.build").addFilter(_dirty_notice)

    def on_serve(self, server, *, config: MkDocsConfig, builder):
        # An edit of the data rebuilds like an edit of content/.
        if self.data_dir is not None:
            server.watch(str(self.data_dir))
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        with _translated():
            return self._configure(config)

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self._wait_for_index()
        wanted = settings(config, self.config)
        self.data_dir = wanted.data_dir
        if self.command == "serve" and not self.dirty:
            log.info("Tip: `mkdocs serve --dirty` membangun ulang hanya halaman yang berubah (jauh lebih cepat "
                     "untuk portal besar).")
        if self.command in ("build", "gh-deploy"):
            # Build beside the real output and swap at the end, so a failed
            # build never leaves a half-written site behind; refuse an output
            # whose replacement would delete something else.
            self.output = output.OutputBuild(
                Path(config.site_dir), root=wanted.root, protected=(wanted.data_dir, Path(config.docs_dir), wanted.cache_dir),
                on_wait=log.info,
            )
            config.site_dir = str(self.output.start())
            # MkDocs aborts a strict build only after on_post_build; count
            # warnings ourselves so such a build is not swapped in.
            self.warnings = CountHandler()
            self.warnings.setLevel(logging.WARNING)
            logging.getLogger("mkdocs").addHandler(self.warnings)
        data_caches: list = []
        portal, report = load_and_validate(wanted.data_dir, wanted.cache_dir, data_caches, regencies=self.part.regencies or None)
        self.regencies = {r.slug for r in portal.regencies}
        self.synonyms = load_synonyms(wanted.data_dir, report)
        self._report(report)
        self.search_facts = search_facts.page_facts(portal, config.use_directory_urls)
        self.sources = page_sources(portal, data_prefix(wanted.root, wanted.data_dir))
        self.scoped = {paths.regency_page(r) for r in portal.regencies} | {paths.district_page(d) for d in portal.districts}
        try:
            self.site = build_site(portal, wanted.site, report, self.part)
            self.site.caches += data_caches  # pruned with the render caches, after success
            self.search_cache = SearchCache(wanted.cache_dir / SEARCH_CACHE_DIR)
            self.site.caches += self.search_cache.caches
        except PortalError as error:
            raise PluginError(f"Situs tidak dapat dibuat: {error}") from error
        config.nav = self.site.nav + list(config.nav or [])
        # Template fixes for Material (accessibility), ahead of the theme's own.
        overrides = str(Path(__file__).resolve().parents[1] / "theme")
        if overrides not in config.theme.dirs:
            config.theme.dirs.insert(0, overrides)
        for stylesheet in (paths.STYLESHEET, paths.SEARCH_STYLESHEET):
            if stylesheet not in config.extra_css:
                config.extra_css.append(stylesheet)
        if paths.SEARCH_SCRIPT not in config.extra_javascript:
            config.extra_javascript.append(paths.SEARCH_SCRIPT)
        return config

    @event_priority(-100)  # after every other plugin has written its files
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.part.shared:
            # The shards' pages belong in the sitemap too.
            sitemap.write(config, self.sitemap_pages, Path(config.site_dir))
        if self.output is None:
            # `mkdocs serve` writes straight into its own folder; the page
            # shows at once, search follows when Pagefind is done.
            site_dir = Path(config.site_dir)
            self.indexing = threading.Thread(target=self._index_quietly, args=(site_dir,), daemon=True)
            self.indexing.start()
            return
        logging.getLogger("mkdocs").removeHandler(self.warnings)
        try:
            if config.strict and self.warnings.get_counts():
                log.error("Build gagal dalam mode strict; keluaran sebelumnya di %s tidak diubah.", self.output.final)
            else:
                # Before the swap: a failed index keeps the previous site.
                self._index(self.output.staging)
                with _translated():
                    self.output.commit()
                    config.site_dir = str(self.output.final)
                    if self.site is not None:
                        self.site.prune_caches()
        finally:
            self._close_output()

    def _index(self, site_dir: Path) -> None:
        if not self.config.search_enabled or not self.part.whole:
            return  # a shard's or shared part's site is indexed once put together
        try:
            stats = write_index(site_records(site_dir, self.search_facts), site_dir, self.synonyms, self.search_cache)
        except SearchIndexError as error:
            raise PluginError(f"Pencarian: {error}") from error
        log.info("Indeks pencarian: %d halaman, %d berkas, %d KB.", stats.pages, stats.files, stats.bytes // 1024)

    def _index_quietly(self, site_dir: Path) -> None:
        try:
            self._index(site_dir)
        except PluginError as error:
            log.error(str(error))

    def _wait_for_index(self) -> None:
        if self.indexing is not None:
            self.indexing.join()
            self.indexing = None

    def on_build_error(self, *, error: Exception) -> None:
        self._close_output()

    def on_shutdown(self) -> None:
        # Ctrl-C (KeyboardInterrupt) skips on_build_error; never leave a
        # half-written staging folder behind.
        self._wait_for_index()
        self._close_output()
        if self.serve_docs is not None:
            shutil.rmtree(self.serve_docs, ignore_errors=True)

    def _close_output(self) -> None:
        """Drop an unfinished staging folder and release the output lock."""
        if self.output is not None:
            logging.getLogger("mkdocs").removeHandler(self.warnings)
            self.output.close()
            self.output = None

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        # "Usulkan perubahan" on a generated page edits its data file.
        source = self.sources.get(page.file.src_uri)
        if source:
            page.edit_url = edit_url(config.repo_url, config.edit_uri, Path(config.docs_dir).name, source)
        return page

    def on_page_context(self, context, *, page: Page, config: MkDocsConfig, nav: Navigation):
        # Navigation scoped to where the reader is: inside a kabupaten or
        # kecamatan, its sibling kabupaten and kecamatan are left out (the
        # page one level up lists them; the breadcrumbs lead there), so a
        # page's size does not grow with the number of SOPs in the portal.
        context["nav"] = self._scope(nav)
        # Previous/next links (<link rel="prev">) stay inside the page's
        # kabupaten, or among the portal-wide pages: a page's bytes then
        # depend on its own part of the site alone, so a build in shards by
        # kabupaten gives the single build's pages. This page is the only
        # one that reads them.
        src = page.file.src_uri
        for side in ("previous_page", "next_page"):
            other = getattr(page, side)
            if other is not None and not same_part(src, other.file.src_uri, self.regencies):
                setattr(page, side, None)
        return context

    def _scope(self, nav: Navigation) -> Navigation:
        def index_of(item) -> str:
            first = item.children[0] if item.children else None
            return first.file.src_uri if getattr(first, "is_page", False) else ""

        def prune(items: list) -> tuple[list, bool]:
            inside = any(i.is_section and i.active and index_of(i) in self.scoped for i in items)
            kept, changed = [], False
            for item in items:
                if item.is_section and index_of(item) in self.scoped and inside and not item.active:
                    changed = True
                    continue
                if item.is_section and item.active:
                    children, inner = prune(item.children)
                    if inner:
                        item = copy.copy(item)  # the page's own copy; the shared tree stays whole
                        item.children = children
                        changed = True
                kept.append(item)
            return kept, changed

        items, changed = prune(nav.items)
        if not changed:
            return nav
        scoped = copy.copy(nav)
        scoped.items = items
        return scoped

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
        if self.serve_docs is not None:
            write_changed(self.site, self.serve_docs, self.served)
            for path in sorted([*self.site.pages, *self.site.assets]):
                self._add(files, File.generated(config, path, abs_src_path=str(self.serve_docs / path)))
            return files
        for path, text in sorted(self.site.pages.items()):
            self._add(files, File.generated(config, path, content=text))
        for path, data in sorted(self.site.assets.items()):
            self._add(files, File.generated(config, path, content=data))
        if self.part.shared:
            # As a single build lists them: hand-written pages in MkDocs'
            # order, then every generated page in sorted order.
            generated = set(self.site.pages) | set(self.site.shard_pages)
            written = [f.src_uri for f in files.documentation_pages() if f.src_uri not in generated]
            self.sitemap_pages = written + sorted(generated)
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
