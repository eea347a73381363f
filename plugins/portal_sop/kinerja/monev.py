"""Monitoring and evaluation of SOPs (monev): the Table Schema of `monev.csv`
and the model of its records.

PermenPANRB 35/2012 asks every office to monitor each SOP (Formulir
Monitoring Pelaksanaan SOP, about every semester) and to evaluate it
(Formulir Evaluasi Penerapan SOP, six Ya/Tidak questions). The results live
in the kecamatan's data kinerja package as resource `monev`, one row per SOP,
question and assessment ("tidy" long format), so a spreadsheet, Frictionless
and the importer all read the same table.

This module is the one definition of that table: the loader validates
against `MONEV_SCHEMA`, the importer writes `MONEV_FIELDS` in this order and
adds `MONEV_RESOURCE` to a package that has no `monev` resource yet.
Pure data and pure functions (base layer): pages read the records from here.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

RESOURCE = "monev"
FILE = "monev.csv"

MONITORING = "monitoring"
EVALUATION = "evaluasi"
KINDS = (MONITORING, EVALUATION)
KIND_LABELS = {MONITORING: "Monitoring pelaksanaan SOP", EVALUATION: "Evaluasi penerapan SOP"}

# The one question of the monitoring form: is the SOP carried out well?
MONITORING_QUESTION = "penerapan"
# The six questions of the evaluation form (Formulir Evaluasi Penerapan SOP AP),
# in the order of the form. `pdf.forms` builds the form's fields from this list.
EVALUATION_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("mendorong_kinerja", "Mampu mendorong peningkatan kinerja"),
    ("mudah_dipahami", "Mudah dipahami"),
    ("mudah_dilaksanakan", "Mudah dilaksanakan"),
    ("peran_jelas", "Semua orang dapat menjalankan perannya masing-masing"),
    ("mengatasi_masalah", "Mampu mengatasi permasalahan yang berkaitan dengan proses"),
    ("kebutuhan_organisasi", "Mampu menjawab kebutuhan peningkatan kinerja organisasi"),
)
QUESTION_LABELS = {MONITORING_QUESTION: "Penilaian terhadap penerapan", **dict(EVALUATION_QUESTIONS)}
QUESTIONS = {MONITORING: (MONITORING_QUESTION,), EVALUATION: tuple(key for key, _ in EVALUATION_QUESTIONS)}
# Form order of every question: rows are sorted by it.
QUESTION_ORDER = {key: index for index, key in enumerate(QUESTION_LABELS)}

GOOD, NOT_GOOD, YES, NO = "baik", "tidak_baik", "ya", "tidak"
ANSWERS = {MONITORING: (GOOD, NOT_GOOD), EVALUATION: (YES, NO)}
ANSWER_LABELS = {GOOD: "Berjalan dengan baik", NOT_GOOD: "Tidak berjalan dengan baik", YES: "Ya", NO: "Tidak"}
POSITIVE = frozenset({GOOD, YES})

SEMESTERS = (1, 2)
SEMESTER_NAMES = {1: "I", 2: "II"}

# Text cells: one line, at most this long, never the start of a spreadsheet
# formula (a download opened in Excel must not run it).
TEXT_LIMIT = 500
FORMULA_PREFIXES = ("=", "+", "-", "@")
TEXT_FIELDS = ("penilai", "jabatan_penilai", "catatan", "tindak_lanjut")

# How long an evaluation counts: an SOP not evaluated for longer is flagged.
EVALUATION_VALID_MONTHS = 12

_SLUG_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"


def _text(name: str, title: str, description: str, example: str, *, required: bool = False) -> dict[str, Any]:
    constraints: dict[str, Any] = {"maxLength": TEXT_LIMIT}
    if required:
        constraints["required"] = True
    return {"name": name, "title": title, "type": "string", "description": description, "example": example,
            "constraints": constraints}


MONEV_SCHEMA: dict[str, Any] = {
    "title": "Monitoring dan evaluasi SOP (monev.csv)",
    "description": (
        "Satu baris per SOP, pertanyaan dan penilaian. Monitoring (Formulir Monitoring Pelaksanaan SOP) punya satu "
        "pertanyaan, penerapan, dijawab baik atau tidak_baik; evaluasi (Formulir Evaluasi Penerapan SOP) punya enam "
        "pertanyaan, masing-masing dijawab ya atau tidak. Teks satu baris, paling panjang 500 karakter, dan tidak "
        "diawali =, +, - atau @."
    ),
    "fields": [
        {"name": "jenis", "title": "Jenis penilaian", "type": "string",
         "description": "`monitoring` (Formulir Monitoring Pelaksanaan SOP) atau `evaluasi` (Formulir Evaluasi Penerapan SOP).",
         "example": MONITORING, "constraints": {"required": True, "enum": list(KINDS)}},
        {"name": "sop", "title": "SOP", "type": "string",
         "description": "Nama folder SOP kecamatan ini yang dinilai, misalnya pengumpulan-data-kinerja.",
         "example": "pengumpulan-data-kinerja", "constraints": {"required": True, "pattern": _SLUG_PATTERN}},
        {"name": "tanggal", "title": "Tanggal", "type": "date",
         "description": "Tanggal monitoring atau evaluasi (TTTT-BB-HH).", "example": "2026-06-15",
         "constraints": {"required": True}},
        {"name": "tahun", "title": "Tahun", "type": "integer", "description": "Tahun yang dinilai.",
         "example": "2026", "constraints": {"required": True, "minimum": 2000, "maximum": 2100}},
        {"name": "semester", "title": "Semester", "type": "integer",
         "description": "Semester yang dimonitor: 1 atau 2. Wajib untuk monitoring, kosong untuk evaluasi.",
         "example": "1", "constraints": {"minimum": 1, "maximum": 2}},
        _text("penilai", "Penilai", "Nama yang menilai (penilai monitoring atau evaluator).", "Hj. Siti Rahmah, S.Sos",
              required=True),
        _text("jabatan_penilai", "Jabatan penilai", "Boleh kosong. Jabatan yang menilai.", "Sekretaris Camat"),
        {"name": "pertanyaan", "title": "Pertanyaan", "type": "string",
         "description": "Monitoring: `penerapan`. Evaluasi: " + ", ".join(f"`{key}`" for key, _ in EVALUATION_QUESTIONS) + ".",
         "example": MONITORING_QUESTION, "constraints": {"required": True, "enum": list(QUESTION_LABELS)}},
        {"name": "jawaban", "title": "Jawaban", "type": "string",
         "description": "Monitoring: `baik` atau `tidak_baik`. Evaluasi: `ya` atau `tidak`.",
         "example": GOOD, "constraints": {"required": True, "enum": [GOOD, NOT_GOOD, YES, NO]}},
        _text("catatan", "Catatan", "Boleh kosong. Catatan hasil penilaian untuk pertanyaan ini.",
              "Formulir kinerja terkumpul tepat waktu"),
        _text("tindak_lanjut", "Tindak lanjut", "Boleh kosong. Tindakan yang harus diambil (monitoring).",
              "Sosialisasi ulang kepada staf seksi"),
    ],
    "primaryKey": ["jenis", "sop", "tanggal", "pertanyaan"],
}
MONEV_FIELDS: tuple[str, ...] = tuple(field["name"] for field in MONEV_SCHEMA["fields"])

# The resource entry of datapackage.yaml, as the importer adds it to a package without one.
MONEV_RESOURCE: dict[str, Any] = {
    "name": RESOURCE,
    "type": "table",
    "path": FILE,
    "scheme": "file",
    "format": "csv",
    "mediatype": "text/csv",
    "encoding": "utf-8",
    "title": "Monitoring dan evaluasi SOP",
    "schema": MONEV_SCHEMA,
}


def text_problem(value: str) -> str | None:
    """Indonesian reason why a text cell cannot be published as is, or None."""
    if "\n" in value or "\r" in value:
        return "berisi pindah baris; tulis dalam satu baris (pisahkan bagian dengan \"; \")"
    if value.startswith(FORMULA_PREFIXES):
        return (f'diawali "{value[0]}", yang dibaca lembar kerja sebagai rumus; hapus tanda itu atau awali teks '
                "dengan kata")
    if len(value) > TEXT_LIMIT:
        return f"panjangnya {len(value)} karakter, lebih dari {TEXT_LIMIT}; ringkas teksnya"
    return None


@dataclass(frozen=True)
class MonevAnswer:
    """The answer to one question of one assessment: one row of monev.csv."""

    question: str
    answer: str
    note: str = ""
    follow_up: str = ""
    row: int = 0

    @property
    def question_label(self) -> str:
        return QUESTION_LABELS.get(self.question, self.question)

    @property
    def answer_label(self) -> str:
        return ANSWER_LABELS.get(self.answer, self.answer)

    @property
    def positive(self) -> bool:
        return self.answer in POSITIVE


@dataclass(frozen=True)
class MonevRecord:
    """One filled form for one SOP: a monitoring or an evaluation on a date."""

    kind: str  # MONITORING or EVALUATION
    sop: str  # slug of the SOP's folder
    date: dt.date
    year: int
    semester: int | None
    assessor: str
    assessor_position: str
    answers: tuple[MonevAnswer, ...]

    @property
    def is_monitoring(self) -> bool:
        return self.kind == MONITORING

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def period(self) -> str:
        """"Semester I 2026" for a monitoring, "Tahun 2026" for an evaluation."""
        if self.semester in SEMESTER_NAMES:
            return f"Semester {SEMESTER_NAMES[self.semester]} {self.year}"
        return f"Tahun {self.year}"

    @property
    def positive_count(self) -> int:
        return sum(answer.positive for answer in self.answers)

    @property
    def all_positive(self) -> bool:
        return self.positive_count == len(self.answers)

    @property
    def summary(self) -> str:
        """"Berjalan dengan baik" (monitoring) or "5 dari 6 aspek: Ya" (evaluation)."""
        if self.is_monitoring:
            return "; ".join(answer.answer_label for answer in self.answers)
        return f"{self.positive_count} dari {len(self.answers)} aspek: Ya"

    @property
    def follow_ups(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.follow_up for a in self.answers if a.follow_up))

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(a.note for a in self.answers if a.note)

    @property
    def first_row(self) -> int:
        return min((a.row for a in self.answers), default=0)


def group_records(rows: Iterable[dict[str, Any]]) -> tuple[MonevRecord, ...]:
    """Rows (already validated; keys as in `MONEV_FIELDS` plus `row`) to
    records: one per (jenis, sop, tanggal), answers in form order. The first
    row of an assessment gives its year, semester and assessor (a check
    reports rows that disagree). Sorted by SOP, date and kind."""
    grouped: dict[tuple[str, str, dt.date], list[dict[str, Any]]] = {}
    for row in rows:
        grouped.setdefault((row["jenis"], row["sop"], row["tanggal"]), []).append(row)
    records = []
    for (kind, sop, date), members in grouped.items():
        members.sort(key=lambda r: (QUESTION_ORDER.get(r["pertanyaan"], len(QUESTION_ORDER)), r.get("row", 0)))
        first = min(members, key=lambda r: r.get("row", 0))
        records.append(MonevRecord(
            kind=kind, sop=sop, date=date, year=first["tahun"], semester=first.get("semester"),
            assessor=(first.get("penilai") or "").strip(),
            assessor_position=(first.get("jabatan_penilai") or "").strip(),
            answers=tuple(
                MonevAnswer(r["pertanyaan"], r["jawaban"], (r.get("catatan") or "").strip(),
                            (r.get("tindak_lanjut") or "").strip(), r.get("row", 0))
                for r in members
            ),
        ))
    return tuple(sorted(records, key=record_order))


def record_order(record: MonevRecord) -> tuple[str, dt.date, int]:
    """The order of monev.csv: SOP, date, kind (monitoring first)."""
    return record.sop, record.date, KINDS.index(record.kind)


def history(records: Iterable[MonevRecord], sop: str) -> tuple[MonevRecord, ...]:
    """Every record of one SOP, newest first (on one day, evaluation first)."""
    own = [r for r in records if r.sop == sop]
    return tuple(sorted(own, key=lambda r: (r.date, KINDS.index(r.kind)), reverse=True))


def latest(records: Iterable[MonevRecord], sop: str, kind: str) -> MonevRecord | None:
    return max((r for r in records if r.sop == sop and r.kind == kind), key=lambda r: r.date, default=None)


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` later; the month's last day when it has no such
    day (29 February + 12 months = 28 February)."""
    month_index = date.month - 1 + months
    year, month = date.year + month_index // 12, month_index % 12 + 1
    for day in (date.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(date.day, day))
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


class EvaluationState:
    """Where an SOP stands against the 12-month evaluation rule."""

    CURRENT = "terkini"
    OVERDUE = "terlambat"
    NEVER = "belum-pernah"


def evaluation_state(last: MonevRecord | None, reference: dt.date) -> str:
    """NEVER without an evaluation; OVERDUE when more than
    `EVALUATION_VALID_MONTHS` have passed since it on `reference` (an
    evaluation on 4 December 2025 is still current on 4 December 2026 and
    overdue from 5 December 2026); CURRENT otherwise."""
    if last is None:
        return EvaluationState.NEVER
    if reference > add_months(last.date, EVALUATION_VALID_MONTHS):
        return EvaluationState.OVERDUE
    return EvaluationState.CURRENT


def due_date(last: MonevRecord) -> dt.date:
    """The last day the evaluation `last` still counts."""
    return add_months(last.date, EVALUATION_VALID_MONTHS)
