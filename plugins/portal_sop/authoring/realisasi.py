"""Realisasi coming back from outside (filled PDF forms, spreadsheets) into a
kecamatan's data kinerja package.

Every source turns into `Entry` values first; `plan` compares them with the
package as it is and refuses the whole run on any problem; `apply` writes
realisasi.csv once, atomically, and checks the package again with the same
rules as the build. A refused or failed run leaves the package byte for byte
as it was.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path

from ..cache import atomic_write
from ..errors import UserError
from ..findings import Report
from ..kinerja.loader import DESCRIPTOR, FOLDER, load_package
from ..kinerja.model import QUARTER_NAMES, KinerjaPackage, count_fraction_problem, unit_range_problem
from ..readers import read_yaml

RESULT_COLUMNS = ["kode_indikator", "tahun", "triwulan", "realisasi", "tanggal_lapor", "catatan"]
MONTHS = {
    "januari": 1, "februari": 2, "maret": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "agustus": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
}


class ImportRefused(UserError):
    """The run is refused; `problems` are Indonesian lines naming file and field."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Entry:
    """One realisasi value read from a source document."""

    indicator: str
    year: int
    quarter: int
    value: float
    reported: dt.date
    note: str
    origin: str  # where it was read: "formulir.pdf, isian ikm_realisasi"


@dataclass(frozen=True)
class Change:
    entry: Entry
    old: float | None  # None: a new row

    def describe(self) -> str:
        e = self.entry
        where = f"{e.indicator} tahun {e.year} triwulan {QUARTER_NAMES[e.quarter]}"
        if self.old is None:
            return f"tambah: {where} = {shown(e.value)}"
        return f"ubah: {where}: {shown(self.old)} → {shown(e.value)}"


def format_value(value: float) -> str:
    """The CSV spelling of a number: no trailing zeros, point as decimal mark."""
    text = f"{value:.10g}"
    return text if "e" not in text else repr(value)


def shown(value: float) -> str:
    """A number as Indonesian readers write it: decimal comma."""
    return format_value(value).replace(".", ",")


def parse_number(text: str) -> float | None:
    """A number as office staff type it: 83,4 or 83.4, optional spaces and %.
    None when it is not a number."""
    cleaned = text.strip().removesuffix("%").strip().replace(" ", "")
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})+,\d+", cleaned):  # 1.234,5
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif re.fullmatch(r"-?\d+,\d+", cleaned):
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"-?\d+(\.\d+)?", cleaned) or len(cleaned) > 20:
        return None
    return float(cleaned)


WEEKDAY = re.compile(r"^(senin|selasa|rabu|kamis|jum'?at|sabtu|minggu),? ")
MONTH_ABBREVIATIONS = {**{name[:3]: number for name, number in MONTHS.items()}, "agt": 8, "ags": 8}


def parse_date(text: str) -> dt.date | None:
    """2025-04-10, 10-04-2025, 10/04/2025, 10 April 2025, 10 Apr 2025 or
    Kamis, 10 April 2025; None otherwise."""
    text = WEEKDAY.sub("", " ".join(text.strip().lower().split()), count=1)
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", text):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := re.fullmatch(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", text):
            return dt.date(int(m[3]), int(m[2]), int(m[1]))
        if m := re.fullmatch(r"(\d{1,2}) ([a-z]+)\.? (\d{4})", text):
            month = MONTHS.get(m[2]) or MONTH_ABBREVIATIONS.get(m[2])
            if month:
                return dt.date(int(m[3]), month, int(m[1]))
    except ValueError:
        return None
    return None


def value_problem(package: KinerjaPackage, code: str, value: float) -> str | None:
    indicator = package.indicator(code)
    if indicator is None:
        return f"indikator {code} tidak ada di paket data kinerja"
    return unit_range_problem(indicator.unit, value) or count_fraction_problem(indicator.unit, value)


@dataclass(frozen=True)
class Target:
    """Where a kecamatan's realisasi live."""

    folder: Path  # .../<kab>/<kec>/data-kinerja
    results_file: Path
    package: KinerjaPackage
    district_path: str


def locate(data_dir: Path, district_path: str, packages: dict[str, KinerjaPackage]) -> Target:
    package = packages.get(district_path)
    folder = Path(data_dir) / district_path / FOLDER
    if package is None:
        raise ImportRefused([f"kecamatan {district_path} tidak punya paket data kinerja yang sah di {folder}"])
    descriptor = read_yaml(folder / DESCRIPTOR, Report(root=Path(data_dir)))
    resources = (descriptor or {}).get("resources") or []
    name = next((r.get("path") for r in resources if isinstance(r, dict) and r.get("name") == "realisasi"), None)
    if not isinstance(name, str):
        raise ImportRefused([f"{folder / DESCRIPTOR}: sumber daya realisasi tidak ditemukan"])
    return Target(folder, folder / name, package, district_path)


def plan(target: Target, entries: list[Entry], overwrite: bool) -> list[Change]:
    """What the entries would add or change; raises ImportRefused (all
    problems at once) when any value may not be written."""
    problems: list[str] = []
    seen: dict[tuple[str, int, int], Entry] = {}
    changes: list[Change] = []
    for entry in entries:
        key = (entry.indicator, entry.year, entry.quarter)
        if key in seen and seen[key].value != entry.value:
            problems.append(
                f"{entry.origin}: {entry.indicator} triwulan {QUARTER_NAMES[entry.quarter]} {entry.year} "
                f"juga diisi di {seen[key].origin} dengan nilai lain ({shown(seen[key].value)} dan {shown(entry.value)})"
            )
            continue
        if key in seen:
            continue
        seen[key] = entry
        problem = value_problem(target.package, entry.indicator, entry.value)
        if problem:
            problems.append(f"{entry.origin}: {problem}")
            continue
        existing = target.package.result(*key)
        if existing is None:
            changes.append(Change(entry, None))
        elif existing.value != entry.value:
            if not overwrite:
                problems.append(
                    f"{entry.origin}: realisasi {entry.indicator} triwulan {QUARTER_NAMES[entry.quarter]} {entry.year} "
                    f"sudah ada dengan nilai {shown(existing.value)}, formulir berisi {shown(entry.value)}; "
                    "periksa angkanya, atau pakai --timpa untuk mengganti nilai lama"
                )
                continue
            changes.append(Change(entry, existing.value))
    if problems:
        raise ImportRefused(problems)
    return changes


def apply(target: Target, changes: list[Change], data_dir: Path) -> None:
    """Write the changes into realisasi.csv, then validate the package with
    the build's rules; restores the file when that fails."""
    if not changes:
        return
    original = target.results_file.read_bytes()
    text = original.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    index = {name: i for i, name in enumerate(header)}
    missing = [c for c in RESULT_COLUMNS[:5] if c not in index]
    if missing:
        raise ImportRefused([f"{target.results_file}: kolom {', '.join(missing)} tidak ada"])

    def key_of(row: list[str]) -> tuple[str, str, str]:
        return (row[index["kode_indikator"]], row[index["tahun"]], row[index["triwulan"]])

    def new_row(entry: Entry, keep: list[str] | None = None) -> list[str]:
        row = list(keep) if keep else [""] * len(header)
        row += [""] * (len(header) - len(row))
        row[index["kode_indikator"]] = entry.indicator
        row[index["tahun"]] = str(entry.year)
        row[index["triwulan"]] = str(entry.quarter)
        row[index["realisasi"]] = format_value(entry.value)
        row[index["tanggal_lapor"]] = entry.reported.isoformat()
        if "catatan" in index and entry.note:
            row[index["catatan"]] = entry.note
        return row

    for change in changes:
        e = change.entry
        key = (e.indicator, str(e.year), str(e.quarter))
        position = next((i for i, row in enumerate(body) if row and key_of(row) == key), None)
        if position is not None:
            body[position] = new_row(e, body[position])
            continue
        # New rows go after the indicator's last row, ordered by year and quarter.
        same = [i for i, row in enumerate(body) if row and row[index["kode_indikator"]] == e.indicator]
        after = [i for i in same if (int(body[i][index["tahun"]] or 0), int(body[i][index["triwulan"]] or 0)) < (e.year, e.quarter)]
        insert_at = (after[-1] + 1) if after else (same[0] if same else len(body))
        body.insert(insert_at, new_row(e))

    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    atomic_write(target.results_file, out.getvalue().encode("utf-8"))
    report = Report(root=Path(data_dir))
    package = load_package(target.folder, target.district_path, report)
    if package is None or report.has_errors:
        atomic_write(target.results_file, original)
        raise ImportRefused(
            ["setelah ditulis, paket data kinerja tidak lolos pemeriksaan; tidak ada yang diubah"]
            + [f.format() for f in report.sorted() if f.severity.name == "ERROR"]
        )


def import_entries(data_dir: Path, entries_by_district: dict[str, list[Entry]],
                   packages: dict[str, KinerjaPackage], *, overwrite: bool, dry_run: bool) -> list[tuple[str, list[Change]]]:
    """Plan every kecamatan first (refusing the whole run on any problem),
    then write them all; on a failure, every file written is restored."""
    targets = {path: locate(data_dir, path, packages) for path in sorted(entries_by_district)}
    problems: list[str] = []
    planned: list[tuple[Target, list[Change]]] = []
    for path, target in targets.items():
        try:
            planned.append((target, plan(target, entries_by_district[path], overwrite)))
        except ImportRefused as refused:
            problems += refused.problems
    if problems:
        raise ImportRefused(problems)
    if not dry_run:
        originals = {t.results_file: t.results_file.read_bytes() for t, _ in planned}
        try:
            for target, changes in planned:
                apply(target, changes, data_dir)
        except BaseException:
            for file, data in originals.items():
                if file.read_bytes() != data:
                    atomic_write(file, data)
            raise
    return [(t.district_path, changes) for t, changes in planned]
