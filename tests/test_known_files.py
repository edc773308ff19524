"""Notes known unchanged by their file status are not read again (issue 15), and every change a
note can undergo is still seen: size, modification time, a write that restores the modification
time (the change time moves: POSIX `utime` sets atime and mtime, never ctime), a save by rename
(a new inode), and a write within the file system's time granularity (git's "racily clean")."""

from __future__ import annotations

import os

import pytest

from vaulttool import known_files
from vaulttool import vault as vault_module
from vaulttool.analyse import Analysis


@pytest.fixture
def reads(tmp_path, monkeypatch) -> list[str]:
    """The notes whose bytes `scan` reads, run by run."""
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    read = vault_module.read_note_bytes
    seen: list[str] = []

    def counted(root, path, *args):
        seen.append(path)
        return read(root, path, *args)

    monkeypatch.setattr(vault_module, "read_note_bytes", counted)
    return seen


def texts(root) -> list[str]:
    return [item.text for item in Analysis(vault_module.load(root)).items]


def scanned(root, reads: list[str]) -> list[str]:
    reads.clear()
    vault_module.scan(root)
    return sorted(reads)


def test_unchanged_notes_are_not_read_and_changed_ones_are(make_vault, reads, monkeypatch):
    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)  # these files are seconds old, not minutes
    root = make_vault({"a.md": "- #hypothesis : one\n", "b.md": "- #wonder why\n"})
    assert scanned(root, reads) == ["a.md", "b.md"]
    assert scanned(root, reads) == []
    a = root / "a.md"
    before = os.stat(a)
    a.write_text("- #hypothesis : two\n", encoding="utf-8")  # same size
    os.utime(a, ns=(before.st_atime_ns, before.st_mtime_ns))  # and the same modification time
    assert scanned(root, reads) == ["a.md"]
    assert texts(root) == ["two", "why"]
    (root / "b.tmp").write_text("- #wonder how\n", encoding="utf-8")
    os.replace(root / "b.tmp", root / "b.md")  # an editor's save by rename
    assert scanned(root, reads) == ["b.md"]
    assert texts(root) == ["two", "how"]


def test_a_note_written_just_before_it_was_recorded_is_read_again(make_vault, reads):
    root = make_vault({"a.md": "- #hypothesis : one\n"})
    assert scanned(root, reads) == ["a.md"]
    assert scanned(root, reads) == ["a.md"]  # its change time is within RACY_SECONDS of the recording


def test_without_the_cache_every_note_is_read(make_vault, reads, monkeypatch):
    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)
    root = make_vault({"a.md": "x\n"})
    vault_module.scan(root)
    reads.clear()
    vault_module.scan(root, cache=False)
    assert reads == ["a.md"]


def test_a_new_parser_reads_every_note_again(make_vault, reads, monkeypatch):
    """Content keys hash the parser's fingerprint: a key recorded by another vaulttool would look
    up that vaulttool's parse (a stale note), so after an upgrade every note is read again."""
    from vaulttool import cache

    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)
    root = make_vault({"a.md": "- #hypothesis : one\n"})
    assert scanned(root, reads) == ["a.md"]
    assert scanned(root, reads) == []
    monkeypatch.setattr(known_files, "parser_fingerprint", lambda: b"another vaulttool")
    monkeypatch.setattr(cache, "parser_fingerprint", lambda: b"another vaulttool")
    assert scanned(root, reads) == ["a.md"]
    assert scanned(root, reads) == []
