""""Usulkan perubahan" links: a generated page is edited through its data
file in the repository (sop.yaml, kecamatan.yaml), not through the page."""
from __future__ import annotations

import posixpath
from pathlib import Path

from .. import paths
from ..model import Portal


def page_sources(portal: Portal, data_prefix: str = "") -> dict[str, str]:
    """Generated page (docs path) → repository path of the file to edit.

    `data_prefix` is the folder holding the data folder, relative to the
    repository root ("" when sop_data/ sits at the root)."""
    prefix = data_prefix.strip("/").removeprefix(".").strip("/")
    join = (lambda p: posixpath.join(prefix, p)) if prefix else (lambda p: p)
    sources = {}
    for district in portal.districts:
        if district.source:
            sources[paths.district_page(district)] = join(district.source)
        for sop in district.sops:
            if sop.source:
                sources[paths.sop_page(district, sop)] = join(sop.source)
    return sources


def edit_url(repo_url: str | None, edit_uri: str | None, docs_dir_name: str, source: str) -> str | None:
    """`<repo_url>/edit/main/sop_data/…/sop.yaml`, with the branch part taken
    from MkDocs' `edit_uri` for hand-written pages ("edit/main/content/")."""
    if not edit_uri:
        return None
    base = edit_uri.rstrip("/")
    if docs_dir_name and base.endswith("/" + docs_dir_name):
        base = base[: -len(docs_dir_name) - 1]
    if "://" in base:  # edit_uri given as a full URL, without repo_url
        return f"{base}/{source}"
    if not repo_url:
        return None
    base = base.strip("/")
    return f"{repo_url.rstrip('/')}/{base}/{source}" if base else f"{repo_url.rstrip('/')}/{source}"


def data_prefix(repo_root: Path, data_dir: Path) -> str:
    """Folder holding the data folder, relative to the repository root; ""
    when it is the root itself or lies outside the repository."""
    try:
        rel = Path(data_dir).resolve().parent.relative_to(Path(repo_root).resolve())
    except ValueError:
        return ""
    return "" if rel == Path(".") else rel.as_posix()
