"""A filled Formulir Monitoring Pelaksanaan SOP or Formulir Evaluasi
Penerapan SOP back into monev records.

The form says itself what it is (its keywords: kind, version, kecamatan and
the SOP of each row, see `spec.monev_form_identity`), so a form printed
before the kecamatan's SOP list changed is read by the SOP it was printed
for, never by whatever SOP now has that row number. Values are read by the
stable field names of `pdf.forms`.

A row left completely empty means the SOP was not assessed this time: it is
skipped and listed. A row filled in part (a note without a tick, three of six
questions answered) is an error naming the field, as is every unreadable or
unsafe value. Problems of a form are reported together.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pypdf

from ..kinerja import monev
from ..kinerja.model import KinerjaPackage
from ..model import District
from ..spec import IDENTITY_PREFIX, MONEV_FORM_KINDS, MONEV_FORM_VERSION, SOP_LIST_SEPARATOR, SLUG
from .kinerja_form import open_pdf
from .realisasi import ImportRefused, parse_date

FORM_TITLES = {monev.MONITORING: "Formulir Monitoring Pelaksanaan SOP", monev.EVALUATION: "Formulir Evaluasi Penerapan SOP"}
# Header fields of each form: date, assessor's name, assessor's position.
HEADER = {
    monev.MONITORING: ("tanggal_monitoring", "penilai_nama", "penilai_jabatan"),
    monev.EVALUATION: ("tanggal_evaluasi", "evaluator_nama", "evaluator_jabatan"),
}
SEMESTER_WORDS = {"i": 1, "1": 1, "ii": 2, "2": 2}
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Identity:
    kind: str  # monev.MONITORING or monev.EVALUATION
    district_path: str
    sops: tuple[str, ...]  # slug of the SOP of row 1, 2, ...


@dataclass(frozen=True)
class FormRecord:
    """One SOP's assessment read from a form, and where it was read."""

    record: monev.MonevRecord
    origin: str  # "monitoring.pdf, baris 1 (SOP Pengumpulan Data Kinerja)"


@dataclass(frozen=True)
class FilledForm:
    file: str
    kind: str
    district_path: str
    records: tuple[FormRecord, ...]
    skipped: tuple[str, ...]  # slugs of SOPs whose row was left empty


def form_identity(path: Path, reader: pypdf.PdfReader) -> Identity:
    metadata = reader.metadata or {}
    keywords = str(metadata.get("/Keywords") or "")
    tokens = [t.strip() for t in keywords.split(",") if t.strip().startswith(IDENTITY_PREFIX + ":")]
    title = str(metadata.get("/Title") or "")
    if not tokens:
        if any(title.startswith(t) for t in FORM_TITLES.values()):
            raise ImportRefused([
                f"{path}: formulir ini dibuat portal versi lama tanpa penanda formulir, sehingga SOP setiap barisnya "
                "tidak dapat dipastikan; unduh formulir terbaru dari portal dan salin isiannya"
            ])
        raise ImportRefused([f"{path}: bukan Formulir Monitoring atau Formulir Evaluasi Penerapan SOP dari Portal SOP "
                             "(penanda formulir tidak ada)"])
    parts = tokens[0].split(":")
    if len(parts) < 2 or parts[1] not in MONEV_FORM_KINDS:
        raise ImportRefused([f"{path}: formulir Portal SOP ini bukan Formulir Monitoring atau Formulir Evaluasi "
                             "Penerapan SOP; formulir data kinerja diimpor dengan `portal-sop kinerja impor-formulir`"])
    if len(parts) != 5 or parts[2] != f"v{MONEV_FORM_VERSION}":
        raise ImportRefused([
            f"{path}: versi formulir {parts[2] if len(parts) > 2 else '(kosong)'} tidak dikenal (versi yang dapat "
            f"dibaca: v{MONEV_FORM_VERSION}); unduh formulir terbaru dari portal"
        ])
    sops = tuple(parts[4].split(SOP_LIST_SEPARATOR)) if parts[4] else ()
    if not all(SLUG.fullmatch(s) for s in sops):
        raise ImportRefused([f"{path}: penanda formulir rusak (daftar SOP tidak terbaca); unduh formulir terbaru dari portal"])
    return Identity(parts[1], parts[3], sops)


def _raw(fields: dict, name: str) -> object | None:
    field = fields.get(name)
    return None if field is None else field.get("/V")


def _text(fields: dict, name: str) -> str:
    value = _raw(fields, name)
    return "" if value is None else str(value)


def clean_text(value: str) -> str:
    """One line: lines joined with "; ", runs of spaces made one (the
    contract of monev.csv: no newlines in a cell)."""
    value = unicodedata.normalize("NFC", value)
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "; ".join(line for line in lines if line)


def _choice(fields: dict, name: str) -> tuple[str | None, str | None]:
    """(export value, problem) of a radio group; (None, None) when nothing
    is ticked. A PDF reader stores the ticked button's state (`/0`, `/1`,
    the index into the group's /Opt export values); some tools store the
    export value itself."""
    field = fields.get(name)
    if field is None:
        return None, None
    value = field.get("/V")
    state = "" if value is None else str(value).removeprefix("/")
    if state in ("", "Off"):
        return None, None
    options = [str(o) for o in (field.get("/Opt") or [])]
    if state.isdigit() and int(state) < len(options):
        return options[int(state)], None
    if state in options:
        return state, None
    return None, f'pilihan "{state}" tidak dikenal (yang ada: {", ".join(options)})'


class _Problems:
    def __init__(self, name: str):
        self.name = name
        self.lines: list[str] = []

    def add(self, field: str, message: str) -> None:
        self.lines.append(f'{self.name}, isian "{field}": {message}')


def _safe(fields: dict, field: str, label: str, problems: _Problems) -> str | None:
    """The field's text made one line; None (and a problem) when it cannot
    be stored as it is."""
    raw = _text(fields, field)
    if CONTROL.search(raw):
        problems.add(field, f"{label} berisi karakter kendali yang tidak dapat disimpan; ketik ulang teksnya")
        return None
    value = clean_text(raw)
    problem = monev.text_problem(value) if value else None
    if problem:
        problems.add(field, f"{label} {problem}")
        return None
    return value


def parse_semester(text: str) -> int | None:
    """Semester I/II or 1/2, with or without the word "Semester"."""
    word = " ".join(text.split()).lower().removeprefix("semester").strip()
    return SEMESTER_WORDS.get(word)


def _header(kind: str, fields: dict, problems: _Problems) -> tuple[dt.date | None, int | None, int | None, str, str]:
    date_field, name_field, position_field = HEADER[kind]
    date_text = clean_text(_text(fields, date_field))
    date = parse_date(date_text)
    if date is None:
        problems.add(date_field, f'"{date_text}" bukan tanggal' if date_text else "belum diisi")
    year = semester = None
    if kind == monev.MONITORING:
        year_text = clean_text(_text(fields, "tahun"))
        if year_text.isdigit() and 2000 <= int(year_text) <= 2100:
            year = int(year_text)
        else:
            problems.add("tahun", f'"{year_text}" bukan tahun (misalnya 2026)' if year_text else "belum diisi")
        semester_text = clean_text(_text(fields, "periode_semester"))
        semester = parse_semester(semester_text)
        if semester is None:
            problems.add("periode_semester", "pilih Semester I atau Semester II" if not semester_text
                         else f'"{semester_text}" bukan semester; pilih Semester I atau Semester II')
    elif date is not None:
        year = date.year  # an evaluation assesses the year it is held in
    assessor = _safe(fields, name_field, "nama", problems)
    if assessor == "":
        problems.add(name_field, "belum diisi; tulis nama yang menilai")
    position = _safe(fields, position_field, "jabatan", problems)
    return date, year, semester, assessor or "", position or ""


def _row_fields(kind: str, prefix: str) -> tuple[list[tuple[str, str, str]], list[str]]:
    """([(question, radio field, note field)], other fields of the row)."""
    if kind == monev.MONITORING:
        return [(monev.MONITORING_QUESTION, f"{prefix}_penilaian", f"{prefix}_catatan")], [f"{prefix}_tindakan", f"{prefix}_paraf"]
    return [(key, f"{prefix}_{key}", f"{prefix}_{key}_catatan") for key, _ in monev.EVALUATION_QUESTIONS], []


def read_form(path: Path, districts: Mapping[str, District], packages: Mapping[str, KinerjaPackage]) -> FilledForm:
    """The records of one filled form; raises ImportRefused listing every
    problem of the form."""
    reader = open_pdf(path)
    identity = form_identity(path, reader)
    district = districts.get(identity.district_path)
    if district is None:
        raise ImportRefused([f"{path}: formulir untuk kecamatan {identity.district_path}, yang tidak ada di folder data"])
    if identity.district_path not in packages:
        raise ImportRefused([
            f"{path}: kecamatan {identity.district_path} belum punya paket data kinerja (data-kinerja/datapackage.yaml) "
            "tempat hasil monitoring dan evaluasi disimpan; buat paketnya dulu"
        ])
    try:
        fields = reader.get_fields() or {}
    except (pypdf.errors.PdfReadError, ValueError, KeyError, TypeError):
        raise ImportRefused([f"{path}: isian formulir tidak dapat dibaca"]) from None
    kind = identity.kind
    problems = _Problems(path.name)
    date, year, semester, assessor, position = _header(kind, fields, problems)

    prefixes = [f"sop_{i:02d}" for i in range(1, len(identity.sops) + 1)]
    for field in sorted(fields):
        if (m := re.match(r"sop_(\d+)_", field)) and f"sop_{m[1]}" not in prefixes:
            problems.lines.append(f'{path.name}: isian "{field}" tidak cocok dengan daftar SOP di penanda formulir; '
                                  "formulir ini telah diubah, unduh formulir terbaru dari portal")
    records: list[FormRecord] = []
    skipped: list[str] = []
    for number, (prefix, slug) in enumerate(zip(prefixes, identity.sops), 1):
        questions, others = _row_fields(kind, prefix)
        names = [f for _, radio, note in questions for f in (radio, note)] + others
        missing = [f for f in names if f not in fields]
        if missing:
            problems.lines.append(f'{path.name}: isian "{missing[0]}" tidak ada; formulir ini tidak utuh, unduh formulir terbaru dari portal')
            continue
        sop = district.sop(slug)
        label = f"SOP {sop.name}" if sop else f"SOP {slug}"
        before = len(problems.lines)
        answers: list[monev.MonevAnswer] = []
        unanswered: list[str] = []
        radios = {radio for _, radio, _ in questions}
        written = any(clean_text(_text(fields, f)) for f in names if f not in radios)
        follow_up = (_safe(fields, f"{prefix}_tindakan", f"tindakan ({label})", problems) or "") if kind == monev.MONITORING else ""
        for question, radio, note_field in questions:
            answer, problem = _choice(fields, radio)
            if problem:
                problems.add(radio, f"{label}: {problem}")
                continue
            note = _safe(fields, note_field, f"catatan ({label})", problems) or ""
            if answer is None:
                unanswered.append(radio)
                continue
            if answer not in monev.ANSWERS[kind]:
                problems.add(radio, f"{label}: jawaban {answer} bukan jawaban formulir ini")
                continue
            answers.append(monev.MonevAnswer(question, answer, note, follow_up))
        if not answers and not written and len(problems.lines) == before:
            skipped.append(slug)
            continue
        for radio in unanswered:
            problems.add(radio, f"{label}: belum dipilih, padahal baris SOP ini sudah diisi sebagian; pilih jawabannya, "
                         "atau kosongkan seluruh baris bila SOP ini tidak dinilai")
        if sop is None:
            problems.lines.append(
                f"{path.name}: baris {number} formulir menilai SOP {slug}, yang sudah tidak ada di kecamatan "
                f"{district.path}; unduh formulir terbaru dari portal dan salin isiannya"
            )
            continue
        if len(problems.lines) > before or date is None or year is None or not assessor:
            continue
        if kind == monev.MONITORING and semester is None:
            continue
        record = monev.MonevRecord(kind, slug, date, year, semester, assessor, position, tuple(answers))
        records.append(FormRecord(record, f"{path.name}, baris {number} ({label})"))
    if not records and not problems.lines:
        problems.lines.append(f"{path.name}: belum ada SOP yang dinilai; pilih penilaian sekurang-kurangnya satu SOP")
    if problems.lines:
        raise ImportRefused(problems.lines)
    return FilledForm(path.name, kind, district.path, tuple(records), tuple(skipped))
