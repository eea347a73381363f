"""Unfilled placeholders left by `portal-sop new` or `portal-sop import`.

A value starting with `ISI:` is an error with its line, so a pull request
with an unfinished file fails validation instead of publishing "ISI: …".
"""
from __future__ import annotations

import csv
import glob
from collections.abc import Collection
from pathlib import Path

from .. import inputs
from ..findings import Report
from ..spec import DISTRICT_FILE, PLACEHOLDER, SOP_FILE, STEPS_FILE
from .yamlsource import scalars

CODE = "isian-belum-diisi"


def check_placeholders(root: Path, report: Report, regencies: Collection[str] | None = None) -> None:
    """`regencies` (kabupaten folder names) checks those kabupaten alone."""
    root = Path(root).resolve()
    if not root.is_dir():
        return
    tops = ["*"] if regencies is None else [glob.escape(name) for name in sorted(regencies)]

    def found(pattern: str) -> list[Path]:
        return [path for top in tops for path in root.glob(f"{top}/{pattern}")]

    for path in sorted([*found(f"*/{DISTRICT_FILE}"), *found(f"*/*/{SOP_FILE}")]):
        text = _read(path, root) or ""
        # Parsing every YAML file again is slow; a file without the marker
        # (and without escapes that could spell it) has no placeholder.
        if PLACEHOLDER not in text and "\\" not in text:
            continue
        for key, value, line in scalars(text):
            if value.strip().startswith(PLACEHOLDER):
                report.error(CODE, path, f'"{key}" masih berisi contoh isian "{_short(value)}"; ganti dengan isi dokumen SOP', key=key, row=line)
    cells: list[tuple[Path, int, str, str]] = []
    for path in sorted(found(f"*/*/{STEPS_FILE}")):
        text = _read(path, root)
        if not text:
            continue
        try:
            cells.extend(_placeholder_cells(path, text))
        except csv.Error:
            continue  # the loader reports a table it cannot read
    # Findings about a placeholder cell (e.g. "pelaksana tidak dikenal") only
    # repeat that it is unfilled; the placeholder finding replaces them.
    before = len(report.findings)
    for path, number, column, value in cells:
        report.error(CODE, path, f'kolom "{column}" masih berisi contoh isian "{_short(value)}"; ganti dengan isi dokumen SOP', row=number, column=column)
    spots = {(f.file, f.row, f.column) for f in report.findings[before:]}
    report.findings[:] = [f for i, f in enumerate(report.findings) if i >= before or (f.file, f.row, f.column) not in spots]


def _placeholder_cells(path: Path, text: str) -> list[tuple[Path, int, str, str]]:
    rows = csv.reader(text.splitlines())
    header = next(rows, [])
    return [
        (path, number, column.strip(), value)
        for number, row in enumerate(rows, start=2)
        for column, value in zip(header, row)
        if value.strip().startswith(PLACEHOLDER)
    ]


def _read(path: Path, root: Path) -> str | None:
    try:
        return inputs.read_bytes(path, root).decode("utf-8-sig")
    except (inputs.InputError, UnicodeDecodeError):
        return None  # the loader reports files it cannot or may not read


def _short(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= 70 else value[:67] + "…"
