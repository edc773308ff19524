"""Where a cold run's wall time goes: the stretches in which vaulttool's main process works alone
(before its first pool of worker processes, between two pools, after the last) and those in
which a pool works on every core.

    python tools/bench/phases.py /tmp/w10k --runs 3
    python tools/bench/phases.py /tmp/w10k --command status --python /tmp/compiled/bin/python

Each run is a new `vaulttool` process (`python -m vaulttool`, its output discarded) with an empty
cache in a temporary folder. It is started through a small wrapper that writes down the moment
each worker pool starts and stops (`vaulttool.parallel._Workers`); a stretch is measured from
the moment the process is started to the moment it has exited. Printed: each stretch's median
over the runs, and the share of the median wall time spent alone. On two cores a second of work
alone costs a second of wall time; a second of a pool's work (on both cores) costs half.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Run as `python -c WRAPPER FILE ARGUMENTS…`: vaulttool's own entry point, each pool's start and
# stop appended to FILE as it happens (the process ends with `os._exit`: nothing runs after).
WRAPPER = """
import sys, time
import vaulttool.parallel as parallel
from vaulttool.cli import run
marks = open(sys.argv[1], "a", buffering=1)
start, stop = parallel._Workers.__init__, parallel._Workers.stop
def started(self, *args, **kwargs):
    marks.write(f"start {time.time()!r}\\n")
    start(self, *args, **kwargs)
def stopped(self, *args, **kwargs):
    stop(self, *args, **kwargs)
    marks.write(f"stop {time.time()!r}\\n")
parallel._Workers.__init__, parallel._Workers.stop = started, stopped
sys.argv = ["vaulttool", *sys.argv[2:]]
run()
"""


def stretches(begun: float, marks: list[tuple[str, float]], ended: float) -> list[tuple[str, float]]:
    """(name, seconds) of the run's stretches in order: `alone` ones and `pool N` ones. `marks`
    are the pools' ("start" or "stop", time) in order."""
    found: list[tuple[str, float]] = []
    last, pools = begun, 0
    for event, moment in marks:
        if event == "start":
            found.append(("alone", moment - last))
            pools += 1
        else:
            found.append((f"pool {pools}", moment - last))
        last = moment
    found.append(("alone", ended - last))
    return found


def one_run(python: str, command: list[str], vault: Path) -> list[tuple[str, float]]:
    """One cold run's stretches."""
    with tempfile.TemporaryDirectory(prefix="vaulttool-phases-") as scratch:
        marks_file = Path(scratch) / "marks"
        env = dict(os.environ, VAULTTOOL_CACHE_DIR=str(Path(scratch) / "cache"))
        begun = time.time()
        done = subprocess.run(
            [python, "-c", WRAPPER, str(marks_file), *command, str(vault)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        ended = time.time()
        if done.returncode == 2:
            raise SystemExit(f"vaulttool {' '.join(command)} {vault} failed: {done.stderr.strip()}")
        text = marks_file.read_text() if marks_file.exists() else ""
    marks = [(event, float(moment)) for event, moment in (line.split() for line in text.splitlines())]
    return stretches(begun, marks, ended)


def table(runs: list[list[tuple[str, float]]]) -> str:
    """A Markdown table of the stretches' medians over runs that made the same pools."""
    shapes = {tuple(name for name, _ in run) for run in runs}
    if len(shapes) != 1:
        raise SystemExit("the runs did not start the same pools: " + "; ".join(" ".join(s) for s in shapes))
    walls = [sum(seconds for _, seconds in run) for run in runs]
    rows = ["| stretch | wall s (median) |", "|---|---:|"]
    alone = 0.0
    for number, (name, _) in enumerate(runs[0]):
        median = statistics.median(run[number][1] for run in runs)
        alone += median if name == "alone" else 0.0
        rows.append(f"| {name} | {median:.3f} |")
    wall = statistics.median(walls)
    rows.append(f"| **whole run** | {wall:.3f} |")
    rows.append(f"\nAlone: {alone:.3f} s of {wall:.3f} s ({100 * alone / wall:.0f} %), over {len(runs)} runs.")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("vault", type=Path)
    parser.add_argument("--command", default="check --format json", help="default: %(default)s")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--python", default=sys.executable, help="a Python with vaulttool installed")
    arguments = parser.parse_args()
    command = arguments.command.split()
    print(table([one_run(arguments.python, command, arguments.vault) for _ in range(arguments.runs)]))


if __name__ == "__main__":
    main()
