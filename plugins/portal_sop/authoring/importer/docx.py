"""Word documents (.docx) as a `Source`, read with python-docx.

Paragraphs and tables are read in document order; each paragraph is a line,
each table row a line of tab-separated cells (a cell's paragraphs joined by
line breaks). A merged cell is written once, in its first grid column and
row, as a text export shows it. python-docx does not expose the drawings in a
cell, so these are read from the cell's XML: a flowchart symbol, picture, text
box or tick character marks the lane's actor (`CHECK`, or `DIAMOND` for a
decision symbol); connectors and arrows mark nothing; an arrow label text box
("Ya", "Tidak") is kept as text. Locations are "paragraf N" and
"tabel T baris R" (1-based), as Word users count them.
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Any

from ...findings import Report
from .common import CHECK, DIAMOND, Source, cell_text

NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "wps": "http://schemas.microsoft.com/office/word/2010/wordprocessingShape",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
}
DECISION_SHAPES = {"flowChartDecision", "diamond"}
# Preset geometries that draw the flow's arrows and lines, not a symbol.
ARROW_SHAPE = re.compile(r"(?i)^(line|straightConnector\d*|bentConnector\d*|curvedConnector\d*|.*arrow.*)$")
# VML shape types: 110 = flowChartDecision, 4 = diamond; 32-40 connectors, 20 = line.
VML_DECISION = {"110", "4"}
VML_ARROW = {"20", "32", "33", "34", "35", "36", "37", "38", "39", "40", "13", "66", "67", "68"}
TICKS = "\u2611\u2612\u2713\u2714\u221a\u2610\u25a0\u25cf"
# Wingdings / Symbol characters Word inserts for ticks and boxes (w:sym).
TICK_SYMBOLS = {"F0FC", "F0FE", "F0FB", "F0A8", "F0FD", "F0D6", "F0B4", "F06F", "F0A7"}


def _qn(tag: str) -> str:
    prefix, name = tag.split(":")
    return f"{{{NS[prefix]}}}{name}"


def _text_of(element: Any) -> str:
    return " ".join("".join(t.text or "" for t in p.iter(_qn("w:t"))) for p in element.iter(_qn("w:p"))).strip()


def drawings(tc: Any) -> tuple[list[str], list[str]]:
    """(marks, labels) of the drawings in one table cell: a mark character
    per symbol, picture or tick; the text of arrow-label text boxes."""
    marks: list[str] = []
    labels: list[str] = []
    # Word writes each shape twice: DrawingML in mc:Choice and VML in mc:Fallback.
    fallback = {id(e) for f in tc.iter(_qn("mc:Fallback")) for e in f.iter()}
    for shape in tc.iter(_qn("wps:wsp"), _qn("pic:pic")):
        if id(shape) in fallback:
            continue
        if shape.tag == _qn("pic:pic"):
            marks.append(CHECK)
            continue
        geometry = shape.find(f".//{_qn('a:prstGeom')}")
        preset = geometry.get("prst") if geometry is not None else ""
        text = _text_of(shape)
        if shape.find(_qn("wps:cNvCnPr")) is not None or ARROW_SHAPE.match(preset or ""):
            if text:
                labels.append(text)
            continue
        if preset in DECISION_SHAPES:
            marks.append(DIAMOND + (f" {text}" if text else ""))
        elif shape.find(_qn("wps:txbx")) is not None and (preset in ("", "rect") and _is_label(text)):
            labels.append(text)
        else:
            marks.append(CHECK + (f" {text}" if text else ""))
    for shape in tc.iter(_qn("v:shape"), _qn("v:rect"), _qn("v:roundrect"), _qn("v:oval"), _qn("v:line"), _qn("v:polyline")):
        if id(shape) in fallback:
            continue
        kind = shape.get(_qn("o:spt")) or (shape.get("type") or "").rsplit("_t", 1)[-1].lstrip("#")
        text = _text_of(shape)
        if shape.tag in (_qn("v:line"), _qn("v:polyline")) or kind in VML_ARROW:
            if text:
                labels.append(text)
        elif kind in VML_DECISION:
            marks.append(DIAMOND + (f" {text}" if text else ""))
        elif text and _is_label(text) and shape.find(f".//{_qn('v:textbox')}") is not None:
            labels.append(text)
        else:
            marks.append(CHECK + (f" {text}" if text else ""))
    for sym in tc.iter(_qn("w:sym")):
        if (sym.get(_qn("w:char")) or "").upper() in TICK_SYMBOLS:
            marks.append(CHECK)
    return marks, labels


def _is_label(text: str) -> bool:
    from .decisions import ARROW_LABEL
    return bool(ARROW_LABEL.match(text))


def _cell_text(cell: Any) -> str:
    lines = [p.text.strip() for p in cell.paragraphs]
    text = "\n".join(line for line in lines if line)
    # Tick characters typed into a cell are marks like a drawn symbol.
    if text and all(c in TICKS or c.isspace() for c in text):
        return CHECK
    return text


def _table_lines(table: Any, number: int, lines: list[str], places: list[dict[str, Any]]) -> None:
    above: list[Any] = []
    for row_number, row in enumerate(table.rows, 1):
        cells = list(row.cells)
        texts: list[str] = [""] * row.grid_cols_before
        tcs: list[Any] = [None] * row.grid_cols_before
        for cell in cells:
            tc = cell._tc
            column = len(texts)
            merged = (tcs and tcs[-1] is tc) or (column < len(above) and above[column] is tc)
            tcs.append(tc)
            if merged:
                texts.append("")
                continue
            text = _cell_text(cell)
            marks, labels = drawings(tc)
            parts = [p for p in (" ".join(marks), text, " ".join(labels)) if p]
            texts.append(" ".join(parts).replace("\t", " "))
        above = tcs
        # A nested table (the kop beside the identity block) is read after its row.
        lines.append("\t".join(texts))
        places.append({"key": f"tabel {number} baris {row_number}"})


def read_docx(path: Path, report: Report, display: str) -> Source | None:
    """The lines of a Word document, or None (with an error) when it cannot
    be opened: not a Word file, damaged, or protected with a password."""
    import docx  # python-docx, imported only when a .docx is imported
    from docx.opc.exceptions import PackageNotFoundError

    data = Path(path).read_bytes()
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        # An OLE compound file: an encrypted .docx, or an old .doc.
        report.error("dokumen-terkunci", display,
                     "dokumen Word ini dilindungi kata sandi (atau berformat .doc lama); buka di Word, hapus kata sandinya "
                     "(File › Info › Protect Document) dan simpan sebagai .docx, lalu impor ulang")
        return None
    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        report.error("dokumen-rusak", display,
                     f"berkas ini tidak dapat dibaca sebagai dokumen Word .docx ({type(exc).__name__}); "
                     "buka di Word dan simpan ulang sebagai .docx, lalu impor ulang")
        return None
    except Exception as exc:  # lxml.etree.XMLSyntaxError and the like from a damaged part
        if type(exc).__module__.startswith(("lxml", "docx", "zipfile")):
            report.error("dokumen-rusak", display,
                         f"isi dokumen Word rusak ({type(exc).__name__}); buka di Word dan simpan ulang, lalu impor ulang")
            return None
        raise
    lines: list[str] = []
    places: list[dict[str, Any]] = []
    paragraphs = tables = 0
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            tables += 1
            _table_lines(block, tables, lines, places)
        else:
            paragraphs += 1
            for line in block.text.split("\n"):  # a line break inside the paragraph
                lines.append(cell_text(line))
                places.append({"key": f"paragraf {paragraphs}"})
    return Source(display=display, lines=lines, places=places)
