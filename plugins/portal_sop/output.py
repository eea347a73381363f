"""Atomic replacement of a build's output directory.

A build writes into a staging directory beside the final one; only a build
that finished replaces the previous output. A failed, crashed or interrupted
build leaves the previous output exactly as it was.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

STAGING_SUFFIX = ".sedang-dibangun"
OLD_SUFFIX = ".lama"


def staging_dir(final: Path) -> Path:
    """A fresh, empty staging directory for `final`; leftovers of an
    interrupted build are removed first."""
    final = Path(final)
    staging = final.with_name(final.name + STAGING_SUFFIX)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    return staging


def commit(staging: Path, final: Path) -> None:
    """Put the finished staging directory in place of `final`."""
    final, staging = Path(final), Path(staging)
    old = final.with_name(final.name + OLD_SUFFIX)
    shutil.rmtree(old, ignore_errors=True)
    if final.exists():
        os.rename(final, old)
    os.rename(staging, final)
    shutil.rmtree(old, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)
