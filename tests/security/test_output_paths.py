"""`-o PATH` never replaces what is not a regular file, never writes into the vault through a
symlink, and works for any name the file system takes (issue 16, "Output paths").

A shell redirection (`> PATH`, POSIX "Redirecting Output") writes into a FIFO or a device; so does
vaulttool. A rename over them would put a regular file in their place (as root, over /dev/stdout).
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from vaulttool.output import NAME_MAX, OutputError, write_atomic

NOTE = "- #hypothesis : x #explanation : no, y\n"


def vaulttool(*args: str, cwd: Path, **options) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vaulttool", *args], cwd=cwd, timeout=60, **options)


def test_a_fifo_is_written_into_not_replaced(tmp_path, time_limit):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    with time_limit(10):
        while True:  # until the reader thread has the FIFO open
            try:
                write_atomic(fifo, "through the pipe\n")
                break
            except OutputError:
                time.sleep(0.01)
        reader.join()
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and os.listdir(tmp_path) == ["pipe"]


def test_a_fifo_nobody_reads_is_refused_at_once(tmp_path, time_limit):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with time_limit(5), pytest.raises(OutputError, match="nobody reads the FIFO"):
        write_atomic(fifo, "x")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)


def test_a_character_device_is_written_into(tmp_path):
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # the numbers of /dev/null
    except PermissionError:
        pytest.skip("creating a device node needs privileges")
    write_atomic(device, "discarded\n")
    assert stat.S_ISCHR(device.lstat().st_mode) and os.listdir(tmp_path) == ["null"]


def test_a_socket_is_refused(tmp_path):
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    try:
        with socket.socket(socket.AF_UNIX) as server:
            server.bind(str(folder / "s"))
            with pytest.raises(OutputError, match="it is a socket"):
                write_atomic(folder / "s", "x")
            assert stat.S_ISSOCK((folder / "s").lstat().st_mode)
    finally:
        for name in os.listdir(folder):
            os.unlink(folder / name)
        folder.rmdir()


def test_dev_stdout_through_a_symlink_is_written_into(make_vault, tmp_path):
    """`-o /dev/stdout` (here a link to it, so that a failure replaces only the link): the report
    arrives on the pipe and the link is still a link."""
    root = make_vault({"n.md": NOTE})
    (tmp_path / "out").symlink_to("/dev/stdout")
    done = vaulttool("review", str(root), "-o", str(tmp_path / "out"), cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "[!failure]" in done.stdout
    assert (tmp_path / "out").is_symlink() and os.readlink(tmp_path / "out") == "/dev/stdout"


def test_a_symlink_to_a_file_outside_the_vault_is_written_through(make_vault, tmp_path):
    root = make_vault({"n.md": NOTE})
    (tmp_path / "reports").mkdir()
    real = tmp_path / "reports" / "review.md"
    real.write_text("old\n")
    (tmp_path / "latest.md").symlink_to(real)
    done = vaulttool(
        "review", str(root), "-o", str(tmp_path / "latest.md"), cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "latest.md").is_symlink() and "[!failure]" in real.read_text()
    assert os.listdir(tmp_path / "reports") == ["review.md"]


def test_a_symlink_into_the_vault_is_refused(make_vault, tmp_path):
    """A link planted beside the vault must not turn a report into an overwritten note."""
    root = make_vault({"n.md": NOTE, "Important.md": "my notes\n"})
    (tmp_path / "review.md").symlink_to(root / "Important.md")
    done = vaulttool(
        "review", str(root), "-o", str(tmp_path / "review.md"), cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stderr.count("\n") == 1
    assert done.stderr.startswith("vaulttool: error: cannot write ") and "inside the vault" in done.stderr
    assert (root / "Important.md").read_text() == "my notes\n"


def test_a_250_byte_output_name_works(make_vault, tmp_path):
    root = make_vault({"n.md": NOTE})
    name = "r" * 247 + ".md"
    assert len(name.encode()) == 250 <= NAME_MAX
    done = vaulttool("review", str(root), "-o", str(tmp_path / name), cwd=tmp_path, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert sorted(os.listdir(tmp_path)) == sorted([name, "vault"])


def test_a_long_multibyte_name_keeps_whole_characters(tmp_path):
    name = "é" * 125  # 250 bytes
    write_atomic(tmp_path / name, "x")
    assert os.listdir(tmp_path) == [name]


def test_a_name_over_the_limit_is_one_line(make_vault, tmp_path):
    root = make_vault({"n.md": NOTE})
    done = vaulttool(
        "review", str(root), "-o", str(tmp_path / ("r" * 256)), cwd=tmp_path, capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stderr.startswith("vaulttool: error: cannot write ")
    assert done.stderr.count("\n") == 1 and os.listdir(tmp_path) == ["vault"]


def test_the_output_follows_the_umask_and_the_umask_is_never_changed(tmp_path, monkeypatch):
    """A new file is created 0o666 less the umask (POSIX open(2)); reading or setting the umask
    would change process state that other threads share."""

    def no_umask(mask):
        raise AssertionError("os.umask was called")

    previous = os.umask(0o027)
    try:
        monkeypatch.setattr(os, "umask", no_umask)
        write_atomic(tmp_path / "out.md", "x")
    finally:
        monkeypatch.undo()
        os.umask(previous)
    assert stat.S_IMODE((tmp_path / "out.md").stat().st_mode) == 0o640


def test_the_html_report_writes_nothing_outside_the_cache_folder(make_vault, tmp_path):
    """matplotlib keeps a font cache (MPLCONFIGDIR, else ~/.cache/matplotlib): with the charts, it
    goes to vaulttool's cache folder, and a fresh HOME stays empty."""
    root = make_vault({"a.md": "- #hypothesis : x\n"})
    home, cache = tmp_path / "home", tmp_path / "cache"
    home.mkdir()
    env = {key: value for key, value in os.environ.items() if key not in ("MPLCONFIGDIR", "XDG_CACHE_HOME")}
    env.update(HOME=str(home), VAULTTOOL_CACHE_DIR=str(cache))
    result = subprocess.run(
        [sys.executable, "-m", "vaulttool", "report", str(root), "--format", "html", "--no-history"],
        capture_output=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert b"<svg" in result.stdout
    assert list(home.rglob("*")) == []
    assert (cache / "matplotlib").is_dir()
