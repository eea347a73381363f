"""Monitoring and evaluation on the pages: what the SOP page and the
kecamatan page show of `monev.csv`.

The 12-month evaluation rule needs a "today". To keep the same input giving
the same bytes, it is an explicit input, the reference date
(`reference_date`): `SOURCE_DATE_EPOCH` when set (the reproducible-builds
convention), otherwise the build's date in UTC. Pages print it ("per 4
Desember 2026"), so a reader sees which day the flags were computed for.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..model import District
from ..templating import render
from . import monev
from .model import KinerjaPackage
from .monev import EvaluationState, MonevRecord
from .pages import tanggal

# The same three cues as the achievement status: word, symbol, colour class.
STATE_LABELS = {
    EvaluationState.CURRENT: ("✔", "Terkini"),
    EvaluationState.OVERDUE: ("!", "Perlu dievaluasi"),
    EvaluationState.NEVER: ("✘", "Belum pernah dievaluasi"),
}


class ReferenceDateError(ValueError):
    """SOURCE_DATE_EPOCH that is not a whole number of seconds."""


def reference_date(environ: Mapping[str, str], today: dt.date | None = None) -> dt.date:
    """The date the 12-month rule is measured at: `SOURCE_DATE_EPOCH` (UTC)
    when set, else `today` (default: the current date in UTC)."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).date()
        except (ValueError, OverflowError, OSError) as exc:
            raise ReferenceDateError(
                f'SOURCE_DATE_EPOCH "{epoch[:40]}" bukan jumlah detik sejak 1 Januari 1970; isi bilangan bulat, '
                "misalnya $(date +%s), atau kosongkan variabel itu"
            ) from exc
    return today or dt.datetime.now(dt.timezone.utc).date()


@dataclass(frozen=True)
class SopStanding:
    """One SOP against monitoring and the 12-month evaluation rule."""

    slug: str
    name: str
    monitoring: MonevRecord | None
    evaluation: MonevRecord | None
    state: str  # EvaluationState
    reference: dt.date

    @property
    def symbol(self) -> str:
        return STATE_LABELS[self.state][0]

    @property
    def label(self) -> str:
        return STATE_LABELS[self.state][1]

    @property
    def explanation(self) -> str:
        """The state in a sentence a reader can check against the dates."""
        if self.evaluation is None:
            return "belum ada evaluasi penerapan SOP ini"
        due = tanggal(monev.due_date(self.evaluation))
        if self.state == EvaluationState.OVERDUE:
            return f"evaluasi terakhir lebih dari {monev.EVALUATION_VALID_MONTHS} bulan lalu; semestinya diulang paling lambat {due}"
        return f"evaluasi berikutnya paling lambat {due}"


def standing(package: KinerjaPackage, slug: str, name: str, reference: dt.date) -> SopStanding:
    evaluation = monev.latest(package.monev, slug, monev.EVALUATION)
    return SopStanding(
        slug=slug, name=name,
        monitoring=monev.latest(package.monev, slug, monev.MONITORING),
        evaluation=evaluation,
        state=monev.evaluation_state(evaluation, reference),
        reference=reference,
    )


def has_monev(package: KinerjaPackage | None) -> bool:
    """True when the package publishes a monev resource (even an empty one):
    only then does "never evaluated" mean something."""
    return package is not None and any(f.name == monev.FILE for f in package.files)


def sop_section(district: District, slug: str, package: KinerjaPackage | None, reference: dt.date,
                data_page: str, link) -> Markup:
    """The SOP page's section: latest monitoring and evaluation, then the
    whole history, newest first. Empty when the kecamatan publishes no
    monev resource."""
    if not has_monev(package):
        return Markup("")
    sop = district.sop(slug)
    return Markup(render(
        "kinerja/_monev_sop.html.j2",
        district=district,
        sop=sop,
        package=package,
        standing=standing(package, slug, sop.name if sop else slug, reference),
        history=monev.history(package.monev, slug),
        tanggal=tanggal,
        data_page=link(data_page) if data_page else "",
        EvaluationState=EvaluationState,
    ))


def sop_summary(slug: str, package: KinerjaPackage | None, reference: dt.date) -> SopStanding | None:
    """For the SOP page's summary box; None without a monev resource."""
    if not has_monev(package):
        return None
    return standing(package, slug, slug, reference)


def district_section(district: District, package: KinerjaPackage | None, reference: dt.date, link, sop_page) -> Markup:
    """The kecamatan page's table: per SOP the last monitoring and
    evaluation, flagged when the evaluation is older than 12 months or
    missing. `sop_page(sop)` is the SOP page's docs path."""
    if not has_monev(package):
        return Markup("")
    rows = [standing(package, sop.slug, sop.name, reference) for sop in district.sops]
    return Markup(render(
        "kinerja/_monev_district.html.j2",
        district=district,
        package=package,
        rows=rows,
        pages={sop.slug: link(sop_page(sop)) for sop in district.sops},
        reference=tanggal(reference),
        overdue=sum(r.state != EvaluationState.CURRENT for r in rows),
        tanggal=tanggal,
        EvaluationState=EvaluationState,
        months=monev.EVALUATION_VALID_MONTHS,
    ))
