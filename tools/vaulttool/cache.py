"""The parse cache: parsed notes kept in SQLite in the user's cache folder, never in the vault.

Parsing is a pure function of (path, text), so a note's parse is keyed by its path and the hash
of its bytes, salted with the hash of the parser's own source: editing the parser (or upgrading
vaulttool) invalidates the cache by itself. The cache is best-effort: any SQLite problem turns
it off for the run, and the notes are parsed as if it were empty.

`VAULTTOOL_CACHE_DIR` names another folder; `VAULTTOOL_NO_CACHE=1` (or `--no-cache`) turns it off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from vaulttool.model import Note

KEEP_SECONDS = 60 * 24 * 3600  # entries unused for 60 days are dropped
_SCHEMA = """
CREATE TABLE IF NOT EXISTS notes (key BLOB PRIMARY KEY, note BLOB NOT NULL, used INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS notes_used ON notes (used);
"""


@lru_cache(maxsize=1)
def parser_fingerprint() -> bytes:
    """A hash of the modules whose code decides what a parsed `Note` holds."""
    package = Path(__file__).parent
    digest = hashlib.blake2b(digest_size=16)
    for source in sorted([package / "model.py", *(package / "parse").glob("*.py")]):
        digest.update(source.name.encode())
        digest.update(source.read_bytes())
    return digest.digest()


def note_key(path: str, data: bytes) -> bytes:
    digest = hashlib.blake2b(parser_fingerprint(), digest_size=20)
    digest.update(path.encode("utf-8"))
    digest.update(b"\0")
    digest.update(data)
    return digest.digest()


def cache_folder() -> Path | None:
    if os.environ.get("VAULTTOOL_NO_CACHE"):
        return None
    configured = os.environ.get("VAULTTOOL_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("vaulttool", appauthor=False))


class ParseCache:
    """Parsed notes by key; `get` and `put` never raise."""

    def __init__(self, folder: Path | None) -> None:
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / "parse-cache.sqlite3", timeout=2)
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error):
            self._db = None

    def get(self, keys: list[bytes]) -> dict[bytes, Note]:
        if self._db is None or not keys:
            return {}
        found: dict[bytes, Note] = {}
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for key, blob in self._db.execute(f"SELECT key, note FROM notes WHERE key IN ({marks})", chunk):
                    found[key] = pickle.loads(blob)
        except (sqlite3.Error, pickle.UnpicklingError, AttributeError, EOFError, TypeError):
            return {}
        return found

    def put(self, entries: Iterable[tuple[bytes, Note]], touched: list[bytes]) -> None:
        """Store new parses, mark the entries used in this run, and drop long-unused ones."""
        if self._db is None:
            return
        now = int(time.time())
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO notes (key, note, used) VALUES (?, ?, ?)",
                    ((key, pickle.dumps(note, protocol=pickle.HIGHEST_PROTOCOL), now) for key, note in entries),
                )
                if touched:
                    self._db.executemany("UPDATE notes SET used = ? WHERE key = ? AND used < ?",
                                         ((now, key, now - 24 * 3600) for key in touched))
                self._db.execute("DELETE FROM notes WHERE used < ?", (now - KEEP_SECONDS,))
        except sqlite3.Error:
            pass

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
