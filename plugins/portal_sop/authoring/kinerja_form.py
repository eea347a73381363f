"""A filled Formulir Pengumpulan Data Kinerja back into realisasi entries.

The form says itself which kecamatan, version, year and triwulan it is for
(its keywords and its `tahun`/`triwulan` fields); values are read by the
stable field names of `pdf.forms`. Anything unexpected refuses the form with
a message naming the file and the field.
"""
from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.errors import PdfReadError

from ..kinerja.model import QUARTER_NAMES, KinerjaPackage
from ..spec import IDENTITY_PREFIX, KINERJA_FORM_VERSION, field_key
from .realisasi import Entry, ImportRefused, parse_date, parse_number

MAX_FORM_BYTES = 20_000_000
QUARTER_BY_NAME = {name: q for q, name in QUARTER_NAMES.items()}


def open_pdf(path: Path) -> pypdf.PdfReader:
    try:
        if not path.is_file():
            raise ImportRefused([f"{path}: bukan berkas biasa"])
        if path.stat().st_size > MAX_FORM_BYTES:
            raise ImportRefused([f"{path}: berkas lebih dari {MAX_FORM_BYTES // 1_000_000} MB; ini bukan formulir Portal SOP"])
        with path.open("rb") as handle:
            if handle.read(5) != b"%PDF-":
                raise ImportRefused([f"{path}: bukan berkas PDF"])
        reader = pypdf.PdfReader(str(path))
        if reader.is_encrypted:
            raise ImportRefused([f"{path}: PDF dilindungi kata sandi; simpan ulang formulir tanpa kata sandi lalu impor lagi"])
        return reader
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise ImportRefused([f"{path}: PDF rusak atau tidak dapat dibaca ({type(exc).__name__})"]) from None


def form_identity(path: Path, reader: pypdf.PdfReader) -> str:
    """The kecamatan path (`kabupaten/kecamatan`) the form was made for."""
    keywords = str((reader.metadata or {}).get("/Keywords") or "")
    tokens = [t.strip() for t in keywords.split(",") if t.strip().startswith(IDENTITY_PREFIX + ":")]
    if not tokens:
        raise ImportRefused([f"{path}: bukan Formulir Pengumpulan Data Kinerja dari Portal SOP (penanda formulir tidak ada)"])
    parts = tokens[0].split(":")
    if len(parts) != 4 or parts[1] != "data-kinerja":
        raise ImportRefused([f"{path}: formulir Portal SOP ini bukan Formulir Pengumpulan Data Kinerja"])
    if parts[2] != f"v{KINERJA_FORM_VERSION}":
        raise ImportRefused([
            f"{path}: versi formulir {parts[2]} tidak dikenal (versi yang dapat dibaca: v{KINERJA_FORM_VERSION}); "
            "unduh formulir terbaru dari portal"
        ])
    return parts[3]


def _text(fields: dict, name: str) -> str | None:
    field = fields.get(name)
    if field is None:
        return None
    value = field.get("/V")
    return "" if value is None else str(value).strip()


def read_form(path: Path, packages: dict[str, KinerjaPackage]) -> tuple[str, list[Entry]]:
    """(kecamatan path, entries) of one filled form; raises ImportRefused
    listing every problem of the form."""
    reader = open_pdf(path)
    district_path = form_identity(path, reader)
    package = packages.get(district_path)
    if package is None:
        raise ImportRefused([f"{path}: formulir untuk kecamatan {district_path}, yang tidak punya paket data kinerja di folder data"])
    try:
        fields = reader.get_fields() or {}
    except (PdfReadError, ValueError, KeyError, TypeError):
        raise ImportRefused([f"{path}: isian formulir tidak dapat dibaca"]) from None
    name = path.name
    problems: list[str] = []

    year_text = _text(fields, "tahun")
    year = int(year_text) if year_text and year_text.isdigit() and 2000 <= int(year_text) <= 2100 else None
    if year is None:
        problems.append(f'{name}, isian "tahun": "{year_text or ""}" bukan tahun (misalnya 2025)')
    quarter_text = (_text(fields, "triwulan") or "").removeprefix("Triwulan").strip().upper()
    quarter = QUARTER_BY_NAME.get(quarter_text) or (int(quarter_text) if quarter_text in {"1", "2", "3", "4"} else None)
    if quarter is None:
        problems.append(f'{name}, isian "triwulan": pilih Triwulan I, II, III atau IV')
    date_text = _text(fields, "ttd_camat_tanggal") or ""
    reported = parse_date(date_text)
    if reported is None:
        problems.append(
            f'{name}, isian "ttd_camat_tanggal": "{date_text}" bukan tanggal; tulis tanggal persetujuan Camat, '
            "misalnya 10 April 2025 atau 2025-04-10"
        )

    entries: list[Entry] = []
    for indicator in package.indicators:
        key = field_key(indicator.code)
        field = f"{key}_realisasi"
        raw = _text(fields, field)
        if raw is None:
            problems.append(f'{name}: isian "{field}" untuk indikator {indicator.code} tidak ada; formulir ini dibuat dari daftar indikator lain')
            continue
        if raw == "":
            problems.append(f'{name}, isian "{field}" ({indicator.name}): belum diisi')
            continue
        value = parse_number(raw)
        if value is None:
            problems.append(f'{name}, isian "{field}" ({indicator.name}): "{raw}" bukan angka; tulis misalnya 83,4')
            continue
        if year is None or quarter is None or reported is None:
            continue
        note = _text(fields, f"{key}_catatan") or ""
        entries.append(Entry(indicator.code, year, quarter, value, reported, note, f'{name}, isian "{field}"'))
    known = {field_key(i.code) for i in package.indicators}
    for field in sorted(fields):
        if field.endswith("_realisasi") and field.removesuffix("_realisasi") not in known:
            problems.append(f'{name}: isian "{field}" tidak cocok dengan indikator mana pun di paket data kinerja {district_path}')
    if problems:
        raise ImportRefused(problems)
    return district_path, entries
