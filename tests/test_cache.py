"""The parse cache: same notes as a fresh parse, invalidated by any byte, never inside the vault."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import VAULT, tree_fingerprint
from vaulttool import load
from vaulttool.analyse import Analysis
from vaulttool.cache import Cache, note_key
from vaulttool.parse import parse_note


def test_cached_notes_equal_fresh_parses(tmp_path, monkeypatch):
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "c"))
    before = tree_fingerprint(VAULT)
    first = load(VAULT)
    rows = sqlite3.connect(tmp_path / "c" / "cache.sqlite3").execute("SELECT count(*) FROM notes").fetchone()[0]
    assert rows == len(first.notes)
    second = load(VAULT)
    assert second.notes == first.notes
    fresh = tuple(parse_note(n.path, (VAULT / n.path).read_text(encoding="utf-8")) for n in first.notes)
    assert second.notes == fresh
    assert tree_fingerprint(VAULT) == before


def test_a_changed_byte_is_parsed_again(make_vault, tmp_path, monkeypatch):
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "c"))
    root = make_vault({"n.md": "#wonder one\n"})
    assert [i.text for i in Analysis(load(root)).items] == ["one"]
    (root / "n.md").write_text("#wonder two\n", encoding="utf-8")
    assert [i.text for i in Analysis(load(root)).items] == ["two"]


def test_same_text_in_another_path_is_another_entry():
    assert note_key("a.md", b"x") != note_key("b.md", b"x")


def test_a_corrupt_cache_is_ignored(make_vault, tmp_path, monkeypatch):
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "cache.sqlite3").write_bytes(b"this is not a database")
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(folder))
    root = make_vault({"n.md": "#hypothesis: x\n"})
    assert len(Analysis(load(root)).items) == 1
    assert Cache(folder).get("notes", [b"k"]) == {}


def test_no_cache_setting_writes_nothing(make_vault, tmp_path, monkeypatch):
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("VAULTTOOL_NO_CACHE", "1")
    load(make_vault({"n.md": "text\n"}))
    assert not (tmp_path / "c").exists()


def test_parallel_parse_gives_the_same_notes(make_vault, monkeypatch):
    import vaulttool.vault as vault_module

    files = {f"d{i % 7}/n{i}.md": f"# N{i}\n\n- #hypothesis: {i} [[n{i + 1}]] #tag{i % 5}\n" for i in range(40)}
    root = make_vault(files)
    monkeypatch.setenv("VAULTTOOL_NO_CACHE", "1")
    serial = load(root).notes
    monkeypatch.setattr(vault_module, "PARALLEL_THRESHOLD", 2)
    assert load(root).notes == serial


def test_parse_workers_read_the_lifecycle_of_the_notes_they_parse(make_vault, tmp_path, monkeypatch):
    """Issue 15: the readings a parse worker makes are the ones `read_note` makes in this process,
    they are the ones the analysis uses, and they are kept for the next run."""
    import vaulttool.vault as vault_module
    from vaulttool.analyse.lifecycle import read_note
    from vaulttool.analyse.readings import derivation
    from vaulttool.analyse.vocabulary import Vocabulary

    files = {
        f"d{i % 3}/n{i}.md": f"# N{i}\n\n- #hypothesis: {i} is prime?\n  - #explanation: no, {i} is even\n"
        if i % 2 == 0
        else f"- #wonder {i}?\n\nNo answer yet [[n{i - 1}]].\n"
        for i in range(12)
    }
    root = make_vault(files)
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(vault_module, "PARALLEL_THRESHOLD", 2)
    scanned = vault_module.scan(root)
    vault = vault_module.parse(scanned, derive=derivation(scanned.settings))
    assert len(vault.derived) == len(files)  # every note was read by the worker that parsed it
    analysis = Analysis(vault)
    expected = [read_note(note, Vocabulary()) for note in vault.included]
    assert [item for reading in expected for item in reading.items] == list(analysis.lifecycle.items)
    assert sum(1 for item in analysis.lifecycle.items if item.is_open) == 6
    with sqlite3.connect(tmp_path / "c" / "cache.sqlite3") as db:
        assert db.execute("SELECT count(*) FROM readings").fetchone()[0] == len(files)  # kept for the next run


def test_the_parse_saves_what_its_workers_read_with_the_notes(make_vault, tmp_path, monkeypatch):
    """Issue 15: the lifecycle readings made in the parse workers are in the cache once the parse
    is done, before any analysis reads them, each row the reading `read_note` makes here."""
    import msgspec

    import vaulttool.vault as vault_module
    from vaulttool.analyse.lifecycle import read_note
    from vaulttool.analyse.reading_records import NoteReading
    from vaulttool.analyse.readings import derivation
    from vaulttool.analyse.vocabulary import Vocabulary
    from vaulttool.cache import row_key

    files = {f"n{i}.md": f"- #wonder does {i} divide 12?\n  - #explanation: {12 % (i + 1) == 0}\n" for i in range(9)}
    root = make_vault(files)
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(vault_module, "PARALLEL_THRESHOLD", 2)
    monkeypatch.setattr(vault_module, "_SAVE_EVERY", 4)  # saved in batches, the last with the rest
    scanned = vault_module.scan(root)
    derive = derivation(scanned.settings)
    vault = vault_module.parse(scanned, derive=derive)
    with sqlite3.connect(tmp_path / "c" / "cache.sqlite3") as db:
        rows = dict(db.execute("SELECT key, value FROM readings").fetchall())
    assert len(rows) == len(files)
    for note in vault.notes:
        row = rows[row_key(derive.salt, vault.content_keys[note.path])]
        assert msgspec.msgpack.decode(row, type=NoteReading) == read_note(note, Vocabulary())


class _RunsCode:
    """Unpickling this would create the marker file."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        from pathlib import Path

        return (Path.touch, (Path(self.marker),))


def _rows(folder) -> list[tuple[bytes, bytes]]:
    return sqlite3.connect(folder / "cache.sqlite3").execute("SELECT key, value FROM notes").fetchall()


def test_a_pickle_in_the_cache_is_never_run(make_vault, tmp_path, monkeypatch):
    """A cache file must never be a way to run code: a row holding a pickle whose loading would
    create a file is refused, and the note is parsed again."""
    import pickle

    folder = tmp_path / "c"
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(folder))
    root = make_vault({"n.md": "#wonder one\n"})
    fresh = load(root).notes
    ((key, _),) = _rows(folder)
    marker = tmp_path / "ran"
    with sqlite3.connect(folder / "cache.sqlite3") as db:
        db.execute("UPDATE notes SET value = ? WHERE key = ?", (pickle.dumps(_RunsCode(marker)), key))
    assert load(root).notes == fresh
    assert not marker.exists()
    record = _rows(folder)[0][1]
    assert record[:1] in (b"\0", b"\1") and 0x90 <= record[1] <= 0x9F  # a record again (the Note as an array)


def test_a_row_that_does_not_decode_is_parsed_again(make_vault, tmp_path, monkeypatch):
    folder = tmp_path / "c"
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(folder))
    root = make_vault({"n.md": "#wonder one [[x]]\n"})
    fresh = load(root).notes
    with sqlite3.connect(folder / "cache.sqlite3") as db:
        db.execute("UPDATE notes SET value = ?", (b"\x93garbage",))
    assert load(root).notes == fresh


def _tables(file) -> set[str]:
    return {row[0] for row in sqlite3.connect(file).execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


@pytest.mark.parametrize("content", ["not a database", "foreign", "older"])
def test_a_file_that_is_not_this_cache_is_rebuilt(content, make_vault, tmp_path, monkeypatch):
    """A corrupt file, another program's SQLite database or the older pickle format is replaced
    by a fresh cache, which then serves the next run."""
    import pickle

    folder = tmp_path / "c"
    folder.mkdir()
    file = folder / "cache.sqlite3"
    if content == "not a database":
        file.write_bytes(b"this is not a database" * 100)
    else:
        with sqlite3.connect(file) as db:
            if content == "foreign":
                db.execute("CREATE TABLE songs (title TEXT)")
            else:
                db.execute("CREATE TABLE notes (key BLOB PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL)")
                db.execute("INSERT INTO notes VALUES (?, ?, 0)", (b"k", pickle.dumps({"a": 1})))
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(folder))
    root = make_vault({"n.md": "#hypothesis: x\n", "m.md": "text\n"})
    first = load(root)
    assert _tables(file) == {
        "notes",
        "blame",
        "results",
        "readings",
        "claims",
        "resolutions",
        "checks",
        "weeks",
        "files",
    }
    assert len(_rows(folder)) == 2
    assert load(root).notes == first.notes


def test_a_cached_note_decodes_its_body_only_when_it_is_used(make_vault, tmp_path, monkeypatch):
    """A note from the cache keeps its body (links, units, …) encoded until an analysis reads it;
    it is then the same note as a fresh parse."""
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "c"))
    text = "---\naliases: [N]\n---\n# Head\n\nA line ^b1\n\n- #wonder why [[other#Head]]\n"
    root = make_vault({"n.md": text})
    load(root)
    (note,) = load(root).notes
    assert isinstance(note.body, bytes)
    assert (note.headings[0].text, note.blocks[0].id, note.aliases[0].name) == ("Head", "b1", "N")
    assert [link.target for link in note.links] == ["other"] and note.links[0].position.path == "n.md"
    assert note == parse_note("n.md", text)


def test_only_the_last_decoded_bodies_are_kept_decoded(make_vault, tmp_path, monkeypatch):
    """Issue 15 (memory): a pass over many cached notes holds a few decoded bodies at a time; a
    note whose decoded body was let go decodes it again, the same facts as a fresh parse."""
    from vaulttool import model

    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setattr(model, "DECODED_BODIES", 3)
    monkeypatch.setattr(model, "_decoded", {})
    files = {f"n{i}.md": f"# N{i}\n\n- #wonder {i}? [[n{(i + 1) % 8}#N{(i + 1) % 8}]]\n" for i in range(8)}
    root = make_vault(files)
    load(root)
    notes = load(root).notes
    for _ in range(2):  # the second pass decodes every body again
        for note in notes:
            assert isinstance(note.body, bytes)  # the record stays: the decoded body is a copy
            assert note.content == parse_note(note.path, files[note.path]).content
            assert [link.position.path for link in note.links] == [note.path]
            assert len(model._decoded) <= 3
    assert {kept.path for kept, _ in model._decoded.values()} == {"n5.md", "n6.md", "n7.md"}


def test_a_damaged_body_in_the_cache_is_one_line_naming_the_way_out(make_vault, tmp_path, monkeypatch):
    """A record whose head decodes but whose body does not (the file damaged between the two
    reads) stops the run with one line, exit 2; `--no-cache` parses afresh."""
    import msgspec
    from click.testing import CliRunner

    from vaulttool.cli import main
    from vaulttool.model import Note

    folder = tmp_path / "c"
    monkeypatch.setenv("VAULTTOOL_CACHE_DIR", str(folder))
    root = make_vault({"n.md": "- #wonder why [[missing]]\n"})
    load(root)
    ((key, record),) = _rows(folder)
    head = msgspec.msgpack.decode(record[1:], type=Note)  # as stored: its paths left out
    damaged = record[:1] + msgspec.msgpack.encode(msgspec.structs.replace(head, body=b"\xc1"))
    with sqlite3.connect(folder / "cache.sqlite3") as db:
        db.execute("UPDATE notes SET value = ? WHERE key = ?", (damaged, key))
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 2
    (line,) = result.stderr.splitlines()
    assert line.startswith("vaulttool: error: the cached parse of n.md is damaged") and "--no-cache" in line
    fresh = CliRunner().invoke(main, ["--no-cache", "check", str(root)])
    assert fresh.exit_code == 1 and "missing-note" in fresh.stdout


def test_rows_used_in_a_run_are_kept_and_rows_unused_for_60_days_are_dropped(tmp_path):
    import time

    from vaulttool.cache import KEEP_SECONDS

    now = int(time.time())
    keys = [i.to_bytes(20, "big") for i in range(1200)]  # more than one statement's worth
    with Cache(tmp_path) as cache:
        cache.put("readings", [(key, b"v") for key in keys])
    with sqlite3.connect(tmp_path / "cache.sqlite3") as db:
        db.execute("UPDATE readings SET used = ?", (now - KEEP_SECONDS - 10,))  # all about to expire
    with Cache(tmp_path) as cache:
        assert len(cache.get("readings", keys)) == 1200
        cache.put("readings", [], keys[:1000])  # these were used in this run
    with sqlite3.connect(tmp_path / "cache.sqlite3") as db:
        used = dict(db.execute("SELECT key, used FROM readings").fetchall())
    assert sorted(used) == sorted(keys[:1000]) and min(used.values()) >= now


def test_a_new_cache_has_large_pages_and_an_older_one_is_used_as_it_is(tmp_path):
    """A note's record (about 8 KB) fills 16 KB pages better than SQLite's default 4 KB ones; a
    cache made with other pages is read and written as it is."""
    from vaulttool.cache import PAGE_SIZE

    with Cache(tmp_path / "new") as cache:
        cache.put("notes", [(b"k" * 20, b"\0" + b"r" * 8000)])
    with sqlite3.connect(tmp_path / "new" / "cache.sqlite3") as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == PAGE_SIZE == 16384
    (tmp_path / "old").mkdir()
    with sqlite3.connect(tmp_path / "old" / "cache.sqlite3") as db:
        db.execute("PRAGMA page_size = 4096")
        db.execute("CREATE TABLE probe (x)")  # the file takes its page size
        db.execute("DROP TABLE probe")
    with Cache(tmp_path / "old") as cache:  # empty of tables: made here, with the pages it has
        cache.put("readings", [(b"k" * 20, b"v")])
        assert cache.get("readings", [b"k" * 20]) == {b"k" * 20: b"v"}
    with sqlite3.connect(tmp_path / "old" / "cache.sqlite3") as db:
        assert db.execute("PRAGMA page_size").fetchone()[0] == 4096


def test_a_template_edited_alone_makes_a_new_code_fingerprint(tmp_path, monkeypatch):
    """A kept report (HTML, Markdown) was filled from the templates: a vaulttool whose templates
    changed, and no module, derives and shows everything afresh."""
    import shutil

    from vaulttool import cache, packaged

    copy = tmp_path / "templates"
    shutil.copytree(packaged.templates_dir(), copy)
    try:
        monkeypatch.setattr(packaged, "templates_dir", lambda: copy)
        cache.code_fingerprint.cache_clear()
        before = cache.code_fingerprint()
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() == before  # the same files, the same fingerprint
        page = copy / "report.html.j2"
        page.write_text(page.read_text(encoding="utf-8") + "\n", encoding="utf-8")
        cache.code_fingerprint.cache_clear()
        assert cache.code_fingerprint() != before
    finally:
        monkeypatch.undo()
        cache.code_fingerprint.cache_clear()
