"""Data arrives by pull request from anyone: hostile text must stay text."""
from __future__ import annotations

import json
from pathlib import Path

from conftest import HOSTILE


def all_html(site: Path) -> dict[Path, str]:
    return {p: p.read_text("utf-8") for p in site.rglob("*.html")}


def test_no_script_or_handler_from_data_reaches_any_page(hostile_site):
    pages = all_html(hostile_site)
    assert len(pages) > 5
    for path, text in pages.items():
        assert 'alert("xss")</script>' not in text, path
        assert "<img src=x" not in text, path
        assert 'href="javascript:' not in text, path


def test_hostile_text_is_shown_as_text(hostile_site):
    page = next(p for p in hostile_site.rglob("index.html") if "pelayanan-contoh" in str(p))
    text = page.read_text("utf-8")
    assert "&lt;script&gt;alert(&#34;xss&#34;)&lt;/script&gt;" in text or "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in text
    assert "[tautan](javascript:alert(1))" in text  # Markdown not interpreted in data
    assert "<title>SOP &lt;script&gt;" in text  # title escaped in <head>


def test_search_index_holds_escaped_text_only(hostile_site):
    """Pagefind stores plain text: the hostile markup arrives there as the
    characters the page shows (it was escaped in the page, or the parser
    would have dropped the script); the search box only ever sets text."""
    from test_search_index import fragments

    docs = fragments(hostile_site / "pagefind").values()
    sop = next(d for d in docs if d["meta"].get("jenis") == "sop")
    assert '<script>alert("xss")</script> <img src=x onerror=alert(1)>' in sop["content"]
    assert sop["meta"]["title"].startswith('SOP <script>alert("xss")</script>')
    assert not (hostile_site / "search" / "search_index.json").exists()
