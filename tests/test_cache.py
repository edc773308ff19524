"""The parse cache: same notes as a fresh parse, invalidated by any byte, never inside the vault."""

from __future__ import annotations

import sqlite3

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
