"""The sitemap of a site put together from shards.

MkDocs writes `sitemap.xml` (and `.gz`) from the pages of its own build;
the shared part of a sharded build renders only the portal-wide pages, so
its sitemap is written again over every page of the portal, with MkDocs'
own template, page objects and gzip settings: the bytes a single build
writes.
"""
from __future__ import annotations

import gzip
from pathlib import Path

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

TEMPLATE = "sitemap.xml"


def write(config: MkDocsConfig, pages: list[str], site_dir: Path) -> None:
    """`pages`: docs paths in the order a single build lists them."""
    files = [File(src, src_dir=None, dest_dir=str(site_dir), use_directory_urls=config.use_directory_urls) for src in pages]
    for file in files:
        Page(None, file, config)  # sets file.page: URL, canonical URL, update date
    template = config.theme.get_env().get_template(TEMPLATE)
    text = template.render(pages=files, config=config)
    if not text.strip():
        return
    target = site_dir / TEMPLATE
    target.write_bytes(text.encode("utf-8"))
    gz_name = f"{target}.gz"
    with open(gz_name, "wb") as handle:
        timestamp = utils.get_build_timestamp(pages=[f.page for f in files if f.page is not None])
        with gzip.GzipFile(fileobj=handle, filename=gz_name, mode="wb", mtime=timestamp) as gz:
            gz.write(text.encode("utf-8"))
