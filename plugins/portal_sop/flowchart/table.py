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
SYMBOL_H = {SymbolKind.TERMINATOR: 6.0, SymbolKind.PROCESS: 6.0, SymbolKind.DECISION: 8.5, SymbolKind.CONNECTOR: 6.0}


@dataclass
class LaneCell:
    """What one lane cell draws, in millimetres local to the cell (strip y from its top)."""

    bg: list[tuple[float, str]] = field(default_factory=list)  # (x, "top" | "bottom")
    erasers: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y0, y1)
    lines: list[tuple[float, float, float, float]] = field(default_factory=list)
    arrows: list[str] = field(default_factory=list)  # polygon points
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)  # x, y, anchor, text
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


@dataclass
class PrintPage:
    """One printed page of the flowchart table; `html` is the <table> element."""

    index: int
    rows: list[PrintRow]
    connectors_in: list[str]
    connectors_out: list[str]
    html: str = ""


@dataclass(frozen=True)
class Columns:
    widths: dict[str, float]
    lane: float
    symbol_w: float
    lane_names: tuple[str, ...]


def columns(sop: Sop, page_width_mm: float) -> Columns:
    """Fixed text columns, lanes as wide as fits (up to MAX_LANE), Kegiatan takes the rest."""
    names = lane_names(sop)
    fixed = sum(FIXED_COLUMNS.values())
    lane = min(MAX_LANE, (page_width_mm - fixed - MIN_ACTIVITY) / len(names))
    widths = dict(FIXED_COLUMNS)
    widths["activity"] = page_width_mm - fixed - lane * len(names)
    gutter = max(2.5, lane * 0.14)
    return Columns(widths, lane, lane - 2 * gutter, names)


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


def _nearest(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, int]:
    return min(((x, y) for x in a for y in b), key=lambda p: (abs(p[0] - p[1]), p[0], p[1]))


def print_pages(sop: Sop, steps_per_page: int = 10, page_width_mm: float = 277.0) -> list[PrintPage]:
    """The flowchart table split into pages, each with its rendered <table> in `html`.

    `page_width_mm` is the printable width: 277 mm for A4 landscape with 10 mm margins.
    """
    rows, edges = build_rows(sop)
    cols = columns(sop, page_width_mm)
    ranges = _breaks(rows, edges, max(1, steps_per_page))
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
        page.html = render("flowchart/print_table.html.j2", page=page, cols=cols, strip_h=STRIP_H, stroke=STROKE)
        pages.append(page)
    return pages


def print_table_html(sop: Sop, steps_per_page: int = 10, page_width_mm: float = 277.0) -> list[str]:
    """One <table> per printed page (header repeated on each); CSS from `print_css()`."""
    return [p.html for p in print_pages(sop, steps_per_page, page_width_mm)]


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

    def half_w(r: int) -> float:
        return (SYMBOL_H[SymbolKind.CONNECTOR] if rows[r].kind is SymbolKind.CONNECTOR else cols.symbol_w) / 2

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
            lx = x0 - lane * lane_w
            if x0 == x1:
                cells[r0][lane].labels.append((lx + 0.8, y0 + 2.2, "start", item.label))
            else:
                back = len(pts) > 2 and pts[2][1] < r0
                y = y0 + 2.6 if back else y0 - 0.8
                anchor = "start" if x1 > x0 else "end"
                cells[r0][lane].labels.append((lx + (0.6 if x1 > x0 else -0.6), y, anchor, item.label))

    out: list[PrintRow] = []
    for r, row in enumerate(rows):
        for lane in row.lanes:
            cells[r][lane].symbol = row.kind.value
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
        ))
    return out
