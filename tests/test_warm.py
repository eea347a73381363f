"""Warm builds: work whose inputs did not change is not done again.

A second `build_site` over the same model takes every SOP page and every
data kinerja page from the page cache (the renderers are not called), an
edited SOP renders exactly its own page again, and the result is the same
as without any cache. The search index reuses prepared documents and the
finished bundle the same way.
"""
from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import SEED_DATA
from portal_sop import flowchart
from portal_sop.kinerja import pages as kinerja_pages
from portal_sop.search import indexer
from portal_sop.search.indexer import Record, SearchCache, write_index
from portal_sop.search.prepare import PageFacts
from portal_sop.site import pages
from portal_sop.site.pages import SiteOptions, build_site
from portal_sop.validation import load_and_validate


@pytest.fixture(scope="module")
def portal():
    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors
    return portal


def _options(cache: Path, pages_cached: bool = True) -> SiteOptions:
    return SiteOptions(pdf=None, flowchart_cache_dir=str(cache / "flowchart"),
                       page_cache_dir=str(cache / "pages") if pages_cached else "")


def _counting(monkeypatch, module, name: str) -> list:
    calls: list = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def test_warm_site_renders_no_page_again_and_matches_an_uncached_build(portal, tmp_path, monkeypatch):
    cold = build_site(portal, _options(tmp_path))
    sop_pages = _counting(monkeypatch, pages, "_sop")
    kinerja_files = _counting(monkeypatch, kinerja_pages, "download_files")
    charts = _counting(monkeypatch, flowchart, "render_svg_cached")
    district_pages = _counting(monkeypatch, pages, "_district")
    warm = build_site(portal, _options(tmp_path))
    assert sop_pages == [] and kinerja_files == [] and charts == [] and district_pages == []
    uncached = build_site(portal, _options(tmp_path / "other", pages_cached=False))
    assert warm.pages == cold.pages == uncached.pages
    assert warm.assets == cold.assets == uncached.assets
    assert len(sop_pages) == len(portal.sops) and len(kinerja_files) == len(portal.kinerja)


def test_edited_step_renders_only_its_own_sop_page(portal, tmp_path, monkeypatch):
    build_site(portal, _options(tmp_path))
    district, sop = portal.sops[0]
    step = replace(sop.steps[0], activity=sop.steps[0].activity + " (diubah)")
    edited_sop = replace(sop, steps=(step, *sop.steps[1:]))
    edited_district = replace(district, sops=tuple(edited_sop if s is sop else s for s in district.sops))
    regencies = tuple(
        replace(r, districts=tuple(edited_district if d is district else d for d in r.districts)) for r in portal.regencies
    )
    edited = replace(portal, regencies=regencies)
    sop_pages = _counting(monkeypatch, pages, "_sop")
    charts = _counting(monkeypatch, flowchart, "render_svg_cached")
    district_pages = _counting(monkeypatch, pages, "_district")
    site = build_site(edited, _options(tmp_path))
    assert [d.path for d, *_ in district_pages] == [district.path]
    assert [(d.path, s.slug) for d, s, *_ in sop_pages] == [(district.path, sop.slug)]
    assert [s.slug for s, *_ in charts] == [sop.slug]
    assert "(diubah)" in site.pages[f"{district.path}/{sop.slug}/index.md"]


def _records(text: str) -> list[Record]:
    return [
        Record("/", "<h1>Beranda</h1><p>Pengumpulan data kinerja.</p>", PageFacts(kind="panduan")),
        Record("/a/", f"<h1>A</h1><p>{text}</p>", PageFacts(kind="kecamatan", district="A")),
    ]


def _bundle(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_warm_search_index_prepares_nothing_and_runs_no_pagefind(tmp_path, monkeypatch):
    store = SearchCache(tmp_path / "cache")
    write_index(_records("Verifikasi berkas."), tmp_path / "one", store=store)
    prepared = _counting(monkeypatch, indexer, "index_document")
    pagefind = _counting(monkeypatch, indexer, "_run_pagefind")
    write_index(_records("Verifikasi berkas."), tmp_path / "two", store=SearchCache(tmp_path / "cache"))
    assert prepared == [] and pagefind == []
    assert _bundle(tmp_path / "two" / "pagefind") == _bundle(tmp_path / "one" / "pagefind")
    # One page changed: only its document is prepared again, and Pagefind runs.
    write_index(_records("Arsip surat."), tmp_path / "three", store=SearchCache(tmp_path / "cache"))
    assert [args[0] for args in prepared] == ["<h1>A</h1><p>Arsip surat.</p>"] and len(pagefind) == 1
    shutil.rmtree(tmp_path / "cache")
    write_index(_records("Arsip surat."), tmp_path / "four")
    assert _bundle(tmp_path / "four" / "pagefind") == _bundle(tmp_path / "three" / "pagefind")


def test_damaged_bundle_entry_runs_pagefind_again(tmp_path, monkeypatch):
    store = SearchCache(tmp_path / "cache")
    write_index(_records("x"), tmp_path / "one", store=store)
    for entry in (tmp_path / "cache" / "bundle").glob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    pagefind = _counting(monkeypatch, indexer, "_run_pagefind")
    write_index(_records("x"), tmp_path / "two", store=SearchCache(tmp_path / "cache"))
    assert len(pagefind) == 1
    assert _bundle(tmp_path / "two" / "pagefind") == _bundle(tmp_path / "one" / "pagefind")


def test_write_changed_keeps_unchanged_files_untouched(tmp_path):
    site = pages.GeneratedSite(pages={"a/index.md": "A", "b/index.md": "B"}, assets={"a/x.svg": b"<svg/>"})
    written: dict[str, str] = {}
    assert sorted(pages.write_changed(site, tmp_path, written)) == ["a/index.md", "a/x.svg", "b/index.md"]
    before = {p: (tmp_path / p).stat().st_mtime_ns for p in written}
    site.pages["a/index.md"] = "A, diubah"
    del site.pages["b/index.md"]
    assert pages.write_changed(site, tmp_path, written) == ["a/index.md"]
    assert (tmp_path / "a/index.md").read_text("utf-8") == "A, diubah"
    assert (tmp_path / "a/x.svg").stat().st_mtime_ns == before["a/x.svg"]
    assert not (tmp_path / "b/index.md").exists() and set(written) == {"a/index.md", "a/x.svg"}


def test_serve_dirty_rebuilds_only_the_edited_sop_page(tmp_path):
    """What `mkdocs serve --dirty` does on an edit, in process: the same
    plugin instance builds again, and only the edited SOP's page (and pages
    that show what changed) is written again."""
    import time

    from conftest import write_portal_yml
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    data = tmp_path / "sop_data"
    shutil.copytree(SEED_DATA, data)
    config_file = write_portal_yml(tmp_path / "mkdocs.yml", data, pdf_enabled=False, search_enabled=False,
                                   cache_dir=str(tmp_path / "cache"))
    site_dir = tmp_path / "served"

    def config():
        loaded = load_config(config_file=str(config_file), site_dir=str(site_dir))
        loaded.site_url = "http://127.0.0.1:8000/"
        return loaded

    first = config()
    first.plugins.on_startup(command="serve", dirty=True)
    try:
        build(first, serve_url="http://127.0.0.1:8000/", dirty=True)
        html = sorted(site_dir.rglob("*.html"))
        before = {p: p.stat().st_mtime_ns for p in html}
        steps = sorted(data.glob("*/*/*/langkah.csv"))[0]
        lines = steps.read_text("utf-8").split("\n")
        cells = lines[1].split(",")
        cells[1] = cells[1] + " (diubah di pratinjau)"
        lines[1] = ",".join(cells)
        time.sleep(0.05)
        steps.write_text("\n".join(lines), "utf-8")
        build(config(), serve_url="http://127.0.0.1:8000/", dirty=True)
    finally:
        first.plugins.on_shutdown()
    page = site_dir / steps.parent.relative_to(data) / "index.html"
    assert "(diubah di pratinjau)" in page.read_text("utf-8")
    rebuilt = sorted(p.relative_to(site_dir).as_posix() for p in html if p.stat().st_mtime_ns != before[p])
    assert page.relative_to(site_dir).as_posix() in rebuilt
    # Only MkDocs' own always-built pages (404, sitemap) besides the SOP page.
    assert set(rebuilt) <= {page.relative_to(site_dir).as_posix(), "404.html"}, rebuilt


def test_failed_pdf_stage_stops_the_charts_drawn_beside_it(portal, tmp_path, monkeypatch):
    """The charts are drawn in a thread while the PDFs render; when the PDF
    stage fails (or Ctrl-C interrupts it) the build must stop at once, not
    after drawing every chart."""
    import threading
    import time

    started, failed = threading.Event(), threading.Event()
    drawn: list[str] = []

    def slow_chart(sop, store, output):
        drawn.append(output)
        started.set()
        failed.wait(10)
        time.sleep(0.3)  # let the build see the failure before the next chart starts
        return "<svg/>"

    def failing_downloads(*args):
        assert started.wait(10)
        failed.set()
        raise RuntimeError("PDF stage failed")

    monkeypatch.setattr(flowchart, "render_svg_cached", slow_chart)
    monkeypatch.setattr(pages, "_downloads", failing_downloads)
    with pytest.raises(RuntimeError, match="PDF stage failed"):
        build_site(portal, _options(tmp_path, pages_cached=False))
    assert 1 <= len(drawn) < len(portal.sops)
