"""Runs Pagefind over prepared pages and writes its bundle (`pagefind/`).

Pagefind's binary comes inside the `pagefind[extended]` wheel and runs as a
command on a temporary folder of prepared pages; nothing is downloaded at
build time. The bundle is chunked,
so a browser fetches only the parts of the index its query needs.

With a `SearchCache`, a page whose article, facts and synonyms are unchanged
is not prepared again (its document comes from the cache), and when no
document changed at all the finished bundle is copied from the cache
instead of running Pagefind: a warm build redoes no search work.
"""
from __future__ import annotations

import gzip
import pickle
import shutil
import subprocess
import sys
import tempfile
import html
import re
from dataclasses import dataclass, field, replace
from importlib import metadata
from pathlib import Path, PurePosixPath

import markdown

from .. import paths
from ..cache import Cache, content_key
from ..errors import PortalError
from ..fingerprint import code_version
from .facts import GUIDE
from .stable import stabilise
from .prepare import PageFacts, article, index_document
from .synonyms import Groups
from .words import Expander

BUNDLE_DIR = "pagefind"
CACHE_DIR = "search"  # under the project's cache folder
LANGUAGE = "id"
SKIPPED_PAGES = {"404.html"}
# Pagefind's own ready-made interfaces; the portal has its own search box.
UNUSED_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
                "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js",
                # Every page is indexed as Indonesian (--force-language), so
                # the browser always loads wasm.id, never this one.
                "wasm.unknown.pagefind")
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
TAG = re.compile(r"<[^>]+>")
FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
# The Markdown extensions of mkdocs.yml that change what a page says.
MARKDOWN_EXTENSIONS = ["tables", "attr_list", "md_in_html"]


class SearchIndexError(PortalError):
    """Pagefind could not build the index."""


@dataclass(frozen=True)
class Record:
    url: str  # site-root relative, with a leading "/"
    article_html: str
    facts: PageFacts


@dataclass(frozen=True)
class IndexStats:
    pages: int
    files: int
    bytes: int


def heading(article_html: str) -> str:
    """Plain text of the article's first <h1>, without its permalink sign."""
    match = H1.search(article_html)
    if not match:
        return ""
    text = re.sub(r'<a\b[^>]*class="headerlink".*?</a>', "", match.group(1), flags=re.S)
    return " ".join(html.unescape(TAG.sub("", text)).split())


def page_url(relative: str) -> str:
    """Site-root URL of a built file: a/b/index.html -> /a/b/."""
    path = PurePosixPath(relative)
    if path.name == "index.html":
        parent = path.parent.as_posix()
        return "/" if parent == "." else f"/{parent}/"
    return f"/{relative}"


def site_records(site_dir: Path, facts: dict[str, PageFacts]) -> list[Record]:
    """Every built page with an article, in path order."""
    site_dir = Path(site_dir)
    records = []
    for file in sorted(site_dir.rglob("*.html")):
        relative = file.relative_to(site_dir).as_posix()
        if relative in SKIPPED_PAGES or relative.split("/", 1)[0] in (BUNDLE_DIR, "assets"):
            continue
        body = article(file.read_text("utf-8"))
        if body is None:
            continue
        url = page_url(relative)
        records.append(Record(url, body, facts.get(url.lstrip("/"), GUIDE)))
    return records


def markdown_records(pages: dict[str, str], facts: dict[str, PageFacts]) -> list[Record]:
    """Records for generated Markdown pages (`portal-sop generate`), at the
    directory URLs MkDocs would give them."""
    records = []
    for source, text in sorted(pages.items()):
        body = markdown.markdown(FRONT_MATTER.sub("", text, count=1), extensions=MARKDOWN_EXTENSIONS)
        url = "/" + paths.page_url(source)
        records.append(Record(url, body, facts.get(url.lstrip("/"), GUIDE)))
    return records


@dataclass
class SearchCache:
    """Prepared documents (one entry per page) and finished bundles (one
    entry per set of documents) under `directory`; `caches` go to the
    build's list of caches pruned after success."""

    directory: Path | None
    documents: Cache = field(init=False)
    bundles: Cache = field(init=False)

    def __post_init__(self) -> None:
        self.documents = Cache(self.directory / "documents" if self.directory else None, ".html")
        self.bundles = Cache(self.directory / "bundle" if self.directory else None, ".pickle")

    @property
    def caches(self) -> list[Cache]:
        return [self.documents, self.bundles]


def _tools_version() -> str:
    """Code and libraries that shape a document or a bundle."""
    return content_key(code_version(), *(f"{name}={metadata.version(name)}" for name in ("pagefind", "PySastrawi")), LANGUAGE)


def write_index(records: list[Record], out_dir: Path, synonyms: Groups = (), store: SearchCache | None = None) -> IndexStats:
    """Index `records` into OUT_DIR/pagefind/ (replacing an older bundle)."""
    expander = Expander(synonyms)
    tools = _tools_version() if store is not None else ""
    words = repr(synonyms)
    documents = []
    for record in records:
        key = content_key(tools, words, record.url, record.article_html, repr(record.facts)) if store else ""
        hit = store.documents.get(record.url, key) if store else None
        if hit is not None:
            documents.append((record.url, hit.decode("utf-8")))
            continue
        facts = record.facts
        if not facts.title:
            facts = replace(facts, title=heading(record.article_html) or "Portal SOP")
        document = index_document(record.article_html, facts, expander)
        if store:
            store.documents.put(record.url, key, document.encode("utf-8"))
        documents.append((record.url, document))
    bundle = Path(out_dir) / BUNDLE_DIR
    shutil.rmtree(bundle, ignore_errors=True)
    bundle_key = content_key(tools, *(part for url, document in documents for part in (url, document))) if store else ""
    stored = store.bundles.get(BUNDLE_DIR, bundle_key) if store else None
    files = _loads(stored) if stored is not None else None
    if files is not None:
        _unpack(files, bundle)
    else:
        _run_pagefind(documents, bundle)
        for name in UNUSED_FILES:
            (bundle / name).unlink(missing_ok=True)
        _check(bundle)
        stabilise(bundle)
        if store:
            store.bundles.put(BUNDLE_DIR, bundle_key, pickle.dumps(_pack(bundle), protocol=pickle.HIGHEST_PROTOCOL))
    files = [f for f in bundle.rglob("*") if f.is_file()]
    return IndexStats(pages=len(documents), files=len(files), bytes=sum(f.stat().st_size for f in files))


def _loads(stored: bytes) -> dict[str, bytes] | None:
    try:
        files = pickle.loads(stored)
    except Exception:  # a damaged entry: run Pagefind again
        return None
    return files if isinstance(files, dict) and files else None


def _pack(bundle: Path) -> dict[str, bytes]:
    return {f.relative_to(bundle).as_posix(): f.read_bytes() for f in sorted(bundle.rglob("*")) if f.is_file()}


def _unpack(files: dict[str, bytes], bundle: Path) -> None:
    for relative, data in files.items():
        target = bundle / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _check(bundle: Path) -> None:
    """Refuse a bundle with an empty or unreadable file: better a failed
    build than a search that breaks on some queries."""
    for file in sorted(bundle.rglob("*")):
        if not file.is_file():
            continue
        data = file.read_bytes()
        if not data:
            raise SearchIndexError(f"indeks pencarian tidak lengkap: {file.name} kosong; bangun ulang situs")
        if file.suffix.startswith(".pf_"):
            try:
                if not gzip.decompress(data).startswith(b"pagefind_"):
                    raise OSError("no signature")
            except (OSError, EOFError) as error:
                raise SearchIndexError(f"indeks pencarian rusak: {file.name} ({error}); bangun ulang situs") from error


def _run_pagefind(documents: list[tuple[str, str]], bundle: Path) -> None:
    """Write the documents where their URLs say and run the Pagefind CLI on
    them. The CLI, unlike the Python service API, exits only after every
    file is written (the service sometimes left files empty on shutdown)."""
    with tempfile.TemporaryDirectory(prefix="portal-sop-cari-") as temp:
        source = Path(temp) / "halaman"
        for url, document in documents:
            path = url.lstrip("/")
            target = source / (path + "index.html" if path.endswith("/") or not path else path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(document, "utf-8")
        command = [
            sys.executable, "-m", "pagefind", "--site", str(source), "--output-path", str(bundle.resolve()),
            "--force-language", LANGUAGE, "--quiet",
        ]
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        raise SearchIndexError(f"Pagefind gagal (kode {result.returncode}): {(result.stderr or result.stdout).strip()[-2000:]}")
