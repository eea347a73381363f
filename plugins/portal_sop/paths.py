"""Where every generated page and asset lives, and how pages link to each other.

Every URL rule of the portal is here. Generated pages are `<folder>/index.md`
(the format reference excepted: it links nowhere), so a page's source folder
is also its URL folder: a relative link written into a page means the same
to MkDocs (with or without directory URLs), to Zensical, and to any other
reader of a docs tree. All paths are docs-relative POSIX paths made from
validated slugs, so they cannot leave the output directory.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import urlsplit

from .model import District, Regency, Sop

HOME = "index.md"
FORMAT_REFERENCE = "panduan/format-data.md"
RECONSTRUCTION = "panduan/rekonstruksi.md"  # hand-written guide in content/
STYLESHEET = "assets/portal-sop.css"
DOWNLOADS_PAGE = "unduhan/index.md"
KINERJA_COMPARISON_PAGE = "data-kinerja/index.md"
FLOWCHART_FILE = "diagram-alir.svg"
DOWNLOAD_FOLDER = "unduh"
KINERJA_FOLDER = "data-kinerja"
DATA_CATALOGUE = "data.json"  # DCAT catalogue of every data kinerja package

# Names the generated site uses itself, per data folder level: a kabupaten,
# kecamatan or SOP folder with such a name would overwrite a generated page
# or asset (or the generator's own: search, stylesheets, javascripts).
RESERVED = {
    "kabupaten": {
        "index", "search", "stylesheets", "javascripts",
        *(path.split("/")[0] for path in (STYLESHEET, FORMAT_REFERENCE, DOWNLOADS_PAGE, KINERJA_COMPARISON_PAGE)),
    },
    "kecamatan": {"index", DOWNLOAD_FOLDER, KINERJA_FOLDER},
    "sop": {"index", DOWNLOAD_FOLDER, KINERJA_FOLDER},
}
SEARCH_STYLESHEET = "assets/portal-search.css"
SEARCH_SCRIPT = "assets/portal-search.js"


def regency_page(regency: Regency) -> str:
    return f"{regency.slug}/index.md"


def district_page(district: District) -> str:
    return f"{district.path}/index.md"


def sop_page(district: District, sop: Sop) -> str:
    return f"{district.path}/{sop.slug}/index.md"


def sop_asset(district: District, sop: Sop, name: str) -> str:
    """A file published beside the SOP's page (its flowchart, its PDF)."""
    return f"{district.path}/{sop.slug}/{name}"


def sop_flowchart(district: District, sop: Sop) -> str:
    return sop_asset(district, sop, FLOWCHART_FILE)


def sop_pdf(district: District, sop: Sop) -> str:
    return sop_asset(district, sop, f"{sop.slug}.pdf")


def district_download(district: District, name: str) -> str:
    """A download of the whole kecamatan (Buku SOP, forms, data kinerja)."""
    return f"{district.path}/{DOWNLOAD_FOLDER}/{name}"


def kinerja_page(district: District) -> str:
    return f"{district.path}/{KINERJA_FOLDER}/index.md"


def kinerja_download_folder(district: District) -> str:
    """The data kinerja package's files, byte for byte as validated."""
    return district_download(district, KINERJA_FOLDER)


def page_url(src: str, directory_urls: bool = True) -> str:
    """The URL (relative to the site root) a generator gives a Markdown page."""
    stem = src[: -len(".md")]
    if posixpath.basename(stem) == "index":
        parent = posixpath.dirname(stem)
        if not directory_urls:
            return f"{parent}/index.html" if parent else "index.html"
        return f"{parent}/" if parent else ""
    return f"{stem}/" if directory_urls else f"{stem}.html"


def absolute_url(site_url: str, src: str, directory_urls: bool = True) -> str:
    """The page on the published site (what a printed QR code encodes); ""
    without a site URL."""
    if not site_url:
        return ""
    return public_url(site_url, page_url(src, directory_urls))


def public_url(site_url: str, path: str) -> str:
    """`path` (site-root relative) as a URL: absolute with a site URL,
    otherwise unchanged (relative to the site root)."""
    if site_url:
        return site_url.rstrip("/") + "/" + path.lstrip("/")
    return path


def relative_url(from_page: str, target: str, directory_urls: bool = True) -> str:
    """Link from the page `from_page` (a .md path) to a page or asset."""
    here = page_url(from_page, directory_urls)
    base = here if here.endswith("/") or here == "" else posixpath.dirname(here) + "/"
    to = page_url(target, directory_urls) if target.endswith(".md") else target
    rel = posixpath.relpath(to or ".", base.rstrip("/") or ".")
    if to.endswith("/") or to == "":
        rel = rel.rstrip("/") + "/" if rel != "." else "./"
    return rel


# Hosts that are not a published portal: documentation examples, reserved
# test names and the local machine.
_PLACEHOLDER_HOST = re.compile(
    r"(^|\.)(example(\.[a-z]+)*|localhost|invalid|test)$|(^|\.)example\.|^127\.|^0\.0\.0\.0$|^::1$"
)


def is_public_site_url(site_url: str | None) -> bool:
    """True for an address the public can reach: not empty, not a placeholder
    (example.*, *.example.*, localhost, *.test, *.invalid, 127.x)."""
    host = (urlsplit((site_url or "").strip()).hostname or "").lower()
    return bool(host) and not _PLACEHOLDER_HOST.search(host)


def public_site_url(site_url: str | None) -> str:
    """`site_url` when it is the portal's real public address, else "", so
    nothing published (QR codes, JSON-LD, catalogues) points at an address
    that is not ours."""
    return (site_url or "").strip() if is_public_site_url(site_url) else ""
