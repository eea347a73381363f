"""What changed between two versions of the SOP data, in words a Camat reads.

`compare` takes two loaded portals (before and after a pull request) and
returns, per kecamatan, the SOPs added and removed and, for each SOP in both,
the changes of its identity, actors, steps (aligned by their text, so a step
inserted in the middle is one added step, not a renumbering of all the
following ones), total service time and revision history; and the changed
rows of the data kinerja. `markdown` writes them as the job summary of a pull
request and as the text `portal-sop ringkas` prints.
"""
from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field

from markupsafe import Markup

from ..findings import Report
from ..kinerja.monev import MonevRecord
from ..model import District, Portal, Sop, Step, StepKind
from ..templating import markdown_inline, render
from ..values import Tanggal

IDENTITY = (
    ("number", "Nomor SOP"), ("name", "Nama SOP"), ("unit", "Unit"), ("created", "Tanggal pembuatan"),
    ("revised", "Tanggal revisi"), ("effective", "Tanggal efektif"),
)
LISTS = (
    ("legal_basis", "Dasar hukum"), ("qualifications", "Kualifikasi pelaksana"), ("equipment", "Peralatan/perlengkapan"),
    ("warnings", "Peringatan"), ("records", "Pencatatan dan pendataan"),
)
STEP_FIELDS = (
    ("requirements", "kelengkapan"), ("time_text", "waktu"), ("output", "output"), ("notes", "keterangan"),
)


@dataclass
class SopChange:
    """The changes of one SOP present before and after."""

    slug: str
    name: str
    identity: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    total: str = ""  # "2 hari → 3 hari" when the service time changed
    revisions_added: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.identity or self.actors or self.steps or self.total or self.revisions_added)

    @property
    def needs_revision(self) -> bool:
        """Steps or identity changed, but no entry was added to `revisi`."""
        return bool(self.identity or self.steps or self.actors) and not self.revisions_added


@dataclass
class DistrictChange:
    path: str  # "<kabupaten>/<kecamatan>"
    title: str  # "Kecamatan Kebasen, Kabupaten Banyumas"
    added: list[Sop] = field(default_factory=list)
    removed: list[Sop] = field(default_factory=list)
    changed: list[SopChange] = field(default_factory=list)
    kinerja: list[str] = field(default_factory=list)
    new_district: bool = False
    removed_district: bool = False

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.kinerja or self.new_district or self.removed_district)


# Every line below is Markdown made by this module: data values go through
# `_e` (escaped: a step text cannot add a link, an image or HTML to the job
# summary), the words around them are our own.
def _e(text: object) -> str:
    return str(markdown_inline(" ".join(str(text).split())))


def _q(text: object) -> str:
    return f"“{_e(text)}”"


def _value(value: object) -> str:
    if value is None or value == "":
        return "(kosong)"
    indonesian = getattr(value, "indonesian", None)
    return indonesian() if callable(indonesian) else _q(value)


def _actor_names(sop: Sop, step: Step) -> str:
    names = {a.code: a.name for a in sop.actors}
    return ", ".join(_e(names.get(code, code)) for code in step.actors) or "(tanpa pelaksana)"


def _step_line(sop: Sop, step: Step) -> str:
    time = f", {step.time_text}" if step.time_text else ""
    kind = ", keputusan" if step.kind is StepKind.DECISION else ""
    return f"{_q(step.activity)} ({_actor_names(sop, step)}{time}{kind})"


def _compare_step(old_sop: Sop, new_sop: Sop, old: Step, new: Step) -> list[str]:
    label = f"Langkah {new.number}" if old.number == new.number else f"Langkah {old.number} (kini {new.number})"
    out = []
    if old.activity != new.activity:
        out.append(f"{label} diubah: {_q(old.activity)} → {_q(new.activity)}")
    if _actor_names(old_sop, old) != _actor_names(new_sop, new):
        out.append(f"{label}: pelaksana {_actor_names(old_sop, old)} → {_actor_names(new_sop, new)}")
    for attr, title in STEP_FIELDS:
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            out.append(f"{label}: {title} {_value(before)} → {_value(after)}")
    if (old.kind, old.branch_step) != (new.kind, new.branch_step):
        describe = lambda s: (f"keputusan, bila tidak kembali ke langkah {s.branch_step}" if s.kind is StepKind.DECISION  # noqa: E731
                              else "proses")
        out.append(f"{label}: {describe(old)} → {describe(new)}")
    return out


def _compare_steps(old: Sop, new: Sop) -> list[str]:
    lines: list[str] = []
    matcher = difflib.SequenceMatcher(a=[s.activity for s in old.steps], b=[s.activity for s in new.steps], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for before, after in zip(old.steps[i1:i2], new.steps[j1:j2]):
                lines += _compare_step(old, new, before, after)
            continue
        for step in old.steps[i1:i2]:
            lines.append(f"Langkah {step.number} dihapus: {_step_line(old, step)}")
        for step in new.steps[j1:j2]:
            lines.append(f"Langkah {step.number} ditambah: {_step_line(new, step)}")
    return lines


def compare_sop(old: Sop, new: Sop) -> SopChange:
    change = SopChange(slug=new.slug, name=new.name)
    for attr, title in IDENTITY:
        before, after = getattr(old, attr), getattr(new, attr)
        if before != after:
            change.identity.append(f"{title}: {_value(before)} → {_value(after)}")
    if old.approved_by != new.approved_by:
        describe = lambda o: " ".join(p for p in (o.title, o.name, o.nip_text and f"NIP {o.nip_text}") if p)  # noqa: E731
        change.identity.append(f"Disahkan oleh: {_value(describe(old.approved_by))} → {_value(describe(new.approved_by))}")
    for attr, title in LISTS:
        before, after = list(getattr(old, attr)), list(getattr(new, attr))
        for item in after:
            if item not in before:
                change.identity.append(f"{title} ditambah: {_q(item)}")
        for item in before:
            if item not in after:
                change.identity.append(f"{title} dihapus: {_q(item)}")
    related_before, related_after = [r.text for r in old.related], [r.text for r in new.related]
    change.identity += [f"Keterkaitan ditambah: {_q(t)}" for t in related_after if t not in related_before]
    change.identity += [f"Keterkaitan dihapus: {_q(t)}" for t in related_before if t not in related_after]
    old_actors, new_actors = {a.code: a.name for a in old.actors}, {a.code: a.name for a in new.actors}
    for code, name in new_actors.items():
        if code not in old_actors:
            change.actors.append(f"Pelaksana baru: {_e(name)}")
        elif old_actors[code] != name:
            change.actors.append(f"Pelaksana {_q(old_actors[code])} kini bernama {_q(name)}")
    change.actors += [f"Pelaksana dihapus: {_e(name)}" for code, name in old_actors.items() if code not in new_actors]
    change.steps = _compare_steps(old, new)
    if old.total_duration != new.total_duration:
        change.total = f"{old.total_duration.describe()} → {new.total_duration.describe()}"
    before = {(r.date, r.change) for r in old.revisions}
    change.revisions_added = [f"{r.date.indonesian()}: {_q(r.change)}" for r in new.revisions if (r.date, r.change) not in before]
    return change


def _kinerja_changes(old_portal: Portal, new_portal: Portal, path: str) -> list[str]:
    old, new = old_portal.kinerja.get(path), new_portal.kinerja.get(path)
    if old is None and new is None:
        return []
    if old is None:
        return [f"Data kinerja baru: {len(new.indicators)} indikator, {len(new.results)} baris realisasi"]
    if new is None:
        return ["Data kinerja dihapus"]
    lines = []
    old_ind, new_ind = {i.code: i for i in old.indicators}, {i.code: i for i in new.indicators}
    for code, indicator in new_ind.items():
        if code not in old_ind:
            lines.append(f"Indikator baru {_e(code)}: {_q(indicator.name)} ({_e(indicator.unit)})")
        elif old_ind[code] != indicator:
            before = old_ind[code]
            if before.name != indicator.name:
                lines.append(f"Indikator {_e(code)}: nama {_q(before.name)} → {_q(indicator.name)}")
    lines += [f"Indikator dihapus {_e(code)}: {_q(i.name)}" for code, i in old_ind.items() if code not in new_ind]
    units = {code: i.unit for code, i in new_ind.items()}
    old_targets = {(t.indicator, t.year): t.value for t in old.targets}
    for target in new.targets:
        before = old_targets.get((target.indicator, target.year))
        unit = _e(units.get(target.indicator, ""))
        if before is None:
            lines.append(f"Target baru {_e(target.indicator)} tahun {target.year}: {target.value:g} {unit}".rstrip())
        elif before != target.value:
            lines.append(f"Target {_e(target.indicator)} tahun {target.year}: {before:g} → {target.value:g} {unit}".rstrip())
    new_targets = {(t.indicator, t.year) for t in new.targets}
    lines += [f"Target dihapus {_e(i)} tahun {y}" for (i, y) in sorted(old_targets) if (i, y) not in new_targets]
    key = lambda r: (r.indicator, r.year, r.quarter)  # noqa: E731
    old_res, new_res = {key(r): r for r in old.results}, {key(r): r for r in new.results}
    for k, result in sorted(new_res.items()):
        where = f"{_e(result.indicator)} triwulan {result.quarter} {result.year}"
        if k not in old_res:
            lines.append(f"Realisasi baru {where}: {result.value:g}")
        elif old_res[k].value != result.value:
            lines.append(f"Realisasi {where}: {old_res[k].value:g} → {result.value:g}")
    lines += [f"Realisasi dihapus {_e(r.indicator)} triwulan {r.quarter} {r.year}" for k, r in sorted(old_res.items()) if k not in new_res]
    return lines + _monev_changes(old.monev, new.monev)


def _monev_changes(old: tuple[MonevRecord, ...], new: tuple[MonevRecord, ...]) -> list[str]:
    """Monitoring and evaluation records added, changed or removed, one line each."""
    def where(record: MonevRecord) -> str:
        kind = "Monitoring" if record.is_monitoring else "Evaluasi"
        day = Tanggal(record.date.year, record.date.month, record.date.day).indonesian()
        return f"{kind} SOP {_e(record.sop)} {day}"

    def content(record: MonevRecord) -> tuple:  # what was written, not on which row
        answers = tuple((a.question, a.answer, a.note, a.follow_up) for a in record.answers)
        return record.year, record.semester, record.assessor, record.assessor_position, answers

    key = lambda r: (r.sop, r.date, r.kind)  # noqa: E731
    before, after = {key(r): r for r in old}, {key(r): r for r in new}
    lines = []
    for k, record in sorted(after.items()):
        if k not in before:
            lines.append(f"{where(record)} baru: {_q(record.summary)}")
        elif content(before[k]) != content(record):
            if before[k].summary != record.summary:
                lines.append(f"{where(record)} diubah: {_q(before[k].summary)} → {_q(record.summary)}")
            else:
                lines.append(f"{where(record)} diubah: penilai, catatan atau tindak lanjut")
    lines += [f"{where(r)} dihapus" for k, r in sorted(before.items()) if k not in after]
    return lines


def _title(district: District) -> str:
    return f"Kecamatan {_e(district.name)}, Kabupaten {_e(district.regency)}"


def compare(old: Portal, new: Portal) -> list[DistrictChange]:
    """The changes from `old` to `new`, one entry per kecamatan that changed."""
    old_districts = {d.path: d for d in old.districts}
    new_districts = {d.path: d for d in new.districts}
    out = []
    for path in sorted(set(old_districts) | set(new_districts)):
        before, after = old_districts.get(path), new_districts.get(path)
        change = DistrictChange(path=path, title=_title(after or before))
        if before is None:
            change.new_district, change.added = True, list(after.sops)
        elif after is None:
            change.removed_district, change.removed = True, list(before.sops)
        else:
            old_sops, new_sops = {s.slug: s for s in before.sops}, {s.slug: s for s in after.sops}
            change.added = [s for slug, s in new_sops.items() if slug not in old_sops]
            change.removed = [s for slug, s in old_sops.items() if slug not in new_sops]
            change.changed = [c for slug in new_sops if slug in old_sops and (c := compare_sop(old_sops[slug], new_sops[slug])).changed]
        change.kinerja = _kinerja_changes(old, new, path)
        if not change.empty:
            out.append(change)
    return out


def markdown(changes: list[DistrictChange], heading: str = "Ringkasan perubahan SOP",
             links: dict[str, list[tuple[str, str]]] | None = None) -> str:
    """The summary as Markdown (templates/review/ringkasan.md.j2). `links`
    maps "<kabupaten>/<kecamatan>/<sop>" to (label, url) pairs of previews."""
    safe = [_safe(change) for change in changes]
    return render("review/ringkasan.md.j2", heading=heading, changes=safe, links=links or {},
                  added=lambda sop: (", ".join(_e(a.name) for a in sop.actors) or "(belum ada)"))


def _safe(change: DistrictChange) -> DistrictChange:
    """The change with its lines marked as the Markdown they already are."""
    mark = lambda lines: [Markup(line) for line in lines]  # noqa: E731
    sops = [SopChange(c.slug, Markup(_q(c.name)), mark(c.identity), mark(c.actors), mark(c.steps), c.total,
                      mark(c.revisions_added)) for c in change.changed]
    return DistrictChange(change.path, Markup(change.title), change.added, change.removed, sops, mark(change.kinerja),
                          change.new_district, change.removed_district)


def plain(text: str) -> str:
    """The Markdown summary as terminal text: no escapes, no emphasis."""
    text = re.sub(r"\[([^\]]*)\]\(([^)]*)\)", r"\2", text.replace("**", ""))
    text = re.sub(r"\\([\\`*_{}\[\]()#+!|~>-])", r"\1", text)
    return html.unescape(text)


def check_revisions(changes: list[DistrictChange], new: Portal, report: Report) -> None:
    """Warn, at its `tanggal_revisi` key (always in the file), about every SOP whose steps, actors or
    identity changed while its revision history gained no entry."""
    districts = {d.path: d for d in new.districts}
    for change in changes:
        for sop_change in change.changed:
            sop = districts[change.path].sop(sop_change.slug)
            if sop_change.needs_revision and sop is not None:
                parts = [part for part, lines in (("langkah", sop_change.steps), ("pelaksana", sop_change.actors),
                                                  ("identitas", sop_change.identity)) if lines]
                what = " dan ".join([", ".join(parts[:-1]), parts[-1]] if len(parts) > 1 else parts)
                report.warning("revisi-belum-dicatat", sop.source,
                               f"{what} SOP ini berubah, tetapi daftar revisi tidak bertambah; tambahkan butir revisi "
                               "(tanggal, perubahan, disetujui_oleh) dan perbarui tanggal_revisi", key="tanggal_revisi")
