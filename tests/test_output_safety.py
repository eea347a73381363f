"""Output side of the hardening (issue 10): output folders, the build lock,
errors without tracebacks, paths with spaces."""
from __future__ import annotations

import io
from pathlib import Path

from conftest import DISTRICT, DataDir
from PIL import Image
from portal_sop.pdf import build as pdf_build
from portal_sop.pdf import documents as pdf
from portal_sop.validation import load_and_validate


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def test_logo_in_a_checkout_path_with_spaces(tmp_path):
    data = DataDir(tmp_path / "salinan dengan spasi" / "sop_data")
    (data.district_dir / "logo.png").write_bytes(_png())
    data.write_district({**DISTRICT, "logo": "logo.png"})
    portal, report = load_and_validate(data.root)
    assert not report.has_errors, report.sorted()
    options = pdf.PdfOptions(pdf_variant=None, data_dir=data.root)
    jobs = pdf_build.plan(portal, options)
    assert jobs[0].extra_inputs == _png()
    rendered, _ = pdf_build.render_jobs(jobs[:1], options, workers=1)
    assert rendered[jobs[0].path].startswith(b"%PDF")
