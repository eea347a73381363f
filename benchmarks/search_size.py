"""Search index size and the bytes a browser fetches for its first query.

    python -m benchmarks.search_size SITE_DIR            # a built portal
    python -m benchmarks.search_size --corpus 2000 WORK  # generated corpus

For a corpus, the pages are made by the core (`build_site`, PDFs off) and
indexed from their Markdown the way `portal-sop generate` does. The first
query is run in Debian's Chromium through Pagefind's API the way the search
box does it (options, filter list, search, top ten results' data), and every
response under pagefind/ is counted, as served without compression.
"""
from __future__ import annotations

import argparse
import functools
import http.server
import shutil
import threading
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

QUERIES = ("pengumpulan", "tanda tangan camat", "disposisi")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
FIRST_QUERY = """async q => {
  const pf = await import('./pagefind/pagefind.js');
  await pf.options({ baseUrl: '/', excerptLength: 26 });
  await pf.filters();
  const found = await pf.search(q);
  await Promise.all(found.results.slice(0, 10).map(r => r.data()));
  return found.results.length;
}"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def bundle_size(site: Path) -> tuple[int, int]:
    files = [f for f in (site / "pagefind").rglob("*") if f.is_file()]
    return len(files), sum(f.stat().st_size for f in files)


def first_query_bytes(site: Path, query: str) -> tuple[int, int, int]:
    """(files fetched, bytes fetched, results) for one fresh browser."""
    (site / "search-probe.html").write_text("<!doctype html><title>probe</title>", "utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    sizes: dict[str, int] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=shutil.which("chromium") or "/usr/bin/chromium", args=CHROMIUM_ARGS)
            page = browser.new_page()
            page.on("requestfinished", lambda r: sizes.__setitem__(r.url, r.sizes()["responseBodySize"]) if "/pagefind/" in r.url else None)
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/search-probe.html")
            results = page.evaluate(FIRST_QUERY, query)
            browser.close()
    finally:
        server.shutdown()
        (site / "search-probe.html").unlink()
    return len(sizes), sum(sizes.values()), results


def index_corpus(sops: int, work: Path) -> Path:
    from benchmarks.corpus import generate
    from portal_sop.findings import Report
    from portal_sop.search.facts import page_facts
    from portal_sop.search.indexer import markdown_records, write_index
    from portal_sop.search.synonyms import load_synonyms
    from portal_sop.site.pages import SiteOptions, build_site
    from portal_sop.validation import load_and_validate

    data = generate(sops, work)
    shutil.copy(Path(__file__).resolve().parents[1] / "sop_data" / "sinonim.yaml", data / "sinonim.yaml")
    portal, report = load_and_validate(data)
    synonyms = load_synonyms(data, Report())
    started = time.perf_counter()
    site = build_site(portal, SiteOptions(pdf=None, flowchart_cache_dir=str(work / "cache")))
    built = time.perf_counter()
    out = work / "site"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    stats = write_index(markdown_records(site.pages, page_facts(portal)), out, synonyms)
    print(f"{len(portal.sops)} SOP, {stats.pages} pages; pages made in {built - started:.0f} s, "
          f"indexed in {time.perf_counter() - built:.0f} s; {report.summary()}")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="built site, or work folder with --corpus")
    parser.add_argument("--corpus", type=int, help="generate and index a corpus of this many SOPs")
    args = parser.parse_args()
    site = index_corpus(args.corpus, args.path) if args.corpus else args.path
    files, size = bundle_size(site)
    print(f"index: {files} files, {size / 1024:.0f} KiB in {site / 'pagefind'}")
    for query in QUERIES:
        fetched, size, results = first_query_bytes(site, query)
        print(f"first query {query!r}: {results} results, {fetched} files, {size / 1024:.0f} KiB fetched")


if __name__ == "__main__":
    main()
