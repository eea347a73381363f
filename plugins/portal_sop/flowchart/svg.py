"""The web flowchart: an SOP AP swimlane chart as deterministic SVG, drawn by Graphviz.

We compute every position ourselves and hand Graphviz a graph whose nodes and
edges are already placed (`dot -Kneato -n2`): only then do rows line up
exactly across lanes and back arrows keep to the gutters. Graphviz still draws
the shapes, wraps nothing and escapes the text into SVG. One `dot` call per
chart; the content-hash cache avoids even that for unchanged SOPs.
"""
from __future__ import annotations

import functools
import hashlib
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .. import cache
from ..errors import PortalError
from ..model import Sop
from ..templating import render
from .layout import (
    FlowRow,
    Route,
    SymbolKind,
    XPos,
    YPos,
    build_rows,
    lane_names,
    max_track,
    route,
    wrap,
)

FONT = "Helvetica,Arial,sans-serif"
# The page scales the chart down to its column; these sizes keep the smallest
# text at 11 CSS px or more when five lanes fit a ~930 px column (see site.py,
# which stops the scaling there and lets the chart box scroll instead).
NUM_W = 32.0  # "No" column
LANE_W = 170.0
SYM_W = 136.0  # process, terminator and decision width
GUTTER = (LANE_W - SYM_W) / 2
ROW_PAD = 22.0  # free space above and below the tallest symbol of a row
TEXT_PT = 11.0  # symbol, row number and arrow label text
HEAD_PT = 12.0  # lane headers
LINE = 13.5  # line height for TEXT_PT
ARROW = 8.0  # arrowhead length at arrowsize 0.8
CONNECTOR = 30.0
INK = "#1f2937"
GRID = "#b8c2cc"
HEAD_FILL = "#e9eef4"


DECISION_LINES = 2  # lines of text a decision diamond holds at most


def short_form(lines: list[str], limit: int) -> list[str]:
    """The first `limit` wrapped lines, the last ending in "…" when text was
    left out; whole words only."""
    if len(lines) <= limit:
        return lines
    kept = lines[:limit]
    kept[-1] = kept[-1].rstrip(" ,.;:") + "…"
    return kept


class FlowchartError(PortalError):
    """Graphviz failed; the message carries its stderr."""


@dataclass(frozen=True)
class _Symbol:
    width: float
    height: float
    lines: tuple[str, ...]
    fontsize: float


def _symbol(row: FlowRow) -> _Symbol:
    if row.kind is SymbolKind.DECISION:
        # Text sits in the inner half of the diamond, so the diamond is twice
        # the text box; it holds a short form (the full text is in the steps
        # table beside the chart), so a long decision does not make it tall.
        lines = short_form(wrap(row.label, 13), DECISION_LINES)
        return _Symbol(SYM_W, max(60.0, 2 * len(lines) * LINE + 12), tuple(lines), TEXT_PT)
    if row.kind is SymbolKind.CONNECTOR:
        return _Symbol(CONNECTOR, CONNECTOR, (row.label,), TEXT_PT)
    lines = wrap(row.label, 21)
    return _Symbol(SYM_W, max(32.0, len(lines) * LINE + 12), tuple(lines), TEXT_PT)


def _q(text: str) -> str:
    """A DOT double-quoted string whose content Graphviz shows literally.

    Backslashes are doubled first so that data can never form an escape such
    as \\N or \\n, then quotes are escaped. `&` becomes `&amp;`: Graphviz
    turns entities such as `&#x1;` or `&lt;` in labels into the raw
    character, which would put a control character (not well-formed XML) or
    markup into the SVG. Brackets, semicolons, `->` and `<` are just text.
    """
    return '"' + _escape(text) + '"'


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("&", "&amp;")


def _label(lines: tuple[str, ...] | list[str]) -> str:
    """A multi-line label: each line quoted-escaped, joined by DOT's centred line break."""
    return '"' + "\\n".join(_escape(line) for line in lines) + '"'


def _num(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class _Prepared:
    dot: str
    title: str
    desc: str
    prefix: str


class _Geometry:
    """Maps the layout's abstract positions to points (y grows downwards here)."""

    def __init__(self, rows: list[FlowRow], routes: list[Route], header_h: float):
        self.rows = rows
        self.symbols = [_symbol(r) for r in rows]
        self.heights = [s.height + 2 * ROW_PAD for s in self.symbols]
        self.tops = []
        y = header_h
        for h in self.heights:
            self.tops.append(y)
            y += h
        self.total_h = y
        self.track_gap = GUTTER / (max(max_track(routes), 3) + 1)

    def lane_x(self, lane: int) -> float:
        return NUM_W + lane * LANE_W + LANE_W / 2

    def center_y(self, row: int) -> float:
        return self.tops[row] + self.heights[row] / 2

    def x(self, pos: XPos, row: int) -> float:
        cx = self.lane_x(pos.lane)
        half = self.symbols[row].width / 2
        offset = {
            "c": 0.0,
            "sl": -half,
            "sr": half,
            "gl": -(SYM_W / 2 + self.track_gap * (pos.track + 1)),
            "gr": SYM_W / 2 + self.track_gap * (pos.track + 1),
        }[pos.at]
        return cx + offset

    def y(self, pos: YPos) -> float:
        cy = self.center_y(pos.row)
        half = self.symbols[pos.row].height / 2
        return cy + {"c": 0.0, "st": -half, "sb": half, "low": half + ROW_PAD / 2}[pos.at]

    def point(self, point: tuple[XPos, YPos]) -> tuple[float, float]:
        return self.x(point[0], point[1].row), self.y(point[1])


def _prefix(sop: Sop) -> str:
    return "fc-" + hashlib.sha256(sop.slug.encode("utf-8")).hexdigest()[:8]


def _title_desc(sop: Sop, lanes: tuple[str, ...]) -> tuple[str, str]:
    title = f"Diagram alir SOP {sop.name}"
    number = f" nomor {sop.number}" if sop.number else ""
    desc = (
        f"Diagram alir lintas fungsi SOP {sop.name}{number}: {len(sop.steps)} langkah, "
        f"dengan kolom pelaksana {', '.join(lanes)}. Uraian lengkap setiap langkah, "
        f"kelengkapan, waktu dan output ada pada tabel langkah."
    )
    return title, desc


def dot_source(sop: Sop) -> str:
    """The DOT text for the web chart (public so tests and reviewers can inspect it)."""
    return _prepare(sop).dot


def _prepare(sop: Sop) -> _Prepared:
    lanes = lane_names(sop)
    rows, edges = build_rows(sop)
    routes = route(rows, edges)
    header_lines = [wrap(name, 20) for name in lanes]
    header_h = max(32.0, max(len(lines) for lines in header_lines) * (HEAD_PT + 3) + 12)
    geo = _Geometry(rows, routes, header_h)
    width = NUM_W + len(lanes) * LANE_W
    height = geo.total_h
    prefix = _prefix(sop)
    title, desc = _title_desc(sop, lanes)

    def pos(x: float, y: float) -> str:
        return f"{_num(x)},{_num(height - y)}"

    def inch(value: float) -> str:
        return f"{value / 72:.4f}"

    out = [
        "digraph sop {",
        f'  graph [id={_q(prefix)}, outputorder=nodesfirst, pad="0.05", bgcolor=white];',
        f'  node [fixedsize=true, fontname={_q(FONT)}, fontsize={_num(TEXT_PT)}, fontcolor="{INK}", color="{INK}", '
        'style=filled, fillcolor=white, penwidth=1.2, margin=0];',
        f'  edge [fontname={_q(FONT)}, fontsize={_num(TEXT_PT)}, fontcolor="{INK}", color="{INK}", arrowsize=0.8, penwidth=1.1];',
    ]

    def node(name: str, x: float, y: float, w: float, h: float, attrs: str) -> None:
        out.append(
            f'  {name} [id="{prefix}-{name}", pos="{pos(x, y)}!", width={inch(w)}, height={inch(h)}, {attrs}];'
        )

    cell = f'shape=box, color="{GRID}", penwidth=0.8'
    node("hno", NUM_W / 2, header_h / 2, NUM_W, header_h, f'{cell}, fillcolor="{HEAD_FILL}", class="header", label="No"')
    for index, lines in enumerate(header_lines):
        node(
            f"h{index}", geo.lane_x(index), header_h / 2, LANE_W, header_h,
            f'{cell}, fillcolor="{HEAD_FILL}", fontsize={_num(HEAD_PT)}, class="lane-header", label={_label(lines)}',
        )
    for r, row in enumerate(rows):
        cy, h = geo.center_y(r), geo.heights[r]
        number = str(row.step.number) if row.step else ""
        node(f"n{r}", NUM_W / 2, cy, NUM_W, h, f"{cell}, class=\"row-number\", label={_q(number)}")
        for lane in range(len(lanes)):
            node(f"c{r}_{lane}", geo.lane_x(lane), cy, LANE_W, h, f'{cell}, class="cell", label=""')
    for r, row in enumerate(rows):
        sym = geo.symbols[r]
        shape = {
            SymbolKind.TERMINATOR: 'shape=box, style="rounded,filled"',
            SymbolKind.PROCESS: "shape=box",
            SymbolKind.DECISION: "shape=diamond",
            SymbolKind.CONNECTOR: "shape=invhouse",
        }[row.kind]
        for lane in row.lanes:
            node(
                f"s{r}_{lane}", geo.lane_x(lane), geo.center_y(r), sym.width, sym.height,
                f'{shape}, fontsize={_num(sym.fontsize)}, class="symbol {row.kind.value}", label={_label(sym.lines)}',
            )
    segments = []
    for item in routes:
        drawn = [geo.point(p) for p in item.points]
        segments += list(zip(drawn, drawn[1:]))
    obstacles = _Obstacles(segments, geo, rows, len(lanes))
    for index, item in enumerate(routes):
        points = [geo.point(p) for p in item.points]
        attrs = [f'id="{prefix}-e{index}"', f'class="{item.kind}"']
        if item.arrow:
            (x0, y0), (x1, y1) = points[-2], points[-1]
            length = max(abs(x1 - x0), abs(y1 - y0)) or 1.0
            base = (x1 - (x1 - x0) / length * ARROW, y1 - (y1 - y0) / length * ARROW)
            tip = points[-1]
            points = points[:-1] + [base]
            spline = [f"e,{pos(*tip)}"]
        else:
            attrs.append("dir=none")
            spline = []
        spline.append(pos(*points[0]))
        for a, b in zip(points, points[1:]):
            spline.extend([pos(*a), pos(*b), pos(*b)])
        attrs.append(f'pos="{" ".join(spline)}"')
        if item.label:
            attrs.append(f"label={_q(item.label)}")
            attrs.append(f'lp="{pos(*obstacles.place(item.label, points))}"')
        out.append(f"  s{item.src}_{item.src_lane} -> s{item.dst}_{item.dst_lane} [{', '.join(attrs)}];")
    out.append("}")
    return _Prepared("\n".join(out) + "\n", title, desc, prefix)


class _Obstacles:
    """What a Ya/Tidak label must not touch: route lines, symbols, cell borders
    and labels placed before it."""

    def __init__(self, segments, geo: _Geometry, rows: list[FlowRow], n_lanes: int):
        self.segments = segments
        self.geo = geo
        self.symbols = [(geo.lane_x(lane), geo.center_y(r), geo.symbols[r], row.kind)
                        for r, row in enumerate(rows) for lane in row.lanes]
        self.columns = [NUM_W + k * LANE_W for k in range(n_lanes + 1)]
        self.row_lines = geo.tops + [geo.total_h]
        self.labels: list[tuple[float, float, float, float]] = []

    def free(self, box: tuple[float, float, float, float]) -> bool:
        x0, y0, x1, y1 = box
        pad = 2.0
        for (ax, ay), (bx, by) in self.segments:
            if not (max(ax, bx) < x0 - pad or min(ax, bx) > x1 + pad or max(ay, by) < y0 - pad or min(ay, by) > y1 + pad):
                return False
        if any(x0 - pad < c < x1 + pad for c in self.columns) or any(y0 - pad < r < y1 + pad for r in self.row_lines):
            return False
        for cx, cy, sym, kind in self.symbols:
            hw, hh = sym.width / 2 + pad, sym.height / 2 + pad
            nx = min(max(cx, x0), x1)  # the box's point nearest the symbol's centre
            ny = min(max(cy, y0), y1)
            dx, dy = abs(nx - cx), abs(ny - cy)
            inside = dx / hw + dy / hh <= 1 if kind is SymbolKind.DECISION else (dx <= hw and dy <= hh)
            if inside:
                return False
        return not any(not (x1 < a - pad or x0 > c + pad or y1 < b - pad or y0 > d + pad) for a, b, c, d in self.labels)

    def place(self, label: str, points: list[tuple[float, float]]) -> tuple[float, float]:
        """Centre of the label: beside the line it names, on the first free spot."""
        w, h = len(label) * TEXT_PT * 0.62, TEXT_PT * 1.25
        (x0, y0), (x1, y1) = points[0], points[1]
        candidates = []
        if x0 == x1:  # leaves downwards: beside the line, just under the symbol
            for dy in (4, 16):
                candidates += [(x0 + 4 + w / 2, y0 + dy + h / 2), (x0 - 4 - w / 2, y0 + dy + h / 2)]
        else:
            d = 1 if x1 > x0 else -1
            candidates += [(x0 + d * (w / 2 + 4), y0 - 4 - h / 2), (x0 + d * (w / 2 + 4), y0 + 4 + h / 2)]
            # just past each column border the first segment crosses
            for c in sorted((c for c in self.columns if min(x0, x1) < c < max(x0, x1)), key=lambda c: abs(c - x0)):
                candidates += [(c + d * (w / 2 + 5), y0 - 4 - h / 2), (c + d * (w / 2 + 5), y0 + 4 + h / 2)]
            if len(points) > 2:  # beside the segment after the turn
                (x2, y2) = points[2]
                up = -1 if y2 < y1 else 1
                for dy in (6, 18, 30):
                    for side in (-d, d):
                        candidates.append((x1 + side * (4 + w / 2), y1 + up * (dy + h / 2)))
        for cx, cy in candidates:
            box = (cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if self.free(box):
                self.labels.append(box)
                return cx, cy
        return _label_point(label, points)


def _label_point(label: str, points: list[tuple[float, float]]) -> tuple[float, float]:
    """Beside the first segment, just outside the symbol it leaves, so it never sits on a line."""
    (x0, y0), (x1, y1) = points[0], points[1]
    width = len(label) * TEXT_PT * 0.55
    if x0 == x1:  # leaves downwards: label to the right of the line
        return x0 + 5 + width / 2, y0 + TEXT_PT
    direction = 1 if x1 > x0 else -1
    # A back arrow turns upwards at the gutter, so the space under its first segment is free.
    below = len(points) > 2 and points[2][1] < y1
    return x0 + direction * (width / 2 + 4), y0 + (10 if below else -5)


_COMMENT = re.compile(r"<!--.*?-->\n?", re.S)
_TITLE = re.compile(r"<title>.*?</title>\n?", re.S)
_TERMINATOR = re.compile(r'(<g id="[^"]*" class="node symbol terminator">\s*<path [^>]*?d=")([^"]*)(")')
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")


def _capsule(match: re.Match[str]) -> str:
    """Graphviz rounds box corners by at most 12 pt; SOP AP wants real half-circle ends."""
    values = [float(v) for v in _NUMBER.findall(match.group(2))]
    xs, ys = values[0::2], values[1::2]
    x0, x1, y0, y1 = min(xs), max(xs), min(ys), max(ys)
    r = min((y1 - y0) / 2, (x1 - x0) / 2)
    d = (
        f"M{_num(x0 + r)},{_num(y0)} H{_num(x1 - r)} A{_num(r)},{_num(r)} 0 0 1 {_num(x1 - r)},{_num(y1)} "
        f"H{_num(x0 + r)} A{_num(r)},{_num(r)} 0 0 1 {_num(x0 + r)},{_num(y0)} Z"
    )
    return match.group(1) + d + match.group(3)


def _finish(prepared: _Prepared, raw: str) -> str:
    """Graphviz SVG → the deterministic, accessible SVG element we publish."""
    svg = raw[raw.index("<svg"):]
    svg = _COMMENT.sub("", svg)
    svg = _TITLE.sub("", svg)  # node names are internal; the chart keeps one title
    svg = _TERMINATOR.sub(_capsule, svg)
    head_end = svg.index(">") + 1
    meta = render("flowchart/svg_meta.svg.j2", prefix=prepared.prefix, title=prepared.title, desc=prepared.desc)
    opening = svg[:head_end].replace(
        "<svg ",
        f'<svg class="sop-flowchart" role="img" aria-labelledby="{prepared.prefix}-title {prepared.prefix}-desc" ',
        1,
    )
    return opening + "\n" + meta.rstrip("\n") + svg[head_end:].rstrip() + "\n"


def _run_dot(source: str) -> str:
    try:
        done = subprocess.run(
            ["dot", "-Kneato", "-n2", "-Tsvg"], input=source.encode("utf-8"), capture_output=True, check=False
        )
    except FileNotFoundError as error:
        raise FlowchartError("Graphviz (perintah dot) tidak ditemukan; pasang paket graphviz") from error
    if done.returncode != 0:
        raise FlowchartError(f"Graphviz gagal menggambar diagram alir: {done.stderr.decode('utf-8', 'replace')}")
    return done.stdout.decode("utf-8")


def render_svg(sop: Sop) -> str:
    """The web swimlane chart as an <svg> element (no XML prolog, so it can be inlined).

    Same SOP, same bytes: reviewers diff the output and the cache relies on it.
    """
    prepared = _prepare(sop)
    return _finish(prepared, _run_dot(prepared.dot))


@functools.cache
def dot_version() -> str:
    """`dot -V` of the Graphviz on PATH: part of every chart's cache key."""
    try:
        done = subprocess.run(["dot", "-V"], capture_output=True, check=False, timeout=60)
    except FileNotFoundError as error:
        raise FlowchartError("Graphviz (perintah dot) tidak ditemukan; pasang paket graphviz") from error
    if done.returncode != 0:
        raise FlowchartError(f"Graphviz tidak dapat dijalankan: {done.stderr.decode('utf-8', 'replace').strip()}")
    return (done.stderr or done.stdout).decode("utf-8", "replace").strip()


def _key(prepared: _Prepared) -> str:
    """Everything that shapes the SVG: the DOT input (all SOP fields the chart
    uses), the title and description, this module's code (it post-processes
    Graphviz' output), the package and Graphviz versions."""
    renderer = cache.renderer_version(dot_version(), cache.source_digest(Path(__file__)))
    return cache.content_key(renderer, prepared.prefix, prepared.title, prepared.desc, prepared.dot)


def render_svg_cached(sop: Sop, store: cache.Cache | None, output: str) -> str:
    """`render_svg`, but an unchanged SOP is read back from `store` instead of
    running Graphviz again (builds re-render every page; dot is the slow part).
    `output` names the chart in the cache manifest (its path in the site)."""
    prepared = _prepare(sop)
    if store is None:
        return _finish(prepared, _run_dot(prepared.dot))
    key = _key(prepared)
    hit = store.get(output, key)
    if hit is not None:
        return hit.decode("utf-8")
    svg = _finish(prepared, _run_dot(prepared.dot))
    store.put(output, key, svg.encode("utf-8"))
    return svg
