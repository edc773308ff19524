"""Work on many notes in forked worker processes, when there is enough of it to pay for them.

`fork_map(work, count, threshold)` yields `work(0)`, …, `work(count - 1)`. With `count` at least
`threshold`, two or more cores and a platform that can fork, the indexes are shared out among
worker processes forked from this one: they see its memory as it was (the notes, the resolver),
so nothing is sent to them but ranges of indexes, and each range's results come back pickled
(`remote`, if given, is what a worker runs instead of `work`: a result cheaper to send, such as a
cache record). Results come in index order, as they are ready.

Each worker has a pipe of its own and shares no lock with the others, so stopping them cannot
hang: Ctrl-C (the workers ignore it; the parent, interrupted, kills them), a failure, a worker
that dies, or a caller that stops before the last result (interrupted while it handles one: it
closes the generator, `contextlib.closing`) all kill the workers at once and wait for them.
"""

from __future__ import annotations

import os
import signal
from collections import deque
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TypeVar, cast

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

    from vaulttool.progress import ProgressCallback

T = TypeVar("T")

MAX_WORKERS = 8
AHEAD = 4  # ranges a worker may be given beyond the one the results wait for, per worker
_work: Callable[[int], Any] | None = None  # what the forked workers run (set before they fork)


class WorkerError(RuntimeError):
    """A worker failed in a way that cannot be sent back as it is (or died)."""


def _stopped() -> WorkerError:
    return WorkerError("a worker process stopped before its work was done")


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def _serve(connection: Connection, cycles: bool) -> None:
    """A worker: run each range of indexes it is sent and send back the results (or the
    failure), until it is sent None. Its cyclic collector runs when its work makes `cycles`."""
    import gc
    import traceback

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends the workers
    # The parent may have turned the cyclic collector off while it makes many long-lived objects
    # (`vault._bulk`); a worker's objects are short-lived, and any cycle among them waits for the
    # collector (a lifecycle reader and its places, until they let go of each other, made a parse
    # worker 1 GB on 25,000 notes). What the parent made is frozen, never walked. Work that makes
    # no cycle has it off: it would walk what the work keeps again and again, to find nothing.
    gc.freeze()
    if cycles:
        gc.enable()
    else:
        gc.disable()
    assert _work is not None
    try:
        while (task := connection.recv()) is not None:
            start, stop = task
            message: tuple[bool, Any]
            try:
                message = (True, [_work(index) for index in range(start, stop)])
            except Exception as error:  # every failure goes back to the parent, which raises it
                error.add_note("in a worker process:\n" + "".join(traceback.format_tb(error.__traceback__)))
                message = (False, error)
            try:
                connection.send(message)
            except OSError:
                raise
            except Exception as unsent:  # what cannot be pickled is sent as its text
                failure = message[1] if not message[0] else unsent
                connection.send((False, WorkerError(f"{type(failure).__name__}: {failure}")))
    except (EOFError, OSError):  # the parent is gone, or stopped the workers
        pass


class _Workers:
    """The forked workers, each with its queue of the ranges it was given."""

    def __init__(self, count: int, cycles: bool) -> None:
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.processes: list[BaseProcess] = []
        self.given: dict[Connection, deque[int]] = {}
        try:
            for _ in range(count):
                ours, theirs = context.Pipe()
                self.given[ours] = deque()
                process = context.Process(target=_serve, args=(theirs, cycles), daemon=True)
                process.start()
                self.processes.append(process)
                theirs.close()
        except BaseException:
            self.stop(kill=True)
            raise

    def feed(self, ranges: list[tuple[int, int]], handed: int, limit: int) -> int:
        """Give each worker ranges from number `handed` on until it holds two (one to work on,
        one to start at once after it), handing none at or past `limit`; the next to hand."""
        for connection, numbers in self.given.items():
            while len(numbers) < 2 and handed < min(limit, len(ranges)):
                try:
                    connection.send(ranges[handed])
                except OSError:  # a broken pipe: the worker is gone
                    raise _stopped() from None
                numbers.append(handed)
                handed += 1
        return handed

    def results(self) -> Generator[tuple[int, list[Any]], None, None]:
        """The results the workers have sent, once one has: each range's number and results."""
        from multiprocessing.connection import wait

        busy = {connection: numbers for connection, numbers in self.given.items() if numbers}
        for connection in cast("list[Connection]", wait(list(busy))):
            try:
                ok, value = connection.recv()
            except (EOFError, OSError):  # its pipe closed, or reset
                raise _stopped() from None
            if not ok:
                raise value
            yield busy[connection].popleft(), value

    def stop(self, *, kill: bool) -> None:
        """Stop the workers: killed at once, or told their work is done."""
        for process in self.processes if kill else ():
            process.kill()
        for connection in self.given:
            if not kill:
                connection.send(None)
            connection.close()
        for process in self.processes:
            process.join()


def fork_map(
    work: Callable[[int], T],
    count: int,
    threshold: int,
    *,
    remote: Callable[[int], Any] | None = None,
    progress: ProgressCallback | None = None,
    label: str = "",
    span: int | None = None,
    cycles: bool = True,
) -> Generator[T | Any, None, None]:
    """`work(i)` for each index below `count` (or `remote(i)` in a worker), in order; `progress`
    is told `label` and how many are done. A worker is handed `span` indexes at a time (default:
    up to 64, and at least four ranges a worker; one when each index is itself a batch of work).
    `cycles=False` says the work makes no reference cycle: the workers' cyclic collector is off."""
    global _work
    size = min(os.cpu_count() or 1, MAX_WORKERS)
    if count < threshold or size < 2 or not can_fork():
        for index in range(count):
            yield work(index)
            if progress is not None:
                progress(label, index + 1, count)
        return
    _work = remote or work
    span = span or max(1, min(64, count // (size * 4)))
    ranges = [(start, min(start + span, count)) for start in range(0, count, span)]
    workers = _Workers(size, cycles)
    _work = None  # the workers have their copy
    finished = False
    try:
        ready: dict[int, list[Any]] = {}
        handed = done = 0
        for wanted in range(len(ranges)):
            while wanted not in ready:
                handed = workers.feed(ranges, handed, wanted + AHEAD * size)
                ready.update(workers.results())
            for result in ready.pop(wanted):
                yield result
                done += 1
                if progress is not None:
                    progress(label, done, count)
        finished = True
    finally:  # Ctrl-C, a failure or a caller that stopped: the workers are killed, not waited for
        workers.stop(kill=not finished)
