"""Property tests: the loader turns any table into findings, never a crash."""
from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

from conftest import HEADER, DataDir
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from portal_sop.validation import load_and_validate

# A bare carriage return inside a cell is left out: frictionless then counts
# physical lines, so row numbers shift; spreadsheets write \n or \r\n.
# Lone surrogates cannot be written as UTF-8 at all, so no file holds them.
cell = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\r"), max_size=20),
    st.integers(-5, 60).map(str),
    st.sampled_from(["proses", "keputusan", "staf", "camat;sekcam", "5 menit", "2 x 24 jam", "", "-"]),
)
row = st.lists(cell, min_size=0, max_size=14)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row, min_size=0, max_size=8))
def test_any_rows_give_findings_not_exceptions(rows):
    with tempfile.TemporaryDirectory() as tmp:
        data = DataDir(Path(tmp) / "sop_data")
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(HEADER.split(","))
        writer.writerows(rows)
        data.steps_file.write_text(buffer.getvalue(), "utf-8")
        portal, report = load_and_validate(data.root)
        for finding in report.findings:
            assert finding.message and finding.code
            if finding.file.endswith("langkah.csv") and finding.row is not None:
                assert 1 <= finding.row <= len(rows) + 1
        if not report.has_errors:
            (sop,) = [s for _, s in portal.sops]
            assert len(sop.steps) == len([r for r in rows if any(c.strip() for c in r)])
