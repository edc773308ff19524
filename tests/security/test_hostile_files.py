"""Files a vault should not hold: each is reported where it is, and the run goes on (issue 16,
"Never leave the vault" and "Never crash": special files are never opened, lstat comes before open;
an unreadable, dangling, looping, vanished or oversized note is a positioned `unreadable` or
`too-large` diagnostic, never exit 2 for the whole vault)."""

from __future__ import annotations

import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.vault import MAX_NOTE_BYTES, VaultError, discover, read_note_bytes, read_notes

GOOD = "- #hypothesis : the pump is electrogenic\n"


def problems(root: Path) -> dict[str, tuple[str, str, int, int]]:
    """path → (code, message, line, column) of each reading problem."""
    return {p.position.path: (p.code, p.message, p.position.line, p.position.column) for p in load(root).problems}


def assert_good_note_still_read(root: Path) -> None:
    assert [item.position.path for item in Analysis(load(root)).items] == ["good.md"]


def test_a_fifo_note_is_never_opened(make_vault, time_limit):
    """Opening a FIFO for reading blocks until a writer comes: it must not be opened at all."""
    root = make_vault({"good.md": GOOD})
    os.mkfifo(root / "pipe.md")
    with time_limit(10):
        assert problems(root) == {"pipe.md": ("unreadable", "a FIFO, not a regular file; not read", 1, 1)}
        assert_good_note_still_read(root)


def test_a_socket_note_is_not_read(make_vault, time_limit):
    root = make_vault({"good.md": GOOD})
    folder = Path(tempfile.mkdtemp(dir="/tmp"))  # a socket path must be short (108 bytes)
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(folder / "s.md"))
        os.symlink(folder / "s.md", root / "socket.md")  # outside the vault: skipped, not even listed
        shutil.move(str(folder / "s.md"), root / "inside.md")
        with time_limit(10):
            found = problems(root)
        server.close()
    finally:
        shutil.rmtree(folder)
    assert found == {"inside.md": ("unreadable", "a socket, not a regular file; not read", 1, 1)}


def test_a_device_note_is_not_read(make_vault, time_limit):
    root = make_vault({"good.md": GOOD})
    try:
        os.mknod(root / "zero.md", stat.S_IFCHR | 0o644, os.makedev(1, 5))  # /dev/zero: endless bytes
    except PermissionError:
        pytest.skip("creating a device node needs privileges")
    with time_limit(10):
        assert problems(root) == {"zero.md": ("unreadable", "a character device, not a regular file; not read", 1, 1)}


def test_symlink_loops_and_dangling_symlinks_are_positioned_problems(make_vault):
    root = make_vault({"good.md": GOOD})
    os.symlink("loop.md", root / "loop.md")
    os.symlink("b.md", root / "a.md")
    os.symlink("a.md", root / "b.md")
    os.symlink("nowhere.md", root / "dangling.md")
    assert problems(root) == {
        "loop.md": ("unreadable", "symlink loop; not read", 1, 1),
        "a.md": ("unreadable", "symlink loop; not read", 1, 1),
        "b.md": ("unreadable", "symlink loop; not read", 1, 1),
        "dangling.md": ("unreadable", "dangling symlink; not read", 1, 1),
    }
    assert_good_note_still_read(root)


def test_a_vanished_note_is_a_problem_not_a_crash(make_vault):
    root = make_vault({"good.md": GOOD, "gone.md": GOOD})
    notes, _, _ = discover(root)
    (root / "gone.md").unlink()
    parsed, found, _ = read_notes(root, notes, None)
    assert [note.path for note in parsed] == ["good.md"]
    assert [(p.position.path, p.code, p.message) for p in found] == [
        ("gone.md", "unreadable", "vanished while the vault was read")
    ]


def test_a_note_over_the_size_limit_is_reported_and_not_parsed(make_vault):
    """The default limit is 10 MB; a sparse 11 MB file costs no disk and is never read."""
    root = make_vault({"good.md": GOOD})
    with open(root / "huge.md", "wb") as stream:
        stream.truncate(11 * 1024 * 1024)
    assert MAX_NOTE_BYTES == 10 * 1024 * 1024
    assert problems(root) == {"huge.md": ("too-large", "11.0 MB, over the 10.0 MB limit for a note; not read", 1, 1)}
    assert [note.path for note in load(root).notes] == ["good.md"]


def test_the_limit_holds_for_a_file_that_grows_after_its_size_was_read(make_vault):
    """Reading stops one byte past the limit whatever the file's size said."""
    root = make_vault({"n.md": "x" * 20})
    assert isinstance(read_note_bytes(root, "n.md", max_bytes=20), bytes)
    problem = read_note_bytes(root, "n.md", max_bytes=19)
    assert not isinstance(problem, bytes) and problem.code == "too-large"


def test_a_file_name_that_is_not_utf8_is_reported(make_vault):
    root = make_vault({"good.md": GOOD})
    with open(os.path.join(os.fsencode(root), b"caf\xe9.md"), "wb") as stream:
        stream.write(GOOD.encode())
    assert problems(root) == {"caf\ufffd.md": ("unreadable", "file name is not valid UTF-8; not read", 1, 1)}
    assert_good_note_still_read(root)


def test_symlinks_are_followed_only_inside_the_vault(make_vault, tmp_path):
    root = make_vault({"good.md": GOOD, "sub/real.md": "text\n"})
    os.symlink("/etc/passwd", root / "passwd.md")
    os.symlink("/", root / "slash")
    os.symlink(root / "sub", root / "linked-folder")  # symlinked folders are not walked
    os.symlink("sub/real.md", root / "inner.md")
    notes, files, found = discover(root)
    assert (notes, files, found) == (["good.md", "inner.md", "sub/real.md"], [], [])


def test_the_vault_may_be_the_root_folder(time_limit):
    """`/` is read like any folder: no exception, relative paths, dot-folders and /proc's
    unreadable folders reported or skipped, never followed out through a symlink."""
    with time_limit(120):
        notes, files, found = discover(Path("/"))
    assert all(not path.startswith("/") and "/." not in "/" + path for path in notes + files)
    assert all(problem.code == "unreadable" for problem in found)


@pytest.mark.parametrize("argument", ["x" * 256, "a/" * 2100, "/tmp/" + "é" * 128])
def test_a_vault_path_too_long_for_the_file_system_is_one_line(argument, tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "vaulttool", "status", argument], capture_output=True, text=True, cwd=tmp_path
    )
    assert done.returncode == 2
    assert done.stderr.startswith("vaulttool: error: vault path too long") and done.stderr.count("\n") == 1


def test_a_vault_that_is_a_file_or_missing_is_a_vault_error(tmp_path):
    (tmp_path / "file.md").write_text("x")
    for path, message in ((tmp_path / "file.md", "not a folder"), (tmp_path / "missing", "vault not found")):
        with pytest.raises(VaultError, match=message):
            load(path)


# Permissions: root reads everything, so as root these run the command as `nobody` (setpriv).


def _unprivileged() -> list[str]:
    if os.geteuid() != 0:
        return []
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: permissions cannot deny a read")
    return ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]


@pytest.fixture
def shared_vault():
    """A vault in a world-readable temporary folder (pytest's own is private to its user)."""
    folder = Path(tempfile.mkdtemp(dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    for path in folder.rglob("*"):
        path.chmod(0o755)
    shutil.rmtree(folder)


def run_unprivileged(vault: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cache = Path(tempfile.mkdtemp(dir="/tmp"))
    cache.chmod(0o777)
    try:
        return subprocess.run(
            [*_unprivileged(), sys.executable, "-m", "vaulttool", *args, str(vault)],
            capture_output=True,
            text=True,
            cwd="/",
            timeout=60,
            env=dict(os.environ, VAULTTOOL_CACHE_DIR=str(cache)),
        )
    finally:
        shutil.rmtree(cache)


def test_an_unreadable_note_is_reported_and_the_rest_is_read(shared_vault):
    (shared_vault / "good.md").write_text(GOOD)
    (shared_vault / "secret.md").write_text(GOOD)
    (shared_vault / "good.md").chmod(0o644)
    (shared_vault / "secret.md").chmod(0o000)
    done = run_unprivileged(shared_vault, "status", "--format", "json")
    assert done.returncode == 0, done.stderr
    # one line; the path is named relative to the folder the command runs in (issue 12)
    assert done.stderr.count("\n") == 1
    assert done.stderr.endswith("secret.md:1:1: error[unreadable] cannot be read (Permission denied); not read\n")
    assert [item["path"] for item in json.loads(done.stdout)["items"]] == ["good.md"]


def test_an_unreadable_folder_is_reported_not_skipped_silently(shared_vault):
    (shared_vault / "good.md").write_text(GOOD)
    (shared_vault / "private").mkdir()
    (shared_vault / "private" / "n.md").write_text(GOOD)
    (shared_vault / "good.md").chmod(0o644)
    (shared_vault / "private").chmod(0o000)
    done = run_unprivileged(shared_vault, "check")
    assert done.returncode == 1
    first = done.stdout.splitlines()[0]  # the path is named relative to the folder the command runs in
    assert first.endswith(
        "private:1:1: error[unreadable] folder cannot be read (Permission denied); its notes are left out"
    )
