"""What search knows about each page, from the model: its kind, the SOP
name, kecamatan and kabupaten to show and filter on, and its weight.

Weights rank by kind of page, never by query: an SOP's own page first, then
its kecamatan's page, then kabupaten pages, then guides and data pages.
"""
from __future__ import annotations

from .. import paths
from ..kinerja import pages as kinerja_pages
from ..model import Portal
from .prepare import PageFacts

WEIGHTS = {"sop": 2.0, "kecamatan": 1.5, "kabupaten": 1.0, "data": 0.5, "panduan": 0.5}
GUIDE = PageFacts(kind="panduan", weight=WEIGHTS["panduan"])


def page_facts(portal: Portal, directory_urls: bool = True) -> dict[str, PageFacts]:
    """Facts by page URL relative to the site root ("banyumas/kebasen/")."""
    facts: dict[str, PageFacts] = {}
    for regency in portal.regencies:
        facts[paths.page_url(paths.regency_page(regency), directory_urls)] = PageFacts(
            kind="kabupaten", title=f"Kabupaten {regency.name}", regency=regency.name, weight=WEIGHTS["kabupaten"],
        )
        for district in regency.districts:
            facts[paths.page_url(paths.district_page(district), directory_urls)] = PageFacts(
                kind="kecamatan", title=f"Kecamatan {district.name}", district=district.name,
                regency=regency.name, weight=WEIGHTS["kecamatan"],
            )
            facts[paths.page_url(kinerja_pages.district_page(district), directory_urls)] = PageFacts(
                kind="data", title=f"Data Kinerja Kecamatan {district.name}", district=district.name,
                regency=regency.name, weight=WEIGHTS["data"],
            )
            for sop in district.sops:
                facts[paths.page_url(paths.sop_page(district, sop), directory_urls)] = PageFacts(
                    kind="sop", title=sop.name, district=district.name, regency=regency.name,
                    weight=WEIGHTS["sop"],
                )
    return facts
