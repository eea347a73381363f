"""Previews for a pull request: the printed PDF and a PNG of the flowchart of
every SOP it adds or changes, so a reviewer sees the document before it is
published. The PNG is the web flowchart (SVG) set on a page of its own size
by WeasyPrint and rasterised by pdfplumber (pypdfium2)."""
from __future__ import annotations

import io
import re
from pathlib import Path

from markupsafe import Markup

from ..flowchart import render_svg
from ..model import Portal
from ..pdf.documents import PdfOptions, render_sop_pdf, write_pdf
from ..templating import render
from .changes import DistrictChange

PNG_RESOLUTION = 110  # dpi: a 900 pt wide chart becomes about 1400 px


def flowchart_png(svg: str) -> bytes:
    import pdfplumber

    size = re.search(r'width="([\d.]+)pt" height="([\d.]+)pt"', svg)
    width, height = (float(size[1]), float(size[2])) if size else (842.0, 595.0)
    html = render("review/diagram.html.j2", svg=Markup(svg), width=width, height=height)
    pdf = write_pdf(html, roots=())
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        image = document.pages[0].to_image(resolution=PNG_RESOLUTION)
        out = io.BytesIO()
        image.original.save(out, format="PNG", optimize=True)
    return out.getvalue()


def write_previews(portal: Portal, changes: list[DistrictChange], out_dir: Path,
                   options: PdfOptions = PdfOptions()) -> dict[str, list[str]]:
    """Write `<kabupaten>/<kecamatan>/<sop>.pdf` and `…-diagram-alir.png` for
    every added or changed SOP; the files written per SOP path."""
    out_dir = Path(out_dir)
    districts = {d.path: d for d in portal.districts}
    written: dict[str, list[str]] = {}
    for change in changes:
        district = districts.get(change.path)
        if district is None:
            continue
        for slug in [s.slug for s in change.added] + [c.slug for c in change.changed]:
            sop = district.sop(slug)
            if sop is None or not sop.steps:
                continue
            folder = out_dir / district.regency_slug / district.slug
            folder.mkdir(parents=True, exist_ok=True)
            pdf_name, png_name = f"{slug}.pdf", f"{slug}-diagram-alir.png"
            (folder / pdf_name).write_bytes(render_sop_pdf(district, sop, options))
            (folder / png_name).write_bytes(flowchart_png(render_svg(sop)))
            written[f"{change.path}/{slug}"] = [f"{district.path}/{pdf_name}", f"{district.path}/{png_name}"]
    return written
