"""Notes known unchanged by their file status are not read again (issue 15), and every change a
note can undergo is still seen: size, modification time, a write that restores the modification
time (the change time moves: POSIX `utime` sets atime and mtime, never ctime), a save by rename
(a new inode), and a write within the file system's time granularity (git's "racily clean").
A first run (nothing known, nothing cached) reads each note once, where it is parsed."""

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


def loaded(root, reads: list[str], **options) -> list[str]:
    """The notes a whole run reads (its scan and its parse)."""
    reads.clear()
    vault_module.load(root, **options)
    return sorted(reads)


def test_a_first_run_reads_each_note_once_where_it_is_parsed(make_vault, reads, monkeypatch):
    """Issue 15: with nothing known of the folder and nothing in the parse cache, no key could
    find anything: the scan reads no note, and the parse reads each once and keys it. The vault
    holds its scan keyed as the next run's scan is (the same keys, problems and digest, so the
    next run finds the answers kept under it), and the keys are recorded."""
    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)
    root = make_vault({"a.md": "- #hypothesis : one\n", "b.md": "- #wonder why\n"})
    (root / "gone.md").symlink_to(root / "nowhere.md")
    first = vault_module.scan(root)
    assert (first.keyed, first.keys, first.files) == (False, (), ("a.md", "b.md", "gone.md"))
    assert reads == []
    vault = vault_module.parse(first)
    assert sorted(reads) == ["a.md", "b.md", "gone.md"]
    assert vault.scan is not None and vault.scan.keyed
    assert [(p.position.path, p.message) for p in vault.read_problems] == [("gone.md", "dangling symlink; not read")]
    assert scanned(root, reads) == ["gone.md"]  # the others are known by their status now
    second = vault_module.scan(root)
    assert (second.files, second.keys, second.problems) == (vault.scan.files, vault.scan.keys, vault.scan.problems)
    assert second.mtimes == vault.scan.mtimes and second.digest == vault.scan.digest


def test_a_first_run_here_of_notes_the_cache_holds_keys_them_in_the_scan(make_vault, reads, tmp_path):
    """A vault the parse cache knows from another folder (copied, moved) is keyed by its scan, so
    that its notes are taken from the cache, not parsed again."""
    import shutil

    root = make_vault({"a.md": "- #hypothesis : one\n"})
    vault_module.load(root)
    copy = shutil.copytree(root, tmp_path / "copy")
    assert scanned(copy, reads) == ["a.md"]
    assert loaded(copy, reads) == ["a.md"]  # read by the scan only: its parse is in the cache


def test_unchanged_notes_are_not_read_and_changed_ones_are(make_vault, reads, monkeypatch):
    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)  # these files are seconds old, not minutes
    root = make_vault({"a.md": "- #hypothesis : one\n", "b.md": "- #wonder why\n"})
    assert loaded(root, reads) == ["a.md", "b.md"]
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
    assert loaded(root, reads) == ["a.md"]
    assert scanned(root, reads) == ["a.md"]  # its change time is within RACY_SECONDS of the recording


def test_without_the_cache_every_note_is_read(make_vault, reads, monkeypatch):
    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)
    root = make_vault({"a.md": "x\n"})
    vault_module.load(root)
    assert loaded(root, reads, cache=False) == ["a.md"]  # once: by the parse


def test_a_new_parser_reads_every_note_again(make_vault, reads, monkeypatch):
    """Content keys hash the parser's fingerprint: a key recorded by another vaulttool would look
    up that vaulttool's parse (a stale note), so after an upgrade every note is read again."""
    from vaulttool import cache

    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)
    root = make_vault({"a.md": "- #hypothesis : one\n"})
    assert loaded(root, reads) == ["a.md"]
    assert scanned(root, reads) == []
    monkeypatch.setattr(known_files, "parser_fingerprint", lambda: b"another vaulttool")
    monkeypatch.setattr(cache, "parser_fingerprint", lambda: b"another vaulttool")
    assert scanned(root, reads) == ["a.md"]
    assert scanned(root, reads) == []


@pytest.mark.parametrize("workers", [False, True])
def test_a_note_edited_or_removed_after_the_scan_is_parsed_as_it_is_then(make_vault, tmp_path, monkeypatch, workers):
    """The scan keeps no note's bytes (issue 15: 50,000 notes' bytes are 216 MiB): a note the parse
    cache does not hold is read again by the process that parses it. One edited since the scan is
    parsed as it is then, under the content key of those bytes; one removed since is a problem,
    and the others are parsed on."""
    from vaulttool.cache import note_key

    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    if workers:
        monkeypatch.setattr(vault_module, "PARALLEL_THRESHOLD", 2)
    root = make_vault({f"n{i}.md": f"- #wonder {i}?\n" for i in range(6)})
    scan = vault_module.scan(root)
    (root / "n1.md").write_text("- #wonder one, edited?\n", encoding="utf-8")
    (root / "n4.md").unlink()
    vault = vault_module.parse(scan)
    assert [note.path for note in vault.notes] == ["n0.md", "n1.md", "n2.md", "n3.md", "n5.md"]
    assert vault.note("n1.md").tags[0].position.line == 1
    assert [item.text for item in Analysis(vault).items][1] == "one, edited?"
    assert vault.content_keys["n1.md"] == note_key("n1.md", b"- #wonder one, edited?\n")
    assert [(p.position.path, p.code) for p in vault.read_problems] == [("n4.md", "unreadable")]


@pytest.mark.parametrize("workers", [False, True])
def test_notes_read_for_their_keys_in_workers_are_read_as_here(make_vault, reads, monkeypatch, tmp_path, workers):
    """Many notes not known by their status are read for their content keys in worker processes:
    each key is the hash of the note's bytes as read here, a note that cannot be read is the same
    problem, and the keys are recorded, so the next scan reads none of them."""
    from vaulttool.cache import note_key

    monkeypatch.setattr(known_files, "RACY_SECONDS", 0)
    if workers:
        monkeypatch.setattr(vault_module, "KEY_PARALLEL_THRESHOLD", 3)  # the nine notes; not the two left
    texts = {f"n{i}.md": f"- #wonder {i}?\n" for i in range(7)}
    other = tmp_path / "other"
    other.mkdir()
    (other / "other.md").write_text("x\n", encoding="utf-8")
    vault_module.load(other)  # the parse cache holds notes: the scan reads the keys
    root = make_vault(texts)
    (root / "gone.md").symlink_to(root / "nowhere.md")
    os.mkfifo(root / "pipe.md")
    scan = vault_module.scan(root)
    assert scan.files == tuple(sorted(texts))
    assert scan.keys == tuple(note_key(path, texts[path].encode()) for path in sorted(texts))
    assert [(p.position.path, p.message) for p in scan.problems] == [
        ("gone.md", "dangling symlink; not read"),
        ("pipe.md", "a FIFO, not a regular file; not read"),
    ]
    assert scanned(root, reads) == ["gone.md", "pipe.md"]  # the notes were recorded; these two cannot be
