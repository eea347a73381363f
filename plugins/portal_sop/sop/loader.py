"""From the `sop_data/` directory to the model, collecting findings.

Layout::

    sop_data/<kabupaten>/<kecamatan>/kecamatan.yaml
    sop_data/<kabupaten>/<kecamatan>/<sop>/sop.yaml
    sop_data/<kabupaten>/<kecamatan>/<sop>/langkah.csv

Folder names are the URL slugs; they must be lower-case words joined by "-".
Tables are read through frictionless with the schemas in `schemas/`.
"""
from __future__ import annotations

import csv
import os
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Collection

from frictionless import Dialect, FrictionlessException, Resource, formats

from .. import inputs, paths, schema_findings, spec
from ..findings import Report
from ..model import (
    Actor,
    District,
    Official,
    Portal,
    Regency,
    RelatedSop,
    Revision,
    Sop,
    Step,
    StepKind,
)
from ..spec import DISTRICT_FILE, SLUG, SOP_FILE, STEPS_FILE
from ..readers import MAX_FILE_BYTES, check_text, read_file, read_yaml
from ..values import Tanggal, parse_duration, parse_nip, parse_tanggal

ACTOR_CODE = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
MAX_SLUG = 80
MAX_STEPS = 500
ACTOR_SEPARATOR = ";"


def load_portal(root: Path, load_district: Callable[[Path, Report], District | None] | None = None,
                regencies: Collection[str] | None = None) -> tuple[Portal, Report]:
    """Read every kecamatan under `root`. Never raises on bad data: problems
    go into the report, and what could be read is returned. `load_district`
    (default `load_district_file`) may wrap the reading of one kecamatan
    folder, e.g. with a cache. `regencies` (kabupaten folder names) reads
    those kabupaten alone: a shard of the site needs nothing else."""
    load_district = load_district or load_district_file
    root = Path(root).resolve()
    report = Report(root=root)
    if not root.is_dir():
        report.error("folder-tidak-ada", root, "folder data SOP tidak ditemukan; periksa opsi data_dir")
        return Portal(), report
    by_regency: dict[str, list[District]] = {}
    names: dict[str, str] = {}
    for district_dir in _district_folders(root, report, regencies):
        district_file = district_dir / DISTRICT_FILE
        district = load_district(district_file, report)
        if district is None:
            continue
        known = names.setdefault(district.regency_slug, district.regency)
        if known != district.regency:
            report.error(
                "kabupaten-berbeda", district_file,
                f'kabupaten "{district.regency}" berbeda dengan "{known}" di kecamatan lain '
                f"dalam folder {district.regency_slug}/; samakan penulisannya",
                key="kabupaten",
            )
        by_regency.setdefault(district.regency_slug, []).append(district)
    if not by_regency:
        report.error("data-kosong", root, f"tidak ada kecamatan; buat <kabupaten>/<kecamatan>/{DISTRICT_FILE}")
    regencies = tuple(
        Regency(slug, names[slug], tuple(sorted(ds, key=lambda d: d.name.lower())))
        for slug, ds in sorted(by_regency.items(), key=lambda kv: names[kv[0]].lower())
    )
    return Portal(regencies), report


DATA_FILES = (DISTRICT_FILE, SOP_FILE, STEPS_FILE)


def regency_folders(root: Path) -> list[str]:
    """The kabupaten folder names under `root` that hold a kecamatan, sorted:
    the shards of a build. Nothing is parsed; `load_portal` reports the rest."""
    root = Path(root)
    if not root.is_dir():
        return []
    return sorted(
        d.name for d in root.iterdir()
        if d.is_dir() and not d.name.startswith(".") and any(d.glob(f"*/{DISTRICT_FILE}"))
    )


def _subfolders(folder: Path, report: Report) -> list[Path]:
    """Folders in `folder`; links leaving the data folder are reported and skipped."""
    found, problems = inputs.subfolders(folder, report.root or folder)
    for problem in problems:
        report.error(problem.code, problem.path, problem.reason)
    return found


def _has(folder: Path, name: str) -> bool:
    return os.path.lexists(folder / name)


def _misplaced(folder: Path, report: Report, expected: str) -> None:
    """A folder the portal does not read. An error when it holds data files
    (they would silently not be published), a warning otherwise."""
    held = [name for name in DATA_FILES if _has(folder, name)]
    if held:
        report.error(
            "folder-salah-tempat", folder,
            f"folder ini berisi {', '.join(held)} tetapi letaknya salah, sehingga tidak dibaca portal; {expected}",
        )
    elif not folder.name.startswith("."):  # editor and OS folders (.vscode) are not data
        report.warning("folder-tidak-dipakai", folder, f"folder ini tidak dibaca portal; {expected}, atau hapus folder ini")


def district_folders(root: Path, regencies: Collection[str] | None = None) -> list[Path]:
    """The kecamatan folders `load_portal` reads, in its order (for reading
    them ahead); what is wrong on the way is left for it to report."""
    root = Path(root).resolve()
    if not root.is_dir():
        return []
    return _district_folders(root, Report(root=root), regencies)


def _district_folders(root: Path, report: Report, regencies: Collection[str] | None = None) -> list[Path]:
    """`<kabupaten>/<kecamatan>/` folders holding kecamatan.yaml (of the
    kabupaten folders `regencies` alone, if given); every other folder on
    the way is reported."""
    where = f"susunannya <kabupaten>/<kecamatan>/{DISTRICT_FILE} dan <kabupaten>/<kecamatan>/<sop>/{SOP_FILE}"
    districts = []
    for regency_dir in _subfolders(root, report):
        if regencies is not None and regency_dir.name not in regencies:
            continue
        if any(_has(regency_dir, name) for name in DATA_FILES):
            _misplaced(regency_dir, report, f"folder di bawah folder data adalah kabupaten; {where}")
            continue
        inner = _subfolders(regency_dir, report)
        if not inner:
            _misplaced(regency_dir, report, f"folder kabupaten harus berisi folder kecamatan; {where}")
        for district_dir in inner:
            if _has(district_dir, DISTRICT_FILE):
                districts.append(district_dir)
            elif _has(district_dir, STEPS_FILE) and not _has(district_dir, SOP_FILE):
                report.error("sop-tanpa-identitas", district_dir / STEPS_FILE, f"folder ini punya {STEPS_FILE} tetapi tidak punya {SOP_FILE}")
            else:
                _misplaced(district_dir, report, f"folder kecamatan perlu {DISTRICT_FILE}; {where}")
    return districts


def _sop_folders(district_dir: Path, report: Report) -> list[Path]:
    where = f"folder SOP diletakkan langsung di folder kecamatan: <kabupaten>/<kecamatan>/<sop>/{SOP_FILE}"
    sops = []
    for sop_dir in _subfolders(district_dir, report):
        if sop_dir.name == spec.KINERJA_FOLDER:
            continue
        if _has(sop_dir, SOP_FILE):
            sops.append(sop_dir)
            for nested in _subfolders(sop_dir, report):
                if any(_has(nested, name) for name in DATA_FILES):
                    _misplaced(nested, report, where)
        elif _has(sop_dir, STEPS_FILE):
            report.error("sop-tanpa-identitas", sop_dir / STEPS_FILE, f"folder ini punya {STEPS_FILE} tetapi tidak punya {SOP_FILE}")
        else:
            _misplaced(sop_dir, report, f"folder SOP perlu {SOP_FILE} dan {STEPS_FILE}; {where}")
    return sops


def _check_duplicate_names(sops: list[Sop], report: Report) -> None:
    """Two SOPs of one kecamatan with the same name would be two pages nobody
    can tell apart, and related-SOP links would pick one at random."""
    seen: dict[str, Sop] = {}
    for sop in sops:
        name = normalize_sop_name(sop.name)
        if not name:
            continue
        if name in seen:
            report.error(
                "sop-nama-ganda", sop.source,
                f'nama SOP "{sop.name}" sudah dipakai SOP di folder {seen[name].slug}/ kecamatan ini; '
                "beri nama yang membedakan keduanya atau gabungkan", key="nama",
            )
        else:
            seen[name] = sop


class _Fields:
    """Typed access to one YAML mapping that records findings as it reads."""

    def __init__(self, data: dict[str, Any], spec_name: str, path: Path, report: Report):
        self.data, self.path, self.report = data, path, report
        self.spec = {f["name"]: f for f in spec.descriptor(spec_name)["fields"]}
        for key in data:
            if key not in self.spec:
                report.error(
                    "kunci-tidak-dikenal", path,
                    f'kunci "{key}" tidak dikenal; kunci yang sah: {", ".join(self.spec)}', key=str(key),
                )

    def _value(self, key: str) -> Any:
        value = self.data.get(key)
        if value in (None, "", "-", []) and self.spec[key].get("required"):
            self.report.error("wajib-diisi", self.path, f'"{key}" wajib diisi: {self.spec[key]["description"]}', key=key)
        return value

    def text(self, key: str) -> str:
        value = self._value(key)
        if value is None:
            return ""
        if isinstance(value, (dict, list)):
            self.report.error("harus-teks", self.path, f'"{key}" harus berupa teks satu baris', key=key)
            return ""
        text = str(value).strip()
        allowed = self.spec[key].get("enum")
        if allowed and text and text not in allowed:
            self.report.error("nilai-tidak-sah", self.path, f'"{key}" bernilai "{text}"; pilih salah satu: {", ".join(allowed)}', key=key)
            return ""
        return "" if text == "-" else text

    def items(self, key: str) -> tuple[str, ...]:
        value = self._value(key)
        if value in (None, ""):
            return ()
        if isinstance(value, str):
            return (value.strip(),)
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.report.error("harus-daftar", self.path, f'"{key}" harus daftar butir, setiap butir diawali "- "', key=key)
            return ()
        return tuple(str(v).strip() for v in value if v is not None and str(v).strip())

    def date(self, key: str) -> Tanggal | None:
        value = self._value(key)
        if value in (None, "", "-"):
            return None
        try:
            return parse_tanggal(value)
        except ValueError as exc:
            self.report.error("tanggal-tidak-sah", self.path, str(exc), key=key)
            return None

    def official(self, key: str) -> Official:
        value = self._value(key)
        if value is None:
            return Official(title="")
        if not isinstance(value, dict):
            self.report.error("harus-pejabat", self.path, f'"{key}" harus berisi jabatan, nama, pangkat, nip', key=key)
            return Official(title="")
        allowed = {"jabatan", "nama", "pangkat", "nip"}
        for extra in sorted(set(map(str, value)) - allowed):
            self.report.error("kunci-tidak-dikenal", self.path, f'kunci "{extra}" tidak dikenal; gunakan jabatan, nama, pangkat, nip', key=f"{key}.{extra}")
        nip_text = str(value.get("nip") or "").strip()
        nip = None
        if nip_text:
            try:
                nip = parse_nip(nip_text)
            except ValueError as exc:
                self.report.error("nip-tidak-sah", self.path, str(exc), key=f"{key}.nip")
        return Official(
            title=str(value.get("jabatan") or "").strip(),
            name=str(value.get("nama") or "").strip(),
            rank=str(value.get("pangkat") or "").strip(),
            nip=nip,
            nip_text=nip_text,
        )


def _check_slug(path: Path, report: Report, level: str) -> bool:
    name = path.name
    if name in paths.RESERVED[level]:
        report.error(
            "nama-folder-dicadangkan", path,
            f'nama folder "{name}" dipakai portal untuk halamannya sendiri; ganti nama folder {level} ini',
        )
        return False
    if SLUG.fullmatch(name) and len(name) <= MAX_SLUG:
        return True
    report.error(
        "nama-folder-tidak-sah", path,
        f'nama folder "{name}" tidak boleh dipakai sebagai alamat halaman; gunakan huruf kecil, angka '
        f"dan tanda hubung saja (misalnya pengumpulan-data-kinerja), paling panjang {MAX_SLUG} karakter",
    )
    return False


def load_district_file(path: Path, report: Report) -> District | None:
    """One kecamatan folder: kecamatan.yaml and every SOP folder in it. Reads
    only files inside that folder."""
    folder = path.parent
    if not (_check_slug(folder, report, "kecamatan") & _check_slug(folder.parent, report, "kabupaten")):
        return None
    data = read_yaml(path, report)
    if data is None:
        return None
    fields = _Fields(data, spec.DISTRICT_SPEC, path, report)
    head = fields.official("camat")
    logo = fields.text("logo")
    if logo and not _valid_logo(folder, logo):
        report.error(
            "logo-tidak-sah", path,
            f'logo "{logo}" harus nama berkas gambar (.png, .jpg atau .svg) yang ada di folder kecamatan ini, '
            'tanpa folder, alamat web atau "..", misalnya logo.png',
            key="logo",
        )
        logo = ""
    district = District(
        slug=folder.name,
        regency_slug=folder.parent.name,
        name=fields.text("kecamatan"),
        regency=fields.text("kabupaten"),
        address=fields.text("alamat"),
        head=head,
        logo=logo,
        source=spec.source_path(path, report.root),
    )
    sops = []
    for sop_dir in _sop_folders(folder, report):
        sop = _load_sop(sop_dir / SOP_FILE, report)
        if sop is not None:
            sops.append(sop)
    _check_duplicate_names(sops, report)
    sops = _resolve_related(sops)
    return replace(district, sops=tuple(sorted(sops, key=lambda s: (s.number == "", s.number, s.name))))


LOGO_FILE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}\.(?:png|jpe?g|svg)", re.IGNORECASE)


def _valid_logo(folder: Path, name: str) -> bool:
    """Only a plain image file beside kecamatan.yaml: the PDF renderer must
    never be pointed at another file or a URL by data."""
    if not LOGO_FILE.fullmatch(name) or ".." in name:
        return False
    try:
        inputs.check_file(folder / name, folder.parent.parent)
    except inputs.InputError:
        return False
    return True


def _load_sop(path: Path, report: Report) -> Sop | None:
    folder = path.parent
    if not _check_slug(folder, report, "sop"):
        return None
    data = read_yaml(path, report)
    if data is None:
        return None
    fields = _Fields(data, spec.SOP_SPEC, path, report)
    actors = _actors(fields)
    time_unit = fields.text("satuan_waktu") or None
    steps_path = folder / STEPS_FILE
    if os.path.lexists(steps_path):
        steps = load_steps(steps_path, actors, time_unit, report)
    else:
        report.error("langkah-tidak-ada", path, f"{STEPS_FILE} tidak ada di folder SOP ini; buat tabel langkahnya")
        steps = ()
    return Sop(
        slug=folder.name,
        name=fields.text("nama"),
        number=fields.text("nomor"),
        unit=fields.text("unit"),
        created=fields.date("tanggal_pembuatan"),
        revised=fields.date("tanggal_revisi"),
        effective=fields.date("tanggal_efektif"),
        approved_by=fields.official("disahkan_oleh"),
        legal_basis=fields.items("dasar_hukum"),
        qualifications=fields.items("kualifikasi_pelaksana"),
        related=tuple(RelatedSop(t) for t in fields.items("keterkaitan")),
        equipment=fields.items("peralatan_perlengkapan"),
        warnings=fields.items("peringatan"),
        records=fields.items("pencatatan_pendataan"),
        actors=actors,
        steps=steps,
        revisions=_revisions(fields),
        time_unit=time_unit,
        source=spec.source_path(path, report.root),
        steps_source=spec.source_path(steps_path, report.root),
    )


def _actors(fields: _Fields) -> tuple[Actor, ...]:
    value = fields._value("pelaksana")
    if not isinstance(value, list):
        if value is not None:
            fields.report.error("harus-daftar", fields.path, '"pelaksana" harus daftar butir berisi kode dan nama', key="pelaksana")
        return ()
    actors: list[Actor] = []
    for index, item in enumerate(value, start=1):
        key = f"pelaksana.{index}"
        if not isinstance(item, dict) or not item.get("kode") or not item.get("nama"):
            fields.report.error("pelaksana-tidak-lengkap", fields.path, "setiap pelaksana perlu `kode` dan `nama`", key=key)
            continue
        code = str(item["kode"]).strip()
        if not ACTOR_CODE.fullmatch(code):
            fields.report.error("kode-pelaksana-tidak-sah", fields.path, f'kode "{code}" harus huruf kecil/angka tanpa spasi, misalnya "sekcam"', key=key)
            continue
        if any(a.code == code for a in actors):
            fields.report.error("kode-pelaksana-ganda", fields.path, f'kode "{code}" dipakai dua kali; setiap lajur perlu kode sendiri', key=key)
            continue
        actors.append(Actor(code, str(item["nama"]).strip()))
    if len(actors) > spec.MAX_ACTORS:
        fields.report.error(
            "pelaksana-terlalu-banyak", fields.path,
            f"SOP ini punya {len(actors)} pelaksana; tabel alur cetak (A4 lanskap) memuat paling banyak "
            f"{spec.MAX_ACTORS} lajur pelaksana agar nama lajur tetap terbaca. Gabungkan pelaksana sejenis "
            '(misalnya semua staf menjadi "Staf Pelaksana") atau pecah SOP ini menjadi beberapa SOP',
            key="pelaksana",
        )
    return tuple(actors)


def _revisions(fields: _Fields) -> tuple[Revision, ...]:
    value = fields.data.get("revisi") or []
    if not isinstance(value, list):
        fields.report.error("harus-daftar", fields.path, '"revisi" harus daftar butir', key="revisi")
        return ()
    revisions = []
    for index, item in enumerate(value, start=1):
        key = f"revisi.{index}"
        if not isinstance(item, dict) or not item.get("tanggal") or not item.get("perubahan"):
            fields.report.error("revisi-tidak-lengkap", fields.path, "setiap revisi perlu `tanggal`, `perubahan` dan `disetujui_oleh`", key=key)
            continue
        try:
            date = parse_tanggal(item["tanggal"])
        except ValueError as exc:
            fields.report.error("tanggal-tidak-sah", fields.path, str(exc), key=f"{key}.tanggal")
            continue
        revisions.append(Revision(date, str(item["perubahan"]).strip(), str(item.get("disetujui_oleh") or "").strip()))
    return tuple(sorted(revisions, key=lambda r: r.date))


def load_steps(path: Path, actors: tuple[Actor, ...], time_unit: str | None, report: Report) -> tuple[Step, ...]:
    """Read langkah.csv through frictionless; schema findings keep frictionless'
    row numbers (the header is row 1), so they match a spreadsheet's."""
    raw = read_file(path, report)
    if raw is None:
        return ()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        report.error("bukan-utf8", path, "berkas bukan UTF-8 (mungkin disimpan Excel sebagai ANSI/cp1252); simpan ulang sebagai \"CSV UTF-8\"")
        return ()
    if not text.strip():
        report.error("berkas-kosong", path, "berkas kosong; baris pertama harus judul kolom: " + ",".join(spec.field_names(spec.STEPS_SCHEMA)))
        return ()
    header = text.splitlines()[0]
    if "," not in header and (";" in header or "\t" in header):
        sep = "titik koma (;)" if ";" in header else "tab"
        report.error("pemisah-bukan-koma", path, f"kolom dipisah {sep}; simpan ulang sebagai CSV dengan pemisah koma (Excel: \"CSV UTF-8 (Comma delimited)\")", row=1)
        return ()
    # The header is CSV too: a spreadsheet may quote every label.
    labels = [label.strip() for label in next(csv.reader([header]), [])]
    expected = spec.field_names(spec.STEPS_SCHEMA)
    required = [f["name"] for f in spec.descriptor(spec.STEPS_SCHEMA)["fields"] if f.get("constraints", {}).get("required")]
    problems = False
    for label in labels:
        if label not in expected:
            report.error("kolom-tidak-dikenal", path, f'kolom "{label}" tidak dikenal; kolom yang sah: {", ".join(expected)}', row=1, column=label or "(kosong)")
            problems = True
    for label in sorted({l for l in labels if labels.count(l) > 1}):
        report.error("kolom-ganda", path, f'kolom "{label}" muncul lebih dari sekali di baris judul; hapus salah satunya', row=1, column=label)
        problems = True
    for name in required:
        if name not in labels:
            report.error("kolom-hilang", path, f'kolom wajib "{name}" tidak ada di baris judul', row=1, column=name)
            problems = True
    if problems:
        return ()
    # The dialect is fixed (comma, header on row 1): sniffing a damaged file
    # could otherwise pick another delimiter and misreport every cell.
    dialect = Dialect(header_rows=[1], controls=[formats.CsvControl(delimiter=",")])
    resource = Resource(data=raw, format="csv", encoding="utf-8-sig", dialect=dialect, schema=spec.table_schema(spec.STEPS_SCHEMA))
    try:
        steps = _read_steps(resource, actors, time_unit, path, report)
    except FrictionlessException as exc:
        report.error("tabel-tidak-terbaca", path, f"tabel tidak dapat dibaca sebagai CSV ({exc.error.note or exc.error.title}); periksa tanda kutip dan jumlah kolom setiap baris")
        return ()
    return steps


def _read_steps(resource: Resource, actors: tuple[Actor, ...], time_unit: str | None, path: Path, report: Report) -> tuple[Step, ...]:
    codes = {a.code for a in actors}
    steps: list[Step] = []
    with resource:
        for row in resource.row_stream:
            if row.row_number - 1 > MAX_STEPS:
                report.error("langkah-terlalu-banyak", path, f"lebih dari {MAX_STEPS} langkah; pecah SOP ini menjadi beberapa SOP", row=row.row_number)
                break
            bad_cells = set()
            for error in row.errors:
                column = schema_findings.column(error)
                bad_cells.add(column)
                report.error(schema_findings.finding_code(error), path, schema_findings.message(error, resource.schema), row=row.row_number, column=column)
            if row.errors and (None in bad_cells or "no" in bad_cells):
                continue
            # Cells already reported are read as empty, so one bad cell gives one finding.
            values = {k: ("" if v is None or k in bad_cells else v) for k, v in row.to_dict().items()}
            step = _step(values, row.row_number, codes, time_unit, path, report)
            steps.append(step)
    return tuple(steps)


def _step(values: dict[str, Any], row: int, codes: set[str], time_unit: str | None, path: Path, report: Report) -> Step:
    for column, value in values.items():
        if isinstance(value, str):
            check_text(value, path, report, column, row=row, column=column)
    actor_codes = tuple(c.strip() for c in str(values.get("pelaksana") or "").split(ACTOR_SEPARATOR) if c.strip())
    for code in actor_codes:
        if code not in codes:
            report.error(
                "pelaksana-tidak-dikenal", path,
                f'pelaksana "{code}" tidak ada di daftar pelaksana sop.yaml; kode yang sah: {", ".join(sorted(codes)) or "(belum ada)"}',
                row=row, column="pelaksana",
            )
    time_text = str(values.get("waktu") or "").strip()
    duration = None
    if time_text and time_text != "-":
        try:
            duration = parse_duration(time_text, time_unit)
        except ValueError as exc:
            report.error("waktu-tidak-sah", path, str(exc), row=row, column="waktu")
    kind = StepKind(values.get("jenis") or "proses")
    return Step(
        number=values["no"],
        activity=str(values.get("kegiatan") or "").strip(),
        actors=tuple(c for c in actor_codes if c in codes),
        kind=kind,
        next_step=values.get("lanjut_ke") or None,
        branch_step=values.get("jika_tidak_ke") or None,
        label_yes=str(values.get("label_ya") or "Ya").strip(),
        label_no=str(values.get("label_tidak") or "Tidak").strip(),
        requirements=str(values.get("kelengkapan") or "").strip(),
        time_text=time_text,
        duration=duration,
        output=str(values.get("output") or "").strip(),
        notes=str(values.get("keterangan") or "").strip(),
        row=row,
        reconstructed=tuple(p.strip() for p in str(values.get("rekonstruksi") or "").split(ACTOR_SEPARATOR) if p.strip()),
    )


def normalize_sop_name(text: str) -> str:
    text = re.sub(r"^\s*(\d+[.)]\s*)?", "", text.lower())
    text = re.sub(r"^sop\b", "", text.strip())
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _resolve_related(sops: list[Sop]) -> list[Sop]:
    by_name = {normalize_sop_name(s.name): s.slug for s in sops}
    resolved = []
    for sop in sops:
        related = tuple(
            RelatedSop(r.text, by_name.get(normalize_sop_name(r.text)) if by_name.get(normalize_sop_name(r.text)) != sop.slug else None)
            for r in sop.related
        )
        resolved.append(replace(sop, related=related))
    return resolved
