"""The print flowchart: the official SOP AP table with the chart drawn in its lane columns.

Row heights in print follow the longest text cell, which only the HTML
engine (WeasyPrint) knows. So nothing is drawn at a guessed height: every
lane cell carries
- a background SVG stretched to the cell's height that holds only the
  vertical lines passing the cell's top or bottom half (stretching a vertical
  line keeps it a line), and
- a fixed-height strip SVG, vertically centred, with the symbol, the
  horizontal lines, arrowheads and labels.
Both meet at the cell's middle, so symbols line up with their text row
whatever its height. Pages hold `steps_per_page` rows; an arrow that crosses
a page ends in a pentagon off-page connector and resumes from the pentagon
with the same letter on the other page.
"""
from __future__ import annotations

import string
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass, field

from markupsafe import Markup

from ..model import Sop
from ..templating import render
from .layout import (
    FlowEdge,
    FlowRow,
    Route,
    SymbolKind,
    build_rows,
    lane_names,
    max_track,
    route,
)

STRIP_H = 14.0  # mm; the drawing band in the middle of every lane cell
STROKE = 0.25
ARROW = 1.6
FIXED_COLUMNS = {"no": 9.0, "requirements": 30.0, "time": 16.0, "output": 30.0, "notes": 24.0}
MIN_ACTIVITY = 50.0
MAX_LANE = 28.0
# The print diamond holds no text (the decision is written in Kegiatan), so it
# is drawn small: that leaves room beside its exits for the Ya/Tidak labels.
DIAMOND_W = 11.0
DIAMOND_H = 7.0
SYMBOL_H = {SymbolKind.TERMINATOR: 6.0, SymbolKind.PROCESS: 6.0, SymbolKind.DECISION: DIAMOND_H, SymbolKind.CONNECTOR: 6.0}
LABEL_FONT = 2.2  # mm; the Ya/Tidak labels
LABEL_MIN_FONT = 1.7
# Advance of a character in em, a little above Liberation Sans (Helvetica/Arial
# metrics), so a label's box over- rather than under-estimates it.
CHAR_W = 0.57
CHAR_W_UPPER = 0.7


@dataclass
class LaneCell:
    """What one lane cell draws, in millimetres local to the cell (strip y from its top)."""

    bg: list[tuple[float, str]] = field(default_factory=list)  # (x, "top" | "bottom")
    erasers: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y0, y1)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    arrows: list[str] = field(default_factory=list)  # polygon points
    labels: list[tuple[float, float, str, str, float]] = field(default_factory=list)  # x, y, anchor, text, font
    symbol: str = ""  # SymbolKind value or ""
    connector_label: str = ""
    background: str = ""  # data URI for the stretched background SVG


@dataclass
class PrintRow:
    number: str
    activity: str
    requirements: str
    time: str
    output: str
    notes: str
    cells: list[LaneCell]
    connector: bool = False
    actors: tuple[str, ...] = ()  # lane names of the step: who does it, as text


@dataclass
class PrintPage:
    """One printed page of the flowchart table; `html` is the <table> element."""

    index: int
    rows: list[PrintRow]
    connectors_in: list[str]
    connectors_out: list[str]
    html: str = ""


@dataclass(frozen=True)
class PageLayout:
    """Measured heights (mm) that decide where pages break: the room for the
    table on one page, its repeated header, every row of the unbroken chart
    (in `build_rows` order), a connector row and the closing total row."""

    available: float
    header: float
    rows: tuple[float, ...]
    connector: float
    total: float = 0.0


@dataclass(frozen=True)
class Columns:
    widths: dict[str, float]
    lane: float
    symbol_w: float
    lane_names: tuple[str, ...]
    diamond_w: float = DIAMOND_W


def columns(sop: Sop, page_width_mm: float) -> Columns:
    """Fixed text columns, lanes as wide as fits (up to MAX_LANE), Kegiatan takes the rest."""
    names = lane_names(sop)
    fixed = sum(FIXED_COLUMNS.values())
    lane = min(MAX_LANE, (page_width_mm - fixed - MIN_ACTIVITY) / len(names))
    widths = dict(FIXED_COLUMNS)
    widths["activity"] = page_width_mm - fixed - lane * len(names)
    gutter = max(2.5, lane * 0.14)
    # The diamond leaves about 7.5 mm on each side for a "Tidak" beside its exit.
    diamond = max(6.0, min(DIAMOND_W, lane - 15.0, lane - 2 * gutter))
    return Columns(widths, lane, lane - 2 * gutter, names, diamond)


def _breaks(rows: list[FlowRow], edges: list[FlowEdge], per_page: int) -> list[tuple[int, int]]:
    """Page ranges of `per_page` rows; a break moves up to half a page earlier when that
    keeps a loop (panah balik) on one page, since a loop split by connectors is hard to read."""
    ranges, start = [], 0
    while start < len(rows):
        end = min(start + per_page, len(rows))
        if end < len(rows):
            for candidate in range(end, start + max(1, per_page // 2) - 1, -1):
                if not any(e.dst != e.src + 1 and min(e.src, e.dst) < candidate <= max(e.src, e.dst) for e in edges):
                    end = candidate
                    break
        ranges.append((start, end))
        start = end
    return ranges


def _crossing(edges: list[FlowEdge], start: int, end: int) -> int:
    """Connector rows a page holding rows [start, end) needs: one per edge with one end on it."""
    return sum((start <= e.src < end) != (start <= e.dst < end) for e in edges)


def _loop_split(edges: list[FlowEdge], cut: int) -> bool:
    return any(e.dst != e.src + 1 and min(e.src, e.dst) < cut <= max(e.src, e.dst) for e in edges)


def measured_breaks(rows: list[FlowRow], edges: list[FlowEdge], layout: PageLayout) -> list[tuple[int, int]]:
    """Page ranges from measured row heights: each page takes as many rows as
    fit with its header and connector rows (the last page also its total
    row); a break moves up to half a page earlier when that keeps a loop
    (panah balik) on one page."""
    n = len(rows)
    assert len(layout.rows) == n, "one measured height per row"

    def height(start: int, end: int) -> float:
        return (layout.header + sum(layout.rows[start:end]) + layout.connector * _crossing(edges, start, end)
                + (layout.total if end == n else 0.0))

    ranges, start = [], 0
    while start < n:
        end = start + 1  # a row taller than a page still gets a page of its own
        while end < n and height(start, end + 1) <= layout.available:
            end += 1
        if end < n and _loop_split(edges, end):
            for candidate in range(end - 1, start + max(1, (end - start) // 2) - 1, -1):
                if not _loop_split(edges, candidate):
                    end = candidate
                    break
        ranges.append((start, end))
        start = end
    return ranges


def page_ranges(sop: Sop, layout: PageLayout) -> list[tuple[int, int]]:
    """The rows each printed page holds with `layout`: all that `print_pages`
    takes from the layout, so two layouts with the same ranges print alike."""
    return measured_breaks(*build_rows(sop), layout)


def _nearest(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, int]:
    return min(((x, y) for x in a for y in b), key=lambda p: (abs(p[0] - p[1]), p[0], p[1]))


def print_pages(sop: Sop, steps_per_page: int = 10, page_width_mm: float = 277.0,
                layout: PageLayout | None = None, total: str = "") -> list[PrintPage]:
    """The flowchart table split into pages, each with its rendered <table> in `html`.

    `page_width_mm` is the printable width: 277 mm for A4 landscape with 10 mm margins.
    With a measured `layout` the pages are filled by height; without one,
    each page takes `steps_per_page` rows. `total` (the service time of the
    whole SOP) closes the last page's table.
    """
    rows, edges = build_rows(sop)
    cols = columns(sop, page_width_mm)
    ranges = measured_breaks(rows, edges, layout) if layout else _breaks(rows, edges, max(1, steps_per_page))
    page_of = {r: p for p, (s, e) in enumerate(ranges) for r in range(s, e)}
    letters = _letters()
    cross = [e for e in edges if page_of[e.src] != page_of[e.dst]]
    labels = {id(e): next(letters) for e in cross}

    pages = []
    for index, (start, end) in enumerate(ranges):
        local: list[FlowRow] = []
        local_edges: list[FlowEdge] = []
        top: list[tuple[FlowEdge, int]] = []  # incoming forward edges: connector above
        bottom: list[tuple[FlowEdge, int, bool]] = []  # (edge, lane, outgoing)
        for e in cross:
            src_page, dst_page = page_of[e.src], page_of[e.dst]
            if dst_page == index and src_page < index:
                top.append((e, _nearest(rows[e.src].lanes, rows[e.dst].lanes)[1]))
            elif src_page == index:
                bottom.append((e, _nearest(rows[e.src].lanes, rows[e.dst].lanes)[0], True))
            elif dst_page == index:  # a back arrow from a later page comes in from below
                bottom.append((e, _nearest(rows[e.src].lanes, rows[e.dst].lanes)[1], False))
        for e, lane in top:
            local.append(FlowRow(SymbolKind.CONNECTOR, (lane,), labels[id(e)], role="connector"))
            local_edges.append(FlowEdge(len(local) - 1, e.dst - start + len(top), ""))
        offset = len(top)
        local.extend(rows[start:end])
        for e in edges:
            if page_of[e.src] == index and page_of[e.dst] == index:
                local_edges.append(FlowEdge(e.src - start + offset, e.dst - start + offset, e.label))
        for e, lane, outgoing in bottom:
            local.append(FlowRow(SymbolKind.CONNECTOR, (lane,), labels[id(e)], role="connector"))
            if outgoing:
                local_edges.append(FlowEdge(e.src - start + offset, len(local) - 1, e.label))
            else:
                local_edges.append(FlowEdge(len(local) - 1, e.dst - start + offset, ""))
        routes = route(local, local_edges)
        page = PrintPage(
            index=index,
            rows=_print_rows(local, routes, cols),
            connectors_in=[labels[id(e)] for e, _ in top] + [labels[id(e)] for e, _, out in bottom if not out],
            connectors_out=[labels[id(e)] for e, _, out in bottom if out],
        )
        last = index == len(ranges) - 1
        page.html = render("flowchart/print_table.html.j2", page=page, cols=cols, strip_h=STRIP_H, stroke=STROKE,
                           diamond_w=cols.diamond_w, diamond_h=DIAMOND_H, time_header=sop.time_header,
                           total=total if last else "", label_font=LABEL_FONT)
        pages.append(page)
    return pages


def print_table_html(sop: Sop, steps_per_page: int = 10, page_width_mm: float = 277.0,
                     layout: PageLayout | None = None, total: str = "") -> list[str]:
    """One <table> per printed page (header repeated on each); CSS from `print_css()`."""
    return [p.html for p in print_pages(sop, steps_per_page, page_width_mm, layout, total)]


def print_css() -> str:
    """The stylesheet the tables need (fonts, borders, cell padding that the drawing relies on)."""
    return render("flowchart/print.css.j2")


def print_document_html(sop: Sop, steps_per_page: int = 10) -> str:
    """A standalone A4-landscape HTML document with just the flowchart table (previews, tests)."""
    return render(
        "flowchart/print_document.html.j2", sop=sop, css=Markup(print_css()),
        tables=[Markup(t) for t in print_table_html(sop, steps_per_page)],
    )


def _letters():
    """A, B, … Z, AA, AB, …: connector names, unique within one SOP."""
    n = 0
    while True:
        n += 1
        name, k = "", n
        while k:
            k, rem = divmod(k - 1, 26)
            name = string.ascii_uppercase[rem] + name
        yield name


def _print_rows(rows: list[FlowRow], routes: list[Route], cols: Columns) -> list[PrintRow]:
    lane_w, n_lanes = cols.lane, len(cols.lane_names)
    gutter = (lane_w - cols.symbol_w) / 2
    gap = gutter / (max(max_track(routes), 2) + 1)
    cells = [[LaneCell() for _ in range(n_lanes)] for _ in rows]
    mid = STRIP_H / 2
    pending: list[tuple[int, int, float, float, float, float, str]] = []

    def half_w(r: int) -> float:
        kind = rows[r].kind
        if kind is SymbolKind.CONNECTOR:
            return SYMBOL_H[SymbolKind.CONNECTOR] / 2
        return (cols.diamond_w if kind is SymbolKind.DECISION else cols.symbol_w) / 2

    def gx(pos, r: int) -> float:
        center = pos.lane * lane_w + lane_w / 2
        return center + {
            "c": 0.0, "sl": -half_w(r), "sr": half_w(r),
            "gl": -(cols.symbol_w / 2 + gap * (pos.track + 1)),
            "gr": cols.symbol_w / 2 + gap * (pos.track + 1),
        }[pos.at]

    def ly(pos) -> float:
        h = SYMBOL_H[rows[pos.row].kind] / 2
        return mid + {"c": 0.0, "st": -h, "sb": h, "low": h + (mid - h) / 2}[pos.at]

    def lane_of(x: float) -> int:
        return min(n_lanes - 1, max(0, int(x // lane_w)))

    def add_line(r: int, x0: float, y0: float, x1: float, y1: float) -> None:
        if y0 == y1:  # horizontal: split at lane borders
            lo, hi = sorted((x0, x1))
            for lane in range(lane_of(lo), lane_of(hi - 1e-9) + 1):
                a, b = max(lo, lane * lane_w), min(hi, (lane + 1) * lane_w)
                if b > a:
                    cells[r][lane].lines.append((a - lane * lane_w, y0, b - lane * lane_w, y0))
        else:
            lane = lane_of(x0)
            cells[r][lane].lines.append((x0 - lane * lane_w, y0, x1 - lane * lane_w, y1))

    for item in routes:
        pts = [(gx(p[0], p[1].row), p[1].row, ly(p[1])) for p in item.points]
        for (x0, r0, y0), (x1, r1, y1) in zip(pts, pts[1:]):
            if r0 == r1:
                add_line(r0, x0, y0, x1, y1)
                continue
            (ra, ya), (rb, yb) = sorted(((r0, y0), (r1, y1)))
            lane = lane_of(x0)
            lx = x0 - lane * lane_w
            add_line(ra, x0, ya, x0, STRIP_H)
            cells[ra][lane].bg.append((lx, "bottom"))
            if ya > mid:
                cells[ra][lane].erasers.append((lx, mid - 0.4, ya))
            for r in range(ra + 1, rb):
                add_line(r, x0, 0.0, x0, STRIP_H)
                cells[r][lane].bg.extend([(lx, "top"), (lx, "bottom")])
            add_line(rb, x0, 0.0, x0, yb)
            cells[rb][lane].bg.append((lx, "top"))
            if yb < mid:
                cells[rb][lane].erasers.append((lx, yb, mid + 0.4))
        if item.arrow:
            (xa, ra, ya), (xb, rb, yb) = pts[-2], pts[-1]
            dx, dy = (0.0, 1.0 if rb > ra else -1.0) if ra != rb else (
                (1.0 if xb > xa else -1.0, 0.0) if ya == yb else (0.0, 1.0 if yb > ya else -1.0))
            lane = lane_of(xb - dx * 0.01)
            tx = xb - lane * lane_w
            bx, by = tx - dx * ARROW, yb - dy * ARROW
            w = ARROW * 0.38
            cells[rb][lane].arrows.append(
                f"{tx:.2f},{yb:.2f} {bx + dy * w:.2f},{by + dx * w:.2f} {bx - dy * w:.2f},{by - dx * w:.2f}"
            )
        if item.label:
            (x0, r0, y0), (x1, _, y1) = pts[0], pts[1]
            lane = lane_of(x0 - (0.01 if x1 < x0 else -0.01) if x0 != x1 else x0)
            pending.append((r0, lane, x0 - lane * lane_w, y0, x1 - x0, y1 - y0, item.label))

    for r, row in enumerate(rows):
        for lane in row.lanes:
            cells[r][lane].symbol = row.kind.value
    for r0, lane, x, y, dx, dy, text in pending:
        cell = cells[r0][lane]
        cell.labels.append(place_label(cell, lane_w, _symbol_box(cell.symbol, lane_w, cols), x, y, dx, dy, text))

    out: list[PrintRow] = []
    for r, row in enumerate(rows):
        for lane in row.lanes:
            if row.kind is SymbolKind.CONNECTOR:
                cells[r][lane].connector_label = row.label
        for cell in cells[r]:
            if cell.bg:
                svg = render("flowchart/lane_bg.svg.j2", lines=sorted(set(cell.bg)), width=lane_w, stroke=STROKE)
                cell.background = "data:image/svg+xml," + urllib.parse.quote(svg.strip(), safe="")
        step = row.step
        out.append(PrintRow(
            number=str(step.number) if step else "",
            activity=step.activity if step else ("" if row.role == "connector" else row.label),
            requirements=step.requirements if step else "",
            time=step.time_text if step else "",
            output=step.output if step else "",
            notes=step.notes if step else "",
            cells=cells[r],
            connector=row.role == "connector",
            actors=tuple(cols.lane_names[lane] for lane in row.lanes) if step else (),
        ))
    return out


# --- decision labels ---------------------------------------------------------

Box = tuple[float, float, float, float]  # x0, y0, x1, y1 in mm, local to the strip


def _symbol_box(symbol: str, lane_w: float, cols: Columns) -> Box | None:
    mid = STRIP_H / 2
    if not symbol:
        return None
    symbol_w = cols.symbol_w
    if symbol == SymbolKind.DECISION.value:
        w, h = cols.diamond_w, DIAMOND_H
    elif symbol == SymbolKind.CONNECTOR.value:
        w = h = SYMBOL_H[SymbolKind.CONNECTOR]
    else:
        w, h = symbol_w, SYMBOL_H[SymbolKind.PROCESS]
    return (lane_w - w) / 2, mid - h / 2, (lane_w + w) / 2, mid + h / 2


def label_box(x: float, y: float, anchor: str, text: str, font: float) -> Box:
    """Generous box around an SVG text at baseline (x, y): ascent 0.8 em, descent 0.25 em."""
    width = sum(CHAR_W_UPPER if c.isupper() else CHAR_W for c in text) * font
    left = x - width if anchor == "end" else x
    return left, y - 0.8 * font, left + width, y + 0.25 * font


def _hits(box: Box, segment: tuple[float, float, float, float], pad: float = 0.25) -> bool:
    x0, y0, x1, y1 = segment
    return not (max(x0, x1) < box[0] - pad or min(x0, x1) > box[2] + pad
                or max(y0, y1) < box[1] - pad or min(y0, y1) > box[3] + pad)


def _overlaps(a: Box, b: Box, pad: float = 0.25) -> bool:
    return not (a[2] < b[0] - pad or a[0] > b[2] + pad or a[3] < b[1] - pad or a[1] > b[3] + pad)


def place_label(cell: LaneCell, lane_w: float, symbol: Box | None, x: float, y: float,
                dx: float, dy: float, text: str) -> tuple[float, float, str, str, float]:
    """Where a Ya/Tidak label goes: beside the first segment of its line, on
    the first free spot that touches no line, no symbol, no other label and
    stays inside the lane cell (off the column borders); the font shrinks a
    little before giving up, and the last resort is the first candidate."""
    mid = STRIP_H / 2
    obstacles = list(cell.lines)
    for bx, half in cell.bg:  # stretched background lines reach the strip's edge
        obstacles.append((bx, 0.0, bx, mid) if half == "top" else (bx, mid, bx, STRIP_H))
    taken = [label_box(lx, ly, a, t, f) for lx, ly, a, t, f in cell.labels]
    if symbol:
        taken.append(symbol)
    first = None
    for font in (LABEL_FONT, 1.95, LABEL_MIN_FONT):
        gap, asc, desc = 0.5, 0.8 * font, 0.25 * font
        if dx == 0:  # leaves downwards (or upwards): beside the vertical line
            step = 1 if dy >= 0 else -1
            base = y + step * (gap + (asc if step > 0 else desc))
            candidates = [(x + gap, base, "start"), (x - gap, base, "end"),
                          (x + gap, base + step * 2.2, "start"), (x - gap, base + step * 2.2, "end")]
        else:  # leaves sideways: above or below the horizontal line, away from the symbol
            anchor = "start" if dx > 0 else "end"
            sx = x + (gap if dx > 0 else -gap)
            candidates = [(sx, y - gap - desc, anchor), (sx, y + gap + asc, anchor)]
        for cx, cy, anchor in candidates:
            box = label_box(cx, cy, anchor, text, font)
            if first is None:
                first = (cx, cy, anchor, text, font)
            if box[0] < 0.4 or box[2] > lane_w - 0.4 or box[1] < 0.2 or box[3] > STRIP_H - 0.2:
                continue
            if any(_hits(box, seg) for seg in obstacles) or any(_overlaps(box, t, 0.1) for t in taken):
                continue
            return cx, cy, anchor, text, font
    assert first is not None
    return first


# --- first guess at the row heights -------------------------------------------
# The print CSS (print.css.j2): 8 pt text at line-height 1.25, cells padded
# 1 mm above and below (td.text 1.2 mm, th 1 mm at the sides), 0.2 mm borders.
LINE_MM = 8 * 1.25 * 25.4 / 72
PAD_Y_MM = 2.0
BORDER_MM = 0.2

WidthOf = Callable[[str, bool], float]  # text width in mm at 8 pt (bold or not)


def wrapped_lines(text: str, width_mm: float, width_of: WidthOf, bold: bool = False) -> int:
    """Lines `text` takes in a column `width_mm` wide, wrapping at spaces and
    breaking a word longer than a line (overflow-wrap), greedily as the
    layout engine does; 0 for empty text."""
    lines, used = 0, 0.0
    space = width_of(" ", bold)
    for word in text.split():
        w = width_of(word, bold)
        if lines and used + space + w <= width_mm:
            used += space + w
            continue
        lines += 1
        while w > width_mm:  # a word wider than the column breaks anywhere
            lines += 1
            w -= width_mm
        used = w
    return lines


def estimated_layout(sop: Sop, page_width_mm: float, available: float, connector: float,
                     width_of: WidthOf) -> PageLayout:
    """Row heights of the unbroken chart estimated from the text's width in
    the font, not measured: a first guess at where pages break. The PDF
    renderer lays the document out with it and keeps it only when the rows'
    real heights give the same breaks (`pdf.documents`)."""
    page = print_pages(sop, 10**6, page_width_mm)[0]
    cols = columns(sop, page_width_mm)
    w = cols.widths

    def cell(text: str, width: float, side: float, bold: bool = False) -> float:
        lines = wrapped_lines(text, width - 2 * side - BORDER_MM, width_of, bold)
        return lines * LINE_MM + PAD_Y_MM + BORDER_MM

    text_columns = (("activity", "activity"), ("requirements", "requirements"), ("time", "time"),
                    ("output", "output"), ("notes", "notes"))
    rows = tuple(
        max([STRIP_H + BORDER_MM, cell(row.number, w["no"], 1.2)]
            + [cell(getattr(row, field), w[column], 1.2) for field, column in text_columns])
        for row in page.rows
    )
    lanes = cols.lane * len(cols.lane_names)
    first = max(cell("Pelaksana", lanes, 1.0, True),
                cell("Mutu Baku", w["requirements"] + w["time"] + w["output"], 1.0, True))
    second = max([cell(name, cols.lane, 1.0, True) for name in cols.lane_names]
                 + [cell("Kelengkapan", w["requirements"], 1.0, True), cell(sop.time_header, w["time"], 1.0, True),
                    cell("Output", w["output"], 1.0, True)])
    spanning = max(cell("No", w["no"], 1.0, True), cell("Kegiatan", w["activity"], 1.0, True),
                   cell("Keterangan", w["notes"], 1.0, True))
    total = max(cell("Jumlah waktu pelayanan", w["no"] + w["activity"] + lanes, 1.0, True),
                cell(sop.total_duration.describe(), w["requirements"] + w["time"] + w["output"], 1.2, True))
    return PageLayout(available=available, header=max(first + second, spanning), rows=rows,
                      connector=connector, total=total)
