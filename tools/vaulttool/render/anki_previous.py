"""The cards of an `.apkg` that `review --format anki -o` is about to replace, so that edited
cards keep their ids (`analyse.review.keep_previous_ids`).

The file is not trusted: it is read as a zip holding `collection.anki2` (SQLite, opened read-only
from a bounded temporary copy), at most `MAX_NOTES` notes with bounded fields; a note whose fields
are not the ones this tool writes (Front, Back, Source with `<code>path:line</code>`) is skipped.
A file that is no such package is a one-line error: nothing is overwritten.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
import zipfile
from html import unescape
from pathlib import Path

from vaulttool.analyse.review import PreviousCard
from vaulttool.errors import VaulttoolError
from vaulttool.parse.markup import words

MAX_COLLECTION_BYTES = 256 << 20
MAX_NOTES = 100_000
MAX_FIELDS_CHARS = 200_000
_SOURCE = re.compile(r"<code>([^<>]{1,1000}):\d+</code>\s*\Z")
_GUID = re.compile(r"[\x21-\x7e]{1,64}")
_TAG = re.compile(r"<[^<>]*>")


class PreviousDeckError(VaulttoolError):
    """The existing output file is not an Anki package this tool can read."""


def previous_cards(path: Path) -> tuple[PreviousCard, ...]:
    """The cards of the package at `path`; () when there is no file. Raises `PreviousDeckError`."""
    if not path.is_file():
        return ()
    with tempfile.TemporaryDirectory(prefix="vaulttool-previous-") as folder:
        database = Path(folder) / "collection.anki2"
        _extract(path, database)
        try:
            connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True)
            try:
                rows = connection.execute(
                    "SELECT guid, substr(flds, 1, ?), mod FROM notes LIMIT ?",
                    (MAX_FIELDS_CHARS, MAX_NOTES + 1),
                ).fetchall()
            finally:
                connection.close()
        except sqlite3.Error as error:
            raise PreviousDeckError(f"cannot read the Anki package {path} to keep its card ids: {error}") from None
    if len(rows) > MAX_NOTES:
        raise PreviousDeckError(f"{path} holds more than {MAX_NOTES} notes: not read (choose another -o)")
    return tuple(card for guid, fields, mod in rows if (card := _card(guid, fields, mod)) is not None)


def _extract(path: Path, database: Path) -> None:
    problem = f"{path} exists and is not an Anki package written by vaulttool; remove it or choose another -o"
    try:
        with zipfile.ZipFile(path) as archive:
            info = archive.getinfo("collection.anki2")
            if info.file_size > MAX_COLLECTION_BYTES:
                raise PreviousDeckError(f"{problem} (its collection is over {MAX_COLLECTION_BYTES >> 20} MB)")
            with archive.open(info) as source, database.open("wb") as target:
                while chunk := source.read(1 << 20):
                    target.write(chunk)
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, RuntimeError, NotImplementedError) as error:
        raise PreviousDeckError(f"{problem} ({error})") from None


def _card(guid: object, fields: object, mod: object) -> PreviousCard | None:
    if not isinstance(guid, str) or not isinstance(fields, str) or not _GUID.fullmatch(guid):
        return None
    if not isinstance(mod, int) or not 0 <= mod < 1 << 40:
        mod = 0
    parts = fields.split("\x1f")
    if len(parts) != 3:
        return None
    source = _SOURCE.search(parts[2])
    if source is None:
        return None
    return PreviousCard(guid, unescape(source.group(1)), words(unescape(_TAG.sub("", parts[0]))), fields, mod)
