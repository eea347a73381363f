"""The render cache: finished outputs (SVG charts, PDFs) stored by the hash
of everything they were made from.

One `Cache` per kind of output, in its own folder (``<cache_dir>/flowchart``,
``<cache_dir>/pdf``). An entry is ``<key><suffix>``, written atomically
(temporary file, then `os.replace`), so a parallel or interrupted build never
reads half a file. While a build runs, the cache notes which key each output
used; `Cache.prune`, called by the adapters only after a build succeeded,
writes that as ``manifest.json`` and removes every entry the manifest no
longer names (a changed SOP's old chart, a deleted SOP's PDF). A failed build
never prunes, so its finished entries are reused by the next attempt.

Keys come from `content_key` over the output's full input and the renderer's
version: `renderer_version` hashes the package version with the versions of
the programs and libraries that draw (``dot -V``, WeasyPrint), so upgrading
any of them renders again without a number bumped by hand.

A cache folder that cannot be written (read-only, disk full) does not fail
the build: the entry is skipped with one warning and the build goes on.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path

log = logging.getLogger("mkdocs.plugins.portal_sop.cache")

MANIFEST = "manifest.json"
_KEY = re.compile(r"[0-9a-f]{64}")
# Temporary files older than this were left by a killed process.
_STALE_TEMP_SECONDS = 3600


def content_key(*parts: str | bytes) -> str:
    """SHA-256 over `parts`, each length-prefixed so no two part lists collide."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode())
        digest.update(data)
    return digest.hexdigest()


@cache
def package_version() -> str:
    try:
        return metadata.version("portal-sop")
    except metadata.PackageNotFoundError:  # run from a source tree without install
        return "0+source"


@cache
def source_digest(*files: Path) -> str:
    """Hash of source files whose code shapes an output after its key's
    inputs were fixed (post-processing), so editing them renders again."""
    return content_key(*(Path(f).read_bytes() for f in files))


def renderer_version(*versions: str) -> str:
    """The package version together with the drawing tools' versions."""
    return content_key(package_version(), *versions)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file in the same folder and
    `os.replace`, so readers see the old file or the whole new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


class Cache:
    """Content-addressed entries of one kind of output in `directory`
    (None: no cache, every `get` misses and `put` keeps nothing)."""

    def __init__(self, directory: Path | str | None, suffix: str) -> None:
        assert suffix.startswith("."), suffix
        self.directory = Path(directory) if directory else None
        self.suffix = suffix
        self.used: dict[str, str] = {}  # output -> key, this build
        self._lock = threading.Lock()
        self._unwritable = False

    def _entry(self, key: str) -> Path:
        assert self.directory is not None and _KEY.fullmatch(key), key
        return self.directory / f"{key}{self.suffix}"

    def get(self, output: str, key: str) -> bytes | None:
        """The stored bytes for `key`, or None; notes that `output` uses `key`."""
        with self._lock:
            self.used[output] = key
        if self.directory is None:
            return None
        try:
            return self._entry(key).read_bytes()
        except FileNotFoundError:
            return None
        except OSError as error:
            self._warn(error)
            return None

    def put(self, output: str, key: str, data: bytes) -> None:
        """Store `data` under `key` (atomically); notes that `output` uses it."""
        with self._lock:
            self.used[output] = key
        if self.directory is None or self._unwritable:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            atomic_write(self._entry(key), data)
        except OSError as error:
            self._warn(error)

    def prune(self) -> list[Path]:
        """After a successful build: record this build's outputs in the
        manifest and remove the entries it no longer names. Returns them."""
        if self.directory is None or not self.directory.is_dir():
            return []
        keep = set(self.used.values())
        removed: list[Path] = []
        try:
            manifest = json.dumps({"outputs": dict(sorted(self.used.items()))}, ensure_ascii=False, indent=1)
            atomic_write(self.directory / MANIFEST, manifest.encode("utf-8"))
            now = time.time()
            for path in self.directory.iterdir():
                key = path.name.removesuffix(self.suffix)
                if key != path.name and _KEY.fullmatch(key):
                    if key not in keep:
                        path.unlink(missing_ok=True)
                        removed.append(path)
                elif path.name.endswith(".tmp") and now - path.stat().st_mtime > _STALE_TEMP_SECONDS:
                    path.unlink(missing_ok=True)
        except OSError as error:
            self._warn(error)
        return removed

    def manifest(self) -> dict[str, str]:
        """The outputs and keys of the last successful build ({} if none)."""
        if self.directory is None:
            return {}
        try:
            data = json.loads((self.directory / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        outputs = data.get("outputs") if isinstance(data, dict) else None
        return {str(k): str(v) for k, v in outputs.items()} if isinstance(outputs, dict) else {}

    def _warn(self, error: OSError) -> None:
        with self._lock:
            if self._unwritable:
                return
            self._unwritable = True
        log.warning(
            "Tembolok %s tidak dapat dipakai (%s); build berlanjut tanpa menyimpan hasil ke tembolok.",
            self.directory, error.strerror or error,
        )


def prune_all(caches: Iterable[Cache]) -> None:
    for item in caches:
        item.prune()
