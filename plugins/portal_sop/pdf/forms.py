"""Fillable forms of a kecamatan (PDF AcroForm fields made by WeasyPrint).

Three forms: monitoring of SOP implementation and evaluation of SOP
application (both from the SOP AP guideline), and the collection form of the
kecamatan's data kinerja for one triwulan. Field names are part of the
interface: a form filled in a PDF reader is read back by name, so they only
depend on the SOP's position, the question key or the indicator code.
"""
from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..kinerja.model import QUARTER_NAMES, KinerjaPackage
from ..kinerja.monev import EVALUATION_QUESTIONS  # the form's questions, defined with monev.csv's schema
from ..model import Actor, District, Official, Sop
from ..spec import IDENTITY_PREFIX, KINERJA_FORM_VERSION, field_key, monev_form_identity
from ..templating import render
from .documents import FONT_DIR, MARGIN_MM, FontMetrics, PdfOptions, allowed_roots, base_context, write_pdf

MONITORING = "monitoring"
EVALUATION = "evaluasi"
KINERJA = "kinerja"



def kinerja_identity(district: District) -> str:
    return f"{IDENTITY_PREFIX}:data-kinerja:v{KINERJA_FORM_VERSION}:{district.path}"


def monev_identity(kind: str, district: District) -> str:
    """Kind, version, kecamatan and the SOP of each row, in row order."""
    return monev_form_identity(kind, district.path, [sop.slug for sop in district.sops])


def sop_prefix(index: int) -> str:
    """`sop_01` for the first SOP of the kecamatan (in the order of its list)."""
    return f"sop_{index:02d}"


def _signature_fields(signers: list[Signer]) -> list[str]:
    return [f"ttd_{s.code}_{part}" for s in signers for part in ("nama", "nip", "tanggal")]


def monitoring_fields(district: District) -> list[str]:
    """`{p}_penilaian` is a radio group: "baik" or "tidak_baik"."""
    names = ["periode_semester", "tahun", "tanggal_monitoring", "penilai_nama", "penilai_jabatan"]
    for i, _ in enumerate(district.sops, 1):
        p = sop_prefix(i)
        names += [f"{p}_penilaian", f"{p}_catatan", f"{p}_tindakan", f"{p}_paraf"]
    return names + _signature_fields(reviewers(district, MONITORING))


def evaluation_fields(district: District) -> list[str]:
    names = ["tanggal_evaluasi", "evaluator_nama", "evaluator_jabatan"]
    for i, _ in enumerate(district.sops, 1):
        p = sop_prefix(i)
        for key, _ in EVALUATION_QUESTIONS:  # `{p}_{key}`: radio group, "ya" or "tidak"
            names += [f"{p}_{key}", f"{p}_{key}_catatan"]
    return names + _signature_fields(reviewers(district, EVALUATION))


# --- signature chain of the data kinerja form --------------------------------

# Rank of a jabatan by keywords; lower number = higher office.
_LEVELS: tuple[tuple[int, re.Pattern[str]], ...] = (
    (0, re.compile(r"^camat\b", re.I)),
    (1, re.compile(r"\b(sekcam|sekretaris)\b", re.I)),
    (2, re.compile(r"\b(kasubb?ag|kasi|kepala (seksi|sub)|sek\.? ?tim|ketua|atasan)", re.I)),
)
STAFF_LEVEL = 3


def actor_level(actor: Actor) -> int:
    for level, pattern in _LEVELS:
        if pattern.search(actor.name):
            return level
    return STAFF_LEVEL


NAME_PT = 7.0
MIN_NAME_PT = 4.5


@dataclass(frozen=True)
class Signer:
    code: str  # field-name part
    role: str  # Disusun oleh / Diperiksa oleh / Disetujui oleh
    official: Official
    name_pt: float = NAME_PT  # font size of the name field, shrunk so the whole name fits


@functools.lru_cache(maxsize=1)
def _name_font() -> FontMetrics:
    return FontMetrics.read(FONT_DIR / "DejaVuSans.ttf")


def text_width_pt(text: str, size: float) -> float:
    """Width of `text` in DejaVu Sans (the forms' font) at `size` points."""
    return _name_font().width(text, size)


def fit_names(signers: list[Signer], content_width_mm: float) -> list[Signer]:
    """Shrink each prefilled name until it fits its field (one column per
    signer, see dokumen.css), so "…, M.A.P" is never cut to "…, M.A.I"."""
    column = content_width_mm / max(1, len(signers)) - 6  # cell padding
    field_pt = (column * 0.82 - 11) * 72 / 25.4  # less the label column, paddings, borders
    fitted = []
    for signer in signers:
        at_one_pt = text_width_pt(signer.official.name, 1.0)
        size = NAME_PT if not at_one_pt else max(MIN_NAME_PT, min(NAME_PT, (field_pt - 4) / at_one_pt))
        fitted.append(dataclasses.replace(signer, name_pt=math.floor(size * 10) / 10))
    return fitted


def camat(district: District, role: str) -> Signer:
    head = district.head
    return Signer("camat", role, Official(
        title=f"Camat {district.name}", name=head.name, rank=head.rank, nip=head.nip, nip_text=head.nip_text,
    ))


def reviewers(district: District, kind: str) -> list[Signer]:
    """Who signs the monitoring or evaluation form: the one who assessed, and
    the Camat who acknowledges it."""
    if kind == MONITORING:
        first = Signer("penilai", "Yang menilai,", Official(title="Penilai"))
    else:
        first = Signer("evaluator", "Yang mengevaluasi,", Official(title="Evaluator"))
    return [first, camat(district, "Mengetahui,")]


def kinerja_sop(district: District) -> Sop | None:
    """The kecamatan's own SOP for collecting data kinerja."""
    for sop in district.sops:
        if "pengumpulan" in sop.name.lower():
            return sop
    return next((s for s in district.sops if "kinerja" in s.name.lower()), None)


def signature_chain(district: District) -> list[Signer]:
    """Who signs the data kinerja form, from the preparer up to the Camat,
    following the actors of the kecamatan's Pengumpulan Data Kinerja SOP
    (e.g. Kasi → Sekcam → Camat). Staff sign only when no head of section
    or team takes part; the Camat always signs last."""
    sop = kinerja_sop(district)
    actors = list(sop.actors) if sop else []
    used = {c for step in sop.steps for c in step.actors} if sop else set()
    actors = [a for a in actors if a.code in used] or actors
    chosen = [a for a in actors if actor_level(a) in (1, 2)]
    if not any(actor_level(a) == 2 for a in chosen):
        chosen += [a for a in actors if actor_level(a) == STAFF_LEVEL][:1]
    last_step = {c: step.number for step in (sop.steps if sop else ()) for c in step.actors}
    # Lower office first; within one level, whoever hands the work on last signs later.
    chosen.sort(key=lambda a: (-actor_level(a), last_step.get(a.code, 0)))
    signers = []
    for n, actor in enumerate(chosen):
        role = "Disusun oleh" if n == 0 else "Diperiksa oleh"
        signers.append(Signer(field_key(actor.code), role, Official(title=actor.name)))
    signers.append(camat(district, "Disetujui oleh"))
    return signers


def kinerja_fields(district: District, package: KinerjaPackage | None) -> list[str]:
    names = ["tahun", "triwulan"]
    for indicator in package.indicators if package else ():
        k = field_key(indicator.code)
        names += [f"{k}_realisasi", f"{k}_sumber_data", f"{k}_catatan"]
    for signer in signature_chain(district):
        names += [f"ttd_{signer.code}_nama", f"ttd_{signer.code}_nip", f"ttd_{signer.code}_tanggal"]
    return names


def kinerja_year(package: KinerjaPackage | None, fallback: int) -> int:
    return max(package.years) if package and package.years else fallback


# --- HTML and PDF ------------------------------------------------------------


def content_width(options: PdfOptions) -> float:
    return options.page.width_mm - 2 * MARGIN_MM


def monitoring_html(district: District, options: PdfOptions) -> str:
    return render(
        "pdf/formulir-monitoring.html.j2",
        title=f"Formulir Monitoring Pelaksanaan SOP – Kecamatan {district.name}",
        prefixes=[sop_prefix(i) for i in range(1, len(district.sops) + 1)],
        signers=fit_names(reviewers(district, MONITORING), content_width(options)),
        identity=monev_identity(MONITORING, district),
        **base_context(district, options),
    )


def evaluation_html(district: District, options: PdfOptions) -> str:
    return render(
        "pdf/formulir-evaluasi.html.j2",
        title=f"Formulir Evaluasi Penerapan SOP – Kecamatan {district.name}",
        prefixes=[sop_prefix(i) for i in range(1, len(district.sops) + 1)],
        questions=EVALUATION_QUESTIONS,
        signers=fit_names(reviewers(district, EVALUATION), content_width(options)),
        identity=monev_identity(EVALUATION, district),
        **base_context(district, options),
    )


def kinerja_html(district: District, package: KinerjaPackage | None, options: PdfOptions, year: int) -> str:
    return render(
        "pdf/formulir-kinerja.html.j2",
        title=f"Formulir Pengumpulan Data Kinerja Triwulan {QUARTER_NAMES[options.triwulan]} – Kecamatan {district.name}",
        package=package,
        year=year,
        triwulan=options.triwulan,
        quarter_names=QUARTER_NAMES,
        field_key=field_key,
        signers=fit_names(signature_chain(district), content_width(options)),
        kinerja_sop=kinerja_sop(district),
        identity=kinerja_identity(district),
        **base_context(district, options),
    )


def form_html(kind: str, district: District, options: PdfOptions,
              packages: Mapping[str, KinerjaPackage] | None = None, year: int = 0) -> str:
    if kind == MONITORING:
        return monitoring_html(district, options)
    if kind == EVALUATION:
        return evaluation_html(district, options)
    if kind == KINERJA:
        package = (packages or {}).get(district.path)
        return kinerja_html(district, package, options, kinerja_year(package, year))
    raise ValueError(f"jenis formulir tidak dikenal: {kind}")


def render_form_pdf(kind: str, district: District, options: PdfOptions = PdfOptions(),
                    packages: Mapping[str, KinerjaPackage] | None = None, year: int = 0) -> bytes:
    html = form_html(kind, district, options, packages, year)
    return write_pdf(html, roots=allowed_roots(options.data_dir), forms=True, variant=options.form_variant)
