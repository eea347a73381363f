"""One built page -> the HTML document Pagefind indexes for it.

Only the article is indexed (never the header, navigation or footer), with
its permalink signs, edit buttons, figures and table header rows left out,
table header cells ended by ":" or "." so excerpts read as sentences, and
index-only words added to every text (`words.Expander`). Attributes of the
article are dropped; all text is escaped again on the way out.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser

from ..templating import render
from . import INDEX_ONLY
from .words import Expander

ARTICLE = re.compile(r'<article\b[^>]*class="[^"]*md-content__inner[^"]*"[^>]*>(.*)</article>', re.S)
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED_TAGS = {"script", "style", "svg", "figure", "thead", "nav", "button", "form", "img", "iframe", "template"}
# Left out of the index: permalink signs, buttons, the phone flowchart (the
# steps again, in one column), reconstruction marks and notices, and the
# maintainers' data-check notes, the older monitoring and evaluation records
# (the latest ones stay: a reader may search a note or a follow-up): none is
# what a reader searches for.
SKIPPED_CLASSES = {
    "headerlink", "md-content__button", "sop-unduh", "md-source-file", "sop-alir-ponsel",
    "sop-rekonstruksi", "sop-rekonstruksi-tanda", "sop-catatan", "sop-kosong", "monev-riwayat",
}
# Blocks that end like a sentence, so cells and items never run together
# (Pagefind adds no stop after text that ends with index-only words).
SENTENCE_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "caption", "th", "td", "dt", "dd"}
ENDS_SENTENCE = re.compile(r"([.:;!?…]|^|>)\s*$")
ADDED = re.compile(f"\\s*{INDEX_ONLY}[^{INDEX_ONLY}]*{INDEX_ONLY}")
KEPT_TAGS = {
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "ul", "ol", "li", "table", "caption", "tbody", "tr", "th", "td",
    "div", "section", "blockquote", "dl", "dt", "dd", "strong", "em", "b", "i", "span", "a", "code", "pre",
    "small", "abbr", "details", "summary", "br", "sup", "sub", "mark",
}


@dataclass(frozen=True)
class PageFacts:
    """What search shows and filters on for one page (from the model, not
    scraped from HTML)."""

    kind: str  # "sop", "kecamatan", "kabupaten", "data", "panduan"
    title: str = ""
    district: str = ""  # kecamatan name
    regency: str = ""  # kabupaten name
    weight: float = 1.0
    extra: tuple[str, ...] = field(default_factory=tuple)  # more index-only text


def article(html: str) -> str | None:
    """The inner HTML of Material's article, or None for pages without one."""
    match = ARTICLE.search(html)
    return match.group(1) if match else None


class _Rewriter(HTMLParser):
    def __init__(self, expander: Expander):
        super().__init__(convert_charrefs=True)
        self.expander = expander
        self.out: list[str] = []
        self.skip: list[str] = []  # tag being skipped, one entry per open nesting
        self.closers: list[tuple[str, str]] = []  # (tag, text to add before its end tag)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[0] and tag not in VOID:
                self.skip.append(tag)
            return
        classes = set((dict(attrs).get("class") or "").split())
        if tag in SKIPPED_TAGS or classes & SKIPPED_CLASSES:
            if tag not in VOID:
                self.skip.append(tag)
            return
        if tag not in KEPT_TAGS:
            return
        if tag in VOID:
            self.out.append(f"<{tag}>")
            return
        self.out.append(f"<{tag}>")
        scope = dict(attrs).get("scope")
        self.closers.append((tag, ":" if tag == "th" and scope == "row" else "." if tag in SENTENCE_TAGS else ""))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip and tag in VOID and tag in KEPT_TAGS:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[0]:
                self.skip.pop()
            return
        if tag not in KEPT_TAGS or tag in VOID:
            return
        # Close up to the matching open tag (HTML lets some end tags be implied).
        if not any(t == tag for t, _ in self.closers):
            return
        while self.closers:
            open_tag, suffix = self.closers.pop()
            if suffix and not ENDS_SENTENCE.search(ADDED.sub("", self.out[-1] if self.out else ".")):
                if self.out and not self.out[-1].startswith("<"):
                    self.out[-1] = self.out[-1].rstrip()  # "Seksi." rather than "Seksi ."
                self.out.append(suffix + " ")
            self.out.append(f"</{open_tag}>")
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip and data:
            self.out.append(escape(self.expander.expand(data), quote=False))

    def result(self) -> str:
        self.close()
        while self.closers:
            self.out.append(f"</{self.closers.pop()[0]}>")
        return "".join(self.out)


def index_body(article_html: str, expander: Expander) -> str:
    """The article's text structure with index-only words, safe to embed."""
    rewriter = _Rewriter(expander)
    rewriter.feed(article_html)
    return rewriter.result()


def index_document(article_html: str, facts: PageFacts, expander: Expander) -> str:
    """The document Pagefind reads for one page."""
    extra = " ".join(facts.extra)
    return render(
        "search/record.html.j2",
        facts=facts,
        body=index_body(article_html, expander),
        extra=expander.expand(extra) if extra else "",
    )
