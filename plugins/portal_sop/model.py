"""The domain model: what a published SOP AP document is made of.

Pure data, frozen; built by `loader`, read by every renderer.
"""
from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from .values import Duration, Nip, Tanggal

if TYPE_CHECKING:
    from .kinerja.model import KinerjaPackage


class StepKind(enum.Enum):
    PROCESS = "proses"
    DECISION = "keputusan"


@dataclass(frozen=True)
class Official:
    """A signatory: jabatan as written on the document, name, rank, NIP."""

    title: str
    name: str = ""
    rank: str = ""
    nip: Nip | None = None
    nip_text: str = ""


@dataclass(frozen=True)
class Actor:
    """A pelaksana: one swimlane of the flowchart."""

    code: str
    name: str


@dataclass(frozen=True)
class Step:
    number: int
    activity: str
    actors: tuple[str, ...]  # actor codes, in lane order of the SOP
    kind: StepKind = StepKind.PROCESS
    next_step: int | None = None  # main outcome ("Ya"); None = the following row
    branch_step: int | None = None  # a decision's other outcome ("Tidak")
    label_yes: str = "Ya"
    label_no: str = "Tidak"
    requirements: str = ""  # kelengkapan / persyaratan
    time_text: str = ""  # waktu as written
    duration: Duration | None = None
    output: str = ""
    notes: str = ""  # keterangan
    row: int = 0  # row in langkah.csv, for findings
    # What the portal reconstructed because the extracted document lost it
    # ("pelaksana", "keputusan"); empty = as signed. See panduan/rekonstruksi.
    reconstructed: tuple[str, ...] = ()


@dataclass(frozen=True)
class Revision:
    date: Tanggal
    change: str
    approved_by: str


@dataclass(frozen=True)
class RelatedSop:
    """A keterkaitan entry; `slug` is set when it names an SOP of the same office."""

    text: str
    slug: str | None = None


@dataclass(frozen=True)
class Sop:
    slug: str
    name: str
    number: str
    unit: str
    created: Tanggal | None
    revised: Tanggal | None
    effective: Tanggal | None
    approved_by: Official
    legal_basis: tuple[str, ...]
    qualifications: tuple[str, ...]
    related: tuple[RelatedSop, ...]
    equipment: tuple[str, ...]
    warnings: tuple[str, ...]
    records: tuple[str, ...]
    actors: tuple[Actor, ...]
    steps: tuple[Step, ...]
    revisions: tuple[Revision, ...] = ()
    time_unit: str | None = None
    source: str = ""  # sop.yaml path relative to the data root's parent
    steps_source: str = ""

    def actor(self, code: str) -> Actor:
        return next(a for a in self.actors if a.code == code)

    @property
    def reconstructed_steps(self) -> tuple[Step, ...]:
        return tuple(s for s in self.steps if s.reconstructed)

    def step(self, number: int) -> Step | None:
        return next((s for s in self.steps if s.number == number), None)

    @property
    def total_duration(self) -> Duration:
        total = Duration()
        for step in self.steps:
            if step.duration is not None:
                total = total + step.duration
        return total

    @property
    def time_header(self) -> str:
        """The Waktu column's header as the signed document has it: with the
        unit ("Waktu (menit)") when the SOP gives one unit for bare numbers."""
        bare = [s.time_text for s in self.steps if s.time_text]
        if self.time_unit and bare and all(t.strip().replace(",", "").replace(".", "").isdigit() for t in bare):
            return f"Waktu ({self.time_unit})"
        return "Waktu"

    @property
    def last_date(self) -> Tanggal | None:
        dates = [d for d in (self.created, self.revised, self.effective) if d]
        dates += [r.date for r in self.revisions]
        return max(dates) if dates else None


@dataclass(frozen=True)
class District:
    """A kecamatan office and the SOPs it publishes."""

    slug: str
    regency_slug: str
    name: str
    regency: str
    address: str
    head: Official  # the Camat
    sops: tuple[Sop, ...] = ()
    logo: str = ""
    source: str = ""

    @property
    def path(self) -> str:
        return f"{self.regency_slug}/{self.slug}"

    def sop(self, slug: str) -> Sop | None:
        return next((s for s in self.sops if s.slug == slug), None)


@dataclass(frozen=True)
class Regency:
    slug: str
    name: str
    districts: tuple[District, ...]


@dataclass(frozen=True)
class Portal:
    regencies: tuple[Regency, ...] = field(default_factory=tuple)
    # Data kinerja packages by District.path (kecamatan without one: absent).
    kinerja: Mapping[str, "KinerjaPackage"] = field(default_factory=dict)

    @property
    def districts(self) -> list[District]:
        return [d for r in self.regencies for d in r.districts]

    @property
    def sops(self) -> list[tuple[District, Sop]]:
        return [(d, s) for d in self.districts for s in d.sops]


END = 0  # pseudo step number for "Selesai"


def successors(sop: Sop) -> dict[int, list[int]]:
    """Step number → following step numbers (END for Selesai)."""
    order = [s.number for s in sop.steps]
    graph: dict[int, list[int]] = {}
    for index, step in enumerate(sop.steps):
        default = order[index + 1] if index + 1 < len(order) else END
        targets = [step.next_step or default]
        if step.kind is StepKind.DECISION and step.branch_step:
            targets.append(step.branch_step)
        graph[step.number] = targets
    return graph
