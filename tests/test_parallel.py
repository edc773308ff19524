"""`fork_map` in real forked worker processes: results in order, failures raised in the parent, and
the workers gone afterwards whichever way the run ends (a dead worker is an error, never a hang)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from contextlib import closing

import pytest

from vaulttool import parallel

pytestmark = pytest.mark.skipif(
    not parallel.can_fork() or (os.cpu_count() or 1) < 2, reason="worker processes need fork and two cores"
)


class Unpicklable(Exception):
    def __reduce__(self):
        raise TypeError("cannot pickle this error")


def _square_or(failure):
    def work(index: int) -> int:
        if index == 37:
            failure()
        return index * index

    return work


def _raise(error: BaseException):
    def failure() -> None:
        raise error

    return failure


def test_results_come_in_index_order_from_the_workers_and_progress_is_counted():
    parent = os.getpid()
    told = []
    results = list(
        parallel.fork_map(
            lambda i: (i, os.getpid()),
            1000,
            2,
            progress=lambda label, done, total: told.append((label, done, total)),
            label="squares",
        )
    )
    assert [index for index, _ in results] == list(range(1000))
    assert parent not in {pid for _, pid in results}  # the work was done in other processes
    assert told[-1] == ("squares", 1000, 1000) and len(told) == 1000
    assert multiprocessing.active_children() == []


def test_a_worker_is_handed_span_indexes_at_a_time():
    """Each worker is first handed two ranges: of two indexes by default for 16 (at least four
    ranges a worker), of one with `span=1`."""

    def pids(**options) -> list[int]:
        results = list(parallel.fork_map(lambda i: (i, os.getpid()), 16, 2, **options))
        assert [index for index, _ in results] == list(range(16))
        return [pid for _, pid in results]

    default, single = pids(), pids(span=1)
    assert len(set(default[:4])) == 1 and default[4] != default[0]  # ranges 0-1 and 2-3 to one worker
    assert single[0] == single[1] != single[2] == single[3]  # ranges 0 and 1 to one, 2 and 3 to the other


def test_below_the_threshold_the_work_is_done_here():
    assert {pid for pid in parallel.fork_map(lambda i: os.getpid(), 10, 11)} == {os.getpid()}


def test_remote_is_what_a_worker_runs():
    assert list(parallel.fork_map(lambda i: i, 50, 2, remote=lambda i: -i)) == [-i for i in range(50)]


def test_a_worker_collects_its_cyclic_garbage_while_the_parent_does_not():
    """The parse turns the collector off while it makes its notes (`vault._bulk`); a worker's
    objects are short-lived and some are cycles: uncollected, 25,000 notes' made a worker 1 GB
    (issue 15). A cycle a worker makes is collected there."""
    import gc
    import weakref

    class Node:
        pass

    def cycle_collected(index: int) -> bool:
        first = Node()
        first.self = first
        alive = weakref.ref(first)
        del first
        for _ in range(50_000):  # enough new objects for the collector to run by itself, twice in its middle generation
            node = Node()
            node.self = node
        return alive() is None

    was = gc.isenabled()
    gc.disable()
    try:
        assert all(parallel.fork_map(cycle_collected, 20, 2))
        assert not cycle_collected(0)  # here, with the collector off, it is not
    finally:
        if was:
            gc.enable()


def test_work_that_makes_no_cycle_runs_with_the_collector_off_and_the_parent_keeps_its_own():
    """`cycles=False` (the checks, tests/check/test_check_workers.py): the workers' cyclic collector
    is off, whatever the parent's; by default it is on."""
    import gc

    assert not any(parallel.fork_map(lambda i: gc.isenabled(), 20, 2, cycles=False))
    assert gc.isenabled()
    was = gc.isenabled()
    gc.disable()
    try:
        assert all(parallel.fork_map(lambda i: gc.isenabled(), 20, 2))
    finally:
        if was:
            gc.enable()


def test_a_failure_in_a_worker_is_raised_here_with_its_type_and_where_it_happened():
    with pytest.raises(ZeroDivisionError) as raised:
        list(parallel.fork_map(_square_or(lambda: 1 / 0), 100, 2))
    assert "in a worker process" in "".join(raised.value.__notes__)
    assert multiprocessing.active_children() == []


def test_a_failure_that_cannot_be_sent_back_is_sent_as_its_text():
    with pytest.raises(parallel.WorkerError, match="Unpicklable: odd"):
        list(parallel.fork_map(_square_or(_raise(Unpicklable("odd"))), 100, 2))
    assert multiprocessing.active_children() == []


def test_a_worker_that_dies_is_an_error_not_a_hang():
    outcome: list[BaseException | None] = []

    def run() -> None:
        try:
            list(parallel.fork_map(_square_or(lambda: os._exit(3)), 100, 2))
        except BaseException as error:  # the outcome is what the test checks
            outcome.append(error)
        else:
            outcome.append(None)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "fork_map hung after a worker died"
    assert isinstance(outcome[0], parallel.WorkerError)
    assert multiprocessing.active_children() == []


def test_a_caller_that_stops_early_stops_the_workers():
    with closing(parallel.fork_map(lambda i: i, 5000, 2)) as results:
        assert next(results) == 0
        assert multiprocessing.active_children() != []
    assert multiprocessing.active_children() == []
