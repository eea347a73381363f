"""Reading one data file safely: the input rule, UTF-8, safe YAML that is a mapping.

Data arrives by pull request from anyone; a file outside the data folder,
a FIFO, a file too big, in the wrong encoding, YAML the safe loader refuses
or not a `kunci: nilai` mapping becomes a finding naming the file and line,
never an exception. The SOP and data kinerja loaders share it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from . import inputs, safeyaml, textcheck
from .findings import Report

MAX_FILE_BYTES = inputs.MAX_FILE_BYTES


def read_file(path: Path, report: Report) -> bytes | None:
    """The bytes of a data file under the input rule (`inputs`, inside
    `report.root`), or None with a finding saying why it was not read."""
    try:
        return inputs.read_bytes(path, report.root)
    except inputs.InputError as exc:
        report.error(exc.code, path, exc.reason)
        return None


def read_yaml(path: Path, report: Report) -> dict[str, Any] | None:
    raw = read_file(path, report)
    if raw is None:
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.error("bukan-utf8", path, "berkas bukan UTF-8; simpan ulang dengan pengodean UTF-8")
        return None
    try:
        data = safeyaml.load(text)
    except safeyaml.YamlError as exc:
        report.error(exc.code, path, exc.message, row=exc.line, column=str(exc.column) if exc.column else None)
        return None
    if data is None:
        report.error("berkas-kosong", path, "berkas kosong; isi semua kolom identitas")
        return None
    if not isinstance(data, dict):
        report.error("yaml-bukan-peta", path, "isi berkas harus pasangan `kunci: nilai`")
        return None
    check_values(data, path, report)
    return data


def check_text(text: str, path: Path, report: Report, field: str, **where: object) -> None:
    """The `textcheck` rules for one value: an error for control, bidi and
    invisible characters, a warning for characters the PDF cannot print."""
    problem = textcheck.unsafe_character(text)
    if problem:
        report.error("karakter-tidak-sah", path, textcheck.unsafe_message(field, problem), **where)
    missing = textcheck.missing_glyphs(text)
    if missing:
        report.warning("huruf-pdf-tidak-ada", path, textcheck.glyph_message(field, missing), **where)


def check_values(data: object, path: Path, report: Report, key: str = "") -> None:
    """`check_text` on every key and text value of a YAML mapping, located by
    dotted key (list items counted from 1, as `sop.yamlsource.key_line`)."""
    if isinstance(data, dict):
        for k, v in data.items():
            name = f"{key}.{k}" if key else str(k)
            if isinstance(k, str):
                check_text(k, path, report, name, key=name)
            check_values(v, path, report, name)
    elif isinstance(data, list):
        for index, item in enumerate(data, start=1):
            check_values(item, path, report, f"{key}.{index}")
    elif isinstance(data, str):
        check_text(data, path, report, key, key=key)
