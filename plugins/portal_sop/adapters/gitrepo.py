"""Versions of the data folder from git, for `portal-sop ringkas` and the
revision check of `portal-sop validate --base`: `git archive` of one commit's
data folder, unpacked with tarfile's "data" filter (no links out, no device
files, nothing outside the target folder)."""
from __future__ import annotations

import io
import subprocess
import tarfile
from pathlib import Path

from ..errors import UserError


class GitError(UserError):
    """A revision or repository that git cannot give us; the message says why."""


def _git(repo: Path, *args: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise GitError("program git tidak ditemukan; pasang git lalu ulangi") from exc
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {' '.join(args[:2])} gagal: {message[-1] if message else result.returncode}")
    return result.stdout


def data_location(data_dir: Path) -> tuple[Path, str]:
    """(repository top folder, data folder relative to it)."""
    data_dir = Path(data_dir).resolve()
    probe = data_dir if data_dir.is_dir() else data_dir.parent
    top = Path(_git(probe, "rev-parse", "--show-toplevel").decode().strip())
    return top, data_dir.relative_to(top).as_posix()


def commit_id(repo: Path, revision: str) -> str:
    if revision.startswith("-"):
        raise GitError(f"revisi {revision!r} tidak sah")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").decode().strip()
    except GitError as exc:
        raise GitError(f"revisi git {revision!r} tidak ditemukan; ambil dulu dengan git fetch, atau periksa namanya") from exc


def snapshot(repo: Path, revision: str, subdir: str, target: Path) -> Path:
    """The data folder `subdir` as it was at `revision`, unpacked into `target`
    (an empty folder when the commit has no such folder)."""
    commit = commit_id(repo, revision)
    root = Path(target) / subdir
    root.mkdir(parents=True, exist_ok=True)
    listed = _git(repo, "ls-tree", "--name-only", commit, "--", subdir).strip()
    if not listed:
        return root
    archive = _git(repo, "archive", "--format=tar", commit, "--", subdir)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return root
