"""From `sop_data/<kabupaten>/<kecamatan>/data-kinerja/` to `KinerjaPackage`.

Layout::

    data-kinerja/datapackage.yaml   Frictionless descriptor, schemas inline
    data-kinerja/indikator.csv      one row per indicator
    data-kinerja/target.csv         one row per indicator and tahun
    data-kinerja/realisasi.csv      one row per indicator, tahun, triwulan
    data-kinerja/monev.csv          optional: monitoring and evaluation of
                                    the SOPs, one row per SOP, question and
                                    assessment (schema in `kinerja.monev`)

Validation runs through frictionless (descriptor, schema, primary and
foreign keys) with the domain checks of `kinerja_checks` in the same pass;
the rows that pass are collected while validating, so each CSV is read once
for the model. Findings go into the same `Report` as SOP findings.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from frictionless import Checklist, FrictionlessException, Package, Resource

from .. import inputs, schema_findings, spec
from ..findings import Report
from ..model import District
from . import monev
from ..readers import check_text, read_file, read_yaml
from .checks import (
    INDICATORS,
    MONEV,
    RESULTS,
    SUPERSEDED_BY,
    TARGETS,
    is_finite,
    indicator_checks,
    monev_checks,
    result_checks,
    target_checks,
)
from .model import (
    QUARTERS,
    Indicator,
    KinerjaPackage,
    License,
    PackageFile,
    Polarity,
    Result,
    Target,
)

FOLDER = spec.KINERJA_FOLDER
DESCRIPTOR = "datapackage.yaml"
INDICATOR_SCHEMA = "kinerja-indikator.schema.json"
TARGET_SCHEMA = "kinerja-target.schema.json"
RESULT_SCHEMA = "kinerja-realisasi.schema.json"
RESOURCE_SCHEMAS = {INDICATORS: INDICATOR_SCHEMA, TARGETS: TARGET_SCHEMA, RESULTS: RESULT_SCHEMA}
# Resources a package may have; the importer adds `monev` when it first writes a record.
OPTIONAL_RESOURCES = (MONEV,)
KNOWN_RESOURCES = (*RESOURCE_SCHEMAS, *OPTIONAL_RESOURCES)
SAFE_FILE = re.compile(r"[a-z0-9][a-z0-9_-]*\.csv")
QUARTER_END = {1: (3, 31), 2: (6, 30), 3: (9, 30), 4: (12, 31)}


def load_kinerja(portal_root: Path, districts: Iterable[District],
                 load: Callable[[Path, str, Report], KinerjaPackage | None] | None = None) -> tuple[dict[str, KinerjaPackage], Report]:
    """Load and validate the data kinerja package of every kecamatan that has
    one. Returns the packages that could be read, keyed by `District.path`,
    and a report; a kecamatan without a `data-kinerja/` folder is fine.
    Never raises on bad data."""
    root = Path(portal_root).resolve()
    report = Report(root=root)
    packages: dict[str, KinerjaPackage] = {}
    for district in districts:
        folder = root / district.regency_slug / district.slug / FOLDER
        if not folder.is_dir():
            continue
        package = (load or load_package)(folder, district.path, report)
        if package is not None:
            check_monev_sops(package, district, report, folder)
            packages[district.path] = package
    return packages, report


def check_monev_sops(package: KinerjaPackage, district: District, report: Report, folder: Path) -> None:
    """Each monev record names an SOP of its own kecamatan. Kept out of
    `load_package` (whose result is cached per package folder) because the
    SOP list lives outside the package."""
    known = sorted(sop.slug for sop in district.sops)
    for record in package.monev:
        if district.sop(record.sop) is None:
            report.error(
                "monev-sop-tidak-dikenal", folder / monev.FILE,
                f'SOP "{record.sop}" ({record.kind} {record.date.isoformat()}) tidak ada di Kecamatan {district.name}; '
                f'nama folder SOP yang ada: {", ".join(known) or "(belum ada)"}',
                row=record.first_row, column="sop",
            )


def has_packages(portal_root: Path) -> bool:
    """Whether any kecamatan under `portal_root` has a data kinerja folder
    (then the portal has a comparison page), without reading one."""
    return any(p.is_dir() for p in Path(portal_root).glob(f"*/*/{FOLDER}"))


def load_package(folder: Path, district_path: str, report: Report) -> KinerjaPackage | None:
    """One package; None when its descriptor or schemas cannot be used."""
    descriptor_path = folder / DESCRIPTOR
    if not os.path.lexists(descriptor_path):
        report.error("kinerja-deskriptor-tidak-ada", folder, f"folder {FOLDER} tidak punya {DESCRIPTOR}; buat deskriptor paket datanya")
        return None
    descriptor = read_yaml(descriptor_path, report)
    if descriptor is None:
        return None
    if not _check_local(descriptor, descriptor_path, report) or not _check_descriptor(descriptor, folder, descriptor_path, report):
        return None
    try:
        package = Package(descriptor, basepath=str(folder))
        package.to_descriptor(validate=True)
    except FrictionlessException as exc:
        for error in exc.to_errors():
            report.error("kinerja-deskriptor-tidak-sah", descriptor_path, f"deskriptor tidak sah menurut Frictionless: {error.note}")
        return None
    except FRICTIONLESS_CRASHES as exc:
        _unusable(descriptor_path, exc, report)
        return None
    official = _official(descriptor, descriptor_path, report)
    licenses = _licenses(descriptor, descriptor_path, report)

    indicators_resource = package.get_resource(INDICATORS)
    try:
        indicator_rows = _validate(indicators_resource, indicator_checks(), folder, report)
    except FRICTIONLESS_CRASHES as exc:
        _unusable(descriptor_path, exc, report)
        return None
    indicators: dict[str, Indicator] = {}
    for row in indicator_rows:
        final = row.get("target_akhir_periode")
        if not row.valid or (final is not None and not is_finite(final)):
            continue
        indicator = Indicator(
            code=row["kode"],
            objective=row["sasaran"],
            name=row["nama_indikator"],
            unit=row["satuan"],
            polarity=Polarity(row["polaritas"]),
            section=row["seksi_penanggung_jawab"],
            source=row["sumber_data"],
            row=row.row_number,
            final_target=float(final) if final is not None else None,
        )
        indicators.setdefault(indicator.code, indicator)

    # Targets and results are checked against every code written, even on a
    # row with another bad cell: "unknown indicator" must not be reported for
    # a known code.
    referable = {row["kode"]: _partial_indicator(row) for row in indicator_rows if _usable(row, "kode")}
    targets_resource = package.get_resource(TARGETS)
    targets: dict[tuple[str, int], Target] = {}
    for row in _validate(targets_resource, target_checks(referable), folder, report):
        if not row.valid or row["kode_indikator"] not in indicators or not is_finite(row["target"]):
            continue
        target = Target(row["kode_indikator"], row["tahun"], float(row["target"]),
                        (row.get("keterangan") or "").strip(), row.row_number)
        targets.setdefault((target.indicator, target.year), target)
    results_resource = package.get_resource(RESULTS)
    try:
        result_rows = _validate(results_resource, result_checks(referable), folder, report)
    except FRICTIONLESS_CRASHES as exc:
        _unusable(descriptor_path, exc, report)
        return None
    results: dict[tuple[str, int, int], Result] = {}
    results_file = folder / results_resource.path
    for row in result_rows:
        if not row.valid or row["kode_indikator"] not in indicators or row["triwulan"] not in QUARTERS or not is_finite(row["realisasi"]):
            continue
        result = Result(
            indicator=row["kode_indikator"],
            year=row["tahun"],
            quarter=row["triwulan"],
            value=float(row["realisasi"]),
            reported=row["tanggal_lapor"],
            note=(row.get("catatan") or "").strip(),
            row=row.row_number,
        )
        results.setdefault((result.indicator, result.year, result.quarter), result)
        _check_report_date(result, results_file, report)

    targets_file = folder / targets_resource.path
    for code, year in sorted({(r.indicator, r.year) for r in results.values()}):
        if (code, year) not in targets:
            first = min((r for r in results.values() if r.indicator == code and r.year == year), key=lambda r: r.quarter)
            report.warning(
                "kinerja-target-tahun-kosong", results_file,
                f"realisasi {code} tahun {year} tidak punya target tahun itu di {targets_file.name}; capaian {code} "
                f"tahun {year} tidak dapat dihitung. Tambahkan baris {code},{year},<target> ke {targets_file.name}",
                row=first.row, column="tahun",
            )

    for code, indicator in indicators.items():
        if not any(key[0] == code for key in results):
            report.warning(
                "kinerja-indikator-tanpa-realisasi", folder / indicators_resource.path,
                f"indikator {code} belum punya realisasi; halaman menampilkannya sebagai belum dilaporkan",
                row=indicator.row, column="kode",
            )
    title = str(descriptor.get("title") or "").strip()
    description = str(descriptor.get("description") or "").strip()
    if not official and "contoh" not in (title + " " + description).lower():
        report.warning(
            "kinerja-contoh-tanpa-keterangan", descriptor_path,
            'paket ini bukan data resmi (resmi: false), tetapi judul dan deskripsinya tidak menyebut "data contoh"',
            key="title",
        )
    records: tuple[monev.MonevRecord, ...] = ()
    monev_file = None
    if MONEV in package.resource_names:
        monev_resource = package.get_resource(MONEV)
        monev_file = folder / monev_resource.path
        try:
            monev_rows = _validate(monev_resource, monev_checks(), folder, report)
        except FRICTIONLESS_CRASHES as exc:
            _unusable(descriptor_path, exc, report)
            return None
        records = monev.group_records(
            {**{name: row.get(name) for name in monev.MONEV_FIELDS}, "row": row.row_number}
            for row in monev_rows if row.valid
        )
        _check_monev_records(records, monev_file, report)
    data_files = (descriptor_path, folder / indicators_resource.path, targets_file, results_file)
    if monev_file is not None:
        data_files += (monev_file,)
    contents = [(path, read_file(path, report)) for path in data_files]
    if any(content is None for _, content in contents):
        return None
    files = tuple(PackageFile(path.name, content) for path, content in contents)
    return KinerjaPackage(
        district_path=district_path,
        name=str(descriptor.get("name") or ""),
        title=title,
        description=description,
        official=official,
        licenses=licenses,
        indicators=tuple(sorted(indicators.values(), key=lambda i: i.row)),
        results=tuple(sorted(results.values(), key=lambda r: (r.indicator, r.year, r.quarter))),
        targets=tuple(sorted(targets.values(), key=lambda t: (t.indicator, t.year))),
        files=files,
        source=spec.source_path(descriptor_path, report.root),
        monev=records,
    )


def _check_monev_records(records: tuple[monev.MonevRecord, ...], path: Path, report: Report) -> None:
    """Rules over a whole assessment, which no single row shows."""
    for record in records:
        if record.kind == monev.EVALUATION:
            asked = {answer.question for answer in record.answers}
            missing = [key for key in monev.QUESTIONS[monev.EVALUATION] if key not in asked]
            if missing:
                report.warning(
                    "monev-evaluasi-tidak-lengkap", path,
                    f"evaluasi SOP {record.sop} tanggal {record.date.isoformat()} belum menjawab {', '.join(missing)}; "
                    f"ringkasannya hanya menghitung {len(record.answers)} pertanyaan yang dijawab. Tambahkan baris "
                    "pertanyaan itu (ya atau tidak)",
                    row=record.first_row, column="pertanyaan",
                )
        start = dt.date(record.year, 7 if record.semester == 2 else 1, 1)
        if record.date < start:
            period = record.period.lower()
            report.warning(
                "monev-tanggal-sebelum-periode", path,
                f"{record.kind} SOP {record.sop} bertanggal {record.date.isoformat()}, sebelum {period} dimulai "
                f"({start.isoformat()}); periksa tanggal, tahun atau semesternya",
                row=record.first_row, column="tanggal",
            )


PACKAGE_PROFILES = {"data-package", "tabular-data-package"}
RESOURCE_PROFILES = {"data-resource", "tabular-data-resource"}
# CSV dialect options that only describe how a plain CSV is written; others
# (commentChar, commentRows, skip...) would hide rows from validation.
DIALECT_KEYS = {"delimiter", "lineTerminator", "quoteChar", "doubleQuote", "skipInitialSpace", "header",
                "caseSensitiveHeader", "csvddfVersion"}
# Where a URL is a citation that no tool fetches; resource paths have their
# own stricter check (a plain CSV name in the package folder).
CITATION_KEYS = {"homepage", "licenses.*.path", "sources.*.path", "contributors.*.path"}
OWN_CHECK_KEYS = {"resources.*.path"}
TEXT_KEYS = {"title", "description", "example"}
URL = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9+.-]*://|(?:file|data|mailto):)")


def _check_local(descriptor: dict[str, Any], path: Path, report: Report) -> bool:
    """No network, ever: Frictionless fetches profiles, dialects and schemas
    named by URL or path. Only the standard profile names and inline
    dialects and schemas are accepted; a URL anywhere outside citations,
    an absolute path or ".." is an error naming the key."""
    ok = True

    def refuse(key: str, message: str) -> None:
        nonlocal ok
        report.error("kinerja-rujukan-luar", path, message, key=key)
        ok = False

    def walk(value: Any, key: str, pattern: str) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                name = str(k)
                walk(v, f"{key}.{name}" if key else name, f"{pattern}.{name}" if pattern else name)
        elif isinstance(value, list):
            for index, item in enumerate(value, start=1):
                walk(item, f"{key}.{index}", f"{pattern}.*")
        elif isinstance(value, str) and pattern not in CITATION_KEYS | OWN_CHECK_KEYS and pattern.rsplit(".", 1)[-1] not in TEXT_KEYS:
            if URL.match(value) or value.startswith(("/", "\\", "~")) or ".." in value.replace("\\", "/").split("/"):
                refuse(key, f'"{_short(value)}" merujuk alamat web atau berkas di luar folder {FOLDER}; '
                            "portal tidak mengambil apa pun dari luar. Tulis isinya di dalam deskriptor ini")

    walk(descriptor, "", "")
    if "$schema" in descriptor:
        refuse("$schema", '"$schema" tidak dipakai portal dan dapat membuat Frictionless mengambil alamat web; hapus kunci ini')
    if descriptor.get("profile") not in (None, *PACKAGE_PROFILES):
        refuse("profile", f'"profile" hanya boleh {" atau ".join(sorted(PACKAGE_PROFILES))}; hapus kunci ini bila ragu')
    for index, resource in enumerate(descriptor.get("resources") or [], start=1):
        if not isinstance(resource, dict):
            continue
        key = f"resources.{index}"
        for name in ("$schema", "extrapaths", "checklist", "pipeline"):
            if name in resource:
                refuse(f"{key}.{name}", f'"{name}" tidak dipakai portal; hapus kunci ini')
        if resource.get("profile") not in (None, *RESOURCE_PROFILES):
            refuse(f"{key}.profile", f'"profile" sumber daya hanya boleh {" atau ".join(sorted(RESOURCE_PROFILES))}')
        if resource.get("scheme") not in (None, "file"):
            refuse(f"{key}.scheme", '"scheme" harus file (berkas di folder paket) atau dihapus')
        if "data" in resource:
            refuse(f"{key}.data", '"data" tidak dipakai portal; tulis barisnya di berkas CSV sumber daya ini')
        dialect = resource.get("dialect")
        if dialect is not None:
            if not isinstance(dialect, dict):
                refuse(f"{key}.dialect", '"dialect" harus ditulis di dalam deskriptor (misalnya delimiter: ","), '
                       "bukan nama berkas atau alamat web")
            else:
                for option in sorted(map(str, set(map(str, dialect)) - DIALECT_KEYS)):
                    refuse(f"{key}.dialect.{option}", f'opsi dialek "{option}" tidak diizinkan: dapat menyembunyikan baris '
                           f'dari pemeriksaan; opsi yang boleh: {", ".join(sorted(DIALECT_KEYS))}')
        schema = resource.get("schema")
        if isinstance(schema, dict):
            for name in ("$schema", "profile"):
                if name in schema:
                    refuse(f"{key}.schema.{name}", f'"{name}" di dalam schema tidak dipakai portal; hapus kunci ini')
        elif schema is not None:
            refuse(f"{key}.schema", '"schema" harus ditulis di dalam deskriptor (schema: fields: …), bukan nama berkas '
                   "atau alamat web")
    return ok


def _short(value: Any) -> str:
    text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


# What Frictionless raises, instead of a FrictionlessException, on some
# descriptors of the wrong shape (a foreignKeys that is a number, a
# constraint of null...): the shape checks above cannot foresee every one.
FRICTIONLESS_CRASHES = (TypeError, AttributeError, ValueError, KeyError, IndexError)


def _unusable(path: Path, exc: Exception, report: Report) -> None:
    report.error(
        "kinerja-deskriptor-tidak-sah", path,
        f"deskriptor tidak dapat dipakai Frictionless ({type(exc).__name__}: {str(exc)[:120]}); periksa bentuk "
        "schema setiap sumber daya: fields, constraints (misalnya minimum: 0), primaryKey dan foreignKeys, "
        "dibandingkan dengan skema portal di halaman Format data SOP",
    )


def _check_descriptor(descriptor: dict[str, Any], folder: Path, path: Path, report: Report) -> bool:
    """The package must hold exactly the three resources the portal knows,
    as local CSV files, with the portal's fields; anything else would be
    published without being understood."""
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not all(isinstance(r, dict) for r in resources):
        report.error("kinerja-sumber-daya-tidak-sah", path, '"resources" harus daftar sumber daya: indikator, target dan realisasi', key="resources")
        return False
    names = [r.get("name") if isinstance(r.get("name"), str) else None for r in resources]
    ok = True
    for expected in RESOURCE_SCHEMAS:  # monev is optional
        if expected not in names:
            report.error("kinerja-sumber-daya-hilang", path, f'sumber daya "{expected}" tidak ada di "resources"', key="resources")
            ok = False
    for index, resource in enumerate(resources, start=1):
        key = f"resources.{index}"
        name = names[index - 1]
        if name not in KNOWN_RESOURCES:
            shown = name if name is not None else _short(resource.get("name"))
            report.error(
                "kinerja-sumber-daya-tidak-dikenal", path,
                f'sumber daya "{shown}" tidak dikenal; "name" harus teks indikator, target, realisasi atau monev, '
                "paket data kinerja hanya berisi keempatnya (monev boleh tidak ada)", key=f"{key}.name",
            )
            ok = False
            continue
        if names.count(name) > 1:
            report.error("kinerja-sumber-daya-ganda", path, f'sumber daya "{name}" ditulis dua kali', key=key)
            ok = False
            continue
        file_name = resource.get("path")
        if not isinstance(file_name, str) or not SAFE_FILE.fullmatch(file_name):
            report.error(
                "kinerja-jalur-tidak-sah", path,
                f'"path" sumber daya {name} harus nama berkas CSV di folder ini (huruf kecil, misalnya {name}.csv)',
                key=f"{key}.path",
            )
            ok = False
            continue
        file_path = folder / file_name
        if not os.path.lexists(file_path):
            report.error("kinerja-berkas-tidak-ada", path, f"berkas {file_name} tidak ada di folder {FOLDER}", key=f"{key}.path")
            ok = False
            continue
        try:
            # Frictionless opens the file itself: it must pass the input rule first.
            inputs.check_file(file_path, report.root)
        except inputs.InputError as exc:
            report.error(exc.code, file_path, exc.reason)
            ok = False
            continue
        ok &= _check_schema(resource.get("schema"), name, path, key, report)
    return ok


def _check_schema(schema: Any, name: str, path: Path, key: str, report: Report) -> bool:
    if not isinstance(schema, dict) or not isinstance(schema.get("fields"), list):
        report.error(
            "kinerja-skema-tidak-ada", path,
            f"sumber daya {name} perlu Table Schema di dalam deskriptor (schema: fields: …)", key=f"{key}.schema",
        )
        return False
    fields: dict[str, dict[str, Any]] = {}
    ok = True
    for index, field in enumerate(schema["fields"], start=1):
        where = f"{key}.schema.fields.{index}"
        if not isinstance(field, dict) or not isinstance(field.get("name"), str):
            report.error("kinerja-skema-tidak-sah", path, '"fields" berisi kolom dengan "name" berupa teks, misalnya name: kode', key=where)
            ok = False
        elif not isinstance(field.get("constraints", {}), dict):
            report.error(
                "kinerja-skema-tidak-sah", path,
                f'"constraints" kolom "{field["name"]}" harus pasangan kunci (misalnya required: true), bukan daftar',
                key=f"{where}.constraints",
            )
            ok = False
        elif not isinstance(field.get("type", "string"), str):
            report.error("kinerja-skema-tidak-sah", path, f'"type" kolom "{field["name"]}" harus teks, misalnya number', key=f"{where}.type")
            ok = False
        else:
            fields.setdefault(field["name"], field)
    if not ok:
        return False
    portal_schema = monev.MONEV_SCHEMA if name == MONEV else spec.descriptor(RESOURCE_SCHEMAS[name])
    for expected in portal_schema["fields"]:
        actual = fields.get(expected["name"])
        wanted_required = bool(expected.get("constraints", {}).get("required"))
        if actual is None:
            report.error(
                "kinerja-skema-berbeda", path, f'kolom "{expected["name"]}" tidak ada di skema sumber daya {name}',
                key=f"{key}.schema.fields",
            )
            ok = False
        elif actual.get("type", "string") != expected["type"] or bool((actual.get("constraints") or {}).get("required")) != wanted_required:
            report.error(
                "kinerja-skema-berbeda", path,
                f'kolom "{expected["name"]}" di skema sumber daya {name} harus bertipe {expected["type"]}'
                f'{" dan wajib diisi (required: true)" if wanted_required else ""}, sama dengan skema portal',
                key=f"{key}.schema.fields",
            )
            ok = False
    return ok


def _official(descriptor: dict[str, Any], path: Path, report: Report) -> bool:
    value = descriptor.get("resmi")
    if value is None:
        report.warning(
            "kinerja-resmi-kosong", path,
            '"resmi" tidak diisi; paket dianggap data contoh. Isi resmi: true bila angkanya sudah disahkan', key="resmi",
        )
        return False
    if not isinstance(value, bool):
        report.error("kinerja-resmi-tidak-sah", path, '"resmi" harus true atau false', key="resmi")
        return False
    return value


def _licenses(descriptor: dict[str, Any], path: Path, report: Report) -> tuple[License, ...]:
    licenses = tuple(
        License(str(item.get("name") or ""), str(item.get("title") or ""), str(item.get("path") or ""))
        for item in descriptor.get("licenses") or []
        if isinstance(item, dict)
    )
    if not licenses:
        report.error(
            "kinerja-lisensi-kosong", path,
            'paket data terbuka perlu lisensi; isi "licenses", misalnya name: CC-BY-4.0', key="licenses",
        )
    return licenses


def _validate(resource: Resource, checks: list[Any], folder: Path, report: Report) -> list[Any]:
    """Validate one resource and return all its rows, as read during validation."""
    rows: list[Any] = []
    path = folder / resource.path

    def keep(row: Any) -> None:
        rows.append(row)

    result = resource.validate(Checklist(checks=checks), on_row=keep, limit_errors=1000)
    errors = result.tasks[0].errors if result.tasks else result.errors
    flagged = {(e.type, getattr(e, "row_number", None)) for e in errors}
    for error in errors:
        row = getattr(error, "row_number", None)
        if any((by, row) in flagged for by in SUPERSEDED_BY.get(error.type, ())):
            continue
        if schema_findings.is_header_error(error):
            row = 1
        report.error(
            schema_findings.finding_code(error), path, schema_findings.message(error, resource.schema),
            row=row, column=schema_findings.column(error),
        )
    for row in rows:
        for name, value in row.items():
            if isinstance(value, str):
                check_text(value, path, report, name, row=row.row_number, column=name)
    return rows


def _usable(row: Any, name: str) -> bool:
    return row.get(name) is not None and all(getattr(e, "field_name", None) != name for e in row.errors)


def _partial_indicator(row: Any) -> Indicator:
    """What the checks of target.csv and realisasi.csv need from an
    indicator row, even one whose other cells are wrong."""
    return Indicator(
        code=row["kode"],
        objective="",
        name="",
        unit=row["satuan"] if _usable(row, "satuan") else "",
        polarity=Polarity.HIGHER_IS_BETTER,
        section="",
        source="",
        row=row.row_number,
    )


def _check_report_date(result: Result, path: Path, report: Report) -> None:
    month, day = QUARTER_END[result.quarter]
    if result.reported < dt.date(result.year, month, day):
        report.warning(
            "kinerja-tanggal-lapor-terlalu-awal", path,
            f"tanggal lapor {result.reported.isoformat()} sebelum triwulan {result.quarter} tahun {result.year} berakhir; periksa tanggal atau triwulannya",
            row=result.row, column="tanggal_lapor",
        )
