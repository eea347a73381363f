"""Frictionless errors as findings: the one translator.

A frictionless error becomes a declared code (`skema-<type>`, or the
`kinerja-…` type of our own checks) and an Indonesian message made from the
error's fields (type, field name, row number, cell) and the schema's
constraints, never from frictionless' English note or title, whose wording
may change with any release.
"""
from __future__ import annotations

from typing import Any

from frictionless import Schema

from .catalogue import CATALOGUE

FALLBACK = "skema-lainnya"
TYPE_NAMES = {
    "integer": "bilangan bulat",
    "number": "angka (desimal ditulis dengan titik, misalnya 83.5)",
    "string": "teks",
    "date": "tanggal TTTT-BB-HH",
    "boolean": "true atau false",
    "year": "tahun empat angka",
}
MESSAGES = {
    "missing-cell": "sel kosong karena baris ini kekurangan kolom (baris tidak rata)",
    "extra-cell": "baris ini punya sel lebih banyak daripada judul kolom",
    "blank-row": "baris kosong; hapus baris ini",
    "missing-label": "judul kolom ini tidak ada di baris pertama",
    "extra-label": "judul kolom ini tidak ada di skema; hapus kolomnya atau tambahkan ke skema",
    "incorrect-label": "judul kolom berbeda dengan skema; samakan urutan dan ejaannya",
    "duplicate-label": "judul kolom ditulis dua kali",
    "blank-label": "judul kolom kosong",
    "encoding-error": 'berkas bukan UTF-8; simpan ulang sebagai "CSV UTF-8"',
}


def finding_code(error: Any) -> str:
    """The catalogue code of a frictionless error; our own checks' types are
    codes already."""
    if error.type in CATALOGUE:
        return error.type
    code = f"skema-{error.type}"
    return code if code in CATALOGUE else FALLBACK


def is_header_error(error: Any) -> bool:
    return error.type.endswith("-label")


def column(error: Any) -> str | None:
    """The column a maintainer looks for: the field, or the header label."""
    if is_header_error(error):
        return getattr(error, "label", None) or getattr(error, "field_name", None)
    return getattr(error, "field_name", None)


def message(error: Any, schema: Schema) -> str:
    """An Indonesian sentence saying what is wrong with the cell or row."""
    if error.type in CATALOGUE:  # our own checks write Indonesian notes
        return error.note
    cell = getattr(error, "cell", "")
    name = getattr(error, "field_name", None)
    field = schema.get_field(name) if name in schema.field_names else None
    if error.type == "type-error" and field is not None:
        return f'isi sel "{cell}" bukan {TYPE_NAMES.get(field.type, field.type)}'
    if error.type == "constraint-error" and field is not None:
        return _constraint_message(field, cell)
    if error.type == "primary-key":
        keys = ", ".join(schema.primary_key)
        return f"nilai kolom {keys} sudah dipakai baris lain; setiap baris harus unik"
    if error.type == "foreign-key":
        keys = ", ".join(name for fk in schema.foreign_keys for name in fk["fields"])
        return f"nilai kolom {keys} tidak ada di tabel yang dirujuk"
    if error.type in MESSAGES:
        return MESSAGES[error.type]
    return f"tabel tidak dapat dibaca (jenis galat Frictionless: {error.type})"


def _constraint_message(field: Any, cell: Any) -> str:
    """Which constraint the cell breaks, found by reading the cell with the
    field again: frictionless names each broken constraint in its notes."""
    _, notes = field.read_cell(cell)
    broken = set(notes or ())
    constraints = field.constraints
    if "required" in broken:
        return "sel ini wajib diisi"
    if "enum" in broken:
        return f'nilai "{cell}" tidak diizinkan; pilih salah satu: {", ".join(map(str, constraints["enum"]))}'
    if "minimum" in broken or "exclusiveMinimum" in broken:
        return f'nilai "{cell}" terlalu kecil; paling kecil {constraints.get("minimum", constraints.get("exclusiveMinimum"))}'
    if "maximum" in broken or "exclusiveMaximum" in broken:
        return f'nilai "{cell}" terlalu besar; paling besar {constraints.get("maximum", constraints.get("exclusiveMaximum"))}'
    if "pattern" in broken:
        example = f" (misalnya {field.example})" if field.example else ""
        return f'nilai "{cell}" tidak sesuai bentuk kolom {field.name}{example}: {field.description}'
    if "minLength" in broken:
        return f'nilai "{cell}" terlalu pendek; paling sedikit {constraints["minLength"]} karakter'
    if "maxLength" in broken:
        return f'nilai "{cell}" terlalu panjang; paling banyak {constraints["maxLength"]} karakter'
    return f'nilai "{cell}" melanggar aturan kolom {field.name}: {", ".join(sorted(broken)) or "tidak diketahui"}'
