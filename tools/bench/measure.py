"""Run one process and measure it: wall time, CPU time and peak memory of that process alone.

`os.wait4` gives the child's own resource usage, which on Linux includes the children it reaped
(the parse pool's workers), so CPU counts both cores; peak memory is that of the largest single
process, not the sum.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Sample:
    wall: float  # seconds
    cpu: float  # seconds, user + system, the process and its reaped children
    peak_mib: float  # the largest process's resident set
    code: int


@dataclass(frozen=True, slots=True)
class Summary:
    wall: float
    cpu: float
    peak_mib: float
    runs: int

    def cells(self) -> list[str]:
        return [f"{self.wall:.2f}", f"{self.cpu:.2f}", f"{self.peak_mib:.0f}"]


class Timeout(Exception):
    """The process ran past its time limit (it was killed)."""


def run(
    command: list[str], env: dict[str, str] | None = None, stdout: Path | None = None, timeout: float = 600
) -> Sample:
    """Run `command` once, its output to `stdout` (else discarded); raise `Timeout` past `timeout` s."""
    sink = open(stdout, "wb") if stdout else subprocess.DEVNULL
    try:
        start = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=sink, stderr=subprocess.DEVNULL)
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                process.kill()
                os.wait4(process.pid, 0)
                raise Timeout(" ".join(command))
            time.sleep(0.002)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if stdout:
            sink.close()  # type: ignore[union-attr]
    return Sample(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, process.returncode)


def summarise(samples: list[Sample]) -> Summary:
    """Medians of wall and CPU time, the largest peak memory."""
    return Summary(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.peak_mib for s in samples),
        len(samples),
    )
