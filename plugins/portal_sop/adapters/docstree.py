"""The portal as a plain docs tree with its config, for any generator that
reads mkdocs.yml (Zensical, or MkDocs without this plugin).

`portal-sop generate OUT` writes::

    OUT/docs/        hand-written pages (docs_dir) and every generated page and asset
    OUT/overrides/   the portal's theme partials
    OUT/mkdocs.yml   the site's settings and navigation, without the portal-sop plugin

and the generator builds OUT/site/ from it: `zensical build -f OUT/mkdocs.yml`.
"""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.utils.yaml import get_yaml_loader

from .. import paths
from ..site.pages import GeneratedSite, SiteError, write_site
from .settings import PLUGIN

DOCS = "docs"
OVERRIDES = "overrides"
SITE = "site"
CONFIG = "mkdocs.yml"
THEME = Path(__file__).resolve().parents[1] / "theme"


def write_tree(site: GeneratedSite, config: MkDocsConfig, out_dir: Path) -> list[Path]:
    """Write the docs tree and its config under `out_dir`; refuses a
    hand-written page that a generated one would overwrite."""
    out_dir = Path(out_dir)
    docs = out_dir / DOCS
    written = write_site(site, docs)
    generated = set(site.pages) | set(site.assets)
    source = Path(config.docs_dir)
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        rel = path.relative_to(source).as_posix()
        if rel in generated:
            raise SiteError(
                f"berkas {rel} di folder {source.name}/ bertabrakan dengan halaman yang dibuat dari data SOP; "
                f"ganti nama berkas di {source.name}/"
            )
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        written.append(target)
    shutil.copytree(THEME, out_dir / OVERRIDES)
    config_file = out_dir / CONFIG
    text = yaml.safe_dump(generator_config(config, site.nav), allow_unicode=True, sort_keys=False)
    config_file.write_text("# Dibuat oleh `portal-sop generate`; jangan diubah, buat ulang.\n" + text, "utf-8")
    written.append(config_file)
    return written


def generator_config(config: MkDocsConfig, nav: list[Any]) -> dict[str, Any]:
    """The user's mkdocs.yml as written, pointed at the tree: the portal's
    navigation ahead of the hand-written one, its stylesheet and theme
    partials, and no portal-sop plugin (its work is done)."""
    with open(config.config_file_path, "rb") as handle:
        raw = yaml.load(handle, Loader=get_yaml_loader(config=config)) or {}
    out = dict(raw)
    out["docs_dir"] = DOCS
    out["site_dir"] = SITE
    out["site_url"] = config.site_url or ""
    out["use_directory_urls"] = config.use_directory_urls
    out["nav"] = list(nav) + list(raw.get("nav") or [])
    theme = raw.get("theme") or {}
    theme = {"name": theme} if isinstance(theme, str) else dict(theme)
    theme["custom_dir"] = OVERRIDES
    out["theme"] = theme
    out["extra_css"] = [*(raw.get("extra_css") or []), paths.STYLESHEET]
    plugins = [p for p in raw.get("plugins") or [] if not (p == PLUGIN or (isinstance(p, dict) and PLUGIN in p))]
    out["plugins"] = plugins
    # Generated pages are edited through their data files, a link only the
    # plugin can set per page; without it "edit" would point at files that do
    # not exist in the repository, so the tree has no edit links.
    out.pop("edit_uri", None)
    out.pop("repo_url", None)
    return out
