"""Output folders: which folder a build may replace, one build at a time,
and an atomic swap at the end.

A build (``mkdocs build`` or ``portal-sop generate``) writes into a staging
folder beside the final one; only a build that finished replaces the
previous output. A failed, crashed or interrupted build leaves the previous
output exactly as it was.

Replacing a folder deletes what was in it, so a build only replaces a folder
that is empty, missing, or a previous portal build (it holds the `MARKER`
file every build writes). It never replaces the filesystem root, the home
folder, the project folder or one of their parents, nor a folder that holds
or lies inside a protected folder (data, pages, cache, ``.git``, ``.venv``).

Two builds into the same output take turns: each holds an exclusive
`fcntl.flock` on ``<output>.lock`` beside the output from start to swap.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from . import paths
from .errors import UserError

MARKER = ".portal-sop-build"
MARKER_TEXT = (
    "Folder ini dibuat oleh build Portal SOP; build berikutnya boleh menggantinya seluruhnya.\n"
    "Jangan simpan berkas lain di sini.\n"
)
STAGING_SUFFIX = ".sedang-dibangun"
OLD_SUFFIX = ".lama"
LOCK_SUFFIX = ".lock"
# Never an output, nor inside one, nor holding one.
TOOL_FOLDERS = (".git", ".venv")


class OutputError(UserError):
    """The output folder cannot be used; the message says which and why."""


def is_previous_build(folder: Path) -> bool:
    """A folder a portal build wrote: it has the marker, or (builds made
    before the marker existed) the portal's own stylesheet."""
    return (folder / MARKER).is_file() or (folder / paths.STYLESHEET).is_file()


def _refuse(final: Path, reason: str) -> OutputError:
    return OutputError(
        f"folder keluaran {final} tidak dipakai: {reason}. Pilih folder lain yang kosong atau "
        "hasil build portal sebelumnya, misalnya build/site"
    )


def check_target(final: Path, *, root: Path, protected: Iterable[Path] = ()) -> Path:
    """The resolved `final` if a build may replace it, else `OutputError`.

    `root` is the project folder (where mkdocs.yml or the data lives);
    `protected` are folders the output must neither be, lie in, nor contain
    (data, pages, cache).
    """
    final = Path(final).resolve()
    roots = [
        (Path(final.anchor), "akar sistem berkas"),
        (Path.home().resolve(), "folder rumah (home) atau induknya"),
        (Path(root).resolve(), "folder proyek atau induknya"),
        (Path.cwd().resolve(), "folder kerja saat ini atau induknya"),
    ]
    for folder, what in roots:
        if final == folder or final in folder.parents:
            raise _refuse(final, what)
    if any(part in TOOL_FOLDERS for part in final.parts):
        raise _refuse(final, "folder .git atau .venv")
    guarded = [Path(root).resolve() / name for name in TOOL_FOLDERS] + [Path(p).resolve() for p in protected]
    if sys.prefix != sys.base_prefix:  # the running virtual environment
        guarded.append(Path(sys.prefix).resolve())
    for folder in guarded:
        if final == folder or final.is_relative_to(folder) or folder.is_relative_to(final):
            raise _refuse(final, f"folder itu adalah, berisi, atau berada di dalam {folder}")
    if final.exists() and not final.is_dir():
        raise _refuse(final, "itu sebuah berkas, bukan folder")
    if final.is_dir() and any(final.iterdir()) and not is_previous_build(final):
        raise _refuse(final, f"folder tidak kosong dan bukan hasil build portal (tidak ada berkas {MARKER})")
    return final


def _clear_leftover(folder: Path) -> None:
    """Remove the staging or old folder of a crashed build; refuse to touch
    a folder of that name the portal did not make."""
    if not folder.exists() and not folder.is_symlink():
        return
    if folder.is_symlink() or not folder.is_dir() or (any(folder.iterdir()) and not is_previous_build(folder)):
        raise OutputError(
            f"{folder} sudah ada dan bukan sisa build portal; pindahkan atau hapus sendiri, lalu bangun ulang"
        )
    shutil.rmtree(folder)


class OutputBuild:
    """One build's output folder, from the check to the swap.

    ``start()`` checks the target, takes the lock (calling `on_wait` with a
    message when another build holds it, then waiting), and returns a fresh
    staging folder; ``commit()`` puts it in place of the output; ``close()``
    removes an uncommitted staging folder and releases the lock. Usable as a
    context manager (``with OutputBuild(...) as build: ... build.commit()``).
    """

    def __init__(self, final: Path, *, root: Path, protected: Iterable[Path] = (),
                 on_wait: Callable[[str], None] | None = None) -> None:
        self.requested = Path(final)
        self.root = Path(root)
        self.protected = tuple(protected)
        self.on_wait = on_wait
        self.final = Path(final).resolve()
        self._fd: int | None = None
        self._staged = False

    def _beside(self, suffix: str) -> Path:
        return self.final.with_name(self.final.name + suffix)

    @property
    def staging(self) -> Path:
        return self._beside(STAGING_SUFFIX)

    @property
    def old(self) -> Path:
        return self._beside(OLD_SUFFIX)

    @property
    def lock_file(self) -> Path:
        return self._beside(LOCK_SUFFIX)

    def check(self) -> Path:
        return check_target(self.requested, root=self.root, protected=self.protected)

    def start(self) -> Path:
        self.check()
        self._lock()
        try:
            # Another build may have finished while we waited.
            self.check()
            _clear_leftover(self.staging)
            _clear_leftover(self.old)
            self.staging.mkdir()
            self._staged = True
            (self.staging / MARKER).write_text(MARKER_TEXT, "utf-8")
        except BaseException:
            self.close()
            raise
        return self.staging

    def _lock(self) -> None:
        self.final.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if self.on_wait is not None:
                    self.on_wait(
                        f"Build lain sedang menulis ke {self.final}; menunggu sampai selesai "
                        f"(kunci {self.lock_file})."
                    )
                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def commit(self) -> None:
        """Put the finished staging folder in place of the output."""
        assert self._staged and self._fd is not None, "commit() without start()"
        if self.final.exists():
            os.rename(self.final, self.old)
        os.rename(self.staging, self.final)
        self._staged = False
        shutil.rmtree(self.old, ignore_errors=True)

    def close(self) -> None:
        """Discard an uncommitted staging folder; release the lock."""
        if self._staged:
            shutil.rmtree(self.staging, ignore_errors=True)
            self._staged = False
        if self._fd is not None:
            os.close(self._fd)  # releases the flock
            self._fd = None

    def __enter__(self) -> OutputBuild:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
