"""The one base class of the core's exceptions.

Adapters (CLI, MkDocs plugin) catch `PortalError` and show its message, in
Indonesian, without a traceback: `UserError` means the input must change
(a data file, an option, an output folder); any other `PortalError` is the
portal's own failure (a renderer that broke, a missing program).
"""
from __future__ import annotations

import errno


class PortalError(Exception):
    """Something the core could not do; the message is for the user."""


class UserError(PortalError):
    """The input must change: the message says which file or setting and how."""


_OS_REASONS = {
    errno.ENOSPC: "disk penuh",
    errno.EDQUOT: "kuota disk habis",
    errno.EACCES: "izin ditolak",
    errno.EPERM: "izin ditolak",
    errno.EROFS: "sistem berkas hanya-baca",
    errno.ENOENT: "tidak ada",
    errno.ENOTDIR: "bagian jalurnya bukan folder",
    errno.EISDIR: "berupa folder, bukan berkas",
    errno.ENAMETOOLONG: "nama terlalu panjang",
    errno.EMFILE: "terlalu banyak berkas terbuka",
}


def describe_os_error(error: OSError) -> str:
    """One Indonesian line for a failed file operation (a read-only folder,
    a full disk): which file and why, without a traceback."""
    reason = _OS_REASONS.get(error.errno or 0, error.strerror or type(error).__name__)
    where = error.filename if error.filename is not None else ""
    if error.filename2 is not None:
        where = f"{where} → {error.filename2}"
    return f"tidak dapat membaca atau menulis {where}: {reason}" if where else f"operasi berkas gagal: {reason}"
