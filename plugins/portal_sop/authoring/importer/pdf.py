"""PDFs exported from Word as a `Source`, read with pdfplumber.

Each page's ruled tables (pdfplumber's line strategy) become lines of cells,
the text outside them lines of their own, all in reading order. A drawing
that sits inside a lane cell and is smaller than the cell (a flowchart
symbol, not the cell's border or an arrowhead) marks the lane's actor:
`DIAMOND` for a four-cornered path with its corners on the middle of its
bounding box's sides, `CHECK` for any other. A PDF without a text layer
(a scan) is refused: OCR is not supported. Locations are "halaman P baris N"
for text and "halaman P tabel T baris R" for table rows.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from ...findings import Report
from .common import CHECK, DIAMOND, LABEL, Source, cell_text

FOOTER = re.compile(r"(?i)^(?:halaman|hal\.?|page)\s*\d+(?:\s*(?:dari|/|of)\s*\d+)?$|^\d{1,3}$")
LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.)]|[a-z]\s*[.)]|[-\u2022\u25aa\u25cf*])\s")
NIP_LINE = re.compile(r"^\s*NIP\b")
MIN_SYMBOL = 6.0  # pt: smaller drawings are arrowheads and ticks of lines
TOLERANCE = 1.0


def _inside(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    return (obj["x0"] >= x0 - TOLERANCE and obj["x1"] <= x1 + TOLERANCE
            and obj["top"] >= top - TOLERANCE and obj["bottom"] <= bottom + TOLERANCE)


def _is_symbol(obj: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    width, height = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
    return (MIN_SYMBOL <= width < (box[2] - box[0]) - 2 and MIN_SYMBOL <= height < (box[3] - box[1]) - 2
            and _inside(obj, box))


def _is_diamond(obj: dict[str, Any]) -> bool:
    points = obj.get("pts") or []
    corners = {(round(x, 1), round(y, 1)) for x, y in points}
    if not 4 <= len(corners) <= 5:
        return False
    mid_x, mid_y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
    targets = [(mid_x, obj["top"]), (obj["x1"], mid_y), (mid_x, obj["bottom"]), (obj["x0"], mid_y)]
    tolerance = max(1.5, 0.08 * (obj["x1"] - obj["x0"]))
    return all(any(abs(x - tx) <= tolerance and abs(y - ty) <= tolerance for x, y in points) for tx, ty in targets)


def _mark(box: tuple[float, float, float, float], drawings: list[dict[str, Any]]) -> str:
    found = [d for d in drawings if _is_symbol(d, box)]
    if not found:
        return ""
    return DIAMOND if any(_is_diamond(d) for d in found if d["object_type"] == "curve") else CHECK


def _same_paragraph(previous: dict[str, Any], line: dict[str, Any], text: str) -> bool:
    """Whether a text line is the wrapped continuation of the line above: close
    below it, not a new list item, and neither in capitals (a letterhead or a
    signature block stacks short lines in capitals)."""
    size = line["chars"][0]["size"] if line.get("chars") else 10.0
    gap = line["top"] - previous["bottom"]
    return (0 <= gap < 0.5 * size and not LIST_ITEM.match(text) and not LABEL.match(text)
            and not previous["text"].rstrip().endswith(":")
            and not previous["text"].isupper() and not text.isupper() and not NIP_LINE.match(text))


def _page_lines(page: Any, number: int) -> list[tuple[float, str, dict[str, Any]]]:
    # A table row that Word lets break across pages has no rule where the page
    # ends: the top and bottom of the table's vertical rules close it, so each
    # part is a row (the reader joins the part on the next page to its step).
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    settings: dict[str, Any] = {}
    if verticals:
        settings["explicit_horizontal_lines"] = [min(e["top"] for e in verticals), max(e["bottom"] for e in verticals)]
    tables = page.find_tables(settings)
    drawings = list(page.rects) + list(page.curves)
    items: list[tuple[float, str, dict[str, Any]]] = []
    for t_number, table in enumerate(tables, 1):
        for r_number, (row, texts) in enumerate(zip(table.rows, table.extract()), 1):
            cells = []
            for box, text in zip(row.cells, texts):
                # A PDF wraps a cell's text at its width: a line break is no item boundary.
                # A line wrapped after "/" or "-" continues the same word.
                text = cell_text(re.sub(r"(?<=[/-])\n", "", text or ""))
                mark = _mark(box, drawings) if box else ""
                cells.append(" ".join(p for p in (mark, text) if p))
            items.append((row.bbox[1], "\t".join(cells), {"key": f"halaman {number} tabel {t_number} baris {r_number}"}))
    boxes = [t.bbox for t in tables]
    outside = page.filter(lambda o: not any(_inside(o, b) for b in boxes) if o.get("object_type") == "char" else True)
    previous: dict[str, Any] | None = None
    for line in outside.extract_text_lines():
        text = cell_text(line["text"])
        if not text or FOOTER.match(text):
            continue
        if previous is not None and _same_paragraph(previous, line, text):
            top, joined, place = items[-1]
            items[-1] = (top, f"{joined} {text}", place)
        else:
            items.append((line["top"], text, {}))
        previous = line
    items.sort(key=lambda item: item[0])
    out = []
    for index, (top, text, place) in enumerate(items, 1):
        out.append((top, text, place or {"key": f"halaman {number} baris {index}"}))
    return out


def read_pdf(path: Path, report: Report, display: str) -> Source | None:
    """The lines of a PDF, or None (with an error) when it is protected,
    damaged or a scan without text."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    if not Path(path).read_bytes()[:1024].lstrip().startswith(b"%PDF"):
        report.error("dokumen-rusak", display, "berkas ini bukan PDF (tidak diawali %PDF); ekspor ulang dokumen sebagai PDF, lalu impor ulang")
        return None
    try:
        pdf = pdfplumber.open(path)
    except (PdfminerException, PSException) as exc:
        cause = exc.args[0] if exc.args else exc
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)) or "password" in repr(cause).lower():
            report.error("dokumen-terkunci", display,
                         "PDF ini dilindungi kata sandi; ekspor ulang dari Word tanpa kata sandi, lalu impor ulang")
        else:
            report.error("dokumen-rusak", display,
                         f"PDF ini rusak dan tidak dapat dibaca ({type(cause).__name__}); ekspor ulang dari Word, lalu impor ulang")
        return None
    lines: list[str] = []
    places: list[dict[str, Any]] = []
    try:
        with pdf:
            characters = 0
            for number, page in enumerate(pdf.pages, 1):
                characters += len(page.chars)
                for _, text, place in _page_lines(page, number):
                    lines.append(text)
                    places.append(place)
    except (PdfminerException, PSException) as exc:
        report.error("dokumen-rusak", display, f"PDF ini rusak di tengah berkas ({type(exc).__name__}); ekspor ulang dari Word, lalu impor ulang")
        return None
    if characters == 0:
        report.error("pdf-tanpa-teks", display,
                     "PDF ini tidak berisi teks (hasil pindai/gambar saja); pengenalan teks (OCR) tidak didukung. "
                     "Impor dokumen Word aslinya (.docx) atau PDF yang diekspor langsung dari Word")
        return None
    return Source(display=display, lines=lines, places=places)
