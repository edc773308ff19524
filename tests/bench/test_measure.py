"""The benchmark's measure of one process (`tools/bench/measure.py`): its own peak memory, its
CPU with its reaped children's, its exit code, and a time limit that stops it.

The peaks expected are the memory the commands themselves touch: Linux's `ru_maxrss` is the
largest resident set a process had, in KiB (getrusage(2)), and a page of a `bytearray` written
to is resident."""

from __future__ import annotations

import os
import signal
import sys
import time
from types import ModuleType

import pytest

from conftest import bench_module

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="ru_maxrss in KiB and /proc: Linux")

MIB = 1024 * 1024


@pytest.fixture(scope="module")
def measure() -> ModuleType:
    return bench_module("measure")


def touching(mib: int) -> list[str]:
    """A Python command that holds `mib` MiB, every page written."""
    return [sys.executable, "-c", f"b = bytearray({mib} * {MIB})\nfor i in range(0, len(b), 4096): b[i] = 1"]


def test_a_commands_peak_is_its_own_not_the_benchmarks(measure) -> None:
    held = bytearray(300 * MIB)  # the benchmark holding a generated vault, say
    for i in range(0, len(held), 4096):
        held[i] = 1
    small = measure.run([sys.executable, "-c", "pass"])
    large = measure.run(touching(120))
    del held
    assert small.code == 0 and large.code == 0
    assert small.peak_mib < 60  # not the 300 MiB of the process that started it
    assert 120 <= large.peak_mib < 120 + 60


def test_cpu_counts_the_children_the_command_reaps(measure) -> None:
    spin = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    command = f"import os\npid = os.fork()\n{spin}\nif pid == 0: os._exit(0)\nos.waitpid(pid, 0)"
    sample = measure.run([sys.executable, "-c", command])
    assert sample.code == 0
    assert sample.cpu >= 0.55  # 0.3 s in the command and 0.3 s in its child
    assert sample.wall < sample.cpu + 5  # the two spun side by side or in turns, nothing else


def test_exit_code_output_and_errors(measure, tmp_path) -> None:
    command = [sys.executable, "-c", "import sys; print('out'); print('err', file=sys.stderr); sys.exit(3)"]
    sample = measure.run(command, stdout=tmp_path / "out.txt", stderr=tmp_path / "err.txt")
    assert sample.code == 3
    assert (tmp_path / "out.txt").read_text() == "out\n"
    assert (tmp_path / "err.txt").read_text() == "err\n"
    assert measure.run([str(tmp_path / "no-such-command")]).code == 127


def test_a_timeout_stops_the_command(measure, tmp_path) -> None:
    pid_file = tmp_path / "pid"
    command = [
        sys.executable,
        "-c",
        f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)",
    ]
    start = time.perf_counter()
    with pytest.raises(measure.Timeout):
        measure.run(command, timeout=1)
    assert time.perf_counter() - start < 30
    pid, deadline = int(pid_file.read_text()), time.perf_counter() + 10
    while running(pid) and time.perf_counter() < deadline:  # a SIGKILL is delivered, not awaited
        time.sleep(0.01)
    assert not running(pid)


def running(pid: int) -> bool:
    """Whether `pid` is a process that has not ended (a zombie has: only its parent's wait is left)."""
    try:
        stat = open(f"/proc/{pid}/stat").read()
    except FileNotFoundError:
        return False
    return stat.rpartition(")")[2].split()[0] != "Z"


def test_a_child_the_command_leaves_running_does_not_hold_the_measure(measure, tmp_path) -> None:
    pid_file = tmp_path / "pid"
    left = f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(60)"
    command = f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', {left!r}], close_fds=False)\ntime.sleep(0.5)"
    start = time.perf_counter()
    sample = measure.run([sys.executable, "-c", command])
    try:
        assert sample.code == 0
        assert time.perf_counter() - start < 30
    finally:
        os.kill(int(pid_file.read_text()), signal.SIGKILL)
