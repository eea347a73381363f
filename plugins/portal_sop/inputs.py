"""The one rule for reading input that arrives by pull request.

Every file the loader, the validator, the placeholder check, the data
kinerja loader and the PDF logo read goes through `read_bytes`: it must be a
regular file inside the data directory once links are resolved, no larger
than a limit checked before reading. A symbolic link whose target stays
inside the data directory is followed (a kecamatan may share a logo); one
that leaves it, or points nowhere, is refused. FIFOs, devices and folders are
refused without being opened for reading (O_NONBLOCK, so a FIFO cannot hang
the build). Folder walks (`subfolders`) apply the same rule to folders.

The importer reads files the maintainer names on the command line, which may
live anywhere; for those `read_bytes(path, None)` keeps every rule except
"inside the data directory". Paths the importer writes are checked with
`writable_inside`.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from .errors import UserError

# Largest data file read: the biggest real langkah.csv is a few KB.
MAX_FILE_BYTES = 2_000_000


class InputError(UserError):
    """A file or folder the rule refuses. `reason` is the Indonesian sentence
    without the path, so a finding can put the path in its own place."""

    def __init__(self, path: Path, reason: str, code: str):
        super().__init__(f"{path}: {reason}")
        self.path, self.reason, self.code = Path(path), reason, code


def is_inside(path: Path, root: Path) -> bool:
    """True when `path`, with every link resolved, lies in `root`."""
    try:
        return Path(path).resolve().is_relative_to(Path(root).resolve())
    except (OSError, RuntimeError):  # a symlink loop
        return False


def _resolve(path: Path, root: Path | None) -> Path:
    path = Path(path)
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        if path.is_symlink():
            raise InputError(path, "tautan simbolik (symlink) ini mengarah ke berkas yang tidak ada; "
                             "ganti dengan berkas biasa", "tautan-rusak") from None
        raise InputError(path, "berkas tidak ditemukan", "berkas-tidak-ada") from None
    except (OSError, RuntimeError):
        raise InputError(path, "tautan simbolik (symlink) ini berputar-putar; ganti dengan berkas biasa",
                         "tautan-rusak") from None
    if root is not None and not target.is_relative_to(Path(root).resolve()):
        raise InputError(path, "tautan simbolik (symlink) ini mengarah ke luar folder data; portal hanya "
                         "membaca berkas di dalam folder data. Ganti dengan berkas biasa", "tautan-ke-luar")
    return target


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "sebuah folder"
    if stat.S_ISFIFO(mode):
        return "sebuah pipa (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "sebuah perangkat"
    if stat.S_ISSOCK(mode):
        return "sebuah soket"
    return "bukan berkas biasa"


def check_file(path: Path, root: Path | None, limit: int = MAX_FILE_BYTES) -> Path:
    """The resolved path of `path` when it may be read; raises `InputError`
    otherwise. Does not open the file."""
    target = _resolve(path, root)
    info = target.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InputError(path, f"ini {_kind(info.st_mode)}, bukan berkas biasa; ganti dengan berkas", "bukan-berkas")
    if info.st_size > limit:
        raise InputError(path, f"berkas lebih dari {_size(limit)}; periksa isinya atau pecah menjadi beberapa berkas",
                         "berkas-terlalu-besar")
    return target


def read_bytes(path: Path, root: Path | None, limit: int = MAX_FILE_BYTES) -> bytes:
    """The content of `path` under the rule above. The checks are made again
    on the opened descriptor, so a file swapped after `check_file` is still
    never read beyond `limit` and never blocks."""
    target = check_file(path, root, limit)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        raise InputError(path, f"berkas tidak dapat dibuka ({exc.strerror})", "berkas-tidak-terbaca") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(path, f"ini {_kind(info.st_mode)}, bukan berkas biasa; ganti dengan berkas", "bukan-berkas")
        if info.st_size > limit:
            raise InputError(path, f"berkas lebih dari {_size(limit)}; periksa isinya", "berkas-terlalu-besar")
        chunks, total = [], 0
        while chunk := os.read(fd, 1 << 16):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise InputError(path, f"berkas lebih dari {_size(limit)}; periksa isinya", "berkas-terlalu-besar")
        return b"".join(chunks)
    except OSError as exc:
        raise InputError(path, f"berkas tidak dapat dibaca ({exc.strerror})", "berkas-tidak-terbaca") from None
    finally:
        os.close(fd)


def subfolders(folder: Path, root: Path) -> tuple[list[Path], list[InputError]]:
    """The folders directly in `folder`, sorted by name (except ".git"); a
    link to a folder outside `root` is returned as a problem, never walked."""
    found: list[Path] = []
    problems: list[InputError] = []
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return [], []
    for entry in entries:
        if entry.name == ".git":
            continue
        path = Path(entry.path)
        try:
            if not entry.is_dir(follow_symlinks=True):
                continue
        except OSError:
            continue
        if entry.is_symlink() and not is_inside(path, root):
            problems.append(InputError(
                path, "folder ini tautan simbolik (symlink) ke luar folder data; portal tidak membacanya. "
                "Ganti dengan folder biasa", "tautan-ke-luar"))
            continue
        found.append(path)
    return found, problems


def writable_inside(path: Path, root: Path) -> Path:
    """`path` when writing it cannot land outside `root`: no folder on the
    way, and not the file itself, is a link leaving `root`."""
    path = Path(path)
    if path.is_symlink() or not is_inside(path, root):
        raise InputError(path, "jalur ini (atau salah satu foldernya) adalah tautan simbolik ke luar folder data; "
                         "berkas tidak ditulis", "tautan-ke-luar")
    return path


def _size(limit: int) -> str:
    return f"{limit // 1_000_000} MB" if limit >= 1_000_000 else f"{limit // 1000} KB"
