"""`vaulttool review --format anki`: the `.apkg` opened as what it is, a zip holding an SQLite
collection (`collection.anki2`): its notes, their fields, their stable ids, the deck's name.

Anki's collection schema (as genanki writes it): `notes(id, guid, mid, mod, usn, tags, flds, …)` with
fields joined by U+001F; `col.models` and `col.decks` are JSON objects keyed by id. Anki matches a
re-imported note to an existing one by `guid`: the same guid updates, a new guid duplicates.
"""

from __future__ import annotations

import json
import sqlite3
import sys
import zipfile

import pytest
from click.testing import CliRunner
from report_support import hostile_vault  # noqa: F401 - a fixture

from conftest import VAULT
from vaulttool.cli import main

genanki = pytest.importorskip("genanki")

PUMP = "- #hypothesis : the pump is electrogenic #explanation : no, mostly indirect #neuro/membrane\n"
OPEN = "- I #wonder why the inside is negative\n"


def export(vault, target, *options: str) -> None:
    result = CliRunner().invoke(main, ["review", str(vault), "--format", "anki", "-o", str(target), *options])
    assert result.exit_code == 0, result.output
    assert result.output == ""


def collection(apkg, tmp_path) -> sqlite3.Connection:
    with zipfile.ZipFile(apkg) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        assert json.loads(archive.read("media")) == {}
        database = tmp_path / f"{apkg.stem}.anki2"
        database.write_bytes(archive.read("collection.anki2"))
    return sqlite3.connect(database)


def notes(connection) -> list[tuple[str, list[str], list[str]]]:
    rows = connection.execute("SELECT guid, flds, tags FROM notes ORDER BY guid").fetchall()
    return [(guid, fields.split("\x1f"), tags.split()) for guid, fields, tags in rows]


def deck_names(connection) -> set[str]:
    (decks,) = connection.execute("SELECT decks FROM col").fetchone()
    return {deck["name"] for deck in json.loads(decks).values()}


def test_sample_vault_package(tmp_path, untouched_vault):
    export(untouched_vault, tmp_path / "r.apkg")
    db = collection(tmp_path / "r.apkg", tmp_path)
    markdown = CliRunner().invoke(main, ["review", str(untouched_vault)]).output
    assert len(notes(db)) == markdown.count("> [!")  # one note per card
    assert deck_names(db) == {"Default", "Obsidian Vault"}  # genanki keeps Anki's Default deck
    (models,) = db.execute("SELECT models FROM col").fetchone()
    (model,) = json.loads(models).values()
    assert [field["name"] for field in model["flds"]] == ["Front", "Back", "Source"]
    fronts = {fields[0] for _, fields, _ in notes(db)}
    assert '<div class="front">A membrane potential is measured as follows : <del>V_out - V_in</del></div>' in fronts


def test_fields_tags_and_deck(make_vault, tmp_path):
    root = make_vault({"Pumps.md": "---\ntags: [neuro]\n---\n" + PUMP + OPEN})
    export(root, tmp_path / "a.apkg", "--deck", "Neuro::Membrane", "--include", "corrected,open")
    db = collection(tmp_path / "a.apkg", tmp_path)
    rows = {fields[0]: (fields, tags) for _, fields, tags in notes(db)}
    assert deck_names(db) == {"Default", "Neuro::Membrane"}
    fields, tags = rows['<div class="front">the pump is electrogenic</div>']
    assert "Correction:</span> no, mostly indirect" in fields[1]
    assert fields[2] == ('<a href="obsidian://open?vault=vault&amp;file=Pumps">Pumps</a> <code>Pumps.md:4</code>')
    assert tags == ["corrected", "neuro", "neuro::membrane"]  # nested tags as Anki's `::`
    fields, tags = rows['<div class="front">I wonder why the inside is negative</div>']
    assert "Still open" in fields[1] and "open" in tags


def test_ids_are_stable_across_runs_and_moves(make_vault, tmp_path):
    root = make_vault({"Pumps.md": PUMP})
    export(root, tmp_path / "one.apkg")
    export(root, tmp_path / "two.apkg")
    assert (tmp_path / "one.apkg").read_bytes() == (tmp_path / "two.apkg").read_bytes()
    (first,) = notes(collection(tmp_path / "one.apkg", tmp_path))
    (root / "Pumps.md").write_text("# Pumps\n\nintro\n\n" + PUMP, encoding="utf-8")  # same item, line 5
    export(root, tmp_path / "moved.apkg")
    (moved,) = notes(collection(tmp_path / "moved.apkg", tmp_path))
    assert moved[0] == first[0]
    (root / "Pumps.md").write_text(PUMP.replace("electrogenic", "electroneutral"), encoding="utf-8")
    export(root, tmp_path / "edited.apkg")
    (edited,) = notes(collection(tmp_path / "edited.apkg", tmp_path))
    assert edited[0] != first[0]


def test_note_type_and_deck_ids_are_stable(make_vault, tmp_path):
    root = make_vault({"Pumps.md": PUMP})
    export(root, tmp_path / "a.apkg")
    (root / "Other.md").write_text(PUMP.replace("pump", "channel"), encoding="utf-8")
    export(root, tmp_path / "b.apkg")
    a, b = collection(tmp_path / "a.apkg", tmp_path), collection(tmp_path / "b.apkg", tmp_path)
    assert (
        a.execute("SELECT DISTINCT mid FROM notes").fetchall() == b.execute("SELECT DISTINCT mid FROM notes").fetchall()
    )
    assert (
        a.execute("SELECT DISTINCT did FROM cards").fetchall() == b.execute("SELECT DISTINCT did FROM cards").fetchall()
    )


def test_hostile_note_is_escaped_in_the_fields(hostile_vault, tmp_path):  # noqa: F811
    export(hostile_vault, tmp_path / "h.apkg", "--include", "corrected,partial,verified,open")
    text = "\n".join("\x1f".join(fields) for _, fields, _ in notes(collection(tmp_path / "h.apkg", tmp_path)))
    for raw in ("<script", "<img", "<iframe", "<b ", "<svg", 'href="javascript'):
        assert raw not in text
    assert '&lt;script&gt;document.title = "pwned"&lt;/script&gt;' in text  # shown as text
    assert "&lt;img src=x onerror=" in text


def test_missing_genanki_names_the_extra(monkeypatch, tmp_path):
    """The hint names our distribution (`vaulttool` on PyPI is another project) and installs genanki
    with the interpreter that runs vaulttool, which works for a clone, a git URL or pipx alike."""
    monkeypatch.setitem(sys.modules, "genanki", None)  # `import genanki` now raises ImportError
    result = CliRunner().invoke(main, ["review", str(VAULT), "--format", "anki", "-o", str(tmp_path / "x.apkg")])
    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and result.output.startswith("vaulttool: error: ")
    assert "obsidian-vaulttool's 'anki' extra" in result.output
    assert f"{sys.executable} -m pip install 'genanki>=0.13'" in result.output
    assert "vaulttool[anki]" not in result.output
    assert not (tmp_path / "x.apkg").exists()


def test_a_typo_fix_keeps_the_card_when_o_names_the_earlier_deck(make_vault, tmp_path):
    """The earlier `.apkg` at `-o` is read back: an edited card keeps its guid (Anki then updates it)."""
    root = make_vault({"Pumps.md": PUMP.replace("electrogenic", "electrogenik")})
    deck = tmp_path / "neuro.apkg"
    export(root, deck)
    ((old_guid, _, _),) = notes(collection(deck, tmp_path))
    (root / "Pumps.md").write_text(PUMP, encoding="utf-8")
    export(root, tmp_path / "elsewhere.apkg")  # no earlier deck there: a new guid
    ((fresh_guid, _, _),) = notes(collection(tmp_path / "elsewhere.apkg", tmp_path))
    export(root, deck)
    ((guid, fields, _),) = notes(collection(deck, tmp_path))
    assert fresh_guid != old_guid
    assert guid == old_guid and "electrogenic" in fields[0]


def test_each_note_carries_its_own_notes_modification_time(make_vault, tmp_path):
    """Anki updates a note only when the incoming one is newer: one package-wide time made every
    unchanged card look updated. A note's `mod` is its vault note's time."""
    import os

    root = make_vault({"a.md": PUMP, "b.md": PUMP.replace("pump", "channel")})
    os.utime(root / "a.md", (1_700_000_000, 1_700_000_000))
    os.utime(root / "b.md", (1_750_000_000, 1_750_000_000))
    export(root, tmp_path / "t.apkg")
    rows = collection(tmp_path / "t.apkg", tmp_path).execute("SELECT flds, mod FROM notes").fetchall()
    assert sorted(mod for _, mod in rows) == [1_700_000_000, 1_750_000_000]
    assert {fields.split("\x1f")[2].split("<code>")[1][:4]: mod for fields, mod in rows} == {
        "a.md": 1_700_000_000,
        "b.md": 1_750_000_000,
    }


@pytest.mark.parametrize(
    "content",
    [b"not a zip", b"PK\x05\x06" + b"\0" * 18, "zip without collection", "zip with a collection that is not SQLite"],
)
def test_an_existing_output_that_is_no_deck_is_a_one_line_error(make_vault, tmp_path, content):
    target = tmp_path / "x.apkg"
    if content == "zip without collection":
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("notes.txt", "hello")
    elif content == "zip with a collection that is not SQLite":
        with zipfile.ZipFile(target, "w") as archive:
            archive.writestr("collection.anki2", "SQLite format 2? no")
    else:
        target.write_bytes(content)
    before = target.read_bytes()
    result = CliRunner().invoke(
        main, ["review", str(make_vault({"n.md": PUMP})), "--format", "anki", "-o", str(target)]
    )
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert line.startswith("vaulttool: error: ") and "x.apkg" in line
    assert target.read_bytes() == before  # nothing overwritten


def test_notes_of_another_shape_in_the_earlier_deck_are_ignored(make_vault, tmp_path):
    """A package whose notes are not vaulttool's (other fields, odd guids, huge or binary fields)
    gives no id away and is replaced."""
    target = tmp_path / "x.apkg"
    database = tmp_path / "foreign.anki2"
    connection = sqlite3.connect(database)
    connection.execute("CREATE TABLE notes (id INTEGER, guid, mod, flds)")
    connection.executemany(
        "INSERT INTO notes VALUES (?, ?, ?, ?)",
        [
            (1, "abc", 5, "front only"),
            (2, "bad guid with spaces", 5, "a\x1fb\x1f<code>Pumps.md:1</code>"),
            (3, b"\x00binary", "x", b"\x00\x01"),
            (4, "big", 5, "the pump is electrogenic\x1f" + "x" * 300_000 + "\x1f<code>Pumps.md:1</code>"),
        ],
    )
    connection.commit()
    connection.close()
    with zipfile.ZipFile(target, "w") as archive:
        archive.write(database, "collection.anki2")
    export(make_vault({"Pumps.md": PUMP}), target)
    ((guid, _, _),) = notes(collection(target, tmp_path))
    assert guid not in {"abc", "big"} and len(guid) == 20
