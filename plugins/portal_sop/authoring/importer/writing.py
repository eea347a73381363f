"""Writing imported SOPs into the data folder: all of them or none.

An import either writes every SOP it read or nothing at all: when the report
holds an error (from reading, or a target that exists already, or the same
SOP twice), no file is written, so a maintainer never has to clean up half an
import.
"""
from __future__ import annotations

from pathlib import Path

from ... import inputs
from ...findings import Report
from ...spec import DISTRICT_FILE, PLACEHOLDER, SOP_FILE, STEPS_FILE
from ..datafiles import DistrictFile, write_district, write_sop
from ..scaffold import make_slug
from .common import ImportedSop, title_case


def _find_folder(parent: Path, slug: str) -> str:
    """An existing folder whose name differs only in hyphens ("kutaikartanegara"
    in a letterhead, kutai-kartanegara/ on disk) is reused."""
    if parent.is_dir():
        for child in sorted(parent.iterdir()):
            if child.is_dir() and child.name.replace("-", "") == slug.replace("-", ""):
                return child.name
    return slug


def _district_file(sop: ImportedSop) -> DistrictFile:
    signer = sop.values.get("disahkan_oleh") or {}
    head = {k: signer.get(k, "") for k in ("nama", "pangkat", "nip")} if "camat" in signer.get("jabatan", "").lower() else {}
    return DistrictFile(
        kabupaten=title_case(sop.regency), kecamatan=title_case(sop.district),
        camat=head or {"nama": f"{PLACEHOLDER} nama Camat"},
        header=[f"Diimpor dari {Path(sop.source).name} dengan portal-sop import; periksa ejaan nama kabupaten dan kecamatan."],
    )


def plan(sops: list[ImportedSop], data_dir: Path, report: Report) -> list[tuple[Path, ImportedSop, bool]]:
    """(folder, SOP, whether kecamatan.yaml is to be written) per SOP; conflicts
    go into `report` as errors: an SOP folder that exists, or two SOPs of one
    kecamatan with the same name (the same file imported twice, or two SOPs
    that would otherwise be told apart only by a "-2")."""
    data_dir = Path(data_dir)
    targets: list[tuple[Path, ImportedSop, bool]] = []
    taken: dict[Path, ImportedSop] = {}
    districts: set[Path] = set()
    for sop in sops:
        if not sop.regency or not sop.district:
            continue
        regency_slug = _find_folder(data_dir, make_slug(title_case(sop.regency)))
        district_slug = _find_folder(data_dir / regency_slug, make_slug(title_case(sop.district)))
        folder = data_dir / regency_slug / district_slug
        target = folder / (make_slug(sop.name) or "sop-tanpa-nama")
        if target in taken:
            first = taken[target]
            identical = (first.files().values, first.files().csv_text()) == (sop.files().values, sop.files().csv_text())
            same = "SOP yang sama diimpor dua kali" if identical else "dua SOP berbeda dengan nama yang sama di satu kecamatan"
            report.error("sop-ganda", sop.source,
                         f'SOP "{sop.name}" sudah dibaca dari {first.source} ({first.where}) untuk folder {target}: '
                         f"{same}. Tidak ada berkas yang ditulis; impor setiap SOP sekali, atau beri nama SOP yang berbeda "
                         "di dokumen sumber", **sop.place)
            continue
        taken[target] = sop
        try:
            inputs.writable_inside(target, data_dir)
        except inputs.InputError as exc:
            report.error("berkas-tidak-terbaca", sop.source, f"{target}: {exc.reason}", **sop.place)
            continue
        if (target / SOP_FILE).exists() or (target / STEPS_FILE).exists():
            report.error("sop-sudah-ada", sop.source,
                         f"{target / SOP_FILE} sudah ada; SOP \"{sop.name}\" tidak ditimpa. Ubah berkas yang ada "
                         "atau hapus foldernya dulu bila ingin mengimpor ulang", **sop.place)
            continue
        new_district = not (folder / DISTRICT_FILE).exists() and folder not in districts
        districts.add(folder)
        targets.append((target, sop, new_district))
    return targets


def write_sops(sops: list[ImportedSop], data_dir: Path, report: Report, dry_run: bool = False) -> list[Path]:
    """Write (or with `dry_run` only list) the files for imported SOPs; nothing
    is written when `report` holds an error. Existing files are never
    overwritten; an existing kecamatan.yaml is kept."""
    targets = plan(sops, data_dir, report)
    paths: list[Path] = []
    for target, _, new_district in targets:
        if new_district:
            paths.append(target.parent / DISTRICT_FILE)
        paths += [target / SOP_FILE, target / STEPS_FILE]
    if report.has_errors:
        return []
    if dry_run:
        return paths
    for target, sop, new_district in targets:
        if new_district:
            write_district(target.parent, _district_file(sop), root=data_dir)
        write_sop(target, sop.files(), root=data_dir)
    return paths
