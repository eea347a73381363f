"""Search in a real browser: the Pagefind box of the built seed portal,
served under a sub-path, driven in Debian's Chromium.

The query set (tests/search_queries.yaml) holds queries people type, with
the pages judged relevant by reading them; the mean recall@5 over all of
them must stay at or above 0.9, and the per-query table is printed so a
regression shows which query fell.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page

from conftest import REPO
from test_browser import CHROMIUM, CHROMIUM_ARGS, browser, portal_url, serve  # noqa: F401  (fixtures)

QUERIES = yaml.safe_load((REPO / "tests" / "search_queries.yaml").read_text("utf-8"))
MIN_MEAN_RECALL = 0.9
TOP = 5


def search(page: Page, query: str) -> list[str]:
    """Type `query` into the search box; the result links in order."""
    box = page.locator("#portal-search-kotak")
    box.fill("")
    box.fill(query)
    page.wait_for_function(
        """q => {
            const s = document.getElementById('portal-search-status').textContent;
            return s.includes('“' + q + '”') && !s.startsWith('Mencari');
        }""",
        arg=query,
        timeout=15_000,
    )
    return page.locator("#portal-search-hasil a").evaluate_all("els => els.map(e => e.getAttribute('href'))")


def relative(href: str) -> str:
    return href.split("/portal/", 1)[-1]


@pytest.fixture(scope="module")
def search_page(browser, portal_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.goto(portal_url)
    page.locator("#portal-search-kotak").click()
    yield page
    context.close()


def test_query_set_mean_recall_at_5(search_page: Page):
    names = QUERIES["pages"]
    rows, recalls = [], []
    for entry in QUERIES["queries"]:
        relevant = [names[r] for r in entry["relevant"]]
        found = [relative(h) for h in search(search_page, str(entry["q"]))]
        hits = len(set(found[:TOP]) & set(relevant))
        recall = hits / min(TOP, len(relevant))
        recalls.append(recall)
        missed = [r for r in entry["relevant"] if names[r] not in found[:TOP]]
        rows.append((str(entry["q"]), entry["kind"], len(relevant), recall, ", ".join(missed) or "–"))
    mean = sum(recalls) / len(recalls)
    width = max(len(r[0]) for r in rows)
    print(f"\n{'query':<{width}}  {'kind':<12} rel  recall@5  missed in top 5")
    for q, kind, n, recall, missed in rows:
        print(f"{q:<{width}}  {kind:<12} {n:>3}  {recall:8.2f}  {missed}")
    print(f"mean recall@5 over {len(rows)} queries: {mean:.3f}")
    assert len(rows) >= 40
    assert search_page.errors == []
    assert mean >= MIN_MEAN_RECALL, f"mean recall@5 {mean:.3f} < {MIN_MEAN_RECALL}"


def test_results_show_sop_name_place_and_clean_excerpt(search_page: Page):
    search(search_page, "pengumpulam")
    first = search_page.locator("#portal-search-hasil li").first
    title = first.locator(".portal-search__judul").inner_text()
    place = first.locator(".portal-search__tempat").inner_text()
    excerpt = first.locator(".portal-search__kutipan").inner_text()
    assert "Pengumpulan" in title
    assert place.startswith("SOP · Kecamatan ") and ", Kabupaten " in place
    assert "\u2063" not in excerpt and " kumpul " not in f" {excerpt} "  # index-only words stay hidden
    marks = first.locator("mark").all_inner_texts()
    assert marks and all(m.lower().startswith("pengumpulan") for m in marks)


def test_filter_by_kabupaten_keeps_only_its_pages(search_page: Page):
    search(search_page, "data kinerja")
    select = search_page.locator("select[data-filter=kabupaten]")
    assert "Banyumas" in select.locator("option").all_inner_texts()
    select.select_option("Banyumas")
    search_page.wait_for_function(
        "() => [...document.querySelectorAll('#portal-search-hasil a')].length > 0 && "
        "[...document.querySelectorAll('#portal-search-hasil a')].every(a => a.getAttribute('href').includes('/banyumas/'))",
        timeout=15_000,
    )
    places = search_page.locator(".portal-search__tempat").all_inner_texts()
    select.select_option("")
    assert places and all("Kabupaten Banyumas" in p for p in places)


def test_keyboard_only_search_reaches_a_result(browser, portal_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(portal_url + "panduan/kontributor/")
    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.id") == "portal-search-kotak"
    page.keyboard.type("sekcam", delay=20)
    page.wait_for_function("() => document.querySelectorAll('#portal-search-hasil a').length > 0", timeout=15_000)
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("() => document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    url = page.url
    page.keyboard.press("Escape")
    context.close()
    assert focused and url.endswith(focused.split("/portal/", 1)[-1])


def test_phone_search_open_type_results_follow(browser, portal_url):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(portal_url + "banyumas/")
    page.wait_for_load_state("networkidle")
    before_search = [u for u in requests if "/pagefind/" in u]
    page.locator("label.md-header__button[for=__search]").tap()
    box = page.locator("#portal-search-kotak")
    box.wait_for(state="visible")
    box.type("tanda tangan camat", delay=30)
    page.wait_for_function("() => document.querySelectorAll('#portal-search-hasil a').length > 0", timeout=15_000)
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    shot = Path("/work/shots/13")
    if shot.is_dir():
        page.screenshot(path=str(shot / "phone-search.png"))
    first = page.locator("#portal-search-hasil a").first
    href = first.get_attribute("href")
    first.tap()
    page.wait_for_url("**" + href.split("/portal", 1)[-1])
    heading = page.locator("h1").first.inner_text()
    outside = [u for u in requests if not u.startswith(portal_url.split("/portal/")[0])]
    context.close()
    assert before_search == []  # nothing of Pagefind loads until someone searches
    assert widths[0] <= widths[1], widths
    assert heading
    assert outside == []


def test_first_query_download_is_small(browser, portal_url):  # noqa: F811
    """Bytes a phone fetches for its first query (code, wasm, index chunks
    and result fragments), as served without compression."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    sizes: dict[str, int] = {}
    page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None)
    page.goto(portal_url)
    page.locator("label.md-header__button[for=__search]").click()
    search(page, "pengumpulan")
    context.close()
    total = sum(sizes.values())
    print(f"\nfirst query: {len(sizes)} files, {total} bytes from pagefind/")
    for url, size in sorted(sizes.items()):
        print(f"  {size:>8}  {url.split('/pagefind/', 1)[-1]}")
    assert 0 < total < 400_000


def test_hostile_text_in_results_is_shown_as_text(browser, hostile_site):  # noqa: F811
    server, base = serve(hostile_site)
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{base}/")
    page.locator("#portal-search-kotak").click()
    search(page, "xss")
    results = page.locator("#portal-search-hasil")
    text = results.inner_text()
    injected = page.evaluate("() => document.querySelectorAll('#portal-search-hasil script, #portal-search-hasil img').length")
    context.close()
    server.shutdown()
    assert dialogs == [] and injected == 0
    assert 'SOP <script>alert("xss")</script>' in text
