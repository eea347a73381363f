"""Load and validate: the one entry point both adapters call.

SOP tables and data kinerja packages are loaded and checked together, so a
maintainer gets one report for everything under the data folder.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .findings import Report
from .kinerja.loader import load_kinerja
from .model import Portal
from .sop.loader import load_portal
from .sop.placeholders import check_placeholders
from .sop.rules import check_portal


def load_and_validate(root: Path) -> tuple[Portal, Report]:
    """The one entry point adapters call: load SOPs and data kinerja, then
    run every rule; one report for both."""
    portal, report = load_portal(root)
    check_portal(portal, report)
    check_placeholders(root, report)
    packages, kinerja_report = load_kinerja(Path(root).resolve(), portal.districts)
    report.extend(kinerja_report)
    return replace(portal, kinerja=packages), report
