"""Monitoring and evaluation records from filled forms into a kecamatan's
`monev.csv` (resource `monev` of its data kinerja package).

`plan` compares the records with the file as it is and refuses the whole run
on any problem; `import_forms` then writes every file once, atomically,
adds the `monev` resource (the one schema of `kinerja.monev`) to a package
that has none yet, and validates the data folder with the build's checks. A
refused or failed run leaves every file byte for byte as it was.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import safeyaml
from ..cache import atomic_write
from ..findings import Finding, Report
from ..kinerja import monev
from ..kinerja.loader import DESCRIPTOR, FOLDER
from ..readers import read_yaml
from ..validation import load_and_validate
from ..values import Tanggal
from .monev_form import FilledForm, FormRecord
from .realisasi import ImportRefused

Row = dict[str, str]
Key = tuple[str, str, str]  # jenis, sop, tanggal (ISO)


@dataclass(frozen=True)
class Target:
    """Where a kecamatan's monev records live."""

    district_path: str
    folder: Path
    descriptor: Path
    file: Path
    has_resource: bool  # False: the import adds resource `monev` to the descriptor


def locate(data_dir: Path, district_path: str) -> Target:
    folder = Path(data_dir) / district_path / FOLDER
    descriptor = folder / DESCRIPTOR
    report = Report(root=Path(data_dir))
    data = read_yaml(descriptor, report)
    resources = (data or {}).get("resources")
    if not isinstance(resources, list):
        raise ImportRefused([f"{descriptor}: daftar sumber daya (resources) tidak terbaca"])
    entry = next((r for r in resources if isinstance(r, dict) and r.get("name") == monev.RESOURCE), None)
    if entry is None:
        file = folder / monev.FILE
        if file.exists():
            raise ImportRefused([
                f"{file} sudah ada, tetapi {descriptor} tidak menyebut sumber daya {monev.RESOURCE}; tambahkan "
                "sumber dayanya (lihat halaman Format data SOP) atau pindahkan berkas itu, lalu impor lagi"
            ])
        return Target(district_path, folder, descriptor, file, False)
    name = entry.get("path")
    if not isinstance(name, str):
        raise ImportRefused([f"{descriptor}: sumber daya {monev.RESOURCE} tidak punya path"])
    return Target(district_path, folder, descriptor, folder / name, True)


def record_rows(record: monev.MonevRecord) -> list[Row]:
    """The rows of monev.csv of one record, in `MONEV_FIELDS` order."""
    return [{
        "jenis": record.kind,
        "sop": record.sop,
        "tanggal": record.date.isoformat(),
        "tahun": str(record.year),
        "semester": "" if record.semester is None else str(record.semester),
        "penilai": record.assessor,
        "jabatan_penilai": record.assessor_position,
        "pertanyaan": answer.question,
        "jawaban": answer.answer,
        "catatan": answer.note,
        "tindak_lanjut": answer.follow_up,
    } for answer in record.answers]


def _normal(row: Row) -> Row:
    """A row as the importer would write it, so "2026-6-5" and "2026-06-05" compare equal."""
    row = {name: (row.get(name) or "").strip() for name in monev.MONEV_FIELDS}
    try:
        row["tanggal"] = dt.date.fromisoformat(row["tanggal"]).isoformat()
    except ValueError:
        try:
            row["tanggal"] = dt.datetime.strptime(row["tanggal"], "%Y-%m-%d").date().isoformat()
        except ValueError:
            pass
    for name in ("tahun", "semester"):
        if row[name].isdigit():
            row[name] = str(int(row[name]))
    return row


def read_rows(target: Target) -> list[Row]:
    if not target.file.exists():
        return []
    text = target.file.read_bytes().decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    if tuple(reader.fieldnames or ()) != monev.MONEV_FIELDS:
        raise ImportRefused([
            f"{target.file}: kolomnya {', '.join(reader.fieldnames or ()) or '(tidak ada)'}, seharusnya "
            f"{', '.join(monev.MONEV_FIELDS)} dengan urutan itu; perbaiki baris judul, lalu impor lagi"
        ])
    return [_normal(row) for row in reader]


def key_of(row: Row) -> Key:
    return row["jenis"], row["sop"], row["tanggal"]


def row_order(row: Row) -> tuple[str, str, int, int]:
    kind = monev.KINDS.index(row["jenis"]) if row["jenis"] in monev.KINDS else len(monev.KINDS)
    return row["sop"], row["tanggal"], kind, monev.QUESTION_ORDER.get(row["pertanyaan"], len(monev.QUESTION_ORDER))


def _date(iso: str) -> str:
    date = dt.date.fromisoformat(iso)
    return Tanggal(date.year, date.month, date.day).indonesian()


@dataclass(frozen=True)
class Change:
    item: FormRecord
    old: tuple[Row, ...]  # the rows replaced; empty for a new record
    same: bool = False

    def describe(self) -> str:
        r = self.item.record
        what = f"{r.kind} SOP {r.sop} tanggal {_date(r.date.isoformat())} ({r.period}, penilai {r.assessor})"
        if self.same:
            return f"sama: {what} sudah tercatat"
        if not self.old:
            return f"tambah: {what}: {r.summary}"
        return f"ubah: {what}: " + "; ".join(differences(self.old, record_rows(r)))


def differences(old: tuple[Row, ...] | list[Row], new: list[Row]) -> list[str]:
    """`pertanyaan X: jawaban "ya" → "tidak"` for every value that differs."""
    by_question = {row["pertanyaan"]: row for row in old}
    lines = []
    for row in new:
        before = by_question.pop(row["pertanyaan"], None)
        if before is None:
            lines.append(f"pertanyaan {row['pertanyaan']}: baru, jawaban \"{row['jawaban']}\"")
            continue
        for name in monev.MONEV_FIELDS:
            if before[name] != row[name]:
                lines.append(f'pertanyaan {row["pertanyaan"]}: {name} "{before[name]}" → "{row[name]}"')
    lines += [f"pertanyaan {q}: dihapus (jawaban lama \"{row['jawaban']}\")" for q, row in by_question.items()]
    return lines


def plan(target: Target, items: list[FormRecord], overwrite: bool) -> tuple[list[Change], list[Row]]:
    """(changes, all rows after the import, in file order); raises
    ImportRefused listing every record that may not be written."""
    rows = read_rows(target)
    existing: dict[Key, list[Row]] = {}
    for row in rows:
        existing.setdefault(key_of(row), []).append(row)
    problems: list[str] = []
    seen: dict[Key, FormRecord] = {}
    changes: list[Change] = []
    replaced: dict[Key, list[Row]] = {}
    for item in items:
        new = record_rows(item.record)
        key = key_of(new[0])
        if key in seen:
            if record_rows(seen[key].record) != new:
                problems.append(
                    f"{item.origin}: {key[0]} SOP {key[1]} tanggal {_date(key[2])} juga ada di {seen[key].origin} "
                    "dengan isi lain; impor salah satu formulir saja"
                )
            continue
        seen[key] = item
        old = existing.get(key)
        if old is None:
            changes.append(Change(item, ()))
            replaced[key] = new
            continue
        diff = differences(sorted(old, key=row_order), new)
        if not diff:
            changes.append(Change(item, tuple(old), same=True))
            continue
        if not overwrite:
            problems.append(
                f"{item.origin}: {key[0]} SOP {key[1]} tanggal {_date(key[2])} sudah tercatat dengan isi lain: "
                + "; ".join(diff) + " (lama → formulir); periksa formulirnya, atau pakai --timpa untuk mengganti isi lama"
            )
            continue
        changes.append(Change(item, tuple(old)))
        replaced[key] = new
    if problems:
        raise ImportRefused(problems)
    after = [row for row in rows if key_of(row) not in replaced] + [row for new in replaced.values() for row in new]
    return changes, sorted(after, key=row_order)


def csv_bytes(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=monev.MONEV_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def descriptor_with_monev(target: Target) -> bytes:
    """datapackage.yaml with resource `monev` appended to its `resources`
    list; everything else (comments, order, wording) stays as written."""
    text = target.descriptor.read_bytes().decode("utf-8-sig")
    try:
        root = safeyaml.compose(text)
    except safeyaml.YamlError as exc:
        raise ImportRefused([f"{target.descriptor}: {exc.message}"]) from None
    node = next((v for k, v in getattr(root, "value", ()) if getattr(k, "value", None) == "resources"), None)
    if not isinstance(node, yaml.SequenceNode) or node.flow_style or not node.value:
        raise ImportRefused([
            f"{target.descriptor}: daftar resources tidak ditulis sebagai daftar bertanda \"-\" per baris; tambahkan "
            f"sumber daya {monev.RESOURCE} dengan tangan (lihat halaman Format data SOP), lalu impor lagi"
        ])
    at = node.value[-1].end_mark.index
    if not text[:at].endswith("\n"):
        newline = text.find("\n", at)
        at = len(text) if newline < 0 else newline + 1
    indent = " " * node.start_mark.column
    dumped = yaml.safe_dump([monev.MONEV_RESOURCE], allow_unicode=True, sort_keys=False, width=110)
    block = "".join(indent + line if line.strip() else line for line in dumped.splitlines(keepends=True))
    head = text[:at] if text[:at].endswith("\n") or not text[:at] else text[:at] + "\n"
    result = head + block + text[at:]
    check = safeyaml.load(result)
    if [r for r in check.get("resources", []) if isinstance(r, dict) and r.get("name") == monev.RESOURCE] != [monev.MONEV_RESOURCE]:
        raise ImportRefused([f"{target.descriptor}: sumber daya {monev.RESOURCE} tidak dapat ditambahkan otomatis; "
                             "tambahkan dengan tangan (lihat halaman Format data SOP), lalu impor lagi"])
    return result.encode("utf-8")


@dataclass(frozen=True)
class DistrictResult:
    district_path: str
    changes: tuple[Change, ...]
    skipped: tuple[tuple[str, str], ...]  # (file, SOP slug) of rows left empty
    added_resource: bool
    warnings: tuple[str, ...] = ()  # monev warnings of the build's checks on the written file


def import_forms(data_dir: Path, forms: list[FilledForm], *, overwrite: bool, dry_run: bool) -> list[DistrictResult]:
    """Plan every kecamatan first (refusing the whole run on any problem),
    then write; validate the data folder with the build's checks and put
    every file back when that fails."""
    by_district: dict[str, list[FilledForm]] = {}
    for form in forms:
        by_district.setdefault(form.district_path, []).append(form)
    problems: list[str] = []
    planned: list[tuple[Target, list[Change], list[Row], list[FilledForm]]] = []
    for path in sorted(by_district):
        try:
            target = locate(data_dir, path)
            items = [item for form in by_district[path] for item in form.records]
            changes, rows = plan(target, items, overwrite)
            planned.append((target, changes, rows, by_district[path]))
        except ImportRefused as refused:
            problems += refused.problems
    if problems:
        raise ImportRefused(problems)
    writes: dict[Path, bytes] = {}
    for target, changes, rows, _ in planned:
        if any(not c.same for c in changes):
            writes[target.file] = csv_bytes(rows)
            if not target.has_resource:
                writes[target.descriptor] = descriptor_with_monev(target)
    warnings: list[Finding] = []
    if writes and not dry_run:
        warnings = _write_and_validate(data_dir, writes)
    return [
        DistrictResult(
            target.district_path, tuple(changes),
            tuple((form.file, slug) for form in filled for slug in form.skipped),
            target.descriptor in writes,
            tuple(w.format() for w in warnings if w.code.startswith("monev-") and f"{target.district_path}/" in w.file),
        )
        for target, changes, _, filled in planned
    ]


def _write_and_validate(data_dir: Path, writes: dict[Path, bytes]) -> list[Finding]:
    """Write, then run the build's checks; the warnings found, or ImportRefused
    (every file put back) on an error."""
    originals = {file: file.read_bytes() if file.exists() else None for file in writes}
    try:
        for file, data in writes.items():
            atomic_write(file, data)
        _, report = load_and_validate(Path(data_dir))
        errors = [f for f in report.sorted() if f.severity.name == "ERROR"]
        if errors:
            raise ImportRefused(
                ["setelah ditulis, data tidak lolos pemeriksaan build; semua berkas dikembalikan seperti semula"]
                + [f.format() for f in errors]
            )
        return [f for f in report.sorted() if f.severity.name == "WARNING"]
    except BaseException:
        for file, data in originals.items():
            if data is None:
                file.unlink(missing_ok=True)
            elif file.read_bytes() != data:
                atomic_write(file, data)
        raise
