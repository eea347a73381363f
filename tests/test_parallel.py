"""`parallel.ordered_map`: results in the order of the items, computed in
worker processes when there are enough items."""
from __future__ import annotations

import os

import pytest

from portal_sop import parallel


def _square_and_pid(n: int) -> tuple[int, int]:
    return n * n, os.getpid()


def test_results_keep_the_order_of_the_items_and_come_from_workers():
    items = list(range(40))
    results = parallel.ordered_map(_square_and_pid, items, workers=2)
    assert [square for square, _ in results] == [n * n for n in items]
    assert os.getpid() not in {pid for _, pid in results}


def test_few_items_or_one_worker_stay_in_this_process():
    for items, workers in ((list(range(parallel.MIN_ITEMS - 1)), 2), (list(range(10)), 1)):
        results = parallel.ordered_map(_square_and_pid, items, workers=workers)
        assert results == [(n * n, os.getpid()) for n in items]


def _fail_on_seven(n: int) -> int:
    if n == 7:
        raise ValueError("seven")
    return n


def test_an_error_in_a_worker_reaches_the_caller():
    with pytest.raises(ValueError, match="seven"):
        parallel.ordered_map(_fail_on_seven, list(range(20)), workers=2)
