"""The built portal in a real browser: Debian's Chromium driven by Playwright.

The site is served from a sub-path (/portal/) on localhost, as it would be on
GitHub Pages, so relative links are exercised too.
"""
from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest
from conftest import REPO
from playwright.sync_api import Page, sync_playwright

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
AXE = REPO / "tests" / "browser" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
SOP_PAGE = "banyumas/kebasen/pengukuran-data-kinerja/"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(root: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture(scope="module")
def portal_url(built_site, tmp_path_factory):
    root = tmp_path_factory.mktemp("served")
    (root / "portal").symlink_to(built_site, target_is_directory=True)
    server, base = serve(root)
    yield f"{base}/portal/"
    server.shutdown()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda m: m.type == "error" and page.console_errors.append(m.text))
    page.on("pageerror", lambda e: page.console_errors.append(str(e)))
    yield page
    context.close()


@pytest.mark.parametrize("path", ["", "banyumas/kebasen/", SOP_PAGE, "banyumas/kebasen/data-kinerja/", "data-kinerja/", "panduan/format-data/"])
def test_pages_load_without_console_errors(page: Page, portal_url, path):
    response = page.goto(portal_url + path)
    assert response is not None and response.ok
    page.wait_for_load_state("networkidle")
    assert page.console_errors == []
    assert page.locator("h1").first.inner_text()


def test_search_lists_sops_mentioning_disposisi(page: Page, portal_url):
    page.goto(portal_url)
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("disposisi", delay=20)
    results = page.locator(".md-search-result__item a")
    results.first.wait_for(timeout=15_000)
    hrefs = " ".join(results.evaluate_all("els => els.map(e => e.href)"))
    assert "banyumas/kebasen/pengukuran-data-kinerja/" in hrefs
    assert "pesisir-selatan/iv-jurai/pengumpulan-dan-pengukuran-data-kinerja/" in hrefs


def test_sop_page_shows_flowchart_and_pdf_link_downloads_a_pdf(page: Page, portal_url):
    page.goto(portal_url + SOP_PAGE)
    chart = page.locator("figure.sop-diagram img")
    chart.wait_for()
    natural = chart.evaluate("img => [img.complete, img.naturalWidth, img.getBoundingClientRect().width]")
    assert natural[0] and natural[1] > 300 and natural[2] > 300  # loaded and not shrunk
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh dokumen SOP").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"


def test_navigation_reaches_sop_from_home(page: Page, portal_url):
    page.goto(portal_url)
    page.get_by_role("link", name="Kecamatan Kebasen").first.click()
    page.get_by_role("link", name="Pengukuran Data Kinerja").first.click()
    assert page.url.endswith(SOP_PAGE)
    assert "PK. KEC. KBS / 010 / I / 2024" in page.content()


@pytest.mark.parametrize("path", ["", "banyumas/kebasen/", SOP_PAGE, "banyumas/kebasen/data-kinerja/"])
def test_no_serious_accessibility_violations(page: Page, portal_url, path):
    page.goto(portal_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['html'][:120]})"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]
    assert serious == []


def test_phone_viewport_has_no_horizontal_page_scroll(browser, portal_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(portal_url + SOP_PAGE)
    page.wait_for_load_state("networkidle")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    context.close()
    assert widths[0] <= widths[1], widths


def test_hostile_page_shows_script_text_and_runs_nothing(browser, hostile_site):
    server, base = serve(hostile_site)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/contoh/uji-coba/")
    page.get_by_role("link", name="SOP <script>").first.click()
    page.wait_for_load_state("networkidle")
    body = page.locator("article").inner_text()
    injected = page.evaluate("() => document.querySelectorAll('article script, article img[src=x]').length")
    context.close()
    server.shutdown()
    assert dialogs == []
    assert injected == 0
    assert '<script>alert("xss")</script>' in body
