"""Work on many notes in forked worker processes, when there is enough of it to pay for them.

`fork_map(work, count, threshold)` yields `work(0)`, …, `work(count - 1)`. With `count` at least
`threshold`, two or more cores and a platform that can fork, the indexes are shared out among
worker processes forked from this one: they see its memory as it was (the notes, the resolver),
so nothing is sent to them but indexes, and each result comes back pickled (`remote`, if given,
is what a worker runs instead of `work`: a result cheaper to send, such as a cache record).
Results come in index order, as they are ready. Ctrl-C stops the workers at once (they ignore it; the parent,
interrupted, terminates them); so does any failure. A caller that may stop before the last result
(interrupted while it handles one) closes the generator (`contextlib.closing`), which stops them.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    from vaulttool.progress import ProgressCallback

T = TypeVar("T")

MAX_WORKERS = 8
_work: Callable[[int], Any] | None = None  # what the forked workers run (set before they fork)


def _run(index: int) -> Any:
    assert _work is not None
    return _work(index)


def _ignore_interrupt() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it ends the pool


def can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def fork_map(
    work: Callable[[int], T],
    count: int,
    threshold: int,
    *,
    remote: Callable[[int], Any] | None = None,
    progress: ProgressCallback | None = None,
    label: str = "",
) -> Generator[T | Any, None, None]:
    """`work(i)` for each index below `count` (or `remote(i)` in a worker), in order; `progress`
    is told `label` and how many are done."""
    global _work
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if count < threshold or workers < 2 or not can_fork():
        for index in range(count):
            yield work(index)
            if progress is not None:
                progress(label, index + 1, count)
        return
    import multiprocessing

    _work = remote or work
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_ignore_interrupt)
    try:
        chunk = max(1, min(64, count // (workers * 4)))
        for done, result in enumerate(pool.imap(_run, range(count), chunksize=chunk), 1):
            yield result
            if progress is not None:
                progress(label, done, count)
    except BaseException:
        pool.terminate()  # Ctrl-C or a failure: stop the workers now, do not wait for them
        raise
    else:
        pool.close()
    finally:
        pool.join()
        _work = None
