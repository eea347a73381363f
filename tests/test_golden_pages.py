"""Golden pages: the generated Markdown of two SOP pages and one kecamatan
page of the seed data, compared byte for byte with tests/golden/pages/.

After a deliberate change to the page templates or to what they show,
refresh them with

    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_golden_pages.py

and review the diff before committing. PDFs are left out (SiteOptions(pdf=None)),
so a change to a PDF's size does not touch these pages.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from conftest import SEED_DATA
from portal_sop.site.pages import SiteOptions, build_site
from portal_sop.validation import load_and_validate

GOLDEN = Path(__file__).parent / "golden" / "pages"
PAGES = [
    "banyumas/kebasen/pengukuran-data-kinerja/index.md",
    "balangan/paringin-selatan/pengukuran-kinerja-penilaian-skp/index.md",
    "banyumas/kebasen/index.md",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    portal, report = load_and_validate(SEED_DATA)
    assert not report.has_errors
    cache = tmp_path_factory.mktemp("flowchart-cache")
    # The reference date of the 12-month evaluation rule is pinned: the kecamatan page prints it.
    return build_site(portal, SiteOptions(pdf=None, flowchart_cache_dir=str(cache), reference_date=dt.date(2026, 12, 4)))


@pytest.mark.parametrize("page", PAGES)
def test_golden_page(site, page):
    text = site.pages[page].encode("utf-8")
    path = GOLDEN / (page.removesuffix("/index.md").replace("/", "--") + ".md")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text)
    assert path.exists(), f"{path.name} missing; see the module docstring"
    assert path.read_bytes() == text, f"{path.name} changed; see the module docstring"
