"""Unfilled placeholders left by `portal-sop new` or `portal-sop import`.

A value starting with `ISI:` is an error with its line, so a pull request
with an unfinished file fails validation instead of publishing "ISI: …".
"""
from __future__ import annotations

import csv
from pathlib import Path

from .datafiles import PLACEHOLDER
from .findings import Report
from .loader import DISTRICT_FILE, SOP_FILE, STEPS_FILE
from .yamlpos import scalars

CODE = "isian-belum-diisi"


def check_placeholders(root: Path, report: Report) -> None:
    root = Path(root)
    if not root.is_dir():
        return
    for path in sorted([*root.glob(f"*/*/{DISTRICT_FILE}"), *root.glob(f"*/*/*/{SOP_FILE}")]):
        text = _read(path)
        for key, value, line in scalars(text or ""):
            if value.strip().startswith(PLACEHOLDER):
                report.error(CODE, path, f'"{key}" masih berisi contoh isian "{_short(value)}"; ganti dengan isi dokumen SOP', key=key, row=line)
    for path in sorted(root.glob(f"*/*/*/{STEPS_FILE}")):
        text = _read(path)
        if not text:
            continue
        rows = csv.reader(text.splitlines())
        header = next(rows, [])
        for number, row in enumerate(rows, start=2):
            for column, value in zip(header, row):
                if value.strip().startswith(PLACEHOLDER):
                    report.error(CODE, path, f'kolom "{column.strip()}" masih berisi contoh isian "{_short(value)}"; ganti dengan isi dokumen SOP', row=number, column=column.strip())


def _read(path: Path) -> str | None:
    try:
        return path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None  # the loader reports unreadable files


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 70 else value[:67] + "…"
