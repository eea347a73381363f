"""Domain rules for data kinerja, written as Frictionless checks.

They run inside `Resource.validate` next to frictionless' own schema,
integrity and foreign-key checks, so every finding comes out of one
validation report. Each error class has a stable `type`, declared with its
title and description in `catalogue`; the loader reports it under that code.
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, ClassVar, Iterable

import attrs
from frictionless import Check
from frictionless.errors import CellError

from ..catalogue import finding_type
from . import monev
from .model import QUARTERS, Indicator, count_fraction_problem, unit_range_problem

if TYPE_CHECKING:
    from frictionless.table import Row

INDICATORS = "indikator"
TARGETS = "target"
RESULTS = "realisasi"
MONEV = monev.RESOURCE


class _KinerjaError(CellError):
    """A domain error whose title and description come from the catalogue,
    where its code is declared once."""

    template = "{note}"

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = finding_type(cls.type)
        cls.title, cls.description = declared.title, declared.description


class DuplicateResultError(_KinerjaError):
    type = "kinerja-realisasi-ganda"


class DuplicateTargetError(_KinerjaError):
    type = "kinerja-target-ganda"


class QuarterError(_KinerjaError):
    type = "kinerja-triwulan-tidak-sah"


class ZeroTargetError(_KinerjaError):
    type = "kinerja-target-nol"


class UnknownIndicatorError(_KinerjaError):
    type = "kinerja-indikator-tidak-dikenal"


class OutOfRangeError(_KinerjaError):
    type = "kinerja-di-luar-rentang"


class FractionalCountError(_KinerjaError):
    type = "kinerja-jumlah-pecahan"


class NonFiniteError(_KinerjaError):
    type = "kinerja-angka-tak-hingga"


class DuplicateMonevError(_KinerjaError):
    type = "monev-ganda"


class MonevQuestionError(_KinerjaError):
    type = "monev-pertanyaan-tidak-sah"


class MonevAnswerError(_KinerjaError):
    type = "monev-jawaban-tidak-sah"


class MonevSemesterError(_KinerjaError):
    type = "monev-semester-tidak-sah"


class MonevTextError(_KinerjaError):
    type = "monev-teks-tidak-aman"


class MonevMismatchError(_KinerjaError):
    type = "monev-penilaian-tidak-seragam"


NUMBER_FIELDS = ("target_akhir_periode", "target", "realisasi")


def is_finite(value: Any) -> bool:
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def _cell_ok(row: Row, name: str) -> bool:
    """True when frictionless already parsed the cell without an error, so a
    domain rule does not repeat a schema finding on the same cell."""
    if name not in row or row[name] is None:
        return False
    if name in NUMBER_FIELDS and not is_finite(row[name]):
        return False
    return all(getattr(error, "field_name", None) != name for error in row.errors)


@attrs.define(kw_only=True, repr=False)
class finite_numbers(Check):
    """Frictionless reads "NaN", "inf" and "-inf" as numbers; a chart or a
    capaian made of them is nonsense, so they are refused."""

    type = "kinerja-angka-tak-hingga"
    Errors = [NonFiniteError]

    def validate_row(self, row: Row) -> Iterable[Any]:
        for name in NUMBER_FIELDS:
            if name in row.field_names and row.get(name) is not None and not is_finite(row[name]):
                yield NonFiniteError.from_row(
                    row, note=f'nilai "{row[name]}" bukan angka biasa; tulis angkanya, misalnya 83.5, atau hapus baris '
                    "bila belum ada realisasi", field_name=name,
                )


@attrs.define(kw_only=True, repr=False)
class _unique_rows(Check):
    """No second row with the same values in `key_fields`; the primary key
    says the same to any Frictionless user, this names the first row."""

    key_fields: ClassVar[tuple[str, ...]] = ()
    error: ClassVar[type[CellError]]
    seen: dict[tuple[Any, ...], int] = attrs.field(factory=dict, init=False)

    def validate_start(self) -> Iterable[Any]:
        self.seen = {}
        yield from []

    def validate_row(self, row: Row) -> Iterable[Any]:
        if not all(_cell_ok(row, n) for n in self.key_fields):
            return
        key = tuple(row[n] for n in self.key_fields)
        first = self.seen.setdefault(key, row.row_number)
        if first != row.row_number:
            yield self.error.from_row(
                row, note=f"{self.describe(key)} sudah ditulis di baris {first}; hapus salah satu",
                field_name=self.key_fields[-1],
            )

    def describe(self, key: tuple[Any, ...]) -> str:
        raise NotImplementedError


@attrs.define(kw_only=True, repr=False)
class duplicate_result(_unique_rows):
    """No second realisasi for the same (indikator, tahun, triwulan)."""

    type = "kinerja-realisasi-ganda"
    Errors = [DuplicateResultError]
    key_fields = ("kode_indikator", "tahun", "triwulan")
    error = DuplicateResultError

    def describe(self, key: tuple[Any, ...]) -> str:
        return f"realisasi {key[0]} tahun {key[1]} triwulan {key[2]}"


@attrs.define(kw_only=True, repr=False)
class duplicate_target(_unique_rows):
    """No second target for the same (indikator, tahun)."""

    type = "kinerja-target-ganda"
    Errors = [DuplicateTargetError]
    key_fields = ("kode_indikator", "tahun")
    error = DuplicateTargetError

    def describe(self, key: tuple[Any, ...]) -> str:
        return f"target {key[0]} tahun {key[1]}"


@attrs.define(kw_only=True, repr=False)
class quarter_range(Check):
    """Triwulan is 1–4."""

    type = "kinerja-triwulan-tidak-sah"
    Errors = [QuarterError]

    def validate_row(self, row: Row) -> Iterable[Any]:
        if _cell_ok(row, "triwulan") and row["triwulan"] not in QUARTERS:
            yield QuarterError.from_row(
                row, note=f"triwulan {row['triwulan']} tidak ada; isi 1, 2, 3 atau 4", field_name="triwulan"
            )


@attrs.define(kw_only=True, repr=False)
class positive_target(Check):
    """Target above zero: capaian divides by it."""

    type = "kinerja-target-nol"
    Errors = [ZeroTargetError]

    def validate_row(self, row: Row) -> Iterable[Any]:
        if _cell_ok(row, "target") and row["target"] <= 0:
            yield ZeroTargetError.from_row(
                row,
                note=f"target {row['target']:g}; capaian tidak dapat dihitung. Isi target lebih dari 0 "
                "(untuk indikator yang targetnya nol, pakai satuan lain, misalnya persen pengaduan yang tuntas)",
                field_name="target",
            )


@attrs.define(kw_only=True, repr=False)
class unit_range(Check):
    """Values possible in their unit: percent at most 100, counts whole and
    not negative. On indikator.csv it checks the final-period target; on
    target.csv and realisasi.csv the target or realisasi, with the unit of
    the indicator it refers to."""

    type = "kinerja-di-luar-rentang"
    Errors = [OutOfRangeError, FractionalCountError]
    indicators: dict[str, Indicator] = attrs.field(factory=dict)

    def validate_row(self, row: Row) -> Iterable[Any]:
        if "satuan" in row.field_names:
            value_field, unit = "target_akhir_periode", row.get("satuan") if _cell_ok(row, "satuan") else None
        else:
            indicator = self.indicators.get(row.get("kode_indikator")) if _cell_ok(row, "kode_indikator") else None
            value_field = "target" if "target" in row.field_names else "realisasi"
            unit = indicator.unit if indicator else None
        if unit is None or not _cell_ok(row, value_field):
            return
        value = float(row[value_field])
        problem = unit_range_problem(unit, value)
        if problem:
            yield OutOfRangeError.from_row(row, note=problem, field_name=value_field)
        fraction = count_fraction_problem(unit, value)
        if fraction:
            yield FractionalCountError.from_row(row, note=fraction, field_name=value_field)


@attrs.define(kw_only=True, repr=False)
class known_indicator(Check):
    """Each realisasi refers to an indicator of indikator.csv. The schema's
    foreign key says the same to any Frictionless user; this check names the
    codes that exist, which the foreign-key error does not."""

    type = "kinerja-indikator-tidak-dikenal"
    Errors = [UnknownIndicatorError]
    indicators: dict[str, Indicator] = attrs.field(factory=dict)

    def validate_row(self, row: Row) -> Iterable[Any]:
        if _cell_ok(row, "kode_indikator") and row["kode_indikator"] not in self.indicators:
            known = ", ".join(sorted(self.indicators)) or "(belum ada)"
            yield UnknownIndicatorError.from_row(
                row,
                note=f'indikator "{row["kode_indikator"]}" tidak ada di indikator.csv; kode yang ada: {known}',
                field_name="kode_indikator",
            )


@attrs.define(kw_only=True, repr=False)
class duplicate_monev(_unique_rows):
    """No second answer to the same question in one assessment."""

    type = "monev-ganda"
    Errors = [DuplicateMonevError]
    key_fields = ("jenis", "sop", "tanggal", "pertanyaan")
    error = DuplicateMonevError

    def describe(self, key: tuple[Any, ...]) -> str:
        return f"jawaban {key[0]} SOP {key[1]} tanggal {key[2].isoformat()} pertanyaan {key[3]}"


@attrs.define(kw_only=True, repr=False)
class monev_form_rules(Check):
    """What each form allows: monitoring asks `penerapan` (baik/tidak_baik)
    for a semester; evaluation asks the six questions (ya/tidak) for a year,
    without a semester."""

    type = "monev-pertanyaan-tidak-sah"
    Errors = [MonevQuestionError, MonevAnswerError, MonevSemesterError]

    def validate_row(self, row: Row) -> Iterable[Any]:
        if not _cell_ok(row, "jenis"):
            return
        kind = row["jenis"]
        form = "formulir monitoring" if kind == monev.MONITORING else "formulir evaluasi"
        if _cell_ok(row, "pertanyaan") and row["pertanyaan"] not in monev.QUESTIONS[kind]:
            yield MonevQuestionError.from_row(
                row, note=f'pertanyaan "{row["pertanyaan"]}" tidak ada di {form}; untuk jenis {kind} isi salah satu: '
                f'{", ".join(monev.QUESTIONS[kind])}', field_name="pertanyaan",
            )
        if _cell_ok(row, "jawaban") and row["jawaban"] not in monev.ANSWERS[kind]:
            yield MonevAnswerError.from_row(
                row, note=f'jawaban "{row["jawaban"]}" bukan jawaban {form}; untuk jenis {kind} isi '
                f'{" atau ".join(monev.ANSWERS[kind])}', field_name="jawaban",
            )
        semester_bad = any(getattr(e, "field_name", None) == "semester" for e in row.errors)
        if kind == monev.MONITORING and row.get("semester") is None and not semester_bad:
            yield MonevSemesterError.from_row(
                row, note="semester monitoring kosong; isi 1 (Januari–Juni) atau 2 (Juli–Desember)", field_name="semester",
            )
        if kind == monev.EVALUATION and row.get("semester") is not None and not semester_bad:
            yield MonevSemesterError.from_row(
                row, note=f"evaluasi dinilai per tahun, bukan per semester; kosongkan semester (tertulis {row['semester']})",
                field_name="semester",
            )


@attrs.define(kw_only=True, repr=False)
class monev_safe_text(Check):
    """Text cells stay one line and never start like a spreadsheet formula:
    monev.csv is a download that people open in Excel."""

    type = "monev-teks-tidak-aman"
    Errors = [MonevTextError]

    def validate_row(self, row: Row) -> Iterable[Any]:
        for name in monev.TEXT_FIELDS:
            if _cell_ok(row, name) and isinstance(row[name], str):
                problem = monev.text_problem(row[name])
                if problem:
                    yield MonevTextError.from_row(row, note=f"teks kolom {name} {problem}", field_name=name)


@attrs.define(kw_only=True, repr=False)
class monev_same_assessment(Check):
    """The rows of one assessment (jenis, sop, tanggal) are one filled form:
    same year, semester, assessor and position on every row."""

    type = "monev-penilaian-tidak-seragam"
    Errors = [MonevMismatchError]
    first: dict[tuple[Any, ...], tuple[int, dict[str, Any]]] = attrs.field(factory=dict, init=False)

    SHARED: ClassVar[tuple[str, ...]] = ("tahun", "semester", "penilai", "jabatan_penilai")

    def validate_start(self) -> Iterable[Any]:
        self.first = {}
        yield from []

    def validate_row(self, row: Row) -> Iterable[Any]:
        if not all(_cell_ok(row, n) for n in ("jenis", "sop", "tanggal")):
            return
        key = (row["jenis"], row["sop"], row["tanggal"])
        values = {name: row.get(name) for name in self.SHARED}
        number, seen = self.first.setdefault(key, (row.row_number, values))
        if number == row.row_number:
            return
        for name in self.SHARED:
            if values[name] != seen[name] and not any(getattr(e, "field_name", None) == name for e in row.errors):
                yield MonevMismatchError.from_row(
                    row, note=f'{name} "{values[name] if values[name] is not None else ""}" berbeda dengan baris {number} '
                    f'("{seen[name] if seen[name] is not None else ""}") dari penilaian yang sama ({key[0]} {key[1]} '
                    f"{key[2].isoformat()}); samakan isinya", field_name=name,
                )


def indicator_checks() -> list[Check]:
    return [finite_numbers(), unit_range()]


def target_checks(indicators: dict[str, Indicator]) -> list[Check]:
    return [
        finite_numbers(),
        duplicate_target(),
        positive_target(),
        known_indicator(indicators=indicators),
        unit_range(indicators=indicators),
    ]


def result_checks(indicators: dict[str, Indicator]) -> list[Check]:
    return [
        finite_numbers(),
        duplicate_result(),
        quarter_range(),
        known_indicator(indicators=indicators),
        unit_range(indicators=indicators),
    ]


def monev_checks() -> list[Check]:
    return [duplicate_monev(), monev_form_rules(), monev_safe_text(), monev_same_assessment()]


# Frictionless errors made redundant by a domain check on the same row.
SUPERSEDED_BY = {
    "primary-key": (DuplicateResultError.type, DuplicateTargetError.type, DuplicateMonevError.type),
    "foreign-key": (UnknownIndicatorError.type,),
}
