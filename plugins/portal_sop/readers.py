"""Reading one data file safely: a size limit, UTF-8, YAML that is a mapping.

Data arrives by pull request from anyone; a file too big, in the wrong
encoding or not a `kunci: nilai` mapping becomes a finding naming the file
and line, never an exception. The SOP and data kinerja loaders share it.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .findings import Report

MAX_FILE_BYTES = 2_000_000


def read_yaml(path: Path, report: Report) -> dict[str, Any] | None:
    if path.stat().st_size > MAX_FILE_BYTES:
        report.error("berkas-terlalu-besar", path, f"berkas lebih dari {MAX_FILE_BYTES // 1_000_000} MB")
        return None
    try:
        text = path.read_text("utf-8-sig")
    except UnicodeDecodeError:
        report.error("bukan-utf8", path, "berkas bukan UTF-8; simpan ulang dengan pengodean UTF-8")
        return None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or "format tidak sah"
        report.error(
            "yaml-tidak-sah", path,
            f"YAML tidak dapat dibaca ({problem}); periksa titik dua, tanda kutip dan indentasi",
            row=mark.line + 1 if mark else None, column=str(mark.column + 1) if mark else None,
        )
        return None
    if data is None:
        report.error("berkas-kosong", path, "berkas kosong; isi semua kolom identitas")
        return None
    if not isinstance(data, dict):
        report.error("yaml-bukan-peta", path, "isi berkas harus pasangan `kunci: nilai`")
        return None
    return data
