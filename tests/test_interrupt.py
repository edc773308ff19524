"""Ctrl-C while the parse pool works: the command stops at once, with its one-line error, and
leaves no worker behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time


def test_ctrl_c_stops_the_parse_pool(tmp_path):
    vault = tmp_path / "vault"
    vault.mkdir()
    paragraph = "A membrane potential #hypothesis with [[a link]] and `code` and $x$.\n\n" * 1500  # ~100 KB
    for number in range(400):  # about half a minute of parsing on two cores
        (vault / f"n{number}.md").write_text(f"# Note {number}\n\n{paragraph}", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "vaulttool", "status", str(vault)],
                               env=dict(os.environ, VAULTTOOL_NO_CACHE="1"), stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True, start_new_session=True)
    time.sleep(3)
    assert process.poll() is None, "parsing ended before the interrupt: the test vault is too small"
    os.killpg(process.pid, signal.SIGINT)  # as a terminal sends it: to the whole process group
    started = time.monotonic()
    _, stderr = process.communicate(timeout=60)
    assert time.monotonic() - started < 5
    assert process.returncode == 2 and stderr.strip() == "vaulttool: error: aborted"
    time.sleep(0.5)
    left = subprocess.run(["pgrep", "-g", str(process.pid)], capture_output=True, text=True).stdout
    assert left == ""
