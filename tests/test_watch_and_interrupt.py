"""Issue 12: `--watch` re-runs on every change; Ctrl-C stops a run with one line and exit 130 and
leaves the cache usable; the progress bar is drawn only on a terminal.

Real processes on real files: the watcher is a `vaulttool` subprocess whose vault the test edits,
Ctrl-C is SIGINT sent to the process group as a terminal sends it (POSIX: the terminal's INTR
character signals the foreground process group; 130 = 128 + SIGINT, as shells report it). Every
wait is bounded, so a hang fails instead of blocking the suite.
"""

from __future__ import annotations

import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from vaulttool import progress

VAULTTOOL = [sys.executable, "-m", "vaulttool"]
WAIT_S = 60  # a bound against hangs, not a speed target


class Documents:
    """Reads the JSON documents a watcher prints, one per run, with a bounded wait."""

    def __init__(self, process: subprocess.Popen[bytes]) -> None:
        self.process = process
        self.buffer = ""
        os.set_blocking(process.stdout.fileno(), False)  # type: ignore[union-attr]

    def next(self) -> dict:
        decoder = json.JSONDecoder()
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            text = self.buffer.lstrip()
            if text:
                try:
                    document, end = decoder.raw_decode(text)
                except json.JSONDecodeError:
                    pass
                else:
                    self.buffer = text[end:]
                    return document
            chunk = self.process.stdout.read()  # type: ignore[union-attr]
            if chunk:
                self.buffer += chunk.decode("utf-8")
            elif self.process.poll() is not None:
                break
            else:
                time.sleep(0.05)
        raise AssertionError(f"no JSON document from the watcher; got {self.buffer!r}")


def _as_in_a_terminal() -> None:
    """Ctrl-C as a terminal's foreground process has it: a suite started in the background by a
    shell without job control inherits SIGINT ignored (POSIX: asynchronous lists ignore SIGINT and
    SIGQUIT), and Python then leaves it ignored, so the Ctrl-C sent here would never arrive."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start(args: list[str], cache: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*VAULTTOOL, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=_as_in_a_terminal,
        env={**os.environ, "VAULTTOOL_CACHE_DIR": str(cache)},
    )


def _interrupt(process: subprocess.Popen[bytes]) -> tuple[int, str]:
    os.killpg(process.pid, signal.SIGINT)
    try:
        code = process.wait(timeout=WAIT_S)
    except subprocess.TimeoutExpired:  # it did not stop: the failure is reported, the process not left running
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        raise
    return code, process.stderr.read().decode("utf-8")  # type: ignore[union-attr]


def _cached_notes(cache: Path) -> int:
    with sqlite3.connect(cache / "cache.sqlite3") as db:
        return db.execute("SELECT count(*) FROM notes").fetchone()[0]


def test_check_watch_reruns_on_every_change_parsing_only_the_changed_note(make_vault, tmp_path):
    pytest.importorskip("watchfiles")
    root = make_vault({"a.md": "# A\n[[b]]\n", "b.md": "# B\n", "c.md": "# C\n[[a]]\n"})
    cache = tmp_path / "cache"
    watcher = _start(["check", str(root), "--watch", "--format", "json"], cache)
    try:
        documents = Documents(watcher)
        first = documents.next()
        assert first["diagnostics"] == [] and first["summary"]["notes"] == 3
        assert _cached_notes(cache) == 3
        (root / "a.md").write_text("# A\n[[b]] and [[gone]]\n", encoding="utf-8")
        second = documents.next()
        assert [(d["path"], d["line"], d["code"]) for d in second["diagnostics"]] == [("a.md", 2, "missing-note")]
        # the edited note was parsed again (a new cache entry), the two others came from the cache
        assert _cached_notes(cache) == 4
        (root / "d.md").write_text("# D\n[[c]]\n", encoding="utf-8")
        assert documents.next()["summary"]["notes"] == 4
        assert _cached_notes(cache) == 5
    finally:
        code, stderr = _interrupt(watcher)
    assert code == 130
    assert stderr.splitlines()[-1] == "vaulttool: interrupted" and "Traceback" not in stderr


def test_status_watch_prints_one_document_per_run(make_vault, tmp_path):
    pytest.importorskip("watchfiles")
    root = make_vault({"a.md": "#hypothesis ions flow\n"})
    watcher = _start(["status", str(root), "--watch", "--format", "json"], tmp_path / "cache")
    try:
        documents = Documents(watcher)
        assert [item["text"] for item in documents.next()["items"]] == ["ions flow"]
        (root / "b.md").write_text("#wonder why\n", encoding="utf-8")
        assert sorted(item["path"] for item in documents.next()["items"]) == ["a.md", "b.md"]
    finally:
        code, _ = _interrupt(watcher)
    assert code == 130


def test_ctrl_c_stops_the_parse_pool_with_one_line_and_leaves_the_cache_usable(tmp_path):
    """SIGINT while the worker pool parses: exit 130, one line, no worker traceback; the next run
    (through the same cache) reports what a run without any cache reports."""
    root = tmp_path / "vault"
    root.mkdir()
    for number in range(1500):
        links = " ".join(f"[[note {(number * 7 + k) % 1600}]]" for k in range(20))
        text = f"# Note {number}\n\n" + "\n\n".join(f"#hypothesis paragraph {p} about ions {links}" for p in range(12))
        (root / f"note {number}.md").write_text(text + "\n", encoding="utf-8")
    cache = tmp_path / "cache"
    process = _start(["check", str(root), "--format", "json"], cache)
    time.sleep(1.5)
    assert process.poll() is None, "the run ended before it could be interrupted"
    code, stderr = _interrupt(process)
    assert code == 130
    assert stderr == "vaulttool: interrupted\n"
    again = subprocess.run(
        [*VAULTTOOL, "check", str(root), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "VAULTTOOL_CACHE_DIR": str(cache)},
    )
    fresh = subprocess.run(
        [*VAULTTOOL, "--no-cache", "check", str(root), "--format", "json"], capture_output=True, text=True, timeout=600
    )
    assert again.returncode == fresh.returncode == 1
    assert json.loads(again.stdout) == json.loads(fresh.stdout)
    assert again.stderr == fresh.stderr == ""


def test_an_interrupt_while_a_parsed_note_is_handled_stops_the_workers(tmp_path, monkeypatch):
    """Ctrl-C can land while the parent handles a result (decoding a record), not only while it
    waits for one: the workers are stopped then too, before the interrupt goes on (a worker left
    running outlives the process and writes a traceback into the terminal)."""
    import multiprocessing

    from vaulttool import records
    from vaulttool import vault as vault_module

    files = [(f"n{i}.md", f"# N{i}\n\n- #wonder {i}? [[n{i + 1}]]\n".encode()) for i in range(40)]
    monkeypatch.setattr(vault_module, "PARALLEL_THRESHOLD", 2)
    calls = []

    def interrupted(blob, path):
        calls.append(path)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return records_decode(blob, path)

    records_decode = records.decode_note
    monkeypatch.setattr(records, "decode_note", interrupted)  # `parse_cached` imports it when it runs
    try:
        vault_module.parse_cached(files, None)
    except KeyboardInterrupt:  # its traceback still holds the interrupted frames here
        assert multiprocessing.active_children() == []
    else:
        pytest.fail("the parse was not interrupted")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_is_drawn_only_on_a_terminal_and_erased(monkeypatch):
    assert progress.start(io.StringIO()) is None  # a pipe, a file, a CI log: nothing
    assert progress.start(_Terminal(), enabled=False) is None  # --quiet
    monkeypatch.setenv("TERM", "dumb")
    assert progress.start(_Terminal()) is None
    monkeypatch.setenv("TERM", "xterm")
    monkeypatch.setattr(progress, "DELAY_S", 0.0)
    terminal = _Terminal()
    bar = progress.start(terminal)
    assert bar is not None
    bar("parsing notes", 50, 200)
    deadline = time.monotonic() + WAIT_S
    while "parsing notes" not in terminal.getvalue() and time.monotonic() < deadline:
        time.sleep(0.02)
    progress.stop()
    drawn = terminal.getvalue()
    assert "\rparsing notes [" in drawn.replace(progress.ERASE, "\r") and "] 50/200" in drawn
    assert "[" + "#" * 6 + "-" * 18 + "]" in drawn  # a quarter of the bar
    assert drawn.endswith(progress.ERASE)  # the line is erased before the output follows
