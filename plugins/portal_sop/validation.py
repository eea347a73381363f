"""Load and validate: the one entry point both adapters call.

SOP tables and data kinerja packages are loaded and checked together, so a
maintainer gets one report for everything under the data folder.

With a cache folder, what one kecamatan folder (kecamatan.yaml and its SOP
folders) or one data kinerja package loads to - the model and its findings -
is kept under a key over everything it was read from: the path and kind of
every entry in that folder, the bytes of every file (through symlinks), and
the package's own code and the versions of the libraries that parse. A
folder whose key is unchanged is not read through YAML and frictionless
again; its findings are replayed. A changed folder goes through the same
loader as without a cache, so every check still runs on changed files. The
rules across kecamatan (`check_portal`, placeholders) always run.
"""
from __future__ import annotations

import os
import pickle
import stat
from dataclasses import replace
from pathlib import Path
from typing import Callable, Collection, TypeVar

from .cache import Cache, content_key
from .findings import Report
from .fingerprint import code_version
from .inputs import MAX_FILE_BYTES
from .kinerja.loader import load_kinerja, load_package
from .model import Portal
from .sop.loader import load_district_file, load_portal
from .sop.placeholders import check_placeholders, scan_folder
from .sop.rules import check_portal
from .spec import source_path

DATA_CACHE = "data"
T = TypeVar("T")


def load_and_validate(root: Path, cache_dir: Path | None = None,
                      caches: list[Cache] | None = None,
                      regencies: Collection[str] | None = None) -> tuple[Portal, Report]:
    """The one entry point adapters call: load SOPs and data kinerja, then
    run every rule; one report for both. `cache_dir` (e.g.
    `.cache/portal-sop`) keeps what unchanged folders load to. A build
    passes `caches` and prunes them only after it succeeded; without it
    (validation alone) superseded entries are pruned at once."""
    data_cache = Cache(Path(cache_dir) / DATA_CACHE, ".pickle") if cache_dir else None
    load_district = None
    load_package_cached = None
    scan = None
    if data_cache is not None:
        digests: dict[Path, str | None] = {}  # each folder read once per call

        def load_district(path: Path, report: Report):
            return _cached(data_cache, "kecamatan", path.parent, report, lambda r: load_district_file(path, r), digests)

        def load_package_cached(folder: Path, district_path: str, report: Report):
            return _cached(data_cache, f"kinerja:{district_path}", folder, report,
                           lambda r: load_package(folder, district_path, r), digests)

        def scan(folder: Path, data_root: Path):
            return _cached(data_cache, "isian", folder, Report(root=data_root), lambda r: scan_folder(folder, data_root),
                           digests)

    portal, report = load_portal(root, load_district, regencies)
    check_portal(portal, report)
    check_placeholders(root, report, scan, regencies)
    packages, kinerja_report = load_kinerja(Path(root).resolve(), portal.districts, load_package_cached)
    report.extend(kinerja_report)
    if data_cache is not None:
        if caches is not None:
            caches.append(data_cache)
        elif regencies is None:
            data_cache.prune()  # entries of files that changed or went away (not of one shard's check)
    return replace(portal, kinerja=packages), report


def _cached(data_cache: Cache, kind: str, folder: Path, report: Report, load: Callable[[Report], T],
            digests: dict[Path, str | None]) -> T:
    if folder not in digests:
        digests[folder] = folder_digest(folder)
    digest = digests[folder]
    if digest is None:  # links or special files: always read through every rule
        return load(report)
    where = source_path(folder, report.root)
    key = content_key(code_version(), kind, where, str(report.root), digest)
    stored = data_cache.get(f"{kind}:{where}", key)
    if stored is not None:
        try:
            value, findings = pickle.loads(stored)
        except Exception:  # an entry from another version of a class: load again
            value = findings = None
        if findings is not None:
            report.findings.extend(findings)
            return value
    own = Report(root=report.root)
    value = load(own)
    report.extend(own)
    data_cache.put(f"{kind}:{where}", key, pickle.dumps((value, own.findings), protocol=pickle.HIGHEST_PROTOCOL))
    return value


def folder_digest(folder: Path) -> str | None:
    """Hash of every entry under `folder`: relative path, kind and the bytes
    of each file. None (do not cache) when the folder holds anything but
    plain folders and small regular files: a link's findings depend on where
    it leads, a FIFO must never be opened, a huge file is refused anyway."""
    parts: list[str | bytes] = []
    for current, dirs, files in os.walk(folder):
        dirs.sort()
        base = Path(current)
        for name in sorted(dirs) + sorted(files):
            path = base / name
            try:
                info = path.lstat()
            except OSError:
                return None
            rel = path.relative_to(folder).as_posix()
            if stat.S_ISDIR(info.st_mode):
                parts.append(f"d:{rel}")
            elif stat.S_ISREG(info.st_mode) and info.st_size <= MAX_FILE_BYTES:
                parts.append(f"f:{rel}")
                try:
                    parts.append(path.read_bytes())
                except OSError:
                    return None
            else:
                return None
    return content_key(*parts)
