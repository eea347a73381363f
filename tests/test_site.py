"""The core's generated site, without MkDocs."""
from __future__ import annotations

import hashlib

import pytest
from click.testing import CliRunner
from conftest import SEED_DATA, write_portal_yml
from portal_sop.adapters.cli import main
from portal_sop.paths import relative_url
from portal_sop.site.pages import GeneratedSite, SiteError, write_site


def test_two_generated_files_cannot_share_a_path():
    site = GeneratedSite()
    site.add_page("a/index.md", "x")
    with pytest.raises(SiteError):
        site.add_page("a/index.md", "y")
    with pytest.raises(SiteError):
        site.add_asset("a/index.md", b"y")


@pytest.mark.parametrize("bad", ["../luar.md", "a/../../luar.md", "/etc/luar.md"])
def test_write_site_refuses_paths_outside_the_output(tmp_path, bad):
    site = GeneratedSite()
    site.add_page(bad, "x")
    with pytest.raises(SiteError):
        write_site(site, tmp_path / "out")
    assert not (tmp_path / "luar.md").exists()


@pytest.mark.parametrize(
    "page, target, directory_urls, expected",
    [
        ("a/b/c.md", "a/b/d.md", True, "../d/"),
        ("a/b/c.md", "a/b/c/diagram.svg", True, "diagram.svg"),
        ("a/b/index.md", "a/b/c.md", True, "c/"),
        ("index.md", "a/b/index.md", True, "a/b/"),
        ("a/b/c.md", "a/b/d.md", False, "d.html"),
        ("index.md", "a/index.md", False, "a/index.html"),
    ],
)
def test_relative_links(page, target, directory_urls, expected):
    assert relative_url(page, target, directory_urls) == expected


def digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_same_data_gives_the_same_bytes_even_with_cold_caches(tmp_path):
    """Pages, SVG, JSON, zip and PDFs: reviewers diff them, caches rely on it."""
    runner = CliRunner()
    for name in ("a", "b"):
        config = write_portal_yml(tmp_path / f"{name}.yml", SEED_DATA, cache_dir=str(tmp_path / f"cache-{name}"))
        result = runner.invoke(main, ["generate", str(tmp_path / name), "--config-file", str(config)])
        assert result.exit_code == 0, result.output
    first, second = digest(tmp_path / "a"), digest(tmp_path / "b")
    assert len(first) > 50
    assert any(name.endswith(".pdf") for name in first) and any(name.endswith(".svg") for name in first)
    assert first == second
