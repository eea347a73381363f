"""An ordered map over worker processes, for the CPU-bound stages of a cold
build (reading YAML and CSV through frictionless) that would otherwise keep
one of the machine's cores idle.

The workers are forked early in a build, while the build's process is still
small: a fork made after the PDFs are in memory would count them again in
every child's resident memory.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Fewer items than this are mapped in this process: starting workers
# costs more than it saves (an edit rebuild reads one folder).
MIN_ITEMS = 4


def ordered_map(function: Callable[[T], R], items: Sequence[T], workers: int | None = None) -> list[R]:
    """`[function(item) for item in items]`, computed in up to `workers`
    processes (default: the machine's cores). `function` and the items and
    results must pickle. Results come back in the order of `items`, so
    output does not depend on which worker finished first."""
    workers = min(workers or os.cpu_count() or 1, len(items))
    if workers <= 1 or len(items) < MIN_ITEMS:
        return [function(item) for item in items]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(function, items))
