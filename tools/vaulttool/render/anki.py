"""`vaulttool review --format anki`: an `.apkg` made with genanki (the optional extra `anki`).

One Anki note per card. Its guid is the card's id (`analyse.review`: note file name and block id
or normalised text), so importing an updated vault updates the notes instead of duplicating them;
the note type's and the deck's ids are derived from their names. Each note's modification time is
its own vault note's, so Anki (which updates a note only when the incoming one is newer) leaves the
unchanged cards, and any edit made to them in Anki, alone. The same vault gives the same file.
"""

from __future__ import annotations

import hashlib
import itertools
import sqlite3
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from vaulttool.analyse.review import Card, ReviewSheet
from vaulttool.extras import require
from vaulttool.render import Context
from vaulttool.render.templating import html_environment

MODEL_NAME = "vaulttool review card"
FIELDS = ("Front", "Back", "Source")
CARD_CSS = """\
.card { font-family: system-ui, sans-serif; font-size: 18px; text-align: left; color: #1f2328; background: #fff; }
.nightMode.card, .night_mode .card { color: #e6edf3; background: #0d1117; }
del { color: #cf222e; } .nightMode del { color: #ff7b72; }
.guess { color: #9a6700; font-weight: 600; } .nightMode .guess { color: #d29922; }
.math { font-family: "Latin Modern Math", "STIX Two Math", "Cambria Math", serif; font-style: italic; }
.wikilink { border-bottom: 1px dotted currentColor; } .embed, .link { font-style: italic; opacity: 0.75; }
.label { font-size: 0.8em; text-transform: uppercase; opacity: 0.7; }
.source { margin-top: 1em; font-size: 0.8em; opacity: 0.8; }
"""


def stable_id(name: str) -> int:
    """An Anki id in genanki's recommended range [2**30, 2**31), derived from a name."""
    digest = int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)
    return (1 << 30) + digest % (1 << 30)


def anki_tags(card: Card) -> list[str]:
    """The note's tags (nested `a/b` as Anki's `a::b`, no spaces) and the card's category."""
    tags = [tag.replace("/", "::").replace(" ", "_") for tag in card.tags]
    return sorted(dict.fromkeys([*tags, card.category]), key=str.casefold)


def build_package(sheet: ReviewSheet) -> Any:
    """The genanki `Package` of the sheet: one deck, one note type, one note per card."""
    genanki: Any = require("anki", "the anki format")
    model = genanki.Model(
        stable_id(MODEL_NAME),
        MODEL_NAME,
        fields=[{"name": name} for name in FIELDS],
        templates=[
            {
                "name": "Review",
                "qfmt": "{{Front}}",
                "afmt": '{{FrontSide}}<hr id="answer">{{Back}}<div class="source">{{Source}}</div>',
            }
        ],
        css=CARD_CSS,
    )
    deck = genanki.Deck(stable_id(f"deck:{sheet.deck}"), sheet.deck)
    macros: Any = html_environment().get_template("anki_fields.html.j2").module  # the template's macros
    for card in sheet.cards:
        fields = [str(macros.front(card)).strip(), str(macros.back(card)).strip(), str(macros.source(card)).strip()]
        deck.add_note(genanki.Note(model=model, fields=fields, guid=card.id, tags=anki_tags(card)))
    return genanki.Package(deck)


def note_times(sheet: ReviewSheet, package: Any) -> list[tuple[int, str]]:
    """(modification time, guid) of each note. Anki updates a note only when the incoming one is
    newer: a note the previous deck holds with the same fields keeps its time there (unchanged, so
    an edit made in Anki stays); one whose fields changed is its vault note's time, or one second
    after the previous deck's when the file's time is not newer (a note moved to another folder
    changes the Source field, not the file's time); a new one is its vault note's time."""
    before = {card.id: card for card in sheet.previous}
    times = []
    for card, note in zip(sheet.cards, package.decks[0].notes):
        old = before.get(card.id)
        if old is None:
            times.append((card.updated, card.id))
        elif old.fields == "\x1f".join(note.fields):
            times.append((old.updated, card.id))
        else:
            times.append((max(card.updated, old.updated + 1), card.id))
    return times


def write_apkg(package: Any, sheet: ReviewSheet, target: Path) -> None:
    """Write a genanki `Package` to `target` (a temp path the caller renames into place).

    Like genanki's `Package.write_to_file`, with the collection's timestamp `sheet.updated`, each
    note's and card's modification time its card's `updated`, and fixed zip entry dates."""
    timestamp = float(sheet.updated)
    with tempfile.TemporaryDirectory(prefix="vaulttool-anki-") as folder:
        database = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(database)
        try:
            package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            times = note_times(sheet, package)
            connection.executemany("UPDATE notes SET mod = ? WHERE guid = ?", times)
            connection.executemany("UPDATE cards SET mod = ? WHERE nid IN (SELECT id FROM notes WHERE guid = ?)", times)
            connection.commit()
        finally:
            connection.close()
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(_entry("collection.anki2"), database.read_bytes())
            archive.writestr(_entry("media"), "{}")


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def review(sheet: ReviewSheet, context: Context) -> Callable[[Path], None]:
    """A function that writes the sheet's `.apkg` at the path it is given. Raises `ExtraMissing` without genanki."""
    package = build_package(sheet)
    return lambda target: write_apkg(package, sheet, target)
