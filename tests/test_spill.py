"""Body records kept out of memory on a large vault (issue 15: 50,000 notes' records are 375 MB
of a 1 GB budget): every analysis gives what it gives with the records in memory, the records
go to an unnamed temporary file (never into the vault), and a note keeps its body wherever it
is sent."""

from __future__ import annotations

import os
import pickle
import tempfile

import pytest

from vaulttool import load, spill
from vaulttool.analyse import Analysis
from vaulttool.model import NoteBody

NOTES = {
    f"d{i % 3}/n{i}.md": (
        f"---\ntags: [t{i}]\n---\n# N{i}\n\n## Part\n\nA claim ^b{i}\n\n"
        f"- #hypothesis: {i} is prime?\n  - #explanation: no, it is even [[n{(i + 1) % 9}#Part]]\n"
        f"- [[n{(i + 2) % 9}#^b{(i + 2) % 9}]] [[gone {i}]] ![[img.png]]\n"
    )
    for i in range(9)
}


def _answers(root) -> tuple[object, ...]:
    analysis = Analysis(load(root))
    check = analysis.check()
    return (
        [(d.position, d.code, d.hint) for d in check.diagnostics],
        check.links,
        [(item.text, item.status) for item in analysis.items],
        [note.content for note in analysis.vault.notes],
    )


def test_spilled_records_give_the_same_analyses(make_vault, tmp_path, monkeypatch):
    root = make_vault(NOTES)
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    _answers(root)  # the cache filled: the next loads take every record from it
    in_memory = _answers(root)
    monkeypatch.setattr(spill, "SPILL_NOTES", 1)
    spilled = load(root)
    assert all(isinstance(note.body, spill.Spilled) for note in spilled.notes)
    assert _answers(root) == in_memory
    assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == sorted(
        [*NOTES, "d0", "d1", "d2"]
    )  # nothing written into the vault


def test_the_file_has_no_name_and_a_pickled_note_carries_its_body(make_vault, tmp_path, monkeypatch):
    root = make_vault(NOTES)
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    load(root)
    monkeypatch.setattr(spill, "SPILL_NOTES", 1)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    note = load(root).notes[0]
    assert isinstance(note.body, spill.Spilled)
    assert os.listdir(tmp_path / "tmp") == []  # unlinked at once: gone with the process
    copy = pickle.loads(pickle.dumps(note))
    assert isinstance(copy.body, bytes)
    assert copy == note and copy.links == note.links and copy.units == note.units


def test_a_note_parsed_here_keeps_its_body_and_no_file_keeps_them_all(make_vault, tmp_path, monkeypatch):
    root = make_vault(NOTES)
    monkeypatch.setenv("VAULTTOOL_NO_CACHE", "1")
    monkeypatch.setattr(spill, "SPILL_NOTES", 1)
    assert all(isinstance(note.body, NoteBody) for note in load(root).notes)  # parsed here, not recorded

    monkeypatch.delenv("VAULTTOOL_NO_CACHE")
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    load(root)

    def no_file(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryFile", no_file)
    vault = load(root)
    assert all(isinstance(note.body, bytes) for note in vault.notes)  # kept in memory
    assert [note.content for note in vault.notes] == _answers(root)[3]


def test_a_spilled_record_that_cannot_be_read_back_is_a_clear_error(make_vault, tmp_path, monkeypatch):
    from vaulttool.errors import VaulttoolError

    root = make_vault(NOTES)
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "cache"))
    load(root)
    monkeypatch.setattr(spill, "SPILL_NOTES", 1)
    note = load(root).notes[0]
    note.body.file.close()
    with pytest.raises(VaulttoolError, match="could not be read back"):
        _ = note.content
