"""The flowchart as rows, lanes and orthogonal routes, independent of any drawing.

The web SVG (Graphviz) and the print table (HTML + inline SVG) must show the
same chart, so both read the same rows and the same routes; each only maps
the abstract positions below to its own units (points or millimetres).

Routing rules (SOP AP charts are read top to bottom, one row per step):
- a step's symbols sit in its actors' lanes, in its own row; two actors give
  two symbols joined by a line;
- an arrow to the next row leaves the symbol's bottom; when the lane changes
  it turns in the free band below the row's symbols ("low"), so it never
  runs through a symbol;
- any other arrow (a decision's "panah balik", a jump) leaves a side of the
  symbol, runs in a channel along the edge of a lane (the gutter, where no
  symbol ever sits) and enters the target from the side. Side ports are
  handed out so an exit and an entry never share one, and nested loops get
  tracks from the inside out so their lines do not cross.
"""
from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from ..model import END, Sop, Step, StepKind, successors

CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


class SymbolKind(enum.Enum):
    TERMINATOR = "terminator"
    PROCESS = "process"
    DECISION = "decision"
    CONNECTOR = "connector"


@dataclass(frozen=True)
class FlowRow:
    """One row of the chart: a step, or an added Mulai/Selesai/connector row."""

    kind: SymbolKind
    lanes: tuple[int, ...]  # lane indexes holding this row's symbol, ascending
    label: str  # text inside the symbol
    step: Step | None = None
    role: str = "step"  # step | start | end | connector


@dataclass(frozen=True)
class FlowEdge:
    src: int  # row index
    dst: int
    label: str = ""


@dataclass(frozen=True)
class XPos:
    """A horizontal position: lane centre, a side of the row's symbol, or a gutter track."""

    lane: int
    at: str  # "c" | "sl" | "sr" | "gl" | "gr"
    track: int = 0


@dataclass(frozen=True)
class YPos:
    """A vertical position inside a row: centre, symbol top/bottom, or the free band below."""

    row: int
    at: str  # "c" | "st" | "sb" | "low"


Point = tuple[XPos, YPos]


@dataclass(frozen=True)
class Route:
    points: tuple[Point, ...]
    kind: str  # "flow" (next row) | "back" (upwards) | "jump" (downwards, skipping rows) | "join"
    label: str = ""
    arrow: bool = True
    src: int = 0
    dst: int = 0
    src_lane: int = 0
    dst_lane: int = 0


def lane_names(sop: Sop) -> tuple[str, ...]:
    """Lane headers; an SOP without actors still gets one lane so it can be drawn."""
    return tuple(a.name for a in sop.actors) or ("Pelaksana",)


def clean_text(text: str) -> str:
    """Whitespace and control characters collapse to single spaces (the chart wraps by itself)."""
    return " ".join(CONTROL.sub(" ", text).split())


_BREAK_AFTER = re.compile(r"(?<=[-/])(?=\w)")


def wrap(text: str, width: int) -> list[str]:
    """Wrap on spaces, never inside a word: a word longer than a line is split
    only after a hyphen or slash it contains ("mengumpulkan/klarifikasi"), and
    otherwise keeps a longer line of its own (nobody can read "mendokum|entasikan")."""
    pieces: list[tuple[str, str]] = []  # (glue before the piece, piece)
    for word in clean_text(text).split(" "):
        parts = _BREAK_AFTER.split(word) if len(word) > width else [word]
        pieces.extend((" " if n == 0 else "", part) for n, part in enumerate(parts))
    lines: list[str] = []
    for glue, piece in pieces:
        if lines and len(lines[-1]) + len(glue) + len(piece) <= width:
            lines[-1] += glue + piece
        else:
            lines.append(piece)
    return lines or [""]


def build_rows(sop: Sop) -> tuple[list[FlowRow], list[FlowEdge]]:
    """Rows in step order plus the flow edges between them.

    The first and last step are drawn as terminators (SOP AP draws start and
    end on the steps themselves); only when a decision opens or closes the
    SOP is a separate Mulai/Selesai capsule added, since a diamond cannot be
    a terminator.
    """
    lane_of = {a.code: i for i, a in enumerate(sop.actors)}
    rows: list[FlowRow] = []
    row_of: dict[int, int] = {}
    steps = sop.steps
    if not steps:
        return rows, []

    def lanes(step: Step) -> tuple[int, ...]:
        return tuple(sorted({lane_of[c] for c in step.actors if c in lane_of})) or (0,)

    first_is_decision = steps[0].kind is StepKind.DECISION
    last_is_decision = steps[-1].kind is StepKind.DECISION
    if first_is_decision:
        rows.append(FlowRow(SymbolKind.TERMINATOR, lanes(steps[0]), "Mulai", role="start"))
    for index, step in enumerate(steps):
        if step.kind is StepKind.DECISION:
            kind = SymbolKind.DECISION
        elif index == 0 or index == len(steps) - 1:
            kind = SymbolKind.TERMINATOR
        else:
            kind = SymbolKind.PROCESS
        row_of[step.number] = len(rows)
        rows.append(FlowRow(kind, lanes(step), clean_text(step.activity), step=step))
    end_row = None
    if last_is_decision:
        end_row = len(rows)
        rows.append(FlowRow(SymbolKind.TERMINATOR, lanes(steps[-1]), "Selesai", role="end"))

    edges: list[FlowEdge] = []
    if first_is_decision:
        edges.append(FlowEdge(0, 1))
    graph = successors(sop)
    for step in steps:
        src = row_of[step.number]
        decision = step.kind is StepKind.DECISION
        for position, target in enumerate(graph.get(step.number, [])):
            if target == END:
                dst = end_row
            else:
                dst = row_of.get(target)
            if dst is None or dst == src:
                continue
            label = ""
            if decision:
                label = step.label_yes if position == 0 else step.label_no
            edges.append(FlowEdge(src, dst, clean_text(label)))
    return rows, edges


def route(rows: list[FlowRow], edges: list[FlowEdge]) -> list[Route]:
    """Orthogonal routes for joins and edges; see the module docstring for the rules."""
    routes: list[Route] = []
    ports: dict[tuple[int, int, str], str] = {}
    tracks: dict[tuple[int, str], list[tuple[int, int, int]]] = {}

    for index, row in enumerate(rows):
        for left, right in zip(row.lanes, row.lanes[1:]):
            ports[(index, left, "r")] = "join"
            ports[(index, right, "l")] = "join"
            routes.append(Route(
                ((XPos(left, "sr"), YPos(index, "c")), (XPos(right, "sl"), YPos(index, "c"))),
                "join", arrow=False, src=index, dst=index, src_lane=left, dst_lane=right,
            ))

    adjacent = [e for e in edges if e.dst == e.src + 1]
    jumps = sorted((e for e in edges if e.dst != e.src + 1), key=lambda e: (abs(e.dst - e.src), e.src, e.dst))
    for edge in adjacent:
        src_lanes, dst_lanes = rows[edge.src].lanes, rows[edge.dst].lanes
        a, b = min(((a, b) for a in src_lanes for b in dst_lanes), key=lambda p: (abs(p[0] - p[1]), p[0], p[1]))
        if a == b:
            points = ((XPos(a, "c"), YPos(edge.src, "sb")), (XPos(b, "c"), YPos(edge.dst, "st")))
        else:
            points = (
                (XPos(a, "c"), YPos(edge.src, "sb")),
                (XPos(a, "c"), YPos(edge.src, "low")),
                (XPos(b, "c"), YPos(edge.src, "low")),
                (XPos(b, "c"), YPos(edge.dst, "st")),
            )
        routes.append(Route(points, "flow", edge.label, src=edge.src, dst=edge.dst, src_lane=a, dst_lane=b))

    for edge in jumps:
        src_lanes, dst_lanes = rows[edge.src].lanes, rows[edge.dst].lanes

        def ends(side: str) -> tuple[int, int]:
            pick = max if side == "r" else min
            return pick(src_lanes), pick(dst_lanes)

        def free(side: str) -> bool:
            a, b = ends(side)
            return (edge.src, a, side) not in ports and ports.get((edge.dst, b, side)) in (None, "in")

        preferred = "l" if max(dst_lanes) < min(src_lanes) else "r"
        other = "l" if preferred == "r" else "r"
        side = preferred if free(preferred) or not free(other) else other
        a, b = ends(side)
        ports[(edge.src, a, side)] = "out"
        ports[(edge.dst, b, side)] = "in"
        channel = max(a, b) if side == "r" else min(a, b)
        low, high = sorted((edge.src, edge.dst))
        used = tracks.setdefault((channel, side), [])
        track = 0
        while any(t == track and not (high < lo or low > hi) for lo, hi, t in used):
            track += 1
        used.append((low, high, track))
        gutter = XPos(channel, "g" + side, track)
        side_x = "s" + side
        points = (
            (XPos(a, side_x), YPos(edge.src, "c")),
            (gutter, YPos(edge.src, "c")),
            (gutter, YPos(edge.dst, "c")),
            (XPos(b, side_x), YPos(edge.dst, "c")),
        )
        kind = "back" if edge.dst < edge.src else "jump"
        routes.append(Route(points, kind, edge.label, src=edge.src, dst=edge.dst, src_lane=a, dst_lane=b))
    return routes


def max_track(routes: list[Route]) -> int:
    """How many gutter tracks the busiest channel needs (drawings size their gutters by it)."""
    return max((p[0].track + 1 for r in routes for p in r.points if p[0].at in ("gl", "gr")), default=0)
