"""The second generator: `portal-sop generate OUT` writes a docs tree and a
config that Zensical builds strictly, with no broken link and the same
pages, flowcharts, PDFs and downloads as the MkDocs build."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from click.testing import CliRunner
from portal_sop.adapters.cli import main

from conftest import portal_config

ZENSICAL = Path(sys.executable).with_name("zensical")
SKIPPED_SCHEMES = ("http:", "https:", "mailto:", "tel:", "data:", "javascript:")


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if value is None:
                continue
            if name in ("href", "src") and not (tag == "link" and ("rel", "preconnect") in attrs):
                self.links.append(value)
            elif name == "data" and tag == "object":
                self.links.append(value)


def broken_links(site: Path) -> list[str]:
    """Every local href/src of every HTML page that points at no file, and
    every same-page #fragment without its id. Directory URLs resolve to
    their index.html."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for link in parser.links:
            if not link or link.startswith(SKIPPED_SCHEMES) or link.startswith("//"):
                continue
            parts = urlsplit(link)
            if not parts.path:
                if parts.fragment and unquote(parts.fragment) not in parser.ids:
                    broken.append(f"{page.relative_to(site)}: {link}")
                continue
            target = (site / parts.path.lstrip("/")) if parts.path.startswith("/") else (page.parent / unquote(parts.path))
            target = target.resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_relative_to(site.resolve()) or not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
    return broken


def test_link_check_finds_a_broken_link(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<a href="../b/">b</a><img src="x.svg"><a href="#ada">x</a><p id="ada"></p><a href="#hilang">y</a>')
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "index.html").write_text('<a href="../a/">a</a>')
    assert broken_links(tmp_path) == ["a/index.html: x.svg", "a/index.html: #hilang"]


def _files(root: Path, pattern: str) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob(pattern))
    }


def _pages(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("index.html")}


@pytest.fixture(scope="module")
def zensical_site(built_site: Path, tmp_path_factory) -> Path:
    """`portal-sop generate` with the same mkdocs.yml as `built_site`, then
    `zensical build --strict` of what it wrote."""
    config = portal_config(built_site)
    out = tmp_path_factory.mktemp("zensical") / "build" / "generated"
    result = CliRunner().invoke(main, ["generate", str(out), "--config-file", str(config)])
    assert result.exit_code == 0, result.output
    assert (out / "mkdocs.yml").is_file() and (out / "docs" / "index.md").is_file()
    build = subprocess.run(
        [str(ZENSICAL), "build", "--strict", "--config-file", str(out / "mkdocs.yml")],
        cwd=out, capture_output=True, text=True, timeout=600,
    )
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    site = out / yaml.safe_load((out / "mkdocs.yml").read_text("utf-8"))["site_dir"]
    assert (site / "index.html").is_file()
    return site


def test_zensical_build_has_no_broken_link(zensical_site):
    assert broken_links(zensical_site) == []


def test_mkdocs_build_has_no_broken_link(built_site):
    assert broken_links(built_site) == []


def test_zensical_and_mkdocs_publish_the_same_pages(zensical_site, built_site):
    assert _pages(zensical_site) == _pages(built_site)


@pytest.mark.parametrize("pattern", ["*.svg", "*.pdf", "*.zip", "*.csv", "datapackage.yaml", "datapackage.json", "data.json"])
def test_zensical_and_mkdocs_publish_the_same_files(zensical_site, built_site, pattern):
    """Flowcharts, PDFs (the render cache of the same settings, so byte for
    byte, QR codes included) and data downloads."""
    ours = _files(zensical_site, pattern)
    theirs = {path: digest for path, digest in _files(built_site, pattern).items() if not path.startswith("assets/")}
    ours = {path: digest for path, digest in ours.items() if not path.startswith("assets/")}
    assert ours and ours == theirs


def test_generated_config_carries_the_site_settings(zensical_site, built_site):
    config = yaml.safe_load((zensical_site.parent / "mkdocs.yml").read_text("utf-8"))
    original = yaml.safe_load(portal_config(built_site).read_text("utf-8"))
    assert config["site_url"] == original["site_url"]
    assert config["use_directory_urls"] == original["use_directory_urls"]
    assert not any("portal-sop" in p for p in config.get("plugins", []) if isinstance(p, (str, dict)))
    nav = yaml.safe_dump(config["nav"], allow_unicode=True)
    assert "banyumas/kebasen/pengukuran-data-kinerja/index.md" in nav and "panduan/kontributor.md" in nav
