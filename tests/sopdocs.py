"""Builds Word and PDF SOP documents for the importer tests, in the layouts of
the five seed documents: the seed text gives the paragraphs and tables (as
the office typed them), the curated data in sop_data/ gives which lane each
step's flowchart symbol is drawn in (the seeds lost the symbols), so an
import of the built document can be compared field by field with the
curated data."""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from pathlib import Path

from conftest import SEED_DATA
from portal_sop.authoring.importer.text import clean
from portal_sop.model import StepKind
from portal_sop.sop.loader import load_portal

SEEDS = Path("/work/shared/seeds")
if not SEEDS.is_dir():
    SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"
# Seed prefix → kecamatan slug of its curated data.
DISTRICTS = {"000": "simpang-empat", "001": "samboja", "002": "kebasen", "003": "paringin-selatan", "004": "iv-jurai"}
LANE_MARKS = ("\u2611", "Mulai")


@dataclass
class Block:
    kind: str  # "p" or "table"
    rows: list[list[str]] = field(default_factory=list)
    step_table: bool = False
    split_at: int | None = None  # a step table continued in a second table (a page break in 004)


def seed_blocks(prefix: str) -> list[Block]:
    """Paragraphs and tables of a seed text, extraction debris removed."""
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    blocks: list[Block] = []
    for raw in path.read_text("utf-8").splitlines():
        line = clean(raw)
        if "\t" in line:
            cells = [c.strip() for c in line.split("\t")]
            if len(blocks) >= 2 and blocks[-1].rows == [[""]] and blocks[-2].step_table and cells[0].strip(". ").isdigit():
                blocks.pop()
                blocks[-1].split_at = len(blocks[-1].rows)
            if not blocks or blocks[-1].kind != "table":
                blocks.append(Block("table"))
            blocks[-1].rows.append(cells)
            lower = [c.lower() for c in cells]
            if "pelaksana" in " ".join(lower) and any(c in ("kegiatan", "uraian prosedur", "aktivitas") for c in lower):
                blocks[-1].step_table = True
        elif line.strip():
            blocks.append(Block("p", [[line.strip()]]))
        elif len(blocks) >= 2 and blocks[-1].kind == "p" and blocks[-1].rows == [[""]] and blocks[-2].step_table:
            pass
        elif blocks and blocks[-1].kind == "table":
            blocks.append(Block("p", [[""]]))
    return blocks


def curated_sops(prefix: str):
    portal, _ = load_portal(SEED_DATA)
    district = next(d for d in portal.districts if d.slug == DISTRICTS[prefix])
    order = {"002": ["pengukuran-data-kinerja", "pengumpulan-data-kinerja"],
             "003": ["pengukuran-kinerja-penilaian-skp", "pengumpulan-data-kinerja"]}.get(prefix)
    return [district.sop(slug) for slug in order] if order else list(district.sops)


def lane_layout(table: Block) -> tuple[int, list[int]]:
    """(index of the first step row, lane column indexes) of a step table."""
    top, sub = table.rows[0], table.rows[1]
    start = next(i for i, c in enumerate(top) if c.lower().startswith("pelaksana"))
    lanes = [i for i in range(start, len(sub)) if sub[i] and not sub[i].lower().startswith(("kelengkapan", "syarat", "waktu", "output", "ouput", "ket"))]
    first = 2 + (1 if all(c.isdigit() for c in table.rows[2] if c) else 0)
    return first, lanes


def symbols(prefix: str) -> list[dict[tuple[int, int], str]]:
    """Per step table: (row, column) → "terminator" | "process" | "decision"
    for every lane cell that holds a symbol in the signed document."""
    tables = [b for b in seed_blocks(prefix) if b.step_table]
    out = []
    for table, sop in zip(tables, curated_sops(prefix)):
        first, lanes = lane_layout(table)
        codes = [a.code for a in sop.actors]
        cells: dict[tuple[int, int], str] = {}
        rows = [r for r in range(first, len(table.rows)) if table.rows[r][0].strip(" .").isdigit()]
        for row, step in zip(rows, sop.steps):
            kind = "decision" if step.kind is StepKind.DECISION else "terminator" if step is sop.steps[0] else "process"
            for code in step.actors:
                cells[(row, lanes[codes.index(code)])] = kind
        out.append(cells)
    return out


# -- Word --------------------------------------------------------------------
WPS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
       'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
       'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
       'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"')
PRESETS = {"terminator": "flowChartTerminator", "process": "flowChartProcess", "decision": "flowChartDecision",
           "arrow": "straightConnector1", "label": "rect"}


def shape_run(kind: str, text: str = "", number: int = 1):
    """A `w:r` holding an inline Word shape (DrawingML wps:wsp): what Word
    writes for a flowchart symbol, a connector or a text box."""
    from docx.oxml import parse_xml
    connector = kind == "arrow"
    box = (f'<wps:txbx><w:txbxContent><w:p><w:r><w:t>{html.escape(text)}</w:t></w:r></w:p></w:txbxContent></wps:txbx>'
           if text else "")
    return parse_xml(
        f'<w:r {WPS}><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="540000" cy="270000"/>'
        f'<wp:docPr id="{number}" name="Bentuk {number}"/><a:graphic>'
        f'<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"><wps:wsp>'
        f'{"<wps:cNvCnPr/>" if connector else "<wps:cNvSpPr/>"}'
        f'<wps:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="540000" cy="270000"/></a:xfrm>'
        f'<a:prstGeom prst="{PRESETS[kind]}"><a:avLst/></a:prstGeom></wps:spPr>{box}<wps:bodyPr/></wps:wsp>'
        f'</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>'
    )


def build_docx(prefix: str, target: Path, *, shapes: bool = True) -> Path:
    """The seed document as Word would hold it: paragraphs, the identity
    tables, the step table with "Pelaksana"/"Mutu Baku" merged across their
    columns, "No"/"Uraian" merged down the two header rows, and a symbol
    (terminator, process or decision shape) in each lane cell of an actor,
    arrows between them and a "Tidak" label beside each decision."""
    import docx

    document = docx.Document()
    marks = iter(symbols(prefix) if shapes else [])
    counter = 1
    for block in seed_blocks(prefix):
        if block.kind == "p":
            document.add_paragraph(block.rows[0][0])
            continue
        width = max(len(r) for r in block.rows)
        table = document.add_table(rows=len(block.rows), cols=width)
        table.style = "Table Grid"
        cells = next(marks) if block.step_table else {}
        lanes = lane_layout(block)[1] if block.step_table else []
        for r, row in enumerate(block.rows):
            for c in range(width):
                text = row[c] if c < len(row) else ""
                if c in lanes and r >= 2:
                    text = ""  # the extraction's markers: the symbols are drawn below
                if "\n" not in text and text:
                    table.cell(r, c).text = text
            for (row_index, column), kind in cells.items():
                if row_index != r:
                    continue
                paragraph = table.cell(r, column).paragraphs[0]
                paragraph._p.append(shape_run(kind, "Mulai" if kind == "terminator" else "", counter))
                paragraph._p.append(shape_run("arrow", "", counter + 1))
                counter += 2
                if kind == "decision":
                    other = next(l for l in lanes if (r, l) not in cells)
                    table.cell(r, other).paragraphs[0]._p.append(shape_run("label", "Tidak", counter))
                    counter += 1
        if block.split_at:
            # The rows after a page break in a table of their own, as in the signed 004.
            document.add_paragraph("")
            second = document.add_table(rows=0, cols=width)
            second.style = "Table Grid"
            for tr in list(table._tbl.tr_lst[block.split_at:]):
                second._tbl.append(tr)
        if block.step_table:
            top = block.rows[0]
            for name in ("pelaksana", "mutu", "baku", "syarat"):
                spans = [i for i, c in enumerate(top) if c.lower().startswith(name)]
                if spans:
                    end = spans[0]
                    while end + 1 < width and not top[end + 1]:
                        end += 1
                    if end > spans[0]:
                        merged = table.cell(0, spans[0]).merge(table.cell(0, end))
                        merged.text = top[spans[0]]
            for column in (0, 1):
                merged = table.cell(0, column).merge(table.cell(1, column))
                merged.text = top[column]
    document.save(target)
    return target


# -- PDF (exported from Word: ruled tables, symbols as vector drawings) ------
SVG = {
    "terminator": '<svg width="46" height="20"><rect x="1" y="1" width="44" height="18" rx="9" fill="#fff" stroke="#000"/>'
                  '<text x="23" y="14" font-size="8" text-anchor="middle">Mulai</text></svg>',
    "process": '<svg width="46" height="20"><rect x="1" y="1" width="44" height="18" fill="#fff" stroke="#000"/></svg>',
    "decision": '<svg width="40" height="26"><polygon points="20,1 39,13 20,25 1,13" fill="#fff" stroke="#000"/></svg>',
}


def build_html(prefix: str) -> str:
    marks = iter(symbols(prefix))
    parts = ['<html><head><meta charset="utf-8"><style>@page { size: A4 landscape; margin: 12mm }'
             "body { font: 8pt sans-serif } table { border-collapse: collapse; width: 100%; margin: 4pt 0 }"
             "td { border: 0.8pt solid #000; padding: 3pt; vertical-align: middle } p { margin: 2pt 0 }"
             "</style></head><body>"]
    for block in seed_blocks(prefix):
        if block.kind == "p":
            parts.append(f"<p>{html.escape(block.rows[0][0])}</p>")
            continue
        cells = next(marks) if block.step_table else {}
        lanes = lane_layout(block)[1] if block.step_table else []
        width = max(len(r) for r in block.rows)
        parts.append("<table>")
        head = (3 if all(c.isdigit() for c in block.rows[2] if c) else 2) if block.step_table else 0
        for r, row in enumerate(block.rows):
            if head and r == 0:
                parts.append("<thead>")  # Word's "repeat as header row at the top of each page"
            parts.append("<tr>")
            for c in range(width):
                text = row[c] if c < len(row) else ""
                if c in lanes and r >= 2:
                    text = ""
                inner = html.escape(text)
                if (r, c) in cells:
                    inner = SVG[cells[(r, c)]]
                parts.append(f"<td>{inner}</td>")
            parts.append("</tr>")
            if head and r == head - 1:
                parts.append("</thead>")
            if block.split_at == r + 1:
                parts.append("</table><p></p><table>")
                head = 0
        parts.append("</table>")
    parts.append("</body></html>")
    return "".join(parts)


def build_pdf(prefix: str, target: Path) -> Path:
    import weasyprint
    weasyprint.HTML(string=build_html(prefix)).write_pdf(target)
    return target
