"""A progress bar on stderr for runs that take a while.

It is drawn only when stderr is a terminal (never in a CI log, a pipe or a file, so never in JSON
or any other output), only once the run has taken `DELAY_S`, and redrawn by a background thread
every `INTERVAL_S` so that a long stage still shows its clock. The stages report through a
`ProgressCallback`: `(label, done, total)`, with `total` 0 when the stage cannot count.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from typing import IO

ProgressCallback = Callable[[str, int, int], None]
DELAY_S = 1.0
INTERVAL_S = 0.1
BAR_WIDTH = 24
ERASE = "\r\x1b[K"  # back to the start of the line, erase it


class ProgressBar:
    """`label [#######-----] done/total  3s` on one terminal line, until `close()`."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._started = time.monotonic()
        self._label, self._done, self._total = "reading", 0, 0
        self._lock = threading.Lock()
        self._drawn = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="vaulttool-progress", daemon=True)
        self._thread.start()

    def __call__(self, label: str, done: int = 0, total: int = 0) -> None:
        self._label, self._done, self._total = label, done, total

    def _run(self) -> None:
        if self._stop.wait(DELAY_S):
            return
        while not self._stop.is_set():
            self._draw()
            self._stop.wait(INTERVAL_S)

    def line(self) -> str:
        seconds = int(time.monotonic() - self._started)
        if self._total <= 0:
            return f"{self._label} …  {seconds}s"
        filled = BAR_WIDTH * min(self._done, self._total) // self._total
        return f"{self._label} [{'#' * filled}{'-' * (BAR_WIDTH - filled)}] {self._done}/{self._total}  {seconds}s"

    def _draw(self) -> None:
        with self._lock:
            if self._stop.is_set():
                return
            self._stream.write(ERASE + self.line())
            self._stream.flush()
            self._drawn = True

    def erase(self) -> None:
        """Erase the bar (before another line is written to the terminal); it is drawn again later."""
        with self._lock:
            if self._drawn:
                self._stream.write(ERASE)
                self._stream.flush()
                self._drawn = False

    def close(self) -> None:
        self._stop.set()
        self.erase()


_active: ProgressBar | None = None


def start(stream: IO[str], enabled: bool = True) -> ProgressCallback | None:
    """A progress bar on `stream` if it is a terminal (and not `TERM=dumb`), else None."""
    global _active
    stop()
    if not enabled or not stream.isatty() or os.environ.get("TERM") == "dumb":
        return None
    _active = ProgressBar(stream)
    return _active


def clear_line() -> None:
    """Erase the bar, if one is drawn, so that a message starts on a clean line."""
    if _active is not None:
        _active.erase()


def stop() -> None:
    """Stop and erase the bar, if any: the run's output follows."""
    global _active
    if _active is not None:
        _active.close()
        _active = None
