"""The worker pool: every task answered once, in order, whatever happens to a worker."""

from __future__ import annotations

import os
import time

import pytest

from linter.pool import Pool


def _work(task: int) -> int:
    if task == 7:
        time.sleep(60)  # over its budget
    if task == 13:
        os._exit(9)  # a worker that dies
    if task == 21:
        raise ValueError("broken")
    return task * task


def _failed(task: int, why: str) -> str:
    return f"{task}:{why}"


@pytest.mark.skipif("fork" not in __import__("multiprocessing").get_all_start_methods(), reason="needs fork")
@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_each_task_is_answered_once_in_order_and_a_failed_worker_costs_only_its_task(jobs):
    started = time.monotonic()
    results = list(Pool(jobs, _work, _failed, timeout=1.0).map(range(30)))
    assert time.monotonic() - started < 20
    expected = [n * n for n in range(30)]
    expected[7], expected[13], expected[21] = "7:timeout", "13:crashed", "21:ValueError: broken"
    assert results == expected
