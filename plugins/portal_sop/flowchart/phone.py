"""The flowchart for a phone: one column of SOP AP symbols in step order.

A swimlane chart needs a lane per actor side by side, which a 360 px screen
cannot show at a readable size. This form keeps the chart's model (the same
rows and edges as the swimlane chart, from `layout.build_rows`)
and draws it as a list that reflows: each symbol labelled with its actor, a
decision with its outcomes written out, and a back arrow as "kembali ke
langkah N". Off-page connectors are not needed on a scrolling page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup

from .layout import FlowRow, SymbolKind, build_rows, lane_names
from ..model import Sop
from ..templating import render


@dataclass(frozen=True)
class Outcome:
    """Where a decision (or a jump) leads: label, target step, and how it reads."""

    label: str  # "Ya", "Tidak", "Lengkap", … ; empty for a plain jump
    step: int | None  # target step number; None = the end of the SOP
    back: bool  # an arrow back up to an earlier step

    @property
    def text(self) -> str:
        if self.step is None:
            return "selesai"
        return f"{'kembali ke' if self.back else 'lanjut ke'} langkah {self.step}"


@dataclass(frozen=True)
class PhoneSymbol:
    kind: SymbolKind
    label: str
    actors: tuple[str, ...]  # actor names, lane order
    step: int | None  # None for an added Mulai/Selesai capsule
    outcomes: tuple[Outcome, ...] = ()  # written out under the symbol
    arrow_label: str = ""  # label on the arrow down to the next symbol
    continues: bool = False  # an arrow leads down to the next symbol
    reconstructed: bool = False  # the step's actors or decision were reconstructed


def phone_symbols(sop: Sop) -> list[PhoneSymbol]:
    rows, edges = build_rows(sop)
    lanes = lane_names(sop)
    out: list[PhoneSymbol] = []
    for index, row in enumerate(rows):
        leaving = [e for e in edges if e.src == index]
        down = next((e for e in leaving if e.dst == index + 1), None)
        outcomes: list[Outcome] = []
        for edge in leaving:
            target = rows[edge.dst]
            if row.kind is SymbolKind.DECISION or edge is not down:
                outcomes.append(Outcome(edge.label, _step_number(target), edge.dst < index))
        out.append(PhoneSymbol(
            kind=row.kind,
            label=row.label,
            actors=tuple(lanes[lane] for lane in row.lanes if lane < len(lanes)),
            step=row.step.number if row.step else None,
            outcomes=tuple(outcomes),
            arrow_label=down.label if down else "",
            continues=down is not None,
            reconstructed=bool(row.step and row.step.reconstructed),
        ))
    return out


def _step_number(row: FlowRow) -> int | None:
    return row.step.number if row.step else None


def phone_html(sop: Sop, step_link: Callable[[int], str] = lambda n: f"#langkah-{n}") -> Markup:
    """The phone chart as an HTML list (template `flowchart/phone.html.j2`,
    autoescaped: every text from the data is escaped)."""
    return Markup(render(
        "flowchart/phone.html.j2", sop=sop, symbols=phone_symbols(sop), step_link=step_link, SymbolKind=SymbolKind,
    ).strip())
