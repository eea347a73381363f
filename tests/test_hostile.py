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
    index = (hostile_site / "search" / "search_index.json").read_text("utf-8")
    docs = json.loads(index)["docs"]
    for doc in docs:
        assert "<script>" not in doc["title"] + doc["text"]
        assert "<img src=x" not in doc["title"] + doc["text"]
    assert any("&lt;script&gt;" in d["text"] or "&lt;script&gt;" in d["title"] for d in docs)
