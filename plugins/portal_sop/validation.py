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
from typing import Any, Collection

from . import parallel
from .cache import Cache, content_key
from .findings import Finding, Report
from .fingerprint import code_version
from .inputs import MAX_FILE_BYTES
from .kinerja.loader import load_kinerja, load_package
from .model import Portal
from .sop.loader import district_folders, load_district_file, load_portal
from .sop.placeholders import check_placeholders, scan_folder
from .sop.rules import check_portal
from .spec import DISTRICT_FILE, KINERJA_FOLDER, source_path

DATA_CACHE = "data"


def load_and_validate(root: Path, cache_dir: Path | None = None,
                      caches: list[Cache] | None = None,
                      regencies: Collection[str] | None = None,
                      workers: int | None = None) -> tuple[Portal, Report]:
    """The one entry point adapters call: load SOPs and data kinerja, then
    run every rule; one report for both. `cache_dir` (e.g.
    `.cache/portal-sop`) keeps what unchanged folders load to. A build
    passes `caches` and prunes them only after it succeeded; without it
    (validation alone) superseded entries are pruned at once. The folders
    not in the cache are read in `workers` processes (default: one per
    core); the result and the order of the findings do not depend on it."""
    data_cache = Cache(Path(cache_dir) / DATA_CACHE, ".pickle") if cache_dir else None
    loads = _Loads(Path(root).resolve(), data_cache)
    loads.prefetch(district_folders(root, regencies), workers)
    portal, report = load_portal(root, lambda path, report: loads.get(DISTRICT, path.parent, report), regencies)
    check_portal(portal, report)
    # Without a cache there is nothing to reuse: check_placeholders scans itself.
    scan = (lambda folder, _root: loads.get(SCAN, folder)) if data_cache is not None else None
    check_placeholders(root, report, scan, regencies)
    packages, kinerja_report = load_kinerja(
        Path(root).resolve(), portal.districts,
        lambda folder, district_path, report: loads.get(_package_kind(district_path), folder, report))
    report.extend(kinerja_report)
    if data_cache is not None:
        if caches is not None:
            caches.append(data_cache)
        elif regencies is None:
            data_cache.prune()  # entries of files that changed or went away (not of one shard's check)
    return replace(portal, kinerja=packages), report


DISTRICT = "kecamatan"
SCAN = "isian"  # placeholder spots of a kecamatan folder (`scan_folder`)


def _package_kind(district_path: str) -> str:
    return f"kinerja:{district_path}"


def _load_folder(task: tuple[str, str, str]) -> tuple[Any, list[Finding]]:
    """What one folder of `kind` loads to, and its findings: the one place
    that says how each kind is read (in a worker process for
    `_Loads.prefetch`, in this one for `_Loads.get`)."""
    kind, folder, root = task
    report = Report(root=Path(root))
    if kind == DISTRICT:
        value = load_district_file(Path(folder) / DISTRICT_FILE, report)
    elif kind == SCAN:
        value = scan_folder(Path(folder), Path(root))
    else:
        value = load_package(Path(folder), kind.removeprefix(_package_kind("")), report)
    return value, report.findings


class _Loads:
    """What each folder loads to, with its findings: replayed from the cache
    when the folder's content is unchanged, else read (ahead, in parallel,
    by `prefetch`; or when asked, by `get`) and stored."""

    def __init__(self, root: Path, store: Cache | None) -> None:
        self.root = root
        self.store = store
        self.digests: dict[Path, str | None] = {}  # each folder read once per call
        self.ready: dict[tuple[str, Path], tuple[Any, list[Finding], bool]] = {}

    def prefetch(self, district_dirs: list[Path], workers: int | None) -> None:
        """Read every kecamatan folder and data kinerja package under
        `district_dirs` that the cache does not hold, in worker processes."""
        tasks = []
        for folder in district_dirs:
            tasks.append((DISTRICT, folder))
            if (folder / KINERJA_FOLDER).is_dir():
                tasks.append((_package_kind(f"{folder.parent.name}/{folder.name}"), folder / KINERJA_FOLDER))
        misses = []
        for kind, folder in tasks:
            stored = self._recall(kind, folder)
            if stored is None:
                misses.append((kind, folder))
            else:
                self.ready[(kind, folder)] = (*stored, False)
        loaded = parallel.ordered_map(_load_folder, [(kind, str(folder), str(self.root)) for kind, folder in misses], workers)
        for (kind, folder), (value, findings) in zip(misses, loaded):
            self.ready[(kind, folder)] = (value, findings, True)

    def get(self, kind: str, folder: Path, report: Report | None = None) -> Any:
        """What `folder` loads to as `kind`, its findings added to `report`."""
        if (kind, folder) in self.ready:
            value, findings, fresh = self.ready.pop((kind, folder))
        elif (stored := self._recall(kind, folder)) is not None:
            (value, findings), fresh = stored, False
        else:
            (value, findings), fresh = _load_folder((kind, str(folder), str(self.root))), True
        if fresh:
            self._keep(kind, folder, value, findings)
        if report is not None:
            report.findings.extend(findings)
        return value

    def _entry(self, kind: str, folder: Path) -> tuple[str, str] | None:
        """The cache entry (output, key) of `folder`; None: not cached."""
        if self.store is None:
            return None
        if folder not in self.digests:
            self.digests[folder] = folder_digest(folder)
        digest = self.digests[folder]
        if digest is None:  # links or special files: always read through every rule
            return None
        where = source_path(folder, self.root)
        return f"{kind}:{where}", content_key(code_version(), kind, where, str(self.root), digest)

    def _recall(self, kind: str, folder: Path) -> tuple[Any, list[Finding]] | None:
        entry = self._entry(kind, folder)
        stored = self.store.get(*entry) if entry is not None and self.store is not None else None
        if stored is None:
            return None
        try:
            value, findings = pickle.loads(stored)
        except Exception:  # an entry from another version of a class: load again
            return None
        return None if findings is None else (value, findings)

    def _keep(self, kind: str, folder: Path, value: Any, findings: list[Finding]) -> None:
        entry = self._entry(kind, folder)
        if entry is not None and self.store is not None:
            self.store.put(*entry, pickle.dumps((value, findings), protocol=pickle.HIGHEST_PROTOCOL))


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
