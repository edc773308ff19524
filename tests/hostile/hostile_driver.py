"""Run every command and format of vaulttool on one vault, in this process, one after another.

`python hostile_driver.py VAULT OUTPUT_FOLDER SECONDS`: each run goes through click's CliRunner
(the real `main`, its error handling and exit codes); its standard output is saved as
`OUTPUT_FOLDER/<n>.out`, and a JSON list of results is printed: args, exit code, stderr, the
exception that escaped (if any) and whether the run was stopped after SECONDS (then the runs
after it are left out).
"""

from __future__ import annotations

import json
import signal
import sys
import time
import traceback
from pathlib import Path

RUNS: list[tuple[str, ...]] = [
    ("status",),
    ("status", "--all"),
    ("status", "--format", "json"),
    ("status", "--all", "--format", "markdown"),
    ("tags",),
    ("tags", "--where"),
    ("tags", "--format", "json"),
    ("check",),
    ("check", "--orphans", "--format", "json"),
    ("check", "--format", "github"),
    ("check", "--format", "sarif"),
    ("graph",),
    ("graph", "--format", "json"),
    ("graph", "--format", "graphml"),
    ("graph", "--format", "gexf"),
    ("graph", "--format", "dot"),
    ("verify",),
    ("verify", "--format", "json"),
    ("verify", "--format", "github"),
    ("report",),
    ("report", "--format", "json"),
    ("report", "--format", "markdown"),
    ("report", "--format", "html"),
    ("review", "--include", "corrected,partial,verified,open"),
    ("review", "--format", "html"),
    ("check", "--strict"),
]
"""26 runs: every command, every format that prints (anki writes a binary file: left out)."""


class Stopped(BaseException):
    """The run took longer than its time limit (a BaseException, so no handler swallows it)."""


def _stop(signum, frame):
    raise Stopped


def main() -> None:
    vault, out, seconds = sys.argv[1], Path(sys.argv[2]), float(sys.argv[3])
    from click.testing import CliRunner

    from vaulttool.cli import main as cli

    signal.signal(signal.SIGALRM, _stop)
    results = []
    for number, run in enumerate(RUNS):
        args = [run[0], vault, *run[1:]]
        record = {"args": list(run), "exit": None, "stderr": "", "exception": None, "stopped": False}
        started = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, seconds)
        try:
            result = CliRunner().invoke(cli, args, catch_exceptions=True)
            signal.setitimer(signal.ITIMER_REAL, 0)
            record["exit"] = result.exit_code
            record["stderr"] = result.stderr_bytes.decode("utf-8", "backslashreplace")
            (out / f"{number}.out").write_bytes(result.stdout_bytes)
            if result.exception is not None and not isinstance(result.exception, SystemExit):
                record["exception"] = "".join(traceback.format_exception(*result.exc_info))
        except Stopped:
            record["stopped"] = True
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
        record["seconds"] = round(time.perf_counter() - started, 3)
        results.append(record)
        if record["stopped"]:
            break  # the case has failed: its other runs would only spend the suite's time
    print(json.dumps(results))


if __name__ == "__main__":
    main()
