"""Unfilled placeholders left by `portal-sop new` or `portal-sop import`.

A value starting with `ISI:` is an error with its line, so a pull request
with an unfinished file fails validation instead of publishing "ISI: …".
"""
from __future__ import annotations

import csv
from collections.abc import Callable, Collection
from pathlib import Path

from .. import inputs
from ..findings import Report
from ..spec import DISTRICT_FILE, PLACEHOLDER, SOP_FILE, STEPS_FILE
from .yamlsource import scalars

CODE = "isian-belum-diisi"


Spot = tuple[Path, str, str, int]  # file, key or column, value, line or row


def check_placeholders(root: Path, report: Report,
                       scan: Callable[[Path, Path], tuple[list[Spot], list[Spot]]] | None = None,
                       regencies: Collection[str] | None = None) -> None:
    """`scan(folder, root)` reads one kecamatan folder (`scan_folder`); the
    validation cache passes one that reuses an unchanged folder's result.
    `regencies` (kabupaten folder names) checks those kabupaten alone."""
    root = Path(root).resolve()
    if not root.is_dir():
        return
    values: list[Spot] = []
    cells: list[Spot] = []
    folders = (p for p in root.glob("*/*/") if p.is_dir())
    for folder in sorted(f for f in folders if regencies is None or f.parent.name in regencies):
        found_values, found_cells = (scan or scan_folder)(folder, root)
        values += found_values
        cells += found_cells
    # Same order as reading every file of the data folder in path order.
    for path, key, value, line in sorted(values, key=lambda spot: spot[0]):
        report.error(CODE, path, f'"{key}" masih berisi contoh isian "{_short(value)}"; ganti dengan isi dokumen SOP', key=key, row=line)
    # Findings about a placeholder cell (e.g. "pelaksana tidak dikenal") only
    # repeat that it is unfilled; the placeholder finding replaces them.
    before = len(report.findings)
    for path, column, value, number in sorted(cells, key=lambda spot: spot[0]):
        report.error(CODE, path, f'kolom "{column}" masih berisi contoh isian "{_short(value)}"; ganti dengan isi dokumen SOP', row=number, column=column)
    spots = {(f.file, f.row, f.column) for f in report.findings[before:]}
    report.findings[:] = [f for i, f in enumerate(report.findings) if i >= before or (f.file, f.row, f.column) not in spots]


def scan_folder(folder: Path, root: Path) -> tuple[list[Spot], list[Spot]]:
    """Placeholder values of one kecamatan folder's YAML files and cells of
    its step tables."""
    values: list[Spot] = []
    for path in sorted([*folder.glob(DISTRICT_FILE), *folder.glob(f"*/{SOP_FILE}")]):
        text = _read(path, root) or ""
        # Parsing every YAML file again is slow; a file without the marker
        # (and without escapes that could spell it) has no placeholder.
        if PLACEHOLDER not in text and "\\" not in text:
            continue
        values += [(path, key, value, line) for key, value, line in scalars(text) if value.strip().startswith(PLACEHOLDER)]
    cells: list[Spot] = []
    for path in sorted(folder.glob(f"*/{STEPS_FILE}")):
        text = _read(path, root)
        if not text:
            continue
        try:
            cells += [(p, column, value, number) for p, number, column, value in _placeholder_cells(path, text)]
        except csv.Error:
            continue  # the loader reports a table it cannot read
    return values, cells


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
