"""Run one process and measure it: wall time, CPU time and peak memory of that process alone.

`os.wait4` gives a child's own resource usage, which on Linux includes the children it reaped
(the worker pools), so CPU counts both cores; peak memory is that of the largest single process,
not the sum.

A process starts as a copy of the one that started it, and Linux keeps that copy's resident set in
its peak (`ru_maxrss` survives `exec`): a benchmark holding a generated vault in memory would see
its own size in every command it starts. So the command is started by a small launcher (`LAUNCHER`,
a Python without `site`) that forks it, waits for it and reports its usage and wall time through a
pipe. The launcher's own start-up is in neither; its resident set, about 5 MiB, is the least a
command's peak can show.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
from contextlib import ExitStack
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


LAUNCHER = """
import os, sys, time
report, command = int(sys.argv[1]), sys.argv[2:]
os.set_inheritable(report, False)  # the command's own children must not hold the pipe open
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    try:
        os.execvp(command[0], command)
    finally:
        os._exit(127)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
cpu = usage.ru_utime + usage.ru_stime
os.write(report, f"{wall} {cpu} {usage.ru_maxrss} {os.waitstatus_to_exitcode(status)}".encode())
"""


def run(
    command: list[str],
    env: dict[str, str] | None = None,
    stdout: Path | None = None,
    timeout: float = 600,
    stderr: Path | None = None,
) -> Sample:
    """Run `command` once, its output to `stdout` and `stderr` (else discarded); raise `Timeout`
    past `timeout` s."""
    reader, writer = os.pipe()
    with os.fdopen(reader, "rb") as pipe, ExitStack() as sinks:
        out = sinks.enter_context(open(stdout, "wb")) if stdout else subprocess.DEVNULL
        err = sinks.enter_context(open(stderr, "wb")) if stderr else subprocess.DEVNULL
        try:
            launcher = subprocess.Popen(
                [sys.executable, "-I", "-S", "-c", LAUNCHER, str(writer), *command],
                env=env,
                stdout=out,
                stderr=err,
                pass_fds=(writer,),
                start_new_session=True,  # a timeout kills the command with its launcher
            )
        finally:
            os.close(writer)  # the launcher holds its own copy: the pipe ends when it does
        try:
            launcher.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(launcher.pid, signal.SIGKILL)
            launcher.wait()
            raise Timeout(" ".join(command)) from None
        report = pipe.read().split()
    if len(report) != 4:
        raise RuntimeError(f"the launcher of {' '.join(command)} reported nothing (exit code {launcher.returncode})")
    wall, cpu, peak_kib, code = report
    return Sample(float(wall), float(cpu), int(peak_kib) / 1024, int(code))


def summarise(samples: list[Sample]) -> Summary:
    """Medians of wall and CPU time, the largest peak memory."""
    return Summary(
        statistics.median(s.wall for s in samples),
        statistics.median(s.cpu for s in samples),
        max(s.peak_mib for s in samples),
        len(samples),
    )
