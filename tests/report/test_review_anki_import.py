"""The Anki deck in real Anki: the `anki` package from PyPI (Anki's own Rust backend) imports the
`.apkg` into a fresh collection, then a deck built after a term's tidy-ups: a note moved to another
folder, the vault's folder renamed, a typo fixed in a question and an answer reworded.

Anki's rules (its manual, "Importing › Updating": a note whose GUID is already in the collection is
updated, when the incoming note is newer, instead of added; cards keep their scheduling): so the
card count stays, the edits arrive, the review history set through the collection API survives,
and the unchanged notes, and a note the student edited in Anki, are not touched. Skipped, with the reason, when `anki` is not installed
(`pip install anki`, part of the `test` extra).
"""

from __future__ import annotations

import os
import shutil

import pytest
from click.testing import CliRunner

from conftest import VAULT
from vaulttool.cli import main

pytest.importorskip("genanki")
collection_module = pytest.importorskip(
    "anki.collection", reason="the anki package (pip install anki) is not installed"
)
Collection = collection_module.Collection

ALL = "corrected,partial,verified,open"
MOVED = "Medical Neuroscience/Glia.md"
TYPO = "Medical Neuroscience/Core Concepts in neuroscience.md"
REWORDED = "Medical Neuroscience/Passive Membrane Properties.md"
ANSWER = "yes, exactly. With $R_m$"
NEW_ANSWER = "yes: the area cancels. With $R_m$"


def export(root, target) -> None:
    result = CliRunner().invoke(main, ["review", str(root), "--format", "anki", "--include", ALL, "-o", str(target)])
    assert result.exit_code == 0, result.output


def import_deck(col, apkg):
    from anki.collection import ImportAnkiPackageOptions, ImportAnkiPackageRequest
    from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition as Condition

    options = ImportAnkiPackageOptions(  # Anki's own defaults in its import dialog
        merge_notetypes=False,
        with_scheduling=False,
        with_deck_configs=False,
        update_notes=Condition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
        update_notetypes=Condition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER,
    )
    return col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options)).log


def fields_of(col, guid: str) -> list[str]:
    (fields,) = col.db.list("SELECT flds FROM notes WHERE guid = ?", guid)
    return fields.split("\x1f")


def guid_with(col, text: str) -> str:
    (guid,) = [guid for guid, fields in col.db.all("SELECT guid, flds FROM notes") if text in fields]
    return guid


def touch_later(path) -> None:
    later = os.stat(path).st_mtime + 3600
    os.utime(path, (later, later))


@pytest.fixture
def col(tmp_path):
    (tmp_path / "anki").mkdir()
    collection = Collection(str(tmp_path / "anki" / "collection.anki2"))  # a fresh, empty collection
    yield collection
    collection.close()


def test_a_terms_tidy_ups_update_the_cards_and_keep_their_history(tmp_path, col, capsys):
    root = tmp_path / "Neuro vault"
    shutil.copytree(VAULT, root)
    (root / ".vaulttool.toml").unlink()  # the vault is named after its folder: renaming it renames the vault
    deck = tmp_path / "neuro.apkg"
    export(root, deck)
    first = import_deck(col, deck)
    cards_before = col.card_count()
    assert cards_before == len(first.new) > 20 and not first.updated

    # review history through the collection API: due in 9 days, then read back
    reviewed = [
        guid_with(col, "two diffrent things"),
        guid_with(col, "yes, exactly. With"),
        guid_with(col, "does exist, just in glia"),
    ]
    card_ids = [
        col.db.scalar("SELECT c.id FROM cards c JOIN notes n ON c.nid = n.id WHERE n.guid = ?", g) for g in reviewed
    ]
    col.sched.set_due_date(card_ids, "9!")
    history = {cid: (col.get_card(cid).due, col.get_card(cid).ivl, col.get_card(cid).type) for cid in card_ids}
    revlog = col.db.scalar("SELECT count() FROM revlog")
    assert all(card_type == 2 for _, _, card_type in history.values())  # review cards now

    # the student edits a card in Anki: later imports leave that edit alone (the note in Anki is newer)
    edited = col.get_note(col.db.scalar("SELECT id FROM notes WHERE guid = ?", guid_with(col, "the delay is so short")))
    edited["Back"] = "my own words"
    col.update_note(edited)

    steps = {"the same deck again": lambda: None}

    def move() -> None:
        (root / "Glia notes").mkdir()
        (root / MOVED).rename(root / "Glia notes" / "Glia.md")

    def fix_typo() -> None:
        text = (root / TYPO).read_text(encoding="utf-8")
        (root / TYPO).write_text(text.replace("two diffrent things", "two different things"), encoding="utf-8")
        touch_later(root / TYPO)

    def reword() -> None:
        text = (root / REWORDED).read_text(encoding="utf-8")
        (root / REWORDED).write_text(text.replace(ANSWER, NEW_ANSWER), encoding="utf-8")
        touch_later(root / REWORDED)

    steps.update(
        {
            "a note moved to another folder": move,
            "a typo fixed in a question": fix_typo,
            "an answer reworded": reword,
            "the vault's folder renamed": lambda: None,
        }
    )
    figures = {}
    for name, edit in steps.items():
        edit()
        if name == "the vault's folder renamed":
            root = root.rename(tmp_path / "Neuroscience 2025")
        export(root, deck)  # -o names the earlier deck: its ids are read back and kept
        log = import_deck(col, deck)
        figures[name] = (len(log.new), len(log.updated), col.card_count())
    with capsys.disabled():
        print(f"\nanki: {cards_before} cards imported; then (new, updated, cards in the collection):")
        for name, counts in figures.items():
            print(f"  {name}: {counts}")
    assert figures == {
        "the same deck again": (0, 0, cards_before),
        "a note moved to another folder": (0, 1, cards_before),  # its Source: the new path and URI
        "a typo fixed in a question": (0, 1, cards_before),
        "an answer reworded": (0, 1, cards_before),
        "the vault's folder renamed": (0, cards_before - 1, cards_before),  # every URI but the one edited in Anki
    }
    assert col.get_note(edited.id)["Back"] == "my own words"
    assert "two different things" in fields_of(col, reviewed[0])[0]  # the typo fix, same card
    assert "the area cancels" in fields_of(col, reviewed[1])[1]  # the reworded answer
    assert "<code>Glia notes/Glia.md:" in fields_of(col, reviewed[2])[2]  # the moved note's source
    assert "vault=Neuroscience%202025" in fields_of(col, reviewed[2])[2]
    assert {cid: (col.get_card(cid).due, col.get_card(cid).ivl, col.get_card(cid).type) for cid in card_ids} == history
    assert col.db.scalar("SELECT count() FROM revlog") == revlog
